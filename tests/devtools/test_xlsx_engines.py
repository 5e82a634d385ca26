"""devtools/bench/xlsx_engines.py compares like with like: every engine writes the same cells, formats and text."""

import pytest
from openpyxl import load_workbook

from devtools.bench import xlsx_engines

pytest.importorskip("xlsxwriter")  # requirements-load.txt


def cells(path) -> list[list[tuple]]:
    sheet = load_workbook(path).worksheets[0]
    rows = [row for row in sheet.iter_rows() if isinstance(row[0].value, int)]  # the data rows, not the header
    return [[(c.value, c.data_type, c.number_format, c.quotePrefix) for c in row] for row in rows]


@pytest.mark.parametrize("engine", ["public", "xlsxwriter"])
def test_each_engine_writes_what_todays_writer_writes(engine, tmp_path):
    writers = {"today": xlsx_engines.write_today, "public": xlsx_engines.write_public}
    writers["xlsxwriter"] = xlsx_engines.write_xlsxwriter
    for name in ("today", engine):
        writers[name](xlsx_engines.staff_rows(1000), tmp_path / f"{name}.xlsx")
    today, other = cells(tmp_path / "today.xlsx"), cells(tmp_path / f"{engine}.xlsx")
    assert len(today) == 1000 and other == today
    quoted = today[999][2]
    assert quoted == ("=Nguyễn Văn 01000", "s", "General", True)  # the '=' name: text, quote-prefixed
    assert {row[6][2] for row in today} == {"#,##0"} and {row[-1][2] for row in today} == {"0.0%"}


def test_the_script_prints_one_row_per_engine(capsys, monkeypatch):
    def measured(engine: str, count: int, output: str) -> tuple[float, float]:
        open(output, "wb").close()  # an empty file where the child would have saved its workbook
        return 2.0, 50.0

    monkeypatch.setattr(xlsx_engines, "measure", measured)
    monkeypatch.setattr("sys.argv", ["xlsx_engines.py", "--rows", "10", "--runs", "1"])
    xlsx_engines.main()
    table = capsys.readouterr().out
    assert table.count("| 2.00 | 5 | 1.00× | 50 |") == 3 and "XlsxWriter, constant_memory" in table
