"""`python manage.py seed_demo`: the 2021 demo that reproduces the article's figures.

It creates the users hq, analyst, manager-<code> and demo with the known password 'demo': with DEBUG off it
refuses unless `--allow-known-passwords` says that is wanted (a staging copy, the test suite, a benchmark).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo.build import DEMO_PASSWORD, demo_build


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu năm 2021 (63 tỉnh) khớp số liệu bài báo; chạy lại không thay đổi gì."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-known-passwords",
            action="store_true",
            help=f"create the demo users (password '{DEMO_PASSWORD}') even with DEBUG off",
        )

    def handle(self, *args, allow_known_passwords: bool, **options) -> None:
        if not settings.DEBUG and not allow_known_passwords:
            raise CommandError(
                f"DEBUG đang tắt: seed_demo tạo các tài khoản hq, analyst, manager-* với mật khẩu đã biết "
                f"('{DEMO_PASSWORD}'). Không có gì bị thay đổi. Thêm --allow-known-passwords nếu đây không phải "
                "máy chủ thật."
            )
        started = time.monotonic()
        summary = demo_build()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Demo 2021: {summary.post_offices} bưu điện, {summary.staff} nhân viên, "
            f"{summary.figures} số liệu mới ghi ({elapsed:.1f} s)."
        )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu '{DEMO_PASSWORD}'): hq, analyst, manager-<mã tỉnh cũ>")
        self.stdout.write("  ví dụ manager-66 (Đắk Lắk), manager-01 (Hà Nội); đăng nhập tại http://127.0.0.1:8000/")
