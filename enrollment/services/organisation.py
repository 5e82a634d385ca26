"""Post offices and staff, changed by their province's manager (or HQ); the scope is `visible_to(user, "change")`.

Where a person works and their quota are dated (StaffPlacement, StaffQuota): staff_save creates them with the
person and keeps them in step with the working dates; a move is `staff_transfer`, a new quota `staff_quota_set`
(services.placements). Staff.post_office / Staff.monthly_quota are the current values, written only here.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.geography import nfc
from enrollment.models import PostOffice, Province, Staff, StaffPlacement, StaffQuota
from enrollment.services.placements import dated_rows_ensure, staff_quota_set, staff_transfer


def _require_changeable_province(user, province_id: int | None) -> None:
    if not Province.objects.visible_to(user, "change").filter(pk=province_id).exists():
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
    _require_changeable_province(user, post_office.province_id)
    if post_office.pk:
        stored = PostOffice.objects.visible_to(user, "change").filter(pk=post_office.pk).first()
        if stored is None:
            raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
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
        # locked while checked and saved; of=self: not the province joined by the default ordering
        PostOffice.objects.select_for_update(of=("self",)).filter(pk=post_office.pk).order_by().first()
    post_office_check(user=user, post_office=post_office)
    _store_nfc(post_office, "code", "name")
    post_office.full_clean()
    post_office.save()
    return post_office


def staff_check(*, user, staff: Staff) -> None:
    """The rules of a staff change, without saving (also used by the admin form).

    Both the old and the new post office must be in the user's change scope; no move to an inactive office.
    """
    new_office = PostOffice.objects.get(pk=staff.post_office_id)
    _require_changeable_province(user, new_office.province_id)
    if staff.pk:
        stored = Staff.objects.visible_to(user, "change").filter(pk=staff.pk).first()
        if stored is None:
            raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
        if stored.post_office_id != staff.post_office_id and not new_office.is_active:
            raise ValidationError({"post_office": _("Không thể chuyển đến bưu điện đã ngừng hoạt động.")})


def first_of_this_month() -> datetime.date:
    """The default date of a move or a quota change typed in the staff form."""
    return timezone.localdate().replace(day=1)


@transaction.atomic
def staff_save(*, user, staff: Staff, changes_from: datetime.date | None = None) -> Staff:
    """Create or edit a staff member: rename, quota, move to another post office, deactivate (active_to).

    A new person gets their first placement and quota from `active_from`. On an existing person a new post office
    is a dated move (`staff_transfer` on `changes_from`, default the first day of this month) and a new quota
    starts on that date too (`staff_quota_set`): nobody is moved, and no past month re-scored, silently.
    Codes are unique nationally (database constraint, reported by full_clean).
    """
    stored = None
    if staff.pk:
        stored = Staff.objects.select_for_update(of=("self",)).filter(pk=staff.pk).order_by().first()
    staff_check(user=user, staff=staff)
    _store_nfc(staff, "employee_code", "full_name")
    on = changes_from or first_of_this_month()
    new_office_id, new_quota = staff.post_office_id, staff.monthly_quota
    staff.full_clean()  # the new values are valid before the dated services apply them
    if stored is not None:  # the current values change only through the dated acts below
        staff.post_office_id, staff.monthly_quota = stored.post_office_id, stored.monthly_quota
    staff.save()
    if stored is None:
        dated_rows_ensure(staff, user=user)
        return staff
    _working_dates_follow(staff, user=user)
    if new_office_id != stored.post_office_id:
        staff_transfer(user=user, staff=staff, post_office=PostOffice.objects.get(pk=new_office_id), on=on)
    if new_quota != stored.monthly_quota:
        staff_quota_set(user=user, staff=staff, monthly_quota=new_quota, valid_from=on)
    staff.refresh_from_db()
    return staff


def _working_dates_follow(staff: Staff, *, user) -> None:
    """The first placement and quota start with the working dates; the last placement ends with them.

    A change of the working dates that would leave a placement outside them is refused (move or end it first).
    """
    dated_rows_ensure(staff, user=user)
    placements = list(StaffPlacement.objects.select_for_update().filter(staff=staff).order_by("valid_from"))
    first, last = placements[0], placements[-1]
    if len(placements) > 1 and staff.active_from > placements[1].valid_from - datetime.timedelta(days=1):
        raise ValidationError({"active_from": _("Ngày bắt đầu làm việc phải trước lần điều chuyển đầu tiên.")})
    if staff.active_to is not None and staff.active_to < last.valid_from:
        raise ValidationError({"active_to": _("Ngày nghỉ phải sau lần điều chuyển gần nhất.")})
    for placement, field, value in ((first, "valid_from", staff.active_from), (last, "valid_to", staff.active_to)):
        if getattr(placement, field) != value:
            setattr(placement, field, value)
            placement._history_user = user
            placement.full_clean()
            placement.save()
    quotas = list(StaffQuota.objects.filter(staff=staff).order_by("valid_from"))
    first_quota, later_starts = quotas[0], [quota.valid_from for quota in quotas[1:]]
    if first_quota.valid_from != staff.active_from and all(start > staff.active_from for start in later_starts):
        first_quota.valid_from = staff.active_from
        first_quota._history_user = user
        first_quota.save()
