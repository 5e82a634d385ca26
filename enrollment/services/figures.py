"""Figures: every write of a staff member's monthly figure goes through `figures_record`.

It validates (the count rule, working dates, the province scheme in force that month), scopes each figure by
`visible_to(user, "change")` — an existing figure by the post office where it was earned, a new one by the post
office where the person was placed that month — locks the
province-month rows (services.months) and then the figures, in that fixed order, records the audit trail
(django-simple-history, with the path — grid, import, admin — as the change reason) and announces the changes
with `figures_changed` so the rollups move in the same transaction.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, BooleanField, Exists, ExpressionWrapper, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.period import month_bounds, scheme_of_month
from enrollment import roles
from enrollment.models import MonthlyFigure, MonthStatus, PostOffice, Province, Staff
from enrollment.models.placements import earned_at, office_open_q
from enrollment.querysets import staff_active_q
from enrollment.services.months import month_closed_check, month_validate, province_months_lock
from enrollment.signals import FigureChange, figures_changed

SOURCE_GRID, SOURCE_IMPORT, SOURCE_ADMIN, SOURCE_SERVICE = "grid", "import", "admin", "service"
COUNT_MAX = 10_000  # far above any real month of one person; catches typos like 30000
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


def can_write_figures(user) -> bool:
    """Whether the user enters figures at all (HQ, or a manager with a province); which ones is visible_to's job."""
    return roles.is_hq(user) or roles.is_manager(user)


