"""Province detail: post offices × months with their plan allocation and % of plan.

For one province it adds the province's own annual plan (set by HQ) under the total, and
says when the allocation to post offices does not add up to it.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.formats import count_text
from core.maths import plan_percent
from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.selectors import ColumnTotals, post_office_months
from reports.exports.xlsx.writer import (
    HEADER_ROW,
    ReportHeading,
    SheetWriter,
    month_columns,
    percent_fraction,
    workbook_new,
)


def headers(period: Period) -> list[str]:
    return [
        _("STT"),
        _("Mã đơn vị"),
        _("Bưu điện"),
        _("Tỉnh/thành phố"),
        _("Kế hoạch năm %(year)d (phân bổ)") % {"year": period.year},
        *month_columns(period),
        # xgettext:no-python-format  (the % is a literal percent sign)
        _("Tỷ lệ % so với KH"),
    ]


def province_workbook(*, user, period: Period, scope: ExportScope, heading: ReportHeading) -> Workbook:
    """Title block, one row per post office, a total row; for one province its HQ plan too."""
    months = period.month
    workbook = workbook_new()
    sheet = SheetWriter(
        workbook,
        _("Chi tiết bưu điện"),
        widths=[7, 11, 40, 16, 14, *[10] * months, 13, 11],
        freeze=f"D{HEADER_ROW + 1}",
    )
    sheet.title_block(heading)
    sheet.header(headers(period))
    styles = ["center", "text", "text", "text", "count", *["count"] * months, "count", "percent"]
    bold = ["bold_center", "bold_text", "bold_text", None, "bold_count", *["bold_count"] * months]
    bold += ["bold_count", "bold_percent"]
    offices = post_office_months(user=user, period=period, scope=scope)
    for number, row in enumerate(offices, start=1):
        percent = percent_fraction(plan_percent(row.cumulative, row.plan))
        values = [number, row.code, row.name, row.province_name, row.plan, *row.monthly, row.cumulative, percent]
        sheet.append(values, styles)
    totals = offices.totals
    allocated_percent = percent_fraction(plan_percent(totals.cumulative, totals.allocated))
    sheet.append(
        ["", "", _("Tổng cộng"), None, totals.allocated, *totals.monthly, totals.cumulative, allocated_percent], bold
    )
    if scope.province:
        _province_plan_rows(sheet, period, totals, bold)
    return workbook


def _province_plan_rows(sheet: SheetWriter, period: Period, totals: ColumnTotals, bold: list) -> None:
    plan = totals.province_plan
    percent = percent_fraction(plan_percent(totals.cumulative, plan))
    label = _("Kế hoạch năm của tỉnh (Tổng công ty giao)")
    sheet.append(["", "", label, None, plan, *[None] * period.month, totals.cumulative, percent], bold)
    if plan and plan != totals.allocated:
        warning = _("Lưu ý: phân bổ cho các bưu điện (%(allocated)s) chưa khớp kế hoạch tỉnh (%(plan)s).") % {
            "allocated": count_text(totals.allocated),
            "plan": count_text(plan),
        }
        sheet.append(["", "", warning], [None, None, "text"])
