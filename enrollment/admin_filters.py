"""List filters of the admin that need more than a field lookup."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrollment.models import ManagerAssignment


class AssignmentInForceFilter(admin.SimpleListFilter):
    """Assignments in force today, or ended / not yet started."""

    title = _("hiệu lực hôm nay")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang hiệu lực")), ("no", _("Hết hoặc chưa hiệu lực"))]

    def queryset(self, request, queryset):
        current = ManagerAssignment.objects.in_force_on(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset
