"""HQ sets the deadline rule (day N of the next month) and moves single months' due dates."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.period import month_bounds
from enrollment import roles
from enrollment.models import DeadlineOverride, DeadlineRule
from enrollment.services.months import month_validate


def _require_hq(user) -> None:
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty đặt hạn nộp."))


@transaction.atomic
def deadline_rule_set(*, user, day_of_next_month: int) -> DeadlineRule:
    """The due date of every month without an override becomes day `day_of_next_month` (1..28) of the next month."""
    _require_hq(user)
    rule = DeadlineRule.objects.select_for_update().order_by("pk").first() or DeadlineRule()
    rule.day_of_next_month = day_of_next_month
    try:
        rule.full_clean()
    except ValidationError:
        raise ValidationError(_("Ngày hạn nộp phải từ 1 đến 28.")) from None
    rule._history_user = user
    rule.save()
    return rule


@transaction.atomic
def deadline_override_set(*, user, year: int, month: int, due_date: datetime.date | None) -> DeadlineOverride | None:
    """Move one month's due date (None: back to the rule). It may not fall before the month ends."""
    _require_hq(user)
    month_validate(month)
    existing = DeadlineOverride.objects.select_for_update().filter(year=year, month=month).first()
    if due_date is None:
        if existing:
            existing._history_user = user
            existing.delete()
        return None
    if due_date <= month_bounds(year, month)[1]:
        raise ValidationError(_("Hạn nộp phải sau ngày cuối của tháng báo cáo."))
    override = existing or DeadlineOverride(year=year, month=month)
    override.due_date = due_date
    override.full_clean()
    override._history_user = user
    override.save()
    return override
