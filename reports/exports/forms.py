"""The export page's filter: which report, which period, which scope — the report pages' FilterSet plus a report."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.period import Period
from reports.exports.xlsx import REPORT_CHOICES
from reports.filters import IntegerFilter, ReportFilterSet, period_part, region_choices


class ExportFilterSet(ReportFilterSet):
    """?report=&year=&through_month=&view=&region=&province= — report, year and month required; the province is
    its GSO code in the view's scheme (every report reads the view, restated by default across 1/7/2025)."""

    report = django_filters.ChoiceFilter(
        label=_("Báo cáo"), method=period_part, choices=REPORT_CHOICES, required=True, empty_label=None
    )
    year = IntegerFilter(label=_("Năm"), method=period_part, min_value=2000, max_value=2100, required=True)
    through_month = IntegerFilter(label=_("Đến tháng"), method=period_part, min_value=1, max_value=12, required=True)

    month_param = "through_month"
    field_order = ("report", "year", "through_month", "view", "region", "province")

    def __init__(self, data=None, *args, provinces=(), initial=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters = {name: self.filters[name] for name in self.field_order}  # no `month`: through_month
        self.province_choices = provinces  # for the page's datalist: (code, name, scheme label)
        self.initial = initial or {}

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["region"].choices = [("", _("Tất cả"))] + region_choices()
            form.fields["province"].widget.attrs["list"] = "province-codes"
            for name, field in form.fields.items():
                field.initial = self.initial.get(name)
                field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            form.province_choices = self.province_choices
        return self._form

    @property
    def report_name(self) -> str:
        return self._valid()["report"]

    @property
    def export_period(self) -> Period:
        """Call only on a valid form: year and through_month are both required."""
        data = self._valid()
        return Period(data["year"], data["through_month"])
