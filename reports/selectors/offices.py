"""A province's post offices: ranked by % of their allocated plan, one office's months, the plans.

Read from the post-office rollups (PostOfficeMonthTotal), scoped by `visible_to(user)`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from core.maths import cumulative_to_month, plan_percent, ranks_assign
from core.period import Period
from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province
from reports.models import PostOfficeMonthTotal
from reports.selectors.restatement import View, report_provinces


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
            cumulative=cumulative_to_month(totals.get(pk, {}), period.month),
        )
        for pk, code, name, plan_target in offices
    ]
    return ranks_assign(rows)


def post_office_monthly(*, user, post_office: PostOffice, period: Period) -> dict[int, int]:
    """{month: total} of one post office for January..month, from the rollups."""
    cells = PostOfficeMonthTotal.objects.visible_to(user).filter(
        post_office=post_office, year=period.year, month__lte=period.month
    )
    return dict(cells.values_list("month", "total").order_by("month"))


def post_office_plan(*, user, post_office: PostOffice, year: int) -> int | None:
    """The province's allocation of its annual plan to this post office, if any."""
    return (
        PostOfficePlan.objects.visible_to(user)
        .filter(post_office=post_office, year=year)
        .values_list("target", flat=True)
        .first()
    )


def province_plan(*, user, province: Province, year: int, view: str = View.REPORTED) -> int | None:
    """The annual plan HQ set for the province, if any (None also when the user may not see it).

    Restated, a today's province without a plan of its own has the sum of its predecessors' (restatement).
    """
    if view == View.RESTATED:
        (row,) = report_provinces(user=user, period=Period(year, 12), view=view, province=province) or [None]
        return row.plan if row else None
    return (
        AnnualPlan.objects.visible_to(user)
        .filter(province=province, year=year)
        .values_list("target", flat=True)
        .first()
    )
