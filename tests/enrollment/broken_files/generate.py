"""Writes the broken Excel files of this folder: `python -m tests.enrollment.broken_files.generate`.

Each mimics the template of Đắk Lắk (63-scheme code 66), April 2021 of the demo, with two good
rows (6 and 7) and one problem. `EXPECTED` says which message (and row) the importer must give.
The 5 MB case is made in the test itself rather than committed.
"""

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from enrollment.imports.layout import COLUMNS, HEADER_ROW, SHEET_NAME

HERE = Path(__file__).resolve().parent
GOOD_ROWS = [("VNP660101", 5), ("VNP660102", 3)]

# file name → (row or None, fragment of the Vietnamese message)
EXPECTED = {
    "unknown_code.xlsx": (8, "VNP999999 không tồn tại"),
    "other_province.xlsx": (8, "VNP010101 không thuộc Đắk Lắk"),
    "inactive_staff.xlsx": (8, "không còn làm việc"),
    "negative.xlsx": (8, "không được âm"),
    "decimal.xlsx": (8, "phần thập phân"),
    "text.xlsx": (8, "không phải là số"),
    "empty_cell.xlsx": (8, "bỏ trống"),
    "formula.xlsx": (8, "công thức"),
    "duplicate_row.xlsx": (8, "bị lặp"),
    "missing_code.xlsx": (8, "Thiếu mã nhân viên"),
    "wrong_month.xlsx": (HEADER_ROW, "tháng khác"),
    "wrong_province.xlsx": (HEADER_ROW, "tỉnh khác"),
    "wrong_sheet.xlsx": (None, "trang tính"),
    "wrong_columns.xlsx": (HEADER_ROW, "tiêu đề"),
    "extra_column.xlsx": (HEADER_ROW, "tiêu đề"),
    "not_xlsx.xlsx": (None, "không phải Excel .xlsx hợp lệ"),
    "not_xlsx.csv": (None, "không phải Excel .xlsx"),
    "corrupt.xlsx": (None, "Không đọc được"),
    "zip_bomb.xlsx": (None, "nén bất thường"),
}
INACTIVE_CODE = "VNP660201"  # the test ends this person's work before April 2021


def workbook(rows, *, sheet=SHEET_NAME, code="66", scheme="63", month=4, year=2021, columns=COLUMNS) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "Mã tỉnh", code, "Phân cấp", scheme
    ws["A3"], ws["B3"], ws["C3"], ws["D3"] = "Tháng", month, "Năm", year
    for column, title in enumerate(columns, start=1):
        ws.cell(row=HEADER_ROW, column=column, value=title)
    for number, (staff_code, value) in enumerate(rows, start=HEADER_ROW + 1):
        ws.cell(row=number, column=1, value=staff_code)
        ws.cell(row=number, column=2, value="Tên")
        ws.cell(row=number, column=3, value="Bưu điện")
        ws.cell(row=number, column=4, value=value)
    return book


def with_bad_row(staff_code, value) -> Workbook:
    return workbook([*GOOD_ROWS, (staff_code, value)])


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (80 * 1024 * 1024))
    return buffer.getvalue()


def corrupt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "not xml at all")
        archive.writestr("xl/workbook.xml", "<<<broken")
    return buffer.getvalue()


def build_all() -> dict[str, bytes]:
    books = {
        "unknown_code.xlsx": with_bad_row("VNP999999", 1),
        "other_province.xlsx": with_bad_row("VNP010101", 1),
        "inactive_staff.xlsx": with_bad_row(INACTIVE_CODE, 1),
        "negative.xlsx": with_bad_row("VNP660103", -2),
        "decimal.xlsx": with_bad_row("VNP660103", 2.5),
        "text.xlsx": with_bad_row("VNP660103", "ba"),
        "empty_cell.xlsx": with_bad_row("VNP660103", None),
        "formula.xlsx": with_bad_row("VNP660103", "=D6+D7"),
        "duplicate_row.xlsx": with_bad_row("VNP660101", 2),
        "missing_code.xlsx": with_bad_row(None, 2),
        "wrong_month.xlsx": workbook(GOOD_ROWS, month=5),
        "wrong_province.xlsx": workbook(GOOD_ROWS, code="01"),
        "wrong_sheet.xlsx": workbook(GOOD_ROWS, sheet="Sheet1"),
        "wrong_columns.xlsx": workbook(GOOD_ROWS, columns=["Mã NV", "Họ và tên", "Số người tham gia mới", "Bưu điện"]),
        "extra_column.xlsx": workbook(GOOD_ROWS, columns=[*COLUMNS, "Ghi chú"]),
    }
    files = {}
    for name, book in books.items():
        buffer = io.BytesIO()
        book.save(buffer)
        files[name] = buffer.getvalue()
    files["not_xlsx.xlsx"] = "Mã NV;Số\nVNP660101;5\n".encode()
    files["not_xlsx.csv"] = files["not_xlsx.xlsx"]
    files["corrupt.xlsx"] = corrupt()
    files["zip_bomb.xlsx"] = zip_bomb()
    return files


if __name__ == "__main__":
    for name, content in build_all().items():
        (HERE / name).write_bytes(content)
        print(name, len(content))
