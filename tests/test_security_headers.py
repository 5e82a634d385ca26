"""CSRF on every form, the Content-Security-Policy, and the other security headers.

Table-driven: when a page or form is added, add a row.
"""

import re

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

# (url, form data) of every POST form reachable in the app; each must refuse a request without a token.
CSRF_FORMS = [
    ("/accounts/login/", {"username": "hq", "password": "demo"}),
    ("/i18n/setlang/", {"language": "en", "next": "/"}),
    ("/accounts/logout/", {}),
    ("/admin/login/", {"username": "hq", "password": "demo"}),
]

# (url, user or None) of pages whose HTML must carry the CSP and contain no inline script.
PAGES = [
    ("/accounts/login/", None),
    ("/", "hq"),
    ("/", "manager-66"),
    ("/?year=2021&month=4", "analyst"),
    ("/admin/", "hq"),
    ("/admin/enrollment/monthlyfigure/", "manager-66"),
]


@pytest.mark.parametrize(("url", "data"), CSRF_FORMS, ids=[row[0] for row in CSRF_FORMS])
def test_post_without_csrf_token_is_refused(url, data, django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.get(username="hq"))
    before = dict(client.session)
    response = client.post(url, data)
    assert response.status_code == 403
    assert dict(client.session) == before  # still logged in, language unchanged
    assert "django_language" not in response.cookies


def test_login_with_the_token_works():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post("/accounts/login/", {"username": "hq", "password": "demo", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def _login(client, django_user_model, username):
    if username:
        client.force_login(django_user_model.objects.get(username=username))


@pytest.mark.parametrize(("url", "username"), PAGES)
def test_pages_carry_a_strict_script_policy_and_no_inline_script(client, django_user_model, url, username):
    _login(client, django_user_model, username)
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        # Only external files, or JSON data islands (json_script), which the browser never runs.
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler attribute"
    assert "javascript:" not in html
