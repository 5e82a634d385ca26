"""The national dashboard and the province ranking: per-province lũy kế, % of plan, rank, national totals.

Read from the province rollups (ProvinceMonthTotal), never from the staff figures, as reported or restated
to today's provinces (reports.selectors.restatement). Pages, Excel
reports and the JSON API all call these functions, so they can never disagree. Every function
takes the requesting user and reads only what `visible_to(user)` allows.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from core.maths import change_percent, cumulative_to_month, even_pace, plan_percent, ranks_assign, run_rate_percent
from core.period import Period
from enrollment.models import MonthStatus, Province
from reports.models import ProvinceMonthTotal
from reports.selectors.restatement import ReportProvince, default_view, report_provinces


class PlanProgress:
    """% of plan, change against last year and run-rate of anything with lũy kế, a plan and last year's lũy kế.

    The maths is core.maths; this only names the attributes it reads, for provinces and national totals alike.
    """

    cumulative: int
    annual_plan: int | None
    last_year_cumulative: int
    months_elapsed: int

    @property
    def plan_percent(self) -> Decimal | None:
        return plan_percent(self.cumulative, self.annual_plan)

    @property
    def change_percent(self) -> Decimal | None:
        return change_percent(self.cumulative, self.last_year_cumulative)

    @property
    def run_rate_percent(self) -> Decimal | None:
        return run_rate_percent(self.cumulative, self.months_elapsed, self.annual_plan)


@dataclass
class ProvinceRow(PlanProgress):
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
    region_position: int | None = None
    plan_source: str = ""  # "own" or "derived" (restated: the predecessors' plans summed); "" without a plan

    @property
    def submitted(self) -> bool:
        return self.status != MonthStatus.Status.OPEN

    def get_status_display(self) -> str:
        return MonthStatus.Status(self.status).label

    @property
    def rank_order(self) -> int:
        # Sorting by rank keeps provinces without a plan last in both directions' natural reading.
        return self.rank or 10**6


@dataclass(frozen=True)
class SeriesPoint:
    """One month of a chart and of its accessible table: the month, lũy kế and the plan's even pace."""

    month: int
    figure: int
    cumulative: int
    even_pace: int | None


def monthly_series(monthly: dict[int, int], plan: int | None, through_month: int) -> list[SeriesPoint]:
    """January..through_month: each month's figure, the running lũy kế and the even pace of the plan."""
    return [
        SeriesPoint(month, monthly.get(month, 0), cumulative_to_month(monthly, month), even_pace(plan, month))
        for month in range(1, through_month + 1)
    ]


@dataclass
class NationalTotals(PlanProgress):
    """The sums over every province the user may see (or over a region's rows, for a subtotal)."""

    period: Period
    annual_plan: int
    month_figure: int
    cumulative: int
    monthly: dict[int, int]
    last_year_cumulative: int = 0

    @property
    def months_elapsed(self) -> int:
        return self.period.month

    @property
    def series(self) -> list[SeriesPoint]:
        return monthly_series(self.monthly, self.annual_plan, self.period.month)


def _totals_by_year(
    *, user, years: list[int], through_month: int, counted_in: dict[int, int], narrowed: bool
) -> dict[int, dict[int, dict]]:
    """{year: {listed province id: {month: total}}} from the province rollups, in one query.

    `counted_in` maps the id of each province whose rollups count to the listed province they count in
    (itself as reported; its successor restated); rollups of any other province are left out.
    """
    rows = ProvinceMonthTotal.objects.visible_to(user).filter(year__in=years, month__lte=through_month)
    if narrowed:
        rows = rows.filter(province__in=list(counted_in))
    totals: dict[int, dict[int, dict[int, int]]] = {year: {} for year in years}
    # Ordered, so every {month: total} dict iterates January first on every database engine.
    for province_id, year, month, total in rows.values_list("province_id", "year", "month", "total").order_by(
        "year", "month", "province_id"
    ):
        if province_id in counted_in:
            monthly = totals[year].setdefault(counted_in[province_id], {})
            monthly[month] = monthly.get(month, 0) + total
    return totals


def province_ranking(
    *,
    user,
    period: Period,
    region: str | None = None,
    province: Province | None = None,
    view: str | None = None,
) -> list[ProvinceRow]:
    """Every visible province of the view (or one region by code, or one province), ranked.

    `view` is "reported" (the provinces of the scheme in force at `period`) or "restated" (today's provinces,
    their predecessors' figures and plans summed in: reports.selectors.restatement); None is the period's
    default view. Two queries whatever the view and the number of provinces: the provinces with their plan
    and month status, and the rollups of this year and last year.
    """
    view = view or default_view(period)
    listed = report_provinces(user=user, period=period, view=view, region=region, province=province)
    counted_in = {member: item.province.pk for item in listed for member in item.member_ids}
    by_year = _totals_by_year(
        user=user,
        years=[period.year, period.year - 1],
        through_month=period.month,
        counted_in=counted_in,
        narrowed=bool(region or province),
    )
    totals, last_year = by_year[period.year], by_year[period.year - 1]
    rows = [
        _row(item, totals.get(item.province.pk, {}), last_year.get(item.province.pk, {}), period) for item in listed
    ]
    return ranks_assign(rows)


def _row(item: ReportProvince, monthly: dict[int, int], last_year: dict[int, int], period: Period) -> ProvinceRow:
    p, region = item.province, item.province.region
    return ProvinceRow(
        province_id=p.pk,
        code=p.code,
        name=p.name,
        region_name=region.label if region else "",
        region_code=region.code if region else "",
        region_position=region.position if region else None,
        annual_plan=item.plan,
        plan_source=item.plan_source,
        month_figure=monthly.get(period.month, 0),
        cumulative=cumulative_to_month(monthly, period.month),
        monthly=monthly,
        last_year_cumulative=cumulative_to_month(last_year, period.month),
        months_elapsed=period.month,
        status=item.status or MonthStatus.Status.OPEN,
    )


def national_totals(*, rows: list[ProvinceRow], period: Period) -> NationalTotals:
    """Sum a ranking's rows into the national (or the user's visible, or a region's) totals."""
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


def by_region(rows: list[ProvinceRow]) -> list[tuple[str, list[ProvinceRow]]]:
    """(region name, its rows) in the official region order (north to south); each region's rows keep their rank."""
    groups: dict[tuple, list[ProvinceRow]] = {}
    for row in rows:  # rows come ranked, so each group stays ranked
        position = row.region_position if row.region_position is not None else 10**6
        groups.setdefault((position, row.region_name), []).append(row)
    return [(name, members) for (_, name), members in sorted(groups.items(), key=lambda item: item[0])]


def best_and_weakest(rows: list[ProvinceRow], count: int = 10) -> tuple[list[ProvinceRow], list[ProvinceRow]]:
    """The `count` best-ranked provinces, and the `count` weakest (weakest first); unranked ones excluded."""
    ranked = [r for r in rows if r.rank is not None]
    return ranked[:count], ranked[::-1][:count]


def not_submitted(rows: list[ProvinceRow]) -> list[ProvinceRow]:
    """Provinces whose month is still open (no MonthStatus submitted/closed), in name order."""
    return sorted((r for r in rows if not r.submitted), key=lambda r: r.name)
