"""What an uploaded workbook may cost, checked by streaming its XML before openpyxl builds a single row.

The zip checks (size, ratio) bound the bytes; these bound the work: openpyxl holds a whole row in memory
and walks every cell the sheet names, so a 2,5 MB file of empty cells or 47 MB of shared strings held a
worker for 40 s. Here each worksheet and the shared strings are read with lxml's iterparse (entities
never resolved, no DTD, no network), counting as they go and stopping at the first limit, so a refused
file costs a fraction of a second. Hand-built sheets are checked too: a row written twice or out of
order would make openpyxl drop rows silently.
"""

import re
import time
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lxml import etree

MAX_ROWS = 20_000  # a province's staff, with room to spare
MAX_CELLS = 200_000  # 20.000 rows × 4 columns, with room for a few stray cells
MAX_SHARED_STRINGS = 100_000
MAX_TEXT_CHARS = 4_000_000  # every string of the workbook together (names and codes of 20.000 staff ≈ 1 M)
PARSE_BUDGET_SECONDS = (
    15.0  # scan and openpyxl together; a full 20.000-row template parses in about 3 s (0,13 ms a row)
)
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
DIMENSION_LAST_ROW = re.compile(r"[A-Z]{1,3}([0-9]{1,7})$")


class UploadRefused(Exception):
    """The workbook exceeds a limit or is built in a way the template never is; args[0] is the message."""


@dataclass
class Budget:
    """The counters of one upload, shared by every part it reads."""

    cells: int = 0
    shared_strings: int = 0
    text_chars: int = 0
    deadline: float = 0.0

    @classmethod
    def start(cls) -> "Budget":
        return cls(deadline=time.monotonic() + PARSE_BUDGET_SECONDS)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise UploadRefused(_("Tệp mất quá nhiều thời gian để đọc; hãy dùng mẫu đã tải về."))

    def add_text(self, text: str | None) -> None:
        self.text_chars += len(text or "")
        if self.text_chars > MAX_TEXT_CHARS:
            raise UploadRefused(_("Tệp có quá nhiều chữ (tối đa %(max)s ký tự).") % {"max": f"{MAX_TEXT_CHARS:,}"})


def _events(stream, tags: tuple[str, ...]):
    return etree.iterparse(
        stream,
        events=("start", "end"),
        tag=tags,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
    )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _check_dimension(element) -> None:
    """`<dimension ref="A1:D20000">`: openpyxl's read-only mode walks every row it names, even empty ones."""
    match = DIMENSION_LAST_ROW.search(element.get("ref") or "")
    if match and int(match.group(1)) > MAX_ROWS + 100:
        raise UploadRefused(_("Tệp có quá nhiều dòng."))


def scan_sheet(stream, budget: Budget) -> None:
    """Count the rows and cells of one worksheet; rows and cells must come in order, each once."""
    last_row = last_column = rows = 0
    tags = (f"{MAIN}dimension", f"{MAIN}row", f"{MAIN}c", f"{MAIN}t", f"{MAIN}v")
    for event, element in _events(stream, tags):
        tag = element.tag[len(MAIN) :]
        if event == "start":
            if tag == "dimension":
                _check_dimension(element)
            elif tag == "row":
                rows += 1
                raw = element.get("r")
                number = last_row + 1 if raw is None else int(raw) if re.fullmatch(r"[0-9]{1,7}", raw) else -1
                if rows > MAX_ROWS + 100:
                    raise UploadRefused(_("Tệp có quá nhiều dòng."))
                if number <= last_row:
                    raise UploadRefused(
                        _("Dòng %(row)s xuất hiện hai lần hoặc không theo thứ tự; hãy dùng mẫu đã tải về.")
                        % {"row": element.get("r")}
                    )
                last_row, last_column = number, 0
            elif tag == "c":
                budget.cells += 1
                if budget.cells > MAX_CELLS:
                    raise UploadRefused(_("Tệp có quá nhiều ô (tối đa %(max)s).") % {"max": f"{MAX_CELLS:,}"})
                match = CELL_REF.fullmatch(element.get("r") or "")
                column = _column_number(match.group(1)) if match else last_column + 1
                if column <= last_column or (match and int(match.group(2)) != last_row):
                    raise UploadRefused(
                        _("Ô %(cell)s xuất hiện hai lần hoặc không theo thứ tự; hãy dùng mẫu đã tải về.")
                        % {"cell": element.get("r")}
                    )
                last_column = column
                if budget.cells % 10_000 == 0:
                    budget.check_time()
            continue
        if tag in ("t", "v"):
            budget.add_text(element.text)
        if tag == "c":
            element.clear()
        elif tag == "row":
            element.clear()
            while element.getprevious() is not None:  # keep the tree we build at one row
                del element.getparent()[0]
            if rows % 500 == 0:
                budget.check_time()
    budget.check_time()


def scan_shared_strings(stream, budget: Budget) -> None:
    """Count the shared strings and their characters (every cell may point at one)."""
    for event, element in _events(stream, (f"{MAIN}si", f"{MAIN}t")):
        if event == "start":
            continue
        if element.tag == f"{MAIN}t":
            budget.add_text(element.text)
            continue
        budget.shared_strings += 1
        if budget.shared_strings > MAX_SHARED_STRINGS:
            raise UploadRefused(_("Tệp có quá nhiều chuỗi chữ (tối đa %(max)s).") % {"max": f"{MAX_SHARED_STRINGS:,}"})
        element.clear()
        if budget.shared_strings % 1000 == 0:
            budget.check_time()


def scan_workbook(archive: zipfile.ZipFile, budget: Budget) -> None:
    """Every worksheet and the shared strings of an opened archive; raises UploadRefused at the first limit.

    A damaged part (not XML, a forged size) raises lxml's or zipfile's own errors, which the caller reports
    as a damaged file.
    """
    for info in archive.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            with archive.open(info) as stream:
                scan_sheet(stream, budget)
        elif name == "xl/sharedStrings.xml":
            with archive.open(info) as stream:
                scan_shared_strings(stream, budget)
