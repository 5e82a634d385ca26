"""As reported / restated in a real browser: the switch, the label, a new province's figures and its predecessors.

Data: tests/reports/restated_world.py (old Đắk Lắk + Phú Yên → new Đắk Lắk), written into the live server's database.
"""

import pytest
from django.db.models import Sum
from playwright.sync_api import expect

from core.formats import count_text
from enrollment.models import MonthlyFigure
from tests.reports.restated_world import restated_world

pytestmark = pytest.mark.django_db(transaction=True)

RESTATED, REPORTED = "Quy đổi theo địa giới hiện hành", "Theo số liệu báo cáo"


def raw(provinces, months) -> int:
    figures = MonthlyFigure.objects.filter(post_office__province__in=provinces, year=2025, month__in=list(months))
    return figures.aggregate(t=Sum("new_participants"))["t"] or 0


def dak_lak_cell(page):
    """The Đắk Lắk row's lũy kế in the dashboard's ranking (columns: rank, name, region, plan, month, lũy kế…)."""
    row = page.locator("#province-ranking tbody tr", has=page.get_by_role("link", name="Đắk Lắk", exact=True))
    return row.locator("td").nth(5)


def switch_view(page, view: str):
    page.select_option("#id_view", view)
    page.locator("#period-form button[type=submit]").click()


def test_switch_the_view_and_follow_a_new_province_to_its_predecessor(login, live_server, artifacts_dir):
    page = login("hq")
    world = restated_world()
    p = world["provinces"]
    old, phu_yen, new = p["63", "66"], p["63", "54"], p["34", "66"]
    restated = raw([old, phu_yen], range(1, 7)) + raw([new], range(7, 13))
    reported = raw([new], range(7, 13))
    every_2025, july_on = raw(p.values(), range(1, 13)), raw(p.values(), range(7, 13))

    page.goto(f"{live_server.url}/?year=2025&month=12")
    expect(page.locator("#view-label")).to_contain_text(RESTATED)  # 2025 straddles the merger: restated by default
    expect(page.locator("#total-cumulative")).to_have_text(count_text(every_2025))
    expect(dak_lak_cell(page)).to_have_text(count_text(restated))

    switch_view(page, "reported")
    expect(page.locator("#view-label")).to_contain_text(REPORTED)
    expect(page.locator("#total-cumulative")).to_have_text(count_text(july_on))
    expect(dak_lak_cell(page)).to_have_text(count_text(reported))
    assert reported < restated and "view=reported" in page.url

    switch_view(page, "restated")
    expect(page.locator("#view-label")).to_contain_text(RESTATED)
    expect(dak_lak_cell(page)).to_have_text(count_text(restated))
    page.screenshot(path=artifacts_dir / "restated-dashboard.png", full_page=True)

    page.locator("#province-ranking").get_by_role("link", name="Đắk Lắk", exact=True).click()
    expect(page.locator("#view-label")).to_contain_text(RESTATED)
    expect(page.locator("#province-cumulative")).to_have_text(count_text(restated))
    predecessor_office = page.locator("#post-office-ranking tbody tr", has_text="Bưu điện R54")
    expect(predecessor_office).to_contain_text("Phú Yên · 63 tỉnh (đến 30/06/2025)")
    expect(predecessor_office.locator("td").nth(5)).to_have_text(count_text(raw([phu_yen], range(1, 7))))
    page.screenshot(path=artifacts_dir / "restated-province.png", full_page=True)

    page.locator("#province-lineage").get_by_role("link", name="Phú Yên", exact=False).click()
    expect(page.locator("#page-title")).to_contain_text("tháng 6/2025")  # its last month on the old map
    expect(page.locator("#view-label")).to_contain_text(REPORTED)
    expect(page.locator("#province-cumulative")).to_have_text(count_text(raw([phu_yen], range(1, 7))))
    page.locator("#province-lineage").get_by_role("link", name="Đắk Lắk", exact=False).click()
    expect(page.locator("#view-label")).to_contain_text(RESTATED)
    expect(page.locator("#province-cumulative")).to_have_text(count_text(raw([old, phu_yen], range(1, 7))))
