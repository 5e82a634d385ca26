"""The one period/region/province filter of the report pages, the JSON API and the Excel exports.

A django-filter FilterSet over the provinces the user may see: `region` narrows by region CODE,
`province` by GSO code (of the period's scheme); `year` and `month` choose the period, which
`period()` completes from the one default rule (core.period). Bad input never raises: an invalid
field is reported in the form and left out.
"""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.period import Period, period_complete
from enrollment.models import Province, Region


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def region_choices() -> list[tuple[str, str]]:
    return list(Region.objects.values_list("code", "name"))


def period_part(queryset, name, value):
    return queryset  # the year and the month choose the period; they do not narrow the provinces


PROVINCE_CODE = RegexValidator(r"^\d{2}$", _("Mã tỉnh gồm 2 chữ số, ví dụ 01 hoặc 66."))


class ReportFilterSet(django_filters.FilterSet):
    """?year=&month=&region=&province= — every field optional; see `period()` for the default."""

    year = IntegerFilter(label=_("Năm"), method=period_part, min_value=2000, max_value=2100)
    month = IntegerFilter(label=_("Tháng"), method=period_part, min_value=1, max_value=12)
    region = django_filters.ChoiceFilter(label=_("Vùng"), field_name="region__code", choices=region_choices)
    province = django_filters.CharFilter(
        label=_("Tỉnh/thành phố (mã GSO)"), field_name="code", max_length=2, validators=[PROVINCE_CODE]
    )

    month_param = "month"

    class Meta:
        model = Province
        fields: list[str] = []

    def _valid(self) -> dict:
        # cleaned_data keeps the valid fields of an invalid form: a bad region does not discard the period.
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def period_invalid(self) -> bool:
        self._valid()
        return any(name in self.form.errors for name in ("year", self.month_param))

    def period(self, default: Period) -> Period:
        """The period asked for, completed from `default`; an invalid year or month gives `default` itself."""
        if self.period_invalid:
            return default
        data = self._valid()
        return period_complete(data.get("year"), data.get(self.month_param), default)

    @property
    def region_code(self) -> str:
        return self._valid().get("region") or ""

    @property
    def province_code(self) -> str:
        return self._valid().get("province") or ""
