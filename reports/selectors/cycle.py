"""Completeness and timeliness of a month for the dashboard: national and per province (as reported).

Both rules have their home in enrollment (`completeness.month_completeness`, `deadlines.timeliness`); this only
gathers them for the provinces of the period's scheme the user may see, in a fixed number of queries.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from core.maths import plan_percent
from core.period import Period
from enrollment.completeness import Completeness, month_completeness
from enrollment.deadlines import LATE, NOT_DUE, ON_TIME, Timeliness, due_dates, timeliness
from enrollment.models import MonthStatus, Province


@dataclass(frozen=True)
class ProvinceCycle:
    province: Province
    completeness: Completeness
    timeliness: Timeliness


@dataclass(frozen=True)
class CycleSummary:
    """The month's cycle across the provinces: people with a figure, and how many provinces are on time or late."""

    rows: list[ProvinceCycle]
    due_date: object

    @property
    def people(self) -> int:
        return sum(r.completeness.people for r in self.rows)

    @property
    def with_figure(self) -> int:
        return sum(r.completeness.with_figure for r in self.rows)

    @property
    def percent(self) -> Decimal | None:
        return plan_percent(self.with_figure, self.people)

    def _count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.timeliness.state == state)

    @property
    def on_time(self) -> int:
        return self._count(ON_TIME)

    @property
    def late(self) -> int:
        return self._count(LATE)

    @property
    def not_due(self) -> int:
        return self._count(NOT_DUE)

    @property
    def complete_provinces(self) -> int:
        return sum(1 for r in self.rows if r.completeness.people and not r.completeness.has_gaps)


def months_cycle(
    *, user, year: int, months: list[int], scheme: str, province_q: Q | None = None, with_names: bool = True
) -> tuple[list[Province], dict[int, CycleSummary]]:
    """The provinces (visible, of `scheme`, matching `province_q`) and each month's CycleSummary.

    Three queries plus two per month (completeness; one without the offices' names), whatever the number of
    provinces.
    """
    provinces = list(Province.objects.visible_to(user).of_scheme(scheme).filter(province_q or Q()).order_by("code"))
    statuses = {
        (s.province_id, s.month): s
        for s in MonthStatus.objects.visible_to(user).filter(province__in=provinces, year=year, month__in=months)
    }
    dues = due_dates([(year, m) for m in months])
    summaries = {}
    for month in months:
        completeness = month_completeness(
            user=user, year=year, month=month, province_ids=[p.pk for p in provinces], with_names=with_names
        )
        due = dues[(year, month)]
        rows = [ProvinceCycle(p, completeness[p.pk], timeliness(statuses.get((p.pk, month)), due)) for p in provinces]
        summaries[month] = CycleSummary(rows=rows, due_date=due)
    return provinces, summaries


def month_cycle(*, user, period: Period) -> CycleSummary:
    """Every visible province of the period's scheme, by code: completeness and timeliness (five queries; the card
    shows counts, not the offices' names)."""
    _provinces, summaries = months_cycle(
        user=user, year=period.year, months=[period.month], scheme=period.scheme, with_names=False
    )
    return summaries[period.month]
