"""HQ creates a province manager on the users page, sends the password-set link; the new manager follows it, sets a
password, logs in and sees only their province (and its predecessors, as every manager of a 34-scheme province)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from enrollment.models import Province

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Bao-hiem-2026!"


def test_hq_creates_a_manager_who_sets_a_password_and_sees_only_that_province(
    login, page, browser, live_server, artifacts_dir
):
    daklak = Province.objects.get(scheme="34", code="66")
    hq = login("hq")
    hq.click("#nav-users")
    expect(hq.locator("#users")).to_contain_text("manager-01")
    hq.click("#user-create")
    hq.fill("#id_username", "lan.nt")
    hq.fill("#id_full_name", "Nguyễn Thị Lan")
    hq.fill("#id_email", "lan@vnpost.example")
    hq.select_option("#id_role", "manager")
    hq.select_option("#id_provinces", str(daklak.pk))
    hq.screenshot(path=artifacts_dir / "users-create.png", full_page=True)
    hq.click("#user-create-form button[type=submit]")
    expect(hq.locator(".alert-success")).to_contain_text("Đã tạo người dùng lan.nt")
    expect(hq.locator("#assignments")).to_contain_text("Đắk Lắk (34 tỉnh")
    hq.click("#send-password-link")
    expect(hq.locator(".alert-success")).to_contain_text("lan@vnpost.example")
    hq.screenshot(path=artifacts_dir / "users-detail.png", full_page=True)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[0].body).group(0)

    # The newcomer, in their own browser: the link, a new password, the login.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    newcomer = context.new_page()
    newcomer.goto(link)
    newcomer.fill("#id_new_password1", PASSWORD)
    newcomer.fill("#id_new_password2", PASSWORD)
    newcomer.click("#password-reset-confirm-form button[type=submit]")
    expect(newcomer.locator("#password-reset-complete")).to_be_visible()
    newcomer.click("#password-reset-complete a")
    newcomer.fill("#id_username", "lan.nt")
    newcomer.fill("#id_password", PASSWORD)
    newcomer.click("main button[type=submit]")
    expect(newcomer.locator("#current-user")).to_have_text("lan.nt")
    expect(newcomer.locator("#nav-users")).to_have_count(0)

    # Only that province: the 2021 ranking (as reported) lists its predecessors, nothing else; Hà Nội is a 404.
    newcomer.goto(f"{live_server.url}/?year=2021&month=4")
    names = newcomer.locator("#province-ranking tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(name.strip() for name in names) == ["Phú Yên", "Đắk Lắk"]
    newcomer.goto(f"{live_server.url}/entry/offices/")
    expect(newcomer.locator("h1")).to_contain_text("Đắk Lắk")
    hanoi = Province.objects.get(scheme="63", code="01")
    for url in (f"/provinces/{hanoi.pk}/", f"/entry/offices/?province={hanoi.pk}"):
        assert newcomer.request.get(f"{live_server.url}{url}").status == 404, url
    newcomer.screenshot(path=artifacts_dir / "users-new-manager.png", full_page=True)
    context.close()
