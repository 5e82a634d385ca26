"""Hostile input on every form and query parameter: never a 500, hostile HTML escaped, nothing changed.

Property-based (hypothesis) plus explicit nasty examples. Table-driven: a new form or a new page
with query parameters is one more row in FORMS or QUERY_PAGES.
"""

import unicodedata

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.db.models import Count, Sum
from django.test import Client
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from enrollment.models import AnnualPlan, MonthlyFigure, PostOffice, Province, Staff
from tests.fingerprint import data_fingerprint

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
# The newer tables below: fewer examples each (many rows × examples add up), still every NASTY one sometimes.
FEW = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def fingerprint() -> tuple:
    figures = MonthlyFigure.objects.aggregate(n=Count("pk"), total=Sum("new_participants"))
    plans = AnnualPlan.objects.aggregate(n=Count("pk"), total=Sum("target"))
    return (figures["n"], figures["total"], plans["n"], plans["total"])


def assert_safe(response) -> str:
    """Not a server error, and no hostile markup came back unescaped."""
    assert response.status_code < 500, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode(errors="replace")
    for payload in XSS[:2]:
        assert payload not in body
    return body


# ---- query parameters: (path, user, parameter names) -----------------------------------------
QUERY_PAGES = [
    ("/", "hq", ["year", "month", "region", "sort", "page"]),
    ("/", "manager-66", ["year", "month", "region", "sort"]),
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
    response = client.get(path, query)
    assert_safe(response)
    if path == "/" and "year" in query and not query["year"].isascii():
        # the page still rendered its figures, falling back to the latest month with data
        assert response.status_code == 200 and response.context["period"].year == 2021


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


# ---- targets in Đắk Lắk (code 66), for the pages and forms below -------------------------------
@pytest.fixture
def daklak():
    province = Province.objects.get(scheme=Province.Scheme.P63, code="66")
    figure = MonthlyFigure.objects.filter(post_office__province=province, year=2021, month=4).order_by("pk").first()
    return {"province": province, "office": figure.post_office, "staff": figure.staff, "figure": figure}


def fill(path: str, daklak) -> str:
    return path.format(province=daklak["province"].pk, office=daklak["office"].pk, staff=daklak["staff"].pk)


# ---- query parameters of every other page: (path, user, parameter names) ------------------------
MORE_QUERY_PAGES = [
    ("/entry/", "manager-66", ["year", "month", "office"]),
    ("/entry/", "hq", ["year", "month", "province", "office"]),  # HQ's province picker
    ("/entry/template/", "manager-66", ["year", "month", "province"]),
    ("/entry/import/", "manager-66", ["year", "month", "province"]),
    ("/entry/history/", "hq", ["province", "page"]),
    ("/entry/months/", "hq", ["year", "month"]),
    ("/entry/offices/", "manager-66", ["province"]),
    ("/entry/offices/new/", "manager-66", ["province"]),
    ("/entry/staff/", "manager-66", ["office"]),
    ("/entry/staff/new/", "manager-66", ["office"]),
    ("/exports/download/", "analyst", ["report", "year", "through_month", "region", "province"]),
    ("/api/v1/summary/", "hq", ["year", "month", "province"]),
    ("/provinces/{province}/", "hq", ["year", "month", "sort", "page", "po-sort", "po-page"]),
    ("/post-offices/{office}/", "manager-66", ["year", "month", "sort", "page"]),
    ("/staff/{staff}/", "hq", ["year", "month"]),
]


@pytest.mark.parametrize(
    ("path", "username", "names"), MORE_QUERY_PAGES, ids=[f"{row[0]}-{row[1]}" for row in MORE_QUERY_PAGES]
)
@FEW
@given(values=st.lists(any_text, min_size=1, max_size=4))
@example(values=["9223372036854775808", "-0", "1" * 400])
@example(values=["<script>alert(1)</script>", "' OR '1'='1' --", "２０２１"])
@example(values=["2021", "4", "9223372036854775808", ""])  # a valid period with an id past 2^63
def test_query_parameters_of_every_page_never_break_it(django_user_model, daklak, path, username, names, values):
    client = Client()
    client.force_login(django_user_model.objects.get(username=username))
    query = {name: values[i % len(values)] for i, name in enumerate(names)}
    before = data_fingerprint(daklak["province"])
    assert_safe(client.get(fill(path, daklak), query))
    assert data_fingerprint(daklak["province"]) == before


# ---- POST forms: hostile values in place of valid ones; saved whole (302) or nothing changed -------
def valid_form(name: str, daklak) -> dict:
    office, province = daklak["office"], daklak["province"].pk
    return {
        "submit": {"year": 2021, "month": 4, "province": province, "office": office.pk},
        "close": {"year": 2021, "month": 4, "province": province},
        "office": {"province": province, "code": "HOSTILE-PO", "name": "Bưu điện thử", "kind": "commune"},
        "staff": {
            "office": office.pk,
            "employee_code": "HOSTILE01",
            "full_name": "Nguyễn Văn Thử",
            "post_office": office.pk,
            "monthly_quota": 3,
            "active_from": "01/01/2021",
        },
        "import": {"year": 2021, "month": 4, "province": province},
        "password_change": {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
        "password_reset": {"email": "nobody@example.com"},
        "grid": {},
    }[name]


FORMS = [
    ("/entry/months/submit/", "manager-66", "submit"),
    ("/entry/months/close/", "hq", "close"),
    ("/entry/months/reopen/", "hq", "close"),
    ("/entry/offices/new/", "manager-66", "office"),
    ("/entry/offices/{office}/", "manager-66", "office"),
    ("/entry/staff/new/", "manager-66", "staff"),
    ("/entry/staff/{staff}/", "manager-66", "staff"),
    ("/entry/import/", "manager-66", "import"),
    ("/accounts/password_change/", "manager-66", "password_change"),
    ("/accounts/password_reset/", None, "password_reset"),
]


@pytest.mark.parametrize(("path", "username", "form"), FORMS, ids=[row[0] for row in FORMS])
@FEW
@given(data=st.data())
def test_forms_refuse_hostile_values_or_save_them_whole(django_user_model, daklak, path, username, form, data):
    client = Client()
    if username:
        client.force_login(django_user_model.objects.get(username=username))
    valid = valid_form(form, daklak)
    hostile = data.draw(st.dictionaries(st.sampled_from(sorted(valid)), any_text, min_size=1), label="hostile")
    before = data_fingerprint(daklak["province"])
    response = client.post(fill(path, daklak), valid | hostile)
    assert_safe(response)
    if response.status_code != 302 or path.startswith("/accounts/"):
        assert data_fingerprint(daklak["province"]) == before, (response.status_code, hostile)
        return
    # Accepted: the redirect says which, and what it says is true (saved → a new row; refused → nothing changed).
    levels = {message.level_tag for message in get_messages(response.wsgi_request)}
    assert levels in ({"success"}, {"error"}), (levels, hostile)
    if levels == {"error"}:
        assert data_fingerprint(daklak["province"]) == before, hostile
    elif path.endswith("/new/"):  # a create (an edit may legitimately store what was there)
        assert data_fingerprint(daklak["province"]) != before, ("said saved, saved nothing", hostile)


# ---- the entry grid's POST ----------------------------------------------------------------------
CURRENT = "<the value shown>"  # stands for the cell's real current value: a save that should succeed


@FEW
@given(value=any_text, seen=st.one_of(st.just(CURRENT), any_text))
@example(value="9223372036854775808", seen=CURRENT)
@example(value="-0", seen=CURRENT)
@example(value=" 7 ", seen=CURRENT)
@example(value="<script>alert(1)</script>", seen="<script>alert(1)</script>")
@example(value="3", seen="9" * 400)
def test_grid_save_refuses_hostile_cells_whole(django_user_model, daklak, value, seen):
    client = Client()
    client.force_login(django_user_model.objects.get(username="manager-66"))
    figure = daklak["figure"]
    figure.refresh_from_db()
    second = MonthlyFigure.objects.filter(post_office=figure.post_office, year=2021, month=4).exclude(pk=figure.pk)
    second = second.order_by("pk").first()
    data = {
        f"value_{figure.staff_id}": value,
        f"seen_{figure.staff_id}": figure.new_participants if seen == CURRENT else seen,
        f"value_{second.staff_id}": second.new_participants + 1,  # a valid change riding along
        f"seen_{second.staff_id}": second.new_participants,
    }
    before = data_fingerprint(daklak["province"])
    response = client.post(f"/entry/?year=2021&month=4&office={figure.post_office_id}", data)
    assert_safe(response)
    if response.status_code == 302:  # saved: both cells, as the form reads them (an empty cell is left alone)
        old = figure.new_participants
        second.refresh_from_db()
        figure.refresh_from_db()
        assert second.new_participants == data[f"value_{second.staff_id}"]
        assert figure.new_participants == (old if value == "" else forms.IntegerField().clean(value))
    else:
        assert response.status_code == 400
        assert data_fingerprint(daklak["province"]) == before, "half saved"


# ---- names: stored NFC, shown escaped ----------------------------------------------------------
def test_decomposed_and_scripted_names_are_stored_nfc_and_shown_escaped(django_user_model, daklak):
    client = Client()
    client.force_login(django_user_model.objects.get(username="manager-66"))
    office_data = valid_form("office", daklak) | {"name": "Hoa\u0300 Bi\u0300nh <script>alert(1)</script>"}
    assert client.post("/entry/offices/new/", office_data).status_code == 302
    office = PostOffice.objects.get(code="HOSTILE-PO")
    assert office.name == unicodedata.normalize("NFC", office_data["name"])
    staff_data = valid_form("staff", daklak) | {"full_name": "Nguye\u0302\u0303n <img src=x onerror=alert(1)>"}
    assert client.post("/entry/staff/new/", staff_data).status_code == 302
    member = Staff.objects.get(employee_code="HOSTILE01")
    assert member.full_name == unicodedata.normalize("NFC", staff_data["full_name"])
    assert_safe(client.get(f"/entry/offices/?province={daklak['province'].pk}"))
    assert_safe(client.get(f"/entry/staff/?office={daklak['office'].pk}"))


@pytest.mark.parametrize("seen", ["²", "①", "٣", "３"])  # str.isdigit() is True for each; int() refuses the first two
def test_grid_seen_value_that_isdigit_but_is_not_a_number_is_refused_with_a_message(django_user_model, daklak, seen):
    client = Client()
    client.force_login(django_user_model.objects.get(username="manager-66"))
    figure = daklak["figure"]
    before = data_fingerprint(daklak["province"])
    response = client.post(
        f"/entry/?year=2021&month=4&office={figure.post_office_id}",
        {f"value_{figure.staff_id}": figure.new_participants + 1, f"seen_{figure.staff_id}": seen},
    )
    assert response.status_code == 400
    assert "Giá trị ban đầu của ô không hợp lệ" in response.content.decode()
    assert data_fingerprint(daklak["province"]) == before
