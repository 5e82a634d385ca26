"""The Excel template in English: written in the user's language, accepted whichever language uploads it."""

import io

import pytest

from enrollment.imports.layout import FIRST_DATA_ROW, HEADER_ROW, SHEET_NAME
from enrollment.models import MonthlyFigure, Staff
from tests.enrollment.broken_files.generate import HERE
from tests.enrollment.test_import import download, upload

pytestmark = pytest.mark.django_db


def test_english_template_uploads_in_the_vietnamese_ui(manager_client, daklak):
    manager_client.cookies["django_language"] = "en"
    book = download(manager_client, daklak)
    sheet = book[SHEET_NAME]
    assert [c.value for c in sheet[HEADER_ROW]][:4] == ["Staff code", "Full name", "Post office", "New participants"]
    assert sheet["A1"].value == f"New voluntary social insurance participants — month 4/2021 — {daklak.name}"
    assert (sheet["A2"].value, sheet["C2"].value, sheet["A3"].value, sheet["C3"].value) == (
        "Province code",
        "Scheme",
        "Month",
        "Year",
    )
    assert sheet["A4"].value.startswith("Edit column D only")
    assert sheet.data_validations.dataValidation[0].error == "Enter a whole number of zero or more."

    code = sheet.cell(row=FIRST_DATA_ROW, column=1).value
    sheet.cell(row=FIRST_DATA_ROW, column=4).value += 7
    buffer = io.BytesIO()
    book.save(buffer)
    manager_client.cookies["django_language"] = "vi"
    response = upload(manager_client, daklak, "template-en.xlsx", buffer.getvalue())
    assert response.status_code == 200, response.context["errors"]
    assert response.context["result"].updated == 1
    staff = Staff.objects.get(employee_code=code)
    assert (
        MonthlyFigure.objects.get(staff=staff, year=2021, month=4).new_participants
        == sheet.cell(row=FIRST_DATA_ROW, column=4).value
    )


def test_import_errors_in_english(manager_client, daklak):
    manager_client.cookies["django_language"] = "en"
    response = upload(manager_client, daklak, "wrong_columns.xlsx", (HERE / "wrong_columns.xlsx").read_bytes())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved. Please correct the following errors and upload again:" in html
    [(row, message)] = response.context["errors"]
    assert row == HEADER_ROW
    assert message == (
        f"The header row (row {HEADER_ROW}) does not match the template: "
        "the columns must be Staff code, Full name, Post office, New participants."
    )
    response = upload(manager_client, daklak, "unknown_code.xlsx", (HERE / "unknown_code.xlsx").read_bytes())
    assert "Staff code VNP999999 does not exist." in response.content.decode()
