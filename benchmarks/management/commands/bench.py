"""`python manage.py bench`: measure every hot path on the current database against its floor."""

from django.core.management.base import BaseCommand, CommandError

from benchmarks.pages import page_measurements
from benchmarks.report import machine_line, measurement_table, section_write
from benchmarks.writes import grid_save_measurement
from benchmarks.xlsx import staff_report_runs, xlsx_table
from enrollment.models import MonthlyFigure, Staff
from reports.selectors import latest_period


class Command(BaseCommand):
    help = "Đo hiệu năng các đường nóng trên cơ sở dữ liệu hiện tại và ghi docs/benchmarks.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=15)

    def handle(self, *args, runs: int, **options) -> None:
        from django.contrib.auth import get_user_model

        if not get_user_model().objects.filter(username="hq").exists():
            raise CommandError("Chạy seed_demo trước (cần tài khoản hq).")
        period = latest_period(user=get_user_model().objects.get(username="hq"))
        if period is None:
            raise CommandError("Chưa có số liệu; chạy generate_load trước.")
        data_size = (
            f"{Staff.objects.count():,} staff, {MonthlyFigure.objects.count():,} staff-month figures; "
            f"measured period {period}"
        )
        self.stdout.write(f"Đo trên {data_size} …")
        pairs = page_measurements(period, runs)
        pairs.append((grid_save_measurement(period, runs), None))
        report, floor = staff_report_runs(period)
        body = (
            f"## {self._engine()}\n\n{machine_line(data_size)}\n{measurement_table(pairs)}\n"
            f"### Staff Excel report\n\n{xlsx_table(report, floor)}"
        )
        path = section_write(body)
        self.stdout.write(body)
        self.stdout.write(f"→ {path}")

    def _engine(self) -> str:
        from django.db import connection

        return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(connection.vendor, connection.vendor)
