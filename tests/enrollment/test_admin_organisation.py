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


FORGED_IDS = ["abc", "²", "①", "99999999999999999999", "1 OR 1=1"]


@pytest.mark.parametrize("forged", FORGED_IDS)
@pytest.mark.parametrize(
    ("url", "field", "data"),
    [
        ("/admin/enrollment/staff/add/", "post_office", {"employee_code": "X1", "full_name": "X", "monthly_quota": 2}),
        ("/admin/enrollment/monthlyfigure/add/", "staff", {"year": 2021, "month": 12, "new_participants": 1}),
        ("/admin/enrollment/postoffice/add/", "province", {"code": "X1", "name": "X", "kind": "commune"}),
    ],
)
def test_admin_autocomplete_field_with_a_forged_id_is_a_form_error(manager_client, url, field, data, forged):
    before = (Staff.objects.count(), PostOffice.objects.count())
    response = manager_client.post(url, data | {field: forged, "active_from": "01/01/2021"})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()  # the admin's "please correct the errors below"
    assert (Staff.objects.count(), PostOffice.objects.count()) == before
    shown = manager_client.get(f"{url}?{field}={forged}")  # the widget labels a preset value: forged ones dropped
    assert shown.status_code == 200


@pytest.mark.parametrize("forged", FORGED_IDS)
def test_admin_autocomplete_search_with_forged_parameters_answers_empty_or_404(manager_client, forged):
    response = manager_client.get(
        "/admin/autocomplete/",
        {"app_label": "enrollment", "model_name": "staff", "field_name": "post_office", "term": forged},
    )
    assert response.status_code == 200 and response.json()["results"] == []
