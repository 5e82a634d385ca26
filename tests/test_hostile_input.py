"""Hostile input on every form and query parameter: never a 500, hostile HTML escaped, nothing changed.

Property-based (hypothesis) plus explicit nasty examples. Table-driven: a new form or a new page
with query parameters is one more row in FORMS or QUERY_PAGES.
"""

import pytest
from django.db.models import Count, Sum
from django.test import Client
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from enrollment.models import AnnualPlan, MonthlyFigure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)//"]
NASTY = [
    *XSS,
    "' OR '1'='1' --",
    "2021; DROP TABLE enrollment_monthlyfigure; --",
    "9223372036854775808",  # 2^63
    "-9223372036854775809",
    "1" * 400,  # far past 2^63
    "-0",
    "-0.0",
    "1e309",
    "NaN",
    "Infinity",
    "0x7E5",
    "２０２１",  # full-width digits
    "٢٠٢١",  # Arabic-Indic digits
    "Đắk Lắk",
    "e\u0301\u0301\u0301\u0301\u0301",  # a pile of combining acute accents
    "Hoa\u0300 Bi\u0300nh",  # decomposed (NFD) Vietnamese
    "\u202etxt.exe",  # right-to-left override
    "\x00",
    "%00",
    "\ud7ff\ufeff\uffff",
    "",
]

# Any Unicode text a browser could send (no lone surrogates: those cannot be encoded at all).
any_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)

HYPOTHESIS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def fingerprint() -> tuple:
    figures = MonthlyFigure.objects.aggregate(n=Count("pk"), total=Sum("new_participants"))
    plans = AnnualPlan.objects.aggregate(n=Count("pk"), total=Sum("target"))
    return (figures["n"], figures["total"], plans["n"], plans["total"])


def assert_safe(response) -> str:
    """Not a server error, and no hostile markup came back unescaped."""
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace")
    for payload in XSS[:2]:
        assert payload not in body
    return body


# ---- query parameters: (path, user, parameter names) -----------------------------------------
QUERY_PAGES = [
    ("/", "hq", ["year", "month", "sort", "page"]),
    ("/", "manager-66", ["year", "month", "sort"]),
    ("/accounts/login/", None, ["next"]),
    ("/healthz", None, ["year"]),
]


@pytest.mark.parametrize(("path", "username", "names"), QUERY_PAGES)
@HYPOTHESIS
@given(values=st.lists(any_text, min_size=1, max_size=4))
@example(values=["9223372036854775808", "-0"])
@example(values=["<script>alert(1)</script>", "' OR '1'='1' --"])
def test_query_parameters_never_break_a_page(django_user_model, path, username, names, values):
    client = Client()
    if username:
        client.force_login(django_user_model.objects.get(username=username))
    query = {name: values[i % len(values)] for i, name in enumerate(names)}
    body = assert_safe(client.get(path, query))
    if path == "/" and "year" in query and not query["year"].isascii():
        assert "Tổng" in body or "BHXH" in body  # the page still rendered, falling back to the latest month


def test_summary_with_a_huge_year_falls_back_to_the_latest_month(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="hq"))
    response = client.get("/", {"year": str(2**64), "month": "-0"})
    assert response.status_code == 200
    assert response.context["period"].year == 2021


# ---- forms: the login form and the language switch ----------------------------------------------
@HYPOTHESIS
@given(username=any_text, password=any_text)
@example(username="<script>alert(1)</script>", password="x")
@example(username="hq' --", password="' OR '1'='1")
@example(username="hq\x00", password="demo")
def test_login_form_refuses_hostile_input_cleanly(username, password):
    client = Client()
    before = fingerprint()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    body = assert_safe(response)
    assert response.status_code in {200, 400}
    assert "_auth_user_id" not in client.session
    if response.status_code == 200:
        assert "alert alert-danger" in body  # a clear message, not a silent failure
    assert fingerprint() == before


@pytest.mark.parametrize("size", [10 * 1024 * 1024 + 1])
def test_a_10_mb_login_is_refused_without_a_server_error(size):
    response = Client().post("/accounts/login/", {"username": "a" * size, "password": "demo"})
    assert response.status_code == 400


def test_a_10_mb_query_string_is_not_a_server_error(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="hq"))
    assert_safe(client.get("/", {"year": "9" * (10 * 1024 * 1024)}))


@HYPOTHESIS
@given(language=any_text, next_url=st.one_of(any_text, st.sampled_from(["//evil.example", "https://evil.example/x"])))
def test_set_language_never_redirects_off_site(language, next_url):
    response = Client().post("/i18n/setlang/", {"language": language, "next": next_url})
    assert_safe(response)
    if response.status_code == 302:
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location
        assert not location.lower().lstrip().startswith("javascript:")
