"""Reports count a person where they worked in the period, with the quota in force then (issue 13, item 1)."""

import datetime

import pytest

from core.period import Period
from enrollment.models import PostOffice, Province, Staff
from enrollment.services.figures import figures_record
from enrollment.services.placements import staff_quota_set, staff_transfer
from reports.exports.scope import ExportScope
from reports.exports.selectors import staff_rows
from reports.selectors.offices import post_office_ranking
from reports.selectors.staff import quota_attainment, staff_leaderboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def daklak(demo_data):
    return Province.objects.get(scheme="63", code="66")


def test_every_office_leaderboard_sums_to_the_office_total_after_a_mid_year_transfer(hq, daklak):
    offices = list(PostOffice.objects.filter(province=daklak, is_active=True).order_by("code")[:2])
    mover = Staff.objects.filter(post_office=offices[0]).order_by("pk").first()
    stayer = Staff.objects.filter(post_office=offices[1]).order_by("pk").first()
    figures_record(user=hq, year=2021, month=5, values={mover.pk: 6, stayer.pk: 2})
    staff_transfer(user=hq, staff=mover, post_office=offices[1], on=datetime.date(2021, 6, 1))
    figures_record(user=hq, year=2021, month=6, values={mover.pk: 9, stayer.pk: 3})
    figures_record(user=hq, year=2021, month=7, values={mover.pk: 4})

    for month in range(1, 8):
        period = Period(2021, month)
        ranking = {row.post_office_id: row for row in post_office_ranking(user=hq, province=daklak, period=period)}
        for office in offices:
            board = list(staff_leaderboard(user=hq, period=period, post_office=office))
            assert sum(s.cumulative for s in board) == ranking[office.pk].cumulative, (month, office.code)
            assert sum(s.month_figure for s in board) == ranking[office.pk].month_figure, (month, office.code)
        province_board = list(staff_leaderboard(user=hq, period=period, province=daklak))
        assert sum(s.cumulative for s in province_board) == sum(r.cumulative for r in ranking.values())

    july = {s.pk: s for s in staff_leaderboard(user=hq, period=Period(2021, 7), post_office=offices[0])}
    assert july[mover.pk].cumulative == sum(
        mover.figures.filter(year=2021, month__lte=5).values_list("new_participants", flat=True)
    )  # what was earned at the first office stays there, and nothing after the move
    assert {s.pk: s.cumulative for s in staff_leaderboard(user=hq, period=Period(2021, 7), post_office=offices[1])}[
        mover.pk
    ] == 9 + 4


def test_a_quota_change_from_june_leaves_mays_attainment_unchanged(hq, daklak):
    office = PostOffice.objects.filter(province=daklak, is_active=True).order_by("code").first()
    people = list(Staff.objects.filter(post_office=office).order_by("pk")[:3])
    for member in people:  # everyone at 2, each bringing in 3 in May and June
        staff_quota_set(user=hq, staff=member, monthly_quota=2, valid_from=member.active_from)
    figures_record(user=hq, year=2021, month=5, values={m.pk: 3 for m in people})
    figures_record(user=hq, year=2021, month=6, values={m.pk: 3 for m in people})
    may, june = Period(2021, 5), Period(2021, 6)
    before = quota_attainment(user=hq, period=may, post_office=office)

    staff_quota_set(user=hq, staff=people[0], monthly_quota=5, valid_from=datetime.date(2021, 6, 1))

    assert quota_attainment(user=hq, period=may, post_office=office) == before
    after = quota_attainment(user=hq, period=june, post_office=office)
    assert (after.active_staff, after.met) == (before.active_staff, before.met - 1)
    board = {s.pk: s for s in staff_leaderboard(user=hq, period=june, post_office=office)}
    may_board = {s.pk: s for s in staff_leaderboard(user=hq, period=may, post_office=office)}
    changed, unchanged = people[0].pk, people[1].pk
    assert (board[changed].quota_then, may_board[changed].quota_then) == (5, 2)
    assert board[changed].months_met == may_board[changed].months_met  # June's 3 misses 5; May's 3 still met 2
    assert board[unchanged].months_met == may_board[unchanged].months_met + 1


def test_the_staff_report_puts_each_figure_at_the_office_where_it_was_earned(hq, daklak):
    offices = list(PostOffice.objects.filter(province=daklak, is_active=True).order_by("code")[:2])
    mover = Staff.objects.filter(post_office=offices[0]).order_by("pk").first()
    figures_record(user=hq, year=2021, month=5, values={mover.pk: 6})
    staff_transfer(user=hq, staff=mover, post_office=offices[1], on=datetime.date(2021, 6, 1))
    staff_quota_set(user=hq, staff=mover, monthly_quota=4, valid_from=datetime.date(2021, 6, 1))
    figures_record(user=hq, year=2021, month=6, values={mover.pk: 3})

    rows = [r for r in staff_rows(user=hq, period=Period(2021, 6), scope=ExportScope(province=daklak))]
    mine = {r.post_office_name: r for r in rows if r.employee_code == mover.employee_code}
    assert set(mine) == {offices[0].name, offices[1].name}
    assert (mine[offices[0].name].monthly[4], mine[offices[0].name].monthly[5]) == (6, None)
    assert (mine[offices[1].name].monthly[4], mine[offices[1].name].monthly[5]) == (None, 3)
    assert {r.quota for r in mine.values()} == {4}  # the quota in force in the report's last month
    assert mine[offices[1].name].months_quota_met == 0  # June's 3 misses the 4 in force then
