"""visible_to(user, action): the one scope rule, for reading ("view") and writing ("change")."""

import datetime

import pytest
from model_bakery import baker

from enrollment.models import (
    AnnualPlan,
    ManagerAssignment,
    MonthlyFigure,
    MonthStatus,
    PostOffice,
    PostOfficePlan,
    Province,
    Staff,
)

pytestmark = pytest.mark.django_db

MODELS = [Province, PostOffice, Staff, AnnualPlan, PostOfficePlan, MonthlyFigure, MonthStatus]


@pytest.fixture
def everyone(demo_data):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return {
        "hq": users.get(username="hq"),
        "analyst": users.get(username="analyst"),
        "manager": users.get(username="manager-66"),
        "nobody": baker.make(get_user_model(), username="nobody"),
    }


def _province_ids(queryset) -> set[int]:
    lookup = queryset.province_lookup
    return set(queryset.values_list(lookup.removesuffix("_id") if lookup != "pk" else "pk", flat=True))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_view_and_change_scopes(everyone, daklak, model):
    MonthStatus.objects.get_or_create(province=daklak, year=2021, month=4)
    MonthStatus.objects.get_or_create(province=Province.objects.get(scheme="63", code="01"), year=2021, month=4)
    total = model.objects.count()
    scope = {
        (who, action): model.objects.visible_to(user, action)
        for who, user in everyone.items()
        for action in ("view", "change")
    }
    assert scope["hq", "view"].count() == scope["hq", "change"].count() == scope["analyst", "view"].count() == total
    assert not scope["analyst", "change"].exists()
    assert not scope["nobody", "view"].exists() and not scope["nobody", "change"].exists()
    for action in ("view", "change"):
        assert scope["manager", action].exists()
        assert _province_ids(scope["manager", action]) == {daklak.pk}


def test_an_unknown_action_is_an_error_not_a_silent_scope(everyone):
    with pytest.raises(ValueError):
        Staff.objects.visible_to(everyone["hq"], "delete")


# ---- managers through time: after a cut-over-like change of assignments (tests/enrollment/conftest.py) ----


def _figure_provinces(user, action) -> set[tuple[str, str]]:
    """(scheme, code) of every province whose figures the user may see or change."""
    scoped = MonthlyFigure.objects.visible_to(user, action)
    return set(scoped.values_list("post_office__province__scheme", "post_office__province__code").distinct())


@pytest.mark.parametrize("action", ["view", "change"])
def test_new_province_manager_sees_its_predecessors_and_nothing_else(cutover, action):
    manager = cutover.managers["66"]
    assert _figure_provinces(manager, action) == {("63", "66"), ("63", "54"), ("34", "66")}
    provinces = set(Province.objects.visible_to(manager, action).values_list("scheme", "code"))
    assert provinces == {("63", "66"), ("63", "54"), ("34", "66")}
    allowed = {cutover.old["66"].pk, cutover.old["54"].pk, cutover.new["66"].pk}
    for model in MODELS:
        assert _province_ids(model.objects.visible_to(manager, action)) <= allowed, model
    hanoi_staff = Staff.objects.filter(post_office__province__code="01")
    assert not Staff.objects.visible_to(manager, action).filter(pk__in=hanoi_staff).exists()


@pytest.mark.parametrize("action", ["view", "change"])
def test_hanoi_manager_keeps_hanoi_across_the_cutover(cutover, action):
    manager = cutover.managers["01"]
    assert _figure_provinces(manager, action) == {("63", "01"), ("34", "01")}
    before = MonthlyFigure.objects.filter(post_office__province=cutover.old["01"])
    assert MonthlyFigure.objects.visible_to(manager, action).filter(pk__in=before).count() == before.count() > 0


def test_an_ended_assignment_sees_nothing(demo_data, daklak):
    from django.contrib.auth import get_user_model

    manager = get_user_model().objects.get(username="manager-66")
    ManagerAssignment.objects.filter(user=manager).update(valid_to=datetime.date(2025, 6, 30))
    for model in MODELS:
        for action in ("view", "change"):
            assert not model.objects.visible_to(manager, action).exists(), model


def test_a_future_assignment_does_not_widen_the_scope_yet(demo_data, daklak):
    from django.contrib.auth import get_user_model

    manager = get_user_model().objects.get(username="manager-66")
    hanoi = Province.objects.get(scheme="63", code="01")
    ManagerAssignment.objects.create(user=manager, province=hanoi, valid_from=datetime.date(2999, 1, 1))
    assert _province_ids(Staff.objects.visible_to(manager)) == {daklak.pk}


def test_the_new_province_manager_reads_its_pages_within_the_budget(cutover, client, django_assert_max_num_queries):
    client.force_login(cutover.managers["66"])
    new, phu_yen, hanoi = cutover.new["66"], cutover.old["54"], cutover.old["01"]
    with django_assert_max_num_queries(12):
        dashboard = client.get("/", {"year": 2025, "month": 7})
    assert dashboard.status_code == 200
    with django_assert_max_num_queries(12):
        page = client.get(f"/provinces/{new.pk}/", {"year": 2025, "month": 7})
    assert page.status_code == 200 and new.name in page.content.decode()
    predecessor = client.get(f"/provinces/{phu_yen.pk}/", {"year": 2021, "month": 4})
    assert predecessor.status_code == 200 and phu_yen.name in predecessor.content.decode()
    assert client.get(f"/provinces/{hanoi.pk}/", {"year": 2021, "month": 4}).status_code == 404
    assert client.get(f"/provinces/{cutover.new['01'].pk}/", {"year": 2025, "month": 7}).status_code == 404
