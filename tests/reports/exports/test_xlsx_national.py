"""The national summary workbook, read back with openpyxl and checked against the dashboard's selectors."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from core.period import Period
from reports.exports.scope import ExportScope, export_scope_resolve
from reports.exports.xlsx import report_build
from reports.exports.xlsx.writer import COUNT_FORMAT, HEADER_ROW, PERCENT_FORMAT
from reports.selectors.dashboard import province_ranking
from tests.reports.exports.xlsx_reading import APRIL_2021, read_sheet, report_bytes, table_rows, user
from tests.reports.test_summary_page import TOP10

pytestmark = pytest.mark.django_db
EVERYTHING = ExportScope()


def build(username="analyst", scope=EVERYTHING, period=APRIL_2021) -> bytes:
    return report_bytes("national", username, scope, period)


def test_national_summary_holds_the_article(demo_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = build()
    workbook, sheet = read_sheet(data)
    assert sheet["A1"].value.startswith("BÁO CÁO TỔNG HỢP")
    assert "tháng 01–04/2021" in sheet["A2"].value
    assert sheet["A3"].value == "Phạm vi: Toàn quốc"
    assert sheet["A4"].value == "Số liệu tính đến: 30/04/2021"
    assert sheet["A5"].value.startswith("Lập lúc: ") and "(analyst)" in sheet["A5"].value
    stamp = sheet["A5"].value.removeprefix("Lập lúc: ")[:16]
    datetime.datetime.strptime(stamp, "%d/%m/%Y %H:%M")  # dd/mm/yyyy HH:MM
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header == [
        "STT",
        "Đơn vị",
        "Kế hoạch năm 2021",
        "Thực hiện tháng 1",
        "Thực hiện tháng 2",
        "Thực hiện tháng 3",
        "Thực hiện tháng 4",
        "Lũy kế đến tháng 4",
        "Tỷ lệ % so với KH",
        "Xếp hạng",
    ]
    assert sheet.freeze_panes == f"C{HEADER_ROW + 1}"
    assert sheet.column_dimensions["B"].width == 30

    rows = table_rows(sheet)
    total = rows[-1]
    assert total[1].value == "Tổng cộng toàn quốc"
    assert [c.value for c in total[3:8]] == [17971, 9391, 28215, 20831, 76408]
    assert all(isinstance(c.value, int) and c.number_format == COUNT_FORMAT for c in total[2:8])
    assert total[8].value == pytest.approx(0.19) and total[8].number_format == PERCENT_FORMAT

    provinces = [r for r in rows[:-1] if isinstance(r[0].value, int)]
    regions = [r for r in rows[:-1] if isinstance(r[0].value, str)]
    assert len(provinces) == 63 and [r[0].value for r in regions] == ["I", "II", "III", "IV", "V", "VI"]
    assert [r[0].value for r in provinces] == list(range(1, 64))
    ranked = sorted((r for r in provinces if r[9].value), key=lambda r: r[9].value)
    assert [r[1].value for r in ranked[:10]] == TOP10
    assert ranked[0][8].value == pytest.approx(0.733)

    # every figure equals the dashboard's selectors, to the unit
    ranking = {r.name: r for r in province_ranking(user=user("hq"), period=APRIL_2021)}
    for row in provinces:
        expected = ranking[row[1].value]
        assert [c.value for c in row[2:8]] == [expected.annual_plan, *expected.monthly.values(), expected.cumulative]
        assert row[8].value == pytest.approx(float(expected.plan_percent) / 100)
        assert row[9].value == expected.rank
    # region subtotals add up to the national total
    assert sum(r[7].value for r in regions) == 76408
    assert sum(r[2].value for r in regions) == total[2].value
    assert workbook.sheetnames == ["Tổng hợp"]


def test_national_summary_has_a_native_bar_chart(demo_data):
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(build()))
    charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 1
    xml = archive.read(charts[0]).decode()
    assert "<barChart>" in xml and '<barDir val="col"' in xml
    total_row = HEADER_ROW + 63 + 6 + 1
    assert f"'Tổng hợp'!$D${total_row}:$G${total_row}" in xml  # the national total row, months 1–4
    assert f"'Tổng hợp'!$D${HEADER_ROW}:$G${HEADER_ROW}" in xml  # categories: the month headers


def test_region_scope_keeps_the_region_and_its_subtotal(demo_data):
    scope = export_scope_resolve(user=user("analyst"), period=APRIL_2021, region_code="TN")
    _, sheet = read_sheet(build(scope=scope))
    rows = table_rows(sheet)
    assert sheet["A3"].value == "Phạm vi: Vùng Tây Nguyên"
    names = [r[1].value for r in rows]
    assert names[0] == "Tây Nguyên" and names[-1] == "Tổng cộng" and len(rows) == 5 + 2
    assert "Đắk Lắk" in names and rows[0][7].value == rows[-1][7].value


def test_manager_gets_only_their_own_province(demo_data):
    _, sheet = read_sheet(build(username="manager-66"))
    rows = table_rows(sheet)
    assert [r[1].value for r in rows] == ["Tây Nguyên", "Đắk Lắk", "Tổng cộng toàn quốc"]
    ranking = {r.name: r for r in province_ranking(user=user("hq"), period=APRIL_2021)}
    assert rows[1][7].value == ranking["Đắk Lắk"].cumulative


def test_command_line_writes_the_same_figures(demo_data, tmp_path):
    output = tmp_path / "tong-hop.xlsx"
    call_command(
        "export_report",
        "national",
        "--year",
        "2021",
        "--through-month",
        "4",
        "-o",
        str(output),
        stdout=open(tmp_path / "log", "w"),
    )
    _, from_cli = read_sheet(output)
    _, from_page = read_sheet(build())
    assert (
        from_cli["A1"].value.startswith("BÁO CÁO TỔNG HỢP") and from_cli[HEADER_ROW][0].value == "STT"
    )  # vi by default
    assert [[c.value for c in r] for r in table_rows(from_cli)] == [[c.value for c in r] for r in table_rows(from_page)]
    assert "export_report (dòng lệnh)" in from_cli["A5"].value


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--province", "99"], "Không có tỉnh mã 99"),
        (["--user", "manager-66", "--province", "01"], "Không có tỉnh mã 01"),
        (["--region", "XX"], "Không có vùng mã XX"),
        (["--user", "nobody"], "Không có người dùng nobody"),
    ],
)
def test_command_line_refuses_what_it_cannot_do(demo_data, tmp_path, extra, message):
    output = tmp_path / "x.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command("export_report", "national", "--year", "2021", "--through-month", "4", "-o", str(output), *extra)
    assert not output.exists()


def test_command_line_with_a_manager_scope(demo_data, tmp_path):
    output = tmp_path / "dak-lak.xlsx"
    args = ["--year", "2021", "--through-month", "4", "--user", "manager-66", "-o", str(output)]
    call_command("export_report", "national", *args, stdout=open(tmp_path / "log", "w"))
    _, sheet = read_sheet(output)
    assert [r[1].value for r in table_rows(sheet)] == ["Tây Nguyên", "Đắk Lắk", "Tổng cộng toàn quốc"]
    assert "(manager-66)" in sheet["A5"].value


@pytest.mark.parametrize("report", ["national", "province", "staff", "submissions"])
def test_a_month_of_the_34_province_scheme_without_figures(demo_data, report):
    """After July 2025: the 34 provinces in their six provisional regions, no figures — every report still builds."""
    with report_build(name=report, user=user("analyst"), period=Period(2026, 1), scope=EVERYTHING) as handle:
        _, sheet = read_sheet(handle.read())
    rows = table_rows(sheet)
    assert "tháng 01–01/2026" in sheet["A2"].value
    if report == "national":
        # STT, Đơn vị, Kế hoạch, Tháng 1, Lũy kế, Tỷ lệ, Xếp hạng: no plan yet, so no percentage
        assert len(rows) == 34 + 6 + 1 and rows[-1][4].value == 0 and rows[-1][5].value is None
        subtotals = [r[1].value for r in rows[:-1] if not isinstance(r[0].value, int)]  # the six region rows
        assert subtotals[0] == "Trung du và miền núi phía Bắc (tạm thời)" and len(subtotals) == 6
    elif report == "submissions":
        assert len([r for r in rows if isinstance(r[0].value, int)]) == 34
    else:
        assert any(str(c.value).startswith("Tổng cộng") for c in rows[-1]) and len(rows) == 1
