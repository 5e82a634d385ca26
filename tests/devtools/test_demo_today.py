"""seed_demo to November 2026: the article's 2021 kept, 2–5 a month per person, the cut-over and the commune offices
through their tools, restated 2025 whole, managers carried, idempotent.

The full demo is built once for this module, on top of the suite's 2021 demo, inside a transaction rolled back at
the end of the module (each test then runs in a savepoint of it).
"""

import datetime
import os
from collections import defaultdict
from statistics import median

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from core.period import Period, default_period
from devtools.demo.figures import published_figures
from devtools.demo.later import DEMO_TODAY
from enrollment.models import AnnualPlan, MonthlyFigure, PostOffice, Province, Staff, StaffPlacement, StaffQuota
from enrollment.services.cutover import carried_code
from reports.selectors.dashboard import national_totals, province_ranking

CUTOVER, COMMUNES = datetime.date(2025, 7, 1), datetime.date(2025, 9, 1)


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", allow_known_passwords=True, stdout=open(os.devnull, "w"))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def hq(full_demo, db):
    return get_user_model().objects.get(username="hq")


def test_the_2021_article_figures_are_still_exact(hq):
    april = Period(2021, 4)
    rows = province_ranking(user=hq, period=april)
    totals = national_totals(rows=rows, period=april)
    assert totals.monthly == published_figures().national_by_month and totals.cumulative == 76408
    assert [(r.name, r.plan_percent) for r in rows[:10]] == published_figures().top10


def test_every_province_and_year_has_a_median_per_staff_month_between_2_and_5(hq):
    values = defaultdict(list)
    figures = MonthlyFigure.objects.values_list("year", "post_office__province", "new_participants")
    for year, province, value in figures.iterator():
        values[year, province].append(value)
    years = {year for year, _province in values}
    assert years == {2021, 2024, 2025, 2026}
    # every province of the scheme in force has figures each year: 63 until 06/2025, 34 from 07/2025
    assert len(values) == 63 + 63 + (63 + 34) + 34
    medians = {key: median(found) for key, found in values.items()}
    assert all(2 <= m <= 5 for m in medians.values()), {k: m for k, m in medians.items() if not 2 <= m <= 5}


def test_the_cutover_went_through_the_tool(hq):
    old_offices = PostOffice.objects.filter(province__scheme="63").select_related("province")
    carried = {o.code: o for o in PostOffice.objects.filter(province__scheme="34", code__contains="/")}
    assert len(carried) == old_offices.count()
    for office in old_offices:
        successor = carried[carried_code(office.code, "34")]
        assert successor.province_id == office.province.merged_into_id and successor.valid_from == CUTOVER
        assert office.valid_to == CUTOVER - datetime.timedelta(days=1) and not office.is_active
    moved = StaffPlacement.history.filter(history_change_reason="scheme_cutover", valid_from=CUTOVER)
    # everyone working on the day moved, except who joined that very day at a new office
    assert moved.count() == Staff.objects.active_on(CUTOVER).filter(active_from__lt=CUTOVER).count() > 5000
    assert not MonthlyFigure.objects.filter(year=2025, month__gte=7, post_office__province__scheme="63").exists()
    assert not MonthlyFigure.objects.filter(year=2025, month__lte=6, post_office__province__scheme="34").exists()


def test_commune_offices_open_on_1_9_2025_and_district_ones_closed_the_day_before(hq):
    communes = PostOffice.objects.filter(kind=PostOffice.Kind.COMMUNE)
    assert communes.count() > 0 and set(communes.values_list("valid_from", "province__scheme")) == {(COMMUNES, "34")}
    districts = PostOffice.objects.filter(province__scheme="34", kind=PostOffice.Kind.DISTRICT)
    assert set(districts.values_list("valid_to", "is_active")) == {(COMMUNES - datetime.timedelta(days=1), False)}
    moved = StaffPlacement.history.filter(history_change_reason="offices_reorganise", valid_from=COMMUNES)
    assert moved.count() == Staff.objects.active_on(COMMUNES).filter(active_from__lt=COMMUNES).count() > 5000
    later = MonthlyFigure.objects.filter(year__gte=2025).exclude(year=2025, month__lt=9)
    assert set(later.values_list("post_office__kind", flat=True).distinct()) == {PostOffice.Kind.COMMUNE}
    earned_before = MonthlyFigure.objects.filter(year=2025, month__in=(7, 8))
    assert set(earned_before.values_list("post_office__kind", flat=True).distinct()) == {PostOffice.Kind.DISTRICT}


