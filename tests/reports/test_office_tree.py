"""The post-office tree rolls up (issue 13, item 1): a parent's figures include its subtree; the ranking at a level.

World of 2030 (34-province scheme), one province, figures written through figures_record at the leaves AND the middle:
  D  district (d1)                 ── C  commune (c1, plan 30) ── P  cultural point (p1, plan 10)
                                   └─ C2 commune (nobody)
  T  counter without a parent (t1)     O  district closed at the end of 2029 (nobody)
  Jan: d1 2, c1 3, p1 4, t1 1 · Feb: c1 5, p1 1, t1 2
  At 2/2030: P 1 / 5 · C 6 / 13 (plan 40) · D 6 / 15 (plan 40) · T 2 / 3 · province 8 / 18
"""

import datetime
import re

import pytest
from django.db.models import Sum

from core.period import Period
from enrollment.models import MonthlyFigure, PostOffice, PostOfficePlan, Province, Staff
from enrollment.services.figures import figures_record
from reports.selectors.dashboard import province_ranking
from reports.selectors.offices import office_tree, post_office_monthly, post_office_ranking

FEB = Period(2030, 2)
Kind = PostOffice.Kind


@pytest.fixture
def tree(hq):
    province = Province.objects.filter(scheme="34").order_by("-code").first()
    offices: dict[str, PostOffice] = {}
    for name, kind, parent, valid_to in (
        ("D", Kind.DISTRICT, None, None),
        ("C", Kind.COMMUNE, "D", None),
        ("C2", Kind.COMMUNE, "D", None),
        ("P", Kind.CULTURAL_POINT, "C", None),
        ("T", Kind.COUNTER, None, None),
        ("O", Kind.DISTRICT, None, datetime.date(2029, 12, 31)),
    ):
        offices[name] = PostOffice.objects.create(
            province=province,
            code=f"TREE-{name}",
            name=f"Bưu điện {name}",
            kind=kind,
            parent=offices.get(parent),
            valid_to=valid_to,
        )
    staff = {
        name: Staff.objects.create(
            employee_code=f"TREE-{name}",
            full_name=f"Nhân viên {name}",
            post_office=offices[office],
            active_from=datetime.date(2029, 1, 1),
            monthly_quota=2,
        )
        for name, office in (("d1", "D"), ("c1", "C"), ("p1", "P"), ("t1", "T"))
    }
    for month, values in ((1, {"d1": 2, "c1": 3, "p1": 4, "t1": 1}), (2, {"c1": 5, "p1": 1})):
        figures_record(user=hq, year=2030, month=month, values={staff[k].pk: v for k, v in values.items()})
    figures_record(user=hq, year=2030, month=2, values={staff["t1"].pk: 2})
    PostOfficePlan.objects.create(post_office=offices["C"], year=2030, target=30)
    PostOfficePlan.objects.create(post_office=offices["P"], year=2030, target=10)
    return {"province": province, "offices": offices}


def ranked(rows) -> list[tuple]:
    return [(r.name.removeprefix("Bưu điện "), r.month_figure, r.cumulative, r.annual_plan) for r in rows]


def test_a_parent_includes_its_subtree_and_the_province_total_counts_once(hq, tree):
    rows = office_tree(user=hq, province_id=tree["province"].pk, period=FEB).rows
    by_name = {row.name.removeprefix("Bưu điện "): row for row in rows.values()}
    assert (by_name["P"].cumulative, by_name["C"].cumulative, by_name["D"].cumulative) == (5, 13, 15)
    assert (by_name["C"].month_figure, by_name["D"].month_figure) == (6, 6)
    assert (by_name["C"].annual_plan, by_name["D"].annual_plan, by_name["C2"].annual_plan) == (40, 40, None)
    raw = MonthlyFigure.objects.filter(post_office__province=tree["province"], year=2030, month__lte=2)
    district_subtree = raw.filter(post_office__code__in=["TREE-D", "TREE-C", "TREE-C2", "TREE-P"])
    assert by_name["D"].cumulative == district_subtree.aggregate(total=Sum("new_participants"))["total"]

    (province_row,) = province_ranking(user=hq, period=FEB, province=tree["province"])
    top = post_office_ranking(user=hq, province=tree["province"], period=FEB)
    assert province_row.cumulative == 18 == raw.aggregate(total=Sum("new_participants"))["total"]
    assert sum(r.cumulative for r in top) == province_row.cumulative  # the top level sums to the province
    assert sum(r.month_figure for r in top) == province_row.month_figure == 8
    assert post_office_monthly(user=hq, post_office=tree["offices"]["D"], period=FEB) == {1: 9, 2: 6}


