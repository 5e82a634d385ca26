"""Plausible figures, a soft check on every write path: the one home of the outlier rule.

A figure is an outlier when it is above BOTH `OUTLIER_HISTORY_FACTOR` × the person's highest figure of the
`OUTLIER_HISTORY_MONTHS` months before and `OUTLIER_QUOTA_FACTOR` × the quota in force that month (settings).
figures_record refuses an unconfirmed outlier with OutlierFiguresError (nothing of the batch is saved); the writer
shows it and re-sends with the person in `confirmed`; the confirmed ones are recorded as ConfirmedOutlier.
A value already stored is never asked about again.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from core.period import month_bounds
from enrollment.models import QUOTA_MIN, ConfirmedOutlier, Staff
from enrollment.models.placements import month_quota


@dataclass(frozen=True)
class Outlier:
    """A value the check flagged, and what it was compared with."""

    staff_id: int
    value: int
    history_max: int | None
    quota: int

    def message(self) -> str:
        history = "—" if self.history_max is None else self.history_max
        return _(
            "Số %(value)s cao bất thường: hơn %(history_factor)s lần mức cao nhất %(months)s tháng trước (%(history)s) "
            "và hơn %(quota_factor)s lần chỉ tiêu (%(quota)s). Nếu đúng, đánh dấu “Xác nhận” rồi lưu lại."
        ) % {
            "value": self.value,
            "history_factor": settings.OUTLIER_HISTORY_FACTOR,
            "months": settings.OUTLIER_HISTORY_MONTHS,
            "history": history,
            "quota_factor": settings.OUTLIER_QUOTA_FACTOR,
            "quota": self.quota,
        }


class OutlierFiguresError(ValidationError):
    """Values far above the people's history and quota, not confirmed: {staff id: Outlier}. Nothing was saved."""

    def __init__(self, outliers: dict[int, Outlier]):
        self.outliers = outliers
        super().__init__({staff_id: [outlier.message()] for staff_id, outlier in outliers.items()})


def _history_months(year: int, month: int) -> Q:
    """On MonthlyFigure via `figures__`: the OUTLIER_HISTORY_MONTHS months before (year, month)."""
    condition = Q(pk__in=[])
    index = year * 12 + month - 1
    for back in range(1, settings.OUTLIER_HISTORY_MONTHS + 1):
        earlier_year, earlier_month = divmod(index - back, 12)
        condition |= Q(figures__year=earlier_year, figures__month=earlier_month + 1)
    return condition


def outliers_find(*, year: int, month: int, values: Mapping[int, int]) -> dict[int, Outlier]:
    """The values of `values` ({staff id: count}) that the rule flags; one query, none when no value could be one."""
    floor = settings.OUTLIER_QUOTA_FACTOR * QUOTA_MIN  # no quota is below QUOTA_MIN: nothing at or under this flags
    candidates = {pk: value for pk, value in values.items() if value > floor}
    if not candidates:
        return {}
    _first, last = month_bounds(year, month)
    rows = (
        Staff.objects.filter(pk__in=candidates)
        .annotate(
            history_max=Max("figures__new_participants", filter=_history_months(year, month)),
            quota=month_quota(last),
        )
        .values_list("pk", "history_max", "quota")
        .order_by()
    )
    found = {}
    for pk, history_max, quota in rows:
        value = candidates[pk]
        above_history = value > settings.OUTLIER_HISTORY_FACTOR * (history_max or 0)
        if above_history and value > settings.OUTLIER_QUOTA_FACTOR * quota:
            found[pk] = Outlier(staff_id=pk, value=value, history_max=history_max, quota=quota)
    return found


def outliers_refuse(
    *, year: int, month: int, values: Mapping[int, int], current: Mapping[int, int], confirmed: Collection[int]
) -> dict[int, Outlier]:
    """Raise OutlierFiguresError for flagged values not in `confirmed`; return the confirmed ones (to record).

    `current` is {staff id: stored value}: a value already stored was flagged and confirmed before, or predates
    the rule, and is not asked about again.
    """
    changed = {pk: value for pk, value in values.items() if current.get(pk) != value}
    found = outliers_find(year=year, month=month, values=changed)
    unconfirmed = {pk: outlier for pk, outlier in found.items() if pk not in confirmed}
    if unconfirmed:
        raise OutlierFiguresError(unconfirmed)
    return found


def outliers_record(
    *, user, year: int, month: int, outliers: Mapping[int, Outlier], offices: Mapping[int, int], source: str
) -> None:
    """Keep the confirmed outliers (in the writer's transaction): value, what it was compared with, who, where."""
    ConfirmedOutlier.objects.bulk_create(
        ConfirmedOutlier(
            staff_id=pk,
            post_office_id=offices[pk],
            year=year,
            month=month,
            value=outlier.value,
            history_max=outlier.history_max,
            quota=outlier.quota,
            source=source,
            confirmed_by=user,
        )
        for pk, outlier in outliers.items()
    )
