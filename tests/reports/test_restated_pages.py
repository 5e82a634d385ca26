"""The restated view on the pages, the API and the national / province Excel reports (switch, label, links)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from core.period import Period
from enrollment.models import MonthlyFigure
from reports.exports.scope import export_scope_resolve
from reports.exports.xlsx import report_build
from reports.selectors.restatement import View
from tests.reports.exports.xlsx_reading import read_sheet, table_rows
from tests.reports.restated_world import restated_world


@pytest.fixture
def world(demo_data, client):
    data = restated_world()
    client.force_login(data["hq"])
    return data


def total_2025() -> int:
    return MonthlyFigure.objects.filter(year=2025).aggregate(total=Sum("new_participants"))["total"]


def card(html: str, ident: str) -> str:
    return re.search(rf'id="{ident}">([^<]*)<', html).group(1)


def test_dashboard_2025_is_restated_by_default_and_switches(world, client):
    html = client.get("/?year=2025&month=12").content.decode()
    assert 'id="view-label" data-view="restated"' in html and "Quy đổi theo địa giới hiện hành" in html
    assert card(html, "total-cumulative") == f"{total_2025():,}".replace(",", ".")
    assert '<option value="restated" selected>' in html
    new_dak_lak = world["provinces"]["34", "66"]
    assert f'href="/provinces/{new_dak_lak.pk}/?year=2025&month=12"' in html  # links carry what was chosen
    reported = client.get("/?year=2025&month=12&view=reported").content.decode()
    assert 'data-view="reported"' in reported
    july_on = MonthlyFigure.objects.filter(year=2025, month__gte=7).aggregate(t=Sum("new_participants"))["t"]
    assert card(reported, "total-cumulative") == f"{july_on:,}".replace(",", ".")
    assert f'href="/provinces/{new_dak_lak.pk}/?year=2025&month=12&view=reported"' in reported


def test_2021_stays_as_reported_on_the_63_provinces(demo_data, client):
    client.force_login(get_user_model().objects.get(username="hq"))
    html = client.get("/?year=2021&month=4").content.decode()
    assert 'data-view="reported"' in html and "(tạm thời)" not in html


def test_the_region_filter_works_on_todays_map_and_says_provisional(world, client):
    html = client.get("/?year=2026&month=3&region=DHTB_TN").content.decode()
    assert "Duyên hải Trung Bộ và Tây Nguyên (tạm thời)" in html
    table = html[html.index('id="province-ranking"') :]
    assert "Đắk Lắk" in table and "Hà Nội" not in table


def test_new_province_page_is_restated_links_predecessors_and_back(world, client):
    p = world["provinces"]
    new, old, phu_yen = p["34", "66"], p["63", "66"], p["63", "54"]
    html = client.get(f"/provinces/{new.pk}/?year=2025&month=12").content.decode()
    assert 'data-view="restated"' in html and "Tổng kế hoạch các tỉnh trước sáp nhập" in html
    lineage = html[html.index('id="province-lineage"') :]
    assert f'href="/provinces/{old.pk}/' in lineage and f'href="/provinces/{phu_yen.pk}/' in lineage
    assert card(html, "province-plan") == "160"
    old_html = client.get(f"/provinces/{old.pk}/?year=2025&month=6").content.decode()
    assert 'data-view="reported"' in old_html  # an old province is only ever as reported
    assert f'href="/provinces/{new.pk}/' in old_html[old_html.index('id="province-lineage"') :]


def test_api_says_which_view_it_answers(world, client):
    answer = json.loads(client.get("/api/v1/summary/?year=2025&month=12").content)
    assert answer["view"] == "restated" and answer["national"]["cumulative"] == total_2025()
    dak_lak = [r for r in answer["provinces"] if r["code"] == "66"][0]
    assert (dak_lak["annual_plan"], dak_lak["plan_source"]) == (160, "derived")
    reported = json.loads(client.get("/api/v1/summary/?year=2025&month=12&view=reported").content)
    assert reported["view"] == "reported" and reported["national"]["cumulative"] < total_2025()


def test_national_excel_2026_has_six_provisional_region_subtotals_summing_to_the_total(world):
    period = Period(2026, 3)
    scope = export_scope_resolve(user=world["hq"], period=period, view=View.RESTATED)
    with report_build(name="national", user=world["hq"], period=period, scope=scope) as handle:
        _, sheet = read_sheet(handle.read())
    assert sheet["A6"].value == "Cách tính: Quy đổi theo địa giới hiện hành"
    rows = table_rows(sheet)
    lumped = 3 + period.month  # STT, Đơn vị, Kế hoạch, months…, then Lũy kế
    subtotals = [r for r in rows[:-1] if isinstance(r[0].value, str) and r[0].value]
    assert len(subtotals) == 6 and all(r[1].value.endswith("(tạm thời)") for r in subtotals)
    total = rows[-1][lumped].value
    assert sum(r[lumped].value for r in subtotals) == total
    assert total == MonthlyFigure.objects.filter(year=2026, month__lte=3).aggregate(t=Sum("new_participants"))["t"]


def test_province_excel_restated_lists_the_offices_of_its_predecessors(world):
    p, period = world["provinces"], Period(2025, 12)
    scope = export_scope_resolve(user=world["hq"], period=period, province_code="66", view=View.RESTATED)
    assert scope.province == p["34", "66"]
    with report_build(name="province", user=world["hq"], period=period, scope=scope) as handle:
        _, sheet = read_sheet(handle.read())
    assert sheet["A6"].value == "Cách tính: Quy đổi theo địa giới hiện hành"
    rows = table_rows(sheet)
    codes = {r[1].value for r in rows if r[1].value}
    assert {"R63-66", "R63-54", "R34-66"} <= codes and not codes & {"R63-82", "R63-87", "R34-82"}
    assert {code.split("-")[0] for code in codes} == {"R63", "R34", "66", "54"}  # the 2021 demo's offices too
    cumulative = 5 + period.month
    expected = MonthlyFigure.objects.filter(
        year=2025, post_office__province__in=[p["34", "66"], p["63", "66"], p["63", "54"]]
    ).aggregate(t=Sum("new_participants"))["t"]
    total_row = [r for r in rows if r[2].value == "Tổng cộng"][0]
    assert total_row[cumulative].value == expected
    plan_row = [r for r in rows if r[2].value == "Kế hoạch năm của tỉnh (Tổng công ty giao)"][0]
    assert plan_row[4].value == 160


def test_the_restated_dashboard_keeps_twelve_queries(world, client, django_assert_max_num_queries):
    for query in ("year=2025&month=12", "year=2026&month=3", "year=2025&month=12&view=reported"):
        with django_assert_max_num_queries(12):
            html = client.get(f"/?{query}").content.decode()
        assert card(html, "total-cumulative") != "0" and 'id="province-ranking"' in html, query
    restated = client.get("/?year=2025&month=12").content.decode()
    assert card(restated, "total-cumulative") == f"{total_2025():,}".replace(",", ".")
