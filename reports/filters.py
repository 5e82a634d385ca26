"""The one period/region/province filter of the report pages, the JSON API and the Excel exports.

A django-filter FilterSet over the provinces the user may see: `region` narrows by region CODE,
`province` by GSO code (of the view's scheme); `year` and `month` choose the period, which
`period()` completes from the one default rule (core.period); `view` chooses as reported or restated,
defaulting by the period (`view_for()`); `level` the level of a province's office ranking (`office_level`).
Bad input never raises: an invalid field is reported in the form and left out.
"""

from collections.abc import Callable

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.period import Period, period_complete
from enrollment.models import Province, Region
from reports.selectors.offices import TOP_LEVEL, level_choices
from reports.selectors.restatement import View, default_view


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def region_choices() -> list[tuple[str, str]]:
    # A code names one region per scheme (DBSH, DNB…); the view's scheme says which one is meant.
    return list(dict(Region.objects.values_list("code", "name")).items())


def period_part(queryset, name, value):
    return queryset  # the year and the month choose the period; they do not narrow the provinces


PROVINCE_CODE = RegexValidator(r"^\d{2}$", _("Mã tỉnh gồm 2 chữ số, ví dụ 01 hoặc 66."))


class ReportFilterSet(django_filters.FilterSet):
    """?year=&month=&region=&province=&view=&level= — every field optional; see `period()` for the default."""

    year = IntegerFilter(label=_("Năm"), method=period_part, min_value=2000, max_value=2100)
    month = IntegerFilter(label=_("Tháng"), method=period_part, min_value=1, max_value=12)
    region = django_filters.ChoiceFilter(label=_("Vùng"), field_name="region__code", choices=region_choices)
    province = django_filters.CharFilter(
        label=_("Tỉnh/thành phố (mã GSO)"), field_name="code", max_length=2, validators=[PROVINCE_CODE]
    )
    view = django_filters.ChoiceFilter(label=_("Cách tính"), method=period_part, choices=View.choices)
    # The level of the province page's office ranking: it does not narrow the provinces either.
    level = django_filters.ChoiceFilter(label=_("Cấp bưu điện"), method=period_part, choices=level_choices)

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

    def period(self, default: Callable[[], Period]) -> Period:
        """The period asked for, completed from `default()`; an invalid year or month gives the default itself.

        `default` is called only when the request leaves something out (it reads the database).
        """
        if self.period_invalid:
            return default()
        data = self._valid()
        year, month = data.get("year"), data.get(self.month_param)
        if year and month:
            return Period(year, month)
        return period_complete(year, month, default())

    def chosen(self, *names: str) -> dict:
        """The fields among `names` the request set to a valid value (for links that carry them)."""
        data = self._valid()
        return {name: data[name] for name in names if data.get(name)}

    def view_for(self, period: Period) -> str:
        """The view asked for ("reported" / "restated"), else the period's default (restatement.default_view)."""
        return self._valid().get("view") or default_view(period)

    @property
    def office_level(self) -> str:
        """The level of the office ranking asked for (reports.selectors.offices), else the top of the tree."""
        return self._valid().get("level") or TOP_LEVEL

    @property
    def region_code(self) -> str:
        return self._valid().get("region") or ""

    @property
    def province_code(self) -> str:
        return self._valid().get("province") or ""
