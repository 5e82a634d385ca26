"""Completeness and timeliness on the dashboard (national, per province) and as grids in the submissions Excel."""

import datetime

import pytest
from django.test import Client
from openpyxl import load_workbook

from enrollment.models import DeadlineOverride, MonthStatus, Province, Staff
from enrollment.services.months import month_submit
from reports.exports.xlsx.writer import HEADER_ROW, PERCENT_FORMAT
from tests.conftest import demo_user
from tests.reports.exports.xlsx_reading import report_bytes

pytestmark = pytest.mark.django_db
VN = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def cycle_world(demo_data):
    """Đắk Lắk submitted April on time; Hà Nội submitted it 3 days late; one Đắk Lắk person has no April figure."""
    daklak = Province.objects.get(scheme="63", code="66")
    hanoi = Province.objects.get(scheme="63", code="01")
    office = daklak.post_offices.order_by("code").first()
    Staff.objects.create(
        employee_code="GAP001", full_name="Chưa nhập", post_office=office, active_from=datetime.date(2021, 1, 1)
    )
    month_submit(user=demo_user("manager-66"), province=daklak, year=2021, month=4, accept_gaps=True)
    MonthStatus.objects.filter(province=daklak, year=2021, month=4).update(
        submitted_at=datetime.datetime(2021, 5, 4, 9, tzinfo=VN)
    )
    MonthStatus.objects.create(
        province=hanoi, year=2021, month=4, status="submitted", submitted_at=datetime.datetime(2021, 5, 8, 9, tzinfo=VN)
    )
    return daklak, hanoi


def test_the_dashboard_shows_completeness_and_timeliness(cycle_world):
    client = Client()
    client.force_login(demo_user("hq"))
    response = client.get("/", {"year": 2021, "month": 4})
    html = response.content.decode()
    cycle = response.context["cycle"]
    assert cycle.due_date == datetime.date(2021, 5, 5) and cycle.on_time == 1 and cycle.late == 62
    assert cycle.with_figure == cycle.people - 1
    national = html.split('id="cycle-national">')[1].split("</p>")[0]
    assert f"{cycle.with_figure:,}".replace(",", ".") in national and "Đúng hạn: 1 · Trễ: 62" in national
    daklak_row = html.split('id="cycle-provinces"')[1].split('data-province="66">')[1].split("</tr>")[0]
    assert "Đúng hạn" in daklak_row and "%" in daklak_row
    hanoi_row = html.split('id="cycle-provinces"')[1].split('data-province="01">')[1].split("</tr>")[0]
    assert "Trễ 3 ngày" in hanoi_row and "100,0%" in hanoi_row


def test_the_submissions_excel_has_the_province_by_month_grids(cycle_world):
    DeadlineOverride.objects.create(year=2021, month=3, due_date=datetime.date(2030, 1, 1))  # March: not due yet
    workbook = load_workbook(__import__("io").BytesIO(report_bytes("submissions", "analyst")))
    completeness, timeliness = workbook["Mức đầy đủ"], workbook["Đúng hạn"]
    header = [c.value for c in completeness[HEADER_ROW]]
    assert header == ["Mã tỉnh", "Tỉnh/thành phố", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4"]
    rows = {r[0].value: r for r in completeness.iter_rows(min_row=HEADER_ROW + 1) if r[0].value}
    assert len(rows) == 63
    daklak_april = rows["66"][5]
    assert daklak_april.number_format == PERCENT_FORMAT and 0.9 < daklak_april.value < 1
    assert rows["01"][5].value == 1.0
    late = {r[0].value: [c.value for c in r] for r in timeliness.iter_rows(min_row=HEADER_ROW + 1) if r[0].value}
    assert late["66"][5] == "Đúng hạn" and late["01"][5] == "Trễ 3 ngày"
    assert late["01"][4] == "Chưa đến hạn" and late["01"][3].startswith("Chưa nộp, trễ")
    totals = [c.value for c in list(timeliness.iter_rows(min_row=HEADER_ROW + 1))[-1]]
    assert totals[1] == "Số tỉnh trễ hạn" and totals[5] == 62 and totals[4] == 0
