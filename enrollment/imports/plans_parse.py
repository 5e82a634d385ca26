"""Read a filled plans template back: {province id: target} and [(row, message)]; nothing is saved.

The file passes the templates' own checks first (size, zip, macros, streaming limits: `parse.upload_problem`); a
row names a province of the year's schemes by (code, scheme), which HQ may change; a blank plan cell keeps the
plan as it is.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from core.period import schemes_of_year
from enrollment.imports.limits import MAX_ROWS, Budget, UploadRefused
from enrollment.imports.parse import TemplateRefused, template_sheet
from enrollment.imports.plans_layout import (
    PLANS_COLUMNS,
    PLANS_FIRST_DATA_ROW,
    PLANS_HEADER_ROW,
    PLANS_SHEET_NAME,
    PLANS_YEAR_CELL,
)
from enrollment.models import Province
from enrollment.services.plan_rules import plan_target_validate


@dataclass
class PlansParseResult:
    targets: dict[int, int] = field(default_factory=dict)
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    def fail(self, message: str, row: int | None = None) -> "PlansParseResult":
        self.errors.append((row, message))
        return self


def _accepted_headers() -> set[tuple[str, ...]]:
    headers = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            headers.add(tuple(_(title) for title in PLANS_COLUMNS))
    return headers


def _cell_target(value) -> tuple[int | None, str | None]:
    """A plan cell's whole number, or the reason it is not one."""
    if isinstance(value, str) and value.startswith("="):
        return None, _("Ô kế hoạch chứa công thức; hãy nhập số.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return plan_target_validate(value), None
    except ValidationError as error:
        return None, error.messages[0]


def plans_parse(*, user, upload, year: int) -> PlansParseResult:
    """Validate an uploaded plans template against `year`. Saves nothing; any error empties the targets."""
    result = PlansParseResult()
    budget = Budget.start()
    try:
        with template_sheet(upload, budget, PLANS_SHEET_NAME) as (_workbook, sheet):
            if sheet[PLANS_YEAR_CELL].value != year:
                return result.fail(
                    _("Tệp là mẫu của năm khác (ô %(cell)s), không phải năm %(year)s.")
                    % {"cell": PLANS_YEAR_CELL, "year": year}
                )
            header = tuple(str(sheet.cell(row=PLANS_HEADER_ROW, column=c).value or "").strip() for c in range(1, 5))
            if header not in _accepted_headers():
                return result.fail(
                    _("Dòng tiêu đề (dòng %(row)s) không đúng mẫu: cần các cột %(cols)s.")
                    % {"row": PLANS_HEADER_ROW, "cols": ", ".join(_(title) for title in PLANS_COLUMNS)},
                    PLANS_HEADER_ROW,
                )
            raw = _data_rows(sheet, budget)
    except TemplateRefused as refusal:
        return result.fail(refusal.message)
    _check_rows(result, raw, user=user, year=year)
    if result.errors:
        result.targets = {}
    return result


def _data_rows(sheet, budget: Budget) -> list[tuple[int, str, str, object]]:
    rows = []
    cells = sheet.iter_rows(min_row=PLANS_FIRST_DATA_ROW, max_col=4, values_only=True)
    for number, row in enumerate(cells, PLANS_FIRST_DATA_ROW):
        if number - PLANS_FIRST_DATA_ROW > MAX_ROWS:
            raise UploadRefused(_("Tệp có quá nhiều dòng."))
        if number % 1000 == 0:
            budget.check_time()
        row = tuple(row) + (None,) * (4 - len(row))
        if all(value in (None, "") for value in row):
            continue
        rows.append((number, str(row[0] or "").strip(), str(row[2] or "").strip(), row[3]))
    return rows


def _check_rows(result: PlansParseResult, raw, *, user, year: int) -> None:
    provinces = {
        (p.code, p.scheme): p
        for p in Province.objects.visible_to(user, "change").filter(scheme__in=schemes_of_year(year))
    }
    seen: dict[tuple[str, str], int] = {}
    if not raw:
        result.fail(_("Tệp không có dòng số liệu nào."))
    for number, code, scheme, value in raw:
        key = (code, scheme)
        if key in seen:
            result.fail(
                _("Tỉnh mã %(code)s bị lặp (đã có ở dòng %(first)s).") % {"code": code, "first": seen[key]}, number
            )
            continue
        seen[key] = number
        if key not in provinces:
            result.fail(
                _("Không có tỉnh mã %(code)s (phân cấp %(scheme)s) trong năm %(year)s.")
                % {"code": code, "scheme": scheme, "year": year},
                number,
            )
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # a blank plan keeps the province's plan as it is
        target, problem = _cell_target(value)
        if problem:
            result.fail(problem, number)
        else:
            result.targets[provinces[key].pk] = target
