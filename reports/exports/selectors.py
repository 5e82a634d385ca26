"""Streaming reads for the Excel reports: post offices × months, staff × months, month statuses.

Each selector starts from `visible_to(user)` and narrows to an `ExportScope` (the whole
visible country, a region or a province). The big ones aggregate in the database, one row
per post office or staff member, and stream with `values_list(...).iterator()`, so a report
of 50.000 staff never holds them all in memory; the totals under the table are summed here,
as the rows stream past, so the Excel builders never sum. Lũy kế is core.maths.cumulative_to_month,
months that met the quota `months_met_expression` (reports/selectors/staff_year.py).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from core.maths import cumulative_to_month
from core.period import Period
from enrollment.models import MonthStatus, PostOffice, PostOfficePlan, Province, Staff
from reports.exports.scope import ExportScope
from reports.models import month_field
from reports.selectors.offices import province_plan
from reports.selectors.staff import dated_quotas
from reports.selectors.staff_year import months_met_dated_expression, period_row

STREAM_CHUNK = 2000


class PostOfficeMonthsRow(NamedTuple):
    province_name: str
    code: str
    name: str
    plan: int | None
    monthly: list[int | None]

    @property
    def cumulative(self) -> int:
        return cumulative_to_month(dict(enumerate(self.monthly, start=1)))


@dataclass
class ColumnTotals:
    """The sums under a streamed table, filled as its rows go past: count, plan allocated, each month."""

    months: int
    count: int = 0
    allocated: int = 0
    monthly: list[int] = field(default_factory=list)
    province_plan: int | None = None

    def __post_init__(self):
        self.monthly = self.monthly or [0] * self.months

    def add(self, monthly: list[int | None], plan: int | None = None) -> None:
        self.count += 1
        self.allocated += plan or 0
        for index, value in enumerate(monthly):
            self.monthly[index] += value or 0

    @property
    def cumulative(self) -> int:
        return cumulative_to_month(dict(enumerate(self.monthly, start=1)))


class Streamed:
    """Rows of a report, streamed once; `totals` is complete when the iteration ends."""

    def __init__(self, rows: Iterator, totals: ColumnTotals):
        self._rows, self.totals = rows, totals

    def __iter__(self):
        return iter(self._rows)


def _month_sums(period: Period, relation: str, value: str = "new_participants") -> dict[str, Sum]:
    """One conditional sum per month of `relation`'s `value` (staff figures, or post-office rollups)."""
    return {
        f"month_{m}": Sum(
            f"{relation}__{value}", filter=Q(**{f"{relation}__year": period.year, f"{relation}__month": m})
        )
        for m in range(1, period.month + 1)
    }


def post_office_months(*, user, period: Period, scope: ExportScope) -> Streamed:
    """Each post office in scope (`ExportScope.offices_q`: as reported or restated) with its plan allocation and monthly sums,
    and their totals (with the province's own HQ plan when the scope is one province).

    The monthly sums come from the post-office rollups, the same numbers the dashboard shows.
    """
    totals = ColumnTotals(months=period.month)
    if scope.province:
        totals.province_plan = province_plan(user=user, province=scope.province, year=period.year, view=scope.view)
    return Streamed(_post_office_rows(user=user, period=period, scope=scope, totals=totals), totals)


def _post_office_rows(
    *, user, period: Period, scope: ExportScope, totals: ColumnTotals
) -> Iterator[PostOfficeMonthsRow]:
    months = _month_sums(period, "month_totals", value="total")
    plan = PostOfficePlan.objects.filter(post_office=OuterRef("pk"), year=period.year).values("target")[:1]
    rows = (
        PostOffice.objects.visible_to(user)
        .filter(scope.offices_q(period))
        .annotate(plan=Subquery(plan), **months)
        .order_by("province__code", "code", "pk")
        .values_list("province__name", "code", "name", "plan", *months)
    )
    for province_name, code, name, plan_target, *monthly in rows.iterator(chunk_size=STREAM_CHUNK):
        totals.add(monthly, plan_target)
        yield PostOfficeMonthsRow(province_name, code, name, plan_target, monthly)


class StaffMonthsRow(NamedTuple):
    employee_code: str
    full_name: str
    post_office_name: str
    province_name: str
    quota: int
    monthly: list[int | None]
    months_quota_met: int

    @property
    def cumulative(self) -> int:
        return cumulative_to_month(dict(enumerate(self.monthly, start=1)))


