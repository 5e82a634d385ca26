"""The admin saves plans and allocations through services.plans: the same refusals and history as the pages."""

import pytest

from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan

pytestmark = pytest.mark.django_db


def test_admin_refuses_an_allocation_above_the_province_plan(manager_client, daklak):
    office = PostOffice.objects.filter(province=daklak).order_by("code").first()
    allocation = PostOfficePlan.objects.get(post_office=office, year=2021)
    url = f"/admin/enrollment/postofficeplan/{allocation.pk}/change/"
    response = manager_client.post(url, {"target": 99999})  # the 99.999 against 4.080
    assert response.status_code == 200
    assert "vượt kế hoạch năm của tỉnh" in response.content.decode()
    assert PostOfficePlan.objects.get(pk=allocation.pk).target == allocation.target


def test_admin_saves_an_allocation_with_history(manager_client, manager, daklak):
    office = PostOffice.objects.filter(province=daklak).order_by("code").first()
    allocation = PostOfficePlan.objects.get(post_office=office, year=2021)
    response = manager_client.post(f"/admin/enrollment/postofficeplan/{allocation.pk}/change/", {"target": 500})
    assert response.status_code == 302
    record = PostOfficePlan.history.filter(post_office=office, year=2021).latest("history_date")
    assert (record.target, record.history_user, record.history_change_reason) == (500, manager, "admin")


def test_admin_refuses_a_plan_for_a_province_of_another_map(hq_client, daklak):
    response = hq_client.post("/admin/enrollment/annualplan/add/", {"province": daklak.pk, "year": 2026, "target": 10})
    assert response.status_code == 200
    assert "không có kế hoạch năm 2026" in response.content.decode()
    assert not AnnualPlan.objects.filter(province=daklak, year=2026).exists()
