"""JSON for integrations: GET /api/v1/summary/?year=&month=[&province=<GSO code>].

The same figures as the dashboard (reports.selectors), national and per province, within the
user's scope. Percentages are strings with one decimal ("73.3") or null where there is no plan.
"""

from decimal import Decimal

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reports import selectors
from reports.forms import PeriodForm


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
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": _("Tháng hoặc năm không hợp lệ."), "fields": form.errors}, status=400)
    period = form.period(selectors.latest_period(user=request.user))
    if period is None:
        return JsonResponse({"error": _("Chưa có số liệu nào.")}, status=404)
    rows = selectors.province_ranking(user=request.user, period=period)
    national = selectors.national_totals(rows=rows, period=period)
    code = request.GET.get("province")
    if code:
        rows = [r for r in rows if r.code == code]
        if not rows:
            return JsonResponse({"error": _("Không tìm thấy tỉnh/thành phố trong phạm vi của bạn.")}, status=404)
    return JsonResponse(
        {
            "period": {"year": period.year, "month": period.month},
            "national": _figures(national) | {"monthly": {str(m): v for m, v in national.monthly.items()}},
            "provinces": [
                {"rank": r.rank, "code": r.code, "name": r.name, "region": r.region_code, "status": r.status}
                | _figures(r)
                for r in rows
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
