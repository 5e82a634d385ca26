"""Staff on the report pages: the leaderboard, quota attainment, one person's months against their quota.

The leaderboard and attainment read StaffYearFigures rows (one per person and office earned at; SQL in
staff_year.py) and count each person where they worked in the period, with the quota in force then
(enrollment.models.placements); one person's history reads their own figures and applies core/maths.py.
"""

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.maths import cumulative_to_month, plan_percent, quota_met
from core.period import Period, month_bounds
from enrollment.models import PostOffice, Province, Staff
from enrollment.models.placements import earned_at, placed_in_q, quota_in_force
from reports.models import month_field
from reports.selectors.staff_year import (
    cumulative_expression,
    month_met_condition,
    months_met_dated_expression,
    period_row,
)


def dated_quotas(period: Period) -> list:
    """SQL on Staff (the leaderboard, quota attainment and the staff Excel report): the quota in force in each month January..period.month (Staff's own where none is dated)."""
    return [
        Coalesce(quota_in_force(month_bounds(period.year, m)[1]), F("monthly_quota"))
        for m in range(1, period.month + 1)
    ]


def _scope_visible(user, province: Province | None, post_office: PostOffice | None) -> Exists:
    """SQL: the office or province asked for is visible to the user (inside the one query, no extra round trip)."""
    if post_office is not None:
        return Exists(PostOffice.objects.visible_to(user).filter(pk=post_office.pk))
    return Exists(Province.objects.visible_to(user).filter(pk=province.pk))


def _scope_ids(province: Province | None, post_office: PostOffice | None, including: Collection[int]) -> list[int]:
    """The office (or province) asked for and what it includes: an office's subtree, a restated province's
    predecessors (the caller reads those through `visible_to`: reports.selectors.offices, restatement)."""
    return sorted({(post_office or province).pk, *including})


def _office_lookup(province: Province | None, post_office: PostOffice | None, ids: list[int]) -> dict:
    return {"pk__in": ids} if post_office is not None else {"province_id__in": ids}


def _scoped_row(year: int, province: Province | None, post_office: PostOffice | None, ids: list[int]):
    if post_office is not None:
        return period_row(year, post_office_ids=ids)
    return period_row(year, province_ids=ids)


def _staff_rows(
    user, period: Period, province: Province | None, post_office: PostOffice | None, including: Collection[int]
) -> QuerySet[Staff]:
    """Staff with `period_row`: their year row(s) earned in the scope, each person where they worked in the period.

    With an office or province: the people placed there in the month, or with figures earned there in the
    year (a person who moved within a province has one row per office). Without: every visible person
    active in the month, with their rows wherever earned.
    """
    first, last = period.bounds
    if post_office is None and province is None:
        return Staff.objects.visible_to(user).active_between(first, last).annotate(period_row=period_row(period.year))
    ids = _scope_ids(province, post_office, including)
    return (
        Staff.objects.annotate(period_row=_scoped_row(period.year, province, post_office, ids))
        .filter(_scope_visible(user, province, post_office))
        .filter(
            placed_in_q(first, last, **_office_lookup(province, post_office, ids)) | Q(period_row__id__isnull=False)
        )
    )


def staff_leaderboard(
    *,
    user,
    period: Period,
    province: Province | None = None,
    post_office: PostOffice | None = None,
    including: Collection[int] = (),
) -> QuerySet[Staff]:
    """The people of an office (or province) for the period: the month's figure, lũy kế and months met.

    Counted where they worked: only the figures earned at that office (province) count, so an office's
    leaderboard sums to the office's total; `quota_then` is the quota in force in the month and each month
    of `months_met` is judged against the quota in force then. `office_name` is the office of the row.
    `including`: the ids the office's total also counts (its subtree's offices) or the province's (restated:
    its predecessors), so a parent office's or a restated province's list sums to its total too.
    A queryset (one query per page) ordered by lũy kế, then the month, then name and pk (stable pages).
    """
    quotas = dated_quotas(period)
    earned_office = PostOffice.objects.filter(pk=OuterRef("period_row__post_office_id"))
    return (
        _staff_rows(user, period, province, post_office, including)
        .select_related("post_office")
        .annotate(
            month_figure=Coalesce(F(f"period_row__{month_field(period.month)}"), Value(0)),
            cumulative=cumulative_expression(period.month),
            months_met=months_met_dated_expression(period.month, quotas),
            quota_then=quotas[-1],
            # subqueries, not joins through the filtered relation (SQLite refuses that ON clause)
            office_name=Coalesce(Subquery(earned_office.values("name")[:1]), F("post_office__name")),
            office_province=Coalesce(
                Subquery(earned_office.values("province__name")[:1]), F("post_office__province__name")
            ),
            office_scheme=Coalesce(
                Subquery(earned_office.values("province__scheme")[:1]), F("post_office__province__scheme")
            ),
        )
        .order_by("-cumulative", "-month_figure", "full_name", "pk", "period_row__post_office_id")
    )


