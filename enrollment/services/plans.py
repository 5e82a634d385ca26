"""Annual plans: HQ sets a province's (kế hoạch năm); a province allocates it to its post offices.

Every write records who and why in the plans' history (simple-history, change reason = the path). A form's or
a file's plans are saved all together or not at all: every value is checked first (`plan_rules`), then the rows
are locked in pk order and written.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enrollment import roles
from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province
from enrollment.plan_selectors import allocatable_offices
from enrollment.services.plan_rules import (
    allocation_ceiling_check,
    plan_target_validate,
    plan_year_validate,
    province_in_year_check,
    province_plan,
)

SOURCE_PAGE, SOURCE_IMPORT, SOURCE_ADMIN = "page", "import", "admin"


@dataclass(frozen=True)
class PlanChange:
    """One plan that a save changed: whose (code, name), from what (None: none) to what (None: removed)."""

    code: str
    name: str
    old: int | None
    new: int | None


@dataclass
class AllocationResult:
    """What an allocation save changed, and how the offices' sum stands against the province plan."""

    changes: list[PlanChange] = field(default_factory=list)
    allocated: int = 0
    plan: int | None = None

    @property
    def difference(self) -> int | None:
        """Allocated − plan (positive: over-allocated); None without a province plan."""
        return None if self.plan is None else self.allocated - self.plan


def _require_hq(user) -> None:
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty được đặt kế hoạch năm."))


def _save(plan, *, user, source: str) -> None:
    plan.full_clean()
    plan._history_user = user
    plan._change_reason = source
    plan.save()


@transaction.atomic
def plan_set(*, user, province: Province, year: int, target: int, source: str = SOURCE_PAGE) -> AnnualPlan:
    """Set a province's annual plan for a year (created or replaced). HQ only: the plan is HQ's, not the province's."""
    _require_hq(user)
    if not Province.objects.visible_to(user, "change").filter(pk=province.pk).exists():
        raise PermissionDenied(_("Chỉ Tổng công ty được đặt kế hoạch năm."))
    plan_year_validate(year)
    province_in_year_check(province, year)
    plan_target_validate(target)
    plan = (
        AnnualPlan.objects.select_for_update(of=("self",)).filter(province=province, year=year).order_by().first()
    ) or AnnualPlan(province=province, year=year)
    plan.target = target
    _save(plan, user=user, source=source)
    return plan


@transaction.atomic
def plans_set(*, user, year: int, targets: Mapping[int, int], source: str = SOURCE_PAGE) -> list[PlanChange]:
    """Set many provinces' plans of one year ({province id: target}): all saved, or none (ValidationError
    {province id: messages}). Unchanged values are not written; returns what changed, by province code."""
    _require_hq(user)
    plan_year_validate(year)
    provinces = Province.objects.visible_to(user, "change").in_bulk(list(targets))
    errors: dict[int, list[str]] = {}
    for province_id, target in targets.items():
        try:
            if province_id not in provinces:
                raise ValidationError(_("Không có tỉnh/thành phố này."))
            province_in_year_check(provinces[province_id], year)
            plan_target_validate(target)
        except ValidationError as error:
            errors[province_id] = error.messages
    if errors:
        raise ValidationError(errors)
    existing = {
        plan.province_id: plan
        for plan in AnnualPlan.objects.select_for_update(of=("self",))
        .filter(province_id__in=list(targets), year=year)
        .order_by("pk")
    }
    changes = []
    for province_id in sorted(targets, key=lambda pk: (provinces[pk].scheme != "63", provinces[pk].code)):
        target, plan = targets[province_id], existing.get(province_id)
        if plan is not None and plan.target == target:
            continue
        province = provinces[province_id]
        changes.append(PlanChange(province.code, province.name, plan.target if plan else None, target))
        plan = plan or AnnualPlan(province=province, year=year)
        plan.target = target
        _save(plan, user=user, source=source)
    return changes


