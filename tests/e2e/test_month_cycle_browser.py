"""HQ's month cycle in a real browser: submit with gaps, return with a comment, close all with confirmation, and a
reminder reaching a file-based mail backend."""

import datetime
import email
import email.header

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.period import previous_month
from enrollment.deadlines import due_date
from enrollment.models import ManagerAssignment, MonthStatus, PostOffice, Province, Staff
from tests.conftest import demo_user

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(browser, browser_context_args, live_server, username: str):
    page = browser.new_context(**browser_context_args).new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("main button[type=submit]")
    page.wait_for_selector("#current-user")
    return page


def test_submit_with_gaps_return_and_close_all(browser, browser_context_args, live_server, demo_data, artifacts_dir):
    office = PostOffice.objects.filter(province__code="66", province__scheme="63").order_by("code").first()
    Staff.objects.create(
        employee_code="GAP001", full_name="Người Chưa Nhập", post_office=office, active_from=datetime.date(2021, 1, 1)
    )
    manager = signed_in(browser, browser_context_args, live_server, "manager-66")
    manager.goto(f"{live_server.url}/entry/?year=2021&month=4&office={office.pk}")
    manager.click("#month-submit")
    expect(manager.locator("#missing-people")).to_contain_text("GAP001 · Người Chưa Nhập")
    expect(manager.locator("#incomplete-offices")).to_contain_text(office.name)
    manager.click("#confirm-submit")  # the box is not ticked: the browser keeps the page, nothing is sent
    assert not MonthStatus.objects.filter(province=office.province, year=2021, month=4, status="submitted").exists()
    manager.check("#accept-gaps")
    manager.click("#confirm-submit")
    expect(manager.locator(".alert-warning").first).to_contain_text("khi còn thiếu")
    expect(manager.locator("#submit-status")).to_contain_text("Đã nộp (nộp khi còn thiếu)")
    manager.screenshot(path=artifacts_dir / "month-submit-with-gaps.png")

    hq = signed_in(browser, browser_context_args, live_server, "hq")
    hq.goto(f"{live_server.url}/entry/months/?year=2021&month=4")
    row = hq.locator('#submissions tr[data-province="66"]')
    expect(row.locator(".status")).to_contain_text("nộp khi còn thiếu")
    row.locator("input[name=comment]").fill("Bổ sung số liệu của GAP001")
    row.get_by_role("button", name="Trả lại").click()
    expect(hq.locator('#submissions tr[data-province="66"] .status')).to_contain_text("Bị trả lại")

    manager.goto(f"{live_server.url}/entry/months/submit/?year=2021&month=4&province={office.province_id}")
    expect(manager.locator("#return-comment")).to_contain_text("Bổ sung số liệu của GAP001")
    manager.check("#accept-gaps")
    manager.click("#confirm-submit")
    expect(manager.locator("#submit-status")).to_contain_text("Đã nộp")

    hq.goto(f"{live_server.url}/entry/months/?year=2021&month=4")
    hq.click("#close-all")
    expect(hq.locator("#close-all-summary")).to_contain_text("1 tỉnh đã nộp sẽ được khóa sổ.")
    expect(hq.locator("#close-all-summary")).to_contain_text("62 tỉnh chưa nộp")
    hq.screenshot(path=artifacts_dir / "close-all-confirmation.png")
    hq.click("#confirm-close-all")
    expect(hq.locator(".alert-success")).to_contain_text("Đã khóa sổ 1 tỉnh.")
    closed = MonthStatus.objects.filter(year=2021, month=4, status="closed")
    assert list(closed.values_list("province__code", flat=True)) == ["66"]
    hq.click("#reopen-all")
    expect(hq.locator(".alert-success")).to_contain_text("Đã mở lại 1 tỉnh.")


def test_a_reminder_reaches_the_file_backend(browser, browser_context_args, live_server, demo_data, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    manager = demo_user("manager-66")
    manager.email = "manager-66@example.vn"
    manager.save()
    # the manager holds new Đắk Lắk (34 provinces) today, whose recent months are not submitted
    ManagerAssignment.objects.create(
        user=manager, province=Province.objects.get(scheme="34", code="66"), valid_from=datetime.date(2025, 7, 1)
    )
    hq = signed_in(browser, browser_context_args, live_server, "hq")
    hq.goto(f"{live_server.url}/entry/months/")
    hq.click("#send-reminders")
    expect(hq.locator(".alert-success")).to_contain_text("Đã gửi 1 thư nhắc")
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    message = email.message_from_string(files[0].read_text().split("\n" + "-" * 79)[0])
    assert message["To"] == "manager-66@example.vn"
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == (
        "Nhắc nộp số liệu BHXH tự nguyện"
    )
    body = message.get_payload()
    year, month = previous_month(*(lambda d: (d.year, d.month))(timezone.localdate()))
    assert f"Đắk Lắk · tháng {month}/{year} · hạn nộp {due_date(year, month):%d/%m/%Y}" in body  # late or due soon
    hq.click("#send-reminders")  # the same day: nobody twice
    expect(hq.locator(".alert-success")).to_contain_text("Đã gửi 0 thư nhắc; 1 người đã nhận hôm nay")
    assert len(list(tmp_path.iterdir())) == 1