def test_staff_join_leave_move_and_change_quota_with_dates(hq):
    assert Staff.objects.filter(active_from__year__in=(2024, 2025, 2026)).count() > 100
    assert Staff.objects.filter(active_to__isnull=False).count() > 100
    assert StaffPlacement.history.filter(history_change_reason="transfer").exists()
    assert StaffQuota.objects.filter(valid_from__year__gte=2024).count() > 50
    leaver = Staff.objects.filter(active_to__isnull=False).order_by("employee_code").first()
    assert not MonthlyFigure.objects.filter(staff=leaver, year__gt=leaver.active_to.year).exists()


def test_restated_2025_cumulative_is_the_sum_of_every_2025_figure(hq):
    december = Period(2025, 12)
    totals = national_totals(rows=province_ranking(user=hq, period=december, view="restated"), period=december)
    assert totals.cumulative == MonthlyFigure.objects.filter(year=2025).aggregate(s=Sum("new_participants"))["s"]


def test_the_default_period_is_november_2026_with_growth_against_restated_2025(hq):
    period = default_period(user=hq, today=DEMO_TODAY)
    assert period == Period(2026, 11)
    rows = province_ranking(user=hq, period=period)
    totals = national_totals(rows=rows, period=period)
    through_november = {"month__lte": 11, "year__in": (2025, 2026)}
    raw = dict(
        MonthlyFigure.objects.filter(**through_november)
        .values_list("year")
        .annotate(s=Sum("new_participants"))
        .values_list("year", "s")
    )
    assert (totals.cumulative, totals.last_year_cumulative) == (raw[2026], raw[2025])
    assert totals.change_percent > 0 and len(rows) == 34
    changes = [row.change_percent for row in rows]
    assert None not in changes and min(changes) < totals.change_percent < max(changes)


def test_plans_2024_2025_and_2026_some_new_provinces_with_their_own_2025_plan(hq):
    plans = defaultdict(int)
    for year, scheme in AnnualPlan.objects.values_list("year", "province__scheme"):
        plans[year, scheme] += 1
    assert (plans[2024, "63"], plans[2025, "63"], plans[2026, "34"]) == (63, 63, 34)
    assert 0 < plans[2025, "34"] < 34
    sources = {row.plan_source for row in province_ranking(user=hq, period=Period(2025, 12), view="restated")}
    assert sources == {"own", "derived"}


def test_managers_are_carried_by_the_cutover(hq):
    daklak = get_user_model().objects.get(username="manager-66")
    new_daklak = Province.objects.get(scheme="34", code="66")
    predecessors = set(new_daklak.merged_from.values_list("pk", flat=True))
    assert set(Province.objects.visible_to(daklak).values_list("pk", flat=True)) == {new_daklak.pk} | predecessors
    rows = province_ranking(user=daklak, period=Period(2025, 12), view="restated")
    assert [row.province_id for row in rows] == [new_daklak.pk]
    restated = MonthlyFigure.objects.filter(year=2025, post_office__province__in=[new_daklak.pk, *predecessors])
    assert rows[0].cumulative == restated.aggregate(s=Sum("new_participants"))["s"]
    hanoi = get_user_model().objects.get(username="manager-01")
    assert set(Province.objects.visible_to(hanoi).values_list("scheme", "code")) == {("63", "01"), ("34", "01")}


def test_a_second_run_adds_nothing(hq):
    def counts():
        return (
            MonthlyFigure.objects.count(),
            MonthlyFigure.objects.aggregate(s=Sum("new_participants"))["s"],
            Staff.objects.count(),
            PostOffice.objects.count(),
            StaffPlacement.objects.count(),
            StaffQuota.objects.count(),
            AnnualPlan.objects.count(),
            get_user_model().objects.count(),
        )

    before = counts()
    call_command("seed_demo", allow_known_passwords=True, stdout=open(os.devnull, "w"))
    assert counts() == before
