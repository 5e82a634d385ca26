"""Thin views: read the filters, call reports.selectors, render.

Each page reads the scope through `visible_to(request.user)` (inside the selectors and the
`get_object_or_404` lookups), so a manager asking for another province gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_tables2.paginators import LazyPaginator

from enrollment.models import PostOffice, Province, Region, Staff
from reports import selectors
from reports.forms import PeriodForm
from reports.pagination import table_configure
from reports.tables import PostOfficeRankingTable, ProvinceRankingTable, StaffLeaderboardTable

STAFF_PER_PAGE = 25
OFFICES_PER_PAGE = 30
# No COUNT(*) over the staff: the page fetches per_page + 1 rows to know whether a next page exists.
STAFF_PAGINATION = {"per_page": STAFF_PER_PAGE, "paginator_class": LazyPaginator}


def period_from_request(request) -> tuple[PeriodForm, selectors.Period | None]:
    """The period asked for, completed from the latest month with figures; invalid input falls back too."""
    form = PeriodForm(request.GET or None)
    latest = selectors.latest_period(user=request.user)
    if form.is_bound and form.is_valid():
        period = form.period(latest)
        if period:
            return form, period
    return form, latest


def chart_data(series: list[selectors.SeriesPoint]) -> dict:
    """What static/js/dashboard.js draws: bars per month, lũy kế and the plan's even pace as lines."""
    return {
        "labels": [_("T%(month)s") % {"month": p.month} for p in series],
        "figures": [p.figure for p in series],
        "cumulative": [p.cumulative for p in series],
        "pace": [p.even_pace for p in series],
        "names": {
            "figures": _("Thực hiện tháng"),
            "cumulative": _("Lũy kế"),
            "pace": _("Tiến độ đều theo kế hoạch"),
        },
    }


def _base_context(form, period) -> dict:
    return {"form": form, "period": period, "months": range(1, 13)}


@require_safe
@login_required
def national_summary(request):
    """The national dashboard (Trang tổng quan): cards, chart, ranking, best/weakest, not submitted."""
    form, period = period_from_request(request)
    regions = list(Region.objects.all())
    region = request.GET.get("region") or ""
    if region not in {r.code for r in regions}:
        region = ""
    context = _base_context(form, period) | {"regions": regions, "region": region}
    if period:
        rows = selectors.province_ranking(user=request.user, period=period, region=region or None)
        table = ProvinceRankingTable(rows)
        table_configure(request, table, paginate=False)
        totals = selectors.national_totals(rows=rows, period=period)
        best, weakest = selectors.best_and_weakest(rows)
        context |= {
            "table": table,
            "totals": totals,
            "best": best,
            "weakest": weakest,
            "not_submitted": selectors.not_submitted(rows),
            "series": totals.series,
            "chart": chart_data(totals.series),
        }
    return render(request, "reports/summary.html", context)


@require_safe
@login_required
def province_detail(request, pk: int):
    """One province: its figures, post offices ranked, monthly series, staff leaderboard and quota attainment."""
    province = get_object_or_404(Province.objects.visible_to(request.user), pk=pk)
    form, period = period_from_request(request)
    context = _base_context(form, period) | {"province": province}
    if period:
        rows = selectors.province_ranking(user=request.user, period=period, province=province)
        row = rows[0] if rows else None
        series = selectors.monthly_series(row.monthly if row else {}, row.annual_plan if row else None, period.month)
        offices = PostOfficeRankingTable(
            selectors.post_office_ranking(user=request.user, province=province, period=period), prefix="po-"
        )
        staff = StaffLeaderboardTable(selectors.staff_leaderboard(user=request.user, period=period, province=province))
        # After the 2025 reform a province has hundreds of commune post offices: page them too.
        table_configure(request, offices, paginate={"per_page": OFFICES_PER_PAGE})
        table_configure(request, staff, paginate=STAFF_PAGINATION)
        context |= {
            "row": row,
            "series": series,
            "chart": chart_data(series),
            "offices": offices,
            "staff_table": staff,
            "attainment": selectors.quota_attainment(user=request.user, period=period, province=province),
        }
    return render(request, "reports/province.html", context)


@require_safe
@login_required
def post_office_detail(request, pk: int):
    """One post office: its monthly series and its staff."""
    office = get_object_or_404(PostOffice.objects.visible_to(request.user).select_related("province"), pk=pk)
    form, period = period_from_request(request)
    context = _base_context(form, period) | {"office": office}
    if period:
        monthly = selectors.post_office_monthly(user=request.user, post_office=office, period=period)
        plan = selectors.post_office_plan(user=request.user, post_office=office, year=period.year)
        series = selectors.monthly_series(monthly, plan, period.month)
        staff = StaffLeaderboardTable(
            selectors.staff_leaderboard(user=request.user, period=period, post_office=office), exclude=("post_office",)
        )
        table_configure(request, staff, paginate=STAFF_PAGINATION)
        context |= {
            "plan": plan,
            "plan_percent": selectors.plan_percent(series[-1].cumulative, plan),
            "series": series,
            "chart": chart_data(series),
            "staff_table": staff,
            "attainment": selectors.quota_attainment(user=request.user, period=period, post_office=office),
        }
    return render(request, "reports/post_office.html", context)


@require_safe
@login_required
def staff_detail(request, pk: int):
    """One staff member: their monthly history against their quota."""
    member = get_object_or_404(Staff.objects.visible_to(request.user).select_related("post_office__province"), pk=pk)
    form, period = period_from_request(request)
    context = _base_context(form, period) | {"member": member}
    if period:
        history = selectors.staff_history(staff=member, period=period)
        totals = selectors.staff_year_totals(history)
        context |= {"history": history, "cumulative": totals.cumulative, "months_met": totals.months_met}
    return render(request, "reports/staff.html", context)
