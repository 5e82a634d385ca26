"""The rules a plan must pass, for every path (HQ's page, the Excel upload, a manager's allocation, the admin).

One home for each: a target is a whole number from 1 to PLAN_MAX; a year's plans go to the provinces of that
year's schemes (2025: both); a province's plan for a year is its own or, for a new province without one, the sum
of its predecessors' (`core.maths.restated_plan`, the rule the restated reports use); no office's allocation may
exceed that plan.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from core.maths import restated_plan
from core.period import schemes_of_year
from enrollment.models import AnnualPlan, Province

#: far above any province's year (the largest 2021 plan is a few thousand); catches a typo such as 4080000
PLAN_MAX = 1_000_000
YEAR_MIN, YEAR_MAX = 2000, 2100  # the models' constraint


def plan_target_validate(value) -> int:
    """A plan or an allocation: a whole number from 1 to PLAN_MAX, with one message per fault."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Kế hoạch phải là số nguyên."), code="invalid")
    if value < 1:
        raise ValidationError(_("Kế hoạch phải lớn hơn 0."), code="min_value")
    if value > PLAN_MAX:
        limit = formats.number_format(PLAN_MAX, force_grouping=True)
        raise ValidationError(_("Kế hoạch quá lớn (tối đa %(max)s).") % {"max": limit}, code="max_value")
    return value


def plan_year_validate(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            _("Năm phải từ %(min)s đến %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}, code="invalid_year"
        )
    return year


def province_in_year_check(province: Province, year: int) -> None:
    """A year's plans belong to the provinces of its schemes: the 63 until 2024, both in 2025, the 34 after."""
    if province.scheme not in schemes_of_year(year):
        raise ValidationError(
            _("%(name)s (phân cấp %(scheme)s tỉnh) không có kế hoạch năm %(year)s.")
            % {"name": province.name, "scheme": province.scheme, "year": year},
            code="wrong_scheme",
        )


def province_plan(province: Province, year: int, *, lock: bool = False) -> int | None:
    """The plan a province's offices share in `year`: its own, or the sum of its predecessors' (one query)."""
    plans = AnnualPlan.objects.filter(Q(province=province) | Q(province__merged_into=province), year=year)
    if lock:
        plans = plans.select_for_update(of=("self",)).order_by("pk")
    rows = list(plans.values_list("province_id", "target"))
    own = next((target for province_id, target in rows if province_id == province.pk), None)
    return restated_plan(own, [target for province_id, target in rows if province_id != province.pk])[0]


def allocation_ceiling_check(*, office_name: str, target: int, plan: int | None) -> None:
    """No office may be given more than the whole province's plan (a typo such as 99.999 against 4.080)."""
    if plan is not None and target > plan:
        raise ValidationError(
            _("Phân bổ cho %(office)s (%(value)s) vượt kế hoạch năm của tỉnh (%(plan)s).")
            % {
                "office": office_name,
                "value": formats.number_format(target, force_grouping=True),
                "plan": formats.number_format(plan, force_grouping=True),
            },
            code="above_plan",
        )
