"""SheetWriter reuses one cell per (column, style) row after row: nothing may leak from one row to the next."""

import io

from openpyxl import load_workbook

from reports.exports.xlsx.writer import COUNT_FORMAT, SheetWriter, workbook_new


def written(rows: list[tuple[list, list]]):
    workbook = workbook_new()
    sheet = SheetWriter(workbook, "Thử", widths=[10, 10, 10])
    for values, styles in rows:
        sheet.append(values, styles)
    output = io.BytesIO()
    workbook.save(output)
    return load_workbook(io.BytesIO(output.getvalue())).worksheets[0]


def test_values_styles_and_formula_text_do_not_leak_between_rows():
    sheet = written(
        [
            (["=SUM(A1)", 5, None], ["text", "count", "count"]),
            (["Nguyễn Văn A", None, 7], ["text", "count", None]),
            (["+84 90", 1234567, None], ["bold_text", "count", None]),
            ([None, "", 3], [None, "text", "count"]),
        ]
    )
    first, second, third, fourth = (list(row) for row in sheet.iter_rows(min_row=1, max_row=4, max_col=3))
    assert (first[0].value, first[0].data_type, first[0].quotePrefix) == ("=SUM(A1)", "s", True)
    assert (second[0].value, second[0].data_type, second[0].quotePrefix) == ("Nguyễn Văn A", "s", False)
    assert (third[0].value, third[0].quotePrefix, third[0].font.b) == ("+84 90", True, True)
    assert first[1].value == 5 and first[1].number_format == COUNT_FORMAT and first[1].border.left.style == "thin"
    assert second[1].value is None and second[1].border.left.style == "thin"  # styled empty cell: kept, bordered
    assert second[2].value == 7 and second[2].number_format == "General" and second[2].border.left.style is None
    assert third[1].value == 1234567 and not third[1].font.b
    assert fourth[0].value is None and fourth[0].border.left.style is None  # unstyled None: no cell at all
    assert fourth[1].value is None and fourth[1].border.left.style == "thin"  # "" as it always was: an empty text cell
    assert fourth[2].value == 3 and fourth[2].number_format == COUNT_FORMAT


def test_openpyxl_internals_the_writer_relies_on_are_still_there():
    """Fails loudly on an openpyxl upgrade: the writer overrides and calls private parts of the pinned version.

    If this fails, re-run devtools/bench/xlsx_engines.py: either adapt the writer to the new internals, or
    move to the public API (or XlsxWriter) if the measured gap has closed.
    """
    import inspect
    from pathlib import Path

    import openpyxl
    from django.conf import settings
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    pins = (Path(settings.BASE_DIR) / "requirements.txt").read_text().splitlines()
    assert f"openpyxl=={openpyxl.__version__}" in pins, "openpyxl is not the version writer.py was measured on"
    # the stream calls _values_to_row(row, row_idx) for every appended row, which _PreparedCellsSheet overrides
    assert "self._values_to_row(row, row_idx)" in inspect.getsource(WriteOnlyWorksheet._write_rows)
    assert list(inspect.signature(WriteOnlyWorksheet._values_to_row).parameters) == ["self", "values", "row_idx"]
    workbook = Workbook(write_only=True)
    assert callable(workbook._add_sheet) and callable(workbook._cell_styles.add)
    assert any("_style" in getattr(base, "__slots__", ()) for base in Cell.__mro__)  # the style array cells share
    for name in ("style_id", "has_style"):  # what the stream reads of a cell, which _ReusedCell answers
        assert isinstance(inspect.getattr_static(Cell, name), property)
