"""GET /api/v1/summary/: the dashboard's figures as JSON, within the user's scope."""

from django.contrib.auth import get_user_model


def login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))


def test_anonymous_gets_401_json(client, demo_data):
    response = client.get("/api/v1/summary/")
    assert response.status_code == 401 and "đăng nhập" in response.json()["error"]


def test_hq_gets_the_article(client, demo_data, django_assert_max_num_queries):
    login(client, "hq")
    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/summary/", {"year": 2021, "month": 4}).json()
    assert data["period"] == {"year": 2021, "month": 4}
    assert (data["national"]["cumulative"], data["national"]["month"]) == (76408, 20831)
    assert data["national"]["plan_percent"] == "19.0" and data["national"]["run_rate_percent"] == "57.0"
    assert data["national"]["change_percent"] is None
    assert len(data["provinces"]) == 63
    first = data["provinces"][0]
    assert (first["rank"], first["name"], first["plan_percent"], first["status"]) == (1, "Đắk Lắk", "73.3", "open")


def test_one_province_and_scope(client, demo_data):
    login(client, "analyst")
    data = client.get("/api/v1/summary/", {"year": 2021, "month": 4, "province": "66"}).json()
    assert [p["name"] for p in data["provinces"]] == ["Đắk Lắk"]
    assert data["national"]["cumulative"] == 76408
    login(client, "manager-66")
    data = client.get("/api/v1/summary/", {"year": 2021, "month": 4}).json()
    assert [p["name"] for p in data["provinces"]] == ["Đắk Lắk"]
    assert data["national"]["cumulative"] == data["provinces"][0]["cumulative"]
    response = client.get("/api/v1/summary/", {"province": "01"})
    assert response.status_code == 404 and "phạm vi" in response.json()["error"]


def test_bad_period_is_400_in_vietnamese(client, demo_data):
    login(client, "hq")
    response = client.get("/api/v1/summary/", {"year": "abc", "month": 13})
    assert response.status_code == 400 and "không hợp lệ" in response.json()["error"]
    assert client.post("/api/v1/summary/").status_code == 405
