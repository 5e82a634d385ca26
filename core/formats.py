"""How a figure reads in the active language, on a page and in an Excel note alike.

76.408 · 73,3% · 05/04/2021 in Vietnamese, 76,408 · 73.3% in English; "—" where there is nothing (no plan, no figure).
Excel cells themselves hold numbers with number formats; these strings are for text.
"""

from decimal import Decimal

from django.utils.formats import date_format, number_format

NOTHING = "—"


def percent_text(value: Decimal | None) -> str:
    """A percentage with one decimal and a % sign (73,3%); "—" for None."""
    if value is None:
        return NOTHING
    return f"{number_format(value, decimal_pos=1, use_l10n=True)}%"


def count_text(value: int | None) -> str:
    """A whole number grouped by thousands (76.408); "—" for None."""
    if value is None:
        return NOTHING
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def date_text(day) -> str:
    """A date day-first (05/04/2021) in the active language's short format; "—" for None."""
    if day is None:
        return NOTHING
    return date_format(day, "SHORT_DATE_FORMAT")
