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
from enrollment.models import MonthlyFigure, Staff
from enrollment.signals import FigureChange, figures_changed

SOURCE_GRID, SOURCE_IMPORT, SOURCE_ADMIN, SOURCE_SERVICE = "grid", "import", "admin", "service"
MAX_MONTHLY_COUNT = 10_000  # far above any real month of one person; catches typos like 30000


@dataclass
class FiguresRecordResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[FigureChange] = field(default_factory=list)


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
    *, user, year: int, month: int, values: Mapping[int, int], source: str = SOURCE_SERVICE
) -> FiguresRecordResult:
    """Save one month's figures for many staff members at once: {staff id: new participants}.

    A fixed number of queries whatever the number of staff (bulk create/update with history).
    Refuses the whole batch — nothing saved — if any staff member is outside the user's scope
    or any value is invalid.
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
    existing = {
        f.staff_id: f
        for f in MonthlyFigure.objects.select_for_update()
        .filter(staff_id__in=values, year=year, month=month)
        .select_related("post_office")
    }
    now = timezone.now()

    result = FiguresRecordResult()
    to_create, to_update = [], []
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
            old, figure.new_participants, figure.updated_at = figure.new_participants, value, now
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
        bulk_update_with_history(
            to_update,
            MonthlyFigure,
            ["new_participants", "updated_at"],
            default_user=user,
            default_change_reason=source,
        )
    result.created, result.updated = len(to_create), len(to_update)
    if result.changes:
        figures_changed.send(sender=MonthlyFigure, changes=result.changes)
    return result
