"""Display of figures in the active language: 76.408 · 73,3% in Vietnamese, 76,408 · 73.3% in English; "—" without a plan."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{number_format(value, decimal_pos=1, use_l10n=True)}%"


@register.filter
def count(value: int | None) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
