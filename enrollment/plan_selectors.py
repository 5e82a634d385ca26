"""The plans pages' reads: a year's provinces with their plans, a province's offices with their allocations, and
the history of both. Scoped through visible_to; the plan rules themselves live in services/plan_rules.py."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from core.maths import restated_plan
from core.period import month_bounds, schemes_of_year
from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province
from enrollment.models.placements import office_open_q

#: the history lists show the latest changes; older ones stay in the admin's history pages
HISTORY_LIMIT = 200


@dataclass
class PlanRow:
    """A province of the year: HQ's own plan, and the plan that applies (own, or its predecessors' sum)."""

    province: Province
    own: int | None
    plan: int | None
    source: str  # core.maths.PLAN_OWN / PLAN_DERIVED / ""
    predecessors: list[Province]


def year_plan_rows(*, user, year: int) -> list[PlanRow]:
    """The provinces of the year's schemes (2025: the 63, then the 34), each with its plans; two queries."""
    schemes = schemes_of_year(year)
    provinces = list(
        Province.objects.visible_to(user).filter(scheme__in=schemes).order_by("-scheme", "code", "pk")
    )  # "63" sorts after "34" as text, hence -scheme: the old map first, as the year ran
    targets = dict(
        AnnualPlan.objects.visible_to(user)
        .filter(year=year, province__in=[p.pk for p in provinces])
        .values_list("province_id", "target")
    )
    predecessors: dict[int, list[Province]] = {}
    for province in provinces:
        if province.merged_into_id:
            predecessors.setdefault(province.merged_into_id, []).append(province)
    rows = []
    for province in provinces:
        before = predecessors.get(province.pk, [])
        own = targets.get(province.pk)
        plan, source = restated_plan(own, [targets.get(p.pk) for p in before])
        rows.append(PlanRow(province, own, plan, source, before))
    return rows


def allocatable_offices(*, user, province: Province, year: int) -> QuerySet[PostOffice]:
    """The province's post offices open at some point of `year` that the user may change, by code."""
    first, last = month_bounds(year, 1)[0], month_bounds(year, 12)[1]
    return (
        PostOffice.objects.visible_to(user, "change")
        .filter(province=province)
        .filter(office_open_q(first, last))
        .order_by("code", "pk")
    )


def allocation_rows(*, user, province: Province, year: int) -> list[PostOffice]:
    """The offices a manager allocates to, each with `allocation` (its current target or None); one query."""
    current = PostOfficePlan.objects.filter(post_office=OuterRef("pk"), year=year).order_by().values("target")[:1]
    return list(allocatable_offices(user=user, province=province, year=year).annotate(allocation=Subquery(current)))


def _with_old_target(history: QuerySet) -> QuerySet:
    earlier = history.model._default_manager.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    return history.annotate(old_target=Subquery(earlier.values("target")[:1])).order_by("-history_date", "-history_id")


def annual_plan_history(*, user, year: int) -> list:
    """Changes to the year's province plans, newest first: who, when, old → new, through which path."""
    visible = Province.objects.visible_to(user).values("pk")
    records = AnnualPlan.history.filter(year=year, province_id__in=visible).select_related("history_user", "province")
    return list(_with_old_target(records)[:HISTORY_LIMIT])


def allocation_history(*, user, province: Province, year: int) -> list:
    """Changes to a province's office allocations of the year, newest first."""
    offices = PostOffice.objects.visible_to(user).filter(province=province).values("pk")
    records = PostOfficePlan.history.filter(year=year, post_office_id__in=offices).select_related(
        "history_user", "post_office"
    )
    return list(_with_old_target(records)[:HISTORY_LIMIT])
