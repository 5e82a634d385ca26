"""Admin for HQ (everything) and province managers (their own province, through visible_to)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from enrollment.models import (
    AnnualPlan,
    ManagerAssignment,
    MonthlyFigure,
    PostOffice,
    PostOfficePlan,
    Province,
    Region,
    Staff,
)

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


@admin.register(PostOffice)
class PostOfficeAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "province", "parent", "is_active"]
    list_filter = ["kind", "is_active", "province__scheme", "province__region"]
    search_fields = ["code", "name", "province__name"]
    autocomplete_fields = ["province", "parent"]
    list_select_related = ["province", "parent"]


@admin.register(Staff)
class StaffAdmin(ScopedAdmin):
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


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["staff", "post_office", "year", "month", "new_participants", "updated_at"]
    list_filter = ["year", "month", "post_office__province__region"]
    search_fields = ["staff__employee_code", "staff__full_name", "post_office__name"]
    autocomplete_fields = ["staff", "post_office"]
    list_select_related = ["staff", "post_office"]


@admin.register(ManagerAssignment)
class ManagerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "province"]
    search_fields = ["user__username", "province__name"]
    autocomplete_fields = ["province"]
    list_select_related = ["user", "province"]
