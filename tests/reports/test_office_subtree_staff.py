"""A parent office's staff list covers its subtree and sums to its total, every month, across transfers (issue 13).

World of 2030 (34-province scheme), figures through figures_record, people moved through staff_transfer:
  D district ── C1 commune ── P cultural point
             └─ C2 commune
  a: C1, moved to C2 on 1/3 · d: P, moved to D on 1/2 · b: C2 · c: D
"""

import datetime
import re

import pytest

from core.period import Period
from enrollment.models import PostOffice, Province, Staff
from enrollment.services.figures import figures_record
from enrollment.services.placements import staff_transfer
from reports.models import ProvinceMonthTotal
from reports.selectors.offices import office_tree
from reports.selectors.staff import quota_attainment, staff_leaderboard

Kind = PostOffice.Kind
FIGURES = {1: {"a": 3, "b": 2, "c": 1, "d": 4}, 2: {"a": 5, "b": 1, "c": 2, "d": 6}, 3: {"a": 7, "b": 2, "d": 1}}


@pytest.fixture
def subtree(hq):
    province = Province.objects.filter(scheme="34").order_by("code").last()
    offices: dict[str, PostOffice] = {}
    for name, kind, parent in (("D", Kind.DISTRICT, None), ("C1", Kind.COMMUNE, "D"), ("C2", Kind.COMMUNE, "D")):
        offices[name] = PostOffice.objects.create(
            province=province, code=f"SUB-{name}", name=f"BĐ {name}", kind=kind, parent=offices.get(parent)
        )
    offices["P"] = PostOffice.objects.create(
        province=province, code="SUB-P", name="BĐ P", kind=Kind.CULTURAL_POINT, parent=offices["C1"]
    )
    people = {
        name: Staff.objects.create(
            employee_code=f"SUB-{name}",
            full_name=f"Người {name}",
            post_office=offices[office],
            active_from=datetime.date(2029, 1, 1),
            monthly_quota=2,
        )
        for name, office in (("a", "C1"), ("b", "C2"), ("c", "D"), ("d", "P"))
    }
    moves = {2: [("d", "D")], 3: [("a", "C2")]}
    for month, values in FIGURES.items():
        for who, where in moves.get(month, []):
            staff_transfer(user=hq, staff=people[who], post_office=offices[where], on=datetime.date(2030, month, 1))
        figures_record(user=hq, year=2030, month=month, values={people[k].pk: v for k, v in values.items()})
    return {"province": province, "offices": offices, "people": people}


@pytest.mark.parametrize("month", [1, 2, 3])
def test_every_offices_staff_list_sums_to_its_total_which_includes_its_children(hq, subtree, month):
    period = Period(2030, month)
    tree = office_tree(user=hq, province_id=subtree["province"].pk, period=period)
    for name, office in subtree["offices"].items():
        board = list(staff_leaderboard(user=hq, period=period, post_office=office, including=tree.subtree(office.pk)))
        row = tree.rows[office.pk]
        assert sum(s.cumulative for s in board) == row.cumulative, (month, name)
        assert sum(s.month_figure for s in board) == row.month_figure, (month, name)
    # the parent's total is every figure of the month: its children's are in it
    district = tree.rows[subtree["offices"]["D"].pk]
    assert district.month_figure == sum(FIGURES[month].values())
    province_total = ProvinceMonthTotal.objects.filter(province=subtree["province"], year=2030, month__lte=month)
    assert district.cumulative == sum(province_total.values_list("total", flat=True))


def test_a_person_counts_in_the_subtree_where_each_figure_was_earned(hq, subtree):
    period, o, a = Period(2030, 3), subtree["offices"], subtree["people"]["a"]
    tree = office_tree(user=hq, province_id=subtree["province"].pk, period=period)
    district = staff_leaderboard(user=hq, period=period, post_office=o["D"], including=tree.subtree(o["D"].pk))
    rows_of_a = sorted((s.office_name, s.cumulative) for s in district if s.pk == a.pk)
    assert rows_of_a == [("BĐ C1", 3 + 5), ("BĐ C2", 7)]  # one row per office earned at, never carried along
    commune = staff_leaderboard(user=hq, period=period, post_office=o["C1"], including=tree.subtree(o["C1"].pk))
    assert {(s.employee_code, s.office_name, s.cumulative) for s in commune} == {
        ("SUB-a", "BĐ C1", 8),
        ("SUB-d", "BĐ P", 4),  # d earned January at P, under C1, before moving to D
    }
    attainment = quota_attainment(user=hq, period=period, post_office=o["D"], including=tree.subtree(o["D"].pk))
    assert (attainment.active_staff, attainment.met) == (4, 2)  # a 7 and b 2 reach 2; d 1 and c (none) do not


def test_the_parent_office_page_lists_its_subtrees_staff_summing_to_its_card(client, hq, subtree):
    client.force_login(hq)
    html = client.get(f"/post-offices/{subtree['offices']['D'].pk}/", {"year": 2030, "month": 3}).content.decode()
    cumulative = int(re.search(r'id="office-cumulative">([^<]*)<', html).group(1).replace(".", ""))
    board = html.split('id="staff-leaderboard"')[1].split("</table>")[0].split("<tbody")[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", board, re.S)
    cells = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]
    # code, name, office, quota, month, lũy kế, months met
    assert {(c[0], c[2]) for c in cells} == {
        ("SUB-a", "BĐ C1"),
        ("SUB-a", "BĐ C2"),
        ("SUB-b", "BĐ C2"),
        ("SUB-c", "BĐ D"),
        ("SUB-d", "BĐ P"),
        ("SUB-d", "BĐ D"),
    }
    assert sum(int(c[5]) for c in cells) == cumulative == sum(sum(v.values()) for v in FIGURES.values())