def test_the_ranking_read_at_a_level(hq, tree):
    province = tree["province"]
    # the top: offices without a parent; O closed before 2030 and has no figures then, so it is left out
    assert ranked(post_office_ranking(user=hq, province=province, period=FEB)) == [
        ("D", 6, 15, 40),
        ("T", 2, 3, None),
    ]
    assert ranked(post_office_ranking(user=hq, province=province, period=FEB, level=Kind.COMMUNE)) == [
        ("C", 6, 13, 40),
        ("C2", 0, 0, None),
    ]
    assert ranked(post_office_ranking(user=hq, province=province, period=FEB, level=Kind.CULTURAL_POINT)) == [
        ("P", 1, 5, 10)
    ]
    assert ranked(post_office_ranking(user=hq, province=province, period=FEB, level=Kind.DISTRICT)) == [
        ("D", 6, 15, 40)
    ]
    in_2029 = post_office_ranking(user=hq, province=province, period=Period(2029, 12), level=Kind.DISTRICT)
    assert [r.name for r in in_2029] == ["Bưu điện D", "Bưu điện O"]  # O was open then


def test_children_and_parents_of_an_office(hq, tree):
    offices = tree["offices"]
    result = office_tree(user=hq, province_id=tree["province"].pk, period=FEB, within=offices["C"].pk)
    assert ranked(result.children(offices["D"].pk)) == [("C", 6, 13, 40), ("C2", 0, 0, None)]
    assert [row.post_office_id for row in result.ancestors(offices["P"].pk)] == [offices["D"].pk, offices["C"].pk]
    assert result.rows[offices["C"].pk].cumulative == 13
    assert result.rows[offices["T"].pk].cumulative == 0  # outside C's subtree: not read
    assert not result.is_flat


def card(html: str, ident: str) -> str:
    return re.search(rf'id="{ident}">([^<]*)<', html).group(1)


def office_names(html: str, table_id: str) -> list[str]:
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return re.findall(r'href="/post-offices/\d+/(?:\?[^"]*)?">Bưu điện ([^<]+)</a>', table)


def test_province_page_of_a_tree_has_the_level_switch(client, hq, tree, django_assert_max_num_queries):
    client.force_login(hq)
    url = f"/provinces/{tree['province'].pk}/"
    with django_assert_max_num_queries(12):
        html = client.get(url, {"year": 2030, "month": 2}).content.decode()
    assert card(html, "province-cumulative") == "18"
    assert office_names(html, "post-office-ranking") == ["D", "T"]
    assert 'id="office-level-form"' in html and '<option value="top" selected>' in html
    table = html.split('id="post-office-ranking"')[1].split("</table>")[0]
    assert ">Loại<" in table and "Bưu điện huyện/khu vực" in table and "Bưu cục" in table  # the kind column
    html = client.get(url, {"year": 2030, "month": 2, "level": "commune"}).content.decode()
    assert office_names(html, "post-office-ranking") == ["C", "C2"]
    assert card(html, "province-cumulative") == "18"  # the level chooses rows, never the province's figures
    html = client.get(url, {"year": 2030, "month": 2, "level": "nonsense"}).content.decode()
    assert office_names(html, "post-office-ranking") == ["D", "T"]  # an unknown level: the top


def test_office_page_shows_its_subtree_children_and_parents(client, hq, tree, django_assert_max_num_queries):
    client.force_login(hq)
    offices = tree["offices"]
    with django_assert_max_num_queries(12):
        html = client.get(f"/post-offices/{offices['D'].pk}/", {"year": 2030, "month": 2}).content.decode()
    assert (card(html, "office-month"), card(html, "office-cumulative"), card(html, "office-plan")) == ("6", "15", "40")
    assert office_names(html, "post-office-children") == ["C", "C2"]
    children = html.split('id="post-office-children"')[1].split("</table>")[0]
    assert re.search(r"Bưu điện C</a>.*?>13<", children, re.S)
    html = client.get(f"/post-offices/{offices['P'].pk}/", {"year": 2030, "month": 2}).content.decode()
    breadcrumb = html.split('aria-label="breadcrumb"')[1].split("</ol>")[0]
    assert re.findall(r'href="/post-offices/(\d+)/', breadcrumb) == [str(offices["D"].pk), str(offices["C"].pk)]
    assert 'id="post-office-children"' not in html and card(html, "office-cumulative") == "5"


def test_the_demos_flat_province_page_lists_every_office_with_its_own_figures(client, hq):
    client.force_login(hq)
    daklak = Province.objects.get(scheme="63", code="66")
    html = client.get(f"/provinces/{daklak.pk}/", {"year": 2021, "month": 4, "po-sort": "name"}).content.decode()
    assert 'id="office-level-form"' not in html and ">Loại<" not in html
    table = html.split('id="post-office-ranking"')[1].split("</table>")[0]
    shown = re.findall(
        r'href="/post-offices/(\d+)/(?:\?[^"]*)?">[^<]+</a>.*?</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>[^<]*</td>'
        r"\s*<td[^>]*>([^<]*)</td>",
        table,
        re.S,
    )
    offices = PostOffice.objects.filter(province=daklak)
    assert len(shown) == min(30, offices.count()) and not offices.exclude(parent=None).exists()
    for pk, cumulative in shown:
        own = MonthlyFigure.objects.filter(post_office_id=pk, year=2021, month__lte=4)
        assert cumulative == f"{own.aggregate(t=Sum('new_participants'))['t'] or 0:,}".replace(",", ".")
