"""Streaming reads for the Excel reports: post offices × months, staff × months, month statuses.

Each selector starts from `visible_to(user)` and narrows to an `ExportScope` (the whole
visible country, a region or a province). The big ones aggregate in the database, one row
per post office or staff member, and stream with `values_list(...).iterator()`, so a report
of 50.000 staff never holds them all in memory. Percentages come from `plan_percent` and
months that met the quota from `months_met_expression`, the one home of that maths.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import OuterRef, Q, Subquery, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from enrollment.models import MonthStatus, PostOffice, PostOfficePlan, Province, Region, Staff
from enrollment.selectors import month_bounds
from reports.models import month_field
from reports.selectors import Period, ProvinceRow
from reports.staff_year import months_met_expression, period_row

STREAM_CHUNK = 2000


@dataclass(frozen=True)
class ExportScope:
    """What a report covers inside what the user may see: everything, one region or one province."""

    region: Region | None = None
    province: Province | None = None

    @property
    def label(self) -> str:
        if self.province:
            return self.province.full_name or self.province.name
        if self.region:
            return _("Vùng %(name)s") % {"name": self.region.name}
        return _("Toàn quốc")

    def province_q(self, path: str = "") -> Q:
        """A filter for a queryset whose province is reached through `path` (e.g. "post_office__province")."""
        prefix = f"{path}__" if path else ""
        if self.province:
            return Q(**{f"{path}_id" if path else "pk": self.province.pk})
        if self.region:
            return Q(**{f"{prefix}region_id": self.region.pk})
        return Q()

    def keeps(self, row: ProvinceRow) -> bool:
        """Whether a province_ranking row falls inside the scope."""
        if self.province:
            return row.province_id == self.province.pk
        if self.region:
            return row.region_name == self.region.name
        return True


def export_scope_resolve(*, user, period: Period, region_code: str = "", province_code: str = "") -> ExportScope:
    """Turn request or command-line codes into a scope; a province the user may not see is a 404.

    The province code is the GSO code of the scheme in force at the period (the old 63-province
    code before July 2025). A manager asking for any other province gets Http404, never data.
    """
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise Http404(_("Không có vùng mã %(code)s.") % {"code": region_code})
    province = None
    if province_code:
        visible = Province.objects.visible_to(user).of_scheme(period.scheme).select_related("region")
        province = visible.filter(code=province_code).first()
        if province is None:
            raise Http404(_("Không có tỉnh mã %(code)s trong phạm vi bạn được xem.") % {"code": province_code})
    return ExportScope(region=region, province=province)


class PostOfficeMonthsRow(NamedTuple):
    province_name: str
    code: str
    name: str
    plan: int | None
    monthly: list[int | None]

    @property
    def cumulative(self) -> int:
        return sum(v or 0 for v in self.monthly)


def _month_sums(period: Period, relation: str, value: str = "new_participants") -> dict[str, Sum]:
    """One conditional sum per month of `relation`'s `value` (staff figures, or post-office rollups)."""
    return {
        f"month_{m}": Sum(
            f"{relation}__{value}", filter=Q(**{f"{relation}__year": period.year, f"{relation}__month": m})
        )
        for m in range(1, period.month + 1)
    }


def post_office_months(*, user, period: Period, scope: ExportScope) -> Iterator[PostOfficeMonthsRow]:
    """Each post office in scope (of the period's province scheme) with its plan allocation and monthly sums.

    The monthly sums come from the post-office rollups, the same numbers the dashboard shows.
    """
    months = _month_sums(period, "month_totals", value="total")
    plan = PostOfficePlan.objects.filter(post_office=OuterRef("pk"), year=period.year).values("target")[:1]
    rows = (
        PostOffice.objects.visible_to(user)
        .filter(scope.province_q("province"), province__scheme=period.scheme)
        .annotate(plan=Subquery(plan), **months)
        .order_by("province__code", "code", "pk")
        .values_list("province__name", "code", "name", "plan", *months)
    )
    for province_name, code, name, plan_target, *monthly in rows.iterator(chunk_size=STREAM_CHUNK):
        yield PostOfficeMonthsRow(province_name, code, name, plan_target, monthly)


class StaffMonthsRow(NamedTuple):
    employee_code: str
    full_name: str
    post_office_name: str
    province_name: str
    quota: int
    monthly: list[int | None]
    months_quota_met: int

    @property
    def cumulative(self) -> int:
        return sum(v or 0 for v in self.monthly)


def staff_months(*, user, period: Period, scope: ExportScope) -> Iterator[StaffMonthsRow]:
    """Every staff member in scope active during the year: monthly figures, quota, months the quota was met.

    One query streamed in chunks, one StaffYearFigures row per person (no aggregation over the
    staff figures). A month without a figure is None (not entered), not 0.
    A row holds the staff member's own figures wherever they were earned (a transferred person's
    earlier months come along); the province and post office columns are where they work now.
    """
    first_day = datetime.date(period.year, 1, 1)
    months = [f"period_row__{month_field(m)}" for m in range(1, period.month + 1)]
    rows = (
        Staff.objects.visible_to(user)
        .filter(scope.province_q("post_office__province"), post_office__province__scheme=period.scheme)
        .active_between(first_day, month_bounds(period.year, period.month)[1])
        .annotate(period_row=period_row(period.year))
        .annotate(quota_met=months_met_expression(period.month))
        .order_by("post_office__province__code", "post_office__code", "employee_code", "pk")
        .values_list(
            "employee_code",
            "full_name",
            "post_office__name",
            "post_office__province__name",
            "monthly_quota",
            "quota_met",
            *months,
        )
    )
    for code, name, office, province, quota, met, *monthly in rows.iterator(chunk_size=STREAM_CHUNK):
        yield StaffMonthsRow(code, name, office, province, quota, monthly, met)


class SubmissionRow(NamedTuple):
    province_code: str
    province_name: str
    month: int
    status_label: str
    submitted_at: datetime.datetime | None
    submitted_by: str
    closed_at: datetime.datetime | None
    closed_by: str


def month_submissions(*, user, period: Period, scope: ExportScope) -> list[SubmissionRow]:
    """Each province in scope × each month 1..M: open / submitted / closed, when and by whom (no row = open)."""
    provinces = list(
        Province.objects.visible_to(user).of_scheme(period.scheme).filter(scope.province_q()).order_by("code")
    )
    statuses = {
        (s.province_id, s.month): s
        for s in MonthStatus.objects.visible_to(user)
        .filter(province__in=provinces, year=period.year, month__lte=period.month)
        .select_related("submitted_by", "closed_by")
    }
    rows = []
    for province in provinces:
        for month in range(1, period.month + 1):
            status = statuses.get((province.pk, month))
            rows.append(
                SubmissionRow(
                    province.code,
                    province.name,
                    month,
                    status.get_status_display() if status else str(MonthStatus.Status.OPEN.label),
                    status.submitted_at if status else None,
                    status.submitted_by.get_username() if status and status.submitted_by else "",
                    status.closed_at if status else None,
                    status.closed_by.get_username() if status and status.closed_by else "",
                )
            )
    return rows
