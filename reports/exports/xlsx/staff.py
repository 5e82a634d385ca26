"""Staff performance: every staff member in scope × months, lũy kế, quota and months the quota was met.

The big report (tens of thousands of rows at national scale): rows stream from
`staff_months` (one aggregate query read in chunks) straight into a write_only sheet, so
memory stays flat as rows grow. Names are user-entered text and always stored as text.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.formats import count_text
from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.selectors import StaffMonthsRow, staff_months
from reports.exports.xlsx.writer import HEADER_ROW, ReportHeading, SheetWriter, month_columns, workbook_new


def headers(period: Period) -> list[str]:
    return [
        _("STT"),
        _("Mã nhân viên"),
        _("Họ và tên"),
        _("Bưu điện"),
        _("Tỉnh/thành phố"),
        _("Chỉ tiêu tháng"),
        *month_columns(period),
        _("Số tháng đạt chỉ tiêu"),
    ]


def row_values(number: int, row: StaffMonthsRow) -> list:
    """One staff member's cells, left to right (devtools/bench/xlsx.py writes the same values bare)."""
    return [
        number,
        row.employee_code,
        row.full_name,
        row.post_office_name,
        row.province_name,
        row.quota,
        *row.monthly,
        row.cumulative,
        row.months_quota_met,
    ]


def staff_workbook(*, user, period: Period, scope: ExportScope, heading: ReportHeading) -> Workbook:
    """Title block, one row per staff member, and a total row with the scope's monthly sums."""
    months = period.month
    workbook = workbook_new()
    sheet = SheetWriter(
        workbook,
        _("Nhân viên"),
        widths=[7, 13, 26, 32, 16, 9, *[9] * months, 12, 11],
        freeze=f"D{HEADER_ROW + 1}",
    )
    sheet.title_block(heading)
    sheet.header(headers(period))
    styles = ["center", "text", "text", "text", "text", "count", *["count"] * months, "count", "count"]
    staff = staff_months(user=user, period=period, scope=scope)
    for number, row in enumerate(staff, start=1):
        sheet.append(row_values(number, row), styles)
    totals = staff.totals
    total_styles = ["bold_center", "bold_text", None, None, None, None, *["bold_count"] * months, "bold_count", None]
    label = _("Tổng cộng (%(count)s nhân viên)") % {"count": count_text(totals.count)}
    sheet.append(["", label, None, None, None, None, *totals.monthly, totals.cumulative, None], total_styles)
    return workbook
