"""Two views of any period: as reported (the scheme in force each month) or restated to today's provinces.

Restated, every figure is summed into today's 34-scheme province through `Province.merged_into` (each old
province went whole into exactly one new one; a 34-scheme province maps to itself): `restated_province_id`
is that rule, and the one place it lives. A restated province's plan for a year is its own AnnualPlan where
HQ set one, otherwise the sum of its predecessors' (`plan_source` says which). The default view is restated
for any comparison that crosses 1/7/2025 (`default_view`), so lũy kế, year-on-year and run-rate compare like
with like; a period whose year and year before are on one scheme (2021…2024) is shown as reported.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from core.maths import PLAN_DERIVED, PLAN_OWN, restated_plan
from core.period import Period, scheme_of_month
from enrollment.models import AnnualPlan, MonthStatus, Province

#: the scheme of today's map, into which the restated view sums every figure
TODAY_SCHEME = Province.Scheme.P34.value


class View(models.TextChoices):
    """How a period is read: the provinces of the scheme in force then, or today's provinces."""

    REPORTED = "reported", _("Theo số liệu báo cáo")
    RESTATED = "restated", _("Quy đổi theo địa giới hiện hành")


class PlanSource(models.TextChoices):
    """Where a row's annual plan comes from."""

    OWN = PLAN_OWN, _("kế hoạch được giao")
    DERIVED = PLAN_DERIVED, _("tổng kế hoạch các tỉnh trước sáp nhập")


#: how far a month has gone, to take the least advanced of the provinces a restated row sums
STATUS_ORDER = [MonthStatus.Status.OPEN, MonthStatus.Status.SUBMITTED, MonthStatus.Status.CLOSED]


def default_view(period: Period) -> str:
    """Restated when the period's year or the year before has months of both schemes; as reported otherwise."""
    schemes = {scheme_of_month(year, month) for year in (period.year - 1, period.year) for month in range(1, 13)}
    return View.RESTATED if len(schemes) > 1 else View.REPORTED


def view_scheme(view: str, period: Period) -> str:
    """The scheme whose provinces (and regions) a view of `period` lists."""
    return TODAY_SCHEME if view == View.RESTATED else period.scheme


def view_label(view: str) -> str:
    return str(View(view).label)


def restated_province_id(province_id: int, merged_into_id: int | None) -> int:
    """THE restatement rule: the today's province a province's figures count in (old → new; new → itself)."""
    return merged_into_id or province_id


def restated_members(province: Province, predecessors: Iterable[Province], view: str) -> list[int]:
    """The provinces (ids) whose figures a province's page counts in `view`: restated, a today's province and the
    provinces restated into it (`predecessors`, read through `visible_to` by the caller); otherwise itself."""
    if view != View.RESTATED:
        return [province.pk]
    merged = [p.pk for p in predecessors if restated_province_id(p.pk, p.merged_into_id) == province.pk]
    return [province.pk, *merged]


def in_map_of(province: Province, view: str, period: Period) -> bool:
    """Whether the view of `period` lists the province: as reported before 1/7/2025 a new province did not exist
    yet (its predecessors did), and after it an old one no longer does."""
    return province.scheme == view_scheme(view, period)


def province_with_scheme(name: str, scheme: str) -> str:
    """ "Đắk Lắk · 63 tỉnh (đến 30/06/2025)": where a restated list shows a province's own rows beside its
    predecessors' (pages and Excel), two provinces of one name (old and new Đắk Lắk) are told apart."""
    return f"{name} · {Province.Scheme(scheme).label}"


@dataclass
class ReportProvince:
    """A province as a view lists it: its plan (and where it comes from), its month status, what it sums."""

    province: Province
    plan: int | None
    plan_source: str
    status: str
    member_ids: set[int] = field(default_factory=set)


def _annotated(provinces, period: Period):
    return provinces.select_related("region").annotate(
        plan_target=Subquery(
            AnnualPlan.objects.filter(province=OuterRef("pk"), year=period.year).order_by().values("target")[:1]
        ),
        month_status=Subquery(
            MonthStatus.objects.filter(province=OuterRef("pk"), year=period.year, month=period.month)
            .order_by()
            .values("status")[:1]
        ),
    )


def report_provinces(
    *, user, period: Period, view: str, region: str | None = None, province: Province | None = None
) -> list[ReportProvince]:
    """The provinces a view of `period` lists (visible to `user`, narrowed to a region code or one province).

    One query in either view: restated, today's visible provinces come with their predecessors, whose
    plans and month statuses a restated row is derived from.
    """
    listed = Province.objects.visible_to(user).of_scheme(view_scheme(view, period))
    if region:
        listed = listed.filter(region__code=region)
    if province is not None:
        listed = listed.filter(pk=province.pk)
    if view != View.RESTATED:
        return [
            ReportProvince(p, p.plan_target, PlanSource.OWN if p.plan_target else "", p.month_status or "", {p.pk})
            for p in _annotated(listed, period)
        ]
    ids = listed.values("pk")
    members = list(_annotated(Province.objects.filter(Q(pk__in=ids) | Q(merged_into__in=ids)), period))
    rows = {p.pk: ReportProvince(p, p.plan_target, "", "", {p.pk}) for p in members if p.scheme == TODAY_SCHEME}
    predecessors: dict[int, list[Province]] = {}
    for p in members:
        target = restated_province_id(p.pk, p.merged_into_id)
        if target != p.pk and target in rows:
            predecessors.setdefault(target, []).append(p)
            rows[target].member_ids.add(p.pk)
    for pk, row in rows.items():
        _restated_plan_and_status(row, predecessors.get(pk, []), period)
    return list(rows.values())


def _restated_plan_and_status(row: ReportProvince, predecessors: list[Province], period: Period) -> None:
    plan, source = restated_plan(row.province.plan_target, [p.plan_target for p in predecessors])
    if source:
        row.plan, row.plan_source = plan, PlanSource(source)
    # The month's status is that of the provinces it was reported by; a restated row is only as far as the
    # least advanced of them (one still open keeps it open).
    in_force = [row.province] if period.scheme == TODAY_SCHEME else predecessors
    row.status = least_advanced([p.month_status or MonthStatus.Status.OPEN for p in in_force])


def least_advanced(statuses: Iterable[str]) -> str:
    """A restated month's status: that of the least advanced province that reported it (none: open)."""
    return min(statuses, key=STATUS_ORDER.index, default=MonthStatus.Status.OPEN)
