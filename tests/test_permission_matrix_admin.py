"""Every admin URL of every enrollment model × role × {own object, another province's object}.

Generated from the admin's registry, so a new model admin is covered the day it is registered. For each
model: changelist, add, change (GET and POST), Django's history, django-simple-history's list and detail,
delete (GET and POST), and the autocomplete of every foreign key pointing at it. The rule checked is the
domain's: a manager never reads or changes another province's row — the answer is a refusal (302 to the
admin index with "does not exist", 403 or 404), the page does not show the row, and after a POST the
database is as it was. Nothing answers 500. Anonymous users and analysts (not admin users) go to the login.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from enrollment.models import (
    AnnualPlan,
    ManagerAssignment,
    MonthlyFigure,
    MonthStatus,
    PostOffice,
    PostOfficePlan,
    Province,
    Staff,
)
from enrollment.services.figures import figures_record
from enrollment.services.months import month_close
from enrollment.services.plans import post_office_plan_set
from tests.fingerprint import data_fingerprint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

ROLES = {"anonymous": None, "own": "manager-66", "other": "manager-01", "analyst": "analyst", "hq": "hq"}
REFUSED = {302, 403, 404}


def province_objects(province: Province) -> dict:
    """One object of each province-scoped model in `province`, each with a change in its history."""
    hq = get_user_model().objects.get(username="hq")
    office = PostOffice.objects.filter(province=province).order_by("pk").first()
    member = Staff.objects.filter(post_office=office).order_by("pk").first()
    figures_record(user=hq, year=2021, month=9, values={member.pk: 4}, source="admin")
    month_close(user=hq, year=2021, month=9, province=province)
    current = PostOfficePlan.objects.filter(post_office=office, year=2021).first()
    # through the service, so the allocation has a change in its history (the demo bulk-creates them without)
    plan = post_office_plan_set(user=hq, post_office=office, year=2021, target=current.target - 1 if current else 10)
    return {
        "province": province,
        "postoffice": office,
        "staff": member,
        "annualplan": AnnualPlan.objects.filter(province=province).order_by("pk").first(),
        "postofficeplan": plan,
        "monthlyfigure": MonthlyFigure.objects.get(staff=member, year=2021, month=9),
        "monthstatus": MonthStatus.objects.get(province=province, year=2021, month=9),
        "managerassignment": ManagerAssignment.objects.filter(province=province).order_by("pk").first(),
    }


@pytest.fixture
def objects():
    return {
        "own": province_objects(Province.objects.get(scheme="63", code="66")),
        "foreign": province_objects(Province.objects.get(scheme="63", code="01")),
    }


def model_admins():
    return sorted(
        (model._meta.model_name, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "enrollment" and model._meta.model_name != "region"
    )


def admin_urls(name: str, model_admin, obj) -> list[tuple[str, str]]:
    """(method, url) of every admin page about `obj` (and the model's list and add pages)."""
    prefix = f"admin:enrollment_{name}"
    urls = [
        ("GET", reverse(f"{prefix}_changelist")),
        ("GET", reverse(f"{prefix}_add")),
        ("GET", reverse(f"{prefix}_change", args=[obj.pk])),
        ("POST", reverse(f"{prefix}_change", args=[obj.pk])),
        ("GET", reverse(f"{prefix}_history", args=[obj.pk])),
        ("GET", reverse(f"{prefix}_delete", args=[obj.pk])),
        ("POST", reverse(f"{prefix}_delete", args=[obj.pk])),
    ]
    if hasattr(type(obj), "history"):
        record = type(obj).history.filter(id=obj.pk).latest()
        urls.append(("GET", reverse(f"{prefix}_simple_history", args=[obj.pk, record.history_id])))
    return urls


CASES = [(name, role, side) for name, _admin in model_admins() for role in ROLES for side in ("own", "foreign")]


def post_data(obj) -> dict:
    """The object's own fields, with every number raised: a save would change the database."""
    data = {"post": "yes", "seen": ""}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if field.primary_key or value is None:
            continue
        data[field.name] = value + 1 if isinstance(value, int) and not field.is_relation else value
    return data


@pytest.mark.parametrize(("name", "role", "side"), CASES, ids=[f"{n}-{r}-{s}" for n, r, s in CASES])
def test_admin_pages_of_every_model(client, objects, name, role, side):
    model_admin = dict(model_admins())[name]
    obj = objects[side][name]
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(username=ROLES[role]))
    foreign_to_me = role in ("own", "other") and (side == "foreign") == (role == "own")
    provinces = [objects["own"]["province"], objects["foreign"]["province"]]
    for method, url in admin_urls(name, model_admin, obj):
        before = [data_fingerprint(p) for p in provinces]
        response = client.get(url) if method == "GET" else client.post(url, post_data(obj))
        assert response.status_code < 500, (method, url)
        if role in ("anonymous", "analyst"):
            assert response.status_code == 302 and "/admin/login/" in response.url, (method, url)
        if foreign_to_me and f"/{obj.pk}/" in url:
            assert response.status_code in REFUSED, (method, url, response.status_code)
            if response.status_code == 302:
                assert f"/{obj.pk}/" not in response.url, (method, url, response.url)  # not into the object
            assert str(obj) not in response.content.decode(), (method, url)
        if method == "POST" and (foreign_to_me or role in ("anonymous", "analyst")):
            assert [data_fingerprint(p) for p in provinces] == before, ("a refused POST changed data", url)
        if role == "hq" and method == "GET" and not url.endswith(("/add/", "/delete/")):  # HQ reads every row
            assert response.status_code == 200, (method, url)


AUTOCOMPLETE = [
    (model._meta.model_name, field.name, field.related_model)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "enrollment"
    for field in model._meta.fields
    if field.name in model_admin.autocomplete_fields
]


@pytest.mark.parametrize(("source", "field", "target"), AUTOCOMPLETE, ids=[f"{s}.{f}" for s, f, _t in AUTOCOMPLETE])
@pytest.mark.parametrize("role", ["own", "other"])
def test_admin_autocomplete_offers_only_the_managers_own_rows(client, source, field, target, role):
    user = get_user_model().objects.get(username=ROLES[role])
    client.force_login(user)
    visible = set(target.objects.visible_to(user).values_list("pk", flat=True))
    found = set()
    for term in ("", "Hà Nội", "Đắk Lắk", "01", "66", "VNP01", "VNP66"):
        response = client.get(
            "/admin/autocomplete/", {"app_label": "enrollment", "model_name": source, "field_name": field, "term": term}
        )
        assert response.status_code in (200, 403), (term, response.status_code)
        if response.status_code == 200:
            found |= {int(result["id"]) for result in response.json()["results"]}
    assert found <= visible, f"another province's {target._meta.model_name} offered: {sorted(found - visible)[:5]}"
