"""What is due: the recent months of a manager's provinces with their due date, status and timeliness.

Read by each manager's home and by the reminders (services/reminders.py): one answer to "what does this province
still owe". The window is REMINDER_LOOKBACK_MONTHS months back to the current month.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.period import previous_month, scheme_of_month
from enrollment.deadlines import Timeliness, due_dates, timeliness
from enrollment.models import MonthStatus, Province


@dataclass(frozen=True)
class DueMonth:
    """One province-month a manager answers for."""

    province: Province
    year: int
    month: int
    due_date: datetime.date
    status: MonthStatus | None
    timeliness: Timeliness

    @property
    def submitted(self) -> bool:
        return self.status is not None and self.status.is_submitted

    @property
    def status_label(self) -> str:
        if self.status is None:
            return str(MonthStatus.Status.OPEN.label)
        if self.status.is_returned:
            return _("Bị trả lại")
        return self.status.get_status_display()

    def needs_reminder(self, today: datetime.date, days_before: int) -> bool:
        """Not submitted (nor closed) and due within `days_before` days, or already late."""
        if self.submitted or (self.status is not None and self.status.is_closed):
            return False
        return (self.due_date - today).days <= days_before


def window_months(today: datetime.date) -> list[tuple[int, int]]:
    """The current month and the REMINDER_LOOKBACK_MONTHS before it, oldest first."""
    months = [(today.year, today.month)]
    for _step in range(settings.REMINDER_LOOKBACK_MONTHS):
        months.append(previous_month(*months[-1]))
    return sorted(months)


def months_due(*, provinces: list[Province], today: datetime.date | None = None) -> list[DueMonth]:
    """Each province × each window month of its scheme, in two queries (deadlines, statuses) whatever the number of provinces."""
    today = today or timezone.localdate()
    months = window_months(today)
    dues = due_dates(months)
    statuses = {
        (s.province_id, s.year, s.month): s
        for s in MonthStatus.objects.filter(
            province__in=provinces, year__in={y for y, _m in months}, month__in={m for _y, m in months}
        )
    }
    items = []
    for province in provinces:
        for year, month in months:
            if province.scheme != scheme_of_month(year, month):
                continue
            status = statuses.get((province.pk, year, month))
            due = dues[(year, month)]
            items.append(DueMonth(province, year, month, due, status, timeliness(status, due, today)))
    return items
