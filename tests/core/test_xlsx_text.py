"""core.xlsx_text: typed text comes back from the file exactly as text, minus what XML cannot hold."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from core.xlsx_text import reads_as_formula, text_assign, text_clean


def round_trip(values: list[str]) -> list:
    workbook = Workbook()
    for row, value in enumerate(values, start=1):
        text_assign(workbook.active.cell(row=row, column=1), value)
    output = io.BytesIO()
    workbook.save(output)
    sheet = load_workbook(io.BytesIO(output.getvalue())).active
    return [sheet.cell(row=row, column=1) for row in range(1, len(values) + 1)]


def test_text_starting_like_a_formula_is_stored_as_text():
    values = ["=SUM(A1:A9)", '=HYPERLINK("http://x","bấm")', "+84 90", "-5", "@user", "Nguyễn Văn A"]
    cells = round_trip(values)
    assert [c.value for c in cells] == values
    assert {c.data_type for c in cells} == {"s"}


def test_characters_xml_cannot_hold_are_dropped():
    cells = round_trip(["Lê\x07 Thị\x00 B\ufffe\uffff", "tab\tand\nnewline"])
    assert cells[0].value == "Lê Thị B"
    assert cells[1].value == "tab\tand\nnewline"  # what XML can hold stays


@pytest.mark.parametrize(("value", "expected"), [("=1", True), ("+1", True), ("-1", True), ("@a", True),
                                                 ("a=1", False), (" =1", False), ("", False)])  # fmt: skip
def test_reads_as_formula(value, expected):
    assert reads_as_formula(value) is expected


def test_text_clean_keeps_vietnamese():
    assert text_clean("Đắk Lắk \ud800") == "Đắk Lắk "
