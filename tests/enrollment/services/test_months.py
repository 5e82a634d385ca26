"""Months: the shared province-month lock, and closing every province in a fixed number of queries."""

import pytest
from django.core.exceptions import PermissionDenied

from enrollment.models import MonthlyFigure, MonthStatus, Province
from enrollment.services.figures import figures_record
from enrollment.services.months import month_close, month_submit, province_months_lock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("year", "month", "provinces"), [(2021, 4, 63), (2025, 9, 34)])
def test_close_all_is_a_fixed_number_of_queries_with_history_per_province(
    hq, year, month, provinces, django_assert_max_num_queries
):
    # groups, provinces, lock (insert + select), update, history, and the savepoint pair of @atomic in a test;
    # SQLite splits the history insert of 63 rows in two (999 variables a statement, 15+ columns since issue 14)
    with django_assert_max_num_queries(9):
        closed = month_close(user=hq, year=year, month=month, include_unsubmitted=True)
    assert len(closed) == provinces
    statuses = MonthStatus.objects.filter(year=year, month=month)
    assert statuses.filter(status=MonthStatus.Status.CLOSED, closed_by=hq).count() == provinces
    history = MonthStatus.history.filter(year=year, month=month)
    assert history.count() == provinces  # one line each; the lock rows themselves wrote none
    assert set(history.values_list("history_change_reason", "history_user", "status")) == {("close", hq.pk, "closed")}


def test_close_one_province_touches_only_it(hq, daklak):
    assert [s.province for s in month_close(user=hq, year=2021, month=4, province=daklak)] == [daklak]
    assert list(MonthStatus.objects.filter(year=2021, month=4).values_list("province_id", "status")) == [
        (daklak.pk, "closed")
    ]


def test_a_saved_figure_leaves_an_open_lock_row_and_no_status_history(manager, daklak, office_staff):
    figures_record(user=manager, year=2021, month=6, values={office_staff[0].pk: 2})
    assert MonthStatus.objects.get(province=daklak, year=2021, month=6).status == MonthStatus.Status.OPEN
    assert not MonthStatus.history.filter(province=daklak, year=2021, month=6).exists()
    assert MonthlyFigure.objects.filter(staff=office_staff[0], year=2021, month=6).exists()


def test_lock_rows_come_back_in_primary_key_order(hq):
    ids = list(Province.objects.of_scheme("63").values_list("pk", flat=True)[:5])
    locked = province_months_lock(province_ids=reversed(ids), year=2021, month=7)
    assert list(locked) == sorted(ids) and [s.pk for s in locked.values()] == sorted(s.pk for s in locked.values())


def test_submit_is_scoped_by_visible_to_change(analyst, manager_hanoi, manager, daklak):
    for user in (analyst, manager_hanoi):
        with pytest.raises(PermissionDenied):
            month_submit(user=user, province=daklak, year=2021, month=4)
    assert not MonthStatus.objects.filter(province=daklak, year=2021, month=4).exists()
    assert month_submit(user=manager, province=daklak, year=2021, month=4).status == MonthStatus.Status.SUBMITTED
