"""The monthly figures (the unit of truth) and where each province's month stands."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.history import IndexedHistoricalRecords
from enrollment.models.organisation import PostOffice, Province, Staff
from enrollment.querysets import MonthlyFigureQuerySet, ProvinceScopedQuerySet


class MonthlyFigure(models.Model):
    """New participants brought in by one staff member in one month: the unit of truth.

    `post_office` is where the figure was earned; it is copied at entry and never follows a
    transfer, so a post office's history stays where it was earned.
    """

    staff = models.ForeignKey(Staff, verbose_name=_("nhân viên"), on_delete=models.PROTECT, related_name="figures")
    post_office = models.ForeignKey(
        PostOffice, verbose_name=_("bưu điện"), on_delete=models.PROTECT, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    new_participants = models.IntegerField(_("người tham gia mới"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    # The history page (enrollment.selectors.figure_history) reads newest first, alone or filtered by month,
    # post office, staff or user: each has an index in that order, so a page is a short index scan at
    # millions of rows (history grows by 600.000+ a year nationally).
    history = IndexedHistoricalRecords(
        verbose_name=_("lịch sử số liệu"),
        user_model=settings.AUTH_USER_MODEL,
        excluded_fields=["updated_at"],
        no_db_index=["staff", "post_office"],  # their one-column indexes are prefixes of the ones below
        indexes=[
            models.Index(fields=["history_date", "history_id"], name="figure_hist_newest_idx"),
            models.Index(fields=["year", "month", "history_date", "history_id"], name="figure_hist_month_idx"),
            models.Index(fields=["post_office", "history_date", "history_id"], name="figure_hist_office_idx"),
            models.Index(fields=["staff", "history_date", "history_id"], name="figure_hist_staff_idx"),
            models.Index(fields=["history_user", "history_date", "history_id"], name="figure_hist_user_idx"),
        ],
    )
    objects = MonthlyFigureQuerySet.as_manager()

    class Meta:
        ordering = ["year", "month", "staff"]
        verbose_name = _("số liệu tháng")
        verbose_name_plural = pgettext_lazy("plural", "số liệu tháng")
        constraints = [
            models.UniqueConstraint(fields=["staff", "year", "month"], name="figure_one_per_staff_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="figure_month_1_to_12"),
            models.CheckConstraint(condition=Q(new_participants__gte=0), name="figure_count_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="figure_year_sane"),
        ]
        indexes = [
            models.Index(fields=["year", "month", "post_office"], name="figure_period_office_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.month:02d}/{self.year}: {self.new_participants}"


class MonthStatus(models.Model):
    """Where a province's month stands: open → submitted (by the province) → closed (by HQ, read-only).

    No row means open. Reopening by HQ sets the status back to open; the history records it. HQ may also *return*
    a submitted month with a comment: it is open again, `returned_at` and the comment tell the manager why, and the
    next submission clears them (the history keeps them). `submitted_with_gaps`: the manager confirmed the submission
    knowing some placed staff had no figure; `changed_after_submission_at`: a figure changed while it stood submitted.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Đang mở")
        SUBMITTED = "submitted", _("Đã nộp")
        CLOSED = "closed", _("Đã khóa sổ")

    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="month_statuses"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("khóa sổ lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa sổ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    submitted_with_gaps = models.BooleanField(_("nộp khi còn thiếu"), default=False)
    changed_after_submission_at = models.DateTimeField(_("sửa sau khi nộp lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comment = models.TextField(_("lý do trả lại"), max_length=1000, blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử trạng thái tháng"), user_model=settings.AUTH_USER_MODEL)
    objects = ProvinceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month", "province"]
        verbose_name = _("trạng thái tháng")
        verbose_name_plural = pgettext_lazy("plural", "trạng thái tháng")
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "month"], name="month_status_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_status_month_1_to_12"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.month:02d}/{self.year}: {self.get_status_display()}"

    @property
    def is_closed(self) -> bool:
        """Closed (đã khóa sổ): read-only for every path until HQ reopens it."""
        return self.status == self.Status.CLOSED

    @property
    def is_submitted(self) -> bool:
        """Submitted and not returned since (closed months count: HQ accepted them)."""
        return self.status in (self.Status.SUBMITTED, self.Status.CLOSED) and self.submitted_at is not None

    @property
    def is_returned(self) -> bool:
        """HQ returned the submission; the manager reads `return_comment` and submits again."""
        return self.status == self.Status.OPEN and self.returned_at is not None
