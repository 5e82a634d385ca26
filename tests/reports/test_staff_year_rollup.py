"""StaffYearFigures (one row per staff member, post office and year) stays exact on every write path, drift is found
and repaired, and what the pages and the staff report show equals a direct aggregate over the staff
figures. Runs on SQLite and PostgreSQL alike."""

import io
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from core.period import Period, month_bounds
from enrollment.models import MonthlyFigure, Province, Staff
from enrollment.services.figures import figures_record
from enrollment.services.organisation import staff_save
from reports.exports.scope import ExportScope
from reports.exports.selectors import staff_months
from reports.models import StaffYearFigures, month_field
from reports.rollups import rollups_drift, staff_years_drift, staff_years_rebuild
from reports.selectors.staff import quota_attainment, staff_leaderboard

APRIL_2021 = Period(2021, 4)


def stored(staff_id: int, year: int = 2021) -> list[int | None]:
    row = StaffYearFigures.objects.filter(staff_id=staff_id, year=year).values_list(
        *(month_field(m) for m in range(1, 13))
    )
    return list(row.first() or [None] * 12)


def direct(staff_id: int, year: int = 2021) -> list[int | None]:
    figures = dict(MonthlyFigure.objects.filter(staff_id=staff_id, year=year).values_list("month", "new_participants"))
    return [figures.get(m) for m in range(1, 13)]


def dak_lak_staff(count: int = 3) -> list[Staff]:
    return list(Staff.objects.filter(post_office__province__scheme="63", post_office__province__code="66")[:count])


def test_the_demo_rows_match_the_staff_figures(demo_data):
    assert staff_years_drift() == []
    member = dak_lak_staff(1)[0]
    assert stored(member.pk) == direct(member.pk)
    assert stored(member.pk)[4:] == [None] * 8  # the demo has January–April only: later months were never entered


def test_figures_record_sets_each_changed_cell(hq):
    a, b, c = dak_lak_staff()
    before_c = stored(c.pk)
    figures_record(user=hq, year=2021, month=4, values={a.pk: 17, b.pk: 0})
    figures_record(user=hq, year=2021, month=5, values={a.pk: 0, b.pk: 6})  # new cells; a zero is a figure
    assert stored(a.pk)[3:5] == [17, 0] and stored(b.pk)[3:5] == [0, 6]
    assert stored(c.pk) == before_c
    figures_record(user=hq, year=2022, month=1, values={a.pk: 3})  # a new year: a new row
    assert stored(a.pk, 2022) == [3] + [None] * 11
    assert rollups_drift() == []


