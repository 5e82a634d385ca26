"""The entry pages read the month's organisation: offices open that month, the people placed there then, the quota
in force then — the grid, the Excel template and the office picker alike — and one number reader on every path."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.imports.layout import FIRST_DATA_ROW, SHEET_NAME
from enrollment.models import MonthlyFigure, PostOffice, Staff
from enrollment.services.figures import figures_record
from enrollment.services.organisation import post_office_save
from enrollment.services.placements import staff_quota_set, staff_transfer

pytestmark = pytest.mark.django_db
GRID = reverse("enrollment:grid")
JULY = datetime.date(2021, 7, 1)


@pytest.fixture
def moved(hq, daklak):
    """A Đắk Lắk person moved on 1/7/2021 from their office to another, with a new quota from the same day."""
    person = Staff.objects.filter(post_office__province=daklak).order_by("pk").first()
    old_office = person.post_office
    new_office = (
        PostOffice.objects.filter(province=daklak, is_active=True).exclude(pk=old_office.pk).order_by("code")[0]
    )
    old_quota = person.monthly_quota
    new_quota = 5 if old_quota != 5 else 2
    staff_transfer(user=hq, staff=person, post_office=new_office, on=JULY)
    staff_quota_set(user=hq, staff=Staff.objects.get(pk=person.pk), monthly_quota=new_quota, valid_from=JULY)
    return person, old_office, new_office, old_quota, new_quota


def grid_rows(client, office, month):
    response = client.get(GRID, {"office": office.pk, "year": 2021, "month": month})
    assert response.status_code == 200
    return {row.employee_code: row for row in response.context["rows"]}


def test_the_grid_of_march_shows_the_old_office_and_of_september_the_new_one_each_with_its_quota(manager_client, moved):
    person, old_office, new_office, old_quota, new_quota = moved
    march_old, march_new = grid_rows(manager_client, old_office, 3), grid_rows(manager_client, new_office, 3)
    september_old, september_new = grid_rows(manager_client, old_office, 9), grid_rows(manager_client, new_office, 9)
    assert person.employee_code in march_old and person.employee_code not in march_new
    assert person.employee_code in september_new and person.employee_code not in september_old
    assert march_old[person.employee_code].monthly_quota == old_quota
    assert september_new[person.employee_code].monthly_quota == new_quota
    # March's figure is the one earned at the old office; lũy kế in September still counts it (the person's own)
    march = MonthlyFigure.objects.get(staff=person, year=2021, month=3)
    assert march.post_office == old_office and march_old[person.employee_code].current == march.new_participants


def test_a_grid_save_in_september_lands_at_the_new_office(manager_client, moved):
    person, old_office, new_office, _old, _new = moved
    response = manager_client.post(
        f"{GRID}?office={new_office.pk}&year=2021&month=9", {f"value_{person.pk}": "4", f"seen_{person.pk}": ""}
    )
    assert response.status_code == 302
    assert MonthlyFigure.objects.get(staff=person, year=2021, month=9).post_office == new_office


def test_the_template_of_a_month_lists_the_people_at_their_office_of_that_month(manager_client, daklak, moved):
    person, old_office, new_office, _old, _new = moved
    offices = {}
    for month in (3, 9):
        response = manager_client.get(
            reverse("enrollment:template_download"), {"year": 2021, "month": month, "province": daklak.pk}
        )
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))[SHEET_NAME]
        rows = {r[0]: r for r in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=4, values_only=True)}
        offices[month] = rows[person.employee_code][2]
    assert offices == {3: old_office.name, 9: new_office.name}


def test_a_person_who_left_is_listed_for_the_months_they_worked_and_refused_after(hq, manager_client, office):
    person = Staff.objects.filter(post_office=office).order_by("pk").first()
    Staff.objects.filter(pk=person.pk).update(active_to=datetime.date(2021, 3, 31))
    assert person.employee_code in grid_rows(manager_client, office, 3)
    assert person.employee_code not in grid_rows(manager_client, office, 4)
    with pytest.raises(ValidationError) as refused:
        figures_record(user=hq, year=2021, month=5, values={person.pk: 2})
    assert "không làm việc trong tháng 5/2021" in str(refused.value)
    assert not MonthlyFigure.objects.filter(staff=person, year=2021, month=5).exists()


def test_the_office_picker_offers_only_offices_open_that_month(hq, manager_client, daklak, office):
    closing = PostOffice.objects.filter(province=daklak).exclude(pk=office.pk).order_by("code").first()
    closing.valid_to = datetime.date(2021, 5, 31)
    post_office_save(user=hq, post_office=closing)
    offered = {
        month: set(
            manager_client.get(GRID, {"year": 2021, "month": month}).context["offices"].values_list("pk", flat=True)
        )
        for month in (5, 6)
    }
    assert closing.pk in offered[5] and closing.pk not in offered[6] and office.pk in offered[6]
    response = manager_client.get(GRID, {"office": closing.pk, "year": 2021, "month": 6})
    assert response.status_code == 200 and response.context["office"] is None
    assert "không hoạt động trong tháng 6/2021" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("5,5", "không có phần thập phân"), ("-1", "không được âm"), ("abc", "“abc” không phải là số nguyên")],
)
def test_a_bad_number_has_the_same_message_on_grid_admin_import_and_service(
    manager_client, manager, daklak, office_staff, typed, message
):
    member = office_staff[0]
    grid = manager_client.post(
        f"{GRID}?office={member.post_office_id}&year=2021&month=6",
        {f"value_{member.pk}": typed, f"seen_{member.pk}": ""},
    )
    admin = manager_client.post(
        reverse("admin:enrollment_monthlyfigure_add"),
        {"staff": member.pk, "year": 2021, "month": 6, "new_participants": typed},
    )
    book = load_workbook(
        io.BytesIO(
            b"".join(
                manager_client.get(
                    reverse("enrollment:template_download"), {"year": 2021, "month": 6, "province": daklak.pk}
                ).streaming_content
            )
        )
    )
    sheet = book[SHEET_NAME]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.cell(row=row, column=4).value = (
            typed if sheet.cell(row=row, column=1).value == member.employee_code else 1
        )
    content = io.BytesIO()
    book.save(content)
    imported = manager_client.post(
        reverse("enrollment:import"),
        {"year": 2021, "month": 6, "province": daklak.pk, "file": SimpleUploadedFile("m.xlsx", content.getvalue())},
    )
    with pytest.raises(ValidationError) as service:
        figures_record(user=manager, year=2021, month=6, values={member.pk: typed})
    expected = [m for m in service.value.messages if message in m]
    assert expected, service.value.messages
    assert expected[0] in grid.content.decode()
    assert expected[0] in admin.content.decode()
    assert any(expected[0] == text for _row, text in imported.context["errors"]), imported.context["errors"]
    assert not MonthlyFigure.objects.filter(year=2021, month=6).exists()


def test_one_thousand_is_one_thousand_on_every_path(outlier_rule, manager_client, manager, daklak, office_staff):
    """'1.000' typed in the grid, or stored as text in Excel, is 1000 (then an outlier to confirm), never 1."""
    member = office_staff[0]
    grid = manager_client.post(
        f"{GRID}?office={member.post_office_id}&year=2021&month=6",
        {f"value_{member.pk}": "1.000", f"seen_{member.pk}": ""},
    )
    assert "Số 1000 cao bất thường" in grid.content.decode()
    assert not MonthlyFigure.objects.filter(staff=member, year=2021, month=6).exists()
    saved = manager_client.post(
        f"{GRID}?office={member.post_office_id}&year=2021&month=6",
        {f"value_{member.pk}": "1.000", f"seen_{member.pk}": "", f"confirm_{member.pk}": "on"},
    )
    assert saved.status_code == 302
    assert MonthlyFigure.objects.get(staff=member, year=2021, month=6).new_participants == 1000
    result = figures_record(user=manager, year=2021, month=7, values={member.pk: "5"})
    assert result.created == 1 and MonthlyFigure.objects.get(staff=member, year=2021, month=7).new_participants == 5


def test_a_number_stored_as_text_in_excel_is_read_as_a_number(manager_client, daklak):
    book = load_workbook(
        io.BytesIO(
            b"".join(
                manager_client.get(
                    reverse("enrollment:template_download"), {"year": 2021, "month": 6, "province": daklak.pk}
                ).streaming_content
            )
        )
    )
    sheet = book[SHEET_NAME]
    codes = []
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.cell(row=row, column=4).value = "5"  # a text cell, as pasted from another spreadsheet
        codes.append(sheet.cell(row=row, column=1).value)
    content = io.BytesIO()
    book.save(content)
    response = manager_client.post(
        reverse("enrollment:import"),
        {"year": 2021, "month": 6, "province": daklak.pk, "file": SimpleUploadedFile("m.xlsx", content.getvalue())},
    )
    assert response.status_code == 200, response.context["errors"]
    saved = dict(
        MonthlyFigure.objects.filter(year=2021, month=6).values_list("staff__employee_code", "new_participants")
    )
    assert saved == dict.fromkeys(codes, 5)
