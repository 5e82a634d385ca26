"""Reads the entry pages need, always starting from `visible_to(user)`.

Aggregates for reports live in reports/selectors/; these are the per-staff rows of one post
office's entry grid and the lists around it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from core.maths import cumulative_to_month
from core.period import month_bounds, previous_month, scheme_of_month
from enrollment.completeness import Completeness, month_completeness
from enrollment.deadlines import Timeliness, due_date, timeliness
from enrollment.models import ConfirmedOutlier, MonthlyFigure, MonthStatus, PostOffice, Province, Staff
from enrollment.models.placements import month_office, month_quota, office_open_q, placed_in_q
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


def entry_staff(*, user, year: int, month: int, **office: object) -> QuerySet[Staff]:
    """The people listed on the entry pages of (year, month) at the offices matching `office` (e.g. pk=7,
    province_id=3): those whose figure of that month is or would be there (`placements.month_office`, the office
    figures_record writes to), with `month_office_id` and `month_quota` (the quota in force that month).

    Scoped by that office through `PostOffice.visible_to(user)`, as a figure is: a person who left or moved is
    listed, for the months they worked here, to whoever holds this office — not to whoever holds their new one.
    """
    first, last = month_bounds(year, month)
    offices = PostOffice.objects.visible_to(user).filter(**office).values("pk")
    figure_here = MonthlyFigure.objects.filter(staff=OuterRef("pk"), year=year, month=month, post_office__in=offices)
    return (
        Staff.objects.filter(staff_active_q(first, last))
        .filter(placed_in_q(first, last, pk__in=offices) | Q(Exists(figure_here)))
        .annotate(month_office_id=month_office(year, month), month_quota=month_quota(last))
        .filter(month_office_id__in=offices)
    )


def entry_offices(*, user, year: int, month: int) -> QuerySet[PostOffice]:
    """Post offices the user may enter figures for in (year, month): open at some point of that month.

    An office closed since (a district office after 1/9/2025, an old-scheme office after the cut-over) is offered
    for the months it was open; one deactivated without a closing date is not offered at all.
    """
    first, last = month_bounds(year, month)
    return (
        PostOffice.objects.visible_to(user)
        .filter(office_open_q(first, last))
        .filter(Q(is_active=True) | Q(valid_to__isnull=False))
        .select_related("province")
        .order_by("province__code", "code", "pk")
    )


def entry_office_visible(*, user, pk: int) -> PostOffice | None:
    """A post office the user may see, whatever its dates (to say it was closed that month, or 404)."""
    return PostOffice.objects.visible_to(user).filter(pk=pk).first()


def entry_provinces(*, user, year: int, month: int) -> QuerySet[Province]:
    """Provinces with a post office open in (year, month) that the user may enter figures for (HQ picks one)."""
    offices = entry_offices(user=user, year=year, month=month).values("province_id")
    return Province.objects.visible_to(user).filter(pk__in=offices).order_by("scheme", "code")


def entry_grid_rows(*, user, post_office: PostOffice, year: int, month: int) -> list[EntryRow]:
    """The grid of one post office for a month (`entry_staff`), in one query whatever the number of staff.

    Last month's figure, lũy kế (January..month of the year, this month included) and the
    current figure are the staff member's own figures, wherever they were earned. The query reads
    each month's figure; lũy kế is then `core.maths.cumulative_to_month`, the one home of that sum.
    The quota is the one in force that month.
    """
    prev_year, prev_month = previous_month(year, month)
    months = {f"figure_{m}": _figure_of(year, m) for m in range(1, month + 1)}
    staff = (
        entry_staff(user=user, year=year, month=month, pk=post_office.pk)
        .annotate(last_month=_figure_of(prev_year, prev_month), **months)
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
                monthly_quota=member.month_quota,
                last_month=member.last_month,
                cumulative=cumulative_to_month(monthly),
                current=monthly[month],
            )
        )
    return rows


def _figure_of(year: int, month: int) -> Subquery:
    """SQL on Staff: the person's figure of (year, month), wherever earned; NULL without one."""
    figure = MonthlyFigure.objects.filter(staff=OuterRef("pk"), year=year, month=month).order_by()
    return Subquery(figure.values("new_participants")[:1])


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


@dataclass(frozen=True)
class HistoryFilter:
    """What the history page is narrowed to (each optional); ids already checked against the user's scope."""

    province_id: int | None = None
    year: int | None = None
    month: int | None = None
    post_office_id: int | None = None
    staff_id: int | None = None
    user_id: int | None = None


def figure_history(*, user, narrowed: HistoryFilter = HistoryFilter()):
    """Changes to figures the user may see, newest first (who, when, old → new, path).

    Each narrowing (month, post office, staff, user) has an index on the history table ending in the order
    (history_date, history_id), so a page is a short index scan; page with core.keyset, never a count.
    """
    earlier = MonthlyFigure.history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    records = (
        MonthlyFigure.history.filter(post_office_id__in=PostOffice.objects.visible_to(user).values("pk"))
        .exclude(history_change_reason="baseline")  # kept only as the "old" of the first change
        .select_related("history_user", "staff", "post_office__province")
        .annotate(old_value=Subquery(earlier.values("new_participants")[:1]))
    )
    lookups = {
        "post_office__province_id": narrowed.province_id,
        "year": narrowed.year,
        "month": narrowed.month,
        "post_office_id": narrowed.post_office_id,
        "staff_id": narrowed.staff_id,
        "history_user_id": narrowed.user_id,
    }
    records = records.filter(**{field: value for field, value in lookups.items() if value is not None})
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


def confirmed_outliers(*, user, province_id: int | None = None) -> QuerySet[ConfirmedOutlier]:
    """Outliers saved knowingly (services.outliers), newest first, with who and where, scoped like their figures."""
    outliers = ConfirmedOutlier.objects.visible_to(user)
    if province_id:
        outliers = outliers.filter(post_office__province_id=province_id)
    return outliers.select_related("staff", "post_office__province", "confirmed_by").order_by("-confirmed_at", "-pk")
