"""Forms of the plans pages: which year, HQ's grid of province plans, a province's allocation to its offices.

Numbers are read in the page's language ("4.080" in Vietnamese, "4,080" in English, through Django's localized
IntegerField); every value then passes the one plan rule (`plan_rules.plan_target_validate`) and its message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrollment.services.plan_rules import YEAR_MAX, YEAR_MIN, plan_target_validate


class PlanYearForm(forms.Form):
    """?year= of the plans pages; bad or missing input falls back to this year."""

    year = forms.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)
    province = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)

    def year_value(self) -> int:
        chosen = self.cleaned_data.get("year") if self.is_valid() else None
        return chosen or timezone.localdate().year


def plan_field_name(pk: int) -> str:
    return f"plan_{pk}"


class PlanTargetsForm(forms.Form):
    """One input per unit (province or post office), pre-filled with its current target.

    `keep_existing`: a blank input where a target exists is refused (HQ's plans are replaced, never dropped by
    mistake); otherwise a blank removes the target (an office's allocation).
    """

    invalid_message = _("Kế hoạch phải là số nguyên.")

    def __init__(self, units: list[tuple[int, int | None, str]], *args, keep_existing: bool = False, **kwargs):
        """`units`: (pk, current target or None, label for the input)."""
        super().__init__(*args, **kwargs)
        self.current = {pk: target for pk, target, _label in units}
        self.keep_existing = keep_existing
        for pk, target, label in units:
            attrs = {
                "class": "form-control form-control-sm text-end plan-cell",
                "inputmode": "numeric",
                "autocomplete": "off",
                "aria-label": label,
            }
            self.fields[plan_field_name(pk)] = forms.IntegerField(
                required=False,
                localize=True,
                initial=target,
                label=label,
                error_messages={"invalid": self.invalid_message},
                widget=forms.TextInput(attrs=attrs),
            )

    def clean(self):
        cleaned = super().clean()
        for pk, current in self.current.items():
            name = plan_field_name(pk)
            if name in self.errors:
                continue
            value = cleaned.get(name)
            if value is None:
                if current is not None and self.keep_existing:
                    self.add_error(name, _("Không để trống kế hoạch đã giao; nhập số mới."))
                continue
            try:
                plan_target_validate(value)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def targets(self) -> dict[int, int | None]:
        """{pk: target} of a valid form: every unit, None where left blank."""
        return {pk: self.cleaned_data.get(plan_field_name(pk)) for pk in self.current}

    def bound_field(self, pk: int):
        return self[plan_field_name(pk)]
