"""Writes. Every change to the organisation or the figures goes through a function here.

Services are keyword-only and atomic, validate before saving, record the audit trail
(django-simple-history, with the path — grid, import, admin — as the change reason) and announce
figure changes with `figures_changed` so derived data (rollups) moves in the same transaction.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from enrollment import roles
from enrollment.geography import nfc, scheme_of_month
from enrollment.models import MonthlyFigure, MonthStatus, PostOffice, Province, Staff
from enrollment.signals import FigureChange, figures_changed

SOURCE_GRID, SOURCE_IMPORT, SOURCE_ADMIN, SOURCE_SERVICE = "grid", "import", "admin", "service"
MAX_MONTHLY_COUNT = 10_000  # far above any real month of one person; catches typos like 30000
# bulk_update writes `SET x = CASE WHEN id = … THEN … END`: the database tests the branches row by row,
# so one statement for a whole province (5.000 rows) costs n² comparisons; batches keep it linear.
UPDATE_BATCH = 500


@dataclass
class FiguresRecordResult:
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


class MonthClosedError(PermissionDenied):
    """The month is closed (đã khóa sổ) for a province: read-only until HQ reopens it."""


def can_write_figures(user) -> bool:
    return roles.is_hq(user) or roles.managed_province_id(user) is not None


def _validate_count(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Số người tham gia mới phải là số nguyên."))
    if value < 0:
        raise ValidationError(_("Số người tham gia mới không được âm."))
    if value > MAX_MONTHLY_COUNT:
        raise ValidationError(_("Số người tham gia mới quá lớn (tối đa %(max)s).") % {"max": MAX_MONTHLY_COUNT})
    return value


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
    Refuses the whole batch — nothing saved — if any staff member is outside the user's scope,
    any value is invalid or the month is closed for their province.

    `expected` (optimistic check): {staff id: the value the writer saw when it loaded, None if
    there was no figure}. Rows whose current value differs are refused with StaleFiguresError
    carrying the current values, and nothing is saved.
    """
    if not can_write_figures(user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))
    if not 1 <= month <= 12:
        raise ValidationError(_("Tháng phải từ 1 đến 12."))
    errors = {}
    for staff_id, value in values.items():
        try:
            _validate_count(value)
        except ValidationError as error:
            errors[staff_id] = error.messages
    if errors:
        raise ValidationError(errors)

    staff = {s.pk: s for s in Staff.objects.visible_to(user).filter(pk__in=values).select_related("post_office")}
    if len(staff) != len(values):
        raise PermissionDenied(_("Có nhân viên không thuộc phạm vi của bạn."))
    provinces = {member.post_office.province_id for member in staff.values()}
    closed = month_closed_provinces(province_ids=provinces, year=year, month=month)
    if closed:
        raise MonthClosedError(
            _("Tháng %(month)s/%(year)s đã khóa sổ; không thể sửa số liệu.") % {"month": month, "year": year}
        )
    existing = {
        f.staff_id: f
        for f in MonthlyFigure.objects.select_for_update()
        .filter(staff_id__in=values, year=year, month=month)
        .select_related("post_office")
    }
    if expected is not None:
        stale = {
            staff_id: getattr(existing.get(staff_id), "new_participants", None)
            for staff_id, seen in expected.items()
            if staff_id in values and getattr(existing.get(staff_id), "new_participants", None) != seen
        }
        if stale:
            raise StaleFiguresError(stale)
    now = timezone.now()

    result = FiguresRecordResult()
    to_create, to_update, baseline = [], [], []
    history_model = MonthlyFigure.history.model  # the descriptor builds a manager on every access
    for staff_id, value in values.items():
        member, figure = staff[staff_id], existing.get(staff_id)
        if figure is None:
            figure = MonthlyFigure(
                staff=member, post_office=member.post_office, year=year, month=month, new_participants=value
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
        result.changes.append(
            FigureChange(
                staff_id=staff_id,
                post_office_id=figure.post_office_id,
                province_id=figure.post_office.province_id,
                year=year,
                month=month,
                old=old,
                new=value,
            )
        )
    if to_create:
        bulk_create_with_history(to_create, MonthlyFigure, default_user=user, default_change_reason=source)
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


# --- Months: open → submitted (province) → closed (HQ) ---------------------------------------


def month_closed_provinces(*, province_ids, year: int, month: int) -> set[int]:
    """Which of these provinces have closed (đã khóa sổ) the month."""
    return set(
        MonthStatus.objects.filter(
            province_id__in=province_ids, year=year, month=month, status=MonthStatus.Status.CLOSED
        ).values_list("province_id", flat=True)
    )


def _month_status_for_update(province: Province, year: int, month: int) -> MonthStatus:
    if not 1 <= month <= 12:
        raise ValidationError(_("Tháng phải từ 1 đến 12."))
    # Not get_or_create: the creation would add a meaningless "open" line to the history.
    status = MonthStatus.objects.select_for_update().filter(province=province, year=year, month=month).first()
    return status or MonthStatus(province=province, year=year, month=month)


def _save_status(status: MonthStatus, user, reason: str) -> MonthStatus:
    status.full_clean()
    status._history_user = user
    status._change_reason = reason
    status.save()
    return status


@transaction.atomic
def month_submit(*, user, province: Province, year: int, month: int) -> MonthStatus:
    """A manager (or HQ) marks the province's month submitted (đã nộp)."""
    if not (roles.is_hq(user) or roles.managed_province_id(user) == province.pk):
        raise PermissionDenied(_("Bạn không có quyền nộp số liệu của tỉnh này."))
    status = _month_status_for_update(province, year, month)
    if status.status == MonthStatus.Status.CLOSED:
        raise MonthClosedError(_("Tháng này đã khóa sổ."))
    status.status, status.submitted_at, status.submitted_by = MonthStatus.Status.SUBMITTED, timezone.now(), user
    return _save_status(status, user, "submit")


@transaction.atomic
def month_close(*, user, year: int, month: int, province: Province | None = None) -> list[MonthStatus]:
    """HQ closes a month (khóa sổ) for one province, or for every province of the scheme in force."""
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty được khóa sổ."))
    if province is None:
        provinces = list(Province.objects.of_scheme(scheme_of_month(year, month)))
    else:
        provinces = [province]
    now, closed = timezone.now(), []
    for each in provinces:
        status = _month_status_for_update(each, year, month)
        if status.status != MonthStatus.Status.CLOSED:
            status.status, status.closed_at, status.closed_by = MonthStatus.Status.CLOSED, now, user
            closed.append(_save_status(status, user, "close"))
    return closed


@transaction.atomic
def month_reopen(*, user, province: Province, year: int, month: int) -> MonthStatus:
    """HQ reopens a closed month; the reopening is kept in the status history."""
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty được mở lại tháng đã khóa sổ."))
    status = _month_status_for_update(province, year, month)
    status.status, status.closed_at, status.closed_by = MonthStatus.Status.OPEN, None, None
    return _save_status(status, user, "reopen")


# --- Organisation: post offices and staff, by their province's manager (or HQ) ---------------


def _require_province_writer(user, province_id: int) -> None:
    if not (roles.is_hq(user) or roles.managed_province_id(user) == province_id):
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))


