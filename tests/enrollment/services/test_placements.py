"""Dated placements and quotas: staff_transfer, staff_quota_set, staff_save's dated moves, and where figures go."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enrollment.models import MonthlyFigure, PostOffice, Staff, StaffPlacement, StaffQuota
from enrollment.services.figures import figures_record
from enrollment.services.organisation import post_office_save, staff_save
from enrollment.services.placements import dated_rows_ensure, staff_quota_set, staff_transfer

pytestmark = pytest.mark.django_db
JUNE = datetime.date(2021, 6, 1)


@pytest.fixture
def person(daklak):
    return Staff.objects.filter(post_office__province=daklak).order_by("pk").first()


@pytest.fixture
def other_office(person):
    return (
        PostOffice.objects.filter(province=person.post_office.province, is_active=True)
        .exclude(pk=person.post_office_id)
        .order_by("code")
        .first()
    )


def test_a_transfer_ends_the_placement_the_day_before_and_keeps_its_history(manager, person, other_office):
    old_office = person.post_office
    staff_transfer(user=manager, staff=person, post_office=other_office, on=JUNE)
    placements = list(StaffPlacement.objects.filter(staff=person).values_list("post_office", "valid_from", "valid_to"))
    assert placements == [
        (old_office.pk, person.active_from, datetime.date(2021, 5, 31)),
        (other_office.pk, JUNE, person.active_to),
    ]
    assert Staff.objects.get(pk=person.pk).post_office == other_office  # the current value follows
    history = StaffPlacement.history.filter(staff=person, history_user=manager, history_change_reason="transfer")
    assert sorted(history.values_list("post_office", "valid_to")) == sorted(
        [(old_office.pk, datetime.date(2021, 5, 31)), (other_office.pk, person.active_to)]
    )


def test_a_transfer_is_refused_out_of_scope_before_the_current_placement_and_to_the_same_office(
    manager, manager_hanoi, person, other_office
):
    with pytest.raises(PermissionDenied):
        staff_transfer(user=manager_hanoi, staff=person, post_office=other_office, on=JUNE)
    hanoi_office = PostOffice.objects.filter(province__code="01", province__scheme="63").first()
    with pytest.raises(PermissionDenied):  # a manager cannot move someone out of their province
        staff_transfer(user=manager, staff=person, post_office=hanoi_office, on=JUNE)
    staff_transfer(user=manager, staff=person, post_office=other_office, on=JUNE)
    with pytest.raises(ValidationError):  # on or before the start of the placement in force: no overlap
        staff_transfer(user=manager, staff=person, post_office=person.post_office, on=JUNE)
    with pytest.raises(ValidationError):
        staff_transfer(user=manager, staff=person, post_office=other_office, on=datetime.date(2021, 7, 1))
    assert StaffPlacement.objects.filter(staff=person).count() == 2


def test_staff_save_moves_from_the_date_given_and_never_silently(manager, person, other_office):
    before = person.monthly_quota
    person.post_office = other_office
    person.monthly_quota = 4 if before != 4 else 5
    staff_save(user=manager, staff=person, changes_from=JUNE)
    assert StaffPlacement.objects.filter(staff=person, post_office=other_office).get().valid_from == JUNE
    assert list(StaffQuota.objects.filter(staff=person).values_list("monthly_quota", "valid_from")) == [
        (before, person.active_from),
        (person.monthly_quota, JUNE),
    ]
    assert Staff.objects.get(pk=person.pk).monthly_quota == person.monthly_quota


def test_a_new_figure_is_earned_where_the_person_was_placed_that_month(manager, person, other_office):
    old_office = person.post_office
    staff_transfer(user=manager, staff=person, post_office=other_office, on=JUNE)
    figures_record(user=manager, year=2021, month=5, values={person.pk: 3})  # entered late, after the move
    figures_record(user=manager, year=2021, month=6, values={person.pk: 4})
    earned = dict(MonthlyFigure.objects.filter(staff=person, month__in=[5, 6]).values_list("month", "post_office"))
    assert earned == {5: old_office.pk, 6: other_office.pk}


def test_a_month_without_a_placement_is_refused_naming_the_person(manager, person):
    dated_rows_ensure(person)
    StaffPlacement.objects.filter(staff=person).update(valid_from=datetime.date(2021, 7, 1))
    with pytest.raises(ValidationError) as refused:
        figures_record(user=manager, year=2021, month=6, values={person.pk: 3})
    assert person.full_name in str(refused.value)
    assert not MonthlyFigure.objects.filter(staff=person, year=2021, month=6).exists()


def test_no_figure_is_earned_at_an_office_closed_that_month(manager, person):
    office = person.post_office
    office.valid_to = datetime.date(2021, 4, 30)
    post_office_save(user=manager, post_office=office)
    with pytest.raises(ValidationError) as refused:
        figures_record(user=manager, year=2021, month=5, values={person.pk: 3})
    assert person.full_name in str(refused.value)
    figures_record(user=manager, year=2021, month=4, values={person.pk: 3})  # April: still open, existing figure
    assert MonthlyFigure.objects.get(staff=person, year=2021, month=4).new_participants == 3


def test_a_quota_from_june_leaves_may_as_it_was(manager, person):
    staff_quota_set(user=manager, staff=person, monthly_quota=5, valid_from=JUNE)
    assert Staff.objects.get(pk=person.pk).monthly_quota == 5
    with pytest.raises(ValidationError):
        staff_quota_set(user=manager, staff=person, monthly_quota=6, valid_from=JUNE)
