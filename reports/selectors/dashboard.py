"""Every aggregate the app shows: monthly totals, lũy kế, % of plan, rankings — one home for the maths.

Pages, Excel reports and the JSON API all call these functions, so they can never disagree.
Every function takes the requesting user and reads only what `visible_to(user)` allows.

Percentages are computed from the integer sums with exact decimal arithmetic (never integer
division, never binary floats), rounded half-up to one decimal for display and compared
exactly for ranking. A province without a plan has no percentage (None, shown as "—").
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from enrollment.geography import scheme_of_month
from enrollment.models import AnnualPlan, MonthlyFigure, MonthStatus, PostOffice, PostOfficePlan, Province, Staff
from enrollment.selectors import month_bounds
from reports.models import PostOfficeMonthTotal, ProvinceMonthTotal, month_field
from reports.staff_year import cumulative_expression, month_met_condition, months_met_expression, period_row

ONE_DECIMAL = Decimal("0.1")


def plan_percent(cumulative: int, plan: int | None) -> Decimal | None:
    """Tỷ lệ hoàn thành kế hoạch: lũy kế ÷ annual plan × 100, one decimal; None without a plan."""
    if not plan:
        return None
    return (Decimal(cumulative) * 100 / Decimal(plan)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def change_percent(current: int, previous: int) -> Decimal | None:
    """Change against the same period last year, in % (one decimal); None when last year had nothing."""
    if not previous:
        return None
    return plan_percent(current - previous, previous)


def run_rate_percent(cumulative: int, months_elapsed: int, plan: int | None) -> Decimal | None:
    """Projected year-end % of plan if the pace of January..month holds: lũy kế × 12 ÷ months ÷ plan."""
    if not plan or not months_elapsed:
        return None
    exact = Fraction(cumulative * 12 * 100, months_elapsed * plan)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def even_pace(plan: int | None, month: int) -> int | None:
    """Where lũy kế would stand at the end of `month` if the annual plan were met evenly (rounded)."""
    if not plan:
        return None
    return int((Decimal(plan) * month / 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ranking_key(cumulative: int, plan: int | None, name: str) -> tuple:
    # By % of plan descending (exact, not the rounded figure), then lũy kế descending, then name;
    # provinces without a plan come last.
    exact = Fraction(cumulative, plan) if plan else None
    return (exact is None, -(exact or 0), -cumulative, name)


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @property
    def scheme(self) -> str:
        """The province scheme the period is reported in ("63" or "34")."""
        return scheme_of_month(self.year, self.month)

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
    last_year_cumulative: int = 0
    months_elapsed: int = 12
    status: str = MonthStatus.Status.OPEN
    region_code: str = ""

    @property
    def plan_percent(self) -> Decimal | None:
        return plan_percent(self.cumulative, self.annual_plan)

    @property
    def change_percent(self) -> Decimal | None:
        return change_percent(self.cumulative, self.last_year_cumulative)

    @property
    def run_rate_percent(self) -> Decimal | None:
        return run_rate_percent(self.cumulative, self.months_elapsed, self.annual_plan)

    @property
    def submitted(self) -> bool:
        return self.status != MonthStatus.Status.OPEN

    def get_status_display(self) -> str:
        return MonthStatus.Status(self.status).label

    @property
    def rank_order(self) -> int:
        # Sorting by rank keeps provinces without a plan last in both directions' natural reading.
        return self.rank or 10**6


@dataclass
class NationalTotals:
    """The sums over every province the user may see."""

    period: Period
    annual_plan: int
    month_figure: int
    cumulative: int
    monthly: dict[int, int]
    last_year_cumulative: int = 0

    @property
    def plan_percent(self) -> Decimal | None:
        return plan_percent(self.cumulative, self.annual_plan)

    @property
    def change_percent(self) -> Decimal | None:
        return change_percent(self.cumulative, self.last_year_cumulative)

    @property
    def run_rate_percent(self) -> Decimal | None:
        return run_rate_percent(self.cumulative, self.period.month, self.annual_plan)

    @property
    def series(self) -> list["SeriesPoint"]:
        return monthly_series(self.monthly, self.annual_plan, self.period.month)


@dataclass(frozen=True)
class SeriesPoint:
    """One month of a chart and of its accessible table: the month, lũy kế and the plan's even pace."""

    month: int
    figure: int
    cumulative: int
    even_pace: int | None


