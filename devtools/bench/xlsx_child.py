"""What `devtools.bench.xlsx` runs in a child process, so that the peak memory it reports is one run's alone.

    python -m devtools.bench.xlsx_child report YEAR MONTH OUT   # the staff report, as the download builds it
    python -m devtools.bench.xlsx_child floor ROWS.pickle OUT   # bare openpyxl: the same rows, plain values

Prints the seconds (devtools.bench.xlsx measures the peak memory from outside). The report's seconds run from the query to the saved file;
the floor's from the empty workbook to the saved file (its rows are already in memory, read from
the pickle before the clock starts).
"""

import os
import pickle
import shutil
import sys
import time


def report_seconds(year: int, month: int, output: str) -> float:
    import django

    django.setup()
    from core.period import Period
    from reports.exports.scope import ExportScope
    from reports.exports.xlsx import report_build
    from reports.management.commands.export_report import command_line_user

    started = time.perf_counter()
    handle = report_build(name="staff", user=command_line_user(), period=Period(year, month), scope=ExportScope())
    seconds = time.perf_counter() - started
    with handle, open(output, "wb") as out:
        shutil.copyfileobj(handle, out)
    return seconds


def floor_seconds(rows_path: str, output: str) -> float:
    from openpyxl import Workbook

    with open(rows_path, "rb") as source:
        rows = pickle.load(source)  # noqa: S301 — written by devtools.bench.xlsx in the parent process
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    workbook.save(output)
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_tracker.settings")
    if argv[0] == "report":
        seconds = report_seconds(int(argv[1]), int(argv[2]), argv[3])
    else:
        seconds = floor_seconds(argv[1], argv[2])
    print(f"{seconds:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
