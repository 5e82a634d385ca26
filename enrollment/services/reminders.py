"""Reminder e-mails to the managers of provinces whose month is due soon or late, at most one a day per person.

Through Django's mail API (EMAIL_BACKEND: console by default, SMTP from the environment; docs/deploy.md). Each
e-mail is written in the manager's language (`preferences.language_of`). The day's `ReminderSent` row is taken
before sending (its unique constraint makes two runs at once send one e-mail) and given back if the send fails.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enrollment import roles
from enrollment.models import ManagerAssignment, ReminderSent
from enrollment.reminders import DueMonth, months_due
from enrollment.services.preferences import language_of


@dataclass
class RemindersResult:
    """Who got an e-mail, who had one already today, who has no address."""

    sent: list[str] = field(default_factory=list)
    already_today: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)


def _managers_and_provinces(today: datetime.date) -> dict:
    """{manager: [provinces held today]} for active managers (one query)."""
    assignments = (
        ManagerAssignment.objects.in_force_on(today)
        .filter(user__is_active=True, user__groups__name=roles.MANAGER_GROUP)
        .select_related("user", "user__preference", "province")
        .order_by("user_id", "province__code")
    )
    held = defaultdict(list)
    for assignment in assignments:
        held[assignment.user].append(assignment.province)
    return held


def _message(user, items: list[DueMonth], today: datetime.date) -> EmailMessage:
    with translation.override(language_of(user)):
        context = {"user": user, "items": items, "today": today, "site_url": settings.SITE_URL.rstrip("/")}
        context["entry_path"] = reverse("enrollment:grid")
        subject = _("Nhắc nộp số liệu BHXH tự nguyện")
        body = render_to_string("enrollment/reminder_email.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _claim(user, today: datetime.date, items: list[DueMonth]) -> ReminderSent | None:
    months = ", ".join(f"{i.province.code} {i.month:02d}/{i.year}" for i in items)[:200]
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(user=user, sent_on=today, months=months)
    except IntegrityError:
        return None


def reminders_send(*, user=None, today: datetime.date | None = None) -> RemindersResult:
    """E-mail each manager whose provinces have a month due within REMINDER_DAYS_BEFORE days or late.

    `user` is who pressed HQ's button (None: the cron command). Not atomic as a whole: each e-mail's record is its own.
    """
    if user is not None and not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty gửi thư nhắc."))
    today = today or timezone.localdate()
    result = RemindersResult()
    for manager, provinces in _managers_and_provinces(today).items():
        items = [
            i
            for i in months_due(provinces=provinces, today=today)
            if i.needs_reminder(today, settings.REMINDER_DAYS_BEFORE)
        ]
        if not items:
            continue
        if not manager.email:
            result.no_address.append(manager.get_username())
            continue
        claim = _claim(manager, today, items)
        if claim is None:
            result.already_today.append(manager.get_username())
            continue
        try:
            _message(manager, items, today).send(fail_silently=False)
        except Exception:
            claim.delete()  # not sent: the next run may try again today
            raise
        result.sent.append(manager.get_username())
    return result
