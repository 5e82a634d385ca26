"""The period of a report or an entry page: a month of a year, its bounds, its province scheme, the default.

Every page, export and the API pick their month through `default_period` and complete a partial
request through `period_complete`, so "which month am I looking at" has one answer everywhere.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.apps import apps

OLD_SCHEME_END = datetime.date(2025, 6, 30)
NEW_SCHEME_START = datetime.date(2025, 7, 1)


def scheme_on(day: datetime.date) -> str:
    """The province scheme in force on `day`: "63" until 30/06/2025, "34" from 01/07/2025."""
    return "63" if day <= OLD_SCHEME_END else "34"


def scheme_of_month(year: int, month: int) -> str:
    """The scheme a month's figures are reported in (the one in force on its first day)."""
    return scheme_on(datetime.date(year, month, 1))


def schemes_of_year(year: int) -> list[str]:
    """The schemes of a year's months, in order: ["63"] until 2024, ["63", "34"] for 2025, ["34"] after."""
    schemes: list[str] = []
    for month in range(1, 13):
        scheme = scheme_of_month(year, month)
        if scheme not in schemes:
            schemes.append(scheme)
    return schemes


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the month."""
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def previous_month(year: int, month: int) -> tuple[int, int]:
    """(year, month) of the month before; January's is December of the year before."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass(frozen=True)
class Period:
    """A month of a year: what a page, a report or an entry grid is about."""

    year: int
    month: int

    @property
    def scheme(self) -> str:
        """The province scheme the period is reported in ("63" or "34")."""
        return scheme_of_month(self.year, self.month)

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        return month_bounds(self.year, self.month)

    @property
    def previous(self) -> "Period":
        return Period(*previous_month(self.year, self.month))

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"


def latest_period(*, user) -> Period | None:
    """The latest month with a figure the user may see, read from the province rollups (one indexed row).

    The rollup model is looked up through the app registry, not imported: core (and enrollment, whose
    entry pages use the same default) must not import from reports.
    """
    totals = apps.get_model("reports", "ProvinceMonthTotal").objects.visible_to(user)
    latest = totals.order_by("-year", "-month").values("year", "month").first()
    return Period(**latest) if latest else None


def last_calendar_month(today: datetime.date | None = None) -> Period:
    """The month before today's: the month a manager usually enters."""
    today = today or datetime.date.today()
    return Period(*previous_month(today.year, today.month))


def default_period(*, user, today: datetime.date | None = None) -> Period:
    """THE default period of every page, export and the API.

    The latest month with figures the user may see, or the last calendar month when there are none.
    """
    return latest_period(user=user) or last_calendar_month(today)


def period_complete(year: int | None, month: int | None, default: Period) -> Period:
    """A partly given period completed from the default: no year → the default's; no month → the default's
    month when the year is the default's, else December (a past year is shown whole)."""
    year = year or default.year
    month = month or (default.month if year == default.year else 12)
    return Period(year, month)
