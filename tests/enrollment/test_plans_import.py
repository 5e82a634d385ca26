"""Plans from Excel: the template of a year read back with openpyxl, uploaded back all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.imports.plans_layout import PLANS_FIRST_DATA_ROW, PLANS_HEADER_ROW, PLANS_SHEET_NAME, PLANS_YEAR_CELL
from enrollment.models import AnnualPlan, Province

pytestmark = pytest.mark.django_db
TEMPLATE = reverse("enrollment:plans_template")
IMPORT = reverse("enrollment:plans_import")


def download(client, year: int):
    response = client.get(TEMPLATE, {"year": year})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="mau-ke-hoach-{year}.xlsx"')
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def upload(client, year: int, book, name: str = "ke-hoach.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")
    return client.post(IMPORT, {"year": year, "file": file})


def data_rows(sheet) -> dict[tuple[str, str], int]:
    """{(code, scheme): row number} of the template."""
    return {
        (row[0].value, row[2].value): row[0].row
        for row in sheet.iter_rows(min_row=PLANS_FIRST_DATA_ROW)
        if row[0].value is not None
    }


def plans_of(year: int) -> dict[int, int]:
    return dict(AnnualPlan.objects.filter(year=year).values_list("province_id", "target"))


def test_template_holds_the_years_provinces_with_their_current_plan(hq_client):
    sheet = download(hq_client, 2021)[PLANS_SHEET_NAME]
    assert sheet[PLANS_YEAR_CELL].value == 2021
    assert [c.value for c in sheet[PLANS_HEADER_ROW]] == ["Mã tỉnh", "Tỉnh/thành phố", "Phân cấp", "Kế hoạch năm"]
    rows = data_rows(sheet)
    assert len(rows) == 63 and {scheme for _code, scheme in rows} == {"63"}
    for plan in AnnualPlan.objects.filter(year=2021).select_related("province"):
        row = rows[(plan.province.code, "63")]
        assert (sheet.cell(row=row, column=2).value, sheet.cell(row=row, column=4).value) == (
            plan.province.name,
            plan.target,
        )


def test_template_of_2025_lists_both_maps(hq_client):
    rows = data_rows(download(hq_client, 2025)[PLANS_SHEET_NAME])
    assert len(rows) == 97 and ("66", "34") in rows and ("66", "63") in rows


def test_upload_saves_the_changes_and_lists_them(hq_client, hq):
    book = download(hq_client, 2025)
    sheet = book[PLANS_SHEET_NAME]
    rows = data_rows(sheet)
    sheet.cell(row=rows[("66", "63")], column=4, value=700)
    sheet.cell(row=rows[("66", "34")], column=4, value=1500.0)  # Excel's whole numbers arrive as floats
    response = upload(hq_client, 2025, book)
    assert response.status_code == 200, response.context["errors"]
    old = Province.objects.get(scheme="63", code="66")
    new = Province.objects.get(scheme="34", code="66")
    assert plans_of(2025) == {old.pk: 700, new.pk: 1500}
    changes = [(c.code, c.old, c.new) for c in response.context["changes"]]
    assert changes == [("66", None, 700), ("66", None, 1500)]
    assert set(AnnualPlan.history.filter(year=2025).values_list("history_user", "history_change_reason")) == {
        (hq.pk, "import")
    }
    assert "Đã lưu 2 kế hoạch đã thay đổi." in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-3, "Kế hoạch phải lớn hơn 0."),
        ("nhiều", "Kế hoạch phải là số nguyên."),
        (12.5, "Kế hoạch phải là số nguyên."),
        (2_000_000, "Kế hoạch quá lớn (tối đa 1.000.000)."),
        ("=D6*2", "Ô kế hoạch chứa công thức; hãy nhập số."),
    ],
)
def test_one_bad_row_saves_nothing(hq_client, value, message):
    book = download(hq_client, 2021)
    sheet = book[PLANS_SHEET_NAME]
    rows = data_rows(sheet)
    before = plans_of(2021)
    sheet.cell(row=rows[("01", "63")], column=4, value=9999)  # a good change that must not be saved either
    sheet.cell(row=rows[("66", "63")], column=4, value=value)
    response = upload(hq_client, 2021, book)
    assert response.status_code == 400
    assert (rows[("66", "63")], message) in response.context["errors"]
    assert plans_of(2021) == before


def test_a_province_not_of_the_year_or_another_years_template_is_refused(hq_client):
    book = download(hq_client, 2021)
    sheet = book[PLANS_SHEET_NAME]
    sheet.cell(row=PLANS_FIRST_DATA_ROW, column=3, value="34")
    response = upload(hq_client, 2021, book)
    assert response.status_code == 400
    code = sheet.cell(row=PLANS_FIRST_DATA_ROW, column=1).value
    assert (PLANS_FIRST_DATA_ROW, f"Không có tỉnh mã {code} (phân cấp 34) trong năm 2021.") in response.context[
        "errors"
    ]
    response = upload(hq_client, 2024, download(hq_client, 2021))
    assert response.context["errors"] == [(None, "Tệp là mẫu của năm khác (ô B2), không phải năm 2024.")]


def test_a_file_that_is_not_excel_is_refused_with_a_message(hq_client):
    file = SimpleUploadedFile("ke-hoach.xlsx", b"not a zip", content_type="application/octet-stream")
    response = hq_client.post(IMPORT, {"year": 2021, "file": file})
    assert response.status_code == 400
    assert response.context["errors"] == [(None, "Tệp không phải Excel .xlsx hợp lệ hoặc đã bị hỏng.")]


def test_only_hq_imports_plans(manager_client):
    assert manager_client.get(TEMPLATE, {"year": 2021}).status_code == 403
    assert manager_client.post(IMPORT, {"year": 2021}).status_code == 403
