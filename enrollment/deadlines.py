"""When a month is due, and whether a province's submission came in time: the one home of both rules.

The due date of (year, month) is HQ's override for that month if there is one, otherwise day N of the next month
(`DeadlineRule`, 5 by default). Timeliness compares the day of submission (in Vietnam time) with the due date; a month
not submitted and past due is late by the days so far (or until HQ closed it without a submission).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import DateField, F, IntegerField, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.models import DeadlineOverride, DeadlineRule, MonthStatus
from enrollment.models.cycle import DEADLINE_DAY_DEFAULT

ON_TIME, LATE, NOT_DUE = "on_time", "late", "not_due"


def deadline_day() -> int:
    """HQ's rule: the day of the next month a month is due."""
    rule = DeadlineRule.objects.order_by("pk").first()
    return rule.day_of_next_month if rule else DEADLINE_DAY_DEFAULT


def rule_due_date(year: int, month: int, day: int) -> datetime.date:
    """Day `day` of the month after (year, month)."""
    return datetime.date(year + month // 12, month % 12 + 1, day)


def due_dates(months: Iterable[tuple[int, int]]) -> dict[tuple[int, int], datetime.date]:
    """The due date of each (year, month), in one query whatever their number: the months' overrides and HQ's rule
    read together (a UNION), since every page that shows a due date also counts against a query budget."""
    months = sorted(set(months))
    if not months:
        return {}
    overrides = (
        DeadlineOverride.objects.filter(year__in={year for year, _month in months})
        .annotate(_year=F("year"), _month=F("month"), _due=F("due_date"), _day=Value(0, output_field=IntegerField()))
        .order_by()
        .values_list("_year", "_month", "_due", "_day")
    )
    rule = (
        DeadlineRule.objects.annotate(
            _year=Value(0, output_field=IntegerField()),
            _month=Value(0, output_field=IntegerField()),
            _due=Value(None, output_field=DateField()),
            _day=F("day_of_next_month"),
        )
        .order_by()
        .values_list("_year", "_month", "_due", "_day")
    )
    day, found = DEADLINE_DAY_DEFAULT, {}
    for year, month, due, rule_day in overrides.union(rule, all=True):
        if due is None:
            day = rule_day
        else:
            found[(year, month)] = due
    return {(y, m): found.get((y, m)) or rule_due_date(y, m, day) for y, m in months}


def due_date(year: int, month: int) -> datetime.date:
    """The due date of (year, month)."""
    return due_dates([(year, month)])[(year, month)]


@dataclass(frozen=True)
class Timeliness:
    """On time / late (by `days_late`) / not due yet, for one province-month."""

    state: str
    days_late: int
    submitted: bool

    @property
    def label(self) -> str:
        if self.state == ON_TIME:
            return _("Đúng hạn")
        if self.state == NOT_DUE:
            return _("Chưa đến hạn")
        text = _("Trễ %(days)s ngày") % {"days": self.days_late}
        return text if self.submitted else _("Chưa nộp, %(late)s") % {"late": text.lower()}


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def timeliness(status: MonthStatus | None, due: datetime.date, today: datetime.date | None = None) -> Timeliness:
    """On time when submitted on or before the due date; late by the days after it (so far, if not submitted)."""
    today = today or timezone.localdate()
    if status is not None and status.is_submitted:
        days = (_local_day(status.submitted_at) - due).days
        return Timeliness(ON_TIME if days <= 0 else LATE, max(days, 0), True)
    end = _local_day(status.closed_at) if status is not None and status.is_closed and status.closed_at else today
    if end <= due:
        return Timeliness(NOT_DUE, 0, False)
    return Timeliness(LATE, (end - due).days, False)