def _store_nfc(instance, *fields: str) -> None:
    """Names are stored NFC and trimmed ("Hoà Bình" typed with combining marks is the same name)."""
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, nfc(value))


def post_office_check(*, user, post_office: PostOffice) -> None:
    """The rules of a post office change, without saving (also used by the admin form).

    The user must write for its province (before and after); it stays in its province; the parent
    is in the same province; an office with active staff cannot be deactivated.
    """
    _require_province_writer(user, post_office.province_id)
    if post_office.pk:
        stored = PostOffice.objects.get(pk=post_office.pk)
        _require_province_writer(user, stored.province_id)
        if stored.province_id != post_office.province_id:
            raise ValidationError(_("Không thể chuyển bưu điện sang tỉnh khác."))
    if post_office.parent_id and post_office.parent.province_id != post_office.province_id:
        raise ValidationError({"parent": _("Đơn vị cấp trên phải thuộc cùng tỉnh.")})
    if not post_office.is_active and post_office.pk:
        today = timezone.localdate()
        if Staff.objects.filter(post_office=post_office).active_on(today).exists():
            raise ValidationError(
                {"is_active": _("Bưu điện còn nhân viên đang làm việc; hãy chuyển hoặc cho nghỉ trước.")}
            )


@transaction.atomic
def post_office_save(*, user, post_office: PostOffice) -> PostOffice:
    """Create or edit a post office (also deactivate: is_active=False) inside the user's province."""
    if post_office.pk:
        PostOffice.objects.select_for_update().get(pk=post_office.pk)  # locked while checked and saved
    post_office_check(user=user, post_office=post_office)
    _store_nfc(post_office, "code", "name")
    post_office.full_clean()
    post_office.save()
    return post_office


def staff_check(*, user, staff: Staff) -> None:
    """The rules of a staff change, without saving (also used by the admin form).

    Both the old and the new post office must be in the user's province; no move to an inactive office.
    """
    new_office = PostOffice.objects.get(pk=staff.post_office_id)
    _require_province_writer(user, new_office.province_id)
    if staff.pk:
        stored = Staff.objects.select_related("post_office").get(pk=staff.pk)
        _require_province_writer(user, stored.post_office.province_id)
        if stored.post_office_id != staff.post_office_id and not new_office.is_active:
            raise ValidationError({"post_office": _("Không thể chuyển đến bưu điện đã ngừng hoạt động.")})


@transaction.atomic
def staff_save(*, user, staff: Staff) -> Staff:
    """Create or edit a staff member: rename, quota, move to another post office, deactivate (active_to).

    A move changes only where future figures are earned: past figures keep their post office.
    Codes are unique nationally (database constraint, reported by full_clean).
    """
    if staff.pk:
        Staff.objects.select_for_update().get(pk=staff.pk)  # locked while checked and saved
    staff_check(user=user, staff=staff)
    _store_nfc(staff, "employee_code", "full_name")
    staff.full_clean()
    staff.save()
    return staff
