"""Completeness of a province-month: who should have a figure and who has one — the one selector of that rule.

The people expected are the staff who worked in the month, counted in the province of the post office where they
were placed on the month's last day (`placements.earned_at`: the same office a new figure is earned at; people made
in bulk without dated rows count at `Staff.post_office`). A person has a figure when they have one for the month,
wherever it was earned. An office is complete when every person placed there has a figure. The submit page, HQ's
submissions page, the dashboard and the submissions Excel all read this.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from core.maths import plan_percent
from core.period import month_bounds
from enrollment.models import MonthlyFigure, PostOffice, Staff
from enrollment.models.placements import earned_at
from enrollment.querysets import staff_active_q


@dataclass
class OfficeCompleteness:
    """One post office's people placed that month and how many of them have a figure."""

    office_id: int
    office_name: str = ""
    people: int = 0
    with_figure: int = 0

    @property
    def missing(self) -> int:
        return self.people - self.with_figure

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass
class Completeness:
    """A province-month: people with a figure ÷ people placed, and its offices complete ÷ offices with people."""

    province_id: int
    offices: list[OfficeCompleteness] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(o.people for o in self.offices)

    @property
    def with_figure(self) -> int:
        return sum(o.with_figure for o in self.offices)

    @property
    def percent(self) -> Decimal | None:
        """% of placed people with a figure, one decimal; None when nobody is placed."""
        return plan_percent(self.with_figure, self.people)

    @property
    def offices_complete(self) -> int:
        return sum(1 for o in self.offices if o.complete)

    @property
    def incomplete_offices(self) -> list[OfficeCompleteness]:
        return [o for o in self.offices if not o.complete]

    @property
    def has_gaps(self) -> bool:
        return self.with_figure < self.people


def month_completeness(
    *, user, year: int, month: int, province_ids: Iterable[int], with_names: bool = True
) -> dict[int, Completeness]:
    """{province id: Completeness} for the month, in two queries whatever the number of provinces and staff (one
    without the offices' names, which only the pages listing the gaps show)."""
    first, last = month_bounds(year, month)
    province_ids = set(province_ids)
    has_figure = Exists(MonthlyFigure.objects.filter(staff=OuterRef("pk"), year=year, month=month))
    counts = (
        Staff.objects.visible_to(user)
        .filter(staff_active_q(first, last))
        .annotate(office=earned_at(first, last), office_province=earned_at(first, last, "post_office__province"))
        .filter(office_province__in=province_ids)
        .values("office_province", "office")
        .annotate(people=Count("pk"), with_figure=Count("pk", filter=Q(has_figure)))
        .order_by()
    )
    result = {pk: Completeness(province_id=pk) for pk in province_ids}
    rows = list(counts)
    names = (
        dict(PostOffice.objects.filter(pk__in={r["office"] for r in rows}).values_list("pk", "name"))
        if with_names
        else {}
    )
    for row in rows:
        result[row["office_province"]].offices.append(
            OfficeCompleteness(row["office"], names.get(row["office"], ""), row["people"], row["with_figure"])
        )
    for item in result.values():
        item.offices.sort(key=lambda o: (o.office_name, o.office_id))
    return result


def people_without_figure(*, user, year: int, month: int, province_id: int) -> list[Staff]:
    """The people of one province-month who have no figure yet (for the submit confirmation), by office and name."""
    first, last = month_bounds(year, month)
    return list(
        Staff.objects.visible_to(user)
        .filter(staff_active_q(first, last))
        .annotate(
            office=earned_at(first, last),
            office_province=earned_at(first, last, "post_office__province"),
            has_figure=Exists(MonthlyFigure.objects.filter(staff=OuterRef("pk"), year=year, month=month)),
        )
        .filter(office_province=province_id, has_figure=False)
        .order_by("office", "employee_code", "pk")
    )


def completeness_by_month(
    *, user, year: int, months: Iterable[int], province_ids: Iterable[int]
) -> dict[int, dict[int, Completeness]]:
    """{month: {province id: Completeness}}: one call of month_completeness per month (two queries each)."""
    province_ids = list(province_ids)
    by_month: dict[int, dict[int, Completeness]] = defaultdict(dict)
    for month in months:
        by_month[month] = month_completeness(user=user, year=year, month=month, province_ids=province_ids)
    return dict(by_month)
