import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from enrollment.models import MonthlyFigure, Staff
from enrollment.services.figures import SOURCE_GRID, figures_record
from enrollment.signals import figures_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_staff(manager):
    return list(Staff.objects.visible_to(manager).order_by("employee_code")[:3])


def test_records_creates_updates_and_keeps_history(manager, own_staff):
    first, second, third = own_staff
    existing = MonthlyFigure.objects.get(staff=first, year=2021, month=4)
    unchanged = MonthlyFigure.objects.get(staff=second, year=2021, month=4).new_participants
    third_before = MonthlyFigure.objects.get(staff=third, year=2021, month=4).new_participants
    if third_before == 1:
        third_before, target_third = 1, 2
    else:
        target_third = 1
    seen = []
    figures_changed.connect(lambda **kw: seen.extend(kw["changes"]), weak=False, dispatch_uid="t")
    try:
        result = figures_record(
            user=manager,
            year=2021,
            month=4,
            values={first.pk: existing.new_participants + 2, second.pk: unchanged, third.pk: target_third},
            source=SOURCE_GRID,
        )
    finally:
        figures_changed.disconnect(dispatch_uid="t")
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    assert [(c.staff_id, c.delta) for c in seen] == [(first.pk, 2), (third.pk, target_third - third_before)]
    assert all(c.province_id == first.post_office.province_id for c in seen)
    record = MonthlyFigure.history.filter(staff_id=first.pk, year=2021, month=4).latest()
    assert record.history_user == manager and record.history_change_reason == SOURCE_GRID
    assert record.new_participants == existing.new_participants + 2


def test_new_month_is_created(manager, own_staff):
    result = figures_record(user=manager, year=2021, month=5, values={s.pk: 3 for s in own_staff})
    assert result.created == 3
    assert MonthlyFigure.objects.filter(year=2021, month=5, staff__in=own_staff).count() == 3


def test_other_province_staff_is_refused_and_nothing_saved(manager, own_staff):
    hanoi = Staff.objects.filter(post_office__province__code="01", post_office__province__scheme="63").first()
    with pytest.raises(PermissionDenied):
        figures_record(user=manager, year=2021, month=5, values={own_staff[0].pk: 3, hanoi.pk: 4})
    assert not MonthlyFigure.objects.filter(year=2021, month=5).exists()


@pytest.mark.parametrize("bad", [-1, 2.5, "3,5", "abc", "", None, True, 10_001])
def test_bad_values_are_refused_and_nothing_saved(manager, own_staff, bad):
    with pytest.raises(ValidationError):
        figures_record(user=manager, year=2021, month=5, values={own_staff[0].pk: 3, own_staff[1].pk: bad})
    assert not MonthlyFigure.objects.filter(year=2021, month=5).exists()


def test_analyst_cannot_write(demo_data, own_staff):
    analyst = get_user_model().objects.get(username="analyst")
    with pytest.raises(PermissionDenied):
        figures_record(user=analyst, year=2021, month=5, values={own_staff[0].pk: 3})


def test_query_count_does_not_grow_with_staff(manager, django_assert_max_num_queries):
    # 55 people: SQLite splits a bulk insert at 999 parameters, so there the count steps up every few hundred rows
    # (a limit of the database, not of the service)
    staff = list(Staff.objects.visible_to(manager).order_by("pk")[:55])
    assert len(staff) == 55
    # 16: the figures and their history, the rollups, the province-month lock (2) and the insert's savepoint (2)
    with django_assert_max_num_queries(16):
        figures_record(user=manager, year=2021, month=6, values={s.pk: 2 for s in staff})
    with django_assert_max_num_queries(16):
        figures_record(user=manager, year=2021, month=6, values={s.pk: 3 for s in staff})
