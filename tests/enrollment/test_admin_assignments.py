"""HQ manages province manager assignments in the admin: several dated rows per user, no overlapping spells."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F

from enrollment.models import ManagerAssignment, Province

pytestmark = pytest.mark.django_db
ADD = "/admin/enrollment/managerassignment/add/"
LIST = "/admin/enrollment/managerassignment/"


def _add(client, user, province, valid_from="", valid_to=""):
    data = {"user": user.pk, "province": province.pk, "valid_from": valid_from, "valid_to": valid_to}
    return client.post(ADD, data)


def test_hq_gives_a_manager_a_second_dated_province(hq_client, manager, daklak):
    new = Province.objects.get(scheme="34", code="66")
    ManagerAssignment.objects.filter(user=manager).update(valid_to=datetime.date(2025, 6, 30))
    response = _add(hq_client, manager, new, valid_from="01/07/2025")
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    spells = ManagerAssignment.objects.filter(user=manager).order_by(F("valid_from").asc(nulls_first=True))
    assert [(a.province, a.valid_from, a.valid_to) for a in spells] == [
        (daklak, None, datetime.date(2025, 6, 30)),
        (new, datetime.date(2025, 7, 1), None),
    ]
    listing = hq_client.get(LIST, {"in_force": "yes", "q": "manager-66"})
    assert [a.province for a in listing.context["cl"].result_list] == [new]
    assert "01/07/2025" in listing.content.decode()
    ended = hq_client.get(LIST, {"in_force": "no", "q": "manager-66"})
    assert [a.province for a in ended.context["cl"].result_list] == [daklak]


def test_an_overlapping_spell_is_refused_on_the_form(hq_client, manager, daklak):
    response = _add(hq_client, manager, daklak, valid_from="01/01/2024")
    assert response.status_code == 200
    assert "trùng lặp" in response.content.decode()
    assert ManagerAssignment.objects.filter(user=manager).count() == 1


def test_managers_cannot_open_the_assignments(manager_client):
    assert manager_client.get(LIST).status_code == 403
    other = get_user_model().objects.get(username="manager-01")
    before = ManagerAssignment.objects.count()
    assert _add(manager_client, other, Province.objects.get(scheme="34", code="66")).status_code == 403
    assert ManagerAssignment.objects.count() == before
