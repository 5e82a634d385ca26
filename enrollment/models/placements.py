"""Where a staff member worked, and with which quota, over time: the dated organisation of issue 13.

A report for a period counts a person where they were placed *then*, with the quota in force *then*; a new figure
is earned at the post office of the placement in force in its month (services.figures). Written only by the
organisation services (staff_save, staff_transfer, staff_quota_set), which also keep Staff's current values.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.period import month_bounds
from enrollment.models.figures import MonthlyFigure
from enrollment.models.organisation import QUOTA_MAX, QUOTA_MIN, PostOffice, Staff
from enrollment.querysets import ScopedQuerySet, in_force_q, staff_active_q


class StaffPlacementQuerySet(ScopedQuerySet):
    province_lookup = "post_office__province_id"  # a placement belongs to the province of its post office

    def overlapping(self, first: date, last: date) -> "StaffPlacementQuerySet":
        """Placements in force at some point between `first` and `last` (inclusive)."""
        return self.filter(in_force_q(first, last))


class StaffPlacement(models.Model):
    """A staff member's placement (nơi công tác) at one post office from `valid_from` to `valid_to` (inclusive).

    One person's placements never overlap (checked by services.organisation, as SQLite has no exclusion
    constraint). A transfer ends one placement the day before the next begins; past placements are never edited.
    """

    staff = models.ForeignKey(Staff, verbose_name=_("nhân viên"), on_delete=models.PROTECT, related_name="placements")
    post_office = models.ForeignKey(
        PostOffice, verbose_name=_("bưu điện"), on_delete=models.PROTECT, related_name="placements"
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử điều chuyển"), user_model=settings.AUTH_USER_MODEL)
    objects = StaffPlacementQuerySet.as_manager()

    class Meta:
        ordering = ["staff", "valid_from"]
        verbose_name = _("nơi công tác")
        verbose_name_plural = pgettext_lazy("plural", "nơi công tác")
        constraints = [
            models.UniqueConstraint(fields=["staff", "valid_from"], name="placement_one_start_per_day"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="placement_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} → {self.post_office_id} {self.valid_from}..{self.valid_to or ''}"


class StaffQuotaQuerySet(ScopedQuerySet):
    province_lookup = "staff__post_office__province_id"

    def in_force_on(self, day: date) -> "StaffQuotaQuerySet":
        """Each person's quotas that had started by `day`, the one in force first (latest `valid_from`)."""
        return self.filter(valid_from__lte=day).order_by("-valid_from")


class StaffQuota(models.Model):
    """A staff member's monthly quota (chỉ tiêu cá nhân, 2–5) from `valid_from` until the next one starts.

    A month is judged against the quota in force on its last day, so a change from June leaves May as it was.
    """

    staff = models.ForeignKey(Staff, verbose_name=_("nhân viên"), on_delete=models.PROTECT, related_name="quotas")
    monthly_quota = models.PositiveSmallIntegerField(_("chỉ tiêu tháng"))
    valid_from = models.DateField(_("từ ngày"))

    history = HistoricalRecords(verbose_name=_("lịch sử chỉ tiêu"), user_model=settings.AUTH_USER_MODEL)
    objects = StaffQuotaQuerySet.as_manager()

    class Meta:
        ordering = ["staff", "valid_from"]
        verbose_name = _("chỉ tiêu theo thời gian")
        verbose_name_plural = pgettext_lazy("plural", "chỉ tiêu theo thời gian")
        constraints = [
            models.UniqueConstraint(fields=["staff", "valid_from"], name="staff_quota_one_per_day"),
            models.CheckConstraint(
                condition=Q(monthly_quota__gte=QUOTA_MIN, monthly_quota__lte=QUOTA_MAX),
                name="staff_quota_dated_2_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.monthly_quota} @ {self.valid_from}"


def placed_office(first: date, last: date, staff: str = "pk", value: str = "post_office") -> models.Subquery:
    """SQL: the post office of the person's placement in force on the month's last day that overlaps it.

    The latest-starting placement overlapping `first..last` (a person who left mid-month keeps their last one);
    NULL if none. `staff` is the OuterRef path to the staff member's pk; `value` what to read of the placement
    (e.g. "post_office__province" for the office's province).
    """
    placements = StaffPlacement.objects.filter(staff=models.OuterRef(staff)).overlapping(first, last)
    return models.Subquery(placements.order_by("-valid_from").values(value)[:1])


def earned_at(first: date, last: date, value: str = "post_office") -> models.Case:
    """SQL on Staff: where a new figure of the month `first..last` is earned (`placed_office`, read as `value`).

    A person without dated rows (made in bulk) earns at their Staff.post_office, the implicit placement.
    """
    return models.Case(
        models.When(has_placements(), then=placed_office(first, last, value=value)),
        default=models.F(f"{value}_id" if value == "post_office" else value),
        output_field=models.BigIntegerField(),
    )


def month_office(year: int, month: int) -> Coalesce:
    """SQL on Staff: the post office the person's figure of (year, month) belongs to — the existing figure's own
    office, else where a new one would be earned (`earned_at`). The entry grid and template list a person under
    this office, and figures_record writes there, so the page and the save never disagree after a transfer.
    """
    first, last = month_bounds(year, month)
    figure = MonthlyFigure.objects.filter(staff=models.OuterRef("pk"), year=year, month=month).order_by()
    return Coalesce(
        models.Subquery(figure.values("post_office_id")[:1]),
        earned_at(first, last),
        output_field=models.BigIntegerField(),
    )


def month_quota(last: date) -> Coalesce:
    """SQL on Staff: the quota in force on `last`; a person without dated quotas (made in bulk) has Staff's."""
    return Coalesce(quota_in_force(last), models.F("monthly_quota"))


def has_placements(staff: str = "pk") -> models.Exists:
    """SQL: the person has dated placements (a person without, made in bulk, is placed where Staff says)."""
    return models.Exists(StaffPlacement.objects.filter(staff=models.OuterRef(staff)))


def placed_in_q(first: date, last: date, **office: object) -> Q:
    """On Staff: placed at some point between `first` and `last` at an office matching the lookups `office`.

    E.g. `placed_in_q(first, last, pk=7)` or `province_id=3`. A person without dated rows counts as placed at
    their Staff.post_office over their working dates (the implicit placement).
    """
    office_q = Q(**{f"post_office__{key}": value for key, value in office.items()})
    placed = StaffPlacement.objects.filter(staff=models.OuterRef("pk")).overlapping(first, last).filter(office_q)
    return Q(models.Exists(placed)) | (~Q(has_placements()) & office_q & staff_active_q(first, last))


def quota_in_force(last: date, staff: str = "pk") -> models.Subquery:
    """SQL: the person's quota in force on `last` (the month's last day); NULL if none had started."""
    quotas = StaffQuota.objects.filter(staff=models.OuterRef(staff)).in_force_on(last)
    return models.Subquery(quotas.values("monthly_quota")[:1])


def office_open_q(first: date, last: date, prefix: str = "") -> Q:
    """On PostOffice: open at some point between `first` and `last` (its own dates; None: no limit)."""
    return in_force_q(first, last, prefix)
