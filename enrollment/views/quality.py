"""Data quality: the outliers users confirmed (services.outliers), who confirmed them and when."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from enrollment import roles, selectors
from enrollment.services.figure_rules import can_write_figures
from enrollment.views.access import province_from_request


@require_safe
@login_required
def confirmed_outliers(request: HttpRequest) -> HttpResponse:
    """HQ and analysts see every confirmed outlier, a manager those of their provinces (visible_to); ?province=."""
    if not (can_write_figures(request.user) or roles.sees_everything(request.user)):
        raise PermissionDenied
    province = province_from_request(request, request.GET) if request.GET.get("province") else None
    outliers = selectors.confirmed_outliers(user=request.user, province_id=province.pk if province else None)
    paginator = Paginator(outliers, 50)
    page = paginator.get_page(request.GET.get("page"))
    factors = {
        "history": settings.OUTLIER_HISTORY_FACTOR,
        "months": settings.OUTLIER_HISTORY_MONTHS,
        "quota": settings.OUTLIER_QUOTA_FACTOR,
    }
    context = {"page": page, "outliers": page.object_list, "factors": factors}
    return render(request, "enrollment/quality.html", context)
