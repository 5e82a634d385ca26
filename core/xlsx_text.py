"""Safe text cells for openpyxl: typed text stays text, whatever it starts with or contains.

One home for the rule, used by the Excel reports (reports' writer) and the import template (enrollment).
openpyxl stores any string starting with '=' as a formula, and Excel or LibreOffice read a cell starting
with = + - @ as one when it is edited; a staff name is user text and must come back exactly as typed.
"""

import re

#: characters that make Excel or LibreOffice read typed text as a formula
FORMULA_TRIGGERS = ("=", "+", "-", "@")

# Characters XML 1.0 cannot hold: openpyxl refuses the control characters, lxml the rest when the file is saved.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_clean(value: str) -> str:
    """`value` without the characters no spreadsheet file can hold (a bell or U+FFFF pasted into a name)."""
    return XML_ILLEGAL.sub("", value)


def reads_as_formula(value: str) -> bool:
    """Whether a spreadsheet would read this typed text as a formula (the cell then needs quotePrefix)."""
    return value.startswith(FORMULA_TRIGGERS)


def text_assign(cell, value: str) -> None:
    """Store `value` in an openpyxl cell as text, never a formula; XML-illegal characters are dropped."""
    cell.value = text_clean(value)
    cell.data_type = "s"
