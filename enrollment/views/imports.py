"""The Excel template: download it filled with the month's staff, upload it back."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from enrollment.forms import PeriodForm, UploadForm
from enrollment.imports import limits as import_limits
from enrollment.imports.parse import template_parse
from enrollment.imports.pending import PENDING_FIELD, pending_dump, pending_load
from enrollment.imports.template import template_build
from enrollment.services import figures as figure_services
from enrollment.services import months as month_services
from enrollment.services.outliers import OutlierFiguresError
from enrollment.views.access import province_from_request, writer_required


@require_safe
@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """The Excel template of (province, month)."""
    writer_required(request.user)
    year, month = PeriodForm(request.GET).period(user=request.user)
    province = province_from_request(request, request.GET)
    output = template_build(user=request.user, province=province, year=year, month=month)
    filename = f"mau-so-lieu-{province.code}-{year}-{month:02d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename)


@login_required
def template_upload(request: HttpRequest) -> HttpResponse:
    """Upload a filled template: all rows valid → saved in one transaction; any error → nothing saved."""
    writer_required(request.user)
    data = request.POST if request.method == "POST" else request.GET
    year, month = PeriodForm(data).period(user=request.user)
    province = province_from_request(request, data)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"year": year, "month": month, "province": province, "form": form, "errors": [], "result": None}
    context["limits"] = {
        "rows": number_format(import_limits.MAX_ROWS, force_grouping=True),
        "cells": number_format(import_limits.MAX_CELLS, force_grouping=True),
        "seconds": number_format(import_limits.PARSE_BUDGET_SECONDS, 0),
    }
    context["outliers"] = None
    status_code = 200
    if request.method == "POST":
        pending = request.POST.get(PENDING_FIELD)
        if month_services.month_closed_provinces(province_ids=[province.pk], year=year, month=month):
            context["errors"] = [(None, _("Tháng %(month)s/%(year)s đã khóa sổ; không thể nhập.") % context)]
        elif pending is not None:
            form = context["form"] = UploadForm()
            _import_confirm(request, context, pending)
        elif form.is_valid():
            parsed = template_parse(
                user=request.user, upload=form.cleaned_data["file"], province=province, year=year, month=month
            )
            context["errors"] = parsed.errors
            if not parsed.errors:
                _import_save(request.user, context, parsed)
        status_code = 400 if context["errors"] or form.errors or context["outliers"] else 200
    return render(request, "enrollment/import.html", context, status=status_code)


def _import_confirm(request: HttpRequest, context: dict, pending: str) -> None:
    """The second step after outliers were listed: the same rows, saved only with the box ticked."""
    loaded = pending_load(pending, user=request.user, province=context["province"], **_period(context))
    if loaded is None:
        context["errors"] = [(None, _("Phiên xác nhận đã hết hạn hoặc không hợp lệ; vui lòng tải tệp lên lại."))]
        return
    parsed, outliers = loaded
    if request.POST.get("confirm") != "on":
        context["errors"] = [(None, _("Chưa lưu gì: đánh dấu ô xác nhận các số bất thường, hoặc tải lên tệp đã sửa."))]
        _outliers_show(context, parsed, outliers, user=request.user)
        return
    _import_save(request.user, context, parsed, confirmed=outliers)


def _outliers_show(context: dict, parsed, outliers: dict, *, user) -> None:
    """List the outliers (row, code, value, why) and sign the rows for the confirm step."""
    context["outliers"] = [
        (parsed.rows.get(pk), parsed.codes.get(pk, ""), outlier.value, outlier.message())
        for pk, outlier in sorted(outliers.items(), key=lambda item: parsed.rows.get(item[0]) or 0)
    ]
    context["pending"] = pending_dump(parsed, outliers, user=user, province=context["province"], **_period(context))


def _period(context: dict) -> dict:
    return {"year": context["year"], "month": context["month"]}


def _import_save(user, context: dict, parsed, confirmed=()) -> None:
    """Save the parsed rows, all or nothing, with the template's values as the stale check; puts the result, the
    errors, or the outliers to confirm (and the signed rows for the second step) into `context`."""
    year, month = context["year"], context["month"]
    try:
        context["result"] = figure_services.figures_record(
            user=user,
            year=year,
            month=month,
            values=parsed.values,
            expected=parsed.expected,
            source=figure_services.SOURCE_IMPORT,
            confirmed=confirmed,
        )
    except OutlierFiguresError as error:
        _outliers_show(context, parsed, error.outliers, user=user)
    except figure_services.StaleFiguresError as error:
        message = _("Người khác đã lưu số %(value)s cho %(code)s sau khi mẫu được tải; tải mẫu mới rồi nhập lại.")
        context["errors"] = [
            (
                parsed.rows.get(staff_id),
                message % {"value": "—" if value is None else value, "code": parsed.codes.get(staff_id, "")},
            )
            for staff_id, value in error.current.items()
        ]
    except IntegrityError:  # another upload created the same staff-month at the same instant
        context["errors"] = [(None, _("Chưa lưu gì: người khác vừa nhập cùng tháng; vui lòng tải lại trang."))]
    except (ValidationError, PermissionDenied) as error:
        context["errors"] = [(None, message) for message in getattr(error, "messages", None) or [str(error)]]
