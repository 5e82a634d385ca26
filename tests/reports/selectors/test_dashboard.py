"""Dashboard maths against hand-computed values (runs on SQLite and PostgreSQL alike).

World of 2030 (34-province scheme), figures written through the service:
  A: offices A1 (plan 60: a1 quota 2, a2 quota 3) and A2 (plan 40: a3 quota 2); plan 100; submitted Feb
  B: office B1 (b1); plan 50.   C: office C1 (c1); no plan.
  2030 Jan: a1 5, a2 1, a3 4, b1 10, c1 3 · Feb: a1 2, a2 3, a3 0, b1 6, c1 1
  2029 (same period last year): a1 4 (Jan), a3 4 (Feb), b1 20 (Jan)
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from core.period import Period
from enrollment.models import AnnualPlan, MonthStatus, PostOffice, PostOfficePlan, Province, Staff
from enrollment.services.figures import figures_record
from reports.selectors.dashboard import best_and_weakest, national_totals, not_submitted, province_ranking
from reports.selectors.offices import post_office_monthly, post_office_ranking
from reports.selectors.staff import (
    StaffYearTotals,
    quota_attainment,
    staff_history,
    staff_leaderboard,
    staff_year_totals,
)

FEB = Period(2030, 2)


@pytest.fixture
def world(demo_data):
    hq = get_user_model().objects.get(username="hq")
    a, b, c = Province.objects.filter(scheme="34").order_by("code")[:3]
    offices = {
        name: PostOffice.objects.create(province=province, code=f"W-{name}", name=f"Bưu điện {name}")
        for name, province in (("A1", a), ("A2", a), ("B1", b), ("C1", c))
    }
    staff = {
        name: Staff.objects.create(
            employee_code=f"W-{name}",
            full_name=f"Nhân viên {name}",
            post_office=offices[office],
            active_from=datetime.date(2029, 1, 1),
            monthly_quota=quota,
        )
        for name, office, quota in (("a1", "A1", 2), ("a2", "A1", 3), ("a3", "A2", 2), ("b1", "B1", 2), ("c1", "C1", 2))
    }
    figures = {
        (2030, 1): {"a1": 5, "a2": 1, "a3": 4, "b1": 10, "c1": 3},
        (2030, 2): {"a1": 2, "a2": 3, "a3": 0, "b1": 6, "c1": 1},
        (2029, 1): {"a1": 4, "b1": 20},
        (2029, 2): {"a3": 4},
    }
    for (year, month), values in figures.items():
        figures_record(user=hq, year=year, month=month, values={staff[k].pk: v for k, v in values.items()})
    AnnualPlan.objects.create(province=a, year=2030, target=100)
    AnnualPlan.objects.create(province=b, year=2030, target=50)
    PostOfficePlan.objects.create(post_office=offices["A1"], year=2030, target=60)
    PostOfficePlan.objects.create(post_office=offices["A2"], year=2030, target=40)
    # update_or_create: saving figures already left the (open) province-month lock row
    MonthStatus.objects.update_or_create(
        province=a, year=2030, month=2, defaults={"status": MonthStatus.Status.SUBMITTED}
    )
    return {"hq": hq, "provinces": (a, b, c), "offices": offices, "staff": staff}


def test_ranking_change_and_run_rate_by_hand(world):
    rows = province_ranking(user=world["hq"], period=FEB)
    a, b, c = ({r.province_id: r for r in rows}[p.pk] for p in world["provinces"])
    assert (a.month_figure, a.cumulative, a.plan_percent, a.last_year_cumulative) == (5, 15, Decimal("15.0"), 8)
    assert (a.change_percent, a.run_rate_percent, a.rank, a.submitted) == (Decimal("87.5"), Decimal("90.0"), 2, True)
    assert (b.cumulative, b.plan_percent, b.change_percent, b.run_rate_percent, b.rank) == (
        16,
        Decimal("32.0"),
        Decimal("-20.0"),
        Decimal("192.0"),
        1,
    )
    assert (c.cumulative, c.plan_percent, c.change_percent, c.run_rate_percent, c.rank) == (4, None, None, None, None)

    totals = national_totals(rows=rows, period=FEB)
    assert (totals.month_figure, totals.cumulative, totals.annual_plan, totals.last_year_cumulative) == (
        12,
        35,
        150,
        28,
    )
    assert (totals.plan_percent, totals.change_percent, totals.run_rate_percent) == (
        Decimal("23.3"),
        Decimal("25.0"),
        Decimal("140.0"),
    )
    assert [(p.month, p.figure, p.cumulative, p.even_pace) for p in totals.series] == [(1, 23, 23, 13), (2, 12, 35, 25)]

    best, weakest = best_and_weakest(rows)
    assert [r.province_id for r in best] == [b.province_id, a.province_id]
    assert [r.province_id for r in weakest] == [a.province_id, b.province_id]
    still_open = not_submitted(rows)
    assert a.province_id not in {r.province_id for r in still_open}
    assert {b.province_id, c.province_id} <= {r.province_id for r in still_open}


def test_region_filter_and_one_province(world):
    a = world["provinces"][0]
    rows = province_ranking(user=world["hq"], period=FEB, province=a)
    assert [(r.name, r.cumulative, r.rank) for r in rows] == [(a.name, 15, 1)]


def test_post_office_ranking_staff_leaderboard_and_attainment(world):
    a = world["provinces"][0]
    offices = post_office_ranking(user=world["hq"], province=a, period=FEB)
    assert [(o.name, o.month_figure, o.cumulative, o.plan_percent, o.rank) for o in offices] == [
        ("Bưu điện A1", 5, 11, Decimal("18.3"), 1),
        ("Bưu điện A2", 0, 4, Decimal("10.0"), 2),
    ]
    board = staff_leaderboard(user=world["hq"], period=FEB, province=a)
    assert [(s.employee_code, s.month_figure, s.cumulative, s.months_met) for s in board] == [
        ("W-a1", 2, 7, 2),
        ("W-a2", 3, 4, 1),
        ("W-a3", 0, 4, 1),
    ]
    attainment = quota_attainment(user=world["hq"], period=FEB, province=a)
    assert (attainment.active_staff, attainment.met, attainment.percent) == (3, 2, Decimal("66.7"))
    january = quota_attainment(user=world["hq"], period=Period(2030, 1), post_office=world["offices"]["A1"])
    assert (january.active_staff, january.met) == (2, 1)
    history = staff_history(staff=world["staff"]["a2"], period=FEB)
    assert [(h.month, h.figure, h.met) for h in history] == [(1, 1, False), (2, 3, True)]
    assert staff_year_totals(history) == StaffYearTotals(cumulative=4, months_met=1)
    assert post_office_monthly(user=world["hq"], post_office=world["offices"]["A1"], period=FEB) == {
        1: 6,
        2: 5,
    }


def test_province_without_plan_shows_a_dash_on_the_pages(world, client):
    client.force_login(world["hq"])
    c = world["provinces"][2]
    html = client.get("/", {"year": 2030, "month": 2}).content.decode()
    assert 'id="total-percent">23,3%<' in html and 'id="total-change">25,0%<' in html
    page = client.get(f"/provinces/{c.pk}/", {"year": 2030, "month": 2}).content.decode()
    assert 'id="province-percent">—<' in page and 'id="province-plan">—<' in page
    assert 'id="province-cumulative">4<' in page
