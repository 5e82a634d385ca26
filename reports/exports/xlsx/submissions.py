"""Submissions: which provinces submitted or had closed which month, when and by whom.

Times are written as real Excel date-times in Vietnam time (dd/mm/yyyy hh:mm), not as text.
"""

import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.selectors import month_submissions, status_counts
from reports.exports.xlsx.writer import (
    HEADER_ROW,
    REPORT_TIME_ZONE,
    ReportHeading,
    SheetWriter,
    percent_fraction,
    workbook_new,
)
from reports.selectors.cycle import months_cycle


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
    """Title block and one row per province and month (1..M), then a count of each status; then two grids."""
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
    _grids(workbook, user=user, period=period, scope=scope, heading=heading)
    return workbook


def _grids(workbook: Workbook, *, user, period: Period, scope: ExportScope, heading: ReportHeading) -> None:
    """Province × month: completeness (% of placed staff with a figure) and timeliness (on time / late by N days)."""
    months = list(range(1, period.month + 1))
    provinces, summaries = months_cycle(
        user=user, year=period.year, months=months, scheme=period.scheme, province_q=scope.province_q()
    )
    columns = [_("Mã tỉnh"), _("Tỉnh/thành phố"), *[_("Tháng %(month)d") % {"month": m} for m in months]]
    widths = [9, 20, *[16] * len(months)]
    completeness = SheetWriter(workbook, _("Mức đầy đủ"), widths=widths, freeze=f"C{HEADER_ROW + 1}")
    timeliness = SheetWriter(workbook, _("Đúng hạn"), widths=widths, freeze=f"C{HEADER_ROW + 1}")
    for sheet in (completeness, timeliness):
        sheet.title_block(heading)
        sheet.header(columns)
    text_styles = ["center", "text", *["text"] * len(months)]
    percent_styles = ["center", "text", *["percent"] * len(months)]
    for index, province in enumerate(provinces):
        cells = [summaries[m].rows[index] for m in months]
        completeness.append(
            [province.code, province.name, *[percent_fraction(c.completeness.percent) for c in cells]], percent_styles
        )
        timeliness.append([province.code, province.name, *[c.timeliness.label for c in cells]], text_styles)
    completeness.append(
        ["", _("Cả nước"), *[percent_fraction(summaries[m].percent) for m in months]],
        [None, "bold_text", *["bold_percent"] * len(months)],
    )
    timeliness.append(
        ["", _("Số tỉnh trễ hạn"), *[summaries[m].late for m in months]],
        [None, "bold_text", *["bold_count"] * len(months)],
    )