@transaction.atomic
def post_office_plans_set(
    *, user, province: Province, year: int, targets: Mapping[int, int | None], source: str = SOURCE_PAGE
) -> AllocationResult:
    """Allocate a province's plan to its offices ({office id: target, None = no allocation}): all or nothing.

    Refused (ValidationError {office id: messages}): an office not of the province or not open that year, a bad
    target, one office above the whole province plan. A sum that differs from the plan is allowed; the result
    says by how much, for the page's warning.
    """
    if not Province.objects.visible_to(user, "change").filter(pk=province.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
    plan_year_validate(year)
    plan = province_plan(province, year, lock=True)  # HQ's plan cannot move under the ceiling check
    offices = allocatable_offices(user=user, province=province, year=year).in_bulk(list(targets))
    errors: dict[int, list[str]] = {}
    for office_id, target in targets.items():
        try:
            if office_id not in offices:
                raise ValidationError(_("Bưu điện không thuộc tỉnh này hoặc không hoạt động trong năm."))
            if target is not None:
                plan_target_validate(target)
                allocation_ceiling_check(office_name=offices[office_id].name, target=target, plan=plan)
        except ValidationError as error:
            errors[office_id] = error.messages
    if errors:
        raise ValidationError(errors)
    current = {
        allocation.post_office_id: allocation
        for allocation in PostOfficePlan.objects.select_for_update(of=("self",))
        .filter(post_office__province=province, year=year)
        .order_by("pk")
    }
    result = AllocationResult(plan=plan)
    allocated = {office_id: allocation.target for office_id, allocation in current.items()}
    for office_id in sorted(targets, key=lambda pk: (offices[pk].code, pk)):
        change = _allocation_write(offices[office_id], current.get(office_id), targets[office_id], year, user, source)
        if change:
            result.changes.append(change)
            allocated[office_id] = change.new
    result.allocated = sum(target for target in allocated.values() if target is not None)
    return result


def _allocation_write(office: PostOffice, allocation, target: int | None, year: int, user, source: str):
    """Create, change or remove one office's allocation; the change, or None when the value is the same."""
    old = allocation.target if allocation else None
    if old == target:
        return None
    if target is None:
        allocation._history_user = user
        allocation._change_reason = source
        allocation.delete()
    else:
        allocation = allocation or PostOfficePlan(post_office=office, year=year)
        allocation.target = target
        _save(allocation, user=user, source=source)
    return PlanChange(office.code, office.name, old, target)


@transaction.atomic
def post_office_plan_set(*, user, post_office: PostOffice, year: int, target: int) -> PostOfficePlan:
    """Allocate part of the province's plan to one of its post offices (created or replaced), within the user's scope."""
    if not PostOffice.objects.visible_to(user, "change").filter(pk=post_office.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
    post_office_plans_set(user=user, province=post_office.province, year=year, targets={post_office.pk: target})
    return PostOfficePlan.objects.get(post_office=post_office, year=year)


# The admin's form and save (admin_base.ServiceSavedAdmin): the same rules and history as the pages.


def annual_plan_check(*, user, annual_plan: AnnualPlan) -> None:
    """The plan rules on an admin form's instance, before anything is saved."""
    _require_hq(user)
    plan_year_validate(annual_plan.year)
    province_in_year_check(annual_plan.province, annual_plan.year)
    plan_target_validate(annual_plan.target)


def annual_plan_save(*, user, annual_plan: AnnualPlan) -> AnnualPlan:
    return plan_set(
        user=user, province=annual_plan.province, year=annual_plan.year, target=annual_plan.target, source=SOURCE_ADMIN
    )


def post_office_plan_check(*, user, post_office_plan: PostOfficePlan) -> None:
    office = post_office_plan.post_office
    plan_year_validate(post_office_plan.year)
    plan_target_validate(post_office_plan.target)
    plan = province_plan(office.province, post_office_plan.year)
    allocation_ceiling_check(office_name=office.name, target=post_office_plan.target, plan=plan)


def post_office_plan_save(*, user, post_office_plan: PostOfficePlan) -> None:
    office = post_office_plan.post_office
    post_office_plans_set(
        user=user,
        province=office.province,
        year=post_office_plan.year,
        targets={office.pk: post_office_plan.target},
        source=SOURCE_ADMIN,
    )
