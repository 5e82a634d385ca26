"""visible_to(user, action): the one scope rule, for reading ("view") and writing ("change")."""

import pytest
from model_bakery import baker

from enrollment.models import AnnualPlan, MonthlyFigure, MonthStatus, PostOffice, PostOfficePlan, Province, Staff

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
