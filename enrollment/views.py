"""Thin views of the entry pages: read the request, call selectors and services, render."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from enrollment import roles, selectors
from enrollment.forms import EntryGridForm, PeriodForm, PostOfficeForm, StaffForm, UploadForm, value_field
from enrollment.imports import limits as import_limits
from enrollment.imports.parse import template_parse
from enrollment.imports.template import template_build
from enrollment.models import PostOffice, Province, Staff
from enrollment.services import figures as figure_services
from enrollment.services import months as month_services
from enrollment.services import organisation as organisation_services


def grid_url(office_id: int | None, year: int, month: int) -> str:
    query = {"year": year, "month": month} | ({"office": office_id} if office_id else {})
    return f"{reverse('enrollment:grid')}?{urlencode(query)}"


def pk_or_404(value) -> int:
    """A primary key from the request; anything else (text, "²", a number past 2^63, nothing) is a 404."""
    text = str(value or "").strip()
    if not re.fullmatch(r"[0-9]{1,18}", text):
        raise Http404
    return int(text)


def _writer_required(user) -> None:
    if not figure_services.can_write_figures(user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))


@login_required
def entry_grid(request: HttpRequest) -> HttpResponse:
    """A post office's staff for a month, with one input each; POST saves the whole grid."""
    _writer_required(request.user)
    period_form = PeriodForm(request.GET)
    year, month = period_form.period(user=request.user)
    chosen = period_form.cleaned_data if period_form.is_valid() else {}
    offices = selectors.entry_offices(user=request.user)
    office = get_object_or_404(offices, pk=chosen["office"]) if chosen.get("office") else None
    # A manager's offices are their province's; HQ sees the whole country, so it picks a province first.
    managed_province_id = roles.managed_province_id(request.user)
    provinces = [] if managed_province_id else list(selectors.entry_provinces(user=request.user))
    province_id = managed_province_id or (office.province_id if office else chosen.get("province"))
    offices = offices.filter(province_id=province_id) if province_id else offices.none()
    context = {
        "year": year,
        "month": month,
        "months": range(1, 13),
        "provinces": provinces,
        "province_id": province_id,
        "offices": offices,
        "office": office,
    }
    if office is None:
        return render(request, "enrollment/grid.html", context)

    status = selectors.month_status_of(province_id=office.province_id, year=year, month=month)
    closed = bool(status and status.is_closed)
    rows = selectors.entry_grid_rows(user=request.user, post_office=office, year=year, month=month)
    form = EntryGridForm(rows, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if closed:
            messages.error(request, _("Tháng %(month)s/%(year)s đã khóa sổ; không thể sửa.") % context)
        elif form.is_valid():
            try:
                result = figure_services.figures_record(
                    user=request.user,
                    year=year,
                    month=month,
                    values=form.values(),
                    expected=form.expected(),
                    source=figure_services.SOURCE_GRID,
                )
            except figure_services.StaleFiguresError as error:
                for staff_id, value in error.current.items():
                    form.add_error(
                        value_field(staff_id),
                        _("Người khác vừa lưu số %(value)s cho ô này; kiểm tra rồi lưu lại.")
                        % {"value": "—" if value is None else value},
                    )
                messages.error(request, _("Chưa lưu gì: có số liệu đã bị thay đổi bởi người khác."))
            except month_services.MonthClosedError as error:
                messages.error(request, error.args[0])
            except IntegrityError:  # someone created the same staff-month at the same instant
                messages.error(request, _("Chưa lưu gì: người khác vừa nhập cùng tháng; vui lòng tải lại trang."))
            except ValidationError as error:
                for staff_id, errors in error.message_dict.items():
                    form.add_error(value_field(int(staff_id)), errors)
                messages.error(request, _("Chưa lưu gì: vui lòng sửa các ô có lỗi."))
            else:
                messages.success(
                    request,
                    _("Đã lưu: %(created)s mới, %(updated)s sửa, %(unchanged)s không đổi.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect(grid_url(office.pk, year, month))
        else:
            messages.error(request, _("Chưa lưu gì: vui lòng sửa các ô có lỗi."))
    context |= {"form": form, "status": status, "closed": closed, "rows": rows}
    return render(request, "enrollment/grid.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def month_submit(request: HttpRequest) -> HttpResponse:
    """The manager marks their province's month submitted."""
    period_form = PeriodForm(request.POST)
    year, month = period_form.period(user=request.user)
    if roles.managed_province_id(request.user) is None:
        raise PermissionDenied(_("Chỉ lãnh đạo Bưu điện tỉnh nộp số liệu."))
    province = _province_from_request(request, request.POST)
    try:
        month_services.month_submit(user=request.user, province=province, year=year, month=month)
        messages.success(request, _("Đã nộp số liệu tháng %(month)s/%(year)s.") % {"month": month, "year": year})
    except month_services.MonthClosedError as error:
        messages.error(request, error.args[0])
    office = period_form.cleaned_data.get("office") if period_form.is_valid() else None
    return redirect(grid_url(office, year, month))


def _hq_required(user) -> None:
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty xem được trang này."))


@require_safe
@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    """HQ: which provinces have submitted the month, and when; close or reopen."""
    _hq_required(request.user)
    year, month = PeriodForm(request.GET).period(user=request.user)
    rows = selectors.month_submissions(user=request.user, year=year, month=month)
    context = {"year": year, "month": month, "months": range(1, 13), "rows": rows}
    return render(request, "enrollment/submissions.html", context)


@login_required
@require_POST
def month_close(request: HttpRequest) -> HttpResponse:
    """HQ closes a month for one province (province=<id>) or for all."""
    _hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    province = None
    if request.POST.get("province"):
        province = get_object_or_404(Province.objects.visible_to(request.user), pk=pk_or_404(request.POST["province"]))
    closed = month_services.month_close(user=request.user, year=year, month=month, province=province)
    messages.success(request, _("Đã khóa sổ %(count)s tỉnh.") % {"count": len(closed)})
    return redirect(f"{reverse('enrollment:submissions')}?{urlencode({'year': year, 'month': month})}")


@login_required
@require_POST
def month_reopen(request: HttpRequest) -> HttpResponse:
    """HQ reopens a closed month for one province."""
    _hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    province = get_object_or_404(Province.objects.visible_to(request.user), pk=pk_or_404(request.POST.get("province")))
    month_services.month_reopen(user=request.user, province=province, year=year, month=month)
    messages.success(
        request,
        _("Đã mở lại tháng %(month)s/%(year)s cho %(name)s.") % {"month": month, "year": year, "name": province.name},
    )
    return redirect(f"{reverse('enrollment:submissions')}?{urlencode({'year': year, 'month': month})}")


def _province_from_request(request: HttpRequest, data) -> Province:
    """The province asked for (a manager's own by default), through visible_to: another is a 404."""
    province_id = pk_or_404(data.get("province") or roles.managed_province_id(request.user))
    return get_object_or_404(Province.objects.visible_to(request.user), pk=province_id)


@require_safe
@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """The Excel template of (province, month)."""
    _writer_required(request.user)
    year, month = PeriodForm(request.GET).period(user=request.user)
    province = _province_from_request(request, request.GET)
    output = template_build(user=request.user, province=province, year=year, month=month)
    filename = f"mau-so-lieu-{province.code}-{year}-{month:02d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename)


@login_required
def template_upload(request: HttpRequest) -> HttpResponse:
    """Upload a filled template: all rows valid → saved in one transaction; any error → nothing saved."""
    _writer_required(request.user)
    data = request.POST if request.method == "POST" else request.GET
    year, month = PeriodForm(data).period(user=request.user)
    province = _province_from_request(request, data)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"year": year, "month": month, "province": province, "form": form, "errors": [], "result": None}
    context["limits"] = {
        "rows": number_format(import_limits.MAX_ROWS, force_grouping=True),
        "cells": number_format(import_limits.MAX_CELLS, force_grouping=True),
        "seconds": number_format(import_limits.PARSE_BUDGET_SECONDS, 0),
    }
    status_code = 200
    if request.method == "POST":
        if month_services.month_closed_provinces(province_ids=[province.pk], year=year, month=month):
            context["errors"] = [(None, _("Tháng %(month)s/%(year)s đã khóa sổ; không thể nhập.") % context)]
        elif form.is_valid():
            parsed = template_parse(
                user=request.user, upload=form.cleaned_data["file"], province=province, year=year, month=month
            )
            context["errors"] = parsed.errors
            if not parsed.errors:
                context["result"], context["errors"] = _import_save(request.user, year, month, parsed)
        status_code = 400 if context["errors"] or form.errors else 200
    return render(request, "enrollment/import.html", context, status=status_code)


def _import_save(user, year: int, month: int, parsed) -> tuple[object, list[tuple[int | None, str]]]:
    """Save the parsed rows with the template's values as the stale check: (result, []) or (None, errors)."""
    try:
        result = figure_services.figures_record(
            user=user,
            year=year,
            month=month,
            values=parsed.values,
            expected=parsed.expected,
            source=figure_services.SOURCE_IMPORT,
        )
    except figure_services.StaleFiguresError as error:
        message = _("Người khác đã lưu số %(value)s cho %(code)s sau khi mẫu được tải; tải mẫu mới rồi nhập lại.")
        return None, [
            (
                parsed.rows.get(staff_id),
                message % {"value": "—" if value is None else value, "code": parsed.codes.get(staff_id, "")},
            )
            for staff_id, value in error.current.items()
        ]
    except IntegrityError:  # another upload created the same staff-month at the same instant
        return None, [(None, _("Chưa lưu gì: người khác vừa nhập cùng tháng; vui lòng tải lại trang."))]
    except (ValidationError, PermissionDenied) as error:
        return None, [(None, message) for message in getattr(error, "messages", None) or [str(error)]]
    return result, []


@require_safe
@login_required
def history(request: HttpRequest) -> HttpResponse:
    """Changes to figures: a manager sees their province, HQ and analysts everything."""
    if not (figure_services.can_write_figures(request.user) or roles.sees_everything(request.user)):
        raise PermissionDenied
    province = _province_from_request(request, request.GET) if request.GET.get("province") else None
    records = selectors.figure_history(user=request.user, province_id=province.pk if province else None)
    paginator = Paginator(records, 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "enrollment/history.html", {"page": page, "records": page.object_list})


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
    _writer_required(request.user)
    province = _province_from_request(request, request.GET)
    offices = selectors.province_offices(user=request.user, province=province)
    return render(request, "enrollment/offices.html", {"province": province, "offices": offices})


@login_required
def office_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (pk None) or edit a post office; unticking "đang hoạt động" deactivates it."""
    _writer_required(request.user)
    offices = PostOffice.objects.visible_to(request.user)
    office = get_object_or_404(offices, pk=pk) if pk else None
    province = office.province if office else _province_from_request(request, request.POST or request.GET)
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
    _writer_required(request.user)
    office = get_object_or_404(PostOffice.objects.visible_to(request.user), pk=pk_or_404(request.GET.get("office")))
    staff = Staff.objects.visible_to(request.user).filter(post_office=office).order_by("employee_code", "pk")
    return render(request, "enrollment/staff.html", {"office": office, "staff": staff})


@login_required
def staff_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (pk None) or edit a staff member: changing the post office moves them, "nghỉ từ" deactivates."""
    _writer_required(request.user)
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
        lambda instance: organisation_services.staff_save(user=request.user, staff=instance),
        "enrollment/staff_form.html",
        {"office": office, "member": member},
        _("Đã lưu nhân viên."),
        f"{reverse('enrollment:staff_list')}?office={office.pk}",
    )
