"""Plans: each province's annual plan (own, or its predecessors' sum), its offices' allocations, their sum and the
difference; a national total. Read from `reports.selectors.plans`, in the scope's view (the title block says which)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.xlsx.writer import HEADER_ROW, ReportHeading, SheetWriter, workbook_new
from reports.selectors.plans import plan_allocation_rows
from reports.selectors.restatement import PlanSource


def headers(period: Period) -> list[str]:
    return [
        _("STT"),
        _("Mã"),
        _("Đơn vị"),
        _("Kế hoạch năm %(year)d") % {"year": period.year},
        _("Nguồn kế hoạch"),
        _("Phân bổ cho bưu điện"),
        _("Chênh lệch (phân bổ − kế hoạch)"),
    ]


def plans_workbook(*, user, period: Period, scope: ExportScope, heading: ReportHeading) -> Workbook:
    """One province row (bold) followed by its offices' allocations; the total of plans and allocations last."""
    rows = plan_allocation_rows(
        user=user, period=period, view=scope.view, region=scope.region_code or None, province=scope.province
    )
    workbook = workbook_new()
    sheet = SheetWriter(workbook, _("Kế hoạch"), widths=[6, 12, 34, 15, 30, 15, 16], freeze=f"D{HEADER_ROW + 1}")
    sheet.title_block(heading)
    sheet.header(headers(period))
    bold = ["bold_center", "bold_text", "bold_text", "bold_count", "bold_text", "bold_count", "bold_count"]
    plain = ["center", "text", "text", None, None, "count", None]
    for number, row in enumerate(rows, start=1):
        listed = row.listed
        source = str(PlanSource(listed.plan_source).label) if listed.plan_source else ""
        values = [number, listed.province.code, listed.province.name, listed.plan, source, row.allocated]
        sheet.append([*values, row.difference], bold)
        for office, target in row.allocations:
            sheet.append(["", office.code, office.name, None, None, target, None], plain)
    plans = [row.listed.plan for row in rows if row.listed.plan is not None]
    total_plan = sum(plans) if plans else None
    total_allocated = sum(row.allocated for row in rows)
    difference = None if total_plan is None else total_allocated - total_plan
    label = _("Tổng cộng toàn quốc") if not (scope.region or scope.province) else _("Tổng cộng")
    sheet.append(["", "", label, total_plan, None, total_allocated, difference], bold)
    return workbook
