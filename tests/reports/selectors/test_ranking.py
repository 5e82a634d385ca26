"""Selector arithmetic against hand-computed values, on a small world of our own."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from core.period import Period, latest_period
from enrollment.models import AnnualPlan, MonthlyFigure, PostOffice, Province, Staff
from reports.selectors.dashboard import national_totals, province_ranking


@pytest.fixture
def world(db):
    """Three provinces of 2030: A (plan 100), B (plan 200), C (no plan); figures for Jan–Feb."""
    provinces = list(Province.objects.filter(scheme="34").order_by("code")[:3])
    counts = {0: {1: [10, 5], 2: [7]}, 1: {1: [20], 2: [20, 4]}, 2: {1: [3], 2: [0]}}
    for index, province in enumerate(provinces):
        office = PostOffice.objects.create(province=province, code=f"W{index}", name=f"BĐ {index}")
        staff = [
            Staff.objects.create(
                employee_code=f"W{index}-{n}",
                full_name="Thử",
                post_office=office,
                active_from=datetime.date(2030, 1, 1),
            )
            for n in range(2)
        ]
        for month, values in counts[index].items():
            for member, value in zip(staff, values, strict=False):
                MonthlyFigure.objects.create(
                    staff=member, post_office=office, year=2030, month=month, new_participants=value
                )
    AnnualPlan.objects.create(province=provinces[0], year=2030, target=100)
    AnnualPlan.objects.create(province=provinces[1], year=2030, target=200)
    return provinces


def test_ranking_lũy_kế_and_percent_by_hand(world):
    hq = get_user_model().objects.get(username="hq")
    rows = province_ranking(user=hq, period=Period(2030, 2))
    by_id = {r.province_id: r for r in rows}
    a, b, c = (by_id[p.pk] for p in world)
    assert (a.month_figure, a.cumulative, a.plan_percent) == (7, 22, Decimal("22.0"))
    assert (b.month_figure, b.cumulative, b.plan_percent) == (24, 44, Decimal("22.0"))
    assert (c.month_figure, c.cumulative, c.plan_percent, c.rank) == (0, 3, None, None)
    # tie on % of plan: the larger lũy kế ranks first; the province without a plan comes last
    assert rows[0] is b and rows[1] is a and rows[0].rank == 1 and rows[1].rank == 2
    assert rows.index(c) > rows.index(a)

    totals = national_totals(rows=rows, period=Period(2030, 2))
    assert (totals.monthly, totals.cumulative, totals.annual_plan) == ({1: 38, 2: 31}, 69, 300)
    assert totals.plan_percent == Decimal("23.0")


def test_january_only_counts_january(world):
    hq = get_user_model().objects.get(username="hq")
    rows = province_ranking(user=hq, period=Period(2030, 1))
    assert sum(r.cumulative for r in rows) == 38


def test_manager_sees_only_their_province(world):
    manager = get_user_model().objects.get(username="manager-66")
    rows = province_ranking(user=manager, period=Period(2021, 4))
    assert [r.name for r in rows] == ["Đắk Lắk"]


def test_latest_period(world):
    hq = get_user_model().objects.get(username="hq")
    assert latest_period(user=hq) == Period(2030, 2)
