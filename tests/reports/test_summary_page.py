import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

TOP10 = [
    "Đắk Lắk",
    "Đồng Tháp",
    "Hà Nam",
    "Ninh Bình",
    "Nghệ An",
    "Gia Lai",
    "Thanh Hóa",
    "Bình Phước",
    "Thái Bình",
    "Phú Thọ",
]


def ranking_rows(html: str) -> list[list[str]]:
    body = html.split('id="province-ranking"', 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            re.sub(r"\s+", " ", re.sub("<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_hq_sees_the_article_in_vietnamese_format(client, demo_data, django_assert_max_num_queries):
    client.force_login(get_user_model().objects.get(username="hq"))
    with django_assert_max_num_queries(12):
        response = client.get("/")
    html = response.content.decode()
    assert 'id="total-cumulative">76.408<' in html
    assert 'id="total-month">20.831<' in html
    assert 'id="total-percent">19,0%<' in html
    rows = ranking_rows(html)
    assert len(rows) == 63
    assert [row[1] for row in rows[:10]] == TOP10
    assert rows[0][0] == "1" and rows[0][6] == "73,3%"  # % of plan is column 7 of the dashboard
    assert 'lang="vi"' in html and "Xếp hạng" in html


def test_earlier_month_and_sorting(client, demo_data):
    client.force_login(get_user_model().objects.get(username="hq"))
    html = client.get("/", {"year": 2021, "month": 2}).content.decode()
    assert 'id="total-cumulative">27.362<' in html and 'id="total-month">9.391<' in html
    rows = ranking_rows(client.get("/", {"year": 2021, "month": 4, "sort": "-cumulative"}).content.decode())
    cumulatives = [int(r[5].replace(".", "")) for r in rows]
    assert cumulatives == sorted(cumulatives, reverse=True)


def test_bad_period_falls_back_with_a_message(client, demo_data):
    client.force_login(get_user_model().objects.get(username="hq"))
    response = client.get("/", {"year": "abc", "month": "13"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()
    assert 'id="total-cumulative">76.408<' in response.content.decode()


def test_manager_sees_only_their_own_province(client, demo_data):
    client.force_login(get_user_model().objects.get(username="manager-66"))
    rows = ranking_rows(client.get("/").content.decode())
    assert [row[1] for row in rows] == ["Đắk Lắk"]


def test_english_is_selectable(client, demo_data):
    client.force_login(get_user_model().objects.get(username="hq"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200 and 'lang="en"' in html
    # the page itself is in English, not only its <html lang>: the ranking's headers, and no Vietnamese label left
    ranking = html.split('id="province-ranking"')[1]
    for english in ("Rank", "Annual plan", "% of plan"):
        assert english in ranking, english
    for vietnamese in ("Xếp hạng", "Kế hoạch năm", "Tỷ lệ % so với KH"):
        assert vietnamese not in html, vietnamese
    assert 'id="total-cumulative">76,408<' in html  # English number format
