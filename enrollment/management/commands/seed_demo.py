"""`python manage.py seed_demo`: the 2021 demo that reproduces the article's figures."""

import time

from django.core.management.base import BaseCommand

from enrollment.demo.build import DEMO_PASSWORD, demo_build


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu năm 2021 (63 tỉnh) khớp số liệu bài báo; chạy lại không thay đổi gì."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        summary = demo_build()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Demo 2021: {summary.post_offices} bưu điện, {summary.staff} nhân viên, "
            f"{summary.figures} số liệu mới ghi ({elapsed:.1f} s)."
        )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu '{DEMO_PASSWORD}'): hq, analyst, manager-<mã tỉnh cũ>")
        self.stdout.write("  ví dụ manager-66 (Đắk Lắk), manager-01 (Hà Nội); đăng nhập tại http://127.0.0.1:8000/")
