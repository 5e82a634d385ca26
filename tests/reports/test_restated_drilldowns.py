"""The drill-downs read both views (issue 13, item 3): a new province's page restated lists its predecessors'
post offices and staff for January–June beside its own, labelled by province, and sums to the dashboard's row;
as reported before 1/7/2025 it says it did not exist yet; the office and staff pages carry the view.

Data: tests/reports/restated_world.py (old Đắk Lắk 66 + Phú Yên 54 → new Đắk Lắk 66, the 2021 demo underneath).
"""

import re

import pytest
from django.db.models import Sum

from core.period import Period
from enrollment.models import MonthlyFigure, PostOffice
from reports.selectors.dashboard import province_ranking
from reports.selectors.restatement import View
from reports.selectors.staff import staff_leaderboard
from tests.reports.restated_world import restated_world

OLD_LABEL, NEW_LABEL = "63 tỉnh (đến 30/06/2025)", "34 tỉnh (từ 01/07/2025)"


@pytest.fixture
def world(demo_data, client):
    data = restated_world()
    client.force_login(data["hq"])
    p = data["provinces"]
    data |= {"new": p["34", "66"], "old": p["63", "66"], "phu_yen": p["63", "54"]}
    return data


def card(html: str, ident: str) -> str:
    return re.search(rf'id="{ident}">([^<]*)<', html).group(1)


