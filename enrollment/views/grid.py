"""The entry grid: one post office's staff for a month, one input each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from enrollment import roles, selectors
from enrollment.forms import EntryGridForm, PeriodForm, value_field
from enrollment.services import figures as figure_services
from enrollment.services import months as month_services
from enrollment.services.outliers import OutlierFiguresError
from enrollment.views.access import writer_required


def grid_url(office_id: int | None, year: int, month: int) -> str:
    query = {"year": year, "month": month} | ({"office": office_id} if office_id else {})
    return f"{reverse('enrollment:grid')}?{urlencode(query)}"


@login_required
def entry_grid(request: HttpRequest) -> HttpResponse:
    """A post office's staff for a month, with one input each; POST saves the whole grid."""
    writer_required(request.user)
    period_form = PeriodForm(request.GET)
    year, month = period_form.period(user=request.user)
    chosen = period_form.cleaned_data if period_form.is_valid() else {}
    offices = selectors.entry_offices(user=request.user, year=year, month=month)
    office = offices.filter(pk=chosen["office"]).first() if chosen.get("office") else None
    if chosen.get("office") and office is None:
        closed_office = selectors.entry_office_visible(user=request.user, pk=chosen["office"])
        if closed_office is None:
            raise Http404
        messages.info(
            request,
            _("Bưu điện %(office)s không hoạt động trong tháng %(month)s/%(year)s; chọn bưu điện khác.")
            % {"office": closed_office.name, "month": month, "year": year},
        )
    # A manager of one province goes straight to its offices; HQ, and a manager who also sees predecessors (or
    # holds several provinces), pick a province first — the manager's default province preselected.
    scope = roles.scope_province_ids(request.user)
    if len(scope) == 1:
        provinces, (province_id,) = [], scope
    else:
        provinces = list(selectors.entry_provinces(user=request.user, year=year, month=month))
        default_id = roles.managed_province_id(request.user)
        province_id = office.province_id if office else (chosen.get("province") or default_id)
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
                    confirmed=form.confirmed(),
                )
            except OutlierFiguresError as error:
                form.outliers = set(error.outliers)
                for staff_id, outlier in error.outliers.items():
                    form.add_error(value_field(staff_id), outlier.message())
                messages.warning(
                    request, _("Chưa lưu gì: có số cao bất thường; kiểm tra, đánh dấu “Xác nhận” rồi lưu lại.")
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
                if result.outliers:
                    messages.info(
                        request, _("%(count)s số bất thường đã được xác nhận và ghi lại.") % {"count": result.outliers}
                    )
                return redirect(grid_url(office.pk, year, month))
        else:
            messages.error(request, _("Chưa lưu gì: vui lòng sửa các ô có lỗi."))
    context |= {"form": form, "status": status, "closed": closed, "rows": rows}
    return render(request, "enrollment/grid.html", context, status=400 if form.errors else 200)
