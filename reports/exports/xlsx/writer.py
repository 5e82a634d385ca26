"""What every Excel report shares: the title block, styles, safe text and the temporary-file output.

Reports are openpyxl write_only workbooks: rows go to disk as they are appended, so memory
stays flat however many rows a report has. Every string is stored as text (never a formula)
whatever it starts with, by core.xlsx_text's rule; numbers stay numbers with a number format
(`#,##0`, `0.0%`).

The only module of the project that uses openpyxl internals (`openpyxl.worksheet._write_only`,
`_values_to_row`, `_add_sheet`, `_cell_styles`, a cell's `_style`): the public API (a WriteOnlyCell per value, styled by a named style)
writes the 50.000-row staff report 2,7× slower (docs/benchmarks.md, "Excel writer: openpyxl vs
XlsxWriter"). tests/reports/test_xlsx_writer.py fails loudly when openpyxl moves off the pinned
version or drops one of them.
"""

import copy
import datetime
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.period import Period
from core.xlsx_text import reads_as_formula, text_assign

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
#: date-time cells follow the UI language's day/month order (Django's en formats put the month first)
DATETIME_FORMAT_BY_LANGUAGE = {"en": "mm/dd/yyyy hh:mm"}
REPORT_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: the title block takes rows 1..5, row 6 is blank, the column headers are on row 7
HEADER_ROW = 7

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_STYLE_SPECS: dict[str, dict[str, Any]] = {
    "title": {"font": Font(bold=True, size=14)},
    "meta": {"font": Font(italic=True, color="444444")},
    "header": {
        "font": Font(bold=True),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "border": _BORDER,
    },
    "text": {"border": _BORDER},
    "center": {"border": _BORDER, "alignment": Alignment(horizontal="center")},
    "count": {"border": _BORDER, "number_format": COUNT_FORMAT},
    "percent": {"border": _BORDER, "number_format": PERCENT_FORMAT},
    "datetime": {"border": _BORDER, "number_format": DATETIME_FORMAT},
    "bold_text": {"border": _BORDER, "font": Font(bold=True)},
    "bold_center": {"border": _BORDER, "font": Font(bold=True), "alignment": Alignment(horizontal="center")},
    "bold_count": {"border": _BORDER, "font": Font(bold=True), "number_format": COUNT_FORMAT},
    "bold_percent": {"border": _BORDER, "font": Font(bold=True), "number_format": PERCENT_FORMAT},
}


@dataclass(frozen=True)
class ReportHeading:
    """The title block of a report: what, which period, which scope, when and by whom."""

    title: str
    period: Period
    scope_label: str
    generated_by: str
    generated_at: datetime.datetime
    view_label: str = ""  # as reported / restated, for the reports that read either (row 6, above the table)

    def lines(self) -> list[str]:
        local = self.generated_at.astimezone(REPORT_TIME_ZONE)
        view = [_("Cách tính: %(view)s") % {"view": self.view_label}] if self.view_label else []
        return [
            _("Kỳ báo cáo: tháng 01–%(month)02d/%(year)d") % {"month": self.period.month, "year": self.period.year},
            _("Phạm vi: %(scope)s") % {"scope": self.scope_label},
            _("Số liệu tính đến: %(date)s")
            % {"date": date_format(data_as_of(self.period, local.date()), "SHORT_DATE_FORMAT")},
            _("Lập lúc: %(at)s, người lập: %(by)s")
            % {"at": date_format(local, "SHORT_DATETIME_FORMAT"), "by": self.generated_by},
            *view,
        ]


def datetime_cell_format() -> str:
    """The Excel number format of date-time cells in the active language."""
    return DATETIME_FORMAT_BY_LANGUAGE.get(get_language(), DATETIME_FORMAT)


def data_as_of(period: Period, today: datetime.date) -> datetime.date:
    """The last day of the period's month, or today while that month is still running."""
    next_month = datetime.date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return min(next_month - datetime.timedelta(days=1), today)


def user_label(user) -> str:
    """How the title block names the person who generated a report."""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    username = user.get_username()
    return f"{full_name} ({username})" if full_name else username


def percent_fraction(percent: Decimal | None) -> float | None:
    """73.3 (from plan_percent) → 0.733, which the `0.0%` format shows as 73,3%."""
    return None if percent is None else float(percent / 100)


class _PreparedCellsSheet(WriteOnlyWorksheet):
    """A write_only worksheet whose rows are lists of ready cells (or None), never bare values.

    openpyxl's own `_values_to_row` first assigns every item as a plain value; for a cell that raises
    and formats a ValueError, then allocates a fresh cell to replace the styled one. With a styled cell
    in every column that was about half the time of the staff report (devtools/bench/xlsx.py). The rows
    are written as they are appended, so the SheetWriter can reuse its cells row after row.
    Overrides a private method of openpyxl (pinned in requirements.txt); every report test reads
    the files back with openpyxl and LibreOffice.
    """

    def _values_to_row(self, values, row_idx):
        for column, cell in enumerate(values, start=1):
            if cell is not None:
                cell.column, cell.row = column, row_idx
                yield cell


