"""Every report opened by a real spreadsheet program: LibreOffice headless converts it to CSV."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from enrollment.models import MonthStatus, Province, Staff
from tests.reports.exports.xlsx_reading import libreoffice_csv
from tests.reports.test_summary_page import TOP10

# No skip: `make test` installs LibreOffice Calc (scripts/system-deps.sh); without it these fail loudly.
pytestmark = pytest.mark.django_db


def export(tmp_path, report: str, *extra: str):
    output = tmp_path / f"{report}.xlsx"
    args = ["export_report", report, "--year", "2021", "--through-month", "4", "-o", str(output), *extra]
    call_command(*args, stdout=open(tmp_path / "log.txt", "w"))
    return output


def table(rows: list[list[str]]) -> list[list[str]]:
    """The CSV rows below the column headers (row 7), without blank lines."""
    return [r for r in rows[7:] if any(r)]


def test_national_summary_in_libreoffice(demo_data, tmp_path):
    rows = libreoffice_csv(export(tmp_path, "national"), tmp_path)
    assert rows[0][0] == "BÁO CÁO TỔNG HỢP PHÁT TRIỂN NGƯỜI THAM GIA BHXH TỰ NGUYỆN"
    assert rows[3][0] == "Số liệu tính đến: 30/04/2021"
    assert rows[6][:3] == ["STT", "Đơn vị", "Kế hoạch năm 2021"] and rows[6][-1] == "Xếp hạng"
    body = table(rows)
    # formatted as LibreOffice shows them (en-US): numbers kept their #,##0 and 0.0% formats
    assert body[-1][1:9] == ["Tổng cộng toàn quốc", "401,990", "17,971", "9,391", "28,215", "20,831", "76,408", "19.0%"]
    by_rank = {int(r[9]): r for r in body if r[9]}
    assert [by_rank[rank][1] for rank in range(1, 11)] == TOP10
    assert by_rank[1][8] == "73.3%"
    assert [r[0] for r in body if r[0] and not r[0].isdigit()] == ["I", "II", "III", "IV", "V", "VI"]


def test_staff_report_in_libreoffice_keeps_a_formula_looking_name_as_text(demo_data, tmp_path):
    member = Staff.objects.filter(post_office__province__code="66").order_by("employee_code").first()
    Staff.objects.filter(pk=member.pk).update(full_name="=1+1")
    rows = libreoffice_csv(export(tmp_path, "staff", "--province", "66"), tmp_path)
    body = table(rows)
    by_code = {r[1]: r for r in body}
    assert by_code[member.employee_code][2] == "=1+1"  # not 2: LibreOffice did not evaluate it
    total = body[-1]
    assert total[1].startswith("Tổng cộng (") and total[10] == f"{_dak_lak_cumulative():,}"
    assert sum(int(r[10].replace(",", "")) for r in body[:-1]) == _dak_lak_cumulative()


def _dak_lak_cumulative() -> int:
    from core.period import Period
    from reports.selectors.dashboard import province_ranking

    hq = get_user_model().objects.get(username="hq")
    rows = province_ranking(user=hq, period=Period(2021, 4))
    return next(r.cumulative for r in rows if r.name == "Đắk Lắk")


def test_province_detail_in_libreoffice(demo_data, tmp_path):
    rows = libreoffice_csv(export(tmp_path, "province", "--province", "66"), tmp_path)
    body = table(rows)
    total, province_plan = body[-2], body[-1]
    assert total[2] == "Tổng cộng" and total[9] == f"{_dak_lak_cumulative():,}"
    assert province_plan[2] == "Kế hoạch năm của tỉnh (Tổng công ty giao)" and province_plan[10] == "73.3%"


def test_submissions_in_libreoffice(demo_data, tmp_path):
    MonthStatus.objects.create(
        province=Province.objects.get(scheme="63", code="01"),
        year=2021,
        month=1,
        status=MonthStatus.Status.SUBMITTED,
        submitted_at=datetime.datetime(2021, 2, 3, 1, 30, tzinfo=datetime.UTC),
        submitted_by=get_user_model().objects.get(username="manager-01"),
    )
    rows = libreoffice_csv(export(tmp_path, "submissions"), tmp_path)
    body = table(rows)
    assert body[0][1:7] == ["01", "Hà Nội", "1", "Đã nộp", "03/02/2021 08:30", "manager-01"]
    assert body[1][1:6] == ["01", "Hà Nội", "2", "Đang mở", ""]
    assert len([r for r in body if r[0].isdigit()]) == 63 * 4
