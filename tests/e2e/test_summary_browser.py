import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_hq_logs_in_and_sees_the_article(login, artifacts_dir):
    page = login("hq")
    expect(page.locator("#total-cumulative")).to_have_text("76.408")
    expect(page.locator("#total-percent")).to_have_text("19,0%")
    first_row = page.locator("#province-ranking tbody tr").first
    expect(first_row).to_contain_text("Đắk Lắk")
    expect(first_row).to_contain_text("73,3%")
    expect(page.locator("nav")).to_contain_text("Đăng xuất")
    page.screenshot(path=artifacts_dir / "summary-hq.png", full_page=False)


def test_wrong_password_gets_a_vietnamese_message(page, live_server, demo_data):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "hq")
    page.fill("#id_password", "sai-mat-khau")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("mật khẩu")
