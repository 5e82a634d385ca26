"""Post offices and staff, changed by their province's manager (or HQ); the scope is `visible_to(user, "change")`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.geography import nfc
from enrollment.models import PostOffice, Province, Staff


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

    Both the old and the new post office must be in the user's province; no move to an inactive office.
    """
    new_office = PostOffice.objects.get(pk=staff.post_office_id)
    _require_changeable_province(user, new_office.province_id)
    if staff.pk:
        stored = Staff.objects.visible_to(user, "change").filter(pk=staff.pk).first()
        if stored is None:
            raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
        if stored.post_office_id != staff.post_office_id and not new_office.is_active:
            raise ValidationError({"post_office": _("Không thể chuyển đến bưu điện đã ngừng hoạt động.")})


@transaction.atomic
def staff_save(*, user, staff: Staff) -> Staff:
    """Create or edit a staff member: rename, quota, move to another post office, deactivate (active_to).

    A move changes only where future figures are earned: past figures keep their post office.
    Codes are unique nationally (database constraint, reported by full_clean).
    """
    if staff.pk:
        Staff.objects.select_for_update(of=("self",)).filter(pk=staff.pk).order_by().first()
    staff_check(user=user, staff=staff)
    _store_nfc(staff, "employee_code", "full_name")
    staff.full_clean()
    staff.save()
    return staff
