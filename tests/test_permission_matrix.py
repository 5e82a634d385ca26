"""Every URL × {anonymous, manager of the province, manager of another province, analyst, HQ} × {GET, POST}.

Table-driven: a new page or form is one more row in ROWS. Each row names the expected status per
role and, for POST, whether the role's request may change data; wherever it may not, the test
proves nothing changed (and where it may, that it did, so the row cannot pass by accident).
"""

from dataclasses import dataclass, field

import pytest
from django.db.models import Count, Sum

from enrollment.models import AnnualPlan, MonthlyFigure, Province, Staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

ROLES = {"anonymous": None, "own": "manager-66", "other": "manager-01", "analyst": "analyst", "hq": "hq"}
ALL_2xx = {role: 200 for role in ROLES}


@dataclass(frozen=True)
class Row:
    """One URL and method: expected status per role; `writes` = roles whose POST is allowed to change data."""

    name: str
    method: str
    url: str  # may contain {figure}, {plan} — filled from the targets fixture
    expected: dict
    data: str = ""  # name of a payload built by payload()
    writes: frozenset = field(default_factory=frozenset)


OWN_STAFF_ONLY = {"anonymous": 302, "own": 200, "other": 302, "analyst": 302, "hq": 200}
ADMIN_USERS = {"anonymous": 302, "own": 200, "other": 200, "analyst": 302, "hq": 200}
EVERYONE_LOGGED_IN = {"anonymous": 302, "own": 200, "other": 200, "analyst": 200, "hq": 200}

ROWS = [
    Row("summary", "GET", "/", EVERYONE_LOGGED_IN),
    Row("summary", "GET", "/?year=2021&month=4", EVERYONE_LOGGED_IN),
    # A read-only page: a POST renders it again and changes nothing (a 405 would be tidier).
    Row("summary", "POST", "/", EVERYONE_LOGGED_IN, data="junk"),
    Row("healthz", "GET", "/healthz", ALL_2xx),
    Row("healthz", "POST", "/healthz", {role: 405 for role in ROLES}, data="junk"),
    Row("login", "GET", "/accounts/login/", ALL_2xx),
    Row("login", "POST", "/accounts/login/", ALL_2xx, data="bad_login"),
    Row("set_language", "POST", "/i18n/setlang/", {role: 302 for role in ROLES}, data="language"),
    Row("admin index", "GET", "/admin/", ADMIN_USERS),
    Row("admin figure list", "GET", "/admin/enrollment/monthlyfigure/", ADMIN_USERS),
    Row("admin figure", "GET", "/admin/enrollment/monthlyfigure/{figure}/change/", OWN_STAFF_ONLY),
    Row(
        "admin figure history",
        "GET",
        "/admin/enrollment/monthlyfigure/{figure}/history/",
        {**OWN_STAFF_ONLY, "other": 404},
    ),
    Row(
        "admin figure",
        "POST",
        "/admin/enrollment/monthlyfigure/{figure}/change/",
        {role: 302 for role in ROLES},  # saved, or sent to the login / the admin index
        data="figure_change",
        writes=frozenset({"own", "hq"}),
    ),
    Row(
        "admin figure add",
        "POST",
        "/admin/enrollment/monthlyfigure/add/",
        {"anonymous": 302, "own": 302, "other": 200, "analyst": 302, "hq": 302},  # other: form refuses the staff
        data="figure_add",
        writes=frozenset({"own", "hq"}),
    ),
    Row(
        "admin figure delete",
        "POST",
        "/admin/enrollment/monthlyfigure/{figure}/delete/",
        # nobody deletes a figure, HQ included: it is corrected to 0 so the history stays whole
        {"anonymous": 302, "own": 403, "other": 403, "analyst": 302, "hq": 403},
        data="delete",
        writes=frozenset(),
    ),
    Row("admin plan", "GET", "/admin/enrollment/annualplan/{plan}/change/", OWN_STAFF_ONLY),
    Row(
        "admin plan",
        "POST",
        "/admin/enrollment/annualplan/{plan}/change/",
        {"anonymous": 302, "own": 403, "other": 403, "analyst": 302, "hq": 302},  # managers only view plans
        data="plan_change",
        writes=frozenset({"hq"}),
    ),
    Row(
        "admin users",
        "GET",
        "/admin/auth/user/",
        {"anonymous": 302, "own": 403, "other": 403, "analyst": 302, "hq": 200},
    ),
]


@pytest.fixture
def targets():
    """A figure and the plan of Đắk Lắk (code 66), and a staff member there without a December figure."""
    province = Province.objects.get(scheme=Province.Scheme.P63, code="66")
    figure = MonthlyFigure.objects.filter(post_office__province=province, year=2021, month=4).order_by("pk").first()
    staff = Staff.objects.filter(post_office__province=province).exclude(figures__month=12).order_by("pk").first()
    return {"figure": figure, "plan": AnnualPlan.objects.get(province=province, year=2021), "staff": staff}


def payload(name: str, targets) -> dict:
    figure, plan, staff = targets["figure"], targets["plan"], targets["staff"]
    return {
        "": {},
        "junk": {"year": "2021", "anything": "x"},
        "bad_login": {"username": "", "password": ""},
        "language": {"language": "vi", "next": "/"},
        "figure_change": {
            "staff": figure.staff_id,
            "post_office": figure.post_office_id,
            "year": 2021,
            "month": 4,
            "new_participants": figure.new_participants + 7,
        },
        "figure_add": {
            "staff": staff.pk,
            "post_office": staff.post_office_id,
            "year": 2021,
            "month": 12,
            "new_participants": 3,
        },
        "delete": {"post": "yes"},
        "plan_change": {"province": plan.province_id, "year": 2021, "target": plan.target + 1000},
    }[name]


def fingerprint() -> tuple:
    """Everything a POST here could change, in three queries."""
    figures = MonthlyFigure.objects.aggregate(n=Count("pk"), total=Sum("new_participants"))
    plans = AnnualPlan.objects.aggregate(n=Count("pk"), total=Sum("target"))
    return (figures["n"], figures["total"], plans["n"], plans["total"], MonthlyFigure.history.count())


CASES = [(row, role) for row in ROWS for role in ROLES]


@pytest.mark.parametrize(
    ("row", "role"), CASES, ids=[f"{row.method} {row.name} {row.url.split('?')[-1]} as {role}" for row, role in CASES]
)
def test_permission_matrix(client, django_user_model, targets, row, role):
    if ROLES[role]:
        client.force_login(django_user_model.objects.get(username=ROLES[role]))
    url = row.url.format(figure=targets["figure"].pk, plan=targets["plan"].pk)
    before = fingerprint()
    if row.method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, payload(row.data, targets))
    assert response.status_code == row.expected[role], getattr(response, "url", "")
    if row.method == "POST":
        if role in row.writes:
            assert fingerprint() != before, "an allowed write changed nothing: the row does not test what it says"
        else:
            assert fingerprint() == before, "a refused request changed data"
    if response.status_code == 302 and role in {"anonymous"} and not url.startswith(("/i18n", "/accounts")):
        assert "login" in response.url
