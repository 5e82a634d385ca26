"""`python manage.py bench [--label 5k]`: measure every hot path on the current database against its floor.

Writes its section of docs/benchmarks.md: the engine's own (`postgresql`, `sqlite`), or with
`--label` a keyed one (`postgresql:5k`), so runs at two data sizes sit side by side; the engine's
flatness table (`postgresql:flatness`) is rebuilt from every section of that engine.

It writes (grid saves and imports, with their history rows): it refuses a database not marked as a
benchmark database (`bench_database_mark`), before anything else.
"""

from django.core.management.base import BaseCommand, CommandError

from core.period import latest_period
from devtools.bench.pages import biggest_province, page_measurements
from devtools.bench.report import (
    engine_name,
    flatness_write,
    machine_line,
    measurement_table,
    page_data_comment,
    section_write,
)
from devtools.bench.writes import grid_save_measurement, import_measurement
from devtools.bench.xlsx import staff_report_runs, xlsx_table
from devtools.mark import benchmark_database_require
from enrollment.models import MonthlyFigure, Staff


class Command(BaseCommand):
    help = "Đo hiệu năng các đường nóng trên cơ sở dữ liệu hiện tại và ghi docs/benchmarks.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=15, help="timed runs of each page and of the grid save")
        parser.add_argument("--import-runs", type=int, default=5)
        parser.add_argument("--xlsx-runs", type=int, default=3, help="child processes each for report and floor")
        parser.add_argument("--label", default="", help="a data-size label: its own section, e.g. 5k or 50k")

    def handle(self, *args, runs: int, import_runs: int, xlsx_runs: int, label: str, **options) -> None:
        from django.contrib.auth import get_user_model

        benchmark_database_require("bench")
        if not get_user_model().objects.filter(username="hq").exists():
            raise CommandError("Chạy seed_demo trước (cần tài khoản hq).")
        period = latest_period(user=get_user_model().objects.get(username="hq"))
        if period is None:
            raise CommandError("Chưa có số liệu; chạy generate_load trước.")
        staff_count = Staff.objects.count()
        province = biggest_province(period)
        province_staff = Staff.objects.filter(post_office__province=province).count()
        data_size = (
            f"{staff_count:,} staff, {MonthlyFigure.objects.count():,} staff-month figures, "
            f"{MonthlyFigure.history.count():,} figure history rows; measured period "
            f"{period}; biggest province {province.name} ({province_staff:,} staff)"
        )
        self.stdout.write(f"Đo trên {data_size} …")
        pages = page_measurements(period, province, runs)
        writes = [
            (grid_save_measurement(period, runs), None),
            (import_measurement(period, province, import_runs), None),
        ]
        report, floor = staff_report_runs(period, runs=xlsx_runs)
        title = engine_name() + (f" · {label}" if label else "")
        body = (
            f"## {title}\n\n{machine_line(data_size)}\n{measurement_table(pages + writes)}\n"
            f"### Staff Excel report\n\n{xlsx_table(report, floor)}\n"
            f"{page_data_comment(staff_count, province_staff, [m for m, _ in pages[:2]])}\n"
        )
        path = section_write(body, key=label)
        flatness = flatness_write()
        self.stdout.write(body + (f"\n{flatness}" if flatness else ""))
        self.stdout.write(f"→ {path}")
