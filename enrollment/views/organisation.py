"""Post offices and staff of a province: lists and edit forms, saved by the organisation services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.ids import pk_or_404
from enrollment import selectors
from enrollment.forms import PostOfficeForm, StaffForm
from enrollment.models import PostOffice, Staff
from enrollment.services import organisation as organisation_services
from enrollment.views.access import province_from_request, writer_required


def _service_errors_to_form(form, error: ValidationError) -> None:
    for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


def _save_with_form(request, form, save, template: str, context: dict, success: str, next_url: str):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)
        except ValidationError as error:
            _service_errors_to_form(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url)
    status = 400 if form.errors else 200
    return render(request, template, context | {"form": form}, status=status)


@require_safe
@login_required
def office_list(request: HttpRequest) -> HttpResponse:
    """A province's post offices with their number of staff."""
    writer_required(request.user)
    province = province_from_request(request, request.GET)
    offices = selectors.province_offices(user=request.user, province=province)
    return render(request, "enrollment/offices.html", {"province": province, "offices": offices})


@login_required
def office_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (pk None) or edit a post office; unticking "đang hoạt động" deactivates it."""
    writer_required(request.user)
    offices = PostOffice.objects.visible_to(request.user)
    office = get_object_or_404(offices, pk=pk) if pk else None
    province = office.province if office else province_from_request(request, request.POST or request.GET)
    form = PostOfficeForm(request.POST or None, instance=office, province=province, offices=offices)
    return _save_with_form(
        request,
        form,
        lambda instance: organisation_services.post_office_save(user=request.user, post_office=instance),
        "enrollment/office_form.html",
        {"province": province, "office": office},
        _("Đã lưu bưu điện."),
        f"{reverse('enrollment:office_list')}?province={province.pk}",
    )


@require_safe
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """The staff of one post office (all, active or not)."""
    writer_required(request.user)
    office = get_object_or_404(PostOffice.objects.visible_to(request.user), pk=pk_or_404(request.GET.get("office")))
    staff = Staff.objects.visible_to(request.user).filter(post_office=office).order_by("employee_code", "pk")
    return render(request, "enrollment/staff.html", {"office": office, "staff": staff})


@login_required
def staff_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (pk None) or edit a staff member: a new post office or quota applies from the date given (a dated
    transfer, default the first day of this month), "nghỉ từ" deactivates."""
    writer_required(request.user)
    offices = PostOffice.objects.visible_to(request.user).filter(is_active=True)
    member = get_object_or_404(Staff.objects.visible_to(request.user), pk=pk) if pk else None
    if member:
        offices = offices.filter(province_id=member.post_office.province_id)
        office = member.post_office
    else:
        office = get_object_or_404(offices, pk=pk_or_404(request.POST.get("office") or request.GET.get("office")))
        offices = offices.filter(province_id=office.province_id)
    form = StaffForm(request.POST or None, instance=member, offices=offices, initial={"post_office": office})
    return _save_with_form(
        request,
        form,
        lambda instance: organisation_services.staff_save(
            user=request.user, staff=instance, changes_from=form.cleaned_data.get("changes_from")
        ),
        "enrollment/staff_form.html",
        {"office": office, "member": member},
        _("Đã lưu nhân viên."),
        f"{reverse('enrollment:staff_list')}?office={office.pk}",
    )
