"""GET /api/v1/plans/: each province's annual plan (own or its predecessors' sum) and its offices' allocations."""

from django.contrib.auth import get_user_model
from django.db.models import Sum

from enrollment.models import AnnualPlan, PostOfficePlan


def login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))


def test_anonymous_gets_401_and_a_bad_year_400(client, demo_data):
    assert client.get("/api/v1/plans/").status_code == 401
    login(client, "hq")
    response = client.get("/api/v1/plans/", {"year": "20x1", "month": 12})
    assert response.status_code == 400 and response.json()["error"]


def test_hq_gets_every_plan_and_allocation_of_the_year(client, demo_data, django_assert_max_num_queries):
    login(client, "hq")
    with django_assert_max_num_queries(10):
        data = client.get("/api/v1/plans/", {"year": 2021, "month": 12}).json()
    assert (data["year"], data["view"]) == (2021, "reported")
    plans = {p["code"]: p for p in data["provinces"]}
    assert len(plans) == 63
    stored = dict(AnnualPlan.objects.filter(year=2021).values_list("province__code", "target"))
    assert {code: p["annual_plan"] for code, p in plans.items()} == stored
    daklak = plans["66"]
    offices = PostOfficePlan.objects.filter(
        year=2021, post_office__province__scheme="63", post_office__province__code="66"
    )
    assert (
        daklak["allocated"]
        == offices.aggregate(s=Sum("target"))["s"]
        == sum(a["target"] for a in daklak["allocations"])
    )
    assert daklak["difference"] == daklak["allocated"] - daklak["annual_plan"]
    assert daklak["plan_source"] == "own"


def test_a_manager_reads_their_province_only(client, demo_data):
    login(client, "manager-01")
    data = client.get("/api/v1/plans/", {"year": 2021, "month": 12}).json()
    assert [p["code"] for p in data["provinces"]] == ["01"]
    response = client.get("/api/v1/plans/", {"year": 2021, "month": 12, "province": "66"})
    assert response.status_code == 404 and "phạm vi" in response.json()["error"]
