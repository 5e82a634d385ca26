"""Staff Excel report at scale, against a bare openpyxl write_only loop writing the same rows.

The floor writes exactly the report's staff rows — the same values from the same selector
(`staff_months` through `reports.exports.xlsx.staff.row_values`) — as plain values: no title block, no
styles, no number formats. The report reads them from the database and writes every cell styled
(borders, `#,##0`). Each run is a child process (`devtools.bench.xlsx_child`) so that its peak resident
memory is its own; the figure is the median of `runs` runs, report and floor alternating.
"""

import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from django.conf import settings

from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.selectors import staff_months
from reports.exports.xlsx.staff import row_values
from reports.management.commands.export_report import command_line_user


@dataclass
class XlsxRun:
    name: str
    rows: int
    seconds: float
    peak_rss_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


# Linux keeps a process's peak RSS across fork and exec, so a child started from this (large) process
# would report ours. A small fresh interpreter starts the measured one and reports its children's peak.
_RSS_WRAPPER = """
import resource, subprocess, sys
print(subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout.strip())
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _child(arguments: list[str]) -> tuple[float, float]:
    """(seconds the child measured, its peak RSS in MB)."""
    output = subprocess.run(
        [sys.executable, "-c", _RSS_WRAPPER, sys.executable, "-m", "devtools.bench.xlsx_child", *arguments],
        check=True,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=os.environ,
    )
    seconds, peak_kib = output.stdout.split()[-2:]
    return float(seconds), int(peak_kib) / 1024


def _summary(name: str, rows: int, results: list[tuple[float, float]]) -> XlsxRun:
    return XlsxRun(name, rows, statistics.median(s for s, _ in results), max(m for _, m in results))


def staff_report_runs(period: Period, runs: int = 3) -> tuple[XlsxRun, XlsxRun]:
    """(staff report as the download builds it, bare openpyxl loop) for every staff member it lists."""
    rows = [
        row_values(number, row)
        for number, row in enumerate(staff_months(user=command_line_user(), period=period, scope=ExportScope()), 1)
    ]
    with tempfile.TemporaryDirectory() as folder:
        rows_path = os.path.join(folder, "rows.pickle")
        with open(rows_path, "wb") as out:
            pickle.dump(rows, out)
        report_args = ["report", str(period.year), str(period.month), os.path.join(folder, "staff.xlsx")]
        floor_args = ["floor", rows_path, os.path.join(folder, "bare.xlsx")]
        report_results, floor_results = [], []
        for _ in range(runs):
            report_results.append(_child(report_args))
            floor_results.append(_child(floor_args))
    count = len(rows)
    return (
        _summary(f"staff Excel report ({count:,} staff × {period.month} months)", count, report_results),
        _summary("floor: bare openpyxl write_only loop, same rows and values", count, floor_results),
    )


def xlsx_table(report: XlsxRun, floor: XlsxRun) -> str:
    ratio = report.rows_per_second / floor.rows_per_second
    return (
        "| measurement | rows | median seconds | rows/s | peak RSS MB |\n|---|---:|---:|---:|---:|\n"
        + "".join(
            f"| {r.name} | {r.rows:,} | {r.seconds:.2f} | {r.rows_per_second:,.0f} | {r.peak_rss_mb:.0f} |\n"
            for r in (report, floor)
        )
        + f"\nStaff report speed = {ratio:.2f}× the bare loop (target ≥ 0,8×); peak RSS target < 150 MB. "
        "The floor writes the report's staff rows (same values) as plain cells, from memory; the report "
        "queries them and writes every cell styled, plus its title block and total row.\n"
    )
