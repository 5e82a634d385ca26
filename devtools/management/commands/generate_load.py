"""`python manage.py generate_load --staff 50000 --years 5 [--seed N]`: synthetic national load for benchmarks.

Only on a database marked as a benchmark database (`bench_database_mark`): it bulk-writes figures.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from devtools.loadgen import generated_exists, load_generate, load_remove
from devtools.mark import benchmark_database_require
from enrollment.db_statistics import statistics_refresh


class Command(BaseCommand):
    help = "Sinh dữ liệu tổng hợp quy mô toàn quốc (34 tỉnh) để đo hiệu năng."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--staff", type=int, default=50_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--last-year", type=int, default=2026)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--replace", action="store_true", help="remove an earlier generated dataset first")

    def handle(self, *args, staff: int, years: int, last_year: int, seed: int, replace: bool, **options) -> None:
        benchmark_database_require("generate_load")
        if staff < 100 or not 1 <= years <= 20:
            raise CommandError("--staff phải ≥ 100 và --years từ 1 đến 20.")
        if generated_exists():
            if not replace:
                raise CommandError("Dữ liệu tổng hợp đã có; dùng --replace để tạo lại.")
            load_remove()
        started = time.monotonic()
        summary = load_generate(staff_total=staff, years=years, last_year=last_year, seed=seed)
        statistics_refresh()
        self.stdout.write(
            f"{summary.provinces} tỉnh, {summary.post_offices} bưu điện, {summary.staff} nhân viên, "
            f"{summary.figures} số liệu ({summary.years[0]}–{summary.years[-1]}), {summary.history} dòng lịch sử, "
            f"{summary.staff_moved} nhân viên chuyển sang 34 tỉnh từ 01/07/2025 trong {time.monotonic() - started:.1f} s"
        )
