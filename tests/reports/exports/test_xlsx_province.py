"""The province detail workbook: post offices × months, plan allocation, % of plan."""

import pytest
from django.db.models import Sum

from core import maths
from enrollment.models import MonthlyFigure, PostOffice, PostOfficePlan
from reports.exports.scope import export_scope_resolve
from reports.exports.xlsx.writer import COUNT_FORMAT, HEADER_ROW, PERCENT_FORMAT
from reports.selectors.dashboard import province_ranking
from tests.reports.exports.xlsx_reading import APRIL_2021, read_sheet, report_bytes, table_rows, user

pytestmark = pytest.mark.django_db


def build(username="analyst", scope=None, period=APRIL_2021) -> bytes:
    return report_bytes("province", username, scope, period)


def test_one_province_matches_the_dashboard(demo_data, django_assert_max_num_queries):
    scope = export_scope_resolve(user=user("analyst"), period=APRIL_2021, province_code="66")
    with django_assert_max_num_queries(6):
        data = build(scope=scope)
    _, sheet = read_sheet(data)
    assert sheet["A3"].value == "Phạm vi: Tỉnh Đắk Lắk"
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:5] == ["STT", "Mã đơn vị", "Bưu điện", "Tỉnh/thành phố", "Kế hoạch năm 2021 (phân bổ)"]
    assert header[-2:] == ["Lũy kế đến tháng 4", "Tỷ lệ % so với KH"]
    rows = table_rows(sheet)
    offices, total, province_plan = rows[:-2], rows[-2], rows[-1]
    assert len(offices) == PostOffice.objects.filter(province=scope.province).count()

    dak_lak = next(
        r for r in province_ranking(user=user("hq"), period=APRIL_2021) if r.province_id == scope.province.pk
    )
    assert total[2].value == "Tổng cộng"
    assert [c.value for c in total[5:10]] == [*dak_lak.monthly.values(), dak_lak.cumulative]
    assert province_plan[4].value == dak_lak.annual_plan == total[4].value  # the demo allocates the whole plan
    assert province_plan[10].value == pytest.approx(0.733)  # Đắk Lắk: 73,3% of plan, as published
    assert province_plan[10].number_format == PERCENT_FORMAT

    office = PostOffice.objects.get(code=offices[0][1].value)
    plan = PostOfficePlan.objects.get(post_office=office, year=2021).target
    figures = MonthlyFigure.objects.filter(post_office=office, year=2021, month__lte=4)
    by_month = dict(figures.values_list("month").annotate(s=Sum("new_participants")))
    first = offices[0]
    assert [c.value for c in first[4:10]] == [plan, *[by_month[m] for m in range(1, 5)], sum(by_month.values())]
    assert first[10].value == pytest.approx(float(maths.plan_percent(sum(by_month.values()), plan)) / 100)
    assert all(isinstance(c.value, int) and c.number_format == COUNT_FORMAT for c in first[4:10])


def test_allocation_that_does_not_add_up_is_flagged(demo_data):
    scope = export_scope_resolve(user=user("analyst"), period=APRIL_2021, province_code="66")
    PostOfficePlan.objects.filter(post_office__province=scope.province).order_by("pk").first().delete()
    rows = table_rows(read_sheet(build(scope=scope))[1])
    assert rows[-1][2].value.startswith("Lưu ý: phân bổ cho các bưu điện")


def test_national_scope_totals_equal_the_national_summary(demo_data):
    rows = table_rows(read_sheet(build())[1])
    total = rows[-1]
    assert total[2].value == "Tổng cộng" and [c.value for c in total[5:10]] == [17971, 9391, 28215, 20831, 76408]
    assert len({r[3].value for r in rows[:-1]}) == 63


def test_manager_gets_their_province_only(demo_data):
    rows = table_rows(read_sheet(build(username="manager-66"))[1])
    assert {r[3].value for r in rows[:-1]} == {"Đắk Lắk"}
