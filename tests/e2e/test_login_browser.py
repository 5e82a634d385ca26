"""Login in a real browser (the dashboard after login: test_dashboard_browser.py)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_wrong_password_gets_a_vietnamese_message(page, live_server, demo_data):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "hq")
    page.fill("#id_password", "sai-mat-khau")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("mật khẩu")
