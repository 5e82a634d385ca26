"""An analyst downloads reports in the browser; the files are read back and opened by LibreOffice."""

import pytest
from playwright.sync_api import expect

from tests.reports.exports.xlsx_reading import libreoffice_csv, read_sheet, table_rows
from tests.reports.test_summary_page import TOP10

pytestmark = pytest.mark.django_db(transaction=True)


def download(page, tmp_path, name: str):
    with page.expect_download() as info:
        page.click("#export-download")
    target = tmp_path / name
    info.value.save_as(target)
    assert info.value.suggested_filename == name
    return target


def test_analyst_downloads_the_national_summary_and_the_staff_report(login, tmp_path, artifacts_dir):
    page = login("analyst")
    page.click("#nav-exports")
    expect(page.locator("h1")).to_have_text("Xuất báo cáo Excel")
    expect(page.locator("#id_year")).to_have_value("2021")
    expect(page.locator("#id_through_month")).to_have_value("4")
    page.screenshot(path=artifacts_dir / "exports-analyst.png")

    national = download(page, tmp_path, "bhxh-tong-hop-2021-04.xlsx")
    _, sheet = read_sheet(national)
    assert [c.value for c in table_rows(sheet)[-1][3:8]] == [17971, 9391, 28215, 20831, 76408]
    csv_rows = libreoffice_csv(national, tmp_path)
    ranked = {r[9]: r[1] for r in csv_rows[7:] if r and r[9]}
    assert [ranked[str(rank)] for rank in range(1, 11)] == TOP10

    page.select_option("#id_report", "staff")
    page.fill("#id_province", "66")
    staff = download(page, tmp_path, "bhxh-nhan-vien-2021-04-tinh-66.xlsx")
    _, sheet = read_sheet(staff)
    rows = table_rows(sheet)
    assert {r[4].value for r in rows[:-1]} == {"Đắk Lắk"} and rows[-1][1].value.startswith("Tổng cộng")


def test_bad_month_gets_a_vietnamese_message_in_the_page(login):
    page = login("analyst")
    page.click("#nav-exports")
    page.evaluate("document.querySelector('#id_through_month').value = '13'")
    page.evaluate("document.querySelector('#id_through_month').removeAttribute('max')")
    page.click("#export-download")
    expect(page.locator("#export-errors")).to_contain_text("Đến tháng")
