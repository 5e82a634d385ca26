"""The plans report's reads: each province of a view with its plan (own or its predecessors' sum) and the
allocations of the offices whose figures count in it, the sum and the difference. Two queries."""

from dataclasses import dataclass, field

from core.period import Period
from enrollment.models import PostOffice, PostOfficePlan
from reports.selectors.restatement import ReportProvince, report_provinces


@dataclass
class ProvincePlanRow:
    """A province of the view: its plan, where it comes from, and its offices' allocations."""

    listed: ReportProvince
    allocations: list[tuple[PostOffice, int]] = field(default_factory=list)

    @property
    def allocated(self) -> int:
        return sum(target for _office, target in self.allocations)

    @property
    def difference(self) -> int | None:
        """Allocated − plan: positive when the offices were given more than the province has."""
        return None if self.listed.plan is None else self.allocated - self.listed.plan


def plan_allocation_rows(
    *, user, period: Period, view: str, region: str | None = None, province=None
) -> list[ProvincePlanRow]:
    """The provinces a view of `period` lists (by code), each with its offices' allocations for the year."""
    listed = sorted(
        report_provinces(user=user, period=period, view=view, region=region, province=province),
        key=lambda row: (row.province.code, row.province.pk),
    )
    rows = {row.province.pk: ProvincePlanRow(row) for row in listed}
    home = {member: row.province.pk for row in listed for member in row.member_ids}
    allocations = (
        PostOfficePlan.objects.visible_to(user)
        .filter(year=period.year, post_office__province_id__in=list(home))
        .select_related("post_office")
        .order_by("post_office__code", "post_office__pk")
    )
    for allocation in allocations:
        rows[home[allocation.post_office.province_id]].allocations.append((allocation.post_office, allocation.target))
    return list(rows.values())
