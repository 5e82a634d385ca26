"""Figures: every write of a staff member's monthly figure goes through `figures_record`.

It validates (the count rule, working dates, the province scheme in force that month), scopes each figure by
`visible_to(user, "change")` — an existing figure by the post office where it was earned, a new one by the post
office where the person was placed that month — locks the
province-month rows (services.months) and then the figures, in that fixed order, records the audit trail
(django-simple-history, with the path — grid, import, admin — as the change reason) and announces the changes
with `figures_changed` so the rollups move in the same transaction.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from enrollment.models import MonthlyFigure, MonthStatus, Staff
from enrollment.services.figure_rules import can_write_figures, figure_targets, values_validate
from enrollment.services.months import (
    month_changed_after_submission_mark,
    month_closed_check,
    month_validate,
    province_months_lock,
)
from enrollment.services.outliers import outliers_record, outliers_refuse
from enrollment.signals import FigureChange, figures_changed

SOURCE_GRID, SOURCE_IMPORT, SOURCE_ADMIN, SOURCE_SERVICE = "grid", "import", "admin", "service"
# bulk_update writes `SET x = CASE WHEN id = … THEN … END`: the database tests the branches row by row,
# so one statement for a whole province (5.000 rows) costs n² comparisons; batches keep it linear.
UPDATE_BATCH = 500


@dataclass
class FiguresRecordResult:
    """What figures_record did: counts of created, updated and unchanged figures, and the changes it announced."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[FigureChange] = field(default_factory=list)
    outliers: int = 0  # confirmed outliers recorded


class StaleFiguresError(ValidationError):
    """Someone else saved some of these figures since they were loaded: {staff id: current value}."""

    def __init__(self, current: dict[int, int | None]):
        self.current = current
        super().__init__(
            {
                staff_id: [
                    _("Số liệu đã được người khác thay đổi thành %(value)s; vui lòng kiểm tra lại.")
                    % {"value": "—" if value is None else value}
                ]
                for staff_id, value in current.items()
            }
        )


def _figures_lock(*, values: Mapping[int, int], year: int, month: int, locked_provinces) -> dict[int, MonthlyFigure]:
    """Lock the month's existing figures of these staff (only those rows, in staff id order)."""
    existing = {
        figure.staff_id: figure
        for figure in MonthlyFigure.objects.select_for_update(of=("self",))
        .filter(staff_id__in=values, year=year, month=month)
        .select_related("post_office")
        .order_by("staff_id")
    }
    # A figure created by someone else between our first read and the lock, in a province we did not lock:
    # we cannot know it is open and ours, so the writer reloads.
    strays = {pk: f.new_participants for pk, f in existing.items() if f.post_office.province_id not in locked_provinces}
    if strays:
        raise StaleFiguresError(strays)
    return existing


def _stale(existing: dict[int, MonthlyFigure], values, expected) -> dict[int, int | None]:
    current = {staff_id: getattr(existing.get(staff_id), "new_participants", None) for staff_id in values}
    return {pk: current[pk] for pk, seen in expected.items() if pk in values and current[pk] != seen}


def _create(to_create: list[MonthlyFigure], *, user, source: str, year: int, month: int) -> None:
    """Insert new figures; a concurrent insert of the same staff-month ends in StaleFiguresError, never a 500."""
    try:
        with transaction.atomic():  # a savepoint: after the IntegrityError the outer transaction stays usable
            bulk_create_with_history(to_create, MonthlyFigure, default_user=user, default_change_reason=source)
    except IntegrityError:  # figure_one_per_staff_month: someone else created one of these meanwhile
        current = dict(
            MonthlyFigure.objects.filter(
                staff_id__in=[f.staff_id for f in to_create], year=year, month=month
            ).values_list("staff_id", "new_participants")
        )
        if not current:
            raise
        raise StaleFiguresError(current) from None


def _validate(
    *, user, year: int, month: int, values: Mapping[int, object]
) -> tuple[dict[int, int], dict[int, Staff], set[int]]:
    """The counts read with count_parse, the staff written and their provinces; refuses before any lock."""
    if not can_write_figures(user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))
    month_validate(month)
    counts = values_validate(values)
    staff, provinces = figure_targets(user=user, year=year, month=month, values=counts)
    return counts, staff, provinces


