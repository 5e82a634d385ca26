"""Dashboard and drill-down pages: fixed query budgets on the full demo, links up and down, scope."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enrollment.models import PostOffice, Province, Staff
from enrollment.services.figures import figures_record


def user(username: str):
    return get_user_model().objects.get(username=username)


def biggest_and_smallest_province() -> tuple[Province, Province]:
    provinces = sorted(
        Province.objects.filter(scheme="63"), key=lambda p: Staff.objects.filter(post_office__province=p).count()
    )
    return provinces[-1], provinces[0]


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_dashboard_cards_chart_data_best_weakest(client, demo_data, django_assert_max_num_queries):
    client.force_login(user("hq"))
    # the month cycle card included (provinces, statuses, the deadlines in one UNION, completeness in one)
    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()
    assert 'id="total-plan">401.990<' in html
    assert 'id="total-change">—<' in html  # no 2020 figures in the demo
    assert "57,0%" in html  # run-rate: 76.408 × 12 ÷ 4 ÷ 401.990
    chart = json.loads(re.search(r'id="monthly-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert chart["cumulative"][-1] == 76408 and chart["figures"][-1] == 20831 and len(chart["labels"]) == 4
    assert chart["pace"][-1] == round(401990 * 4 / 12)
    best = re.findall(r"<li><a[^>]*>([^<]+)</a>", html.split('id="best-ten"')[1].split("</ol>")[0])
    assert best[:2] == ["Đắk Lắk", "Đồng Tháp"] and len(best) == 10
    assert 'id="not-submitted"' in html and "<script>" not in html.replace("</script>", "")


def test_region_filter(client, demo_data):
    client.force_login(user("hq"))
    html = client.get("/", {"region": "TN"}).content.decode()
    assert html.count('href="/provinces/') >= 5
    assert "Đắk Lắk" in html and "Hà Nội" not in html.split('id="province-ranking"')[1]


def test_province_page_query_budget_does_not_grow_with_size(client, demo_data, django_assert_max_num_queries):
    big, small = biggest_and_smallest_province()
    assert (
        Staff.objects.filter(post_office__province=big).count()
        > 3 * Staff.objects.filter(post_office__province=small).count()
    )
    client.force_login(user("hq"))
    with django_assert_max_num_queries(12):
        response = client.get(f"/provinces/{big.pk}/")
    assert response.status_code == 200 and big.name in response.content.decode()  # a 404 page is cheap too
    assert query_count(client, f"/provinces/{big.pk}/") == query_count(client, f"/provinces/{small.pk}/")
    office = PostOffice.objects.filter(province=big).first()
    with django_assert_max_num_queries(12):
        response = client.get(f"/post-offices/{office.pk}/")
    assert response.status_code == 200 and office.name in response.content.decode()


def test_drill_down_to_a_staff_member_and_back(client, demo_data):
    client.force_login(user("hq"))
    dak_lak = Province.objects.get(scheme="63", code="66")
    html = client.get("/").content.decode()
    assert f'href="/provinces/{dak_lak.pk}/"' in html
    province = client.get(f"/provinces/{dak_lak.pk}/").content.decode()
    assert 'id="province-percent">73,3%<' in province and 'id="post-office-ranking"' in province
    office_pk = re.search(r'href="/post-offices/(\d+)/"', province).group(1)
    staff_pk = re.search(r'id="staff-leaderboard".*?href="/staff/(\d+)/"', province, re.S).group(1)
    office = client.get(f"/post-offices/{office_pk}/").content.decode()
    assert f'href="/provinces/{dak_lak.pk}/' in office and 'id="staff-leaderboard"' in office
    staff = client.get(f"/staff/{staff_pk}/").content.decode()
    # the breadcrumb back names the period shown (as the province page's does)
    assert 'id="staff-history"' in staff and f'href="/provinces/{dak_lak.pk}/?year=2021&month=4"' in staff
    assert 'href="/?year=2021&month=4"' in staff


def test_manager_sees_own_drill_down_only(client, demo_data, django_assert_max_num_queries):
    client.force_login(user("manager-66"))
    own = Province.objects.get(scheme="63", code="66")
    other = Province.objects.get(scheme="63", code="01")
    with django_assert_max_num_queries(12):
        assert client.get(f"/provinces/{own.pk}/").status_code == 200
    assert client.get(f"/provinces/{other.pk}/").status_code == 404
    assert client.get(f"/post-offices/{PostOffice.objects.filter(province=other).first().pk}/").status_code == 404
    assert client.get(f"/staff/{Staff.objects.filter(post_office__province=other).first().pk}/").status_code == 404


def test_a_figure_saved_by_a_manager_shows_on_the_next_load(client, demo_data):
    manager = user("manager-66")
    member = Staff.objects.filter(post_office__province__code="66", post_office__province__scheme="63").first()
    current = member.figures.get(year=2021, month=4).new_participants
    figures_record(user=manager, year=2021, month=4, values={member.pk: current + 100}, source="grid")
    client.force_login(user("hq"))
    html = client.get("/").content.decode()
    assert 'id="total-cumulative">76.508<' in html and 'id="total-month">20.931<' in html


def test_staff_leaderboard_pages_are_stable(client, demo_data):
    big, _ = biggest_and_smallest_province()
    client.force_login(user("hq"))

    def codes(page: int) -> list[str]:
        html = client.get(f"/provinces/{big.pk}/", {"page": page, "sort": "-cumulative"}).content.decode()
        body = html.split('id="staff-leaderboard"')[1].split("</tbody>")[0]
        return re.findall(r"<td[^>]*>\s*(VNP\d+)\s*</td>", body)

    first, second = codes(1), codes(2)
    assert len(first) == 25 and second and not set(first) & set(second)
    assert codes(1) == first


@pytest.mark.parametrize("url", ["/provinces/999999/", "/post-offices/999999/", "/staff/999999/"])
def test_unknown_ids_are_404(client, demo_data, url):
    client.force_login(user("hq"))
    assert client.get(url).status_code == 404


def test_years_are_not_grouped_like_counts(client, demo_data):
    client.force_login(user("hq"))
    dak_lak = Province.objects.get(scheme="63", code="66")
    html = client.get(f"/provinces/{dak_lak.pk}/").content.decode()
    assert "/2.021" not in html and "year=2.021" not in html and 'value="2.021"' not in html
    assert "tháng 4/2021" in html and 'value="2021"' in html and "?year=2021&month=4" in html
    assert "tháng 4/2021" in client.get("/").content.decode()
