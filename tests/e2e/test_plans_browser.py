"""manager-66 allocates Đắk Lắk's plan: the sum follows the typing, the warning follows the sum, the save lands."""

import pytest
from playwright.sync_api import expect

from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province

pytestmark = pytest.mark.django_db(transaction=True)


def grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def test_live_sum_and_warning_then_saved(login, live_server, artifacts_dir):
    daklak = Province.objects.get(scheme="63", code="66")
    plan = AnnualPlan.objects.get(province=daklak, year=2021).target
    offices = list(PostOffice.objects.filter(province=daklak).order_by("code", "pk"))
    current = dict(
        PostOfficePlan.objects.filter(post_office__in=offices, year=2021).values_list("post_office", "target")
    )
    others = sum(current.get(office.pk, 0) for office in offices[1:])

    page = login("manager-66")
    page.click("#nav-plans")
    page.fill("#plan-year", "2021")
    page.click("#plan-year-picker button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Đắk Lắk")
    first = page.locator(f"tr[data-office='{offices[0].code}'] input.plan-cell")
    total, warning = page.locator("#allocation-sum"), page.locator("#allocation-warning")

    # the first office takes exactly what the others leave: the sum meets the plan, no warning
    first.fill(grouped(plan - others))
    expect(total).to_have_text(grouped(plan))
    expect(warning).to_be_hidden()

    # 25 more: the sum moves as it is typed and the warning shows the difference
    first.fill(grouped(plan - others + 25))
    expect(total).to_have_text(grouped(plan + 25))
    expect(warning).to_be_visible()
    expect(page.locator("#allocation-difference")).to_have_text("25")
    page.screenshot(path=artifacts_dir / "plan-allocation.png")

    page.click("#allocation-save")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu 1 phân bổ")
    assert PostOfficePlan.objects.get(post_office=offices[0], year=2021).target == plan - others + 25
    expect(warning).to_be_visible()  # after the save, from the server
    expect(page.locator("#plan-history")).to_contain_text("manager-66")

    # one office above the whole province plan: refused, the database keeps the saved value
    first.fill(grouped(plan + 1))
    page.click("#allocation-save")
    expect(page.locator(".invalid-feedback")).to_contain_text("vượt kế hoạch năm của tỉnh")
    assert PostOfficePlan.objects.get(post_office=offices[0], year=2021).target == plan - others + 25

    # on a phone the table still fits and the sum still follows
    page.set_viewport_size({"width": 390, "height": 844})
    first.fill(grouped(plan - others))
    expect(total).to_have_text(grouped(plan))
    expect(warning).to_be_hidden()