def count_validate(value) -> int:
    """The count rule, for every path (grid form, import, service): a whole number from 0 to COUNT_MAX."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Số người tham gia mới phải là số nguyên."), code="invalid")
    if value < 0:
        raise ValidationError(_("Số người tham gia mới không được âm."), code="min_value")
    if value > COUNT_MAX:
        limit = formats.number_format(COUNT_MAX, force_grouping=True)
        raise ValidationError(_("Số người tham gia mới quá lớn (tối đa %(max)s).") % {"max": limit}, code="max_value")
    return value


def _values_validate(values: Mapping[int, int]) -> None:
    errors = {}
    for staff_id, value in values.items():
        try:
            count_validate(value)
        except ValidationError as error:
            errors[staff_id] = error.messages
    if errors:
        raise ValidationError(errors)


def _targets(*, user, year: int, month: int, values: Mapping[int, int]) -> tuple[dict[int, Staff], set[int]]:
    """The staff members written and the provinces their figures belong to; refuses what the user may not change.

    An existing figure belongs to the province of the post office where it was earned; a new one is earned at
    the post office where the person was placed in THAT month (`placed_office`), which must be open then — not
    where they work today. Each person's `earned_at` is set to that office. Two reads, no lock yet (the locks
    come in the fixed order below).
    """
    first, last = month_bounds(year, month)
    figure = MonthlyFigure.objects.filter(staff=OuterRef("pk"), year=year, month=month).order_by()
    earned_office = PostOffice.objects.filter(pk=OuterRef("earned_at_id")).order_by()
    staff = {
        member.pk: member
        for member in Staff.objects.filter(pk__in=values)
        .annotate(
            has_figure=Exists(figure),
            earned_at_id=Coalesce(
                Subquery(figure.values("post_office_id")[:1]),
                earned_at(first, last),
                output_field=BigIntegerField(),
            ),
        )
        .annotate(
            # scope by the office the figure is or would be earned at; with no placement that month, by
            # where the person works now (a refusal must not tell a manager about someone else's staff)
            changeable=Exists(
                PostOffice.objects.visible_to(user, "change").filter(
                    pk=Coalesce(OuterRef("earned_at_id"), OuterRef("post_office_id"), output_field=BigIntegerField())
                )
            ),
            earned_province_id=Subquery(earned_office.values("province_id")[:1]),
            earned_open=Exists(earned_office.filter(office_open_q(first, last))),
            earned_scheme=Subquery(earned_office.values("province__scheme")[:1]),
            working=ExpressionWrapper(staff_active_q(first, last), output_field=BooleanField()),
        )
        .order_by()
    }
    if len(staff) < len(values) or not all(member.changeable for member in staff.values()):
        raise PermissionDenied(_("Có nhân viên không thuộc phạm vi của bạn."))
    _refuse(staff, lambda m: not m.working, year, month, _("%(staff)s không làm việc trong tháng %(month)s/%(year)s."))
    _refuse(
        staff,
        lambda m: m.earned_at_id is None,
        year,
        month,
        _("%(staff)s không có nơi công tác trong tháng %(month)s/%(year)s."),
    )
    _refuse(
        staff,
        lambda m: not m.has_figure and not m.earned_open,
        year,
        month,
        _("Bưu điện của %(staff)s không hoạt động trong tháng %(month)s/%(year)s."),
    )
    in_force = scheme_of_month(year, month)
    wrong_scheme = {pk: m for pk, m in staff.items() if m.earned_scheme and m.earned_scheme != in_force}
    if wrong_scheme:
        raise ValidationError(
            {pk: [_scheme_message(m, m.earned_scheme, year, month)] for pk, m in wrong_scheme.items()}
        )
    for member in staff.values():  # enough of the office for the new figure and its FigureChange, without a read
        member.earned_at = PostOffice(pk=member.earned_at_id, province_id=member.earned_province_id)
    return staff, {member.earned_province_id for member in staff.values()}


def _refuse(staff: dict[int, Staff], wrong, year: int, month: int, message: str) -> None:
    """Refuse the batch, one message per person for whom `wrong(member)` holds, naming them."""
    errors = {
        pk: [message % {"staff": member, "month": month, "year": year}] for pk, member in staff.items() if wrong(member)
    }
    if errors:
        raise ValidationError(errors)


def _scheme_message(member: Staff, scheme: str, year: int, month: int) -> str:
    """Why a figure may not go to a province of the other scheme: a month has one map (1/7/2025 is the switch)."""
    return _(
        "Tháng %(month)s/%(year)s báo cáo theo phân cấp %(in_force)s; không thể ghi số liệu của %(staff)s vào "
        "một tỉnh thuộc phân cấp %(scheme)s."
    ) % {
        "month": month,
        "year": year,
        "staff": member,
        "in_force": Province.Scheme(scheme_of_month(year, month)).label,
        "scheme": Province.Scheme(scheme).label,
    }


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


def _validate(*, user, year: int, month: int, values: Mapping[int, int]) -> tuple[dict[int, Staff], set[int]]:
    if not can_write_figures(user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))
    month_validate(month)
    _values_validate(values)
    return _targets(user=user, year=year, month=month, values=values)


def figures_check(*, user, year: int, month: int, values: Mapping[int, int]) -> None:
    """figures_record's rules without saving or locking, for a form that shows errors before it saves (the admin).

    The save itself checks again under the lock: this is an early answer, not a guarantee.
    """
    _staff, provinces = _validate(user=user, year=year, month=month, values=values)
    month_closed_check(
        MonthStatus.objects.filter(province_id__in=provinces, year=year, month=month), year=year, month=month
    )


@transaction.atomic
def figures_record(
    *,
    user,
    year: int,
    month: int,
    values: Mapping[int, int],
    source: str = SOURCE_SERVICE,
    expected: Mapping[int, int | None] | None = None,
) -> FiguresRecordResult:
    """Save one month's figures for many staff members at once: {staff id: new participants}.

    A fixed number of queries whatever the number of staff (bulk create/update with history).
    Refuses the whole batch — nothing saved — if any figure is outside the user's change scope, any value is
    invalid, any person did not work that month, or the month is closed for a figure's province.

    `expected` (optimistic check): {staff id: the value the writer saw when it loaded, None if
    there was no figure}. Rows whose current value differs are refused with StaleFiguresError
    carrying the current values, and nothing is saved.
    """
    staff, provinces = _validate(user=user, year=year, month=month, values=values)
    statuses = province_months_lock(province_ids=provinces, year=year, month=month)
    month_closed_check(statuses.values(), year=year, month=month)
    existing = _figures_lock(values=values, year=year, month=month, locked_provinces=statuses.keys())
    if expected is not None and (stale := _stale(existing, values, expected)):
        raise StaleFiguresError(stale)

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
    if result.changes:
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
