"""`python manage.py rollups_check [--fix]`: recompute the rollups from the staff figures, report drift."""

from django.core.management.base import BaseCommand, CommandError

from reports.rollups import rollups_drift, rollups_rebuild


class Command(BaseCommand):
    help = "Kiểm tra số liệu tổng hợp (rollups) so với số liệu từng nhân viên; --fix để tính lại."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fix", action="store_true", help="Tính lại toàn bộ số liệu tổng hợp nếu có sai lệch.")

    def handle(self, *args, fix: bool = False, **options) -> None:
        drift = rollups_drift()
        for item in drift[:50]:
            self.stdout.write(f"{item.table} {item.key}: lưu {item.stored}, đúng {item.expected}")
        if not drift:
            self.stdout.write(self.style.SUCCESS("Sai lệch: 0"))
            return
        self.stdout.write(f"Sai lệch: {len(drift)}")
        if not fix:
            raise CommandError(f"Có {len(drift)} ô tổng hợp sai lệch; chạy lại với --fix để sửa.")
        cells = rollups_rebuild()
        remaining = rollups_drift()
        if remaining:
            raise CommandError(f"Vẫn còn {len(remaining)} ô sai lệch sau khi tính lại.")
        self.stdout.write(self.style.SUCCESS(f"Đã tính lại {cells} ô; sai lệch: 0"))
