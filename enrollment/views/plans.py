"""The plans pages: HQ sets a year's province plans; a manager (or HQ) allocates a province's plan to its offices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.ids import pk_or_404
from core.maths import PLAN_DERIVED
from enrollment import plan_selectors, roles
from enrollment.models import Province
from enrollment.plan_forms import PlanTargetsForm, PlanYearForm, plan_field_name
from enrollment.services import plans as plan_services
from enrollment.services.plan_rules import province_plan
from enrollment.views.access import hq_required


def _service_errors_to_form(form: PlanTargetsForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for pk, errors in error.message_dict.items():
            form.add_error(plan_field_name(pk) if plan_field_name(pk) in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def plans_url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in query.items() if v is not None})}"


@login_required
def year_plans(request: HttpRequest) -> HttpResponse:
    """HQ: every province of the year's schemes with its plan, editable; saved all together or not at all."""
    hq_required(request.user)
    year = PlanYearForm(request.GET if request.method != "POST" else request.POST).year_value()
    rows = plan_selectors.year_plan_rows(user=request.user, year=year)
    units = [(row.province.pk, row.own, f"{row.province.code} {row.province.name}") for row in rows]
    form = PlanTargetsForm(units, request.POST or None, keep_existing=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            targets = {pk: target for pk, target in form.targets().items() if target is not None}
            try:
                changes = plan_services.plans_set(user=request.user, year=year, targets=targets)
            except ValidationError as error:
                _service_errors_to_form(form, error)
            else:
                messages.success(request, _("Đã lưu %(count)s kế hoạch đã thay đổi.") % {"count": len(changes)})
                return redirect(plans_url("enrollment:plans", year=year))
        status = 400
    context = {
        "year": year,
        "form": form,
        "sections": _sections(rows, form),
        "history": plan_selectors.annual_plan_history(user=request.user, year=year),
        "derived": PLAN_DERIVED,
    }
    return render(request, "enrollment/plans.html", context, status=status)


def _sections(rows, form) -> list[dict]:
    """The year's provinces by scheme (2025: the 63, then the 34), each with its national sum."""
    sections: dict[str, dict] = {}
    for row in rows:
        scheme = row.province.scheme
        section = sections.setdefault(scheme, {"scheme": scheme, "rows": [], "total": 0, "missing": 0})
        section["rows"].append((row, form.bound_field(row.province.pk)))
        if row.plan is None:
            section["missing"] += 1
        else:
            section["total"] += row.plan
    return list(sections.values())


def _allocation_province(request: HttpRequest, data) -> Province:
    """The province asked for (a manager's own by default), among those the user may change: another is a 404."""
    province_id = pk_or_404(data.get("province") or roles.managed_province_id(request.user))
    return get_object_or_404(Province.objects.visible_to(request.user, "change"), pk=province_id)


@login_required
def allocation(request: HttpRequest) -> HttpResponse:
    """A province's plan shared among its offices open that year, with the sum against the plan."""
    if not (roles.is_hq(request.user) or roles.is_manager(request.user)):
        raise PermissionDenied(_("Chỉ Tổng công ty và lãnh đạo Bưu điện tỉnh phân bổ kế hoạch."))
    data = request.POST if request.method == "POST" else request.GET
    year = PlanYearForm(data).year_value()
    province = _allocation_province(request, data)
    offices = plan_selectors.allocation_rows(user=request.user, province=province, year=year)
    units = [(office.pk, office.allocation, f"{office.code} {office.name}") for office in offices]
    form = PlanTargetsForm(units, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = plan_services.post_office_plans_set(
                    user=request.user, province=province, year=year, targets=form.targets()
                )
            except ValidationError as error:
                _service_errors_to_form(form, error)
            else:
                messages.success(request, _("Đã lưu %(count)s phân bổ đã thay đổi.") % {"count": len(result.changes)})
                return redirect(plans_url("enrollment:plan_allocation", year=year, province=province.pk))
        status = 400
    plan = province_plan(province, year)
    allocated = sum(office.allocation or 0 for office in offices)
    context = {
        "year": year,
        "province": province,
        "form": form,
        "rows": [(office, form.bound_field(office.pk)) for office in offices],
        "plan": plan,
        "allocated": allocated,
        "difference": None if plan is None else allocated - plan,
        "history": plan_selectors.allocation_history(user=request.user, province=province, year=year),
    }
    return render(request, "enrollment/plan_allocation.html", context, status=status)
