"""Annual plans: HQ's per province, and a province's allocation to its post offices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from enrollment.models.organisation import PostOffice, Province
from enrollment.querysets import PostOfficeScopedQuerySet, ProvinceScopedQuerySet


class AnnualPlan(models.Model):
    """HQ's annual plan (kế hoạch năm) of new participants for one province; written by services.plans, with history."""

    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    target = models.PositiveIntegerField(_("kế hoạch (người)"))

    history = HistoricalRecords(verbose_name=_("lịch sử kế hoạch năm"), user_model=settings.AUTH_USER_MODEL)
    objects = ProvinceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "province"]
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch năm")
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="annual_plan_unique_province_year"),
            models.CheckConstraint(condition=Q(target__gt=0), name="annual_plan_target_positive"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="annual_plan_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}: {self.target}"


class PostOfficePlan(models.Model):
    """A province's allocation of its annual plan to one of its post offices (optional; services.plans, with history)."""

    post_office = models.ForeignKey(
        PostOffice, verbose_name=_("bưu điện"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    target = models.PositiveIntegerField(_("kế hoạch (người)"))

    history = HistoricalRecords(verbose_name=_("lịch sử phân bổ kế hoạch"), user_model=settings.AUTH_USER_MODEL)
    objects = PostOfficeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "post_office"]
        verbose_name = _("kế hoạch bưu điện")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch bưu điện")
        constraints = [
            models.UniqueConstraint(fields=["post_office", "year"], name="post_office_plan_unique_year"),
            models.CheckConstraint(condition=Q(target__gt=0), name="post_office_plan_target_positive"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="post_office_plan_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.post_office} {self.year}: {self.target}"
