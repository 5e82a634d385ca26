"""Every Excel report reads the view and says which (issue 13, item 3): restated by default across 1/7/2025.

The national and province reports' restated rows are tested in tests/reports/test_restated_pages.py; here the
staff and submissions reports, the default of the download page and of the command, and LibreOffice reading one.
Data: tests/reports/restated_world.py (old Đắk Lắk 66 + Phú Yên 54 → new Đắk Lắk 66).
"""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from core.period import Period
from enrollment.models import MonthlyFigure, MonthStatus
from reports.exports.scope import export_scope_resolve
from reports.exports.xlsx import report_build
from reports.selectors.dashboard import province_ranking
from reports.selectors.restatement import View
from tests.reports.exports.xlsx_reading import libreoffice_csv, read_sheet, table_rows
from tests.reports.restated_world import restated_world

DEC_2025 = Period(2025, 12)
RESTATED_LINE, REPORTED_LINE = "Cách tính: Quy đổi theo địa giới hiện hành", "Cách tính: Theo số liệu báo cáo"
OLD, NEW = "63 tỉnh (đến 30/06/2025)", "34 tỉnh (từ 01/07/2025)"
CUMULATIVE = 6 + DEC_2025.month  # staff report: STT, code, name, office, province, quota, months…, lũy kế


@pytest.fixture
def world(demo_data):
    return restated_world()


def build(world, name: str, view: str, province_code: str = "", period: Period = DEC_2025):
    scope = export_scope_resolve(user=world["hq"], period=period, province_code=province_code, view=view)
    with report_build(name=name, user=world["hq"], period=period, scope=scope) as handle:
        return read_sheet(handle.read())[1]


def dak_lak_row(world, view: str):
    (row,) = [r for r in province_ranking(user=world["hq"], period=DEC_2025, view=view) if r.code == "66"]
    return row


def test_staff_report_restated_keeps_the_predecessors_people_labelled_and_sums_to_the_row(world):
    sheet = build(world, "staff", View.RESTATED, "66")
    assert sheet["A6"].value == RESTATED_LINE
    rows = table_rows(sheet)
    people, total = rows[:-1], rows[-1]
    by_code = {r[1].value: r for r in people}
    assert by_code["R63-54-0"][4].value == f"Phú Yên · {OLD}"
    assert by_code["R63-66-0"][4].value == f"Đắk Lắk · {OLD}" and by_code["R34-66-0"][4].value == f"Đắk Lắk · {NEW}"
    assert by_code["R63-54-0"][CUMULATIVE].value == 6 * 20 + 21  # January–June at old Phú Yên
    assert not any(code.startswith(("R63-82", "R63-87", "R34-82")) for code in by_code)
    assert (
        total[CUMULATIVE].value == sum(r[CUMULATIVE].value for r in people) == dak_lak_row(world, "restated").cumulative
    )


def test_staff_report_as_reported_in_december_2025_is_the_new_map_only(world):
    sheet = build(world, "staff", View.REPORTED, "66")
    assert sheet["A6"].value == REPORTED_LINE
    rows = table_rows(sheet)
    codes = {r[1].value for r in rows[:-1]}
    assert {"R34-66-0", "R34-66-1"} <= codes and not any(code.startswith("R63") for code in codes)
    assert {r[4].value for r in rows[:-1]} == {"Đắk Lắk"}  # one province: no scheme to tell apart
    assert rows[-1][CUMULATIVE].value == dak_lak_row(world, "reported").cumulative


def test_national_staff_report_restated_holds_every_2025_figure(world):
    rows = table_rows(build(world, "staff", View.RESTATED))
    every = MonthlyFigure.objects.filter(year=2025).aggregate(t=Sum("new_participants"))["t"]
    assert rows[-1][CUMULATIVE].value == every > 0


def test_submissions_restated_lists_todays_provinces_with_the_least_advanced_predecessor(world):
    p = world["provinces"]  # figures_record made the month rows (its locks): set their status
    MonthStatus.objects.filter(province=p["63", "66"], year=2025, month=3).update(status=MonthStatus.Status.CLOSED)
    MonthStatus.objects.filter(province=p["63", "54"], year=2025, month=3).update(status=MonthStatus.Status.SUBMITTED)
    MonthStatus.objects.filter(province=p["63", "82"], year=2025, month=3).update(status=MonthStatus.Status.CLOSED)
    MonthStatus.objects.filter(province=p["63", "87"], year=2025, month=3).update(status=MonthStatus.Status.CLOSED)
    sheet = build(world, "submissions", View.RESTATED)
    assert sheet["A6"].value == RESTATED_LINE
    detail = [r for r in table_rows(sheet) if isinstance(r[0].value, int)]
    assert len(detail) == 34 * 12
    status = {(r[1].value, r[2].value, r[3].value): r[4].value for r in detail}
    assert status["66", "Đắk Lắk", 3] == "Đã nộp"  # Phú Yên only submitted: not closed yet, restated
    assert status["82", "Đồng Tháp", 3] == "Đã khóa sổ"  # Tiền Giang and old Đồng Tháp both closed
    reported = [r for r in table_rows(build(world, "submissions", View.REPORTED)) if isinstance(r[0].value, int)]
    assert len(reported) == 63 * 6 + 34 * 6  # each month on the map in force then
    as_reported = {(r[1].value, r[2].value, r[3].value): r[4].value for r in reported}
    assert as_reported["66", "Đắk Lắk", 3] == "Đã khóa sổ" and as_reported["54", "Phú Yên", 3] == "Đã nộp"
    assert ("54", "Phú Yên", 7) not in as_reported and as_reported["66", "Đắk Lắk", 7] == "Đang mở"


def test_the_download_page_reads_2025_restated_by_default_and_as_reported_when_asked(world, client):
    client.force_login(world["hq"])
    for query, line in (("", RESTATED_LINE), ("&view=reported", REPORTED_LINE)):
        for report in ("national", "province", "staff", "submissions"):
            province = "&province=66" if report == "province" else ""
            response = client.get(f"/exports/download/?report={report}&year=2025&through_month=12{province}{query}")
            assert response.status_code == 200, report
            _, sheet = read_sheet(b"".join(response.streaming_content))
            assert sheet["A6"].value == line, (report, query)


def test_the_command_reads_2025_restated_by_default_and_libreoffice_opens_it(world, tmp_path):
    output = tmp_path / "staff.xlsx"
    args = ["export_report", "staff", "--year", "2025", "--through-month", "12", "--province", "66", "-o", str(output)]
    call_command(*args, stdout=io.StringIO())
    rows = libreoffice_csv(output, tmp_path)
    assert rows[5][0] == RESTATED_LINE
    body = [r for r in rows[7:] if any(r)]
    assert body[-1][1].startswith("Tổng cộng (")
    assert int(body[-1][CUMULATIVE].replace(",", "")) == dak_lak_row(world, "restated").cumulative
    assert {r[4] for r in body[:-1]} >= {f"Phú Yên · {OLD}", f"Đắk Lắk · {NEW}"}
    reported = tmp_path / "reported.xlsx"
    call_command(*args[:-1], str(reported), "--view", "reported", stdout=io.StringIO())
    assert read_sheet(reported)[1]["A6"].value == REPORTED_LINE
