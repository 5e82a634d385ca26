"""seed_demo reproduces every published figure, read back through the same selector as the page."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Sum

from core.period import Period
from devtools.demo.figures import published_figures
from enrollment.models import ManagerAssignment, MonthlyFigure, PostOffice, Province, Staff
from reports.selectors.dashboard import national_totals, province_ranking

pytestmark = pytest.mark.django_db
APRIL_2021 = Period(year=2021, month=4)


def test_national_months_and_cumulative_match_the_article(hq):
    published = published_figures()
    rows = province_ranking(user=hq, period=APRIL_2021)
    totals = national_totals(rows=rows, period=APRIL_2021)
    assert totals.monthly == {1: 17971, 2: 9391, 3: 28215, 4: 20831} == published.national_by_month
    assert totals.cumulative == 76408
    assert totals.month_figure == 20831
    assert round(totals.plan_percent) == 19
    assert 391837 <= totals.annual_plan <= 413015


def test_top_ten_in_published_order_with_published_percentages(hq):
    rows = province_ranking(user=hq, period=APRIL_2021)
    assert [(r.name, r.plan_percent) for r in rows[:10]] == published_figures().top10
    assert [r.rank for r in rows[:10]] == list(range(1, 11))
    assert all(r.plan_percent < Decimal("28.7") for r in rows[10:])
    assert len(rows) == 63


def test_demo_sizes_are_realistic(demo_data):
    offices = PostOffice.objects.values("province").annotate(n=Count("id"))
    assert all(5 <= o["n"] <= 30 for o in offices) and len(offices) == 63
    staff = Staff.objects.values("post_office").annotate(n=Count("id"))
    assert all(3 <= s["n"] <= 15 for s in staff)
    assert not MonthlyFigure.objects.filter(year=2021, month__gt=4).exists()


def test_demo_users_are_scoped_to_their_province(demo_data):
    manager = get_user_model().objects.get(username="manager-66")
    assert manager.check_password("demo")
    assert ManagerAssignment.objects.get(user=manager).province == Province.objects.get(scheme="63", code="66")
    assert ManagerAssignment.objects.count() == 63
    assert list(Province.objects.visible_to(manager).values_list("name", flat=True)) == ["Đắk Lắk"]
    assert get_user_model().objects.get(username="analyst").check_password("demo")


def test_running_twice_changes_nothing(demo_data):
    def snapshot():
        return (
            PostOffice.objects.count(),
            Staff.objects.count(),
            list(
                MonthlyFigure.objects.order_by("staff__employee_code", "month").values_list(
                    "staff__employee_code", "month", "new_participants"
                )
            ),
            get_user_model().objects.count(),
            MonthlyFigure.objects.aggregate(total=Sum("new_participants"))["total"],
        )

    before = snapshot()
    call_command("seed_demo", verbosity=0, allow_known_passwords=True, through=2021)
    assert snapshot() == before
