"""HQ's month cycle around MonthStatus: the deadline rule and its per-month overrides, reminders sent, and each
user's language (the language of their reminder e-mails)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

DEADLINE_DAY_DEFAULT = 5


class DeadlineRule(models.Model):
    """HQ's rule for the due date of a month: day `day_of_next_month` of the following month (one row; none = 5th).

    Days stop at 28 so that every month has the day.
    """

    day_of_next_month = models.PositiveSmallIntegerField(_("hạn nộp: ngày của tháng sau"), default=DEADLINE_DAY_DEFAULT)
    history = HistoricalRecords(verbose_name=_("lịch sử hạn nộp"), user_model=settings.AUTH_USER_MODEL)

    class Meta:
        verbose_name = _("quy tắc hạn nộp")
        verbose_name_plural = pgettext_lazy("plural", "quy tắc hạn nộp")
        constraints = [
            models.CheckConstraint(
                condition=Q(day_of_next_month__gte=1, day_of_next_month__lte=28), name="deadline_day_1_to_28"
            )
        ]

    def __str__(self) -> str:
        return str(self.day_of_next_month)


class DeadlineOverride(models.Model):
    """HQ moved one month's due date (a holiday, Tết): it replaces the rule for that month only."""

    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    due_date = models.DateField(_("hạn nộp"))
    history = HistoricalRecords(verbose_name=_("lịch sử hạn nộp"), user_model=settings.AUTH_USER_MODEL)

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("hạn nộp riêng của tháng")
        verbose_name_plural = pgettext_lazy("plural", "hạn nộp riêng của tháng")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="deadline_override_one_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="deadline_override_month_1_to_12"),
        ]

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}: {self.due_date}"


class ReminderSent(models.Model):
    """A reminder e-mail sent to a user on a day: the record that stops a second one that day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE)
    sent_on = models.DateField(_("ngày gửi"))
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    months = models.CharField(_("các tháng nhắc"), max_length=200, blank=True)

    class Meta:
        ordering = ["-sent_on", "user"]
        verbose_name = _("thư nhắc đã gửi")
        verbose_name_plural = pgettext_lazy("plural", "thư nhắc đã gửi")
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.sent_on}"


class UserPreference(models.Model):
    """A user's own settings: the language chosen with the language switcher (reminders are written in it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default="vi")

    class Meta:
        verbose_name = _("tùy chọn người dùng")
        verbose_name_plural = pgettext_lazy("plural", "tùy chọn người dùng")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
