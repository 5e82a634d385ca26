import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Sum

from core.period import Period
from devtools.loadgen import CODE_PREFIX
from enrollment.models import MonthlyFigure, PostOffice, Province, Staff, StaffPlacement
from reports.rollups import rollups_drift
from reports.selectors.dashboard import national_totals, province_ranking

pytestmark = pytest.mark.django_db
QUIET = {"stdout": open("/dev/null", "w")}


def generated_figures():
    return MonthlyFigure.objects.filter(post_office__code__startswith=CODE_PREFIX)


def generated_history():
    return MonthlyFigure.history.filter(post_office__code__startswith=CODE_PREFIX)


def test_generates_the_asked_size_deterministically(benchmark_database):
    call_command("generate_load", staff=300, years=2, seed=3, **QUIET)
    assert Staff.objects.filter(employee_code__startswith=CODE_PREFIX).count() == 300
    assert generated_figures().count() == 300 * 2 * 12
    first_total = generated_figures().aggregate(total=Sum("new_participants"))["total"]
    first_history = generated_history().count()
    assert first_total > 0

    with pytest.raises(CommandError):
        call_command("generate_load", staff=300, years=2, seed=3)
    call_command("generate_load", staff=300, years=2, seed=3, replace=True, **QUIET)
    assert Staff.objects.filter(employee_code__startswith=CODE_PREFIX).count() == 300
    assert generated_figures().aggregate(total=Sum("new_participants"))["total"] == first_total
    assert generated_history().count() == first_history
    assert rollups_drift() == []


def test_years_after_the_cutover_are_on_the_new_map_only(benchmark_database):
    call_command("generate_load", staff=200, years=1, last_year=2026, seed=3, **QUIET)
    schemes = PostOffice.objects.filter(code__startswith=CODE_PREFIX).values_list("province__scheme", flat=True)
    assert set(schemes) == {"34"}
    assert StaffPlacement.objects.filter(staff__employee_code__startswith=CODE_PREFIX).count() == 200


def test_data_straddles_the_cutover_like_real_data(benchmark_database, hq):
    call_command("generate_load", staff=400, years=2, last_year=2026, seed=5, **QUIET)
    figures = generated_figures()
    before = figures.filter(year=2025, month__lte=6)
    after = figures.exclude(year=2025, month__lte=6)
    assert set(before.values_list("post_office__province__scheme", flat=True)) == {"63"}
    assert set(after.values_list("post_office__province__scheme", flat=True)) == {"34"}
    # Everyone moved by a dated transfer: one placement ending 30/6/2025, the next from 1/7/2025.
    placements = StaffPlacement.objects.filter(staff__employee_code__startswith=CODE_PREFIX)
    assert placements.filter(valid_to=datetime.date(2025, 6, 30)).count() == 400
    assert placements.filter(valid_from=datetime.date(2025, 7, 1), valid_to=None).count() == 400
    moved = Staff.objects.filter(employee_code__startswith=CODE_PREFIX).values_list("post_office__province__scheme")
    assert set(moved) == {("34",)}

    # Restated, a new province's 2025 sums its predecessors' January–June and its own July–December.
    period = Period(2025, 12)
    restated = {row.code: row for row in province_ranking(user=hq, period=period, view="restated")}
    daklak = Province.objects.get(scheme="34", code="66")
    predecessors = Province.objects.filter(merged_into=daklak).exclude(pk=daklak.pk)
    assert predecessors.count() == 2
    direct = (
        MonthlyFigure.objects.filter(year=2025)
        .filter(post_office__province__in=[daklak, *predecessors])
        .aggregate(total=Sum("new_participants"))["total"]
    )
    assert restated["66"].cumulative == direct
    assert restated["66"].monthly[3] > 0 and restated["66"].monthly[9] > 0
    reported = {row.code: row for row in province_ranking(user=hq, period=period, view="reported")}
    assert reported["66"].cumulative < direct  # as reported, new Đắk Lắk has only July–December
    national = national_totals(rows=list(restated.values()), period=period).cumulative
    assert national == MonthlyFigure.objects.filter(year=2025).aggregate(total=Sum("new_participants"))["total"]
    assert rollups_drift() == []


def test_history_has_a_row_per_figure_and_some_corrections(benchmark_database):
    call_command("generate_load", staff=300, years=1, last_year=2026, seed=3, **QUIET)
    figures = generated_figures()
    corrected = figures.filter(id__in=generated_history().filter(history_type="~").values("id")).count()
    assert generated_history().filter(history_type="+").count() == figures.count()
    assert figures.count() // 100 < corrected < figures.count() // 5  # a few in a hundred
    assert generated_history().count() == figures.count() + corrected
    per_figure = generated_history().values("id").annotate(n=Count("history_id"), last=Max("history_date"))
    assert {row["n"] for row in per_figure} == {1, 2}
    # The newest history row of every figure holds the figure's value; a corrected one was first entered higher.
    for figure in figures.filter(id__in=generated_history().filter(history_type="~").values("id"))[:20]:
        rows = list(MonthlyFigure.history.filter(id=figure.pk).order_by("history_date"))
        assert [r.history_type for r in rows] == ["+", "~"]
        assert rows[-1].new_participants == figure.new_participants < rows[0].new_participants
        assert rows[0].history_date.date() > datetime.date(figure.year, figure.month, 28)
    assert set(generated_history().values_list("history_change_reason", flat=True)) == {"grid", "import"}
