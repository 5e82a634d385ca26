"""Admin for HQ (everything) and province managers (their own province, through visible_to)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.ids import pk_or_none
from enrollment.admin_base import (
    ScopedAdmin,
    ScopedHistoryAdmin,
    ServiceErrorsAsMessages,
    ServiceSavedAdmin,
)
from enrollment.admin_filters import AssignmentInForceFilter
from enrollment.forms import CountField
from enrollment.models import (
    AnnualPlan,
    ManagerAssignment,
    MonthlyFigure,
    MonthStatus,
    PostOffice,
    PostOfficePlan,
    Province,
    Region,
    Staff,
)
from enrollment.services import assignments as assignment_services
from enrollment.services import figures as figure_services
from enrollment.services import months as month_services
from enrollment.services import organisation as organisation_services
from enrollment.services import plans as plan_services

admin.site.site_header = _("BHXH tự nguyện · Bưu điện Việt Nam")
admin.site.site_title = _("Quản trị BHXH tự nguyện")
admin.site.index_title = _("Quản trị")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "scheme", "position", "provisional"]
    list_filter = ["scheme", "provisional"]
    search_fields = ["code", "name"]


@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    list_display = ["code", "name", "scheme", "kind", "region", "merged_into", "valid_from", "valid_to"]
    list_filter = ["scheme", "kind", "region"]
    search_fields = ["code", "name", "full_name"]
    autocomplete_fields = ["merged_into"]
    list_select_related = ["region", "merged_into"]


@admin.register(PostOffice)
class PostOfficeAdmin(ServiceErrorsAsMessages, ServiceSavedAdmin):
    service_check, service_save, service_keyword = (
        organisation_services.post_office_check,
        organisation_services.post_office_save,
        "post_office",
    )
    list_display = ["code", "name", "kind", "province", "parent", "is_active"]
    list_filter = ["kind", "is_active", "province__scheme", "province__region"]
    search_fields = ["code", "name", "province__name"]
    autocomplete_fields = ["province", "parent"]
    list_select_related = ["province", "parent"]


@admin.register(Staff)
class StaffAdmin(ServiceErrorsAsMessages, ServiceSavedAdmin):
    service_check, service_save, service_keyword = (
        organisation_services.staff_check,
        organisation_services.staff_save,
        "staff",
    )
    list_display = ["employee_code", "full_name", "post_office", "monthly_quota", "active_from", "active_to"]
    list_filter = ["monthly_quota", "post_office__province__region"]
    search_fields = ["employee_code", "full_name", "post_office__name", "post_office__province__name"]
    autocomplete_fields = ["post_office"]
    list_select_related = ["post_office"]


class PlanAdmin(ServiceErrorsAsMessages, ServiceSavedAdmin, ScopedHistoryAdmin):
    """Plans saved through services.plans (its rules, its history); a saved plan's unit and year stay fixed, and a
    plan is replaced rather than deleted (an allocation is removed on the allocation page, through the service)."""

    def get_readonly_fields(self, request, obj=None):
        return ("year", self.unit_field) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualPlan)
class AnnualPlanAdmin(PlanAdmin):
    service_check, service_save, service_keyword = (
        plan_services.annual_plan_check,
        plan_services.annual_plan_save,
        "annual_plan",
    )
    unit_field = "province"
    list_display = ["province", "year", "target"]
    list_filter = ["year", "province__scheme", "province__region"]
    search_fields = ["province__name", "province__code"]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]


@admin.register(PostOfficePlan)
class PostOfficePlanAdmin(PlanAdmin):
    service_check, service_save, service_keyword = (
        plan_services.post_office_plan_check,
        plan_services.post_office_plan_save,
        "post_office_plan",
    )
    unit_field = "post_office"
    list_display = ["post_office", "year", "target"]
    list_filter = ["year"]
    search_fields = ["post_office__name", "post_office__code"]
    autocomplete_fields = ["post_office"]
    list_select_related = ["post_office"]


class MonthlyFigureAdminForm(forms.ModelForm):
    """Checks a figure with figures_record's own rules before anything is saved, and carries the value it was loaded with.

    `seen` (hidden) is the count when the change form was opened; the save passes it to figures_record as
    `expected`, so a grid save made meanwhile is refused with its value instead of being overwritten.
    """

    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    new_participants = CountField(label=_("người tham gia mới"))  # the one number reader: "1.000" is one thousand
    confirm_outlier = forms.BooleanField(
        label=_("Xác nhận số này là đúng"),
        required=False,
        help_text=_("Chỉ cần khi số cao bất thường so với các tháng trước và chỉ tiêu."),
    )
    user = None  # bound by MonthlyFigureAdmin.get_form

    class Meta:
        model = MonthlyFigure
        fields = ["staff", "year", "month", "new_participants"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen"].initial = self.instance.new_participants

    def clean_seen(self):
        raw = self.cleaned_data.get("seen", "").strip()
        if raw and (pk_or_none(raw) is None or len(raw) > 6):
            raise ValidationError(_("Nhập một số nguyên không âm (ví dụ 3)."))
        return int(raw) if raw else None

    def expected(self) -> dict[int, int | None] | None:
        """{staff id: value seen}: None on an add (there was no figure); no check when an edit sent no `seen`."""
        if not self.instance.pk:
            return {self.instance.staff_id: None}
        if self.add_prefix("seen") not in self.data:
            return None
        return {self.instance.staff_id: self.cleaned_data.get("seen")}

    def confirmed(self, staff_id: int) -> set[int]:
        return {staff_id} if self.cleaned_data.get("confirm_outlier") else set()

    def clean(self):
        """figures_record's own rules (scope, closed month, working dates, count) before anything is saved."""
        cleaned = super().clean()
        staff = cleaned.get("staff") or (self.instance.staff if self.instance.pk else None)
        year = cleaned.get("year") or self.instance.year
        month = cleaned.get("month") or self.instance.month
        count = cleaned.get("new_participants")
        if self.errors or not (staff and year and month) or count is None:
            return cleaned
        try:
            figure_services.figures_check(
                user=self.user, year=year, month=month, values={staff.pk: count}, confirmed=self.confirmed(staff.pk)
            )
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise ValidationError(messages) from error
        return cleaned


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(ServiceErrorsAsMessages, ScopedHistoryAdmin):
    """Saves go through figure_services.figures_record (source "admin"): same checks, stale check, history and rollups."""

    service_errors = (ValidationError, IntegrityError, month_services.MonthClosedError)

    form = MonthlyFigureAdminForm
    list_display = ["staff", "post_office", "year", "month", "new_participants", "updated_at"]
    list_filter = ["year", "month", "post_office__province__region"]
    search_fields = ["staff__employee_code", "staff__full_name", "post_office__name"]
    autocomplete_fields = ["staff"]
    list_select_related = ["staff", "post_office"]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        return type(form_class.__name__, (form_class,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        # Who and when a figure belongs to is fixed once entered; only the count changes.
        return ["staff", "year", "month"] if obj else []

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.post_office_id
            and month_services.month_closed_provinces(
                province_ids=[obj.post_office.province_id], year=obj.year, month=obj.month
            )
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a figure is corrected to 0, never deleted: the history stays whole

    def save_model(self, request, obj, form, change):
        figure_services.figures_record(
            user=request.user,
            year=obj.year,
            month=obj.month,
            values={obj.staff_id: obj.new_participants},
            source=figure_services.SOURCE_ADMIN,
            expected=form.expected(),
            confirmed=form.confirmed(obj.staff_id),
        )
        saved = MonthlyFigure.objects.get(staff_id=obj.staff_id, year=obj.year, month=obj.month)
        obj.pk, obj.post_office_id = saved.pk, saved.post_office_id

    def service_error_messages(self, error) -> list[str]:
        if isinstance(error, figure_services.StaleFiguresError):
            return [
                gettext("Người khác vừa lưu số %(value)s cho ô này; kiểm tra rồi lưu lại.")
                % {"value": "—" if value is None else value}
                for value in error.current.values()
            ]
        if isinstance(error, IntegrityError):  # the same staff-month created at the same instant elsewhere
            return [gettext("Chưa lưu gì: người khác vừa nhập cùng tháng; vui lòng tải lại trang.")]
        return super().service_error_messages(error)


@admin.register(MonthStatus)
class MonthStatusAdmin(ScopedHistoryAdmin):
    """Read-only here: statuses change through the submit/close/reopen services (the entry pages)."""

    list_display = ["province", "year", "month", "status", "submitted_at", "submitted_by", "closed_at", "closed_by"]
    list_filter = ["status", "year", "month", "province__scheme"]
    search_fields = ["province__name", "province__code"]
    list_select_related = ["province", "submitted_by", "closed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ManagerAssignment)
class ManagerAssignmentAdmin(ServiceErrorsAsMessages, ServiceSavedAdmin, ScopedHistoryAdmin):
    """HQ assigns managers to provinces through time: one row per spell, several rows per user allowed. Checked and
    saved by services.assignments (the users page's rules: dates, scheme, overlap), with history."""

    service_check, service_save, service_keyword = (
        assignment_services.assignment_check,
        assignment_services.assignment_save,
        "assignment",
    )

    def has_delete_permission(self, request, obj=None):
        return False  # a spell is ended, never deleted, so who held what and when stays in the history

    list_display = ["user", "province", "province__scheme", "valid_from", "valid_to"]
    list_filter = [AssignmentInForceFilter, "province__scheme"]
    search_fields = ["user__username", "province__name", "province__code"]
    autocomplete_fields = ["province"]
    fields = ["user", "province", "valid_from", "valid_to"]
    list_select_related = ["user", "province"]
    ordering = ["user__username", "province__code", "valid_from", "pk"]
