import pytest
from django.urls import reverse

from enrollment.models import MonthlyFigure
from enrollment.services import figures as figure_services
from enrollment.services.figures import figures_record
from enrollment.services.months import month_close

pytestmark = pytest.mark.django_db


def test_admin_change_goes_through_the_service(manager_client, manager, office_staff):
    figure = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4)
    before = figure.new_participants
    url = reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk])
    response = manager_client.post(url, {"new_participants": before + 3, "seen": before})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert MonthlyFigure.objects.get(pk=figure.pk).new_participants == before + 3
    record = MonthlyFigure.history.filter(id=figure.pk).latest()
    assert record.history_change_reason == "admin" and record.history_user == manager
    assert (record.new_participants, record.prev_record.new_participants) == (before + 3, before)


def test_admin_change_form_carries_the_value_it_was_loaded_with(manager_client, office_staff):
    figure = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4)
    response = manager_client.get(reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk]))
    assert response.status_code == 200
    assert f'name="seen" value="{figure.new_participants}"' in response.content.decode()


def test_admin_change_after_a_grid_save_is_refused_with_the_current_value(manager_client, manager, office_staff):
    figure = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4)
    loaded = figure.new_participants
    figures_record(user=manager, year=2021, month=4, values={figure.staff_id: loaded + 40}, source="grid")
    url = reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk])
    response = manager_client.post(url, {"new_participants": loaded + 1, "seen": loaded}, follow=True)
    assert MonthlyFigure.objects.get(pk=figure.pk).new_participants == loaded + 40
    shown = [str(m) for m in response.context["messages"]]
    assert any(f"vừa lưu số {loaded + 40}" in m for m in shown), shown


def test_admin_add_racing_the_grid_is_a_message_not_a_500(manager_client, manager, office_staff, monkeypatch):
    member, real_record = office_staff[0], figure_services.figures_record

    def grid_saves_first(**kwargs):  # the grid commits the same staff-month between the form check and the save
        real_record(user=manager, year=2021, month=11, values={member.pk: 9}, source="grid")
        return real_record(**kwargs)

    monkeypatch.setattr(figure_services, "figures_record", grid_saves_first)
    response = manager_client.post(
        reverse("admin:enrollment_monthlyfigure_add"),
        {"staff": member.pk, "year": 2021, "month": 11, "new_participants": 2},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Người khác vừa lưu số 9 cho ô này; kiểm tra rồi lưu lại."
    ]
    assert not MonthlyFigure.objects.filter(staff=member, year=2021, month=11).exists()  # rolled back, grid's too


@pytest.mark.parametrize("seen", ["²", "①", "abc", "99999999999999999999"])
def test_admin_seen_value_that_is_not_a_number_is_a_form_error(manager_client, office_staff, seen):
    figure = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4)
    url = reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk])
    response = manager_client.post(url, {"new_participants": figure.new_participants + 1, "seen": seen})
    assert response.status_code == 200 and "Nhập một số nguyên không âm" in response.content.decode()
    assert MonthlyFigure.objects.get(pk=figure.pk).new_participants == figure.new_participants


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


def test_admin_cannot_open_or_change_another_province_figure(manager_client, hanoi):
    figure = MonthlyFigure.objects.filter(post_office__province=hanoi).select_related("staff").first()
    url = reverse("admin:enrollment_monthlyfigure_change", args=[figure.pk])
    response = manager_client.get(url, follow=True)
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert figure.staff.employee_code not in response.content.decode()
    manager_client.post(url, {"new_participants": figure.new_participants + 5, "seen": figure.new_participants})
    assert MonthlyFigure.objects.get(pk=figure.pk).new_participants == figure.new_participants
