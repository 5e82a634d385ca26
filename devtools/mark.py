"""Which databases the writing developer tools may touch: only one marked as a benchmark database."""

import getpass

from django.core.management.base import CommandError
from django.db import connections

from devtools.models import BenchmarkDatabaseMark

MARK_COMMAND = "python manage.py bench_database_mark"


def benchmark_database_marked(*, using: str = "default") -> bool:
    """True when the database holds a BenchmarkDatabaseMark row.

    A database migrated without the devtools app has no such table: that is an unmarked database, and the
    table is looked up rather than queried so that PostgreSQL's transaction is not aborted by the error.
    """
    connection = connections[using]
    if BenchmarkDatabaseMark._meta.db_table not in connection.introspection.table_names():
        return False
    return BenchmarkDatabaseMark.objects.using(using).exists()


def benchmark_database_require(command: str, *, using: str = "default") -> None:
    """Raise CommandError, before anything is written, unless the database is marked for benchmarks."""
    if benchmark_database_marked(using=using):
        return
    name = connections[using].settings_dict["NAME"]
    raise CommandError(
        f"{command} ghi vào cơ sở dữ liệu (số liệu, lịch sử thay đổi) nên chỉ chạy trên cơ sở dữ liệu dành cho đo "
        f"hiệu năng. '{name}' chưa được đánh dấu: không có gì bị thay đổi. Tạo một cơ sở dữ liệu mới rồi chạy "
        f"`{MARK_COMMAND}` (make bench tự làm việc này)."
    )


def benchmark_database_mark(*, using: str = "default") -> BenchmarkDatabaseMark:
    """Mark the database (idempotent: an existing mark is returned unchanged)."""
    existing = BenchmarkDatabaseMark.objects.using(using).first()
    if existing is not None:
        return existing
    return BenchmarkDatabaseMark.objects.using(using).create(
        marked_by=getpass.getuser(), database_name=str(connections[using].settings_dict["NAME"])
    )
