"""Dated acts on a staff member: a transfer (điều chuyển) and a new quota, each with its history.

`staff_transfer` ends the current placement the day before and opens the new one; `staff_quota_set` starts a
quota on a date. Both keep Staff's current values (post_office, monthly_quota) in step: the current placement
is the latest one, the current quota the latest one. Scope: `visible_to(user, "change")` on every office touched.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from enrollment.models import PostOffice, Staff, StaffPlacement, StaffQuota

ONE_DAY = datetime.timedelta(days=1)


def dated_rows_ensure(staff: Staff, *, user=None) -> None:
    """Give a person without dated rows (created before issue 13, or in bulk) their implicit ones.

    One placement at their post office over their working dates and one quota from `active_from`: the same rows
    the migration gave everyone, and what the figures and reports assume for a person who has none.
    """
    if not StaffPlacement.objects.filter(staff=staff).exists():
        placement = StaffPlacement(
            staff=staff, post_office_id=staff.post_office_id, valid_from=staff.active_from, valid_to=staff.active_to
        )
        placement._history_user = user
        placement.save()
    if not StaffQuota.objects.filter(staff=staff).exists():
        quota = StaffQuota(staff=staff, monthly_quota=staff.monthly_quota, valid_from=staff.active_from)
        quota._history_user = user
        quota.save()


def _changeable_office(user, post_office_id: int) -> PostOffice:
    office = PostOffice.objects.visible_to(user, "change").filter(pk=post_office_id).first()
    if office is None:
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
    return office


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _office_open_on(office: PostOffice, day: datetime.date) -> bool:
    return (office.valid_from is None or office.valid_from <= day) and (
        office.valid_to is None or office.valid_to >= day
    )


def _transfer_refusal(
    staff: Staff, current: StaffPlacement, target: PostOffice, on: datetime.date
) -> ValidationError | None:
    """Why `staff` cannot move from `current` to `target` on `on` (the rules of every transfer), or None."""
    if on < staff.active_from or (staff.active_to is not None and on > staff.active_to):
        return ValidationError(
            _("%(staff)s không làm việc vào ngày %(day)s.") % {"staff": staff, "day": _date(on)}, code="not_working"
        )
    if on <= current.valid_from:
        return ValidationError(
            _("Ngày điều chuyển phải sau ngày %(day)s (nơi công tác hiện tại bắt đầu).")
            % {"day": _date(current.valid_from)},
            code="before_current",
        )
    if target.pk == current.post_office_id:
        return ValidationError({"post_office": _("Nhân viên đã làm việc tại bưu điện này.")}, code="same_office")
    if not target.is_active or not _office_open_on(target, on):
        return ValidationError(
            {
                "post_office": _("Bưu điện %(office)s không hoạt động vào ngày %(day)s.")
                % {"office": target, "day": _date(on)}
            },
            code="office_closed",
        )
    return None


@transaction.atomic
def staff_transfer(*, user, staff: Staff, post_office: PostOffice, on: datetime.date) -> StaffPlacement:
    """Move a staff member to `post_office` from `on`: the placement in force ends the day before, a new one opens.

    Figures already entered stay where they were earned; new figures from `on`'s month are earned at the new
    office. The user must change both offices (HQ may move across provinces, a manager within theirs). Refused:
    a date outside the working dates, on or before the start of the current placement, or before a later move;
    a move to the same office, or to an office inactive or not open on `on`.
    """
    staff = Staff.objects.select_for_update(of=("self",)).get(pk=staff.pk)
    dated_rows_ensure(staff, user=user)
    placements = list(StaffPlacement.objects.select_for_update().filter(staff=staff).order_by("valid_from"))
    current = placements[-1]
    _changeable_office(user, current.post_office_id)
    target = _changeable_office(user, post_office.pk)
    refusal = _transfer_refusal(staff, current, target, on)
    if refusal is not None:
        raise refusal
    new = StaffPlacement(staff=staff, post_office=target, valid_from=on, valid_to=current.valid_to)
    current.valid_to = on - ONE_DAY
    for placement in (current, new):
        placement._history_user = user
        placement._change_reason = "transfer"
        placement.full_clean()
        placement.save()
    Staff.objects.filter(pk=staff.pk).update(post_office=target)
    return new


@transaction.atomic
def staff_quota_set(*, user, staff: Staff, monthly_quota: int, valid_from: datetime.date) -> StaffQuota:
    """Set a staff member's monthly quota from `valid_from` on (2–5); months before keep the quota they had.

    A quota starting the same day as an existing one replaces its value. Refused before the person started.
    """
    staff = Staff.objects.select_for_update(of=("self",)).get(pk=staff.pk)
    dated_rows_ensure(staff, user=user)
    _changeable_office(user, staff.post_office_id)
    if valid_from < staff.active_from:
        raise ValidationError(
            _("%(staff)s không làm việc vào ngày %(day)s.") % {"staff": staff, "day": _date(valid_from)},
            code="not_working",
        )
    quota = StaffQuota.objects.filter(staff=staff, valid_from=valid_from).first() or StaffQuota(
        staff=staff, valid_from=valid_from
    )
    quota.monthly_quota = monthly_quota
    quota._history_user = user
    quota.full_clean()
    quota.save()
    latest = StaffQuota.objects.filter(staff=staff).order_by("-valid_from").values_list("monthly_quota", flat=True)[0]
    Staff.objects.filter(pk=staff.pk).update(monthly_quota=latest)
    return quota


def _history_user(user):
    """The user a history row names: None for an unsaved identity (a command's system user)."""
    return user if user is not None and user.pk is not None else None


def _dated_rows_ensure_many(staff: Iterable[Staff], *, user) -> None:
    """`dated_rows_ensure` for many people in four queries (their implicit placement and quota, with history)."""
    staff = list(staff)
    ids = [member.pk for member in staff]
    placed = set(StaffPlacement.objects.filter(staff_id__in=ids).values_list("staff_id", flat=True))
    quoted = set(StaffQuota.objects.filter(staff_id__in=ids).values_list("staff_id", flat=True))
    placements = [
        StaffPlacement(staff=m, post_office_id=m.post_office_id, valid_from=m.active_from, valid_to=m.active_to)
        for m in staff
        if m.pk not in placed
    ]
    quotas = [
        StaffQuota(staff=m, monthly_quota=m.monthly_quota, valid_from=m.active_from)
        for m in staff
        if m.pk not in quoted
    ]
    if placements:
        bulk_create_with_history(placements, StaffPlacement, default_user=_history_user(user))
    if quotas:
        bulk_create_with_history(quotas, StaffQuota, default_user=_history_user(user))


@transaction.atomic
def staff_transfer_many(
    *, user, moves: Mapping[int, int], on: datetime.date, reason: str = "transfer"
) -> dict[int, ValidationError]:
    """Many transfers on one day in a fixed number of queries (the cut-over): `moves` maps staff pk → office pk.

    The rules are `staff_transfer`'s (`_transfer_refusal`); every office touched must be in the user's change
    scope (PermissionDenied otherwise, nobody moves). A person refused stays as they were and is returned with
    the reason; the others move, with history rows whose change reason is `reason`.
    """
    staff = {m.pk: m for m in Staff.objects.select_for_update(of=("self",)).filter(pk__in=list(moves)).order_by("pk")}
    if not staff:
        return {}
    _dated_rows_ensure_many(staff.values(), user=user)
    current: dict[int, StaffPlacement] = {}
    placements = StaffPlacement.objects.select_for_update().filter(staff_id__in=list(staff))
    for placement in placements.order_by("staff_id", "valid_from"):
        current[placement.staff_id] = placement  # the latest-starting one is the current placement
    office_ids = {moves[pk] for pk in staff} | {placement.post_office_id for placement in current.values()}
    changeable = PostOffice.objects.visible_to(user, "change").in_bulk(office_ids)
    if len(changeable) != len(office_ids):
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
    refused, ended, opened = {}, [], []
    for pk, member in staff.items():
        placement, target = current[pk], changeable[moves[pk]]
        refusal = _transfer_refusal(member, placement, target, on)
        if refusal is not None:
            refused[pk] = refusal
            continue
        # No full_clean per row (a query each): the refusal rules above are what it would add to the database's
        # own constraints (one start per person and day, ordered dates).
        opened.append(StaffPlacement(staff=member, post_office=target, valid_from=on, valid_to=placement.valid_to))
        placement.valid_to = on - ONE_DAY
        ended.append(placement)
        member.post_office = target
    history = {"default_user": _history_user(user), "default_change_reason": reason}
    if ended:
        # Every ended placement gets the same last day and each target office its people: plain UPDATEs (a
        # bulk_update's CASE per row is slow at thousands), then the history rows bulk_update_with_history writes.
        StaffPlacement.objects.filter(pk__in=[placement.pk for placement in ended]).update(valid_to=on - ONE_DAY)
        StaffPlacement.history.bulk_history_create(ended, update=True, **history)
        bulk_create_with_history(opened, StaffPlacement, **history)
        by_target = defaultdict(list)
        for placement in opened:
            by_target[placement.post_office_id].append(placement.staff_id)
        for office_id, staff_ids in by_target.items():
            Staff.objects.filter(pk__in=staff_ids).update(post_office_id=office_id)
    return refused
