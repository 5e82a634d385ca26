"""plan_set (HQ's annual plan) and post_office_plan_set (a province's allocation), built with model-bakery."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from model_bakery import baker

from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province
from enrollment.services.plan_rules import PLAN_MAX, province_plan
from enrollment.services.plans import (
    PlanChange,
    plan_set,
    plans_set,
    post_office_plan_set,
    post_office_plans_set,
)

pytestmark = pytest.mark.django_db


def test_hq_sets_and_replaces_a_province_plan(hq, daklak):
    plan_set(user=hq, province=daklak, year=2024, target=1200)
    plan_set(user=hq, province=daklak, year=2024, target=1500)
    assert list(AnnualPlan.objects.filter(province=daklak, year=2024).values_list("target", flat=True)) == [1500]


@pytest.mark.parametrize("who", ["manager", "analyst"])
def test_only_hq_sets_a_province_plan(request, who, daklak):
    with pytest.raises(PermissionDenied):
        plan_set(user=request.getfixturevalue(who), province=daklak, year=2024, target=1200)
    assert not AnnualPlan.objects.filter(province=daklak, year=2024).exists()


def test_a_plan_of_zero_is_refused_before_saving(hq, daklak):
    with pytest.raises(ValidationError):
        plan_set(user=hq, province=daklak, year=2024, target=0)
    assert not AnnualPlan.objects.filter(province=daklak, year=2024).exists()


def test_a_manager_allocates_to_own_offices_only(manager, daklak, hanoi):
    own = baker.make(PostOffice, province=daklak, code="BAKE-66")
    other = baker.make(PostOffice, province=hanoi, code="BAKE-01")
    post_office_plan_set(user=manager, post_office=own, year=2024, target=80)
    post_office_plan_set(user=manager, post_office=own, year=2024, target=90)
    assert PostOfficePlan.objects.get(post_office=own, year=2024).target == 90
    with pytest.raises(PermissionDenied):
        post_office_plan_set(user=manager, post_office=other, year=2024, target=80)
    assert not PostOfficePlan.objects.filter(post_office=other).exists()


# --- issue 14 item 3: plans with history, all or nothing, on the year's map, allocations under the province plan


def new_province(code: str) -> Province:
    return Province.objects.get(scheme="34", code=code)


def test_plan_set_records_who_and_the_path_in_the_history(hq, daklak):
    plan_set(user=hq, province=daklak, year=2024, target=1200)
    plan_set(user=hq, province=daklak, year=2024, target=1300, source="import")
    history = AnnualPlan.history.filter(province=daklak, year=2024).order_by("history_date", "history_id")
    assert list(history.values_list("target", "history_user", "history_change_reason", "history_type")) == [
        (1200, hq.pk, "page", "+"),
        (1300, hq.pk, "import", "~"),
    ]


@pytest.mark.parametrize("target", [0, -5, PLAN_MAX + 1, "120", 12.5, True, None])
def test_a_bad_target_is_refused_before_saving(hq, daklak, target):
    with pytest.raises(ValidationError):
        plan_set(user=hq, province=daklak, year=2024, target=target)
    assert not AnnualPlan.objects.filter(province=daklak, year=2024).exists()


def test_a_year_takes_the_provinces_of_its_schemes(hq, daklak):
    with pytest.raises(ValidationError, match="không có kế hoạch năm 2026"):
        plan_set(user=hq, province=daklak, year=2026, target=100)  # old Đắk Lắk ended on 30/06/2025
    with pytest.raises(ValidationError, match="không có kế hoạch năm 2024"):
        plan_set(user=hq, province=new_province("66"), year=2024, target=100)
    plan_set(user=hq, province=daklak, year=2025, target=100)  # 2025 straddles: both maps
    plan_set(user=hq, province=new_province("66"), year=2025, target=300)
    assert AnnualPlan.objects.filter(year=2025).count() == 2


def test_plans_set_saves_all_or_nothing(hq, daklak, hanoi):
    plan_set(user=hq, province=daklak, year=2024, target=1000)
    with pytest.raises(ValidationError) as refused:
        plans_set(user=hq, year=2024, targets={daklak.pk: 1500, hanoi.pk: -1})
    assert list(refused.value.error_dict) == [hanoi.pk]
    assert AnnualPlan.objects.get(province=daklak, year=2024).target == 1000
    assert not AnnualPlan.objects.filter(province=hanoi, year=2024).exists()

    changes = plans_set(user=hq, year=2024, targets={daklak.pk: 1000, hanoi.pk: 2000})
    assert changes == [PlanChange(hanoi.code, hanoi.name, None, 2000)]  # Đắk Lắk unchanged: not written
    assert AnnualPlan.history.filter(province=daklak, year=2024).count() == 1


def test_plans_set_is_hq_only(manager, daklak):
    with pytest.raises(PermissionDenied):
        plans_set(user=manager, year=2024, targets={daklak.pk: 1000})
    assert not AnnualPlan.objects.filter(year=2024).exists()


def test_a_new_province_without_its_own_plan_shares_its_predecessors_sum(hq, daklak):
    phu_yen = Province.objects.get(scheme="63", code="54")
    plans_set(user=hq, year=2025, targets={daklak.pk: 700, phu_yen.pk: 300})
    assert province_plan(new_province("66"), 2025) == 1000
    plan_set(user=hq, province=new_province("66"), year=2025, target=1200)
    assert province_plan(new_province("66"), 2025) == 1200  # its own, once HQ set one
    assert province_plan(daklak, 2025) == 700


def test_an_allocation_above_the_province_plan_is_refused_and_nothing_is_saved(manager, daklak):
    plan = AnnualPlan.objects.get(province=daklak, year=2021).target
    first, second = PostOffice.objects.filter(province=daklak).order_by("code")[:2]
    before = dict(PostOfficePlan.objects.filter(year=2021).values_list("post_office_id", "target"))
    with pytest.raises(ValidationError) as refused:
        post_office_plans_set(user=manager, province=daklak, year=2021, targets={first.pk: 10, second.pk: plan + 1})
    assert refused.value.error_dict.keys() == {second.pk}
    assert "vượt kế hoạch năm của tỉnh" in refused.value.message_dict[second.pk][0]
    assert dict(PostOfficePlan.objects.filter(year=2021).values_list("post_office_id", "target")) == before


def test_an_allocation_whose_sum_differs_is_saved_and_reports_the_difference(manager, daklak):
    plan = AnnualPlan.objects.get(province=daklak, year=2021).target
    office = PostOffice.objects.filter(province=daklak).order_by("code").first()
    old = PostOfficePlan.objects.get(post_office=office, year=2021).target
    others = PostOfficePlan.objects.filter(post_office__province=daklak, year=2021).exclude(post_office=office)
    result = post_office_plans_set(user=manager, province=daklak, year=2021, targets={office.pk: old + 25})
    assert result.changes == [PlanChange(office.code, office.name, old, old + 25)]
    assert result.plan == plan
    assert result.allocated == sum(others.values_list("target", flat=True)) + old + 25
    assert result.difference == result.allocated - plan
    record = PostOfficePlan.history.filter(post_office=office, year=2021).latest("history_date")
    assert (record.target, record.history_user, record.history_change_reason) == (old + 25, manager, "page")


def test_a_blank_allocation_removes_it_with_history(manager, daklak):
    office = PostOffice.objects.filter(province=daklak).order_by("code").first()
    post_office_plans_set(user=manager, province=daklak, year=2021, targets={office.pk: None})
    assert not PostOfficePlan.objects.filter(post_office=office, year=2021).exists()
    assert PostOfficePlan.history.filter(post_office=office, year=2021, history_type="-", history_user=manager).exists()


def test_an_office_closed_all_year_or_of_another_province_is_refused(manager, daklak, hanoi):
    closed = baker.make(
        PostOffice, province=daklak, code="CLOSED-66", valid_from=date(2019, 1, 1), valid_to=date(2020, 12, 31)
    )
    foreign = PostOffice.objects.filter(province=hanoi).first()
    for office in (closed, foreign):
        with pytest.raises(ValidationError):
            post_office_plans_set(user=manager, province=daklak, year=2021, targets={office.pk: 10})
    assert not PostOfficePlan.objects.filter(post_office__in=[closed, foreign], year=2021, target=10).exists()
    with pytest.raises(PermissionDenied):
        post_office_plans_set(user=manager, province=hanoi, year=2021, targets={foreign.pk: 10})
