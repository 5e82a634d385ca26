import pytest
from django.test import Client
from django.urls import reverse

from enrollment.models import MonthlyFigure, Staff
from enrollment.services.figures import figures_record

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
