"""The month cycle's buttons: submit with its confirmation (province), return, close and reopen (HQ), HQ's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.ids import pk_or_404
from enrollment import roles, selectors
from enrollment.completeness import month_completeness, people_without_figure
from enrollment.deadlines import due_date
from enrollment.forms import PeriodForm
from enrollment.models import Province
from enrollment.services import months as month_services
from enrollment.views.access import hq_required, province_from_request


def submissions_url(year: int, month: int) -> str:
    return f"{reverse('enrollment:submissions')}?{urlencode({'year': year, 'month': month})}"


def _submit_page(request, province: Province, year: int, month: int, status: int = 200) -> HttpResponse:
    completeness = month_completeness(user=request.user, year=year, month=month, province_ids=[province.pk])
    context = {
        "province": province,
        "year": year,
        "month": month,
        "completeness": completeness[province.pk],
        "missing_people": people_without_figure(user=request.user, year=year, month=month, province_id=province.pk),
        "due_date": due_date(year, month),
        "month_status": selectors.month_status_of(province_id=province.pk, year=year, month=month),
    }
    return render(request, "enrollment/month_submit.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def month_submit(request: HttpRequest) -> HttpResponse:
    """GET: what the province's month still lacks, and a confirmation; POST: submit (with gaps only if confirmed)."""
    data = request.POST if request.method == "POST" else request.GET
    year, month = PeriodForm(data).period(user=request.user)
    if not roles.is_manager(request.user):
        raise PermissionDenied(_("Chỉ lãnh đạo Bưu điện tỉnh nộp số liệu."))
    province = province_from_request(request, data)
    if request.method != "POST":
        return _submit_page(request, province, year, month)
    try:
        status = month_services.month_submit(
            user=request.user, province=province, year=year, month=month, accept_gaps=data.get("accept_gaps") == "1"
        )
    except month_services.MonthGapsError as error:
        messages.error(request, error.messages[0])
        return _submit_page(request, province, year, month, status=400)
    except (month_services.MonthClosedError, month_services.MonthSchemeError) as error:
        messages.error(request, error.args[0])
        return _submit_page(request, province, year, month, status=400)
    if status.submitted_with_gaps:
        messages.warning(
            request, _("Đã nộp số liệu tháng %(month)s/%(year)s khi còn thiếu.") % {"month": month, "year": year}
        )
    else:
        messages.success(request, _("Đã nộp số liệu tháng %(month)s/%(year)s.") % {"month": month, "year": year})
    return redirect(
        f"{reverse('enrollment:month_submit')}?{urlencode({'year': year, 'month': month, 'province': province.pk})}"
    )


@require_safe
@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    """HQ: each province's month — status, completeness, timeliness, flags — with close, reopen and return."""
    hq_required(request.user)
    year, month = PeriodForm(request.GET).period(user=request.user)
    rows = selectors.month_submissions(user=request.user, year=year, month=month)
    context = {"year": year, "month": month, "months": range(1, 13), "rows": rows, "due_date": due_date(year, month)}
    return render(request, "enrollment/submissions.html", context)


def _province_posted(request) -> Province:
    return get_object_or_404(Province.objects.visible_to(request.user), pk=pk_or_404(request.POST.get("province")))


@login_required
@require_POST
def month_close(request: HttpRequest) -> HttpResponse:
    """HQ closes a month for one province (province=<id>); closing all goes through its confirmation page."""
    hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    if not request.POST.get("province"):  # a form of before the confirmation page: say where closing all is now
        messages.error(request, _("Chưa chọn tỉnh. Để khóa sổ tất cả các tỉnh, dùng nút “Khóa sổ tất cả các tỉnh”."))
        return redirect(f"{reverse('enrollment:month_close_all')}?{urlencode({'year': year, 'month': month})}")
    province = _province_posted(request)
    try:
        closed = month_services.month_close(user=request.user, year=year, month=month, province=province)
    except month_services.MonthSchemeError as error:
        messages.error(request, error.args[0])
    else:
        messages.success(request, _("Đã khóa sổ %(count)s tỉnh.") % {"count": len(closed)})
    return redirect(submissions_url(year, month))


@login_required
@require_POST
def month_reopen(request: HttpRequest) -> HttpResponse:
    """HQ reopens a closed month for one province."""
    hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    province = _province_posted(request)
    month_services.month_reopen(user=request.user, province=province, year=year, month=month)
    messages.success(
        request,
        _("Đã mở lại tháng %(month)s/%(year)s cho %(name)s.") % {"month": month, "year": year, "name": province.name},
    )
    return redirect(submissions_url(year, month))


@login_required
@require_POST
def month_return(request: HttpRequest) -> HttpResponse:
    """HQ returns a province's submission with a comment; the manager sees it on the submit page and the home."""
    hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    province = _province_posted(request)
    try:
        month_services.month_return(
            user=request.user, province=province, year=year, month=month, comment=request.POST.get("comment", "")
        )
    except (ValidationError, month_services.MonthSchemeError) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else error.args[0])
    else:
        messages.success(
            request,
            _("Đã trả lại số liệu tháng %(month)s/%(year)s cho %(name)s.")
            % {"month": month, "year": year, "name": province.name},
        )
    return redirect(submissions_url(year, month))
