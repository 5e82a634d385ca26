import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from enrollment.models import MonthlyFigure, MonthStatus, Staff
from enrollment.services.figures import figures_record
from enrollment.services.months import month_close

pytestmark = pytest.mark.django_db
HISTORY = reverse("enrollment:history")


def test_history_shows_who_old_new_and_path(manager_client, manager, office_staff, django_assert_max_num_queries):
    first = office_staff[0]
    old = MonthlyFigure.objects.get(staff=first, year=2021, month=4).new_participants
    figures_record(user=manager, year=2021, month=4, values={first.pk: old + 7}, source="grid")
    with django_assert_max_num_queries(10):
        response = manager_client.get(HISTORY)
    record = response.context["records"][0]
    assert (record.old_value, record.new_participants, record.history_change_reason) == (old, old + 7, "grid")
    html = response.content.decode()
    assert first.employee_code in html and f"{old} → {old + 7}" in html and "manager-66" in html and "Lưới nhập" in html


def test_manager_sees_only_own_province_hq_sees_all(manager_client, hq, hanoi, office_staff):
    stranger = Staff.objects.filter(post_office__province=hanoi).first()
    figures_record(user=hq, year=2021, month=5, values={stranger.pk: 4, office_staff[0].pk: 1}, source="admin")
    mine = manager_client.get(HISTORY).context["records"]
    assert {r.staff_id for r in mine} == {office_staff[0].pk}
    assert manager_client.get(HISTORY, {"province": hanoi.pk}).status_code == 404
    hq_client = Client()
    hq_client.force_login(hq)
    assert {r.staff_id for r in hq_client.get(HISTORY).context["records"]} == {stranger.pk, office_staff[0].pk}
    assert {r.staff_id for r in hq_client.get(HISTORY, {"province": hanoi.pk}).context["records"]} == {stranger.pk}


def admin_history_urls(model: str, obj) -> tuple[str, str]:
    record = type(obj).history.filter(id=obj.pk).latest()
    return (
        reverse(f"admin:enrollment_{model}_history", args=[obj.pk]),
        reverse(f"admin:enrollment_{model}_simple_history", args=[obj.pk, record.history_id]),
    )


@pytest.fixture
def hanoi_changed(hq, hanoi):
    """A Hà Nội figure and month status, each with history (changed by HQ)."""
    stranger = Staff.objects.filter(post_office__province=hanoi).order_by("pk").first()
    figures_record(user=hq, year=2021, month=5, values={stranger.pk: 6}, source="admin")
    month_close(user=hq, year=2021, month=5, province=hanoi)
    return {
        "monthlyfigure": MonthlyFigure.objects.get(staff=stranger, year=2021, month=5),
        "monthstatus": MonthStatus.objects.get(province=hanoi, year=2021, month=5),
    }


@pytest.mark.parametrize("model", ["monthlyfigure", "monthstatus"])
def test_admin_history_of_another_province_is_a_404(manager_client, hanoi_changed, model):
    for url in admin_history_urls(model, hanoi_changed[model]):
        response = manager_client.get(url)
        assert response.status_code == 404, url
        assert "Hà Nội" not in response.content.decode() and "VNP01" not in response.content.decode()


@pytest.mark.parametrize(("model", "username"), [("monthlyfigure", "manager-66"), ("monthstatus", "hq")])
def test_admin_history_of_own_province_is_shown(hq, daklak, office_staff, model, username):
    figures_record(user=hq, year=2021, month=5, values={office_staff[0].pk: 6}, source="admin")
    month_close(user=hq, year=2021, month=5, province=daklak)
    own = {
        "monthlyfigure": MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=5),
        "monthstatus": MonthStatus.objects.get(province=daklak, year=2021, month=5),
    }[model]
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    listing, detail = admin_history_urls(model, own)
    response = client.get(listing)
    assert response.status_code == 200 and str(own) in response.content.decode()
    assert client.get(detail).status_code == 200


@pytest.mark.parametrize("object_id", ["abc", "²", "99999999999999999999", "-1"])
def test_admin_history_with_a_forged_id_is_a_404(manager_client, hanoi_changed, object_id):
    assert manager_client.get(f"/admin/enrollment/monthlyfigure/{object_id}/history/").status_code == 404
    figure = hanoi_changed["monthlyfigure"]
    assert manager_client.get(f"/admin/enrollment/monthlyfigure/{figure.pk}/history/{object_id}/").status_code == 404
