"""Thin views: read the filter, call reports.selectors, render.

Each page reads the scope through `visible_to(request.user)` (inside the selectors and the
`get_object_or_404` lookups), so a manager asking for another province gets a 404.
"""

from functools import partial
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_tables2.paginators import LazyPaginator

from core.maths import plan_percent
from core.period import NEW_SCHEME_START, OLD_SCHEME_END, Period, default_period
from enrollment import roles
from enrollment.models import PostOffice, Province, Region, Staff
from enrollment.reminders import months_due
from reports.filters import ReportFilterSet
from reports.pagination import table_configure
from reports.selectors import cycle, dashboard, offices, staff
from reports.selectors.dashboard import SeriesPoint, monthly_series
from reports.selectors.restatement import (
    TODAY_SCHEME,
    View,
    in_map_of,
    restated_members,
    view_label,
    view_scheme,
)
from reports.tables import (
    PostOfficeChildrenTable,
    PostOfficeRankingTable,
    ProvinceRankingTable,
    StaffLeaderboardTable,
)

STAFF_PER_PAGE = 25
OFFICES_PER_PAGE = 30
# No COUNT(*) over the staff: the page fetches per_page + 1 rows to know whether a next page exists.
STAFF_PAGINATION = {"per_page": STAFF_PER_PAGE, "paginator_class": LazyPaginator}


def filters_from_request(request) -> tuple[ReportFilterSet, Period]:
    """The filter of the page and the period asked for, completed from the default; invalid input falls back."""
    filters = ReportFilterSet(request.GET or None)
    return filters, filters.period(partial(default_period, user=request.user))


def chart_data(series: list[SeriesPoint]) -> dict:
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


def _base_context(filters: ReportFilterSet, period: Period, view: str | None = None) -> dict:
    context = {"form": filters.form, "period_invalid": filters.period_invalid, "period": period, "months": range(1, 13)}
    if view:
        # The links carry what the request chose (period, view), so a drill-down reads what the page showed;
        # the breadcrumb back always names the period.
        chosen = filters.chosen("year", "month", "view")
        back = {"year": period.year, "month": period.month} | ({"view": view} if "view" in chosen else {})
        context |= {
            "view": view,
            "view_label": view_label(view),
            "views": View.choices,
            "link_query": urlencode(chosen),
            "back_query": urlencode(back),
        }
    return context


def _months_due(user, known: list[Province]) -> list:
    """A manager's home shows what their provinces owe (month, due date, status); nobody else's does.

    `known`: provinces the page has already read (the cycle card's), reused when they hold every province held.
    """
    held = roles.managed_province_ids(user)
    if not held:
        return []
    provinces = sorted((p for p in known if p.pk in held), key=lambda p: p.code)
    if len(provinces) < len(held):
        provinces = list(Province.objects.filter(pk__in=held).order_by("code"))
    return months_due(provinces=provinces)


@require_safe
@login_required
def national_summary(request):
    """The national dashboard (Trang tổng quan): cards, chart, ranking, best/weakest, not submitted."""
    filters, period = filters_from_request(request)
    view = filters.view_for(period)
    region = filters.region_code  # an unknown region is left out by the filter: the whole country
    rows = dashboard.province_ranking(user=request.user, period=period, region=region or None, view=view)
    context = _base_context(filters, period, view)
    table = ProvinceRankingTable(rows, link_query=context["link_query"])
    table_configure(request, table, paginate=False)
    totals = dashboard.national_totals(rows=rows, period=period)
    best, weakest = dashboard.best_and_weakest(rows)
    month_cycle = cycle.month_cycle(user=request.user, period=period) if period else None
    context |= {
        # one province has no regions to choose from: a manager's home shows no region filter
        "regions": []
        if roles.is_manager(request.user)
        else list(Region.objects.filter(scheme=view_scheme(view, period))),
        "region": region,
        "table": table,
        "totals": totals,
        "best": best,
        "weakest": weakest,
        "not_submitted": dashboard.not_submitted(rows),
        "cycle": month_cycle,
        "months_due": _months_due(request.user, [r.province for r in month_cycle.rows] if month_cycle else []),
        "series": totals.series,
        "chart": chart_data(totals.series),
    }
    return render(request, "reports/summary.html", context)


