"""core/period.py: the month, its bounds and scheme, and THE default period of every page, export and the API."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from core.period import (
    Period,
    default_period,
    last_calendar_month,
    latest_period,
    month_bounds,
    period_complete,
    previous_month,
    scheme_of_month,
    schemes_of_year,
)
from enrollment.models import MonthlyFigure
from reports.models import ProvinceMonthTotal


def test_month_bounds_and_previous_month():
    assert month_bounds(2024, 2) == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert month_bounds(2021, 4) == (datetime.date(2021, 4, 1), datetime.date(2021, 4, 30))
    assert previous_month(2021, 1) == (2020, 12)
    assert previous_month(2021, 4) == (2021, 3)
    assert Period(2021, 1).previous == Period(2020, 12)
    assert Period(2021, 4).bounds == month_bounds(2021, 4)


def test_scheme_changes_on_1_july_2025():
    assert scheme_of_month(2025, 6) == "63" and Period(2025, 6).scheme == "63"
    assert scheme_of_month(2025, 7) == "34" and Period(2025, 7).scheme == "34"
    assert str(Period(2021, 4)) == "04/2021"


def test_geography_reexports_the_same_rule():
    from enrollment import geography

    assert geography.scheme_of_month is scheme_of_month


def test_last_calendar_month():
    assert last_calendar_month(datetime.date(2026, 1, 15)) == Period(2025, 12)
    assert last_calendar_month(datetime.date(2026, 12, 3)) == Period(2026, 11)


def test_period_complete():
    default = Period(2021, 4)
    assert period_complete(None, None, default) == Period(2021, 4)
    assert period_complete(None, 2, default) == Period(2021, 2)
    assert period_complete(2021, None, default) == Period(2021, 4)  # the default's year: the default's month
    assert period_complete(2020, None, default) == Period(2020, 12)  # a past year: shown whole
    assert period_complete(2019, 7, default) == Period(2019, 7)


@pytest.mark.django_db
def test_default_is_the_latest_month_with_figures_the_user_may_see(demo_data):
    hq = get_user_model().objects.get(username="hq")
    manager = get_user_model().objects.get(username="manager-66")
    assert default_period(user=hq) == Period(2021, 4)  # the demo's latest month
    assert default_period(user=manager) == Period(2021, 4)
    # A later month elsewhere moves HQ's default, not the Đắk Lắk manager's.
    cell = ProvinceMonthTotal.objects.exclude(province__code="66").filter(year=2021, month=4).first()
    ProvinceMonthTotal.objects.filter(pk=cell.pk).update(month=9)
    assert default_period(user=hq) == Period(2021, 9)
    assert default_period(user=manager) == Period(2021, 4)


@pytest.mark.django_db
def test_default_reads_the_rollups_not_the_figures(demo_data):
    hq = get_user_model().objects.get(username="hq")
    ProvinceMonthTotal.objects.filter(year=2021, month=4).delete()
    assert MonthlyFigure.objects.filter(year=2021, month=4).exists()
    assert latest_period(user=hq) == Period(2021, 3)


@pytest.mark.django_db
def test_default_without_any_figure_is_the_last_calendar_month(demo_data):
    ProvinceMonthTotal.objects.all().delete()
    hq = get_user_model().objects.get(username="hq")
    assert latest_period(user=hq) is None
    assert default_period(user=hq, today=datetime.date(2026, 3, 10)) == Period(2026, 2)
    nobody = get_user_model().objects.create_user("nobody-period")
    assert default_period(user=nobody, today=datetime.date(2026, 3, 10)) == Period(2026, 2)


@pytest.mark.parametrize(("year", "schemes"), [(2021, ["63"]), (2024, ["63"]), (2025, ["63", "34"]), (2026, ["34"])])
def test_schemes_of_year_lists_the_maps_a_year_ran_on(year, schemes):
    assert schemes_of_year(year) == schemes
