"""The organisation: regions, provinces (both schemes), post offices (a tree) and staff, and who manages what."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from enrollment.querysets import ManagerAssignmentQuerySet, PostOfficeQuerySet, ProvinceQuerySet, StaffQuerySet

QUOTA_MIN, QUOTA_MAX, QUOTA_DEFAULT = 2, 5, 2


class Scheme(models.TextChoices):
    """The two province schemes; regions belong to one of them as provinces do."""

    P63 = "63", _("63 tỉnh (đến 30/06/2025)")
    P34 = "34", _("34 tỉnh (từ 01/07/2025)")


class Region(models.Model):
    """A socio-economic region (vùng kinh tế - xã hội) of one province scheme.

    The six of the 63-province scheme are Resolution 81/2023/QH15's; the six of the 34 are a provisional
    grouping (fixtures/geography/regions_34_provisional.csv) that HQ confirms by unticking `provisional`.
    Codes repeat across the schemes (DBSH, DNB…) with different members, so a region is (scheme, code).
    """

    scheme = models.CharField(_("phân cấp"), max_length=2, choices=Scheme.choices, default=Scheme.P63)
    code = models.CharField(_("mã vùng"), max_length=16)
    name = models.CharField(_("tên vùng"), max_length=120)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    provisional = models.BooleanField(
        _("tạm thời"), default=False, help_text=_("Bỏ chọn khi Tổng công ty xác nhận cách chia vùng này.")
    )

    class Meta:
        ordering = ["scheme", "position", "code"]
        verbose_name = _("vùng")
        verbose_name_plural = pgettext_lazy("plural", "vùng")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="region_unique_scheme_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name as pages and reports show it: "(tạm thời)" beside a grouping HQ has not confirmed."""
        return _("%(name)s (tạm thời)") % {"name": self.name} if self.provisional else self.name


class Province(models.Model):
    """A province or centrally-run city: one Bưu điện tỉnh.

    Identified by (scheme, code): seven GSO codes mean a different province in the 63- and
    the 34-province schemes, so a code alone is never enough.
    """

    Scheme = Scheme

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho_tw", _("Thành phố trực thuộc TW")

    scheme = models.CharField(_("phân cấp"), max_length=2, choices=Scheme.choices)
    code = models.CharField(_("mã GSO"), max_length=2)
    name = models.CharField(_("tên"), max_length=80)
    full_name = models.CharField(_("tên đầy đủ"), max_length=120)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("vùng"), on_delete=models.PROTECT, null=True, blank=True, related_name="provinces"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "code"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = pgettext_lazy("plural", "tỉnh/thành phố")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="province_unique_scheme_code"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="province_valid_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PostOffice(models.Model):
    """A post office under a province, as a tree: district → commune / counter / cultural point."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Bưu điện huyện/khu vực")
        COMMUNE = "commune", _("Bưu điện xã")
        COUNTER = "counter", _("Bưu cục")
        CULTURAL_POINT = "cultural_point", _("Điểm BĐ-VHX")

    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="post_offices"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("mã đơn vị"), max_length=20, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=160)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.DISTRICT)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The office's own dates (opened, closed); None: open since/until always. A figure is earned only at an office
    # open in its month (services.figures); `is_active` stays the switch for today.
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)

    objects = PostOfficeQuerySet.as_manager()

    class Meta:
        ordering = ["province", "code"]
        verbose_name = _("bưu điện")
        verbose_name_plural = pgettext_lazy("plural", "bưu điện")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="post_office_not_own_parent"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="post_office_valid_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A staff member (CBNV) who brings in new participants; belongs to one post office at a time.

    Where and with which quota a person worked over time is dated (enrollment.models.placements: StaffPlacement,
    StaffQuota). `post_office` and `monthly_quota` here are only the CURRENT values, kept in step by the
    organisation services (staff_save, staff_transfer, staff_quota_set); reports for a period read the dated rows.
    """

    employee_code = models.CharField(_("mã nhân viên"), max_length=20, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    post_office = models.ForeignKey(
        PostOffice, verbose_name=_("bưu điện"), on_delete=models.PROTECT, related_name="staff"
    )
    active_from = models.DateField(_("làm việc từ"))
    active_to = models.DateField(_("nghỉ từ"), null=True, blank=True)
    monthly_quota = models.PositiveSmallIntegerField(_("chỉ tiêu tháng"), default=QUOTA_DEFAULT)

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["post_office", "employee_code"]
        verbose_name = _("nhân viên")
        verbose_name_plural = pgettext_lazy("plural", "nhân viên")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_quota__gte=QUOTA_MIN, monthly_quota__lte=QUOTA_MAX), name="staff_quota_2_to_5"
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="staff_active_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_code} · {self.full_name}"


class ManagerAssignment(models.Model):
    """A province manager's login holds a province from `valid_from` to `valid_to` (inclusive; empty = open-ended).

    A user may hold several provinces, and the same province again later: one row per spell. What the manager
    sees and changes is decided in `roles.managed_province_ids` (the spells in force on a day) and
    `querysets.visible_to` (those provinces and their predecessors).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="assignments"
    )
    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="managers"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử phân công"), user_model=settings.AUTH_USER_MODEL)
    objects = ManagerAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "province__code", "valid_from", "pk"]
        verbose_name = _("phân công quản lý tỉnh")
        verbose_name_plural = pgettext_lazy("plural", "phân công quản lý tỉnh")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="manager_assignment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.province}"

    def clean(self) -> None:
        """Two spells of one user on one province must not overlap (the admin shows this on the form)."""
        super().clean()
        if self.user_id is None or self.province_id is None:
            return
        overlapping = (
            ManagerAssignment.objects.filter(user_id=self.user_id, province_id=self.province_id)
            .exclude(pk=self.pk)
            .overlapping(self.valid_from, self.valid_to)
        )
        if overlapping.exists():
            raise ValidationError(_("Người dùng đã được phân công tỉnh này trong khoảng thời gian trùng lặp."))
