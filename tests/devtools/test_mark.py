"""The writing developer tools refuse a database not marked for benchmarks, and change nothing when they do."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum

from devtools.mark import benchmark_database_marked
from devtools.models import BenchmarkDatabaseMark
from enrollment.models import MonthlyFigure, MonthStatus, PostOffice, Staff

pytestmark = pytest.mark.django_db


def database_state() -> dict:
    """What a bench or generate_load run would move: figures, their totals, history rows, users, structure."""
    return {
        "figures": MonthlyFigure.objects.count(),
        "april_2021": MonthlyFigure.objects.filter(year=2021, month=4).aggregate(total=Sum("new_participants"))[
            "total"
        ],
        "all_figures": MonthlyFigure.objects.aggregate(total=Sum("new_participants"))["total"],
        "figure_history": MonthlyFigure.history.count(),
        "month_status_history": MonthStatus.history.count(),
        "users": get_user_model().objects.count(),
        "post_offices": PostOffice.objects.count(),
        "staff": Staff.objects.count(),
    }


@pytest.mark.parametrize(
    ("command", "options"),
    [("bench", {"runs": 1, "import_runs": 1, "xlsx_runs": 1}), ("generate_load", {"staff": 300, "years": 1})],
)
def test_writing_tools_refuse_the_demo_database_and_change_nothing(demo_data, command, options):
    before = database_state()
    assert before["april_2021"] == 20831 and before["figures"] > 0
    with pytest.raises(CommandError, match="bench_database_mark") as refused:
        call_command(command, **options)
    assert "chưa được đánh dấu" in str(refused.value) and "không có gì bị thay đổi" in str(refused.value)
    assert database_state() == before
    assert not BenchmarkDatabaseMark.objects.exists()


def test_marking_refuses_a_database_with_data_unless_told_it_is_throwaway(demo_data):
    with pytest.raises(CommandError, match="--holds-throwaway-data"):
        call_command("bench_database_mark", stdout=open("/dev/null", "w"))
    assert not benchmark_database_marked()
    call_command("bench_database_mark", holds_throwaway_data=True, stdout=open("/dev/null", "w"))
    assert benchmark_database_marked()
    mark = BenchmarkDatabaseMark.objects.get()
    assert mark.database_name == str(connection.settings_dict["NAME"]) and mark.marked_by
    call_command("bench_database_mark", stdout=open("/dev/null", "w"))  # already marked: no second row
    assert BenchmarkDatabaseMark.objects.count() == 1
    with pytest.raises(CommandError, match="--staff"):  # past the mark, on to its own argument checks
        call_command("generate_load", staff=50, years=1)


def test_marking_an_empty_database_needs_no_option(db):
    get_user_model().objects.all().delete()
    MonthlyFigure.objects.all().delete()
    call_command("bench_database_mark", stdout=open("/dev/null", "w"))
    assert benchmark_database_marked()


def test_a_database_migrated_without_devtools_counts_as_unmarked(benchmark_database, monkeypatch):
    assert benchmark_database_marked()
    monkeypatch.setattr(connection.introspection, "table_names", lambda *args, **kwargs: ["enrollment_staff"])
    assert not benchmark_database_marked()
