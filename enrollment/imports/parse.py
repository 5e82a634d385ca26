"""Read a filled template back. Every problem becomes (row number, message in the user's language); nothing is saved."""

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl import load_workbook

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
from enrollment.imports.limits import MAX_ROWS, Budget, UploadRefused, scan_workbook
from enrollment.models import Province, Staff
from enrollment.selectors import entry_staff
from enrollment.services.figure_rules import count_parse

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # a real template of a province is well under 5 MB unpacked
MAX_COMPRESSION_RATIO = 200


@dataclass
class ParseResult:
    """{staff id: value} for the valid rows, and [(row number or None, message)] for the problems.

    `expected` is {staff id: the value the template was built with, None if it had none} — the stale check
    figures_record applies — or None when the file carries no such values (a hand-made sheet). `rows` maps
    each staff id to its row, so a refusal can name the row.
    """

    values: dict[int, int] = field(default_factory=dict)
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    expected: dict[int, int | None] | None = None
    rows: dict[int, int] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)

    def fail(self, message: str, row: int | None = None) -> "ParseResult":
        self.errors.append((row, message))
        return self


def _file_problem(upload, budget: Budget) -> str | None:
    """Why the upload cannot be read as a template, checked on the archive before openpyxl opens it."""
    if upload.size > MAX_UPLOAD_BYTES:
        return _("Tệp lớn hơn 5 MB.")
    if not upload.name.lower().endswith(".xlsx"):
        return _("Tệp không phải Excel .xlsx (hãy dùng mẫu đã tải về).")
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        return _("Tệp không phải Excel .xlsx hợp lệ hoặc đã bị hỏng.")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                return _("Tệp không phải Excel .xlsx hợp lệ hoặc đã bị hỏng.")
            if unpacked > MAX_UNCOMPRESSED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
                return _("Tệp nén bất thường (quá lớn khi giải nén); không đọc.")
            if _has_macros(archive, names):
                return _("Tệp có chứa macro (VBA); chỉ nhận tệp .xlsx không có macro như mẫu đã tải về.")
            scan_workbook(archive, budget)
    except UploadRefused as refusal:
        return refusal.args[0]
    except (zipfile.BadZipFile, etree.LxmlError, ValueError, OSError, EOFError):
        return _("Không đọc được tệp Excel; tệp có thể bị hỏng.")
    upload.seek(0)
    return None


