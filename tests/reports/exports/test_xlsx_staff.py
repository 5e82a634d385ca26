"""The staff performance workbook: one row per staff member, streamed; names stay text."""

import pytest
from django.db.models import Sum

from enrollment.models import MonthlyFigure, Staff
from reports.exports.scope import ExportScope, export_scope_resolve
from reports.exports.xlsx.writer import COUNT_FORMAT, HEADER_ROW
from reports.selectors.dashboard import national_totals, province_ranking
from tests.reports.exports.xlsx_reading import APRIL_2021, read_sheet, report_bytes, table_rows, user

pytestmark = pytest.mark.django_db
EVERYTHING = ExportScope()


def build(username="analyst", scope=EVERYTHING, period=APRIL_2021) -> bytes:
    return report_bytes("staff", username, scope, period)


def test_every_staff_member_with_months_lũy_kế_and_quota(demo_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # one streamed query whatever the number of staff
        data = build()
    _, sheet = read_sheet(data)
    assert sheet["A1"].value == "BÁO CÁO KẾT QUẢ CỦA CÁN BỘ NHÂN VIÊN"
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:6] == ["STT", "Mã nhân viên", "Họ và tên", "Bưu điện", "Tỉnh/thành phố", "Chỉ tiêu tháng"]
    assert header[6:] == ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Lũy kế đến tháng 4", "Số tháng đạt chỉ tiêu"]
    assert sheet.freeze_panes == f"D{HEADER_ROW + 1}"
    rows = table_rows(sheet)
    staff_rows, total = rows[:-1], rows[-1]
    assert len(staff_rows) == Staff.objects.count()
    assert [r[0].value for r in staff_rows[:3]] == [1, 2, 3]

    # the total row equals the dashboard's national totals, to the unit
    national = national_totals(rows=province_ranking(user=user("hq"), period=APRIL_2021), period=APRIL_2021)
    assert [c.value for c in total[6:11]] == [*national.monthly.values(), national.cumulative]
    assert [c.value for c in total[6:11]] == [17971, 9391, 28215, 20831, 76408]
    assert total[1].value == f"Tổng cộng ({len(staff_rows):,} nhân viên)".replace(",", ".")

    # one staff member by hand
    row = staff_rows[0]
    member = Staff.objects.get(employee_code=row[1].value)
    figures = dict(MonthlyFigure.objects.filter(staff=member, year=2021).values_list("month", "new_participants"))
    assert (row[2].value, row[3].value, row[5].value) == (
        member.full_name,
        member.post_office.name,
        member.monthly_quota,
    )
    assert [c.value for c in row[6:10]] == [figures.get(m) for m in range(1, 5)]
    assert row[10].value == sum(figures.values())
    assert row[11].value == sum(1 for v in figures.values() if v >= member.monthly_quota)
    assert all(isinstance(c.value, int) and c.number_format == COUNT_FORMAT for c in row[5:12])
    assert row[2].data_type == "s"


def test_months_quota_met_across_all_staff(demo_data):
    from django.db.models import F

    _, sheet = read_sheet(build())
    staff_rows = table_rows(sheet)[:-1]
    expected = MonthlyFigure.objects.filter(
        year=2021, month__lte=4, new_participants__gte=F("staff__monthly_quota")
    ).count()
    assert sum(r[11].value for r in staff_rows) == expected > 0


def test_a_name_starting_with_equals_stays_text(demo_data):
    member = Staff.objects.filter(post_office__province__code="66").order_by("employee_code").first()
    Staff.objects.filter(pk=member.pk).update(full_name='=HYPERLINK("http://x","bấm")')
    other = Staff.objects.filter(post_office__province__code="66").order_by("employee_code")[1]
    Staff.objects.filter(pk=other.pk).update(full_name="+1-2@x")
    scope = export_scope_resolve(user=user("analyst"), period=APRIL_2021, province_code="66")
    _, sheet = read_sheet(build(scope=scope))
    rows = {r[1].value: r for r in table_rows(sheet)}
    cell = rows[member.employee_code][2]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","bấm")' and cell.quotePrefix
    assert rows[other.employee_code][2].value == "+1-2@x" and rows[other.employee_code][2].data_type == "s"


def test_characters_no_spreadsheet_can_hold_are_dropped_not_a_crash(demo_data):
    member = Staff.objects.filter(post_office__province__code="66").order_by("employee_code").first()
    Staff.objects.filter(pk=member.pk).update(full_name="Lê\x07 Văn\uffff A")  # pasted into a name
    scope = export_scope_resolve(user=user("analyst"), period=APRIL_2021, province_code="66")
    _, sheet = read_sheet(build(scope=scope))
    assert {r[1].value: r for r in table_rows(sheet)}[member.employee_code][2].value == "Lê Văn A"


def test_province_scope_and_manager_scope_agree(demo_data):
    scope = export_scope_resolve(user=user("analyst"), period=APRIL_2021, province_code="66")
    from_analyst = [[c.value for c in r] for r in table_rows(read_sheet(build(scope=scope))[1])]
    from_manager = [[c.value for c in r] for r in table_rows(read_sheet(build(username="manager-66"))[1])]
    assert from_analyst == from_manager
    dak_lak = MonthlyFigure.objects.filter(post_office__province__code="66", post_office__province__scheme="63")
    assert from_manager[-1][10] == dak_lak.filter(year=2021, month__lte=4).aggregate(s=Sum("new_participants"))["s"]
    assert {r[4] for r in from_manager[:-1]} == {"Đắk Lắk"}


def test_memory_stays_flat_as_rows_grow(monkeypatch):
    """Peak Python memory while writing 1.000 rows is about that of 100 rows: rows go to disk as they come."""
    import tracemalloc

    from django.utils import timezone

    from reports.exports import selectors as export_selectors
    from reports.exports.selectors import StaffMonthsRow
    from reports.exports.xlsx import staff as staff_module
    from reports.exports.xlsx.writer import ReportHeading, workbook_to_tempfile

    def peak_for(count: int) -> int:
        rows = (
            StaffMonthsRow(f"VNP{n:08d}", f"Nguyễn Văn {n}", f"Bưu điện xã {n % 300}", "Hà Nội", 2, [n % 7] * 4, 3)
            for n in range(count)
        )
        monkeypatch.setattr(export_selectors, "staff_rows", lambda **kwargs: rows)
        heading = ReportHeading("X", APRIL_2021, "Toàn quốc", "test", timezone.now())
        tracemalloc.start()
        workbook = staff_module.staff_workbook(user=None, period=APRIL_2021, scope=EVERYTHING, heading=heading)
        workbook_to_tempfile(workbook).close()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_for(100), peak_for(1000)
    assert large < small * 1.5 + 256 * 1024, (small, large)
