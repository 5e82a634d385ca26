"""Submissions: which provinces submitted or had closed which month, when and by whom.

Times are written as real Excel date-times in Vietnam time (dd/mm/yyyy hh:mm), not as text.
"""

import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.selectors import month_submissions, status_counts
from reports.exports.xlsx.writer import HEADER_ROW, REPORT_TIME_ZONE, ReportHeading, SheetWriter, workbook_new


def headers() -> list[str]:
    return [
        _("STT"),
        _("Mã tỉnh"),
        _("Tỉnh/thành phố"),
        _("Tháng"),
        _("Trạng thái"),
        _("Nộp lúc"),
        _("Người nộp"),
        _("Khóa sổ lúc"),
        _("Người khóa sổ"),
    ]


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    # Excel has no time zones: write the wall-clock time in Vietnam.
    return moment.astimezone(REPORT_TIME_ZONE).replace(tzinfo=None) if moment else None


def submissions_workbook(*, user, period: Period, scope: ExportScope, heading: ReportHeading) -> Workbook:
    """Title block and one row per province and month (1..M), then a count of each status."""
    workbook = workbook_new()
    sheet = SheetWriter(
        workbook, _("Nộp số liệu"), widths=[7, 9, 20, 8, 14, 17, 16, 17, 16], freeze=f"D{HEADER_ROW + 1}"
    )
    sheet.title_block(heading)
    sheet.header(headers())
    styles = ["center", "center", "text", "center", "text", "datetime", "text", "datetime", "text"]
    rows = month_submissions(user=user, period=period, scope=scope)
    for number, row in enumerate(rows, start=1):
        values = [number, row.province_code, row.province_name, row.month, row.status_label]
        values += [_local(row.submitted_at), row.submitted_by, _local(row.closed_at), row.closed_by]
        sheet.append(values, styles)
    for label, count in status_counts(rows).items():
        sheet.append(
            ["", "", _("Số tỉnh-tháng: %(status)s") % {"status": label}, None, count],
            [None, None, "bold_text", None, "bold_count"],
        )
    return workbook
