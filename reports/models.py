"""Live rollups: new participants per (post office, month) and per (province, month).

They are derived data, kept exact in the writing transaction by `reports.rollups` (every write to
MonthlyFigure moves them), so the dashboard reads a few hundred rows whatever the number of staff.
`python manage.py rollups_check` recomputes them from the staff figures and reports any drift.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enrollment.models import PostOffice, Province
from enrollment.querysets import ProvinceScopedQuerySet


class PostOfficeMonthTotal(models.Model):
    """Sum of the staff figures earned at one post office in one month (province copied for scope)."""

    post_office = models.ForeignKey(
        PostOffice, verbose_name=_("bưu điện"), on_delete=models.PROTECT, related_name="month_totals"
    )
    province = models.ForeignKey(Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    total = models.IntegerField(_("người tham gia mới"), default=0)

    objects = ProvinceScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổng hợp bưu điện theo tháng")
        verbose_name_plural = pgettext_lazy("plural", "tổng hợp bưu điện theo tháng")
        constraints = [
            models.UniqueConstraint(fields=["post_office", "year", "month"], name="po_month_total_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="po_month_total_month_1_to_12"),
        ]
        indexes = [models.Index(fields=["province", "year", "month"], name="po_month_total_prov_idx")]

    def __str__(self) -> str:
        return f"{self.post_office_id} {self.month:02d}/{self.year}: {self.total}"


class ProvinceMonthTotal(models.Model):
    """Sum of the staff figures of one province in one month."""

    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="month_totals"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    total = models.IntegerField(_("người tham gia mới"), default=0)

    objects = ProvinceScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổng hợp tỉnh theo tháng")
        verbose_name_plural = pgettext_lazy("plural", "tổng hợp tỉnh theo tháng")
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "month"], name="province_month_total_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="province_month_total_month_1_12"),
        ]
        indexes = [models.Index(fields=["year", "month"], name="prov_month_total_period_idx")]

    def __str__(self) -> str:
        return f"{self.province_id} {self.month:02d}/{self.year}: {self.total}"
