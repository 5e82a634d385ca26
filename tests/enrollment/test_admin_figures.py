import pytest
from django.urls import reverse

from enrollment.models import MonthlyFigure
from enrollment.services.months import month_close

pytestmark = pytest.mark.django_db


def test_admin_change_goes_through_the_service(manager_client, manager, office_staff):
    figure = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4)
    url = reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk])
    response = manager_client.post(url, {"new_participants": figure.new_participants + 3})
    assert response.status_code == 302, response.content.decode()[:2000]
    figure.refresh_from_db()
    record = MonthlyFigure.history.filter(id=figure.pk).latest()
    assert record.history_change_reason == "admin" and record.history_user == manager
    assert record.new_participants == figure.new_participants


def test_admin_add_for_a_closed_month_is_refused(manager_client, hq, daklak, office_staff):
    month_close(user=hq, year=2021, month=6, province=daklak)
    response = manager_client.post(
        reverse("admin:enrollment_monthlyfigure_add"),
        {"staff": office_staff[0].pk, "year": 2021, "month": 6, "new_participants": 4},
    )
    assert response.status_code == 200 and "đã khóa sổ" in response.content.decode()
    assert not MonthlyFigure.objects.filter(year=2021, month=6).exists()


def test_admin_figure_of_closed_month_is_read_only(manager_client, hq, daklak, office_staff):
    month_close(user=hq, year=2021, month=4, province=daklak)
    figure = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4)
    url = reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk])
    manager_client.post(url, {"new_participants": figure.new_participants + 3})
    assert MonthlyFigure.objects.get(pk=figure.pk).new_participants == figure.new_participants


def test_admin_cannot_open_another_province_figure(manager_client, hanoi):
    figure = MonthlyFigure.objects.filter(post_office__province=hanoi).first()
    response = manager_client.get(reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk]))
    assert response.status_code in (302, 404)
    assert MonthlyFigure.objects.get(pk=figure.pk).new_participants == figure.new_participants
