"""The one table of the developer tools: the mark that lets them write into a database."""

from django.db import models


class BenchmarkDatabaseMark(models.Model):
    """This database is a throwaway one for benchmarks: `bench`, `generate_load` and the load run may write to it.

    They change figures and add history rows (a bench run on the demo once moved April's national total from
    20.831 to 20.993), so they refuse any database without this row. Set it with `manage.py bench_database_mark`,
    which `make bench` runs on its own database.
    """

    marked_at = models.DateTimeField(auto_now_add=True)
    marked_by = models.CharField(max_length=150, help_text="the operating-system user who ran the command")
    database_name = models.CharField(max_length=500, help_text="settings NAME when it was marked")

    class Meta:
        verbose_name = "benchmark database mark"

    def __str__(self) -> str:
        return f"{self.database_name} marked by {self.marked_by} at {self.marked_at:%Y-%m-%d %H:%M}"
