"""`python manage.py bench_database_mark`: mark a new, empty database as a benchmark database.

Only a marked database lets `bench`, `generate_load` and the load run write. Marking is meant to happen
right after `migrate` on a database made for the purpose (`make bench` does so), so a database that already
holds users or figures is refused unless `--holds-throwaway-data` says it is a copy you can lose.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from devtools.mark import benchmark_database_mark, benchmark_database_marked
from enrollment.models import MonthlyFigure


class Command(BaseCommand):
    help = (
        "Đánh dấu cơ sở dữ liệu hiện tại (mới, trống) là cơ sở dữ liệu đo hiệu năng: bench và generate_load ghi vào đó."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--holds-throwaway-data",
            action="store_true",
            help="mark a database that already has users or figures (only a copy you can lose)",
        )

    def handle(self, *args, holds_throwaway_data: bool, **options) -> None:
        if not benchmark_database_marked():
            holds_data = get_user_model().objects.exists() or MonthlyFigure.objects.exists()
            if holds_data and not holds_throwaway_data:
                raise CommandError(
                    "Cơ sở dữ liệu này đã có người dùng hoặc số liệu: chỉ đánh dấu một cơ sở dữ liệu mới "
                    "(xóa bench.sqlite3 hoặc DROP DATABASE rồi migrate), hoặc thêm --holds-throwaway-data nếu "
                    "đây là bản sao có thể bỏ đi."
                )
        mark = benchmark_database_mark()
        self.stdout.write(f"Cơ sở dữ liệu đo hiệu năng: {mark}")