@dataclass(frozen=True)
class QuotaAttainment:
    """Share of active staff who met their monthly quota in a month."""

    active_staff: int
    met: int

    @property
    def percent(self) -> Decimal | None:
        return plan_percent(self.met, self.active_staff)


def quota_attainment(
    *,
    user,
    period: Period,
    province: Province | None = None,
    post_office: PostOffice | None = None,
    including: Collection[int] = (),
) -> QuotaAttainment:
    """How many staff placed in the scope in the month met the quota in force then (one query).

    Placed = where a new figure of the month is earned (`earned_at`: the placement in force on its last day).
    `including` as for `staff_leaderboard` (an office's subtree, a restated province's predecessors).
    """
    first, last = period.bounds
    staff = Staff.objects.active_between(first, last)
    if post_office is None and province is None:
        staff = Staff.objects.visible_to(user).active_between(first, last).annotate(period_row=period_row(period.year))
    else:
        ids = _scope_ids(province, post_office, including)
        value = "post_office" if post_office is not None else "post_office__province"
        staff = (
            staff.filter(_scope_visible(user, province, post_office))
            .annotate(
                placed_at=earned_at(first, last, value=value),
                period_row=_scoped_row(period.year, province, post_office, ids),
            )
            .filter(placed_at__in=ids)
        )
    result = staff.annotate(quota_then=dated_quotas(period)[-1]).aggregate(
        active=Count("pk", distinct=True),
        met=Count("pk", distinct=True, filter=month_met_condition(period.month, quota="quota_then")),
    )
    return QuotaAttainment(active_staff=result["active"], met=result["met"])


@dataclass(frozen=True)
class StaffMonth:
    """One month of a staff member's history against their quota."""

    month: int
    figure: int | None
    quota: int

    @property
    def met(self) -> bool | None:
        return quota_met(self.figure, self.quota)


@dataclass(frozen=True)
class StaffYearTotals:
    """A staff member's lũy kế and the number of months they met their quota."""

    cumulative: int
    months_met: int


def staff_year_totals(history: list[StaffMonth]) -> StaffYearTotals:
    """Lũy kế and months met over a staff member's history (the Python twin of staff_year.py's SQL)."""
    return StaffYearTotals(
        cumulative=cumulative_to_month({h.month: h.figure for h in history}),
        months_met=sum(1 for h in history if h.met),
    )


def staff_history(*, staff: Staff, period: Period) -> list[StaffMonth]:
    """January..month of the staff member's figures (None where nothing was entered) against the quota then.

    The person was found through `visible_to`; their own figures come along wherever they were earned (one
    person, one figure a month). Each month is judged against the quota in force on its last day.
    """
    figures = dict(
        staff.figures.filter(year=period.year, month__lte=period.month).values_list("month", "new_participants")
    )
    quotas = list(staff.quotas.order_by("valid_from").values_list("valid_from", "monthly_quota"))
    return [StaffMonth(m, figures.get(m), _quota_on(quotas, m, period, staff)) for m in range(1, period.month + 1)]


def _quota_on(quotas: list[tuple], month: int, period: Period, staff: Staff) -> int:
    last = month_bounds(period.year, month)[1]
    started = [quota for start, quota in quotas if start <= last]
    return started[-1] if started else staff.monthly_quota