class _ReusedCell(Cell):
    """A cell whose style is set once, when it is prepared, then reused row after row.

    openpyxl looks the style up in the workbook's style table for every cell it writes; the
    index of an unchanging style is looked up once here instead.
    """

    __slots__ = ("_style_index", "_styled")

    def __init__(self, sheet: WriteOnlyWorksheet, style: Any = None):
        super().__init__(sheet, row=1, column=1)
        self._style = style
        self._styled = style is not None and any(style)
        self._style_index = self.parent.parent._cell_styles.add(style) if self._styled else 0

    @property
    def style_id(self) -> int:
        return self._style_index

    @property
    def has_style(self) -> bool:
        return self._styled


class SheetWriter:
    """Appends styled rows to one write_only worksheet; widths and frozen panes are set before any row.

    Each (column, style) has one cell object, refilled for every row: openpyxl writes a row out
    when it is appended, so nothing is shared between rows that have been written. (A string that
    would read as a formula gets a cell of its own, with quotePrefix.)
    """

    def __init__(self, workbook: Workbook, title: str, widths: Sequence[float], freeze: str | None = None):
        self.sheet: WriteOnlyWorksheet = _PreparedCellsSheet(parent=workbook, title=title[:31])
        workbook._add_sheet(self.sheet)
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            self.sheet.freeze_panes = freeze
        self.row_count = 0
        specs = _STYLE_SPECS | {"datetime": _STYLE_SPECS["datetime"] | {"number_format": datetime_cell_format()}}
        self._styles = {name: self._prepare(spec) for name, spec in specs.items()}
        self._row_cells: dict[tuple[str | None, ...], list[Cell]] = {}
        self._cells: dict[tuple[int, str | None], Cell] = {}

    def _prepare(self, spec: dict[str, Any]):
        prototype = WriteOnlyCell(self.sheet)
        for attribute, value in spec.items():
            setattr(prototype, attribute, value)
        return prototype._style

    def _cells_for(self, styles: tuple[str | None, ...]) -> list[Cell]:
        """The reused cell of each column for this row's styles (one per (column, style) in the sheet)."""
        cells = self._row_cells.get(styles)
        if cells is None:
            cells = self._row_cells[styles] = [self._cell(column, style) for column, style in enumerate(styles)]
        return cells

    def _cell(self, column: int, style: str | None) -> Cell:
        if (column, style) not in self._cells:
            self._cells[(column, style)] = _ReusedCell(self.sheet, self._styles[style] if style else None)
        return self._cells[(column, style)]

    def _text(self, cell: Cell, value: str, style: str | None) -> Cell:
        if style and reads_as_formula(value):
            cell = WriteOnlyCell(self.sheet)
            cell._style = copy.copy(self._styles[style])
            cell.quotePrefix = True  # for this cell only
        text_assign(cell, value)
        return cell

    def append(self, values: Iterable[Any], styles: Sequence[str | None]) -> int:
        """Append one row: strings always as text, numbers as numbers with their style's format; an unstyled
        None is no cell at all. Returns the row's 1-based number."""
        styles = tuple(styles)
        row: list[Cell | None] = []
        for cell, value, style in zip(self._cells_for(styles), values, styles, strict=True):
            if value is None:
                if style is None:
                    row.append(None)
                    continue
                cell.value = None
            elif isinstance(value, str):
                cell = self._text(cell, value, style)
            elif isinstance(value, Promise):  # a lazy translation
                cell = self._text(cell, str(value), style)
            else:
                cell.value = value
            row.append(cell)
        self.sheet.append(row)
        self.row_count += 1
        return self.row_count

    def title_block(self, heading: ReportHeading) -> None:
        """Rows 1–5: report name, period, scope, 'số liệu tính đến', generated at and by; row 6 the view or blank."""
        self.append([heading.title], ["title"])
        for line in heading.lines():
            self.append([line], ["meta"])
        while self.row_count < HEADER_ROW - 1:
            self.sheet.append([])
            self.row_count += 1

    def header(self, labels: Sequence[str]) -> int:
        return self.append(labels, ["header"] * len(labels))


def month_columns(period: Period) -> list[str]:
    """ "Tháng 1" … "Tháng M", then "Lũy kế đến tháng M": the monthly block of the detail reports."""
    return [
        *[_("Tháng %(month)d") % {"month": m} for m in range(1, period.month + 1)],
        _("Lũy kế đến tháng %(month)d") % {"month": period.month},
    ]


def workbook_new() -> Workbook:
    """An empty streaming workbook."""
    return Workbook(write_only=True)


def workbook_to_tempfile(workbook: Workbook) -> IO[bytes]:
    """Save to an anonymous temporary file (deleted when closed), rewound for reading."""
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
