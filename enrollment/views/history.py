"""The audit trail of figures."""

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
def history(request: HttpRequest) -> HttpResponse:
    """Changes to figures: a manager sees their province, HQ and analysts everything."""
    if not (can_write_figures(request.user) or roles.sees_everything(request.user)):
        raise PermissionDenied
    province = province_from_request(request, request.GET) if request.GET.get("province") else None
    records = selectors.figure_history(user=request.user, province_id=province.pk if province else None)
    paginator = Paginator(records, 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "enrollment/history.html", {"page": page, "records": page.object_list})
