"""Admin for HQ (everything) and province managers (their own province, through visible_to)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
from enrollment.services import figures as figure_services
from enrollment.services import months as month_services
from enrollment.services import organisation as organisation_services

admin.site.site_header = _("BHXH tự nguyện · Bưu điện Việt Nam")
admin.site.site_title = _("Quản trị BHXH tự nguyện")
admin.site.index_title = _("Quản trị")


class ScopedAdmin(admin.ModelAdmin):
    """Lists, forms and autocomplete choices limited to what visible_to(user) allows."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(request.user)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]
    search_fields = ["code", "name"]


@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    list_display = ["code", "name", "scheme", "kind", "region", "merged_into", "valid_from", "valid_to"]
    list_filter = ["scheme", "kind", "region"]
    search_fields = ["code", "name", "full_name"]
    autocomplete_fields = ["merged_into"]
    list_select_related = ["region", "merged_into"]


class ServiceSavedAdmin(ScopedAdmin):
    """Validated and saved by the model's service, so the admin keeps the same rules as the pages.

    Subclasses name the service's check and save functions and their keyword for the instance.
    """

    service_check = service_save = None
    service_keyword = ""

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        check, keyword = type(self).service_check, self.service_keyword

        class ServiceCheckedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if not self._errors:
                    try:
                        check(user=request.user, **{keyword: self.instance})
                    except ValidationError as error:
                        self._update_errors(error)

        return ServiceCheckedForm

    def save_model(self, request, obj, form, change):
        type(self).service_save(user=request.user, **{self.service_keyword: obj})


@admin.register(PostOffice)
class PostOfficeAdmin(ServiceSavedAdmin):
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
class StaffAdmin(ServiceSavedAdmin):
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


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ScopedAdmin):
    list_display = ["province", "year", "target"]
    list_filter = ["year", "province__scheme", "province__region"]
    search_fields = ["province__name", "province__code"]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]


@admin.register(PostOfficePlan)
class PostOfficePlanAdmin(ScopedAdmin):
    list_display = ["post_office", "year", "target"]
    list_filter = ["year"]
    search_fields = ["post_office__name", "post_office__code"]
    autocomplete_fields = ["post_office"]
    list_select_related = ["post_office"]


class MonthlyFigureAdminForm(forms.ModelForm):
    """Refuses a figure of a closed month before anything is saved."""

    class Meta:
        model = MonthlyFigure
        fields = ["staff", "year", "month", "new_participants"]

    def clean(self):
        cleaned = super().clean()
        staff, year, month = cleaned.get("staff"), cleaned.get("year"), cleaned.get("month")
        if (
            staff
            and year
            and month
            and month_services.month_closed_provinces(
                province_ids=[staff.post_office.province_id], year=year, month=month
            )
        ):
            raise ValidationError(
                _("Tháng %(month)s/%(year)s đã khóa sổ; không thể sửa.") % {"month": month, "year": year}
            )
        return cleaned


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Saves go through figure_services.figures_record (source "admin"): same checks, history and rollups."""

    form = MonthlyFigureAdminForm
    list_display = ["staff", "post_office", "year", "month", "new_participants", "updated_at"]
    list_filter = ["year", "month", "post_office__province__region"]
    search_fields = ["staff__employee_code", "staff__full_name", "post_office__name"]
    autocomplete_fields = ["staff"]
    list_select_related = ["staff", "post_office"]

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
        )
        saved = MonthlyFigure.objects.get(staff_id=obj.staff_id, year=obj.year, month=obj.month)
        obj.pk, obj.post_office_id = saved.pk, saved.post_office_id


@admin.register(MonthStatus)
class MonthStatusAdmin(ScopedAdmin, SimpleHistoryAdmin):
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
class ManagerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "province"]
    search_fields = ["user__username", "province__name"]
    autocomplete_fields = ["province"]
    list_select_related = ["user", "province"]
