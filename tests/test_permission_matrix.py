"""Every URL × {anonymous, manager of the province, manager of another province, analyst, HQ} × {GET, POST}.

Table-driven: a new page or form is one more row in ROWS, and `test_every_app_url_has_a_get_and_a_post_row`
fails until it has one (it walks the URLconf; the admin's generated URLs are sampled, not enumerated).
Each row names the route it exercises, the expected status per role and, for POST, the roles whose
request may change data; wherever it may not, the test proves nothing changed (and where it may,
that it did, so the row cannot pass by accident). The targets are in Đắk Lắk (code 66): "own" is
manager-66, "other" is manager-01 (Hà Nội).
"""

import io
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from openpyxl import load_workbook

from enrollment.imports.layout import FIRST_DATA_ROW, SHEET_NAME
from enrollment.imports.plans_layout import PLANS_FIRST_DATA_ROW, PLANS_SHEET_NAME
from enrollment.imports.plans_template import plans_template_build
from enrollment.imports.template import template_build
from enrollment.models import AnnualPlan, MonthlyFigure, PostOfficePlan, Province, Staff
from tests.fingerprint import data_fingerprint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

ROLES = {"anonymous": None, "own": "manager-66", "other": "manager-01", "analyst": "analyst", "hq": "hq"}


def everyone(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def logged_in(status: int, anonymous: int = 302) -> dict:
    return everyone(status) | {"anonymous": anonymous}


ALL_200 = everyone(200)
SAFE_ONLY = everyone(405)  # require_safe comes first: a POST is refused whoever sends it
POST_ONLY = logged_in(405)  # login_required first, then require_POST
EVERYONE_LOGGED_IN = logged_in(200)
SCOPED_READ = {"anonymous": 302, "own": 200, "other": 404, "analyst": 200, "hq": 200}
WRITERS_SCOPED = {"anonymous": 302, "own": 200, "other": 404, "analyst": 403, "hq": 200}
WRITERS_SAVED = {"anonymous": 302, "own": 302, "other": 404, "analyst": 403, "hq": 302}
HQ_ONLY = {"anonymous": 302, "own": 403, "other": 403, "analyst": 403, "hq": 200}
OWN_STAFF_ONLY = {"anonymous": 302, "own": 200, "other": 302, "analyst": 302, "hq": 200}
ADMIN_USERS = {"anonymous": 302, "own": 200, "other": 200, "analyst": 302, "hq": 200}
OWN_AND_HQ = frozenset({"own", "hq"})

PERIOD = "year=2021&month=4"


@dataclass(frozen=True)
class Row:
    """One route and method: expected status per role; `writes` = roles whose POST is allowed to change data."""

    route: str  # the URL name (namespace:name) the url resolves to
    method: str
    url: str  # may contain {figure}, {plan}, {province}, {office}, {staff} — filled from the targets fixture
    expected: dict
    data: str = ""  # name of a payload built by payload()
    writes: frozenset = field(default_factory=frozenset)


ROWS = [
    # ---- dashboard, drill-down, API (reports) ----
    Row("reports:summary", "GET", "/", EVERYONE_LOGGED_IN),
    Row("reports:summary", "GET", f"/?{PERIOD}", EVERYONE_LOGGED_IN),
    Row("reports:summary", "POST", "/", SAFE_ONLY, data="junk"),
    Row("reports:province", "GET", "/provinces/{province}/", SCOPED_READ),
    Row("reports:province", "POST", "/provinces/{province}/", SAFE_ONLY, data="junk"),
    Row("reports:post_office", "GET", "/post-offices/{office}/", SCOPED_READ),
    Row("reports:post_office", "POST", "/post-offices/{office}/", SAFE_ONLY, data="junk"),
    Row("reports:staff", "GET", "/staff/{staff}/", SCOPED_READ),
    Row("reports:staff", "POST", "/staff/{staff}/", SAFE_ONLY, data="junk"),
    Row("reports:api_summary", "GET", f"/api/v1/summary/?{PERIOD}&province=66", SCOPED_READ | {"anonymous": 401}),
    Row("reports:api_summary", "POST", "/api/v1/summary/", SAFE_ONLY, data="junk"),
    Row("reports:api_plans", "GET", f"/api/v1/plans/?{PERIOD}&province=66", SCOPED_READ | {"anonymous": 401}),
    Row("reports:api_plans", "POST", "/api/v1/plans/", SAFE_ONLY, data="junk"),
    # ---- Excel exports ----
    Row("exports:page", "GET", "/exports/", EVERYONE_LOGGED_IN),
    Row("exports:page", "POST", "/exports/", SAFE_ONLY, data="junk"),
    Row(
        "exports:download",
        "GET",
        "/exports/download/?report=province&year=2021&through_month=4&province=66",
        SCOPED_READ,
    ),
    Row("exports:download", "POST", "/exports/download/", SAFE_ONLY, data="export"),
    # ---- entry: grid, Excel template, history, months ----
    Row("enrollment:grid", "GET", f"/entry/?{PERIOD}&office={{office}}", WRITERS_SCOPED),
    Row("enrollment:grid", "POST", f"/entry/?{PERIOD}&office={{office}}", WRITERS_SAVED, "grid_save", OWN_AND_HQ),
    Row("enrollment:template_download", "GET", f"/entry/template/?{PERIOD}&province={{province}}", WRITERS_SCOPED),
    Row("enrollment:template_download", "POST", "/entry/template/", SAFE_ONLY, data="submit"),
    Row("enrollment:import", "GET", f"/entry/import/?{PERIOD}&province={{province}}", WRITERS_SCOPED),
    Row("enrollment:import", "POST", "/entry/import/", WRITERS_SCOPED, data="import_upload", writes=OWN_AND_HQ),
    Row("enrollment:history", "GET", "/entry/history/", {**EVERYONE_LOGGED_IN}),
    Row("enrollment:history", "GET", "/entry/history/?province={province}", SCOPED_READ),
    Row("enrollment:history", "POST", "/entry/history/", SAFE_ONLY, data="junk"),
    Row("enrollment:quality", "GET", "/entry/quality/", {**EVERYONE_LOGGED_IN}),
    Row("enrollment:quality", "GET", "/entry/quality/?province={province}", SCOPED_READ),
    Row("enrollment:quality", "POST", "/entry/quality/", SAFE_ONLY, data="junk"),
    Row("enrollment:submissions", "GET", f"/entry/months/?{PERIOD}", HQ_ONLY),
    Row("enrollment:submissions", "POST", "/entry/months/", SAFE_ONLY, data="close"),
    # the confirmation page (what the month lacks): a manager's own province only
    Row(
        "enrollment:month_submit",
        "GET",
        f"/entry/months/submit/?{PERIOD}&province={{province}}",
        {"anonymous": 302, "own": 200, "other": 404, "analyst": 403, "hq": 403},
    ),
    Row(
        "enrollment:month_submit",
        "POST",
        "/entry/months/submit/",
        # only a manager submits, and only their own province; HQ closes instead
        {"anonymous": 302, "own": 302, "other": 404, "analyst": 403, "hq": 403},
        data="submit",
        writes=frozenset({"own"}),
    ),
    Row("enrollment:month_close", "GET", "/entry/months/close/", POST_ONLY),
    Row("enrollment:month_close", "POST", "/entry/months/close/", HQ_ONLY | {"hq": 302}, "close", frozenset({"hq"})),
    Row("enrollment:month_reopen", "GET", "/entry/months/reopen/", POST_ONLY),
    Row("enrollment:month_reopen", "POST", "/entry/months/reopen/", HQ_ONLY | {"hq": 302}, "close", frozenset({"hq"})),
    Row("enrollment:month_return", "GET", "/entry/months/return/", POST_ONLY),
    # nothing submitted: HQ's return is refused with a message, nothing changes
    Row("enrollment:month_return", "POST", "/entry/months/return/", HQ_ONLY | {"hq": 302}, "return"),
    Row("enrollment:month_close_all", "GET", f"/entry/months/close-all/?{PERIOD}", HQ_ONLY),
    Row(
        "enrollment:month_close_all",
        "POST",
        "/entry/months/close-all/",
        HQ_ONLY | {"hq": 302},
        "close_all",
        frozenset({"hq"}),
    ),
    Row("enrollment:month_reopen_all", "GET", "/entry/months/reopen-all/", POST_ONLY),
    Row("enrollment:month_reopen_all", "POST", "/entry/months/reopen-all/", HQ_ONLY | {"hq": 302}, "close"),
    Row("enrollment:reminders", "GET", "/entry/months/reminders/", POST_ONLY),
    Row("enrollment:reminders", "POST", "/entry/months/reminders/", HQ_ONLY | {"hq": 302}, "close"),
    Row("enrollment:deadlines", "GET", "/entry/months/deadlines/", HQ_ONLY),
    Row(
        "enrollment:deadlines", "POST", "/entry/months/deadlines/", HQ_ONLY | {"hq": 302}, "deadline", frozenset({"hq"})
    ),
    # ---- entry: post offices and staff ----
    Row("enrollment:office_list", "GET", "/entry/offices/?province={province}", WRITERS_SCOPED),
    Row("enrollment:office_list", "POST", "/entry/offices/", SAFE_ONLY, data="office_new"),
    Row("enrollment:office_create", "GET", "/entry/offices/new/?province={province}", WRITERS_SCOPED),
    Row("enrollment:office_create", "POST", "/entry/offices/new/", WRITERS_SAVED, "office_new", OWN_AND_HQ),
    Row("enrollment:office_edit", "GET", "/entry/offices/{office}/", WRITERS_SCOPED),
    Row("enrollment:office_edit", "POST", "/entry/offices/{office}/", WRITERS_SAVED, "office_edit", OWN_AND_HQ),
    Row("enrollment:staff_list", "GET", "/entry/staff/?office={office}", WRITERS_SCOPED),
    Row("enrollment:staff_list", "POST", "/entry/staff/", SAFE_ONLY, data="staff_new"),
    Row("enrollment:staff_create", "GET", "/entry/staff/new/?office={office}", WRITERS_SCOPED),
    Row("enrollment:staff_create", "POST", "/entry/staff/new/", WRITERS_SAVED, "staff_new", OWN_AND_HQ),
    Row("enrollment:staff_edit", "GET", "/entry/staff/{staff}/", WRITERS_SCOPED),
    Row("enrollment:staff_edit", "POST", "/entry/staff/{staff}/", WRITERS_SAVED, "staff_edit", OWN_AND_HQ),
    # ---- HQ's users pages (accounts) ----
    Row("accounts:user_list", "GET", "/users/?q=manager", HQ_ONLY),
    Row("accounts:user_list", "POST", "/users/", SAFE_ONLY, data="junk"),
    Row("accounts:user_create", "GET", "/users/new/", HQ_ONLY),
    Row("accounts:user_create", "POST", "/users/new/", HQ_ONLY | {"hq": 302}, "user_new", frozenset({"hq"})),
    Row("accounts:user_detail", "GET", "/users/{user}/", HQ_ONLY),
    Row("accounts:user_detail", "POST", "/users/{user}/", SAFE_ONLY, data="junk"),
    Row("accounts:user_active", "GET", "/users/{user}/active/", POST_ONLY),
    Row("accounts:user_active", "POST", "/users/{user}/active/", HQ_ONLY | {"hq": 302}, "disable", frozenset({"hq"})),
    Row("accounts:assignment_add", "GET", "/users/{user}/assignments/", POST_ONLY),
    Row(
        "accounts:assignment_add",
        "POST",
        "/users/{user}/assignments/",
        HQ_ONLY | {"hq": 302},
        "assign",
        frozenset({"hq"}),
    ),
    Row("accounts:assignment_end", "GET", "/users/{user}/assignments/{assignment}/end/", POST_ONLY),
    Row(
        "accounts:assignment_end",
        "POST",
        "/users/{user}/assignments/{assignment}/end/",
        HQ_ONLY | {"hq": 302},
        "assignment_end",
        frozenset({"hq"}),
    ),
    Row("accounts:password_link_send", "GET", "/users/{user}/password-link/", POST_ONLY),
    # HQ's request sends a mail (or says why not) and changes no data
    Row("accounts:password_link_send", "POST", "/users/{user}/password-link/", HQ_ONLY | {"hq": 302}, data="junk"),
    # ---- plans: HQ's year, a province's allocation, the plans template ----
    Row("enrollment:plans", "GET", "/entry/plans/?year=2021", HQ_ONLY),
    Row("enrollment:plans", "POST", "/entry/plans/", HQ_ONLY | {"hq": 302}, "plans_save", frozenset({"hq"})),
    Row("enrollment:plan_allocation", "GET", "/entry/plans/allocate/?year=2021&province={province}", WRITERS_SCOPED),
    Row("enrollment:plan_allocation", "POST", "/entry/plans/allocate/", WRITERS_SAVED, "allocation_save", OWN_AND_HQ),
    Row("enrollment:plans_template", "GET", "/entry/plans/template/?year=2021", HQ_ONLY),
    Row("enrollment:plans_template", "POST", "/entry/plans/template/", SAFE_ONLY, data="junk"),
    Row("enrollment:plans_import", "GET", "/entry/plans/import/?year=2021", HQ_ONLY),
    Row("enrollment:plans_import", "POST", "/entry/plans/import/", HQ_ONLY, "plans_upload", frozenset({"hq"})),
    # ---- health, login, password, language ----
    Row("healthz", "GET", "/healthz", ALL_200),
    Row("healthz", "POST", "/healthz", SAFE_ONLY, data="junk"),
    Row("login", "GET", "/accounts/login/", ALL_200),
    Row("login", "POST", "/accounts/login/", ALL_200, data="bad_login"),
    Row("logout", "GET", "/accounts/logout/", everyone(405)),
    Row("logout", "POST", "/accounts/logout/", everyone(302)),
    Row("password_change", "GET", "/accounts/password_change/", EVERYONE_LOGGED_IN),
    Row("password_change", "POST", "/accounts/password_change/", EVERYONE_LOGGED_IN, data="bad_password_change"),
    Row("password_change_done", "GET", "/accounts/password_change/done/", EVERYONE_LOGGED_IN),
    Row("password_change_done", "POST", "/accounts/password_change/done/", logged_in(405), data="junk"),
    Row("password_reset", "GET", "/accounts/password_reset/", ALL_200),
    Row("password_reset", "POST", "/accounts/password_reset/", everyone(302), data="password_reset"),
    Row("password_reset_done", "GET", "/accounts/password_reset/done/", ALL_200),
    Row("password_reset_done", "POST", "/accounts/password_reset/done/", everyone(405), data="junk"),
    Row("password_reset_confirm", "GET", "/accounts/reset/MQ/forged-token/", ALL_200),
    Row("password_reset_confirm", "POST", "/accounts/reset/MQ/forged-token/", ALL_200, data="new_password"),
    Row("password_reset_complete", "GET", "/accounts/reset/done/", ALL_200),
    Row("password_reset_complete", "POST", "/accounts/reset/done/", everyone(405), data="junk"),
    Row("set_language", "GET", "/i18n/setlang/", everyone(302)),
    Row("set_language", "POST", "/i18n/setlang/", everyone(302), data="language"),
    # ---- the admin: a sample of its generated URLs ----
    Row("admin:index", "GET", "/admin/", ADMIN_USERS),
    Row("admin:enrollment_monthlyfigure_changelist", "GET", "/admin/enrollment/monthlyfigure/", ADMIN_USERS),
    Row(
        "admin:enrollment_monthlyfigure_change",
        "GET",
        "/admin/enrollment/monthlyfigure/{figure}/change/",
        OWN_STAFF_ONLY,
    ),
    Row(
        "admin:enrollment_monthlyfigure_history",
        "GET",
        "/admin/enrollment/monthlyfigure/{figure}/history/",
        {**OWN_STAFF_ONLY, "other": 404},
    ),
    Row(
        "admin:enrollment_monthlyfigure_change",
        "POST",
        "/admin/enrollment/monthlyfigure/{figure}/change/",
        everyone(302),  # saved, or sent to the login / the admin index
        data="figure_change",
        writes=OWN_AND_HQ,
    ),
    Row(
        "admin:enrollment_monthlyfigure_add",
        "POST",
        "/admin/enrollment/monthlyfigure/add/",
        {"anonymous": 302, "own": 302, "other": 200, "analyst": 302, "hq": 302},  # other: form refuses the staff
        data="figure_add",
        writes=OWN_AND_HQ,
    ),
    Row(
        "admin:enrollment_monthlyfigure_delete",
        "POST",
        "/admin/enrollment/monthlyfigure/{figure}/delete/",
        # nobody deletes a figure, HQ included: it is corrected to 0 so the history stays whole
        {"anonymous": 302, "own": 403, "other": 403, "analyst": 302, "hq": 403},
        data="delete",
    ),
    Row("admin:enrollment_annualplan_change", "GET", "/admin/enrollment/annualplan/{plan}/change/", OWN_STAFF_ONLY),
    Row(
        "admin:enrollment_annualplan_change",
        "POST",
        "/admin/enrollment/annualplan/{plan}/change/",
        {"anonymous": 302, "own": 403, "other": 403, "analyst": 302, "hq": 302},  # managers only view plans
        data="plan_change",
        writes=frozenset({"hq"}),
    ),
    Row("admin:auth_user_changelist", "GET", "/admin/auth/user/", HQ_ONLY | {"analyst": 302}),
]


def app_routes(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL of the URLconf, outside the admin (whose URLs are generated per model)."""
    routes = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                routes |= app_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            routes.add(f"{namespace}{pattern.name}")
    return routes


def test_every_app_url_has_a_get_and_a_post_row():
    covered = {(row.route, row.method) for row in ROWS}
    missing = sorted(
        (route, method) for route in app_routes() for method in ("GET", "POST") if (route, method) not in covered
    )
    assert not missing, f"add rows to ROWS for {missing}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.url}")
def test_each_row_is_the_route_it_names(row):
    url = row.url.format(figure=1, plan=1, province=1, office=1, staff=1, user=1, assignment=1).split("?")[0]
    assert resolve(url).view_name == row.route


@pytest.fixture
def targets():
    """Đắk Lắk (code 66): a post office, a staff member of it with an April figure, the plan, another staff
    member without a December figure."""
    province = Province.objects.get(scheme=Province.Scheme.P63, code="66")
    figure = (
        MonthlyFigure.objects.filter(post_office__province=province, year=2021, month=4)
        .select_related("staff")
        .order_by("pk")
        .first()
    )
    staff = Staff.objects.filter(post_office__province=province).exclude(figures__month=12).order_by("pk").first()
    return {
        "province": province,
        "office": figure.post_office,
        "member": figure.staff,
        "figure": figure,
        "plan": AnnualPlan.objects.get(province=province, year=2021),
        "staff": staff,
        "manager": (manager := get_user_model().objects.get(username="manager-66")),
        "assignment": manager.assignments.get(),
    }


def filled_template(targets) -> SimpleUploadedFile:
    """Đắk Lắk's April template as HQ downloads it, with the first staff member's value raised by one."""
    hq = get_user_model().objects.get(username="hq")
    book = load_workbook(template_build(user=hq, province=targets["province"], year=2021, month=4))
    cell = book[SHEET_NAME].cell(row=FIRST_DATA_ROW, column=4)
    cell.value = (cell.value or 0) + 1
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile("mau.xlsx", content.getvalue())


def plans_payload(targets) -> dict:
    """HQ's 2021 plans form as the page fills it, with Đắk Lắk's plan raised by one."""
    plans = dict(AnnualPlan.objects.filter(year=2021).values_list("province_id", "target"))
    plans[targets["province"].pk] += 1
    return {"year": 2021} | {f"plan_{pk}": target for pk, target in plans.items()}


def allocation_payload(targets) -> dict:
    """Đắk Lắk's 2021 allocation form, every office's allocation raised by one."""
    province = targets["province"]
    allocations = PostOfficePlan.objects.filter(post_office__province=province, year=2021)
    return {"year": 2021, "province": province.pk} | {f"plan_{a.post_office_id}": a.target + 1 for a in allocations}


def filled_plans_template(targets) -> SimpleUploadedFile:
    hq = get_user_model().objects.get(username="hq")
    book = load_workbook(plans_template_build(user=hq, year=2021))
    sheet = book[PLANS_SHEET_NAME]
    for row in sheet.iter_rows(min_row=PLANS_FIRST_DATA_ROW):
        if row[0].value == targets["province"].code:
            row[3].value += 1
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile("ke-hoach.xlsx", content.getvalue())


def payload(name: str, targets) -> dict:
    figure, plan, staff, office, member = (targets[k] for k in ("figure", "plan", "staff", "office", "member"))
    province = targets["province"].pk
    period = {"year": 2021, "month": 4}
    builders = {
        "": dict,
        "junk": lambda: {"year": "2021", "anything": "x"},
        "export": lambda: {"report": "national", "year": 2021, "through_month": 4},
        "bad_login": lambda: {"username": "", "password": ""},
        "language": lambda: {"language": "vi", "next": "/"},
        "bad_password_change": lambda: {
            "old_password": "wrong",
            "new_password1": "Mot-mat-khau-dai-2021",
            "new_password2": "Mot-mat-khau-dai-2021",
        },
        "password_reset": lambda: {"email": "nobody@example.com"},
        "new_password": lambda: {"new_password1": "Mot-mat-khau-dai-2021", "new_password2": "Mot-mat-khau-dai-2021"},
        "grid_save": lambda: {
            f"value_{member.pk}": figure.new_participants + 1,
            f"seen_{member.pk}": figure.new_participants,
        },
        "import_upload": lambda: period | {"province": province, "file": filled_template(targets)},
        "submit": lambda: period | {"province": province, "office": office.pk},
        "close": lambda: period | {"province": province},
        "return": lambda: period | {"province": province, "comment": "Thiếu số liệu"},
        "close_all": lambda: period | {"confirm": "1", "include_unsubmitted": "1"},
        "deadline": lambda: {"day_of_next_month": 9},
        "office_new": lambda: {"province": province, "code": "MATRIX-PO", "name": "Bưu điện thử", "kind": "commune"},
        "office_edit": lambda: {
            "code": office.code,
            "name": f"{office.name} (sửa)",
            "kind": office.kind,
            "parent": office.parent_id or "",
            "is_active": "on",
        },
        "staff_new": lambda: {
            "office": office.pk,
            "employee_code": "MATRIX01",
            "full_name": "Nguyễn Văn Thử",
            "post_office": office.pk,
            "monthly_quota": 3,
            "active_from": "01/01/2021",
        },
        "staff_edit": lambda: {
            "full_name": f"{member.full_name} B",
            "post_office": office.pk,
            "monthly_quota": member.monthly_quota,
            "active_from": member.active_from.strftime("%d/%m/%Y"),
            "active_to": "",
        },
        "figure_change": lambda: {
            "staff": figure.staff_id,
            "post_office": figure.post_office_id,
            "year": 2021,
            "month": 4,
            "new_participants": figure.new_participants + 7,
        },
        "figure_add": lambda: {
            "staff": staff.pk,
            "post_office": staff.post_office_id,
            "year": 2021,
            "month": 12,
            "new_participants": 3,
        },
        "delete": lambda: {"post": "yes"},
        "user_new": lambda: {"username": "matrix.user", "full_name": "Người Thử", "email": "m@e.vn", "role": "analyst"},
        "disable": lambda: {"active": "0"},
        "assign": lambda: {"province": Province.objects.get(scheme="34", code="01").pk, "valid_from": "01/01/2027"},
        "assignment_end": lambda: {f"end-{targets['assignment'].pk}-valid_to": "30/06/2025"},
        "plans_save": lambda: plans_payload(targets),
        "allocation_save": lambda: allocation_payload(targets),
        "plans_upload": lambda: {"year": 2021, "file": filled_plans_template(targets)},
        "plan_change": lambda: {"province": plan.province_id, "year": 2021, "target": plan.target + 1000},
    }
    return builders[name]()


CASES = [(row, role) for row in ROWS for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{row.method} {row.url} as {role}" for row, role in CASES])
def test_permission_matrix(client, django_user_model, targets, row, role):
    if ROLES[role]:
        client.force_login(django_user_model.objects.get(username=ROLES[role]))
    url = row.url.format(
        figure=targets["figure"].pk,
        plan=targets["plan"].pk,
        province=targets["province"].pk,
        office=targets["office"].pk,
        staff=targets["member"].pk,
        user=targets["manager"].pk,
        assignment=targets["assignment"].pk,
    )
    before = data_fingerprint(targets["province"])
    if row.method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, payload(row.data, targets))
    assert response.status_code == row.expected[role], getattr(response, "url", "")
    if row.method == "POST":
        if role in row.writes:
            assert data_fingerprint(targets["province"]) != before, "an allowed write changed nothing: the row is wrong"
        else:
            assert data_fingerprint(targets["province"]) == before, "a refused request changed data"
    if response.status_code == 302 and role == "anonymous" and not url.startswith(("/i18n", "/accounts")):
        assert "login" in response.url
