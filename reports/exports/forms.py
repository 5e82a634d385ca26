"""The export page's form: which report, which period, which scope."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from enrollment.models import Region
from reports.selectors import Period
from reports.xlsx import REPORT_CHOICES


class ExportForm(forms.Form):
    """?report=&year=&through_month=&region=&province= — the province is its GSO code in the period's scheme."""

    report = forms.ChoiceField(label=_("Báo cáo"), choices=REPORT_CHOICES)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    through_month = forms.IntegerField(label=_("Đến tháng"), min_value=1, max_value=12)
    region = forms.ChoiceField(label=_("Vùng"), required=False)
    province = forms.CharField(
        label=_("Tỉnh/thành phố (mã GSO)"),
        required=False,
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", _("Mã tỉnh gồm 2 chữ số, ví dụ 01 hoặc 66."))],
    )

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Tất cả"))] + list(Region.objects.values_list("code", "name"))
        self.province_choices = provinces  # for the page's datalist: (code, name, scheme label)
        self.fields["province"].widget.attrs["list"] = "province-codes"
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["year"], self.cleaned_data["through_month"])
