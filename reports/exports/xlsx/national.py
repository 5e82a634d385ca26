"""National summary: provinces grouped by region with region subtotals, a total row and a chart.

Built from `province_ranking` and `national_totals`, the dashboard's own selectors, so every
figure equals the page's to the unit.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from core.maths import plan_percent
from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.xlsx.writer import HEADER_ROW, ReportHeading, SheetWriter, percent_fraction, workbook_new
from reports.selectors.dashboard import ProvinceRow, by_region, national_totals, province_ranking

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass
class Subtotal:
    label: str
    annual_plan: int
    monthly: dict[int, int]
    cumulative: int


def _subtotal(label: str, rows: list[ProvinceRow], period: Period) -> Subtotal:
    totals = national_totals(rows=rows, period=period)
    return Subtotal(label, totals.annual_plan, totals.monthly, totals.cumulative)


def headers(period: Period) -> list[str]:
    return [
        _("STT"),
        _("Đơn vị"),
        _("Kế hoạch năm %(year)d") % {"year": period.year},
        *[_("Thực hiện tháng %(month)d") % {"month": m} for m in range(1, period.month + 1)],
        _("Lũy kế đến tháng %(month)d") % {"month": period.month},
        # xgettext:no-python-format  (the % is a literal percent sign)
        _("Tỷ lệ % so với KH"),
        _("Xếp hạng"),
    ]


def national_workbook(*, user, period: Period, scope: ExportScope, heading: ReportHeading) -> Workbook:
    """The national summary workbook (one sheet: title block, table, chart)."""
    # The national ranking narrowed to the scope, so a region's provinces keep their national rank.
    rows = [r for r in province_ranking(user=user, period=period, view=scope.view) if scope.keeps(r)]
    months = range(1, period.month + 1)
    workbook = workbook_new()
    sheet = SheetWriter(
        workbook,
        _("Tổng hợp"),
        widths=[6, 30, 14, *[13] * len(months), 15, 12, 10],
        freeze=f"C{HEADER_ROW + 1}",
    )
    sheet.title_block(heading)
    sheet.header(headers(period))
    plain = ["center", "text", "count", *["count"] * len(months), "count", "percent", "center"]
    bold = ["bold_center", "bold_text", "bold_count", *["bold_count"] * len(months), "bold_count", "bold_percent", None]

    def subtotal_row(number: str, total: Subtotal) -> int:
        percent = plan_percent(total.cumulative, total.annual_plan)
        values = [number, total.label, total.annual_plan, *[total.monthly.get(m, 0) for m in months]]
        return sheet.append([*values, total.cumulative, percent_fraction(percent), None], bold)

    groups = by_region(rows)
    grouped = len(groups) > 1 or bool(groups and groups[0][0])
    number = 0
    for index, (region_name, members) in enumerate(groups):
        if grouped:
            subtotal_row(
                ROMAN[index] if index < len(ROMAN) else str(index + 1), _subtotal(region_name, members, period)
            )
        for row in members:
            number += 1
            values = [number, row.name, row.annual_plan, *[row.monthly.get(m, 0) for m in months], row.cumulative]
            sheet.append([*values, percent_fraction(row.plan_percent), row.rank], plain)
    total_label = _("Tổng cộng toàn quốc") if not (scope.region or scope.province) else _("Tổng cộng")
    total_row = subtotal_row("", _subtotal(total_label, rows, period))
    _add_chart(sheet, period, total_row)
    return workbook


def _add_chart(sheet: SheetWriter, period: Period, total_row: int) -> None:
    """A native bar chart of the total row's monthly figures, below the table."""
    chart = BarChart()
    chart.type = "col"
    chart.title = _("Người tham gia mới theo tháng, năm %(year)d") % {"year": period.year}
    chart.y_axis.title = _("Người tham gia mới")
    chart.y_axis.numFmt = "#,##0"
    chart.legend = None
    first, last = 4, 3 + period.month
    chart.add_data(
        Reference(sheet.sheet, min_col=first, max_col=last, min_row=total_row, max_row=total_row),
        from_rows=True,
        titles_from_data=False,
    )
    chart.set_categories(Reference(sheet.sheet, min_col=first, max_col=last, min_row=HEADER_ROW, max_row=HEADER_ROW))
    chart.width, chart.height = 18, 8
    sheet.sheet.add_chart(chart, f"{get_column_letter(2)}{total_row + 3}")
