"""The pages in English: English labels, English number and date formats, and no Vietnamese UI text left.

Names (provinces, regions, post offices, staff, users) are data and stay Vietnamese; everything else on
the page must have come through the English catalogue.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from enrollment.models import PostOffice, Province, Region, Staff
from tests.test_i18n_catalogue import VIETNAMESE

pytestmark = pytest.mark.django_db
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class ReadableText(HTMLParser):
    """What a person reads: text nodes (not scripts or styles) and the attributes read aloud or shown on hover."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in {"script", "style"}
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self._hidden -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


@pytest.fixture(scope="module")
def data_names(django_db_blocker) -> list[str]:
    """Every name the demo data holds, longest first (so "Tỉnh Đắk Lắk" goes before "Đắk Lắk")."""
    with django_db_blocker.unblock():
        names = {"Tiếng Việt"}  # the switcher names each language in itself
        names |= set(Province.objects.values_list("name", flat=True))
        names |= set(Province.objects.values_list("full_name", flat=True))
        names |= set(Region.objects.values_list("name", flat=True))
        names |= set(PostOffice.objects.values_list("name", flat=True))
        names |= set(Staff.objects.values_list("full_name", flat=True))
        for user in get_user_model().objects.all():
            names |= {user.get_full_name(), user.first_name, user.last_name}
    return sorted((n for n in names if n), key=len, reverse=True)


def leftover_vietnamese(html: str, names: list[str]) -> list[str]:
    """Readable text that is still Vietnamese once the data names are taken out."""
    parser = ReadableText()
    parser.feed(html)
    leftovers = []
    for part in parser.parts:
        if not VIETNAMESE.search(part):
            continue
        for name in names:
            if name in part:
                part = part.replace(name, "").strip()
        if VIETNAMESE.search(part):
            leftovers.append(part)
    return leftovers


def test_the_leftover_check_finds_untranslated_labels():
    html = '<h1 title="Xem số liệu">Đắk Lắk · Lũy kế</h1><script>var s = "Tổng";</script><p>Đắk Lắk</p>'
    assert leftover_vietnamese(html, ["Đắk Lắk"]) == ["Xem số liệu", "· Lũy kế"]


