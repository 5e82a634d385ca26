"""django-tables2 tables of the report pages. Rows arrive fully computed from reports/selectors/."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.formats import count_text, percent_text
from reports.selectors.restatement import province_with_scheme

NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
TABLE_CLASS = "table table-sm table-striped table-hover align-middle"
#: django-tables2's bootstrap5 template with a faster body row (reports/templatetags/report_tables.py);
#: cell attributes must therefore not depend on the row (no callables in `attrs["td"]`).
TABLE_TEMPLATE = "reports/_table.html"


class PercentColumn(tables.Column):
    """A Decimal percentage shown as 73,3% (or "—"), sorted on the exact value with None last."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        return percent_text(value)


class CountColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return count_text(value)


class LinkQueryMixin:
    """Links to the drill-down pages carry the page's period and view (`link_query`, built by the view)."""

    def __init__(self, *args, link_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.link_query = f"?{link_query}" if link_query else ""


class ProvinceRankingTable(LinkQueryMixin, tables.Table):
    rank = tables.Column(verbose_name=_("Xếp hạng"), attrs=NUMBER, order_by=("rank_order",), default="—")
    name = tables.Column(verbose_name=_("Đơn vị"))
    region_name = tables.Column(verbose_name=_("Vùng"))
    annual_plan = CountColumn(verbose_name=_("Kế hoạch năm"), default="—")
    month_figure = CountColumn(verbose_name=_("Thực hiện tháng"))
    cumulative = CountColumn(verbose_name=_("Lũy kế"))
    # xgettext:no-python-format  (the % is a literal percent sign)
    plan_percent = PercentColumn(verbose_name=_("Tỷ lệ % so với KH"))
    change_percent = PercentColumn(verbose_name=_("So với cùng kỳ"), orderable=False)
    status = tables.Column(verbose_name=_("Tình trạng nộp"), accessor="get_status_display", orderable=False)

    class Meta:
        attrs = {"class": TABLE_CLASS, "id": "province-ranking"}
        template_name = TABLE_TEMPLATE
        orderable = True

    def render_name(self, value, record):
        url = reverse("reports:province", args=[record.province_id]) + self.link_query
        return format_html('<a href="{}">{}</a>', url, value)


class PostOfficeRankingTable(LinkQueryMixin, tables.Table):
    """Post offices of a province (or an office's children), each with its subtree's figures (rolled up).

    Restated, a new province's page lists its predecessors' offices too: `province_name` says whose (excluded
    otherwise)."""

    rank = tables.Column(verbose_name=_("Xếp hạng"), attrs=NUMBER, order_by=("rank_order",), default="—")
    name = tables.Column(verbose_name=_("Bưu điện"))
    province_name = tables.Column(verbose_name=_("Tỉnh/thành phố (khi báo cáo)"), order_by=("province_name", "name"))
    kind = tables.Column(verbose_name=_("Loại"), accessor="kind_label", order_by=("kind", "name"))
    annual_plan = CountColumn(verbose_name=_("Kế hoạch năm"), default="—")
    month_figure = CountColumn(verbose_name=_("Thực hiện tháng"))
    cumulative = CountColumn(verbose_name=_("Lũy kế"))
    # xgettext:no-python-format  (the % is a literal percent sign)
    plan_percent = PercentColumn(verbose_name=_("Tỷ lệ % so với KH"))

    class Meta:
        attrs = {"class": TABLE_CLASS, "id": "post-office-ranking"}
        template_name = TABLE_TEMPLATE

    def render_name(self, value, record):
        url = reverse("reports:post_office", args=[record.post_office_id]) + self.link_query
        return format_html('<a href="{}">{}</a>', url, value)

    def render_province_name(self, value, record):
        return province_with_scheme(value, record.province_scheme)


class PostOfficeChildrenTable(PostOfficeRankingTable):
    """The offices directly under one post office, on its page."""

    class Meta(PostOfficeRankingTable.Meta):
        attrs = {"class": TABLE_CLASS, "id": "post-office-children"}


class StaffLeaderboardTable(LinkQueryMixin, tables.Table):
    """Staff of a province or post office: a queryset annotated by reports.selectors.staff.staff_leaderboard.

    A row is one person at one office (where the row's figures were earned); `province` is that office's province
    (shown on a restated province's page, where predecessors' staff are listed)."""

    employee_code = tables.Column(verbose_name=_("Mã NV"))
    full_name = tables.Column(verbose_name=_("Họ và tên"), order_by=("full_name", "pk"))
    post_office = tables.Column(verbose_name=_("Bưu điện"), accessor="office_name", order_by=("office_name", "pk"))
    province = tables.Column(
        verbose_name=_("Tỉnh/thành phố (khi báo cáo)"), accessor="office_province", order_by=("office_province", "pk")
    )
    monthly_quota = CountColumn(verbose_name=_("Chỉ tiêu tháng"), accessor="quota_then", order_by=("quota_then", "pk"))
    month_figure = CountColumn(verbose_name=_("Thực hiện tháng"), order_by=("month_figure", "pk"))
    cumulative = CountColumn(verbose_name=_("Lũy kế"), order_by=("cumulative", "pk"))
    months_met = CountColumn(verbose_name=_("Số tháng đạt chỉ tiêu"), order_by=("months_met", "pk"))

    class Meta:
        attrs = {"class": TABLE_CLASS, "id": "staff-leaderboard"}
        template_name = TABLE_TEMPLATE

    def render_province(self, value, record):
        return province_with_scheme(value, record.office_scheme)

    def render_full_name(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("reports:staff", args=[record.pk]) + self.link_query, value)
