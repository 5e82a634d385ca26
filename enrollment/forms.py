"""Forms of the entry pages. They validate input and hand clean values to the services."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.period import default_period, period_complete
from enrollment.models import PostOffice, Staff
from enrollment.selectors import EntryRow
from enrollment.services.figure_rules import count_parse

PK_MAX = 2**63 - 1  # a larger id is not a row; SQLite cannot even bind it
SEEN_PATTERN = re.compile(r"[0-9]{0,6}")  # ASCII digits only: "²".isdigit() is True but int("²") raises


class PeriodForm(forms.Form):
    """Which month (and province, post office) the page is about; bad input falls back to the default.

    The default is core.period's, the same as the report pages' and the exports': the latest month
    with figures the user may see, or the last calendar month.
    """

    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)
    province = forms.IntegerField(min_value=1, max_value=PK_MAX, required=False)
    office = forms.IntegerField(min_value=1, max_value=PK_MAX, required=False)

    def period(self, *, user) -> tuple[int, int]:
        chosen = self.cleaned_data if self.is_valid() else {}
        year, month = chosen.get("year"), chosen.get("month")
        if not (year and month):  # the default costs a query: read it only when needed
            period = period_complete(year, month, default_period(user=user))
            year, month = period.year, period.month
        return year, month


class CountField(forms.Field):
    """A count as a person types it, read by `count_parse` (the one number reader): "1.000" is one thousand."""

    def to_python(self, value):
        return count_parse(value)


def value_field(staff_id: int) -> str:
    return f"value_{staff_id}"


def confirm_field(staff_id: int) -> str:
    return f"confirm_{staff_id}"


def seen_field(staff_id: int) -> str:
    return f"seen_{staff_id}"


class EntryGridForm(forms.Form):
    """One input per staff row of the grid, the value each row had when the page was loaded, and a "confirm"
    box the page shows on a row flagged as an outlier (services.outliers).

    Only the rows of the grid (already scoped by the selector) become fields, so a forged field
    for someone else's staff is simply ignored.
    """

    def __init__(self, rows: list[EntryRow], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.outliers: set[int] = set()  # rows the last save flagged: the template shows their confirm box
        for row in rows:
            self.fields[value_field(row.staff_id)] = CountField(required=False, initial=row.current)
            self.fields[seen_field(row.staff_id)] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial="" if row.current is None else row.current
            )
            self.fields[confirm_field(row.staff_id)] = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            name = value_field(row.staff_id)
            if not SEEN_PATTERN.fullmatch(self._seen_raw(row.staff_id)):
                # A forged or mangled hidden value ("²", "①": str.isdigit() is True, int() is not) cannot
                # serve as the stale check, so the row is refused rather than saved unchecked.
                self.add_error(name, _("Giá trị ban đầu của ô không hợp lệ; vui lòng tải lại trang."))
            elif name in cleaned and cleaned[name] is None and self.seen(row.staff_id) is not None:
                self.add_error(name, _("Không thể xóa số đã nhập; nhập 0 nếu không có người tham gia mới."))
        return cleaned

    def _seen_raw(self, staff_id: int) -> str:
        return str(self.data.get(self.add_prefix(seen_field(staff_id))) or "").strip()

    def seen(self, staff_id: int) -> int | None:
        """The value the row had when the page was loaded; None when it had none."""
        raw = self._seen_raw(staff_id)
        return int(raw) if SEEN_PATTERN.fullmatch(raw) and raw else None

    def values(self) -> dict[int, int]:
        """{staff id: value} for every filled cell."""
        return {
            row.staff_id: self.cleaned_data[value_field(row.staff_id)]
            for row in self.rows
            if self.cleaned_data.get(value_field(row.staff_id)) is not None
        }

    def expected(self) -> dict[int, int | None]:
        return {staff_id: self.seen(staff_id) for staff_id in self.values()}

    def confirmed(self) -> set[int]:
        """Staff ids whose "confirm" box is ticked: their outlier is saved knowingly."""
        return {row.staff_id for row in self.rows if self.cleaned_data.get(confirm_field(row.staff_id))}

    def cells(self):
        """(row, bound value field, bound seen field, bound confirm field or None) for the template."""
        for row in self.rows:
            confirm = self[confirm_field(row.staff_id)] if row.staff_id in self.outliers else None
            yield row, self[value_field(row.staff_id)], self[seen_field(row.staff_id)], confirm


class UploadForm(forms.Form):
    """The filled Excel template."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class PostOfficeForm(forms.ModelForm):
    """A post office of one province; the parent is chosen among that province's offices."""

    class Meta:
        model = PostOffice
        fields = ["code", "name", "kind", "parent", "is_active"]

    def __init__(self, *args, province, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.province = province
        self.fields["parent"].queryset = offices.filter(province=province).exclude(pk=self.instance.pk)


class StaffForm(forms.ModelForm):
    """A staff member; changing the post office or the quota is a dated change (from `changes_from`)."""

    changes_from = forms.DateField(
        label=_("Điều chuyển / đổi chỉ tiêu từ ngày"),
        required=False,
        help_text=_("Để trống: từ ngày đầu tháng này."),
    )

    class Meta:
        model = Staff
        fields = ["employee_code", "full_name", "post_office", "monthly_quota", "active_from", "active_to"]
        # Dates keep Django's default widget: shown in the active language's first DATE_INPUT_FORMATS
        # (vi 30/04/2021, en 2021-04-30), which that language also parses — a fixed d/m/Y would be misread in English.

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post_office"].queryset = offices
        if self.instance.pk:
            self.fields["employee_code"].disabled = True


class DeadlineRuleForm(forms.Form):
    """HQ's rule: a month is due on day N of the next month."""

    day_of_next_month = forms.IntegerField(
        label=_("Hạn nộp: ngày của tháng sau"),
        min_value=1,
        max_value=28,
        error_messages={
            "invalid": _("Ngày hạn nộp phải từ 1 đến 28."),
            "min_value": _("Ngày hạn nộp phải từ 1 đến 28."),
            "max_value": _("Ngày hạn nộp phải từ 1 đến 28."),
        },
    )


class DeadlineOverrideForm(forms.Form):
    """One month's own due date; empty puts the month back on the rule."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12)
    due_date = forms.DateField(
        label=_("Hạn nộp (dd/mm/yyyy, để trống: theo quy tắc)"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Nhập ngày dạng dd/mm/yyyy.")},
    )
