"""The history page's query string: month, post office, staff, user, and the "older / newer" cursor.

Codes and user names are looked up inside the user's scope (`visible_to`), so a foreign office or person
reads as unknown. Bad input never raises: an invalid field is reported and left out, the rest still applies.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.keyset import Cursor, cursor_parse
from enrollment.models import PostOffice, Staff
from enrollment.selectors import HistoryFilter

CURSOR_MAX = 40


class HistoryFilterForm(forms.Form):
    """?year=&month=&office=<code>&staff=<employee code>&user=<user name>&older=|newer=<cursor>."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
    office = forms.CharField(
        label=_("Mã bưu điện"), max_length=PostOffice._meta.get_field("code").max_length, required=False
    )
    staff = forms.CharField(
        label=_("Mã nhân viên"), max_length=Staff._meta.get_field("employee_code").max_length, required=False
    )
    user = forms.CharField(label=_("Người sửa"), max_length=150, required=False)
    older = forms.CharField(max_length=CURSOR_MAX, required=False, widget=forms.HiddenInput)
    newer = forms.CharField(max_length=CURSOR_MAX, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reader = user

    def clean_office(self) -> int | None:
        code = self.cleaned_data["office"].strip()
        if not code:
            return None
        pk = PostOffice.objects.visible_to(self.reader).filter(code=code).values_list("pk", flat=True).first()
        if pk is None:
            raise forms.ValidationError(
                _("Không có bưu điện mã %(code)s trong phạm vi của bạn."), params={"code": code}
            )
        return pk

    def clean_staff(self) -> int | None:
        code = self.cleaned_data["staff"].strip()
        if not code:
            return None
        pk = Staff.objects.visible_to(self.reader).filter(employee_code=code).values_list("pk", flat=True).first()
        if pk is None:
            raise forms.ValidationError(
                _("Không có nhân viên mã %(code)s trong phạm vi của bạn."), params={"code": code}
            )
        return pk

    def clean_user(self) -> int | None:
        name = self.cleaned_data["user"].strip()
        if not name:
            return None
        pk = get_user_model().objects.filter(username=name).values_list("pk", flat=True).first()
        if pk is None:
            raise forms.ValidationError(_("Không có người dùng %(name)s."), params={"name": name})
        return pk

    def _cursor(self, field: str) -> Cursor | None:
        text = self.cleaned_data[field]
        if not text:
            return None
        try:
            return cursor_parse(text)
        except ValueError:
            raise forms.ValidationError(
                _("Liên kết trang không hợp lệ; đang hiển thị các thay đổi mới nhất.")
            ) from None

    def clean_older(self) -> Cursor | None:
        return self._cursor("older")

    def clean_newer(self) -> Cursor | None:
        return self._cursor("newer")

    def clean(self):
        data = super().clean()
        if data.get("month") and not data.get("year"):
            self.add_error("month", _("Chọn cả năm khi lọc theo tháng."))
        return data

    def valid(self) -> dict:
        """The fields that passed (an invalid form keeps them in cleaned_data): bad ones are left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def narrowed(self, province_id: int | None) -> HistoryFilter:
        data = self.valid()
        return HistoryFilter(
            province_id=province_id,
            year=data.get("year"),
            month=data.get("month"),
            post_office_id=data.get("office"),
            staff_id=data.get("staff"),
            user_id=data.get("user"),
        )
