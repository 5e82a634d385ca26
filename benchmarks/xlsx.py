"""Staff Excel report at scale, against a bare openpyxl write_only loop writing as many rows.

Both run in a child process so that the peak resident memory (ru_maxrss) is theirs alone.
"""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from django.conf import settings

from enrollment.models import Staff
from reports.selectors import Period

BARE_LOOP = """
import sys
from openpyxl import Workbook
rows, path = int(sys.argv[1]), sys.argv[2]
wb = Workbook(write_only=True)
ws = wb.create_sheet()
for i in range(rows):
    ws.append([i, f"NV{i:06d}", "Nguyễn Văn A", "Bưu điện xã", "Tỉnh", 3, *range(12), 78, 7])
wb.save(path)
"""


@dataclass
class XlsxRun:
    name: str
    rows: int
    seconds: float
    peak_rss_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def _child(name: str, rows: int, command: list[str]) -> XlsxRun:
    # Each child is measured from a fresh process: RUSAGE_CHILDREN would mix the two runs.
    wrapper = [sys.executable, "-c", _RSS_WRAPPER, *command]
    started = time.perf_counter()
    output = subprocess.run(wrapper, check=True, capture_output=True, text=True, cwd=settings.BASE_DIR, env=os.environ)
    seconds = time.perf_counter() - started
    peak_kb = int(output.stdout.strip().splitlines()[-1])
    return XlsxRun(name, rows, seconds, peak_kb / 1024)


_RSS_WRAPPER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def staff_report_runs(period: Period) -> list[XlsxRun]:
    """(staff report through export_report, bare openpyxl loop) for every staff member in the database."""
    rows = Staff.objects.count()
    with tempfile.TemporaryDirectory() as folder:
        report = _child(
            f"staff Excel report ({rows:,} staff × {period.month} months)",
            rows,
            [sys.executable, "manage.py", "export_report", "staff", "--year", str(period.year),
             "--through-month", str(period.month), "-o", os.path.join(folder, "staff.xlsx")],
        )  # fmt: skip
        floor = _child(
            "floor: bare openpyxl write_only loop, same rows",
            rows,
            [sys.executable, "-c", BARE_LOOP, str(rows), os.path.join(folder, "bare.xlsx")],
        )
    return [report, floor]


def xlsx_table(report: XlsxRun, floor: XlsxRun) -> str:
    ratio = report.rows_per_second / floor.rows_per_second
    return (
        "| measurement | rows | seconds | rows/s | peak RSS MB |\n|---|---:|---:|---:|---:|\n"
        + "".join(
            f"| {r.name} | {r.rows:,} | {r.seconds:.1f} | {r.rows_per_second:,.0f} | {r.peak_rss_mb:.0f} |\n"
            for r in (report, floor)
        )
        + f"\nStaff report speed = {ratio:.2f}× the bare loop (target ≥ 0,8×); peak RSS target < 150 MB.\n"
    )
