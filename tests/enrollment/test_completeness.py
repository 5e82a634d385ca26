"""Completeness: placed people with a figure ÷ placed people, offices complete; placements are the truth."""

import datetime

import pytest

from enrollment.completeness import month_completeness, people_without_figure
from enrollment.models import PostOffice, Staff
from enrollment.services.placements import staff_transfer

pytestmark = pytest.mark.django_db


def _new_person(office, code="GAP001", active_from=datetime.date(2021, 1, 1)) -> Staff:
    return Staff.objects.create(
        employee_code=code, full_name="Người chưa nhập", post_office=office, active_from=active_from
    )


def test_a_person_without_a_figure_is_a_gap_of_their_office(hq, daklak, office):
    before = month_completeness(user=hq, year=2021, month=4, province_ids=[daklak.pk])[daklak.pk]
    assert before.people > 0 and before.with_figure == before.people and not before.has_gaps
    person = _new_person(office)
    after = month_completeness(user=hq, year=2021, month=4, province_ids=[daklak.pk])[daklak.pk]
    assert (after.people, after.with_figure) == (before.people + 1, before.people)
    assert [o.office_id for o in after.incomplete_offices] == [office.pk]
    assert after.offices_complete == len(after.offices) - 1
    assert [p.pk for p in people_without_figure(user=hq, year=2021, month=4, province_id=daklak.pk)] == [person.pk]


def test_people_who_had_not_started_or_had_left_are_not_expected(hq, daklak, office):
    _new_person(office, "LATE01", active_from=datetime.date(2021, 5, 1))
    month = month_completeness(user=hq, year=2021, month=4, province_ids=[daklak.pk])[daklak.pk]
    assert not month.has_gaps


def test_a_transferred_person_is_expected_where_placed_that_month(hq, daklak, hanoi, office):
    person = Staff.objects.filter(post_office=office).order_by("pk").first()
    target = PostOffice.objects.filter(province=hanoi).order_by("code").first()

    def people(month):
        result = month_completeness(user=hq, year=2021, month=month, province_ids=[daklak.pk, hanoi.pk])
        return {o.office_id: o.people for r in result.values() for o in r.offices}

    before = people(6)
    staff_transfer(user=hq, staff=person, post_office=target, on=datetime.date(2021, 6, 1))
    after = people(6)
    assert (after[office.pk], after[target.pk]) == (before[office.pk] - 1, before[target.pk] + 1)
    assert people(5)[office.pk] == before[office.pk]  # May: still where they were placed then


def test_a_manager_counts_only_their_provinces(manager, daklak, hanoi):
    result = month_completeness(user=manager, year=2021, month=4, province_ids=[daklak.pk, hanoi.pk])
    assert result[daklak.pk].people > 0 and result[hanoi.pk].people == 0


def test_two_queries_whatever_the_number_of_provinces(hq, django_assert_max_num_queries):
    from enrollment.models import Province

    ids = list(Province.objects.filter(scheme="63").values_list("pk", flat=True))
    with django_assert_max_num_queries(3):  # + the groups of the user, once
        result = month_completeness(user=hq, year=2021, month=4, province_ids=ids)
    assert len(result) == 63 and sum(r.people for r in result.values()) > 1000
