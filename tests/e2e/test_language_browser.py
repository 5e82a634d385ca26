"""The language switcher in a real browser: English from the login page on, then back to Vietnamese."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_switch_to_english_on_the_login_page_and_back(page, live_server, demo_data, artifacts_dir):
    page.goto(f"{live_server.url}/")
    expect(page.locator("main h1")).to_have_text("Đăng nhập")
    expect(page.locator("#language-vi")).to_have_attribute("aria-current", "true")
    page.click("#language-en")
    expect(page.locator("main h1")).to_have_text("Log in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("label[for=id_username]")).to_have_text("Username")

    page.fill("#id_username", "hq")
    page.fill("#id_password", "demo")
    page.click("main button[type=submit]")
    expect(page.locator("main h1")).to_contain_text("New voluntary social insurance participants")
    expect(page.locator("#total-cumulative")).to_have_text("76,408")
    expect(page.locator("#total-percent")).to_have_text("19.0%")
    expect(page.locator("nav")).to_contain_text("Log out")
    expect(page.locator("#province-ranking thead")).to_contain_text("% of plan")
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('monthly-chart'));
            return {labels: chart.data.labels, legend: chart.data.datasets.map(d => d.label),
                    ticks: chart.scales.cumulative.ticks.map(t => t.label)};
        }"""
    )
    assert chart["labels"][:2] == ["M1", "M2"] and chart["legend"][0] == "Monthly result"
    assert any("," in label for label in chart["ticks"])  # 80,000: the chart groups thousands the English way
    page.screenshot(path=artifacts_dir / "dashboard-english.png", full_page=True)

    page.click("#language-vi")
    expect(page.locator("main h1")).to_contain_text("Phát triển người tham gia BHXH tự nguyện")
    expect(page.locator("#total-cumulative")).to_have_text("76.408")
    expect(page.locator("nav")).to_contain_text("Đăng xuất")
    assert page.url.rstrip("/") == live_server.url.rstrip("/")  # back on the same page