def _has_macros(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """A macro-enabled workbook renamed .xlsx: a VBA project part, or a content type that declares one."""
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return True
    if "[Content_Types].xml" not in names or archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
        return False
    types = archive.read("[Content_Types].xml").lower()
    return b"macroenabled" in types or b"vbaproject" in types


def _cell_count(value) -> tuple[int | None, str | None]:
    """A cell's whole number, or the reason it is not one: `count_parse`, the reader of every path, so "5" stored
    as text is 5 and "1.000" is one thousand here as in the grid."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("Ô số liệu bị bỏ trống (nhập 0 nếu không có).")
    if isinstance(value, str) and value.startswith("="):
        return None, _("Ô số liệu chứa công thức; hãy nhập số.")
    try:
        return count_parse(value), None
    except ValidationError as error:
        return None, error.messages[0]


def _accepted_headers() -> set[tuple[str, ...]]:
    """The column titles in every UI language: a template downloaded in English may be uploaded in Vietnamese."""
    headers = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            headers.add(tuple(_(title) for title in COLUMNS))
    return headers


def _header_problems(sheet, province: Province, year: int, month: int) -> list[str]:
    problems = []
    header = [sheet.cell(row=HEADER_ROW, column=c).value for c in range(1, len(COLUMNS) + 2)]
    titles = tuple(str(v or "").strip() for v in header[: len(COLUMNS)])
    if titles not in _accepted_headers() or header[len(COLUMNS)] not in (None, ""):
        problems.append(
            _("Dòng tiêu đề (dòng %(row)s) không đúng mẫu: cần các cột %(cols)s.")
            % {"row": HEADER_ROW, "cols": ", ".join(_(title) for title in COLUMNS)}
        )
    if (
        str(sheet[PROVINCE_CELL].value or "").strip() != province.code
        or str(sheet[SCHEME_CELL].value or "").strip() != province.scheme
    ):
        problems.append(
            _("Tệp là mẫu của tỉnh khác (ô %(cell)s), không phải %(name)s.")
            % {"cell": PROVINCE_CELL, "name": province.name}
        )
    if sheet[MONTH_CELL].value != month or sheet[YEAR_CELL].value != year:
        problems.append(
            _("Tệp là mẫu của tháng khác (ô %(m)s, %(y)s), không phải %(month)s/%(year)s.")
            % {"m": MONTH_CELL, "y": YEAR_CELL, "month": month, "year": year}
        )
    return problems


class TemplateRefused(Exception):
    """An upload that cannot be read as the template: `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _unreadable() -> str:
    return _("Không đọc được tệp Excel; tệp có thể bị hỏng.")


@contextmanager
def template_sheet(upload, budget: Budget, sheet_name: str) -> Iterator[tuple]:
    """(workbook, sheet) of an uploaded template — the file within the limits, readable, its sheet present and
    visible — closed afterwards. Any failure, also while the caller reads the sheet (read-only mode reads lazily: a
    forged cell fails there), becomes TemplateRefused. The figures and the plans imports both open files here."""
    problem = _file_problem(upload, budget)
    if problem:
        raise TemplateRefused(problem)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise TemplateRefused(_unreadable()) from error
    try:
        if sheet_name not in workbook.sheetnames:
            raise TemplateRefused(_("Không có trang tính “%(name)s” của mẫu.") % {"name": sheet_name})
        sheet = workbook[sheet_name]
        if sheet.sheet_state != "visible":  # a decoy sheet in front, the data read from a hidden one
            raise TemplateRefused(_("Trang tính “%(name)s” đang bị ẩn; hãy dùng mẫu đã tải về.") % {"name": sheet_name})
        yield workbook, sheet
    except TemplateRefused:
        raise
    except UploadRefused as refusal:
        raise TemplateRefused(refusal.args[0]) from refusal
    except Exception as error:
        raise TemplateRefused(_unreadable()) from error
    finally:
        workbook.close()


def template_parse(*, user, upload, province: Province, year: int, month: int) -> ParseResult:
    """Validate an uploaded template against (province, month). Saves nothing."""
    result = ParseResult()
    budget = Budget.start()
    try:
        with template_sheet(upload, budget, SHEET_NAME) as (workbook, sheet):
            for message in _header_problems(sheet, province, year, month):
                result.fail(message, HEADER_ROW)
            if result.errors:
                return result
            raw = _data_rows(sheet, budget)
            seen = _seen_values(workbook, budget)
    except TemplateRefused as refusal:
        return result.fail(refusal.message)
    if raw is None:
        return result.fail(_("Tệp có quá nhiều dòng."))
    _check_rows(result, raw, user=user, province=province, year=year, month=month)
    if seen is not None:
        result.expected = {staff_id: seen.get(result.codes[staff_id]) for staff_id in result.values}
    if result.errors:
        result.values, result.expected = {}, None
    return result


def _data_rows(sheet, budget: Budget) -> list[tuple[int, str, object]] | None:
    """(row number, staff code, value cell) of every non-empty data row; None past MAX_ROWS."""
    raw = []
    for number, row in enumerate(sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=4, values_only=True), FIRST_DATA_ROW):
        if number - FIRST_DATA_ROW > MAX_ROWS:
            return None
        if number % 1000 == 0:
            budget.check_time()
        code = str(row[0]).strip() if row and row[0] is not None else ""
        value = row[3] if len(row) > 3 else None
        if not code and all(v in (None, "") for v in row):
            continue
        raw.append((number, code, value))
    return raw


def _seen_values(workbook, budget: Budget) -> dict[str, int | None] | None:
    """{staff code: value when the template was built} from the template's hidden sheet; None without one."""
    if SEEN_SHEET_NAME not in workbook.sheetnames:
        return None
    seen: dict[str, int | None] = {}
    for number, row in enumerate(workbook[SEEN_SHEET_NAME].iter_rows(min_row=2, max_col=2, values_only=True), 2):
        if number % 1000 == 0:
            budget.check_time()
        code, value = (tuple(row) + (None, None))[:2]
        if code is None:
            continue
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise UploadRefused(
                _("Trang ẩn “%(name)s” của mẫu đã bị sửa; hãy tải mẫu mới.") % {"name": SEEN_SHEET_NAME}
            )
        seen[str(code).strip()] = value
    return seen


def _check_rows(result: ParseResult, raw, *, user, province: Province, year: int, month: int) -> None:
    codes = {code for _n, code, _v in raw if code}
    active = {
        s.employee_code: s.pk
        for s in entry_staff(user=user, year=year, month=month, province_id=province.pk)
        .filter(employee_code__in=codes)
        .only("employee_code")
    }
    known = {
        code: (province_id == province.pk)
        for code, province_id in Staff.objects.filter(employee_code__in=codes - active.keys()).values_list(
            "employee_code", "post_office__province_id"
        )
    }
    seen: dict[str, int] = {}
    if not raw:
        result.fail(_("Tệp không có dòng số liệu nào."))
    for number, code, value in raw:
        if not code:
            result.fail(_("Thiếu mã nhân viên."), number)
            continue
        if code in seen:
            result.fail(
                _("Mã nhân viên %(code)s bị lặp (đã có ở dòng %(first)s).") % {"code": code, "first": seen[code]},
                number,
            )
            continue
        seen[code] = number
        if code not in active:
            if code not in known:
                message = _("Mã nhân viên %(code)s không tồn tại.")
            elif known[code]:
                message = _("Nhân viên %(code)s không còn làm việc trong tháng này.")
            else:
                message = _("Nhân viên %(code)s không thuộc %(name)s.")
            result.fail(message % {"code": code, "name": province.name}, number)
            continue
        count, problem = _cell_count(value)
        if problem:
            result.fail(problem, number)
        else:
            result.values[active[code]] = count
            result.rows[active[code]] = number
            result.codes[active[code]] = code
