"""As reported and restated to today's provinces, against sums computed straight from the staff figures."""

import pytest
from django.db.models import Sum

from core.maths import change_percent
from core.period import Period
from enrollment.models import MonthlyFigure, Province
from reports.selectors.dashboard import national_totals, province_ranking
from reports.selectors.restatement import PlanSource, View, default_view, restated_province_id
from tests.reports.restated_world import restated_world

DEC_2025, MAR_2026 = Period(2025, 12), Period(2026, 3)


@pytest.fixture
def world(demo_data):
    return restated_world()


def raw(*, provinces, year, months) -> int:
    """The sum of the staff figures earned in `provinces` in `year`'s `months`: the direct computation."""
    figures = MonthlyFigure.objects.filter(post_office__province__in=provinces, year=year, month__in=months)
    return figures.aggregate(total=Sum("new_participants"))["total"] or 0


def by_code(rows, code):
    (row,) = [r for r in rows if r.code == code]
    return row


def test_default_view_is_restated_only_across_the_merger():
    assert [default_view(Period(year, 6)) for year in (2021, 2024, 2025, 2026, 2027)] == [
        View.REPORTED,
        View.REPORTED,
        View.RESTATED,
        View.RESTATED,
        View.REPORTED,
    ]


def test_the_restatement_rule_maps_old_to_new_and_new_to_itself(db):
    old, new = Province.objects.get(scheme="63", code="54"), Province.objects.get(scheme="34", code="66")
    assert restated_province_id(old.pk, old.merged_into_id) == new.pk
    assert restated_province_id(new.pk, new.merged_into_id) == new.pk


def test_new_dak_lak_restated_2025_sums_its_predecessors_then_itself(world):
    p = world["provinces"]
    rows = province_ranking(user=world["hq"], period=DEC_2025, view=View.RESTATED)
    assert len(rows) == 34 and {r.code for r in rows} == set(
        Province.objects.filter(scheme="34").values_list("code", flat=True)
    )
    dak_lak = by_code(rows, "66")
    expected = raw(provinces=[p["63", "66"], p["63", "54"]], year=2025, months=range(1, 7)) + raw(
        provinces=[p["34", "66"]], year=2025, months=range(7, 13)
    )
    assert dak_lak.cumulative == expected == (2 * (6 * 10 + 21) + 6) + (2 * (6 * 20 + 21) + 6) + (2 * (6 * 50 + 57) + 6)
    assert (dak_lak.annual_plan, dak_lak.plan_source) == (160, PlanSource.DERIVED)  # 100 + 60, no plan of its own
    reported = by_code(province_ranking(user=world["hq"], period=DEC_2025, view=View.REPORTED), "66")
    assert reported.cumulative == raw(provinces=[p["34", "66"]], year=2025, months=range(7, 13)) < expected
    assert (reported.annual_plan, reported.plan_source) == (None, "")


def test_national_cumulative_restated_at_december_2025_is_every_2025_figure(world):
    rows = province_ranking(user=world["hq"], period=DEC_2025)  # the default view of 2025: restated
    every_2025 = MonthlyFigure.objects.filter(year=2025).aggregate(total=Sum("new_participants"))["total"]
    assert national_totals(rows=rows, period=DEC_2025).cumulative == every_2025 > 0
    reported = province_ranking(user=world["hq"], period=DEC_2025, view=View.REPORTED)
    july_on = MonthlyFigure.objects.filter(year=2025, month__gte=7).aggregate(total=Sum("new_participants"))["total"]
    assert national_totals(rows=reported, period=DEC_2025).cumulative == july_on


def test_2026_year_on_year_equals_a_direct_computation(world):
    p = world["provinces"]
    rows = province_ranking(user=world["hq"], period=MAR_2026)
    dak_lak = by_code(rows, "66")
    this_year = raw(provinces=[p["34", "66"]], year=2026, months=range(1, 4))
    last_year = raw(provinces=[p["63", "66"], p["63", "54"]], year=2025, months=range(1, 4))
    assert (dak_lak.cumulative, dak_lak.last_year_cumulative) == (this_year, last_year)
    assert dak_lak.change_percent == change_percent(this_year, last_year) is not None
    national = national_totals(rows=rows, period=MAR_2026)
    months = range(1, 4)
    every = MonthlyFigure.objects.filter(month__in=months)
    assert national.cumulative == every.filter(year=2026).aggregate(t=Sum("new_participants"))["t"]
    assert national.last_year_cumulative == every.filter(year=2025).aggregate(t=Sum("new_participants"))["t"]
    assert national.change_percent == change_percent(national.cumulative, national.last_year_cumulative)


def test_code_82_never_mixes_tien_giang_and_dong_thap(world):
    p = world["provinces"]
    march_2025 = province_ranking(user=world["hq"], period=Period(2025, 3), view=View.REPORTED)
    tien_giang, old_dong_thap = by_code(march_2025, "82"), by_code(march_2025, "87")
    assert tien_giang.name == "Tiền Giang" and old_dong_thap.name == "Đồng Tháp"
    assert tien_giang.cumulative == raw(provinces=[p["63", "82"]], year=2025, months=range(1, 4))
    december = province_ranking(user=world["hq"], period=DEC_2025, view=View.REPORTED)
    assert by_code(december, "82").cumulative == raw(provinces=[p["34", "82"]], year=2025, months=range(1, 13))
    restated = by_code(province_ranking(user=world["hq"], period=DEC_2025, view=View.RESTATED), "82")
    olds = raw(provinces=[p["63", "82"], p["63", "87"]], year=2025, months=range(1, 7))
    assert restated.cumulative == olds + raw(provinces=[p["34", "82"]], year=2025, months=range(7, 13))
    assert (restated.annual_plan, restated.plan_source) == (500, PlanSource.OWN)  # HQ set one: not derived
    assert by_code(province_ranking(user=world["hq"], period=DEC_2025), "66").cumulative < restated.cumulative


def test_a_region_restated_sums_its_provinces_and_their_predecessors(world):
    rows = province_ranking(user=world["hq"], period=DEC_2025, region="DHTB_TN")
    assert {r.code for r in rows} == {"48", "51", "52", "56", "66", "68"}
    assert {r.region_name for r in rows} == {"Duyên hải Trung Bộ và Tây Nguyên (tạm thời)"}
    national = {r.code: r.cumulative for r in province_ranking(user=world["hq"], period=DEC_2025)}
    assert by_code(rows, "66").cumulative == national["66"] > 0


def test_restated_ranking_costs_no_more_queries_than_as_reported(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        rows = province_ranking(user=world["hq"], period=DEC_2025, view=View.RESTATED)
    assert by_code(rows, "66").cumulative > 0
    with django_assert_max_num_queries(2):
        assert province_ranking(user=world["hq"], period=DEC_2025, region="DNB", view=View.RESTATED)
