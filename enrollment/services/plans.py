"""Annual plans: HQ sets a province's (kế hoạch năm); a province allocates it to its post offices."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from enrollment import roles
from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province


@transaction.atomic
def plan_set(*, user, province: Province, year: int, target: int) -> AnnualPlan:
    """Set a province's annual plan for a year (created or replaced). HQ only: the plan is HQ's, not the province's."""
    if not roles.is_hq(user) or not Province.objects.visible_to(user, "change").filter(pk=province.pk).exists():
        raise PermissionDenied(_("Chỉ Tổng công ty được đặt kế hoạch năm."))
    plan = (
        AnnualPlan.objects.select_for_update(of=("self",)).filter(province=province, year=year).order_by().first()
    ) or AnnualPlan(province=province, year=year)
    plan.target = target
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def post_office_plan_set(*, user, post_office: PostOffice, year: int, target: int) -> PostOfficePlan:
    """Allocate part of the province's plan to one of its post offices (created or replaced), within the user's scope."""
    if not PostOffice.objects.visible_to(user, "change").filter(pk=post_office.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
    plan = (
        PostOfficePlan.objects.select_for_update(of=("self",))
        .filter(post_office=post_office, year=year)
        .order_by()
        .first()
    ) or PostOfficePlan(post_office=post_office, year=year)
    plan.target = target
    plan.full_clean()
    plan.save()
    return plan
