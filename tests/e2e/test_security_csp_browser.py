"""The Content-Security-Policy in a real browser: pages work and nothing is blocked.

Add a row when a page is added (the dashboard with its Chart.js charts, the entry grid).
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

# (path, a selector that only appears when the page rendered and its scripts ran or its data showed)
PAGES = [
    ("/", "#province-ranking tbody tr"),
    ("/admin/", "#content"),
    ("/admin/enrollment/monthlyfigure/", "#result_list"),
]


def test_no_csp_violation_on_any_page(login, live_server):
    page = login("hq")
    violations: list[str] = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    page.on("pageerror", lambda error: violations.append(str(error)))
    for path, ready in PAGES:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator(ready).first).to_be_visible()
    # Bootstrap's JavaScript (served from 'self') ran on the app's own pages.
    page.goto(f"{live_server.url}/")
    assert page.evaluate("typeof bootstrap") == "object"
    assert violations == []


def test_an_injected_inline_script_is_blocked(login, live_server):
    """The policy really is enforced: an inline script added to the page does not run."""
    page = login("hq")
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 1';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__pwned === undefined")
    assert any("Content Security Policy" in text for text in messages)