def monthly_series(monthly: dict[int, int], plan: int | None, through_month: int) -> list[SeriesPoint]:
    """January..through_month: each month's figure, the running lũy kế and the even pace of the plan."""
    points, running = [], 0
    for month in range(1, through_month + 1):
        running += monthly.get(month, 0)
        points.append(SeriesPoint(month, monthly.get(month, 0), running, even_pace(plan, month)))
    return points


def latest_period(*, user) -> Period | None:
    """The latest month that has any figure the user may see."""
    latest = MonthlyFigure.objects.visible_to(user).order_by("-year", "-month").values("year", "month").first()
    return Period(**latest) if latest else None


def _totals_by_year(*, user, years: list[int], through_month: int, provinces=None) -> dict[int, dict[int, dict]]:
    """{year: {province id: {month: total}}} from the province rollups, in one query."""
    rows = ProvinceMonthTotal.objects.visible_to(user).filter(year__in=years, month__lte=through_month)
    if provinces is not None:
        rows = rows.filter(province__in=provinces)
    totals: dict[int, dict[int, dict[int, int]]] = {year: {} for year in years}
    # Ordered, so every {month: total} dict iterates January first on every database engine.
    for province_id, year, month, total in rows.values_list("province_id", "year", "month", "total").order_by(
        "province_id", "year", "month"
    ):
        totals[year].setdefault(province_id, {})[month] = total
    return totals


def province_month_totals(*, user, year: int, through_month: int) -> dict[int, dict[int, int]]:
    """{province id: {month: new participants}} for January..through_month of `year` (from the rollups)."""
    return _totals_by_year(user=user, years=[year], through_month=through_month)[year]