def number(text: str) -> int:
    return int(text.replace(".", ""))


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The body cells of a table, as text (links and tags stripped)."""
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0].split("<tbody")[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def raw(provinces, year: int, months) -> int:
    figures = MonthlyFigure.objects.filter(post_office__province__in=provinces, year=year, month__in=list(months))
    return figures.aggregate(t=Sum("new_participants"))["t"] or 0


def dashboard_row(world, period: Period, view: str):
    (row,) = [r for r in province_ranking(user=world["hq"], period=period, view=view) if r.code == "66"]
    return row


def test_new_province_restated_lists_its_predecessors_offices_and_sums_to_the_dashboard_row(world, client):
    html = client.get(f"/provinces/{world['new'].pk}/?year=2025&month=12").content.decode()
    assert 'data-view="restated"' in html
    expected = raw([world["old"], world["phu_yen"]], 2025, range(1, 7)) + raw([world["new"]], 2025, range(7, 13))
    assert number(card(html, "province-cumulative")) == dashboard_row(world, Period(2025, 12), View.RESTATED).cumulative
    assert number(card(html, "province-cumulative")) == expected
    # rank, office, province (when reported), plan, month, lũy kế, %
    offices = {(r[1], r[2]): number(r[5]) for r in table_rows(html, "post-office-ranking")}
    assert offices[("Bưu điện R66", f"Đắk Lắk · {OLD_LABEL}")] == raw([world["old"]], 2025, range(1, 7)) > 0
    assert offices[("Bưu điện R54", f"Phú Yên · {OLD_LABEL}")] == raw([world["phu_yen"]], 2025, range(1, 7)) > 0
    assert offices[("Bưu điện R66", f"Đắk Lắk · {NEW_LABEL}")] == raw([world["new"]], 2025, range(7, 13)) > 0
    assert sum(offices.values()) == expected
    assert not any("R82" in name or "R87" in name for name, _ in offices)  # another merger's offices never mix in


def test_new_province_restated_staff_list_names_each_persons_province_and_sums_to_the_row(world, client):
    html = client.get(f"/provinces/{world['new'].pk}/?year=2025&month=12").content.decode()
    # code, name, office, province, quota, month, lũy kế, months met: the six people of the world lead the list
    board = {(r[0], r[3]): number(r[6]) for r in table_rows(html, "staff-leaderboard")}
    for code, label, province in (
        ("R63-54-1", f"Phú Yên · {OLD_LABEL}", world["phu_yen"]),
        ("R34-66-0", f"Đắk Lắk · {NEW_LABEL}", world["new"]),
        ("R63-66-0", f"Đắk Lắk · {OLD_LABEL}", world["old"]),
    ):
        figures = MonthlyFigure.objects.filter(staff__employee_code=code, year=2025, post_office__province=province)
        assert board[code, label] == figures.aggregate(t=Sum("new_participants"))["t"] > 0
    including = [world["old"].pk, world["phu_yen"].pk]
    every = staff_leaderboard(user=world["hq"], period=Period(2025, 12), province=world["new"], including=including)
    assert sum(s.cumulative for s in every) == dashboard_row(world, Period(2025, 12), View.RESTATED).cumulative


def test_new_province_restated_in_march_2025_is_its_predecessors(world, client):
    html = client.get(f"/provinces/{world['new'].pk}/?year=2025&month=3&view=restated").content.decode()
    expected = raw([world["old"], world["phu_yen"]], 2025, range(1, 4))
    assert number(card(html, "province-cumulative")) == expected == 2 * (3 * 10 + 6) + 3 + 2 * (3 * 20 + 6) + 3
    assert number(card(html, "province-month")) == raw([world["old"], world["phu_yen"]], 2025, [3])


def test_new_province_as_reported_before_the_merger_did_not_exist_and_links_its_predecessors(world, client):
    html = client.get(f"/provinces/{world['new'].pk}/?year=2025&month=3&view=reported").content.decode()
    assert 'data-view="reported"' in html and 'id="province-cumulative"' not in html
    notice = html.split('id="province-not-in-map"')[1].split("</div>")[0]
    assert "chưa được thành lập (từ 01/07/2025)" in notice
    for predecessor in (world["old"], world["phu_yen"]):
        assert f'href="/provinces/{predecessor.pk}/?year=2025&amp;month=3&amp;view=reported"' in notice
    assert f'href="/provinces/{world["new"].pk}/?year=2025&amp;month=3&amp;view=restated"' in notice
    # the predecessor it links to shows its own figures as reported, and links back to its successor
    old = client.get(f"/provinces/{world['phu_yen'].pk}/?year=2025&month=3&view=reported").content.decode()
    assert number(card(old, "province-cumulative")) == raw([world["phu_yen"]], 2025, range(1, 4))
    assert f'href="/provinces/{world["new"].pk}/' in old.split('id="province-lineage"')[1]
    assert 'id="id_view"' not in old  # an old province has one view: no switch that changes nothing


def test_an_old_province_after_the_merger_says_where_it_went(world, client):
    html = client.get(f"/provinces/{world['phu_yen'].pk}/?year=2026&month=3").content.decode()
    notice = html.split('id="province-not-in-map"')[1].split("</div>")[0]
    assert "đã sáp nhập vào" in notice and f'href="/provinces/{world["new"].pk}/?year=2026&amp;month=3' in notice


def test_as_reported_in_december_2025_the_new_province_has_only_its_own(world, client):
    html = client.get(f"/provinces/{world['new'].pk}/?year=2025&month=12&view=reported").content.decode()
    assert number(card(html, "province-cumulative")) == raw([world["new"]], 2025, range(7, 13))
    offices = table_rows(html, "post-office-ranking")
    assert {r[1] for r in offices if number(r[4]) or number(r[5])} == {"Bưu điện R66"}
    assert all(len(r) == 6 for r in offices)  # no province column: every office is the province's own


def test_office_and_staff_pages_carry_the_view_and_lead_to_todays_province(world, client):
    office = PostOffice.objects.get(code="R63-54")
    restated = client.get(f"/post-offices/{office.pk}/?year=2025&month=12&view=restated").content.decode()
    assert 'data-view="restated"' in restated
    breadcrumb = restated.split('<ol class="breadcrumb')[1].split("</ol>")[0]
    assert f'href="/provinces/{world["new"].pk}/?year=2025&month=12&view=restated"' in breadcrumb
    assert number(card(restated, "office-cumulative")) == raw([world["phu_yen"]], 2025, range(1, 7))
    reported = client.get(f"/post-offices/{office.pk}/?year=2025&month=6&view=reported").content.decode()
    assert 'data-view="reported"' in reported
    assert f'href="/provinces/{world["phu_yen"].pk}/?year=2025&month=6&view=reported"' in reported
    person = world["staff"]["63", "54"][0]
    assert f'href="/staff/{person.pk}/?year=2025&amp;month=12&amp;view=restated"' in restated
    page = client.get(f"/staff/{person.pk}/?year=2025&month=12&view=restated").content.decode()
    assert 'data-view="restated"' in page and "Lũy kế năm 2025: " + f"{6 * 20 + 21}" in page
    assert f'href="/provinces/{world["new"].pk}/?year=2025&month=12&view=restated"' in page
    assert (
        f'href="/provinces/{world["phu_yen"].pk}/'
        in client.get(f"/staff/{person.pk}/?year=2025&month=6&view=reported").content.decode()
    )


def test_the_new_provinces_restated_page_keeps_its_query_budget(world, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get(f"/provinces/{world['new'].pk}/?year=2025&month=12&view=restated")
    assert 'id="province-cumulative"' in response.content.decode()
    with django_assert_max_num_queries(12):
        response = client.get(f"/post-offices/{PostOffice.objects.get(code='R63-54').pk}/?year=2025&month=12")
    assert 'id="office-cumulative"' in response.content.decode()
