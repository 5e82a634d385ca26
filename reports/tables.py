"""django-tables2 tables of the report pages. Rows arrive fully computed from reports.selectors."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reports.templatetags.figures import percent


class ProvinceRankingTable(tables.Table):
    rank = tables.Column(verbose_name=_("Xếp hạng"), attrs={"td": {"class": "text-end"}})
    name = tables.Column(verbose_name=_("Đơn vị"))
    region_name = tables.Column(verbose_name=_("Vùng"))
    annual_plan = tables.Column(verbose_name=_("Kế hoạch năm"), attrs={"td": {"class": "text-end"}}, default="—")
    month_figure = tables.Column(verbose_name=_("Thực hiện tháng"), attrs={"td": {"class": "text-end"}})
    cumulative = tables.Column(verbose_name=_("Lũy kế"), attrs={"td": {"class": "text-end"}})
    plan_percent = tables.Column(
        verbose_name=_("Tỷ lệ % so với KH"), attrs={"td": {"class": "text-end"}}, empty_values=()
    )

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle", "id": "province-ranking"}
        order_by = "rank"
        orderable = True

    def render_plan_percent(self, value):
        return percent(value)