def test_a_failed_transaction_leaves_the_rows_untouched(hq):
    a, b, _ = dak_lak_staff()
    before = stored(a.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        figures_record(user=hq, year=2021, month=4, values={a.pk: 999})
        assert stored(a.pk)[3] == 999
        raise RuntimeError("the caller fails after the service")
    assert stored(a.pk) == before
    assert rollups_drift() == []


def test_saves_that_move_a_figure_and_deletes_outside_the_service(hq):
    a, b, _ = dak_lak_staff()
    figure = MonthlyFigure.objects.get(staff=a, year=2021, month=4)
    figure.new_participants = 41
    figure.save()
    assert stored(a.pk)[3] == 41
    MonthlyFigure.objects.filter(staff=a, year=2021, month=6).delete()
    figure.month = 6  # moved to another month: April empties, June holds it
    figure.save()
    assert stored(a.pk)[3] is None and stored(a.pk)[5] == 41
    MonthlyFigure.objects.filter(staff=b, year=2021, month=6).delete()
    figure.staff = b  # moved to another person
    figure.save()
    assert stored(a.pk)[5] is None and stored(b.pk)[5] == 41
    figure.delete()
    assert stored(b.pk)[5] is None
    assert rollups_drift() == []


def test_drift_is_found_and_repaired(demo_data):
    a, b, c = dak_lak_staff()
    StaffYearFigures.objects.filter(staff=a, year=2021).update(month_2=12345)
    StaffYearFigures.objects.filter(staff=b, year=2021).delete()
    office = c.post_office
    StaffYearFigures.objects.create(  # a row without figures behind it
        staff=c, post_office=office, province_id=office.province_id, year=2019, month_7=5
    )
    drift = {(d.table, d.key): (d.stored, d.expected) for d in rollups_drift()}
    assert drift[("staff_year", (a.pk, a.post_office_id, 2021, 2))] == (12345, direct(a.pk)[1])
    assert drift[("staff_year", (b.pk, b.post_office_id, 2021, 1))] == (None, direct(b.pk)[0])
    assert drift[("staff_year", (c.pk, office.pk, 2019, 7))] == (5, None)
    assert len(drift) == 1 + 4 + 1  # b's four demo months are missing

    out = io.StringIO()
    with pytest.raises(CommandError, match="6 ô tổng hợp sai lệch"):
        call_command("rollups_check", stdout=out)
    assert "staff_year" in out.getvalue()
    call_command("rollups_check", "--fix", stdout=io.StringIO())
    assert rollups_drift() == []


def test_the_migration_fills_an_existing_database(demo_data):
    module = "reports.migrations.0003_placements_staff_year_by_office"
    fill = __import__(module, fromlist=["fill_from_figures"]).fill_from_figures
    StaffYearFigures.objects.all().delete()
    fill(apps, SimpleNamespace(connection=connection))
    assert staff_years_drift() == []
    assert StaffYearFigures.objects.count() == Staff.objects.filter(figures__isnull=False).distinct().count()
    assert staff_years_rebuild() == StaffYearFigures.objects.count()


def _direct_board(staff, period: Period) -> dict[int, tuple[int, int, int]]:
    """{staff id: (month figure, lũy kế, months that met the quota)} straight from the staff figures."""
    board = {s.pk: [0, 0, 0] for s in staff}
    quota = {s.pk: s.monthly_quota for s in staff}
    for staff_id, month, value in MonthlyFigure.objects.filter(
        staff__in=staff, year=period.year, month__lte=period.month
    ).values_list("staff_id", "month", "new_participants"):
        board[staff_id][1] += value
        board[staff_id][0] += value if month == period.month else 0
        board[staff_id][2] += value >= quota[staff_id]
    return {pk: tuple(v) for pk, v in board.items()}


@pytest.mark.parametrize("period", [APRIL_2021, Period(2021, 2)])
def test_leaderboard_and_attainment_equal_a_direct_aggregate(hq, period):
    a, b, _ = dak_lak_staff()
    figures_record(user=hq, year=2021, month=4, values={a.pk: 0, b.pk: 9})  # after writes through the service
    province = Province.objects.get(scheme="63", code="66")
    active = list(
        Staff.objects.filter(post_office__province=province).active_between(*month_bounds(2021, period.month))
    )
    board = staff_leaderboard(user=hq, period=period, province=province)
    shown = {s.pk: (s.month_figure, s.cumulative, s.months_met) for s in board}
    assert shown == _direct_board(active, period)
    assert len(shown) == len(active) == 220  # every staff member of Đắk Lắk in the demo (sized to 2–5 a month)
    cumulative = [s.cumulative for s in board]
    assert cumulative == sorted(cumulative, reverse=True)

    expected = _direct_board(active, period)
    met = sum(
        1
        for s in active
        if MonthlyFigure.objects.filter(
            staff=s, year=period.year, month=period.month, new_participants__gte=s.monthly_quota
        ).exists()
    )
    attainment = quota_attainment(user=hq, period=period, province=province)
    assert (attainment.active_staff, attainment.met) == (len(expected), met)
    office = a.post_office
    office_board = staff_leaderboard(user=hq, period=period, post_office=office)
    assert {s.pk: (s.month_figure, s.cumulative, s.months_met) for s in office_board} == {
        pk: v for pk, v in expected.items() if Staff.objects.get(pk=pk).post_office_id == office.pk
    }


def test_staff_report_rows_equal_a_direct_aggregate(hq):
    a, _, _ = dak_lak_staff()
    figures_record(user=hq, year=2021, month=3, values={a.pk: 23})
    province = Province.objects.get(scheme="63", code="66")
    rows = {r.employee_code: r for r in staff_months(user=hq, period=APRIL_2021, scope=ExportScope(province=province))}
    staff = list(Staff.objects.filter(post_office__province=province))
    assert set(rows) == {s.employee_code for s in staff}
    board = _direct_board(staff, APRIL_2021)
    for member in staff:
        row = rows[member.employee_code]
        assert row.monthly == direct(member.pk)[:4]
        assert (row.cumulative, row.months_quota_met) == board[member.pk][1:]


def test_the_province_page_shows_the_direct_aggregate(hq, client):
    province = Province.objects.get(scheme="63", code="66")
    active = list(Staff.objects.filter(post_office__province=province))
    board = _direct_board(active, APRIL_2021)
    met = sum(1 for s in active if (direct(s.pk)[3] or 0) >= s.monthly_quota)
    client.force_login(hq)
    html = client.get(f"/provinces/{province.pk}/", {"year": 2021, "month": 4}).content.decode()
    assert f"{met}/{len(active)} nhân viên" in html
    body = html.split('id="staff-leaderboard"')[1].split("</tbody>")[0]
    shown = [
        (code, int(month), int(cumulative), int(months_met))
        for code, month, cumulative, months_met in re.findall(
            r"<td[^>]*>(VNP\d+)</td>.*?<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>\s*</tr>",
            body,
            re.S,
        )
    ]
    code_of = {s.employee_code: s.pk for s in active}
    assert len(shown) == 25
    assert all(board[code_of[code]] == (month, cumulative, met_) for code, month, cumulative, met_ in shown)
    best = max(board.values(), key=lambda v: v[1])[1]
    assert shown[0][2] == best


def test_a_transferred_person_is_counted_where_each_figure_was_earned(hq):
    """Moved to Hà Nội from 1 May: January–April stay on Đắk Lắk's leaderboard, May counts in Hà Nội."""
    member = dak_lak_staff(1)[0]
    other = Staff.objects.filter(post_office__province__scheme="63", post_office__province__code="01").first()
    member.post_office = other.post_office
    staff_save(user=hq, staff=member, changes_from=month_bounds(2021, 5)[0])
    figures_record(user=hq, year=2021, month=5, values={member.pk: 7})
    assert MonthlyFigure.objects.get(staff=member, year=2021, month=5).post_office == other.post_office
    may, hanoi = Period(2021, 5), other.post_office.province
    board = {s.pk: s.cumulative for s in staff_leaderboard(user=hq, period=may, province=hanoi)}
    assert board[member.pk] == 7
    old = staff_leaderboard(user=hq, period=may, province=Province.objects.get(scheme="63", code="66"))
    assert {s.pk: s.cumulative for s in old}[member.pk] == sum(direct(member.pk)[:4])
    assert rollups_drift() == []
