"""Build the plans template of a year: one row per province of the year's schemes, with its current plan."""

import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from core.xlsx_text import text_assign
from enrollment.imports.plans_layout import (
    PLANS_COLUMNS,
    PLANS_FIRST_DATA_ROW,
    PLANS_HEADER_ROW,
    PLANS_SHEET_NAME,
    PLANS_YEAR_CELL,
)
from enrollment.plan_selectors import year_plan_rows
from enrollment.services.plan_rules import PLAN_MAX


def plans_template_build(*, user, year: int):
    """The template as an open temporary file (rewound), ready for FileResponse."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLANS_SHEET_NAME
    sheet["A1"] = _("Kế hoạch năm phát triển người tham gia BHXH tự nguyện — năm %(year)s") % {"year": year}
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"], sheet[PLANS_YEAR_CELL] = _("Năm"), year
    sheet["A3"] = _("Chỉ sửa cột D (số nguyên từ 1). Ô trống: giữ nguyên. Không thêm, xóa hay đổi thứ tự cột.")
    for column, title in enumerate(PLANS_COLUMNS, start=1):
        sheet.cell(row=PLANS_HEADER_ROW, column=column, value=_(title)).font = Font(bold=True)
    row = PLANS_FIRST_DATA_ROW
    for row, plan in enumerate(year_plan_rows(user=user, year=year), start=PLANS_FIRST_DATA_ROW):
        text_assign(sheet.cell(row=row, column=1), plan.province.code)
        text_assign(sheet.cell(row=row, column=2), plan.province.name)
        text_assign(sheet.cell(row=row, column=3), plan.province.scheme)
        sheet.cell(row=row, column=4, value=plan.own).number_format = "#,##0"
    validation = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2=str(PLAN_MAX),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Số không hợp lệ"),
        error=_("Nhập số nguyên từ 1."),
    )
    validation.add(f"D{PLANS_FIRST_DATA_ROW}:D{row}")
    sheet.add_data_validation(validation)
    for letter, width in zip("ABCD", (10, 30, 10, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{PLANS_FIRST_DATA_ROW}"
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output
