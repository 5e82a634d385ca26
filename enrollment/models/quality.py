"""Data quality: the outliers someone confirmed (services.outliers), for HQ's data-quality page."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enrollment.models.organisation import PostOffice, Staff
from enrollment.querysets import ScopedQuerySet


class ConfirmedOutlierQuerySet(ScopedQuerySet):
    province_lookup = "post_office__province_id"  # the office where the figure was earned, like the figure itself


class ConfirmedOutlier(models.Model):
    """A figure far above the person's history and quota that a user saved knowingly: the value, who, when.

    `history_max` (their highest of the months before, None without any) and `quota` are what the check saw, so
    the page can say why it was flagged even after later months change the history.
    """

    staff = models.ForeignKey(Staff, verbose_name=_("nhân viên"), on_delete=models.PROTECT, related_name="+")
    post_office = models.ForeignKey(PostOffice, verbose_name=_("bưu điện"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    value = models.PositiveIntegerField(_("số đã xác nhận"))
    history_max = models.PositiveIntegerField(_("cao nhất các tháng trước"), null=True, blank=True)
    quota = models.PositiveSmallIntegerField(_("chỉ tiêu tháng"))
    source = models.CharField(_("nguồn"), max_length=16)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), auto_now_add=True)

    objects = ConfirmedOutlierQuerySet.as_manager()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = _("số liệu bất thường đã xác nhận")
        verbose_name_plural = pgettext_lazy("plural", "số liệu bất thường đã xác nhận")
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="outlier_month_1_to_12"),
        ]
        indexes = [models.Index(fields=["year", "month"], name="outlier_period_idx")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.month:02d}/{self.year}: {self.value}"