@require_safe
@login_required
def province_detail(request, pk: int):
    """One province: its figures, post offices ranked, monthly series, staff leaderboard and quota attainment.

    Restated, a today's province counts its predecessors' figures too (restatement.restated_members): their
    offices and staff are listed beside its own, each row saying its province, so the page sums to its row.
    """
    province = get_object_or_404(Province.objects.visible_to(request.user).select_related("merged_into"), pk=pk)
    filters, period = filters_from_request(request)
    # An old province has no restated row of its own (its figures count in its successor's): as reported.
    view = filters.view_for(period) if province.scheme == TODAY_SCHEME else View.REPORTED
    lineage = _lineage(request.user, province)
    including = restated_members(province, lineage["predecessors"], view)[1:]
    rows = dashboard.province_ranking(user=request.user, period=period, province=province, view=view)
    row = rows[0] if rows else None
    series = monthly_series(row.monthly if row else {}, row.annual_plan if row else None, period.month)
    tree = offices.office_tree(user=request.user, province_id=province.pk, period=period, including=including)
    level = filters.office_level  # default: the top of the tree; a flat province's every office
    context = _base_context(filters, period, view)
    hidden = (() if including else ("province_name",)) + (("kind",) if tree.is_flat else ())
    office_table = PostOfficeRankingTable(
        tree.ranking(level), prefix="po-", exclude=hidden, link_query=context["link_query"]
    )
    staff_table = StaffLeaderboardTable(
        staff.staff_leaderboard(user=request.user, period=period, province=province, including=including),
        exclude=() if including else ("province",),
        link_query=context["link_query"],
    )
    # After the 2025 reform a province has hundreds of commune post offices: page them too.
    table_configure(request, office_table, paginate={"per_page": OFFICES_PER_PAGE})
    table_configure(request, staff_table, paginate=STAFF_PAGINATION)
    context |= {
        "province": province,
        **lineage,
        "in_map": in_map_of(province, view, period),
        "scheme_start": NEW_SCHEME_START,
        # a predecessor is read at this period, or at its last month (06/2025) when the period is after it
        "predecessor_period": _last_old_month(period),
        "row": row,
        "series": series,
        "chart": chart_data(series),
        "offices": office_table,
        # A flat province (the 2021 demo) has one level: no switch, no column of kinds.
        "office_levels": None if tree.is_flat else offices.level_choices(),
        "office_level": level,
        "staff_table": staff_table,
        "attainment": staff.quota_attainment(user=request.user, period=period, province=province, including=including),
    }
    if province.scheme != TODAY_SCHEME:
        context["views"] = None  # an old province reads only as reported: no switch that would change nothing
    return render(request, "reports/province.html", context)


def _lineage(user, province: Province) -> dict:
    """The visible provinces merged into this one (a new province's predecessors) and the one it merged into.

    The successor comes with the province (select_related); only a today's province has predecessors to read.
    """
    predecessors = []
    if province.scheme == TODAY_SCHEME:
        predecessors = list(Province.objects.visible_to(user).filter(merged_into=province).order_by("code"))
    return {"predecessors": predecessors, "successor": province.merged_into}


def _last_old_month(period: Period) -> Period:
    """The last month of the old map, or the period itself when it is earlier (the predecessors' last report)."""
    return Period(OLD_SCHEME_END.year, OLD_SCHEME_END.month) if period.scheme == TODAY_SCHEME else period


def _province_shown(province: Province, view: str) -> Province:
    """The province a drill-down's breadcrumb leads to: restated, an old province's figures count in its successor."""
    return province.merged_into if view == View.RESTATED and province.merged_into_id else province


@require_safe
@login_required
def post_office_detail(request, pk: int):
    """One post office: its monthly series and plan (its subtree included), its children, its staff (the subtree's).

    An office's figures are its own in either view (it belongs to one province); the view decides where the
    breadcrumb leads (restated: today's province) and what the links carry.
    """
    office = get_object_or_404(
        PostOffice.objects.visible_to(request.user).select_related("province__merged_into"), pk=pk
    )
    filters, period = filters_from_request(request)
    view = filters.view_for(period)
    context = _base_context(filters, period, view)
    tree = offices.office_tree(user=request.user, province_id=office.province_id, period=period, within=office.pk)
    plan = tree.rows[office.pk].annual_plan
    series = monthly_series(tree.rows[office.pk].monthly, plan, period.month)
    children = tree.children(office.pk)
    children_table = PostOfficeChildrenTable(
        children, prefix="ch-", exclude=("province_name",), link_query=context["link_query"]
    )
    table_configure(request, children_table, paginate={"per_page": OFFICES_PER_PAGE})
    # A parent's total holds its subtree's figures: so does its staff list (each person where they earned them).
    subtree = tree.subtree(office.pk)
    staff_table = StaffLeaderboardTable(
        staff.staff_leaderboard(user=request.user, period=period, post_office=office, including=subtree),
        exclude=("province",) if len(subtree) > 1 else ("post_office", "province"),
        link_query=context["link_query"],
    )
    table_configure(request, staff_table, paginate=STAFF_PAGINATION)
    context |= {
        "office": office,
        "office_province": _province_shown(office.province, view),
        "ancestors": tree.ancestors(office.pk),
        "children_table": children_table if children else None,
        "plan": plan,
        "plan_percent": plan_percent(series[-1].cumulative, plan),
        "series": series,
        "chart": chart_data(series),
        "staff_table": staff_table,
        "attainment": staff.quota_attainment(user=request.user, period=period, post_office=office, including=subtree),
    }
    return render(request, "reports/post_office.html", context)


@require_safe
@login_required
def staff_detail(request, pk: int):
    """One staff member: their monthly history against their quota (their own figures: the same in either view)."""
    member = get_object_or_404(
        Staff.objects.visible_to(request.user).select_related("post_office__province__merged_into"), pk=pk
    )
    filters, period = filters_from_request(request)
    view = filters.view_for(period)
    history = staff.staff_history(staff=member, period=period)
    totals = staff.staff_year_totals(history)
    context = _base_context(filters, period, view) | {
        "member": member,
        "member_province": _province_shown(member.post_office.province, view),
        "history": history,
        "cumulative": totals.cumulative,
        "months_met": totals.months_met,
    }
    return render(request, "reports/staff.html", context)
