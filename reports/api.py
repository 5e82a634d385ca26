"""JSON for integrations: GET /api/v1/summary/?year=&month=[&province=<GSO code>][&view=reported|restated], and
GET /api/v1/plans/?year=[&province=][&view=]: each province's annual plan (own, or its predecessors' sum) and its
offices' allocations.

The same figures as the dashboard (reports.selectors.dashboard), national and per province, within the
user's scope, as reported or restated to today's provinces ("view", defaulting by the period). Percentages are strings with one decimal ("73.3") or null where there is no plan.
"""

from decimal import Decimal
from functools import partial

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.period import default_period
from reports.filters import ReportFilterSet
from reports.selectors import dashboard
from reports.selectors.plans import plan_allocation_rows


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _figures(item) -> dict:
    return {
        "annual_plan": item.annual_plan,
        "month": item.month_figure,
        "cumulative": item.cumulative,
        "plan_percent": _decimal(item.plan_percent),
        "last_year_cumulative": item.last_year_cumulative,
        "change_percent": _decimal(item.change_percent),
        "run_rate_percent": _decimal(item.run_rate_percent),
    }


def _period_or_error(request):
    """(filters, period, None) or (None, None, an error response): the one reading of the query string."""
    if not request.user.is_authenticated:
        return None, None, JsonResponse({"error": _("Cần đăng nhập.")}, status=401)
    filters = ReportFilterSet(request.GET)
    if filters.period_invalid:
        error = {"error": _("Tháng hoặc năm không hợp lệ."), "fields": filters.form.errors}
        return None, None, JsonResponse(error, status=400)
    return filters, filters.period(partial(default_period, user=request.user)), None


def _province_missing() -> JsonResponse:
    return JsonResponse({"error": _("Không tìm thấy tỉnh/thành phố trong phạm vi của bạn.")}, status=404)


@require_safe
def summary(request):
    """National and per-province figures for a month; 401 when not logged in, 400 on a bad period, 405 not GET/HEAD."""
    filters, period, error = _period_or_error(request)
    if error:
        return error
    view = filters.view_for(period)
    rows = dashboard.province_ranking(user=request.user, period=period, view=view)
    national = dashboard.national_totals(rows=rows, period=period)
    if request.GET.get("province"):  # a code that is no visible province (or no code at all) is a 404
        rows = [r for r in rows if r.code == filters.province_code]
        if not rows:
            return _province_missing()
    return JsonResponse(
        {
            "period": {"year": period.year, "month": period.month},
            "view": view,
            "national": _figures(national) | {"monthly": {str(m): v for m, v in national.monthly.items()}},
            "provinces": [
                {"rank": r.rank, "code": r.code, "name": r.name, "region": r.region_code, "status": r.status}
                | {"plan_source": r.plan_source or None}
                | _figures(r)
                for r in rows
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def plans(request):
    """A year's plans (the year's last month decides the view's map) and each office's allocation, in scope."""
    filters, period, error = _period_or_error(request)
    if error:
        return error
    view = filters.view_for(period)
    rows = plan_allocation_rows(user=request.user, period=period, view=view)
    if request.GET.get("province"):
        rows = [r for r in rows if r.listed.province.code == filters.province_code]
        if not rows:
            return _province_missing()
    return JsonResponse(
        {
            "year": period.year,
            "view": view,
            "provinces": [
                {
                    "code": r.listed.province.code,
                    "scheme": r.listed.province.scheme,
                    "name": r.listed.province.name,
                    "annual_plan": r.listed.plan,
                    "plan_source": r.listed.plan_source or None,
                    "allocated": r.allocated,
                    "difference": r.difference,
                    "allocations": [{"code": o.code, "name": o.name, "target": t} for o, t in r.allocations],
                }
                for r in rows
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
