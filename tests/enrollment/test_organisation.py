import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enrollment.models import MonthlyFigure, PostOffice, Staff
from enrollment.services.organisation import staff_save

pytestmark = pytest.mark.django_db


def test_manager_adds_a_post_office_under_another(manager_client, office, daklak):
    response = manager_client.post(
        reverse("enrollment:office_create") + f"?province={daklak.pk}",
        {"code": "66-X01", "name": "Bưu điện xã Ea Tu", "kind": "commune", "parent": office.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    created = PostOffice.objects.get(code="66-X01")
    assert created.province == daklak and created.parent == office


def test_office_with_active_staff_cannot_be_deactivated(manager_client, office):
    url = reverse("enrollment:office_edit", args=[office.pk])
    response = manager_client.post(url, {"code": office.code, "name": office.name, "kind": office.kind})
    assert response.status_code == 400 and "còn nhân viên" in response.content.decode()
    assert PostOffice.objects.get(pk=office.pk).is_active


def test_parent_from_another_province_is_not_offered(manager_client, office, hanoi):
    stranger = PostOffice.objects.filter(province=hanoi).first()
    url = reverse("enrollment:office_edit", args=[office.pk])
    data = {"code": office.code, "name": office.name, "kind": office.kind, "parent": stranger.pk, "is_active": "on"}
    assert manager_client.post(url, data).status_code == 400
    assert PostOffice.objects.get(pk=office.pk).parent_id is None


def test_move_keeps_past_figures_where_earned(manager_client, office, office_staff, daklak):
    member = office_staff[0]
    target = PostOffice.objects.filter(province=daklak).exclude(pk=office.pk).first()
    data = {
        "full_name": member.full_name,
        "post_office": target.pk,
        "monthly_quota": member.monthly_quota,
        "active_from": member.active_from.strftime("%d/%m/%Y"),
    }
    response = manager_client.post(reverse("enrollment:staff_edit", args=[member.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Staff.objects.get(pk=member.pk).post_office == target
    assert set(MonthlyFigure.objects.filter(staff=member).values_list("post_office_id", flat=True)) == {office.pk}


def test_deactivate_staff_removes_them_from_the_grid(manager_client, office, office_staff):
    member = office_staff[0]
    data = {
        "full_name": member.full_name,
        "post_office": office.pk,
        "monthly_quota": member.monthly_quota,
        "active_from": "01/01/2020",
        "active_to": "31/03/2021",
    }
    assert manager_client.post(reverse("enrollment:staff_edit", args=[member.pk]), data).status_code == 302
    rows = manager_client.get(reverse("enrollment:grid"), {"office": office.pk, "year": 2021, "month": 4}).context[
        "rows"
    ]
    assert member.pk not in {r.staff_id for r in rows}


def test_staff_code_is_unique_nationally(manager_client, office):
    data = {
        "employee_code": "VNP010101",
        "full_name": "Trùng mã",
        "post_office": office.pk,
        "monthly_quota": 2,
        "active_from": "01/01/2021",
    }
    response = manager_client.post(reverse("enrollment:staff_create") + f"?office={office.pk}", data)
    assert response.status_code == 400
    assert Staff.objects.filter(employee_code="VNP010101").count() == 1


def test_manager_adds_staff(manager_client, office):
    data = {
        "employee_code": "VNP66NEW1",
        "full_name": "Nguyễn Văn Mới",
        "post_office": office.pk,
        "monthly_quota": 3,
        "active_from": "01/04/2021",
    }
    assert manager_client.post(reverse("enrollment:staff_create") + f"?office={office.pk}", data).status_code == 302
    assert Staff.objects.get(employee_code="VNP66NEW1").active_from == datetime.date(2021, 4, 1)


def test_service_refuses_moving_into_another_province(manager, office_staff, hanoi):
    member = office_staff[0]
    member.post_office = PostOffice.objects.filter(province=hanoi).first()
    with pytest.raises(PermissionDenied):
        staff_save(user=manager, staff=member)


def test_office_list_query_budget(manager_client, daklak, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = manager_client.get(reverse("enrollment:office_list"))
    assert len(response.context["offices"]) == PostOffice.objects.filter(province=daklak).count()


def test_a_move_in_the_staff_form_is_a_dated_transfer(manager_client, office, office_staff, daklak):
    member = office_staff[0]
    target = PostOffice.objects.filter(province=daklak, is_active=True).exclude(pk=office.pk).first()
    data = {
        "full_name": member.full_name,
        "post_office": target.pk,
        "monthly_quota": member.monthly_quota,
        "active_from": member.active_from.strftime("%d/%m/%Y"),
        "changes_from": "01/06/2021",
    }
    response = manager_client.post(reverse("enrollment:staff_edit", args=[member.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    placements = list(member.placements.order_by("valid_from").values_list("post_office", "valid_from", "valid_to"))
    assert placements == [
        (office.pk, member.active_from, datetime.date(2021, 5, 31)),
        (target.pk, datetime.date(2021, 6, 1), member.active_to),
    ]
