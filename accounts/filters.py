"""The users page's search: ?q= (username, name or e-mail), ?role=, ?active=. Bad input is reported, never raised."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.services import ROLE_CHOICES
from accounts.widgets import styled

ACTIVE_CHOICES = [("yes", _("Đang hoạt động")), ("no", _("Đã khóa"))]


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="search", max_length=100)
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=ROLE_CHOICES)
    active = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ACTIVE_CHOICES, method="by_active")

    class Meta:
        model = get_user_model()
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self.form, "sm")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value) | Q(first_name__icontains=value) | Q(email__icontains=value)
        )

    def by_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")
