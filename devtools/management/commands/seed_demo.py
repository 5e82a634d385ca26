"""`python manage.py seed_demo [--through YEAR]`: the demo, 2021 (the article's figures) to November 2026.

`--through 2021` writes the article's year alone (the test suite's data); the default runs to the demo's "today"
(devtools.demo.later.DEMO_TODAY), so a run is the same whatever the date.

It creates the users hq, analyst, manager-<code> and demo with the known password 'demo': with DEBUG off it
refuses unless `--allow-known-passwords` says that is wanted (a staging copy, the test suite, a benchmark).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo.build import DEMO_PASSWORD, DEMO_YEARS, demo_build


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: năm 2021 (63 tỉnh) khớp số liệu bài báo, rồi 2024 đến tháng 11/2026 (chuyển đổi 34 tỉnh "
        "1/7/2025, bưu điện xã từ 1/9/2025); chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-known-passwords",
            action="store_true",
            help=f"create the demo users (password '{DEMO_PASSWORD}') even with DEBUG off",
        )
        parser.add_argument(
            "--through",
            type=int,
            choices=DEMO_YEARS,
            default=DEMO_YEARS[-1],
            help="the last demo year to write (2021: the article's year alone)",
        )

    def handle(self, *args, allow_known_passwords: bool, through: int = DEMO_YEARS[-1], **options) -> None:
        if not settings.DEBUG and not allow_known_passwords:
            raise CommandError(
                f"DEBUG đang tắt: seed_demo tạo các tài khoản hq, analyst, manager-* với mật khẩu đã biết "
                f"('{DEMO_PASSWORD}'). Không có gì bị thay đổi. Thêm --allow-known-passwords nếu đây không phải "
                "máy chủ thật."
            )
        started = time.monotonic()
        summary = demo_build(through=through)
        elapsed = time.monotonic() - started
        years = ", ".join(f"{year}: {count}" for year, count in summary.figures_by_year.items())
        self.stdout.write(
            f"Demo 2021–{through}: {summary.post_offices} bưu điện, {summary.staff} nhân viên, "
            f"{summary.figures} số liệu mới ghi ({years}); tổng {summary.figure_rows} số liệu ({elapsed:.1f} s)."
        )
        if summary.seconds_by_year:
            self.stdout.write(
                "  " + ", ".join(f"{key}: {seconds:.1f} s" for key, seconds in summary.seconds_by_year.items())
            )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu '{DEMO_PASSWORD}'): hq, analyst, manager-<mã tỉnh cũ>")
        self.stdout.write("  ví dụ manager-66 (Đắk Lắk), manager-01 (Hà Nội); đăng nhập tại http://127.0.0.1:8000/")
