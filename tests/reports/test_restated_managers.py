"""Managers carried over (issue 13, item 5, "Done when"): the manager of new Đắk Lắk reads its restated history,
its predecessors' figures included, and nothing of another province; Hà Nội's manager keeps Hà Nội.

Data: tests/reports/restated_world.py, and the cut-over's move of manager-66 and manager-01 (tests/enrollment/cutover.py);
Hà Nội gets a figure on each map.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from enrollment.models import MonthlyFigure, PostOffice, Province, Staff
from enrollment.services.figures import figures_record
from tests.enrollment.cutover import assignment_move
from tests.reports.exports.xlsx_reading import read_sheet, table_rows
from tests.reports.restated_world import restated_world


@pytest.fixture
def world(demo_data):
    data = restated_world()
    users = get_user_model().objects
    p = data["provinces"]
    hanoi = {scheme: Province.objects.get(scheme=scheme, code="01") for scheme in ("63", "34")}
    managers = {code: users.get(username=f"manager-{code}") for code in ("66", "01")}
    assignment_move(managers["66"], old=p["63", "66"], new=p["34", "66"])
    assignment_move(managers["01"], old=hanoi["63"], new=hanoi["34"])
    for scheme, (year, month), value in (("63", (2025, 2), 7), ("34", (2025, 8), 9)):
        office = PostOffice.objects.create(province=hanoi[scheme], code=f"HN-{scheme}", name=f"BĐ HN {scheme}")
        member = Staff.objects.create(
            employee_code=f"HN-{scheme}",
            full_name="NV Hà Nội",
            post_office=office,
            active_from=datetime.date(2025, 1, 1) if scheme == "63" else datetime.date(2025, 7, 1),
            active_to=datetime.date(2025, 6, 30) if scheme == "63" else None,
        )
        figures_record(user=data["hq"], year=year, month=month, values={member.pk: value})
    return data | {"managers": managers, "hanoi": hanoi}


def ranking_names(html: str) -> list[str]:
    table = html.split('id="province-ranking"')[1].split("</table>")[0]
    return re.findall(r'href="/provinces/\d+/[^"]*">([^<]+)</a>', table)


def card(html: str, ident: str) -> int:
    return int(re.search(rf'id="{ident}">([^<]*)<', html).group(1).replace(".", ""))


def raw(provinces, months) -> int:
    figures = MonthlyFigure.objects.filter(post_office__province__in=provinces, year=2025, month__in=list(months))
    return figures.aggregate(t=Sum("new_participants"))["t"] or 0


def test_the_new_dak_lak_manager_reads_its_restated_history_and_nothing_else(world, client):
    p = world["provinces"]
    client.force_login(world["managers"]["66"])
    html = client.get("/?year=2025&month=12").content.decode()
    assert 'data-view="restated"' in html and ranking_names(html) == ["Đắk Lắk"]
    expected = raw([p["63", "66"], p["63", "54"]], range(1, 7)) + raw([p["34", "66"]], range(7, 13))
    assert card(html, "total-cumulative") == expected > 0
    page = client.get(f"/provinces/{p['34', '66'].pk}/?year=2025&month=12").content.decode()
    assert card(page, "province-cumulative") == expected and "Bưu điện R54" in page  # Phú Yên's office
    for foreign in (p["34", "82"], p["63", "82"], world["hanoi"]["34"], world["hanoi"]["63"]):
        assert client.get(f"/provinces/{foreign.pk}/?year=2025&month=12").status_code == 404
    staff = client.get("/exports/download/?report=staff&year=2025&through_month=12")
    rows = table_rows(read_sheet(b"".join(staff.streaming_content))[1])[:-1]
    provinces = {r[4].value.split(" · ")[0] for r in rows}
    assert provinces == {"Đắk Lắk", "Phú Yên"} and {"R63-54-0", "R34-66-0"} <= {r[1].value for r in rows}


def test_hanoi_manager_keeps_hanoi_across_the_cutover(world, client):
    client.force_login(world["managers"]["01"])
    for query, expected in (("year=2025&month=3&view=reported", 7), ("year=2025&month=12", 7 + 9)):
        html = client.get(f"/?{query}").content.decode()
        assert ranking_names(html) == ["Hà Nội"] and card(html, "total-cumulative") == expected, query
    assert card(client.get("/?year=2021&month=4").content.decode(), "total-cumulative") > 0  # the article's 2021
    page = client.get(f"/provinces/{world['hanoi']['34'].pk}/?year=2025&month=12").content.decode()
    assert card(page, "province-cumulative") == 16 and "BĐ HN 63" in page
    assert client.get(f"/provinces/{world['provinces']['34', '66'].pk}/?year=2025&month=12").status_code == 404
