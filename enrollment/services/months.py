"""Months of a province: open → submitted (by the province) → closed (by HQ, read-only), and the lock they share.

One row per province-month (MonthStatus) is the lock every figure write and every status change takes, in one
order (by primary key), so a save and a close serialise: a save waiting behind a close then sees the month closed
and is refused, and saves of different post offices of one province queue instead of deadlocking.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from enrollment import roles
from enrollment.completeness import Completeness, month_completeness
from enrollment.geography import scheme_of_month
from enrollment.models import MonthStatus, Province
from enrollment.signals import FigureChange


class MonthClosedError(PermissionDenied):
    """The month is closed (đã khóa sổ) for a province: read-only until HQ reopens it."""


class MonthGapsError(ValidationError):
    """Some people placed in the province that month have no figure, and the manager did not confirm."""

    def __init__(self, completeness: Completeness):
        self.completeness = completeness
        super().__init__(
            _("Còn %(missing)s người chưa có số liệu; xác nhận nếu vẫn muốn nộp.")
            % {"missing": completeness.people - completeness.with_figure}
        )


class MonthSchemeError(PermissionDenied):
    """The province is not of the scheme in force that month (63 until 06/2025, 34 from 07/2025): it has no month."""


def month_scheme_check(*, province: Province, year: int, month: int) -> None:
    """A province has months only while its scheme is in force: June 2025 is the 63's, July 2025 the 34's."""
    in_force = scheme_of_month(year, month)
    if province.scheme != in_force:
        raise MonthSchemeError(
            _("Tháng %(month)s/%(year)s báo cáo theo phân cấp %(in_force)s; %(province)s thuộc phân cấp %(scheme)s.")
            % {
                "month": month,
                "year": year,
                "in_force": Province.Scheme(in_force).label,
                "province": province.name,
                "scheme": province.get_scheme_display(),
            }
        )


def month_validate(month: int) -> int:
    """A month number is 1..12 (the database refuses others too; this says so in words)."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationError(_("Tháng phải từ 1 đến 12."))
    return month


def month_closed_provinces(*, province_ids: Iterable[int], year: int, month: int) -> set[int]:
    """Which of these provinces have closed (đã khóa sổ) the month — a plain read, for pages that warn early."""
    return set(
        MonthStatus.objects.filter(
            province_id__in=province_ids, year=year, month=month, status=MonthStatus.Status.CLOSED
        ).values_list("province_id", flat=True)
    )


def month_closed_check(statuses: Iterable[MonthStatus], *, year: int, month: int) -> None:
    """The closed-month rule: a write into a closed month is refused, for HQ too (HQ reopens first)."""
    if any(status.is_closed for status in statuses):
        raise MonthClosedError(
            _("Tháng %(month)s/%(year)s đã khóa sổ; không thể sửa số liệu.") % {"month": month, "year": year}
        )


def province_months_lock(*, province_ids: Iterable[int], year: int, month: int) -> dict[int, MonthStatus]:
    """Lock the MonthStatus row of each province's month (created "open" if missing), in primary-key order.

    Must run inside a transaction. The rows are created with bulk_create, which writes no history line: a
    row that only exists to be locked is not a change of status. `of=("self",)` locks these rows only,
    not the provinces joined through the default ordering.
    """
    month_validate(month)
    province_ids = sorted(set(province_ids))
    MonthStatus.objects.bulk_create(
        [MonthStatus(province_id=pk, year=year, month=month) for pk in province_ids], ignore_conflicts=True
    )
    locked = (
        MonthStatus.objects.select_for_update(of=("self",))
        .filter(province_id__in=province_ids, year=year, month=month)
        .order_by("pk")
    )
    return {status.province_id: status for status in locked}


def _save_status(status: MonthStatus, user, reason: str) -> MonthStatus:
    status.full_clean()
    status._history_user = user
    status._change_reason = reason
    status.save()
    return status


def _require_hq(user, message: str) -> None:
    if not roles.is_hq(user):
        raise PermissionDenied(message)


