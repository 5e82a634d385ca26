"""manager-66 types a figure far above the person's history and quota: the grid holds it back with a warning and a
"confirm" box; ticked and saved, it is stored and listed on the data-quality page."""

import pytest
from django.db.models import Max
from playwright.sync_api import expect

from enrollment.models import ConfirmedOutlier, MonthlyFigure, PostOffice, Staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("outlier_rule")]


def test_outlier_is_saved_only_once_confirmed_in_the_grid(login, live_server, artifacts_dir):
    office = PostOffice.objects.filter(province__code="66", province__scheme="63").order_by("code").first()
    person = Staff.objects.filter(post_office=office).order_by("employee_code").first()
    history = MonthlyFigure.objects.filter(staff=person, year=2021).aggregate(m=Max("new_participants"))["m"] or 0
    value = max(3 * history, 3 * person.monthly_quota) + 1
    page = login("manager-66")
    page.goto(f"{live_server.url}/entry/?office={office.pk}&year=2021&month=5")
    row = page.locator(f'#entry-table tr[data-staff="{person.employee_code}"]')
    row.locator("input.entry-cell").fill(f"{value:,}".replace(",", "."))  # written the Vietnamese way
    page.click("#grid-save")

    expect(row).to_have_class("table-warning")
    expect(row.locator(".invalid-feedback")).to_contain_text(f"Số {value} cao bất thường")
    expect(page.locator(".alert-warning")).to_contain_text("Chưa lưu gì")
    assert not MonthlyFigure.objects.filter(staff=person, year=2021, month=5).exists()
    assert not ConfirmedOutlier.objects.exists()
    page.screenshot(path=artifacts_dir / "outlier-warning.png")

    row.locator("input.outlier-confirm").check()
    page.click("#grid-save")
    expect(page.locator(".alert-success")).to_contain_text("1 mới")
    assert MonthlyFigure.objects.get(staff=person, year=2021, month=5).new_participants == value
    record = ConfirmedOutlier.objects.get()
    assert (record.staff_id, record.value, record.confirmed_by.username, record.source) == (
        person.pk,
        value,
        "manager-66",
        "grid",
    )

    page.goto(f"{live_server.url}/entry/quality/")
    listed = page.locator(f'#confirmed-outliers tr[data-staff="{person.employee_code}"]')
    expect(listed).to_contain_text("manager-66")
    expect(listed).to_contain_text(str(value))
    page.screenshot(path=artifacts_dir / "outlier-quality-page.png")
