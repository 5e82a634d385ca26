"""The month cycle's buttons: submit (province), close and reopen (HQ), and HQ's submissions page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.ids import pk_or_404
from enrollment import roles, selectors
from enrollment.forms import PeriodForm
from enrollment.models import Province
from enrollment.services import months as month_services
from enrollment.views.access import hq_required, province_from_request
from enrollment.views.grid import grid_url


@login_required
@require_POST
def month_submit(request: HttpRequest) -> HttpResponse:
    """The manager marks their province's month submitted."""
    period_form = PeriodForm(request.POST)
    year, month = period_form.period(user=request.user)
    if not roles.is_manager(request.user):
        raise PermissionDenied(_("Chỉ lãnh đạo Bưu điện tỉnh nộp số liệu."))
    province = province_from_request(request, request.POST)
    try:
        month_services.month_submit(user=request.user, province=province, year=year, month=month)
        messages.success(request, _("Đã nộp số liệu tháng %(month)s/%(year)s.") % {"month": month, "year": year})
    except (month_services.MonthClosedError, month_services.MonthSchemeError) as error:
        messages.error(request, error.args[0])
    office = period_form.cleaned_data.get("office") if period_form.is_valid() else None
    return redirect(grid_url(office, year, month))


@require_safe
@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    """HQ: which provinces have submitted the month, and when; close or reopen."""
    hq_required(request.user)
    year, month = PeriodForm(request.GET).period(user=request.user)
    rows = selectors.month_submissions(user=request.user, year=year, month=month)
    context = {"year": year, "month": month, "months": range(1, 13), "rows": rows}
    return render(request, "enrollment/submissions.html", context)


@login_required
@require_POST
def month_close(request: HttpRequest) -> HttpResponse:
    """HQ closes a month for one province (province=<id>) or for all."""
    hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    province = None
    if request.POST.get("province"):
        province = get_object_or_404(Province.objects.visible_to(request.user), pk=pk_or_404(request.POST["province"]))
    try:
        closed = month_services.month_close(user=request.user, year=year, month=month, province=province)
    except month_services.MonthSchemeError as error:
        messages.error(request, error.args[0])
    else:
        messages.success(request, _("Đã khóa sổ %(count)s tỉnh.") % {"count": len(closed)})
    return redirect(f"{reverse('enrollment:submissions')}?{urlencode({'year': year, 'month': month})}")


@login_required
@require_POST
def month_reopen(request: HttpRequest) -> HttpResponse:
    """HQ reopens a closed month for one province."""
    hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    province = get_object_or_404(Province.objects.visible_to(request.user), pk=pk_or_404(request.POST.get("province")))
    month_services.month_reopen(user=request.user, province=province, year=year, month=month)
    messages.success(
        request,
        _("Đã mở lại tháng %(month)s/%(year)s cho %(name)s.") % {"month": month, "year": year, "name": province.name},
    )
    return redirect(f"{reverse('enrollment:submissions')}?{urlencode({'year': year, 'month': month})}")
