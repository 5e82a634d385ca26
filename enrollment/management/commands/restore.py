"""`python manage.py restore IN [--force]`: put a backup into an empty database (or replace one with --force)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from enrollment.backup import database_restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ tệp sao lưu IN vào một cơ sở dữ liệu trống (--force để ghi đè)."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, metavar="IN")
        parser.add_argument("--database", default="default")
        parser.add_argument("--force", action="store_true", help="Ghi đè một cơ sở dữ liệu đã có dữ liệu.")

    def handle(self, *args, source: Path, database: str, force: bool, **options):
        database_restore(source=source, alias=database, force=force)
        self.stdout.write(f"Đã khôi phục từ {source}.")
