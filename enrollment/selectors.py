"""Reads the entry pages need, always starting from `visible_to(user)`.

Aggregates for reports live in reports/selectors/; these are the per-staff rows of one post
office's entry grid and the lists around it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from core.maths import cumulative_to_month
from core.period import month_bounds, previous_month, scheme_of_month
from enrollment.completeness import Completeness, month_completeness
from enrollment.deadlines import Timeliness, due_date, timeliness
from enrollment.models import MonthlyFigure, MonthStatus, PostOffice, Province, Staff
from enrollment.querysets import staff_active_q


@dataclass
class EntryRow:
    """One staff member's line in the entry grid."""

    staff_id: int
    employee_code: str
    full_name: str
    monthly_quota: int
    last_month: int | None
    cumulative: int
    current: int | None


def staff_active_in_month(*, user, year: int, month: int) -> QuerySet[Staff]:
    """Staff the user may see who worked at some point of the month."""
    return Staff.objects.visible_to(user).active_between(*month_bounds(year, month))


def entry_offices(*, user) -> QuerySet[PostOffice]:
    """Active post offices the user may enter figures for.

    Not filtered by the province scheme of the month: a manager's province keeps its offices,
    and HQ may correct an old month of either scheme.
    """
    return (
        PostOffice.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("province")
        .order_by("province__code", "code", "pk")
    )


def entry_provinces(*, user) -> QuerySet[Province]:
    """Provinces with active post offices the user may enter figures for (HQ picks one first)."""
    return Province.objects.visible_to(user).filter(post_offices__is_active=True).distinct().order_by("scheme", "code")


def entry_grid_rows(*, user, post_office: PostOffice, year: int, month: int) -> list[EntryRow]:
    """The grid of one post office for a month, in one query whatever the number of staff.

    Last month's figure, lũy kế (January..month of the year, this month included) and the
    current figure are the staff member's own figures, wherever they were earned. The query reads
    each month's figure; lũy kế is then `core.maths.cumulative_to_month`, the one home of that sum.
    """
    prev_year, prev_month = previous_month(year, month)
    months = {
        f"figure_{m}": Sum("figures__new_participants", filter=Q(figures__year=year, figures__month=m))
        for m in range(1, month + 1)
    }
    staff = (
        staff_active_in_month(user=user, year=year, month=month)
        .filter(post_office=post_office)
        .annotate(
            last_month=Sum("figures__new_participants", filter=Q(figures__year=prev_year, figures__month=prev_month)),
            **months,
        )
        .order_by("employee_code", "pk")
    )
    rows = []
    for member in staff:
        monthly = {m: getattr(member, f"figure_{m}") for m in range(1, month + 1)}
        rows.append(
            EntryRow(
                staff_id=member.pk,
                employee_code=member.employee_code,
                full_name=member.full_name,
                monthly_quota=member.monthly_quota,
                last_month=member.last_month,
                cumulative=cumulative_to_month(monthly),
                current=monthly[month],
            )
        )
    return rows


def month_status_of(*, province_id: int, year: int, month: int) -> MonthStatus | None:
    return MonthStatus.objects.filter(province_id=province_id, year=year, month=month).first()


@dataclass
class SubmissionRow:
    """A province's status for a month, for HQ's submissions page: completeness and timeliness with it."""

    province: Province
    status: MonthStatus | None
    completeness: Completeness | None = None
    timeliness: Timeliness | None = None

    @property
    def status_code(self) -> str:
        return self.status.status if self.status else MonthStatus.Status.OPEN


def month_submissions(*, user, year: int, month: int, with_completeness: bool = True) -> list[SubmissionRow]:
    """Every visible province of the month's scheme with its status (none = open), timeliness and completeness.

    A fixed number of queries whatever the number of provinces (completeness: two; the due date: two).
    """
    scheme = scheme_of_month(year, month)
    provinces = Province.objects.visible_to(user).of_scheme(scheme).order_by("code")
    statuses = {
        s.province_id: s
        for s in MonthStatus.objects.visible_to(user)
        .filter(year=year, month=month)
        .select_related("submitted_by", "closed_by")
    }
    provinces = list(provinces)
    due = due_date(year, month)
    completeness = (
        month_completeness(user=user, year=year, month=month, province_ids=[p.pk for p in provinces])
        if with_completeness
        else {}
    )
    return [
        SubmissionRow(
            province=p,
            status=statuses.get(p.pk),
            completeness=completeness.get(p.pk),
            timeliness=timeliness(statuses.get(p.pk), due),
        )
        for p in provinces
    ]


def figure_history(*, user, province_id: int | None = None):
    """Changes to figures the user may see, newest first (who, when, old → new, path)."""
    earlier = MonthlyFigure.history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    records = (
        MonthlyFigure.history.filter(post_office_id__in=PostOffice.objects.visible_to(user).values("pk"))
        .exclude(history_change_reason="baseline")  # kept only as the "old" of the first change
        .select_related("history_user", "staff", "post_office__province")
        .annotate(old_value=Subquery(earlier.values("new_participants")[:1]))
    )
    if province_id:
        records = records.filter(post_office__province_id=province_id)
    return records.order_by("-history_date", "-history_id")


def province_offices(*, user, province: Province) -> QuerySet[PostOffice]:
    """A province's post offices with their staff counts (all and active today), in one query."""
    today = datetime.date.today()
    active = staff_active_q(today, today, prefix="staff__")
    return (
        PostOffice.objects.visible_to(user)
        .filter(province=province)
        .select_related("parent")
        .annotate(staff_count=Count("staff"), active_staff=Count("staff", filter=active))
        .order_by("code", "pk")
    )
