"""The submissions workbook: every province × month with its status, when and by whom."""

import datetime

import pytest

from enrollment.models import MonthStatus, Province
from reports.exports.xlsx.writer import DATETIME_FORMAT, HEADER_ROW
from tests.reports.exports.xlsx_reading import APRIL_2021, read_sheet, report_bytes, table_rows, user

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def statuses(demo_data):
    ha_noi = Province.objects.get(scheme="63", code="01")
    dak_lak = Province.objects.get(scheme="63", code="66")
    manager, hq = user("manager-01"), user("hq")
    MonthStatus.objects.create(
        province=ha_noi,
        year=2021,
        month=1,
        status=MonthStatus.Status.CLOSED,
        submitted_at=datetime.datetime(2021, 2, 3, 1, 30, tzinfo=UTC),  # 08:30 in Hà Nội
        submitted_by=manager,
        closed_at=datetime.datetime(2021, 2, 5, 17, 5, tzinfo=UTC),  # 00:05 the next day in Hà Nội
        closed_by=hq,
    )
    MonthStatus.objects.create(
        province=ha_noi,
        year=2021,
        month=2,
        status=MonthStatus.Status.SUBMITTED,
        submitted_at=datetime.datetime(2021, 3, 2, 3, 0, tzinfo=UTC),
        submitted_by=manager,
    )
    MonthStatus.objects.create(province=dak_lak, year=2021, month=5, status=MonthStatus.Status.CLOSED)  # after April


def build(username="analyst", period=APRIL_2021) -> bytes:
    return report_bytes("submissions", username, None, period)


def test_every_province_and_month_with_times_in_vietnam(statuses, django_assert_max_num_queries):
    # 6 before issue 14; the grids: provinces, statuses, the due date (rule, overrides), completeness 2 a month
    with django_assert_max_num_queries(16):
        data = build()
    _, sheet = read_sheet(data)
    assert [c.value for c in sheet[HEADER_ROW]][:5] == ["STT", "Mã tỉnh", "Tỉnh/thành phố", "Tháng", "Trạng thái"]
    rows = table_rows(sheet)
    detail = [r for r in rows if isinstance(r[0].value, int)]
    assert len(detail) == 63 * 4
    january, february, march = detail[0], detail[1], detail[2]
    assert [c.value for c in january[1:5]] == ["01", "Hà Nội", 1, "Đã khóa sổ"]
    assert january[5].value == datetime.datetime(2021, 2, 3, 8, 30) and january[5].number_format == DATETIME_FORMAT
    assert january[6].value == "manager-01"
    assert january[7].value == datetime.datetime(2021, 2, 6, 0, 5) and january[8].value == "hq"
    assert [c.value for c in february[4:7]] == ["Đã nộp", datetime.datetime(2021, 3, 2, 10, 0), "manager-01"]
    assert february[7].value is None
    assert [c.value for c in march[3:6]] == [3, "Đang mở", None]
    summary = {r[2].value: r[4].value for r in rows if not isinstance(r[0].value, int)}
    assert summary == {
        "Số tỉnh-tháng: Đã khóa sổ": 1,
        "Số tỉnh-tháng: Đã nộp": 1,
        "Số tỉnh-tháng: Đang mở": 63 * 4 - 2,
    }


def test_manager_sees_only_their_province(statuses):
    rows = table_rows(read_sheet(build(username="manager-66"))[1])
    detail = [r for r in rows if isinstance(r[0].value, int)]
    assert [(r[2].value, r[3].value, r[4].value) for r in detail] == [("Đắk Lắk", m, "Đang mở") for m in range(1, 5)]
