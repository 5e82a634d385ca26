"""Live rollups: new participants per (post office, month), per (province, month), and each staff
member's year in one row.

They are derived data, kept exact in the writing transaction by `reports.rollups` (every write to
MonthlyFigure moves them), so the dashboard reads a few hundred rows whatever the number of staff.
`python manage.py rollups_check` recomputes them from the staff figures and reports any drift.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enrollment.models import PostOffice, Province, Staff
from enrollment.querysets import ProvinceScopedQuerySet, ScopedQuerySet


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


class StaffYearFiguresQuerySet(ScopedQuerySet):
    province_lookup = "province_id"  # where the figures were earned, not where the person works now


class StaffYearFigures(models.Model):
    """One staff member's twelve monthly figures of one year EARNED AT ONE post office; None where none was entered.

    The staff leaderboard, quota attainment and the staff Excel report read these rows instead of
    aggregating twelve staff-month figures. Keyed by (staff, post office, year): a person moved mid-year
    has one row per office, so each office's leaderboard counts only what was earned there and sums to
    the office's total (province copied for scope, like the other rollups).
    """

    # No index of its own: the (staff, post office, year) constraint's index serves every lookup by staff.
    staff = models.ForeignKey(
        Staff, verbose_name=_("nhân viên"), on_delete=models.CASCADE, related_name="figure_years", db_index=False
    )
    post_office = models.ForeignKey(
        PostOffice, verbose_name=_("bưu điện"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    province = models.ForeignKey(Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    month_1 = models.IntegerField("T1", null=True)
    month_2 = models.IntegerField("T2", null=True)
    month_3 = models.IntegerField("T3", null=True)
    month_4 = models.IntegerField("T4", null=True)
    month_5 = models.IntegerField("T5", null=True)
    month_6 = models.IntegerField("T6", null=True)
    month_7 = models.IntegerField("T7", null=True)
    month_8 = models.IntegerField("T8", null=True)
    month_9 = models.IntegerField("T9", null=True)
    month_10 = models.IntegerField("T10", null=True)
    month_11 = models.IntegerField("T11", null=True)
    month_12 = models.IntegerField("T12", null=True)

    objects = StaffYearFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu nhân viên theo năm")
        verbose_name_plural = _("số liệu nhân viên theo năm")
        constraints = [
            models.UniqueConstraint(fields=["staff", "post_office", "year"], name="staff_office_year_figures_unique")
        ]
        indexes = [models.Index(fields=["post_office", "year"], name="staff_year_office_idx")]

    def __str__(self) -> str:
        return f"{self.staff_id} @{self.post_office_id} {self.year}"


def month_field(month: int) -> str:
    """The StaffYearFigures column holding `month` (1–12)."""
    return f"month_{month}"
