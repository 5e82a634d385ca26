"""The plans workbook: each province's plan and where it comes from, its offices' allocations, sum and difference."""

import pytest
from django.db.models import Sum

from core.period import Period
from enrollment.models import AnnualPlan, PostOfficePlan, Province
from enrollment.services.plans import plans_set, post_office_plans_set
from reports.exports.scope import ExportScope
from reports.exports.xlsx.writer import HEADER_ROW
from reports.selectors.restatement import View
from tests.reports.exports.xlsx_reading import APRIL_2021, read_sheet, report_bytes, table_rows, user

pytestmark = pytest.mark.django_db


def province_rows(sheet) -> dict[str, list]:
    """{province code: row values} of the bold province rows (those with a row number)."""
    return {row[1].value: [c.value for c in row] for row in table_rows(sheet) if isinstance(row[0].value, int)}


def test_each_province_has_its_plan_allocations_sum_and_difference(demo_data, django_assert_max_num_queries):
    daklak = Province.objects.get(scheme="63", code="66")
    office = PostOfficePlan.objects.filter(post_office__province=daklak, year=2021).order_by("post_office__code")[0]
    post_office_plans_set(
        user=user("manager-66"), province=daklak, year=2021, targets={office.post_office_id: office.target + 30}
    )
    with django_assert_max_num_queries(8):
        data = report_bytes("plans", "analyst")
    _, sheet = read_sheet(data)
    assert [c.value for c in sheet[HEADER_ROW]] == [
        "STT",
        "Mã",
        "Đơn vị",
        "Kế hoạch năm 2021",
        "Nguồn kế hoạch",
        "Phân bổ cho bưu điện",
        "Chênh lệch (phân bổ − kế hoạch)",
    ]
    provinces = province_rows(sheet)
    assert len(provinces) == 63
    plan = AnnualPlan.objects.get(province=daklak, year=2021).target
    allocated = PostOfficePlan.objects.filter(post_office__province=daklak, year=2021).aggregate(s=Sum("target"))["s"]
    assert provinces["66"][2:] == [daklak.name, plan, "kế hoạch được giao", allocated, allocated - plan]
    assert allocated - plan != 0  # the change above made them differ
    offices = [
        [c.value for c in row][1:]
        for row in table_rows(sheet)
        if row[0].value == "" or row[0].value is None
        if row[1].value and row[1].value.startswith(daklak.code)
    ]
    assert offices[0] == [office.post_office.code, office.post_office.name, None, None, office.target + 30, None]
    total = [c.value for c in table_rows(sheet)[-1]]
    national = AnnualPlan.objects.filter(year=2021).aggregate(s=Sum("target"))["s"]
    all_allocated = PostOfficePlan.objects.filter(year=2021).aggregate(s=Sum("target"))["s"]
    assert total[2:] == ["Tổng cộng toàn quốc", national, None, all_allocated, all_allocated - national]
    assert sheet.cell(row=HEADER_ROW + 1, column=4).number_format == "#,##0"


def test_restated_2025_shows_a_new_province_with_its_predecessors_sum(demo_data):
    hq = user("hq")
    old = {code: Province.objects.get(scheme="63", code=code) for code in ("66", "54")}
    plans_set(user=hq, year=2025, targets={old["66"].pk: 700, old["54"].pk: 300})
    data = report_bytes("plans", "hq", ExportScope(view=View.RESTATED), Period(2025, 12))
    _, sheet = read_sheet(data)
    assert any("Quy đổi theo địa giới hiện hành" in str(c.value) for c in sheet["A"][:HEADER_ROW])
    provinces = province_rows(sheet)
    assert len(provinces) == 34
    assert provinces["66"][3:5] == [1000, "tổng kế hoạch các tỉnh trước sáp nhập"]


def test_a_manager_gets_only_their_province(demo_data):
    data = report_bytes("plans", "manager-66", None, APRIL_2021)
    _, sheet = read_sheet(data)
    assert list(province_rows(sheet)) == ["66"]
