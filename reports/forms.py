from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodForm(forms.Form):
    """?year=&month= of a report page; missing values fall back to the latest month with figures."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