@pytest.fixture
def english(client, demo_data):
    def _as(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        client.cookies["django_language"] = "en"
        return client

    return _as


def dak_lak_ids() -> dict[str, int]:
    province = Province.objects.get(scheme="63", code="66")
    office = PostOffice.objects.filter(province=province, staff__isnull=False).order_by("code").first()
    member = Staff.objects.filter(post_office=office).order_by("employee_code").first()
    manager = get_user_model().objects.get(username="manager-66")
    return {"province": province.pk, "office": office.pk, "staff": member.pk, "manager": manager.pk}


def pages(ids: dict[str, int]) -> dict[str, tuple[str, list[str]]]:
    """url → English labels the page must show."""
    period = "year=2021&month=4"
    return {
        "/": (
            f"/?{period}",
            ["Dashboard", "Cumulative to month 4", "% of plan", "Provinces ranked by plan completion"],
        ),
        "province": (f"/provinces/{ids['province']}/?{period}", ["Post office ranking", "Staff leaderboard", "Rank"]),
        "post office": (f"/post-offices/{ids['office']}/?{period}", ["Staff meeting the monthly quota", "Nationwide"]),
        "staff": (f"/staff/{ids['staff']}/?{period}", ["Monthly quota:", "Quota met"]),
        "entry grid": (
            f"/entry/?{period}&office={ids['office']}",
            ["Monthly figures entry", "Staff code", "Save figures"],
        ),
        "import": (f"/entry/import/?{period}&province={ids['province']}", ["Import from Excel", "Upload and save"]),
        "exports": ("/exports/", ["Export Excel reports", "Through month", "National summary (by region)"]),
        "history": ("/entry/history/", ["History of figure changes", "Entered through"]),
    }


HQ_ONLY = {"submissions": ("/entry/months/?year=2021&month=4", ["Submissions for month", "Close the month for all"])}
HQ_ONLY |= {"admin": ("/admin/", ["Organisation and figures", "Monthly figures", "Province manager assignments"])}
HQ_ONLY |= {
    "users": ("/users/?q=manager-6", ["Users", "Add user", "Provinces held", "Province manager", "Active"]),
    "user form": ("/users/new/", ["Add user", "Username", "Role", "Provinces held (province managers)"]),
    "user page": ("/users/{manager}/", ["Send a password-set link", "Disable account", "Assignment history"]),
}


def manager_only(ids):
    return {
        "offices": (f"/entry/offices/?province={ids['province']}", ["Add post office", "Working staff", "Active"]),
        "staff list": (f"/entry/staff/?office={ids['office']}", ["Add staff member", "Edit / move / mark as left"]),
        "staff form": (f"/entry/staff/{ids['staff']}/", ["Edit staff member", "Working from", "Save"]),
    }


@pytest.mark.parametrize("username", ["hq", "manager-66"])
def test_every_page_in_english_has_no_vietnamese_ui_text(english, username, data_names):
    client, ids = english(username), dak_lak_ids()
    urls = pages(ids) | (HQ_ONLY if username == "hq" else manager_only(ids))
    problems = {}
    for name, (url, labels) in urls.items():
        response = client.get(url.format(**ids))
        html = response.content.decode()
        assert response.status_code == 200, name
        assert '<html lang="en"' in html or name == "admin", name
        missing = [label for label in labels if label not in html]
        leftovers = leftover_vietnamese(html, data_names)
        if missing or leftovers:
            problems[name] = {"missing": missing, "vietnamese": leftovers}
    assert problems == {}


def test_the_dashboard_uses_english_number_formats_and_chart_labels(english):
    html = english("hq").get("/", {"year": 2021, "month": 4}).content.decode()
    assert 'id="total-cumulative">76,408<' in html and 'id="total-percent">19.0%<' in html
    assert 'id="total-plan">401,990<' in html
    chart = json.loads(re.search(r'<script id="monthly-chart-data" type="application/json">(.*?)</script>', html)[1])
    assert chart["labels"] == ["M1", "M2", "M3", "M4"]
    assert chart["names"] == {"figures": "Monthly result", "cumulative": "Cumulative", "pace": "Even pace to plan"}
    assert "Đắk Lắk" in html  # names stay as they are


def test_inputs_and_links_stay_unlocalised_in_english(english):
    client, ids = english("manager-66"), dak_lak_ids()
    html = client.get("/entry/", {"year": 2021, "month": 4, "office": ids["office"]}).content.decode()
    assert 'name="year" id="id_year" value="2021"' in html and "year=2021&amp;month=4" in html
    assert "2,021" not in html


def test_staff_dates_are_shown_and_read_back_in_the_english_format(english):
    client, ids = english("manager-66"), dak_lak_ids()
    member = Staff.objects.get(pk=ids["staff"])
    html = client.get(f"/entry/staff/{member.pk}/").content.decode()
    shown = re.search(r'name="active_from" value="([^"]+)"', html)[1]
    assert shown == member.active_from.isoformat()  # en's first input format; d/m/Y would be misread as m/d
    data = {
        "full_name": member.full_name,
        "post_office": member.post_office_id,
        "monthly_quota": member.monthly_quota,
        "active_from": shown,
        "active_to": "04/30/2021",  # Django's en input format, month first
    }
    response = client.post(f"/entry/staff/{member.pk}/", data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.active_to.isoformat() == "2021-04-30"
    listing = client.get(f"/entry/staff/?office={ids['office']}").content.decode()
    assert "04/30/2021" in listing  # SHORT_DATE_FORMAT of en
    client.cookies["django_language"] = "vi"
    assert "30/04/2021" in client.get(f"/entry/staff/?office={ids['office']}").content.decode()


def test_login_page_offers_both_languages_and_vietnamese_is_the_default(client, demo_data):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="vi"' in html and "Đăng nhập" in html
    form = re.search(r'<form action="/i18n/setlang/" method="post"[^>]*>(.*?)</form>', html, re.S)[1]
    assert "csrfmiddlewaretoken" in form and 'name="next" type="hidden" value="/accounts/login/"' in form
    assert ">Tiếng Việt</button>" in form and ">English</button>" in form
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/?next=/exports/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/exports/"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="en"' in html and ">Log in</button>" in html and "Username" in html
