"""manager-66 fills the grid, uploads a template with a bad row, fixes it, and sees lũy kế move."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from enrollment.imports.layout import FIRST_DATA_ROW, SHEET_NAME
from enrollment.models import MonthlyFigure, PostOffice

pytestmark = pytest.mark.django_db(transaction=True)


def daklak_cumulative(page, live_server) -> int:
    page.goto(f"{live_server.url}/?year=2021&month=4")
    row = page.locator("#province-ranking tbody tr", has_text="Đắk Lắk")
    return int(row.locator("td").nth(5).inner_text().replace(".", ""))


def test_manager_enters_grid_and_template(login, live_server, artifacts_dir, tmp_path):
    page = login("manager-66")
    expect(page.locator("nav")).to_contain_text("Nhập số liệu")
    before = daklak_cumulative(page, live_server)
    office = PostOffice.objects.filter(province__code="66", province__scheme="63").order_by("code").first()

    # 1. The grid: type in the first two cells, Enter moves down the column, save.
    page.click("#nav-entry")
    page.select_option("#id_office", str(office.pk))
    page.fill("#id_year", "2021")
    page.select_option("#id_month", "4")
    page.click("#period-picker button[type=submit]")
    cells = page.locator("input.entry-cell")
    first_value, second_value = int(cells.nth(0).input_value()), int(cells.nth(1).input_value())
    cells.nth(0).fill(str(first_value + 4))
    cells.nth(0).press("Enter")
    expect(cells.nth(1)).to_be_focused()
    page.keyboard.type(str(second_value + 1))
    page.click("#grid-save")
    expect(page.locator(".alert-success")).to_contain_text("2 sửa")
    page.screenshot(path=artifacts_dir / "entry-grid.png")

    # 2. A bad value in the grid is shown inline, in Vietnamese, and the typed text stays.
    cells.nth(2).fill("-3")
    page.click("#grid-save")
    expect(page.locator(".invalid-feedback")).to_contain_text("không được âm")
    expect(page.locator("input.entry-cell").nth(2)).to_have_value("-3")

    # 3. Template: download, one bad row → refused, nothing saved.
    page.goto(f"{live_server.url}/entry/?office={office.pk}&year=2021&month=4")
    page.click("text=Nhập từ Excel")
    with page.expect_download() as download_info:
        page.click("#template-download")
    path = tmp_path / "mau.xlsx"
    download_info.value.save_as(path)
    book = load_workbook(path)
    sheet = book[SHEET_NAME]
    good_row, bad_row = FIRST_DATA_ROW + 5, FIRST_DATA_ROW + 6
    sheet.cell(row=good_row, column=4).value += 3
    sheet.cell(row=bad_row, column=4).value = "nhiều"
    book.save(path)
    saved_before = list(MonthlyFigure.objects.order_by("pk").values_list("new_participants", flat=True))
    page.set_input_files("#id_file", path)
    page.click("#import-submit")
    expect(page.locator("#import-errors")).to_contain_text(f"Dòng {bad_row}")
    expect(page.locator("#import-errors")).to_contain_text("không phải là số")
    assert list(MonthlyFigure.objects.order_by("pk").values_list("new_participants", flat=True)) == saved_before
    page.screenshot(path=artifacts_dir / "entry-import-error.png")

    # 4. Fix the row, upload again: saved.
    sheet.cell(row=bad_row, column=4).value = 2
    original_bad = MonthlyFigure.objects.get(
        staff__employee_code=sheet.cell(row=bad_row, column=1).value, year=2021, month=4
    ).new_participants
    book.save(path)
    page.set_input_files("#id_file", path)
    page.click("#import-submit")
    expect(page.locator("#import-summary")).to_contain_text("Đã lưu")

    # 5. The summary page shows the province's lũy kế moved by exactly what was entered.
    assert daklak_cumulative(page, live_server) == before + 4 + 1 + 3 + (2 - original_bad)
    page.screenshot(path=artifacts_dir / "entry-summary-after.png")