@transaction.atomic
def month_submit(*, user, province: Province, year: int, month: int, accept_gaps: bool = False) -> MonthStatus:
    """A manager (or HQ) marks the province's month submitted (đã nộp).

    With gaps (placed people without a figure: `completeness.month_completeness`) it is refused with MonthGapsError
    unless `accept_gaps`; then the month is marked submitted with gaps for HQ. A submission clears an earlier return
    and the "changed after submission" mark (the history keeps both).
    """
    if not Province.objects.visible_to(user, "change").filter(pk=province.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền nộp số liệu của tỉnh này."))
    month_scheme_check(province=province, year=year, month=month)
    status = province_months_lock(province_ids=[province.pk], year=year, month=month)[province.pk]
    if status.is_closed:
        raise MonthClosedError(_("Tháng này đã khóa sổ."))
    completeness = month_completeness(user=user, year=year, month=month, province_ids=[province.pk])[province.pk]
    if completeness.has_gaps and not accept_gaps:
        raise MonthGapsError(completeness)
    status.status, status.submitted_at, status.submitted_by = MonthStatus.Status.SUBMITTED, timezone.now(), user
    status.submitted_with_gaps = completeness.has_gaps
    status.changed_after_submission_at = status.returned_at = status.returned_by = None
    status.return_comment = ""
    return _save_status(status, user, "submit_with_gaps" if completeness.has_gaps else "submit")


@transaction.atomic
def month_return(*, user, province: Province, year: int, month: int, comment: str) -> MonthStatus:
    """HQ sends a submitted month back to the province with a comment; it is open again until resubmitted."""
    _require_hq(user, _("Chỉ Tổng công ty được trả lại số liệu đã nộp."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Ghi lý do trả lại để tỉnh biết cần sửa gì."))
    month_scheme_check(province=province, year=year, month=month)
    status = province_months_lock(province_ids=[province.pk], year=year, month=month)[province.pk]
    if status.status != MonthStatus.Status.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được tháng đã nộp và chưa khóa sổ."))
    status.status, status.returned_at, status.returned_by = MonthStatus.Status.OPEN, timezone.now(), user
    status.return_comment = comment
    return _save_status(status, user, "return")


def month_changed_after_submission_mark(statuses: dict[int, MonthStatus], changes: list[FigureChange]) -> None:
    """A figure changed in a submitted month: mark the month "changed after submission" for HQ.

    Called by figures_record under the month lock. One UPDATE without a history line: the mark is a consequence of
    the figure change, whose own history says who changed what.
    """
    changed = {change.province_id for change in changes}
    marked = [s.pk for pid, s in statuses.items() if pid in changed and s.status == MonthStatus.Status.SUBMITTED]
    if marked:
        MonthStatus.objects.filter(pk__in=marked, changed_after_submission_at__isnull=True).update(
            changed_after_submission_at=timezone.now()
        )


@transaction.atomic
def month_close(
    *, user, year: int, month: int, province: Province | None = None, include_unsubmitted: bool = False
) -> list[MonthStatus]:
    """HQ closes a month (khóa sổ) for one province, or for every province of the scheme in force that month.

    "Close all" closes only the provinces that submitted, unless HQ asks to include the others
    (`include_unsubmitted`).

    "Close all" for June 2025 closes the 63 old provinces, for July 2025 the 34 new ones; one province of the other
    scheme is refused (MonthSchemeError): it has no such month, and its figures are refused by figures_record anyway.

        A fixed number of queries whatever the number of provinces: the rows are locked together and updated in
        bulk, with one history line each (simple-history's bulk helper). No full_clean here: every value is set by
        this function (a status choice, now, the user) and the database constraints still hold.
    """
    _require_hq(user, _("Chỉ Tổng công ty được khóa sổ."))
    month_validate(month)
    if province is None:
        province_ids = Province.objects.of_scheme(scheme_of_month(year, month)).values_list("pk", flat=True)
    else:
        month_scheme_check(province=province, year=year, month=month)
        province_ids = [province.pk]
    statuses = province_months_lock(province_ids=province_ids, year=year, month=month)
    now, closed = timezone.now(), []
    for status in statuses.values():
        skip = province is None and not include_unsubmitted and status.status != MonthStatus.Status.SUBMITTED
        if not status.is_closed and not skip:
            status.status, status.closed_at, status.closed_by = MonthStatus.Status.CLOSED, now, user
            closed.append(status)
    if closed:
        bulk_update_with_history(
            closed,
            MonthStatus,
            ["status", "closed_at", "closed_by"],
            default_user=user,
            default_change_reason="close",
            default_date=now,
        )
    return closed


@transaction.atomic
def month_reopen(*, user, province: Province, year: int, month: int) -> MonthStatus:
    """HQ reopens a closed month; the reopening is kept in the status history."""
    _require_hq(user, _("Chỉ Tổng công ty được mở lại tháng đã khóa sổ."))
    status = province_months_lock(province_ids=[province.pk], year=year, month=month)[province.pk]
    status.status, status.closed_at, status.closed_by = MonthStatus.Status.OPEN, None, None
    return _save_status(status, user, "reopen")


@transaction.atomic
def month_reopen_all(*, user, year: int, month: int) -> list[MonthStatus]:
    """HQ reopens every closed province of the month's scheme, in a fixed number of queries (one history line each).

    Like `month_reopen`, each is open again: the province submits anew before the next close-all.
    """
    _require_hq(user, _("Chỉ Tổng công ty được mở lại tháng đã khóa sổ."))
    month_validate(month)
    # Only the closed rows are locked (pk order, as province_months_lock): a month with no row is open already,
    # and reopening creates none.
    closed = (
        MonthStatus.objects.select_for_update(of=("self",))
        .filter(province__scheme=scheme_of_month(year, month), year=year, month=month, status=MonthStatus.Status.CLOSED)
        .order_by("pk")
    )
    now, reopened = timezone.now(), []
    for status in closed:
        status.status, status.closed_at, status.closed_by = MonthStatus.Status.OPEN, None, None
        reopened.append(status)
    if reopened:
        bulk_update_with_history(
            reopened,
            MonthStatus,
            ["status", "closed_at", "closed_by"],
            default_user=user,
            default_change_reason="reopen",
            default_date=now,
        )
    return reopened
