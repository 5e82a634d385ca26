"""The users page's forms: they parse what HQ typed; accounts.services decides and saves."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.services import ROLE_CHOICES
from accounts.widgets import styled
from enrollment.models import Province

# Dates keep Django's default widget, as the staff form does: the active language's first DATE_INPUT_FORMATS.


class ProvinceChoice(forms.ModelChoiceField):
    def label_from_instance(self, province):
        return f"{province.name} ({province.get_scheme_display()})"


class ProvincesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, province):
        return f"{province.name} ({province.get_scheme_display()})"


def province_queryset(user):
    # Today's 34 first: a new assignment is almost always on the scheme in force.
    return Province.objects.visible_to(user, "change").order_by("scheme", "name", "pk")


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), help_text=_("Đường dẫn đặt mật khẩu được gửi tới địa chỉ này."))
    role = forms.ChoiceField(label=_("Vai trò"), choices=ROLE_CHOICES)
    provinces = ProvincesChoice(
        label=_("Tỉnh phụ trách (lãnh đạo tỉnh)"),
        queryset=Province.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    valid_from = forms.DateField(label=_("Phụ trách từ ngày"), required=False, help_text=_("Để trống: từ hôm nay."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinces"].queryset = province_queryset(user)
        self.fields["username"].help_text = get_user_model()._meta.get_field("username").help_text
        styled(self)


class AssignmentForm(forms.Form):
    province = ProvinceChoice(label=_("Tỉnh/thành phố"), queryset=Province.objects.none())
    valid_from = forms.DateField(label=_("Từ ngày"))
    valid_to = forms.DateField(label=_("Đến ngày"), required=False, help_text=_("Để trống: chưa có ngày kết thúc."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = province_queryset(user)
        styled(self)


class AssignmentEndForm(forms.Form):
    valid_to = forms.DateField(label=_("Ngày kết thúc (ngày cuối còn phụ trách)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self, "sm")
