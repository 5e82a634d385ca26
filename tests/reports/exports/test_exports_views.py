"""The export page and download view: the file, the scope, bad input."""

import pytest
from django.contrib.auth import get_user_model

from tests.reports.exports.xlsx_reading import read_sheet, table_rows

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def as_user(client, demo_data):
    def _as(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return _as


def download(client, **params) -> object:
    query = {"report": "national", "year": 2021, "through_month": 4} | params
    return client.get("/exports/download/", query)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_page_offers_the_reports_and_the_latest_month(as_user, django_assert_max_num_queries):
    client = as_user("analyst")
    with django_assert_max_num_queries(8):
        response = client.get("/exports/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2021"' in html and 'name="through_month"' in html and "Kết quả cán bộ nhân viên" in html
    assert 'id="nav-exports"' in html


def test_analyst_downloads_the_national_summary(as_user, django_assert_max_num_queries):
    client = as_user("analyst")
    with django_assert_max_num_queries(12):
        response = download(client)
        data = body(response)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert 'filename="bhxh-tong-hop-2021-04.xlsx"' in response["Content-Disposition"]
    _, sheet = read_sheet(data)
    assert [c.value for c in table_rows(sheet)[-1][3:8]] == [17971, 9391, 28215, 20831, 76408]


@pytest.mark.parametrize("report", ["national", "province", "staff", "submissions"])
@pytest.mark.parametrize("params", [{"province": "01"}, {"province": "79"}])
def test_manager_cannot_download_another_province(as_user, report, params):
    response = download(as_user("manager-66"), report=report, **params)
    assert response.status_code == 404


def test_manager_without_a_province_gets_only_their_own(as_user):
    response = download(as_user("manager-66"), region="DBSH")
    _, sheet = read_sheet(body(response))
    assert [r[1].value for r in table_rows(sheet)] == ["Tổng cộng"] and table_rows(sheet)[0][7].value == 0
    response = download(as_user("manager-66"), province="66")
    _, sheet = read_sheet(body(response))
    assert [r[1].value for r in table_rows(sheet)] == ["Tây Nguyên", "Đắk Lắk", "Tổng cộng"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"through_month": 13}, "Đến tháng"),
        ({"year": "abc"}, "Năm"),
        ({"report": "payroll"}, "Báo cáo"),
        ({"province": "1; drop"}, "Mã tỉnh gồm 2 chữ số"),
    ],
)
def test_bad_input_gets_a_vietnamese_message(as_user, params, message):
    response = download(as_user("analyst"), **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="export-errors"' in html and message in html


def test_anonymous_is_sent_to_login(client):
    response = download(client)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
