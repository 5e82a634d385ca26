"""Staff on the report pages: the leaderboard, quota attainment, one person's months against their quota.

The leaderboard and attainment read one StaffYearFigures row per person (SQL in staff_year.py);
one person's history reads their own figures and applies core/maths.py.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Coalesce

from core.maths import cumulative_to_month, plan_percent, quota_met
from core.period import Period
from enrollment.models import PostOffice, Province, Staff
from reports.models import month_field
from reports.selectors.staff_year import cumulative_expression, month_met_condition, months_met_expression, period_row


def _staff_scope(user, period: Period, province: Province | None, post_office: PostOffice | None) -> QuerySet[Staff]:
    staff = Staff.objects.visible_to(user).active_between(*period.bounds)
    if province is not None:
        staff = staff.filter(post_office__province=province)
    if post_office is not None:
        staff = staff.filter(post_office=post_office)
    return staff


def staff_leaderboard(
    *, user, period: Period, province: Province | None = None, post_office: PostOffice | None = None
) -> QuerySet[Staff]:
    """Staff active in the month, with the month's figure, lũy kế and months that met their quota.

    A queryset (one query per page) ordered by lũy kế, then the month, then name and pk (stable pages).
    Each staff member's figures come from their one StaffYearFigures row of the year, so the query
    reads one row per person instead of aggregating twelve figures each.
    """
    return (
        _staff_scope(user, period, province, post_office)
        .select_related("post_office")
        .annotate(period_row=period_row(period.year))
        .annotate(
            month_figure=Coalesce(F(f"period_row__{month_field(period.month)}"), Value(0)),
            cumulative=cumulative_expression(period.month),
            months_met=months_met_expression(period.month),
        )
        .order_by("-cumulative", "-month_figure", "full_name", "pk")
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
    *, user, period: Period, province: Province | None = None, post_office: PostOffice | None = None
) -> QuotaAttainment:
    """How many active staff met their quota in the month (one query, one year row per person)."""
    result = (
        _staff_scope(user, period, province, post_office)
        .annotate(period_row=period_row(period.year))
        .aggregate(active=Count("pk"), met=Count("pk", filter=month_met_condition(period.month)))
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
    """January..month of the staff member's figures (None where nothing was entered) against the quota.

    The person was found through `visible_to`; their figures come along wherever they were earned,
    as on the leaderboard (a transfer moves nothing).
    """
    figures = dict(
        staff.figures.filter(year=period.year, month__lte=period.month).values_list("month", "new_participants")
    )
    return [StaffMonth(m, figures.get(m), staff.monthly_quota) for m in range(1, period.month + 1)]