def staff_months(*, user, period: Period, scope: ExportScope) -> Streamed:
    """`staff_rows`, with the scope's monthly totals and head count filled as they stream."""
    totals = ColumnTotals(months=period.month)
    return Streamed(_counted(staff_rows(user=user, period=period, scope=scope), totals), totals)


def _counted(rows: Iterator[StaffMonthsRow], totals: ColumnTotals) -> Iterator[StaffMonthsRow]:
    for row in rows:
        totals.add(row.monthly)
        yield row


def staff_rows(*, user, period: Period, scope: ExportScope) -> Iterator[StaffMonthsRow]:
    """Every staff member in scope active during the year: monthly figures, quota, months the quota was met.

    One query streamed in chunks, one StaffYearFigures row per person (no aggregation over the
    staff figures). A month without a figure is None (not entered), not 0.
    One row per person and post office they earned at that year (a person moved mid-year has a row per
    office), so the rows of an office sum to its total; the office and province columns are where the row's
    figures were earned, the quota is the one in force in the last month and each month is judged against
    the quota in force then (reports.selectors.staff.dated_quotas, as the leaderboard).
    """
    quotas = dated_quotas(period)
    earned_office = PostOffice.objects.filter(pk=OuterRef("period_row__post_office_id"))
    in_scope = Province.objects.of_scheme(period.scheme).filter(scope.province_q()).order_by()
    first_day = datetime.date(period.year, 1, 1)
    months = [f"period_row__{month_field(m)}" for m in range(1, period.month + 1)]
    rows = (
        Staff.objects.visible_to(user)
        .active_between(first_day, period.bounds[1])
        .annotate(period_row=period_row(period.year))
        # where the row's figures were earned (a transfer or the 2025 cut-over since does not move them); a person
        # with no figure that year by where they work now
        .filter(
            Q(period_row__province_id__in=Subquery(in_scope.values("pk")))
            | Q(period_row__isnull=True, post_office__province_id__in=Subquery(in_scope.values("pk")))
        )
        .annotate(
            quota_met=months_met_dated_expression(period.month, quotas),
            quota_then=quotas[-1],
            # subqueries, not joins through the filtered relation (SQLite refuses that ON clause)
            office_name=Coalesce(Subquery(earned_office.values("name")[:1]), F("post_office__name")),
            office_province=Coalesce(
                Subquery(earned_office.values("province__name")[:1]), F("post_office__province__name")
            ),
        )
        .order_by("post_office__province__code", "post_office__code", "employee_code", "pk")
        .values_list(
            "employee_code",
            "full_name",
            "office_name",
            "office_province",
            "quota_then",
            "quota_met",
            *months,
        )
    )
    for code, name, office, province, quota, met, *monthly in rows.iterator(chunk_size=STREAM_CHUNK):
        yield StaffMonthsRow(code, name, office, province, quota, monthly, met)


class SubmissionRow(NamedTuple):
    province_code: str
    province_name: str
    month: int
    status_label: str
    submitted_at: datetime.datetime | None
    submitted_by: str
    closed_at: datetime.datetime | None
    closed_by: str


def month_submissions(*, user, period: Period, scope: ExportScope) -> list[SubmissionRow]:
    """Each province in scope × each month 1..M: open / submitted / closed, when and by whom (no row = open)."""
    provinces = list(
        Province.objects.visible_to(user).of_scheme(period.scheme).filter(scope.province_q()).order_by("code")
    )
    statuses = {
        (s.province_id, s.month): s
        for s in MonthStatus.objects.visible_to(user)
        .filter(province__in=provinces, year=period.year, month__lte=period.month)
        .select_related("submitted_by", "closed_by")
    }
    rows = []
    for province in provinces:
        for month in range(1, period.month + 1):
            status = statuses.get((province.pk, month))
            rows.append(
                SubmissionRow(
                    province.code,
                    province.name,
                    month,
                    status.get_status_display() if status else str(MonthStatus.Status.OPEN.label),
                    status.submitted_at if status else None,
                    status.submitted_by.get_username() if status and status.submitted_by else "",
                    status.closed_at if status else None,
                    status.closed_by.get_username() if status and status.closed_by else "",
                )
            )
    return rows


def status_counts(rows: list[SubmissionRow]) -> dict[str, int]:
    """How many province-months have each status label, in the order the labels first appear."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status_label] = counts.get(row.status_label, 0) + 1
    return counts
