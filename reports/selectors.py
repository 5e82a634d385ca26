"""Every aggregate the app shows: monthly totals, lũy kế, % of plan, rankings — one home for the maths.

Pages, Excel reports and the JSON API all call these functions, so they can never disagree.
Every function takes the requesting user and reads only what `visible_to(user)` allows.

Percentages are computed from the integer sums with exact decimal arithmetic (never integer
division, never binary floats), rounded half-up to one decimal for display and compared
exactly for ranking. A province without a plan has no percentage (None, shown as "—").
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import F, Q, Sum

from enrollment.geography import scheme_on
from enrollment.models import AnnualPlan, MonthlyFigure, Province

ONE_DECIMAL = Decimal("0.1")


def plan_percent(cumulative: int, plan: int | None) -> Decimal | None:
    """Tỷ lệ hoàn thành kế hoạch: lũy kế ÷ annual plan × 100, one decimal; None without a plan."""
    if not plan:
        return None
    return (Decimal(cumulative) * 100 / Decimal(plan)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def quota_met_condition(prefix: str = "") -> Q:
    """A staff-month figure met the staff member's monthly quota (chỉ tiêu cá nhân).

    `prefix` is the path from the queried model to MonthlyFigure, e.g. "figures__" from Staff.
    """
    return Q(**{f"{prefix}new_participants__gte": F(f"{prefix}staff__monthly_quota")})


def _ranking_key(cumulative: int, plan: int | None, name: str) -> tuple:
    # By % of plan descending (exact, not the rounded figure), then lũy kế descending, then name;
    # provinces without a plan come last.
    exact = Fraction(cumulative, plan) if plan else None
    return (exact is None, -(exact or 0), -cumulative, name)


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"


@dataclass
class ProvinceRow:
    """One province's figures for a period, as the summary page and the reports show them."""

    province_id: int
    code: str
    name: str
    region_name: str
    annual_plan: int | None
    month_figure: int
    cumulative: int
    monthly: dict[int, int] = field(default_factory=dict)
    rank: int | None = None

    @property
    def plan_percent(self) -> Decimal | None:
        return plan_percent(self.cumulative, self.annual_plan)


@dataclass
class NationalTotals:
    """The sums over every province the user may see."""

    period: Period
    annual_plan: int
    month_figure: int
    cumulative: int
    monthly: dict[int, int]

    @property
    def plan_percent(self) -> Decimal | None:
        return plan_percent(self.cumulative, self.annual_plan)


def latest_period(*, user) -> Period | None:
    """The latest month that has any figure the user may see."""
    latest = MonthlyFigure.objects.visible_to(user).order_by("-year", "-month").values("year", "month").first()
    return Period(**latest) if latest else None


def province_month_totals(*, user, year: int, through_month: int) -> dict[int, dict[int, int]]:
    """{province id: {month: new participants}} for January..through_month of `year`."""
    rows = (
        MonthlyFigure.objects.visible_to(user)
        .filter(year=year, month__lte=through_month)
        .values_list("post_office__province_id", "month")
        .annotate(total=Sum("new_participants"))
        .order_by()
    )
    totals: dict[int, dict[int, int]] = {}
    for province_id, month, total in rows:
        totals.setdefault(province_id, {})[month] = total
    return totals


def province_ranking(*, user, period: Period) -> list[ProvinceRow]:
    """Every visible province of the scheme in force at `period`, ranked by % of plan."""
    scheme = scheme_on(datetime.date(period.year, period.month, 1))
    provinces = Province.objects.visible_to(user).of_scheme(scheme).select_related("region")
    plans = dict(
        AnnualPlan.objects.filter(province__in=provinces, year=period.year).values_list("province_id", "target")
    )
    totals = province_month_totals(user=user, year=period.year, through_month=period.month)

    rows = [
        ProvinceRow(
            province_id=p.pk,
            code=p.code,
            name=p.name,
            region_name=p.region.name if p.region else "",
            annual_plan=plans.get(p.pk),
            month_figure=totals.get(p.pk, {}).get(period.month, 0),
            cumulative=sum(totals.get(p.pk, {}).values()),
            monthly=totals.get(p.pk, {}),
        )
        for p in provinces
    ]
    rows.sort(key=lambda r: _ranking_key(r.cumulative, r.annual_plan, r.name))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank if row.annual_plan else None
    return rows


def national_totals(*, rows: list[ProvinceRow], period: Period) -> NationalTotals:
    """Sum a ranking's rows into the national (or the user's visible) totals."""
    monthly: dict[int, int] = {m: 0 for m in range(1, period.month + 1)}
    for row in rows:
        for month, value in row.monthly.items():
            monthly[month] += value
    return NationalTotals(
        period=period,
        annual_plan=sum(r.annual_plan or 0 for r in rows),
        month_figure=sum(r.month_figure for r in rows),
        cumulative=sum(r.cumulative for r in rows),
        monthly=monthly,
    )
