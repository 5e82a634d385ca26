import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.imports.layout import FIRST_DATA_ROW, HEADER_ROW, SHEET_NAME
from enrollment.models import MonthlyFigure, Staff
from enrollment.services.months import month_close
from tests.enrollment.broken_files.generate import EXPECTED, HERE, INACTIVE_CODE

pytestmark = pytest.mark.django_db
IMPORT = reverse("enrollment:import")
TEMPLATE = reverse("enrollment:template_download")


def province_state(province):
    figures = MonthlyFigure.objects.filter(post_office__province=province, year=2021)
    return figures.aggregate(total=Sum("new_participants"))["total"], figures.count(), MonthlyFigure.history.count()


def upload(client, province, name, content, month=4):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(IMPORT, {"year": 2021, "month": month, "province": province.pk, "file": file})


def download(client, province, month=4):
    response = client.get(TEMPLATE, {"year": 2021, "month": month, "province": province.pk})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def inactive(daklak):
    Staff.objects.filter(employee_code=INACTIVE_CODE).update(active_to=datetime.date(2021, 1, 31))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_with_row_and_message(manager_client, daklak, inactive, name):
    before = province_state(daklak)
    response = upload(manager_client, daklak, name, (HERE / name).read_bytes())
    assert response.status_code == 400
    row, fragment = EXPECTED[name]
    errors = response.context["errors"]
    assert any(fragment in message and number == row for number, message in errors), errors
    assert province_state(daklak) == before


def test_every_broken_file_in_the_folder_is_tested():
    on_disk = {p.name for p in HERE.iterdir() if p.suffix in (".xlsx", ".csv")}
    assert on_disk == set(EXPECTED)


def test_file_over_5_mb_is_refused(manager_client, daklak):
    before = province_state(daklak)
    response = upload(manager_client, daklak, "big.xlsx", b"x" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "5 MB" in response.context["errors"][0][1]
    assert province_state(daklak) == before


def test_template_has_header_staff_existing_figures_and_validation(manager_client, daklak):
    book = download(manager_client, daklak)
    sheet = book[SHEET_NAME]
    assert [c.value for c in sheet[HEADER_ROW]][:4] == ["Mã NV", "Họ và tên", "Bưu điện", "Số người tham gia mới"]
    codes = [sheet.cell(row=r, column=1).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    assert len(codes) == Staff.objects.filter(post_office__province=daklak).count()
    first = Staff.objects.get(employee_code=codes[0])
    assert (
        sheet.cell(row=FIRST_DATA_ROW, column=4).value
        == MonthlyFigure.objects.get(staff=first, year=2021, month=4).new_participants
    )
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "whole" and validation.operator == "greaterThanOrEqual" and validation.formula1 == "0"


def test_round_trip_creates_updates_and_counts_unchanged(manager_client, manager, daklak):
    book = download(manager_client, daklak, month=4)
    sheet = book[SHEET_NAME]
    sheet.cell(row=FIRST_DATA_ROW, column=4).value += 10
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(manager_client, daklak, "mau.xlsx", buffer.getvalue())
    assert response.status_code == 200, response.context["errors"]
    result = response.context["result"]
    assert (result.created, result.updated) == (0, 1) and result.unchanged == sheet.max_row - FIRST_DATA_ROW
    assert MonthlyFigure.history.latest().history_change_reason == "import"


def test_new_month_from_template(manager_client, daklak):
    book = download(manager_client, daklak, month=5)
    sheet = book[SHEET_NAME]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.cell(row=row, column=4).value = 2
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(manager_client, daklak, "mau.xlsx", buffer.getvalue(), month=5)
    assert response.context["result"].created == Staff.objects.filter(post_office__province=daklak).count()


def test_closed_month_refuses_import(manager_client, hq, daklak):
    month_close(user=hq, year=2021, month=4, province=daklak)
    before = province_state(daklak)
    book = download(manager_client, daklak)
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(manager_client, daklak, "mau.xlsx", buffer.getvalue())
    assert response.status_code == 400 and "khóa sổ" in response.context["errors"][0][1]
    assert province_state(daklak) == before


def test_staff_name_starting_with_equals_stays_text(manager_client, daklak):
    Staff.objects.filter(employee_code="VNP660101").update(full_name="=HYPERLINK(1)")
    sheet = download(manager_client, daklak)[SHEET_NAME]
    cells = [sheet.cell(row=r, column=2) for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    hyperlink = next(cell for cell in cells if cell.value == "=HYPERLINK(1)")
    assert hyperlink.data_type == "s"  # a string, not a formula
