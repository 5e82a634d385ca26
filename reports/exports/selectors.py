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

from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core.maths import cumulative_to_month
from core.period import Period, scheme_of_month
from enrollment.models import MonthStatus, PostOffice, PostOfficePlan, Province, Staff
from reports.exports.scope import ExportScope
from reports.models import month_field
from reports.selectors.offices import province_plan
from reports.selectors.restatement import TODAY_SCHEME, View, least_advanced, province_with_scheme
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
        .values_list("province__name", "province__scheme", "code", "name", "plan", *months)
    )
    label = province_with_scheme if scope.view == View.RESTATED else lambda name, _scheme: name
    for province_name, scheme, code, name, plan_target, *monthly in rows.iterator(chunk_size=STREAM_CHUNK):
        totals.add(monthly, plan_target)
        yield PostOfficeMonthsRow(label(province_name, scheme), code, name, plan_target, monthly)


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
    The scope's provinces are `ExportScope.provinces_q` (as reported: the period's scheme; restated: today's
    provinces with their predecessors, so a 2025 report keeps January–June).
    One row per person and post office they earned at that year (a person moved mid-year has a row per
    office), so the rows of an office sum to its total; the office and province columns are where the row's
    figures were earned, the quota is the one in force in the last month and each month is judged against
    the quota in force then (reports.selectors.staff.dated_quotas, as the leaderboard).
    """
    quotas = dated_quotas(period)
    earned_office = PostOffice.objects.filter(pk=OuterRef("period_row__post_office_id"))
    in_scope = Province.objects.filter(scope.provinces_q(period)).order_by()
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
            # only restated is the scheme shown (one subquery fewer per row as reported, the 50.000-row case)
            office_scheme=Coalesce(
                Subquery(earned_office.values("province__scheme")[:1]), F("post_office__province__scheme")
            )
            if scope.view == View.RESTATED
            else Value(""),
        )
        .order_by("post_office__province__code", "post_office__code", "employee_code", "pk")
        .values_list(
            "employee_code",
            "full_name",
            "office_name",
            "office_province",
            "office_scheme",
            "quota_then",
            "quota_met",
            *months,
        )
    )
    # Restated, old and new provinces of one name sit side by side: say which scheme each row was earned in.
    label = province_with_scheme if scope.view == View.RESTATED else lambda name, _scheme: name
    for code, name, office, province, scheme, quota, met, *monthly in rows.iterator(chunk_size=STREAM_CHUNK):
        yield StaffMonthsRow(code, name, office, label(province, scheme), quota, monthly, met)


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
    """Each province in scope × each month 1..M: open / submitted / closed, when and by whom (no row = open).

    As reported, each month lists the provinces of the scheme in force then (2025: the 63 for January–June, the
    34 after). Restated, today's provinces for every month; a month of the old map is as far as the least
    advanced of the provinces merged into it (restatement.least_advanced), dated by the last of them to get there.
    """
    schemes = {scheme_of_month(period.year, m) for m in range(1, period.month + 1)}
    if scope.view == View.RESTATED:
        scoped = Q(scheme__in=schemes) & scope.provinces_q(period)
    else:
        scoped = Q(scheme__in=schemes) & scope.province_q()
    provinces = list(Province.objects.visible_to(user).filter(scoped).order_by("-scheme", "code"))
    statuses = {
        (s.province_id, s.month): s
        for s in MonthStatus.objects.visible_to(user)
        .filter(province__in=provinces, year=period.year, month__lte=period.month)
        .select_related("submitted_by", "closed_by")
    }
    if scope.view != View.RESTATED:
        return [
            _submission_row(province, month, [statuses.get((province.pk, month))])
            for province in provinces
            for month in range(1, period.month + 1)
            if scheme_of_month(period.year, month) == province.scheme
        ]
    today = [p for p in provinces if p.scheme == TODAY_SCHEME]
    merged = {p.pk: [q for q in provinces if q.merged_into_id == p.pk] for p in today}
    rows = []
    for province in today:
        for month in range(1, period.month + 1):
            reported_by = [province] if scheme_of_month(period.year, month) == TODAY_SCHEME else merged[province.pk]
            rows.append(_submission_row(province, month, [statuses.get((p.pk, month)) for p in reported_by]))
    return rows


def _submission_row(province: Province, month: int, statuses: list[MonthStatus | None]) -> SubmissionRow:
    status = least_advanced(s.status if s else MonthStatus.Status.OPEN for s in statuses)
    # dated by the last of them to reach that status (one province: its own row)
    reached = [s for s in statuses if s and s.status == status]
    submitted = max((s for s in reached if s.submitted_at), key=lambda s: s.submitted_at, default=None)
    closed = max((s for s in reached if s.closed_at), key=lambda s: s.closed_at, default=None)
    return SubmissionRow(
        province.code,
        province.name,
        month,
        str(MonthStatus.Status(status).label),
        submitted.submitted_at if submitted else None,
        submitted.submitted_by.get_username() if submitted and submitted.submitted_by else "",
        closed.closed_at if closed else None,
        closed.closed_by.get_username() if closed and closed.closed_by else "",
    )


def status_counts(rows: list[SubmissionRow]) -> dict[str, int]:
    """How many province-months have each status label, in the order the labels first appear."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status_label] = counts.get(row.status_label, 0) + 1
    return counts
