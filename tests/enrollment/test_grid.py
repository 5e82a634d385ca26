import datetime

import pytest
from django.urls import reverse

from enrollment.models import MonthlyFigure, Staff
from enrollment.services.figures import StaleFiguresError, figures_record
from enrollment.services.months import month_close

pytestmark = pytest.mark.django_db
GRID = reverse("enrollment:grid")


def grid_post(office, staff, values, seen=None, year=2021, month=4):
    data = {"year": year, "month": month}
    current = dict(
        MonthlyFigure.objects.filter(staff__in=staff, year=year, month=month).values_list(
            "staff_id", "new_participants"
        )
    )
    for member, value in zip(staff, values, strict=True):
        data[f"value_{member.pk}"] = value
        data[f"seen_{member.pk}"] = current.get(member.pk, "") if seen is None else seen.get(member.pk, "")
    return f"{GRID}?office={office.pk}&year={year}&month={month}", data


def test_grid_shows_active_staff_with_last_month_and_cumulative(manager_client, office, office_staff):
    response = manager_client.get(GRID, {"office": office.pk, "year": 2021, "month": 4})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.employee_code for r in rows] == [s.employee_code for s in office_staff]
    first = office_staff[0]
    figures = dict(MonthlyFigure.objects.filter(staff=first, year=2021).values_list("month", "new_participants"))
    assert rows[0].last_month == figures[3]
    assert rows[0].cumulative == sum(figures[m] for m in range(1, 5))
    assert rows[0].current == figures[4]
    assert "Nhập số liệu tháng" in response.content.decode()


def test_grid_save_writes_every_row_through_the_service(manager_client, manager, office, office_staff):
    url, data = grid_post(office, office_staff, [str(i % 4) for i in range(len(office_staff))], month=5)
    response = manager_client.post(url, data)
    assert response.status_code == 302
    saved = dict(MonthlyFigure.objects.filter(year=2021, month=5).values_list("staff_id", "new_participants"))
    assert saved == {s.pk: i % 4 for i, s in enumerate(office_staff)}
    record = MonthlyFigure.history.filter(year=2021, month=5).latest()
    assert record.history_change_reason == "grid" and record.history_user == manager


def test_inline_errors_keep_values_and_save_nothing(manager_client, office, office_staff):
    values = ["3", "-1", "abc", "2,5"] + ["1"] * (len(office_staff) - 4)
    url, data = grid_post(office, office_staff, values, month=5)
    response = manager_client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Số người tham gia mới không được âm." in html
    assert "“abc” không phải là số nguyên" in html  # count_parse's messages, the same on every path
    assert "phải là số nguyên, không có phần thập phân" in html
    assert 'value="abc"' in html and 'value="2,5"' in html and 'value="-1"' in html
    assert not MonthlyFigure.objects.filter(year=2021, month=5).exists()


def test_clearing_an_existing_figure_is_an_error(manager_client, office, office_staff):
    url, data = grid_post(office, office_staff[:1], [""])
    response = manager_client.post(url, data)
    assert response.status_code == 400
    assert "nhập 0" in response.content.decode()


def test_stale_row_is_refused_with_current_value_and_nothing_saved(manager_client, hq, office, office_staff):
    first, second = office_staff[:2]
    before = dict(
        MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=4).values_list(
            "staff_id", "new_participants"
        )
    )
    url, data = grid_post(office, [first, second], [before[first.pk] + 5, before[second.pk] + 5])
    figures_record(user=hq, year=2021, month=4, values={first.pk: 77}, source="grid")  # someone else, meanwhile
    response = manager_client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Người khác vừa lưu số 77" in html
    now = dict(
        MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=4).values_list(
            "staff_id", "new_participants"
        )
    )
    assert now == {first.pk: 77, second.pk: before[second.pk]}


def test_service_optimistic_check_names_current_values(manager, office_staff):
    first = office_staff[0]
    current = MonthlyFigure.objects.get(staff=first, year=2021, month=4).new_participants
    with pytest.raises(StaleFiguresError) as caught:
        figures_record(user=manager, year=2021, month=4, values={first.pk: 9}, expected={first.pk: current + 1})
    assert caught.value.current == {first.pk: current}


