"""plan_set (HQ's annual plan) and post_office_plan_set (a province's allocation), built with model-bakery."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from model_bakery import baker

from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan
from enrollment.services.plans import plan_set, post_office_plan_set

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