def province_ranking(
    *, user, period: Period, region: str | None = None, province: Province | None = None
) -> list[ProvinceRow]:
    """Every visible province of the scheme in force at `period` (or one region, or one province), ranked.

    Two queries whatever the number of provinces: the provinces with their plan and month status,
    and the rollups of this year and last year.
    """
    scheme = period.scheme
    provinces = (
        Province.objects.visible_to(user)
        .of_scheme(scheme)
        .select_related("region")
        .annotate(
            plan_target=Subquery(
                AnnualPlan.objects.filter(province=OuterRef("pk"), year=period.year).order_by().values("target")[:1]
            ),
            month_status=Subquery(
                MonthStatus.objects.filter(province=OuterRef("pk"), year=period.year, month=period.month)
                .order_by()
                .values("status")[:1]
            ),
        )
    )
    if region:
        provinces = provinces.filter(region__code=region)
    if province is not None:
        provinces = provinces.filter(pk=province.pk)
    provinces = list(provinces)
    by_year = _totals_by_year(
        user=user,
        years=[period.year, period.year - 1],
        through_month=period.month,
        provinces=[p.pk for p in provinces] if (region or province) else None,
    )
    totals, last_year = by_year[period.year], by_year[period.year - 1]
    rows = [
        ProvinceRow(
            province_id=p.pk,
            code=p.code,
            name=p.name,
            region_name=p.region.name if p.region else "",
            region_code=p.region.code if p.region else "",
            annual_plan=p.plan_target,
            month_figure=totals.get(p.pk, {}).get(period.month, 0),
            cumulative=sum(totals.get(p.pk, {}).values()),
            monthly=totals.get(p.pk, {}),
            last_year_cumulative=sum(last_year.get(p.pk, {}).values()),
            months_elapsed=period.month,
            status=p.month_status or MonthStatus.Status.OPEN,
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
        last_year_cumulative=sum(r.last_year_cumulative for r in rows),
    )


def best_and_weakest(rows: list[ProvinceRow], count: int = 10) -> tuple[list[ProvinceRow], list[ProvinceRow]]:
    """The `count` best-ranked provinces, and the `count` weakest (weakest first); unranked ones excluded."""
    ranked = [r for r in rows if r.rank is not None]
    return ranked[:count], ranked[::-1][:count]


def not_submitted(rows: list[ProvinceRow]) -> list[ProvinceRow]:
    """Provinces whose month is still open (no MonthStatus submitted/closed), in name order."""
    return sorted((r for r in rows if not r.submitted), key=lambda r: r.name)


@dataclass
class OfficeRow:
    """One post office of a province for a period, from the post-office rollups."""

    post_office_id: int
    code: str
    name: str
    annual_plan: int | None
    month_figure: int
    cumulative: int
    rank: int | None = None

    @property
    def plan_percent(self) -> Decimal | None:
        return plan_percent(self.cumulative, self.annual_plan)

    @property
    def rank_order(self) -> int:
        return self.rank or 10**6


def post_office_ranking(*, user, province: Province, period: Period) -> list[OfficeRow]:
    """The province's post offices ranked by % of their allocated plan (two queries).

    Plain tuples, not model instances: a province has hundreds of commune post offices since 2025.
    """
    plan = PostOfficePlan.objects.filter(post_office=OuterRef("pk"), year=period.year).order_by().values("target")[:1]
    offices = (
        PostOffice.objects.visible_to(user)
        .filter(province=province)
        .annotate(plan_target=Subquery(plan))
        .order_by()
        .values_list("pk", "code", "name", "plan_target")
    )
    totals: dict[int, dict[int, int]] = {}
    cells = PostOfficeMonthTotal.objects.visible_to(user).filter(
        province=province, year=period.year, month__lte=period.month
    )
    for office_id, month, total in cells.values_list("post_office_id", "month", "total").order_by():
        totals.setdefault(office_id, {})[month] = total
    rows = [
        OfficeRow(
            post_office_id=pk,
            code=code,
            name=name,
            annual_plan=plan_target,
            month_figure=totals.get(pk, {}).get(period.month, 0),
            cumulative=sum(totals.get(pk, {}).values()),
        )
        for pk, code, name, plan_target in offices
    ]
    rows.sort(key=lambda r: _ranking_key(r.cumulative, r.annual_plan, r.name))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank if row.annual_plan else None
    return rows


def post_office_monthly(*, user, post_office: PostOffice, period: Period) -> dict[int, int]:
    """{month: total} of one post office for January..month, from the rollups."""
    cells = PostOfficeMonthTotal.objects.visible_to(user).filter(
        post_office=post_office, year=period.year, month__lte=period.month
    )
    return dict(cells.values_list("month", "total"))


def post_office_plan(*, user, post_office: PostOffice, year: int) -> int | None:
    """The province's allocation of its annual plan to this post office, if any."""
    return (
        PostOfficePlan.objects.visible_to(user)
        .filter(post_office=post_office, year=year)
        .values_list("target", flat=True)
        .first()
    )


def _staff_scope(user, period: Period, province: Province | None, post_office: PostOffice | None):
    staff = Staff.objects.visible_to(user).active_between(*month_bounds(period.year, period.month))
    if province is not None:
        staff = staff.filter(post_office__province=province)
    if post_office is not None:
        staff = staff.filter(post_office=post_office)
    return staff


def staff_leaderboard(*, user, period: Period, province: Province | None = None, post_office: PostOffice | None = None):
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
        return None if self.figure is None else self.figure >= self.quota


@dataclass(frozen=True)
class StaffYearTotals:
    """A staff member's lũy kế and the number of months they met their quota."""

    cumulative: int
    months_met: int


def staff_year_totals(history: list[StaffMonth]) -> StaffYearTotals:
    return StaffYearTotals(cumulative=sum(h.figure or 0 for h in history), months_met=sum(1 for h in history if h.met))


def staff_history(*, staff: Staff, period: Period) -> list[StaffMonth]:
    """January..month of the staff member's figures (None where nothing was entered) against the quota."""
    figures = dict(
        staff.figures.filter(year=period.year, month__lte=period.month).values_list("month", "new_participants")
    )
    return [StaffMonth(m, figures.get(m), staff.monthly_quota) for m in range(1, period.month + 1)]
