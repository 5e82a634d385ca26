"""The dashboard in a real browser: the article's figures, a drawn chart, drill-down and back."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboard_shows_the_article_and_draws_the_chart(login, artifacts_dir):
    page = login("hq")
    expect(page.locator("#total-cumulative")).to_have_text("76.408")
    expect(page.locator("#total-percent")).to_have_text("19,0%")
    first_row = page.locator("#province-ranking tbody tr").first
    expect(first_row).to_contain_text("Đắk Lắk")
    expect(first_row).to_contain_text("73,3%")
    expect(page.locator("nav")).to_contain_text("Đăng xuất")  # the Vietnamese UI after a real login

    canvas = page.locator("#monthly-chart")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('monthly-chart'));
            return chart && {types: chart.data.datasets.map(d => d.type), last: chart.data.datasets[1].data.at(-1)};
        }"""
    )
    assert chart == {"types": ["bar", "line", "line"], "last": 76408}
    # something was actually painted: the canvas is not blank
    painted = page.evaluate(
        """() => {
            const c = document.getElementById('monthly-chart');
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i]) n++;
            return n;
        }"""
    )
    assert painted > 1000
    page.screenshot(path=artifacts_dir / "dashboard-hq.png", full_page=True)

    first_row.get_by_role("link", name="Đắk Lắk").click()
    expect(page.locator("#province-percent")).to_have_text("73,3%")
    page.locator("#staff-leaderboard tbody a").first.click()
    expect(page.locator("#staff-history")).to_be_visible()
    page.screenshot(path=artifacts_dir / "dashboard-staff.png", full_page=True)
    page.locator(".breadcrumb a", has_text="Toàn quốc").click()
    expect(page.locator("#total-cumulative")).to_have_text("76.408")
