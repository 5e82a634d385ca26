"""The users table. Rows come from accounts.selectors.user_list; each page's province spells are handed in
(`spells`), so no cell runs a query."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.services import ROLE_CHOICES
from core.formats import NOTHING, date_text
from reports.tables import TABLE_CLASS

ROLE_NAMES = dict(ROLE_CHOICES)


def spell_text(spell) -> str:
    """Đắk Lắk (34) 01/07/2025 – … : a province held, with its dates."""
    end = date_text(spell.valid_to) if spell.valid_to else "…"
    start = date_text(spell.valid_from) if spell.valid_from else "…"
    return f"{spell.province.name} ({spell.province.scheme}) {start} – {end}"


class UserTable(tables.Table):
    username = tables.Column(verbose_name=_("Tên đăng nhập"))
    first_name = tables.Column(verbose_name=_("Họ và tên"), default=NOTHING)
    email = tables.Column(verbose_name=_("Thư điện tử"), default=NOTHING)
    role = tables.Column(verbose_name=_("Vai trò"), default=NOTHING)
    provinces = tables.Column(verbose_name=_("Tỉnh phụ trách"), empty_values=(), orderable=False)
    is_active = tables.Column(verbose_name=_("Trạng thái"))
    last_login = tables.Column(verbose_name=_("Đăng nhập gần nhất"), default=NOTHING)

    class Meta:
        attrs = {"class": TABLE_CLASS, "id": "users"}
        orderable = True
        order_by = ("username",)

    def __init__(self, *args, spells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spells = spells or {}

    def order_username(self, queryset, is_descending):
        return queryset.order_by(("-" if is_descending else "") + "username", "pk"), True

    def render_username(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("accounts:user_detail", args=[record.pk]), value)

    def render_role(self, value):
        return ROLE_NAMES.get(value, NOTHING)

    def render_provinces(self, record):
        spells = self.spells.get(record.pk, [])
        if not spells:
            return NOTHING
        return format_html_join(mark_safe("<br>"), "{}", ((spell_text(spell),) for spell in spells))

    def render_is_active(self, value):
        if value:
            return _("Đang hoạt động")
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("Đã khóa"))

    def render_last_login(self, value):
        return date_text(timezone.localtime(value).date())
