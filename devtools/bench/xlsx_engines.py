"""Excel writer engines on the staff report's shape: today's writer, openpyxl's public API, XlsxWriter.

    python devtools/bench/xlsx_engines.py [--rows 50000] [--runs 3]

Each engine writes the same synthetic rows (50.000 staff × 20 columns: STT, code, name, office, province,
quota, 12 months, lũy kế, months met, % of quota; ints, strings, None, `#,##0` and `0.0%`, a few names that
start with '=') in a fresh child process, timed from the empty workbook to the saved file; peak RSS is the
child's own. The rows are generated as they are written, as the report streams them from its query, so
the generator's cost is the same in every engine and no engine holds them all. Prints a Markdown table
(docs/benchmarks.md, "Excel writer: openpyxl vs XlsxWriter"). No database is touched.

The "public" engine is what the writer would be without openpyxl privates: one WriteOnlyCell per value,
styled through named styles registered once (assigning font, border and format per cell is slower still).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "manage.py").exists())
ENGINES = {
    "today": "today's writer (reports/xlsx/writer.py: reused cells, private `_values_to_row` override)",
    "public": "openpyxl write_only, public API only (WriteOnlyCell per value, NamedStyle)",
    "xlsxwriter": "XlsxWriter, constant_memory",
}
STYLES = ["center", "text", "text", "text", "text", "count", *["count"] * 12, "count", "count", "percent"]
WIDTHS = [7, 13, 26, 32, 16, 9, *[9] * 12, 12, 11, 9]


def staff_rows(count: int):
    """Deterministic rows of the staff report's shape (one in 1.000 names reads as a formula)."""
    generator = random.Random(2026)
    for number in range(1, count + 1):
        monthly = [generator.choice((None, 0, 1, 2, 3, 5, 8)) for _ in range(12)]
        cumulative = sum(m or 0 for m in monthly)
        name = ("=" if number % 1000 == 0 else "") + f"Nguyễn Văn {number:05d}"
        quota = generator.choice((2, 3, 4))
        met = sum(1 for m in monthly if (m or 0) >= quota)
        yield [number, f"NV{number:06d}", name, f"Bưu điện {number % 997}", "Hà Nội", quota, *monthly,
               cumulative, met, cumulative / (quota * 12)]  # fmt: skip


def write_today(rows, output: str) -> None:
    from reports.exports.xlsx.writer import SheetWriter, workbook_new

    workbook = workbook_new()
    sheet = SheetWriter(workbook, "Nhân viên", widths=WIDTHS, freeze="D8")
    sheet.header([f"C{i}" for i in range(len(STYLES))])
    for values in rows:
        sheet.append(values, STYLES)
    workbook.save(output)


def write_public(rows, output: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import NamedStyle
    from openpyxl.utils import get_column_letter

    from core.xlsx_text import reads_as_formula, text_clean
    from reports.exports.xlsx.writer import _STYLE_SPECS

    workbook = Workbook(write_only=True)
    for name, spec in _STYLE_SPECS.items():
        workbook.add_named_style(NamedStyle(name=name, **spec))
    quoted = NamedStyle(name="text_quoted", border=_STYLE_SPECS["text"]["border"])
    quoted.protection  # noqa: B018 — builds the default protection before quotePrefix is read
    workbook.add_named_style(quoted)
    sheet = workbook.create_sheet("Nhân viên")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D8"
    for values in rows:
        row = []
        for value, style in zip(values, STYLES, strict=True):
            cell = WriteOnlyCell(sheet)
            if isinstance(value, str):
                cell.value = text_clean(value)
                cell.data_type = "s"
                if reads_as_formula(value):
                    cell.style = style
                    cell.quotePrefix = True
                    row.append(cell)
                    continue
            else:
                cell.value = value
            cell.style = style
            row.append(cell)
        sheet.append(row)
    workbook.save(output)


def write_xlsxwriter(rows, output: str) -> None:
    import xlsxwriter

    from core.xlsx_text import reads_as_formula, text_clean

    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False})
    border = {"border": 1, "border_color": "#999999"}
    formats = {
        "center": workbook.add_format(border | {"align": "center"}),
        "text": workbook.add_format(border),
        "count": workbook.add_format(border | {"num_format": "#,##0"}),
        "percent": workbook.add_format(border | {"num_format": "0.0%"}),
    }
    quoted = workbook.add_format(border | {"quote_prefix": True})
    sheet = workbook.add_worksheet("Nhân viên")
    for index, width in enumerate(WIDTHS):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(7, 3)
    for row_index, values in enumerate(rows, start=7):
        for column, (value, style) in enumerate(zip(values, STYLES, strict=True)):
            if value is None:
                sheet.write_blank(row_index, column, None, formats[style])
            elif isinstance(value, str):
                text_format = quoted if reads_as_formula(value) else formats[style]
                sheet.write_string(row_index, column, text_clean(value), text_format)
            else:
                sheet.write_number(row_index, column, value, formats[style])
    workbook.close()


def child(engine: str, count: int, output: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_tracker.settings")
    import django

    django.setup()
    writer = {"today": write_today, "public": write_public, "xlsxwriter": write_xlsxwriter}[engine]
    started = time.perf_counter()
    writer(staff_rows(count), output)
    print(f"{time.perf_counter() - started:.4f}")


# A fresh small interpreter starts the measured child and reports its children's peak RSS
# (Linux keeps a process's peak across fork and exec, so the parent's own size would leak in).
_RSS_WRAPPER = """
import resource, subprocess, sys
print(subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout.strip())
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(engine: str, count: int, output: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child run."""
    command = [sys.executable, "-c", _RSS_WRAPPER, sys.executable, __file__, "--child", engine, "--rows", str(count)]
    result = subprocess.run([*command, "--output", output], check=True, capture_output=True, text=True, cwd=ROOT)
    seconds, peak_kib = result.stdout.split()[-2:]
    return float(seconds), int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=ENGINES)
    parser.add_argument("--output")
    options = parser.parse_args()
    if options.child:
        child(options.child, options.rows, options.output)
        return
    results: dict[str, list[tuple[float, float, int]]] = {engine: [] for engine in ENGINES}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(options.runs):  # engines interleaved, so a busy moment hits them alike
            for engine in ENGINES:
                path = os.path.join(folder, f"{engine}.xlsx")
                seconds, peak = measure(engine, options.rows, path)
                results[engine].append((seconds, peak, os.path.getsize(path)))
    today = statistics.median(s for s, _, _ in results["today"])
    print(f"{options.rows:,} rows × {len(STYLES)} columns, median of {options.runs} runs\n")
    print("| engine | median seconds | rows/s | vs today | peak RSS MB | file KB |\n|---|---:|---:|---:|---:|---:|")
    for engine, runs in results.items():
        seconds = statistics.median(s for s, _, _ in runs)
        peak = max(m for _, m, _ in runs)
        print(
            f"| {ENGINES[engine]} | {seconds:.2f} | {options.rows / seconds:,.0f} | {today / seconds:.2f}× "
            f"| {peak:.0f} | {runs[-1][2] / 1024:,.0f} |"
        )


if __name__ == "__main__":
    main()
