"""Write-path benchmarks: one post office's month saved through the grid's service."""

from itertools import cycle

from django.contrib.auth import get_user_model

from benchmarks.timing import Measurement, measure
from enrollment.models import Staff
from enrollment.services import SOURCE_GRID, figures_record
from reports.selectors import Period


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