def test_forged_field_for_another_province_is_ignored(manager_client, office, office_staff, hanoi):
    stranger = Staff.objects.filter(post_office__province=hanoi).first()
    before = list(MonthlyFigure.objects.filter(staff=stranger).values_list("month", "new_participants"))
    url, data = grid_post(office, office_staff[:1], ["1"], month=5)
    data |= {f"value_{stranger.pk}": "99", f"seen_{stranger.pk}": ""}
    assert manager_client.post(url, data).status_code == 302
    assert list(MonthlyFigure.objects.filter(staff=stranger).values_list("month", "new_participants")) == before


def test_closed_month_is_read_only_on_the_grid(manager_client, hq, office, office_staff, daklak):
    month_close(user=hq, year=2021, month=4, province=daklak)
    page = manager_client.get(GRID, {"office": office.pk, "year": 2021, "month": 4}).content.decode()
    assert "Đã khóa sổ" in page and "disabled" in page and 'id="grid-save"' not in page
    before = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4).new_participants
    url, data = grid_post(office, office_staff[:1], [str(before + 1)])
    manager_client.post(url, data)
    assert MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4).new_participants == before


def test_analyst_cannot_open_the_grid(client, demo_data):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="analyst"))
    assert client.get(GRID).status_code == 403


@pytest.fixture
def big_office(office):
    Staff.objects.bulk_create(
        Staff(
            employee_code=f"BIG{i:04d}",
            full_name=f"Nhân viên {i}",
            post_office=office,
            active_from=datetime.date(2020, 1, 1),
        )
        for i in range(120)
    )
    return office


def test_grid_page_query_budget(manager_client, big_office, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):  # measured 10 with 135 staff
        response = manager_client.get(GRID, {"office": big_office.pk, "year": 2021, "month": 4})
    assert len(response.context["rows"]) > 120


def test_grid_save_query_budget(manager_client, big_office, django_assert_max_num_queries):
    staff = list(Staff.objects.filter(post_office=big_office))
    url, data = grid_post(big_office, staff, ["2"] * len(staff))
    # measured 28 with 135 staff, rollups included (5 of them), the province-month lock (2) and the insert's savepoint (2);
    # 29 since StaffYearFigures carries its post office and province: SQLite's 999-parameter cap splits the upsert
    # of 135 wider rows in three statements instead of two (PostgreSQL: one)
    with django_assert_max_num_queries(29):
        assert manager_client.post(url, data).status_code == 302
    assert MonthlyFigure.objects.filter(staff__in=staff, year=2021, month=4, new_participants=2).count() == len(staff)


def test_numbers_in_links_and_inputs_are_not_grouped(manager_client, office):
    # USE_THOUSAND_SEPARATOR would print 2021 as "2.021" in links, breaking every round trip.
    html = manager_client.get(GRID, {"office": office.pk, "year": 2021, "month": 4}).content.decode()
    assert "year=2021" in html and 'value="2021"' in html and "2.021" not in html


def test_hq_picks_a_province_before_its_post_offices(hq_client, daklak, hanoi, office):
    page = hq_client.get(GRID, {"year": 2021, "month": 4})
    assert daklak in page.context["provinces"] and hanoi in page.context["provinces"]
    assert list(page.context["offices"]) == []

    page = hq_client.get(GRID, {"year": 2021, "month": 4, "province": daklak.pk})
    offices = list(page.context["offices"])
    assert office in offices and {o.province_id for o in offices} == {daklak.pk}
    assert f'<option value="{daklak.pk}" selected>' in page.content.decode()

    # Opening an office selects its province, whatever the province parameter says.
    page = hq_client.get(GRID, {"year": 2021, "month": 4, "province": hanoi.pk, "office": office.pk})
    assert page.context["province_id"] == daklak.pk and office in page.context["offices"]


def test_manager_has_no_province_picker(manager_client, daklak, office):
    page = manager_client.get(GRID, {"year": 2021, "month": 4})
    assert page.context["provinces"] == [] and 'name="province"' not in page.content.decode()
    assert office in page.context["offices"] and {o.province_id for o in page.context["offices"]} == {daklak.pk}


def test_grid_without_a_period_opens_the_default_period(manager_client, office, office_staff):
    """One default rule (core.period): the latest month with figures the user may see — April 2021 in the demo —
    not the last calendar month (the entry pages' default before the rules were merged)."""
    response = manager_client.get(GRID, {"office": office.pk})
    assert response.status_code == 200
    assert (response.context["year"], response.context["month"]) == (2021, 4)
    assert 'value="2021"' in response.content.decode()
