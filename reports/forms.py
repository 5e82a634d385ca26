from django import forms
from django.utils.translation import gettext_lazy as _

from reports.selectors import Period


class PeriodForm(forms.Form):
    """?year=&month= of a report page; missing values fall back to the latest month with figures."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)

    def period(self, latest: Period | None) -> Period | None:
        """The asked period completed from `latest`: no year → latest's; no month → latest's in that year, else 12.

        Call only on a valid form. None when there is neither a year nor any figure.
        """
        year = self.cleaned_data["year"] or (latest.year if latest else None)
        if year is None:
            return None
        month = self.cleaned_data["month"] or (latest.month if latest and latest.year == year else 12)
        return Period(year=year, month=month)