def figures_check(
    *, user, year: int, month: int, values: Mapping[int, object], confirmed: Collection[int] = ()
) -> None:
    """figures_record's rules without saving or locking, for a form that shows errors before it saves (the admin).

    The save itself checks again under the lock: this is an early answer, not a guarantee.
    """
    counts, _staff, provinces = _validate(user=user, year=year, month=month, values=values)
    month_closed_check(
        MonthStatus.objects.filter(province_id__in=provinces, year=year, month=month), year=year, month=month
    )
    current = dict(
        MonthlyFigure.objects.filter(staff_id__in=counts, year=year, month=month).values_list(
            "staff_id", "new_participants"
        )
    )
    outliers_refuse(year=year, month=month, values=counts, current=current, confirmed=confirmed)


@transaction.atomic
def figures_record(
    *,
    user,
    year: int,
    month: int,
    values: Mapping[int, object],
    source: str = SOURCE_SERVICE,
    expected: Mapping[int, int | None] | None = None,
    confirmed: Collection[int] = (),
) -> FiguresRecordResult:
    """Save one month's figures for many staff members at once: {staff id: new participants}.

    Each value is read with `count_parse` (an int, or what a user typed: "1.000" is one thousand).

    A fixed number of queries whatever the number of staff (bulk create/update with history).
    Refuses the whole batch — nothing saved — if any figure is outside the user's change scope, any value is
    invalid, any person did not work that month, or the month is closed for a figure's province.

    `expected` (optimistic check): {staff id: the value the writer saw when it loaded, None if
    there was no figure}. Rows whose current value differs are refused with StaleFiguresError
    carrying the current values, and nothing is saved.

    `confirmed`: staff ids whose outlier (services.outliers) the user confirmed. A new value far above the person's
    history and quota that is not confirmed raises OutlierFiguresError and nothing is saved; confirmed ones are
    recorded as ConfirmedOutlier.
    """
    values, staff, provinces = _validate(user=user, year=year, month=month, values=values)
    statuses = province_months_lock(province_ids=provinces, year=year, month=month)
    month_closed_check(statuses.values(), year=year, month=month)
    existing = _figures_lock(values=values, year=year, month=month, locked_provinces=statuses.keys())
    if expected is not None and (stale := _stale(existing, values, expected)):
        raise StaleFiguresError(stale)
    current = {staff_id: figure.new_participants for staff_id, figure in existing.items()}
    outliers = outliers_refuse(year=year, month=month, values=values, current=current, confirmed=confirmed)

    now = timezone.now()
    result = FiguresRecordResult()
    to_create, to_update, baseline = [], [], []
    history_model = MonthlyFigure.history.model  # the descriptor builds a manager on every access
    for staff_id, value in values.items():
        member, figure = staff[staff_id], existing.get(staff_id)
        if figure is None:
            figure = MonthlyFigure(
                staff=member, post_office=member.earned_at, year=year, month=month, new_participants=value
            )
            to_create.append(figure)
            old = 0
        elif figure.new_participants == value:
            result.unchanged += 1
            continue
        else:
            old = figure.new_participants
            baseline.append(_history_baseline(history_model, figure))
            figure.new_participants, figure.updated_at = value, now
            to_update.append(figure)
        result.changes.append(FigureChange.of(figure, old=old, new=value))
    if to_create:
        _create(to_create, user=user, source=source, year=year, month=month)
    if to_update:
        _baseline_save(baseline)
        bulk_update_with_history(
            to_update,
            MonthlyFigure,
            ["new_participants", "updated_at"],
            batch_size=UPDATE_BATCH,
            default_user=user,
            default_change_reason=source,
        )
    result.created, result.updated = len(to_create), len(to_update)
    if outliers:
        offices = {pk: getattr(existing.get(pk), "post_office_id", None) or staff[pk].earned_at.pk for pk in outliers}
        outliers_record(user=user, year=year, month=month, outliers=outliers, offices=offices, source=source)
        result.outliers = len(outliers)
    if result.changes:
        month_changed_after_submission_mark(statuses, result.changes)
        figures_changed.send(sender=MonthlyFigure, changes=result.changes)
    return result


def _history_baseline(history_model, figure: MonthlyFigure):
    """A history row holding a figure's value before its first recorded change (rows seeded in bulk have none)."""
    return history_model(
        id=figure.pk,
        staff_id=figure.staff_id,
        post_office_id=figure.post_office_id,
        year=figure.year,
        month=figure.month,
        new_participants=figure.new_participants,
        history_date=figure.updated_at,
        history_type="+",
        history_change_reason="baseline",
    )


def _baseline_save(baseline: list) -> None:
    """Store the baselines of figures that have no history yet, so the history shows old → new."""
    with_history = set(
        MonthlyFigure.history.filter(id__in=[b.id for b in baseline]).values_list("id", flat=True).distinct()
    )
    missing = [b for b in baseline if b.id not in with_history]
    if missing:
        MonthlyFigure.history.model.objects.bulk_create(missing, batch_size=1000)
