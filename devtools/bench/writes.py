"""Write-path benchmarks: one post office's month saved through the grid's service, and a province's
Excel template imported the way the import page does it (parse, then figures_record)."""

import io
from itertools import cycle

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.period import Period
from devtools.bench.timing import Measurement, measure
from enrollment.imports.layout import FIRST_DATA_ROW, SHEET_NAME
from enrollment.imports.parse import template_parse
from enrollment.imports.template import template_build
from enrollment.models import Province, Staff
from enrollment.services.figures import SOURCE_GRID, SOURCE_IMPORT, figures_record


def grid_save_measurement(period: Period, runs: int, staff_count: int = 50) -> Measurement:
    """figures_record for `staff_count` staff of one province; each run changes every value (real updates)."""
    hq = get_user_model().objects.get(username="hq")
    first = Staff.objects.order_by("-pk").values_list("post_office__province_id", flat=True).first()
    staff_ids = list(
        Staff.objects.filter(post_office__province_id=first).order_by("pk").values_list("pk", flat=True)[:staff_count]
    )
    values = cycle([2, 3])

    def save():
        value = next(values)
        figures_record(
            user=hq, year=period.year, month=period.month, values=dict.fromkeys(staff_ids, value), source=SOURCE_GRID
        )

    return measure(f"grid save, {len(staff_ids)} staff (figures_record)", save, runs=runs)


def _filled_templates(hq, province: Province, period: Period) -> tuple[int, list[bytes]]:
    """The province's template as the page builds it, filled twice: every value +1, then back to what it was."""
    with template_build(user=hq, province=province, year=period.year, month=period.month) as handle:
        blank = handle.read()
    files = []
    for change in (1, 0):
        workbook = load_workbook(io.BytesIO(blank))
        sheet = workbook[SHEET_NAME]
        rows = 0
        for (cell,) in sheet.iter_rows(min_row=FIRST_DATA_ROW, min_col=4, max_col=4):
            if sheet.cell(row=cell.row, column=1).value:
                cell.value = (cell.value or 0) + change
                rows += 1
        output = io.BytesIO()
        workbook.save(output)
        files.append(output.getvalue())
    return rows, files


def import_measurement(period: Period, province: Province, runs: int) -> Measurement:
    """The import page's path for the province's whole template: template_parse, then figures_record.

    Alternates two filled files so that every run really changes every row.
    """
    hq = get_user_model().objects.get(username="hq")
    rows, files = _filled_templates(hq, province, period)
    contents = cycle(files)

    def upload():
        upload = SimpleUploadedFile("mau.xlsx", next(contents))
        parsed = template_parse(user=hq, upload=upload, province=province, year=period.year, month=period.month)
        if parsed.errors:
            raise RuntimeError(f"import refused: {parsed.errors[:3]}")
        figures_record(user=hq, year=period.year, month=period.month, values=parsed.values, source=SOURCE_IMPORT)

    name = f"import of a {rows:,}-row template ({province.name}: parse + figures_record)"
    return measure(name, upload, runs=runs, warmup=1)
