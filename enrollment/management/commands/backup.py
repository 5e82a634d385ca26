"""`python manage.py backup OUT`: a complete copy of the database (pg_dump custom format, or a SQLite file)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from enrollment.backup import database_backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu ra tệp OUT (PostgreSQL: pg_dump; SQLite: backup API)."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, out: Path, database: str, **options):
        database_backup(out=out, alias=database)
        self.stdout.write(f"Đã sao lưu vào {out} ({out.stat().st_size} bytes).")
