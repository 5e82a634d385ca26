"""JSON for integrations: GET /api/v1/summary/?year=&month=[&province=<GSO code>][&view=reported|restated].

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


@require_safe
def summary(request):
    """National and per-province figures for a month; 401 when not logged in, 400 on a bad period, 405 not GET/HEAD."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Cần đăng nhập.")}, status=401)
    filters = ReportFilterSet(request.GET)
    if filters.period_invalid:
        return JsonResponse({"error": _("Tháng hoặc năm không hợp lệ."), "fields": filters.form.errors}, status=400)
    period = filters.period(partial(default_period, user=request.user))
    view = filters.view_for(period)
    rows = dashboard.province_ranking(user=request.user, period=period, view=view)
    national = dashboard.national_totals(rows=rows, period=period)
    if request.GET.get("province"):  # a code that is no visible province (or no code at all) is a 404
        rows = [r for r in rows if r.code == filters.province_code]
        if not rows:
            return JsonResponse({"error": _("Không tìm thấy tỉnh/thành phố trong phạm vi của bạn.")}, status=404)
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
