"""The admin validates and saves post offices and staff through the same services as the pages."""

import pytest

from enrollment.models import PostOffice, Staff

pytestmark = pytest.mark.django_db


def staff_form(member: Staff, **changes) -> dict:
    data = {
        "employee_code": member.employee_code,
        "full_name": member.full_name,
        "post_office": member.post_office_id,
        "active_from": member.active_from.strftime("%d/%m/%Y"),
        "active_to": "",
        "monthly_quota": member.monthly_quota,
    }
    return data | changes


def test_admin_staff_edit_is_saved(manager_client, office_staff):
    member = office_staff[0]
    response = manager_client.post(f"/admin/enrollment/staff/{member.pk}/change/", staff_form(member, monthly_quota=4))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.monthly_quota == 4


def test_admin_staff_move_to_an_inactive_office_gets_a_form_error(manager_client, daklak, office_staff):
    member = office_staff[0]
    closed = PostOffice.objects.create(province=daklak, code="66-ZZ", name="Bưu điện đã đóng", is_active=False)
    response = manager_client.post(
        f"/admin/enrollment/staff/{member.pk}/change/", staff_form(member, post_office=closed.pk)
    )
    assert response.status_code == 200
    assert "ngừng hoạt động" in response.content.decode()
    member.refresh_from_db()
    assert member.post_office_id != closed.pk


def test_admin_cannot_deactivate_an_office_with_active_staff(manager_client, office, office_staff):
    data = {"province": office.province_id, "parent": "", "code": office.code, "name": office.name, "kind": office.kind}
    response = manager_client.post(f"/admin/enrollment/postoffice/{office.pk}/change/", data)  # is_active unticked
    assert response.status_code == 200
    assert "còn nhân viên" in response.content.decode()
    office.refresh_from_db()
    assert office.is_active
