"""Build the Excel template: one row per person of a province's offices in a month (the entry grid's people)."""

import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from core.xlsx_text import text_assign
from enrollment.imports.layout import (
    COLUMNS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    MONTH_CELL,
    PROVINCE_CELL,
    SCHEME_CELL,
    SEEN_SHEET_NAME,
    SHEET_NAME,
    YEAR_CELL,
)
from enrollment.models import MonthlyFigure, PostOffice, Province
from enrollment.selectors import entry_staff


def template_build(*, user, province: Province, year: int, month: int):
    """The template as an open temporary file (rewound), ready for FileResponse."""
    # the people of the month at the office of that month (entry_staff), not where they work today
    offices = {office.pk: office for office in PostOffice.objects.filter(province=province).only("code", "name")}
    staff = sorted(
        entry_staff(user=user, year=year, month=month, province_id=province.pk).only("employee_code", "full_name"),
        key=lambda member: (offices[member.month_office_id].code, member.employee_code, member.pk),
    )
    existing = dict(
        MonthlyFigure.objects.filter(staff__in=[member.pk for member in staff], year=year, month=month).values_list(
            "staff_id", "new_participants"
        )
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    title = _("Số người tham gia BHXH tự nguyện mới — tháng %(month)s/%(year)s — %(province)s")
    text_assign(sheet["A1"], title % {"month": month, "year": year, "province": province.name})
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"], sheet[PROVINCE_CELL], sheet["C2"], sheet[SCHEME_CELL] = (
        _("Mã tỉnh"),
        province.code,
        _("Phân cấp"),
        province.scheme,
    )
    text_assign(sheet["E2"], province.name)  # a name starting with "=" must stay text, not become a formula
    sheet["A3"], sheet[MONTH_CELL], sheet["C3"], sheet[YEAR_CELL] = _("Tháng"), month, _("Năm"), year
    sheet["A4"] = _("Chỉ sửa cột D (số nguyên ≥ 0). Không thêm, xóa hay đổi thứ tự cột.")
    for column, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=_(title))
        cell.font = Font(bold=True)
    row, seen_rows = FIRST_DATA_ROW, []
    for row, member in enumerate(staff, start=FIRST_DATA_ROW):
        seen_rows.append((member.employee_code, existing.get(member.pk)))
        office_name = offices[member.month_office_id].name
        for column, text in enumerate((member.employee_code, member.full_name, office_name), start=1):
            text_assign(sheet.cell(row=row, column=column), text)
        cell = sheet.cell(row=row, column=4, value=existing.get(member.pk))
        cell.number_format = "#,##0"
    validation = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Số không hợp lệ"),
        error=_("Nhập số nguyên không âm."),
    )
    validation.add(f"D{FIRST_DATA_ROW}:D{max(row, FIRST_DATA_ROW) + 200}")
    sheet.add_data_validation(validation)
    for letter, width in zip("ABCD", (14, 30, 40, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _add_seen_sheet(workbook, seen_rows)
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output


def _add_seen_sheet(workbook: Workbook, rows: list[tuple[str, int | None]]) -> None:
    """The value of each row when the template was built, on a very hidden sheet (not shown by Excel's Unhide).

    The importer passes them to figures_record as `expected`: a cell someone changed in the grid since the
    download is refused with its current value instead of being overwritten by the old one.
    """
    seen = workbook.create_sheet(SEEN_SHEET_NAME)
    seen.sheet_state = "veryHidden"
    seen.append([_("Mã NV"), _("Số khi tải mẫu")])
    for number, (code, value) in enumerate(rows, start=2):
        text_assign(seen.cell(row=number, column=1), code)
        seen.cell(row=number, column=2, value=value)
