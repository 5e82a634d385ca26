"""Ids taken from a request: anything that is not a plain number of at most 18 digits is not an id.

Text, superscripts ("²" passes str.isdigit()), numbers past 2^63 (SQLite overflows) never reach a query.
"""

import re

from django.http import Http404

PK_PATTERN = re.compile(r"[0-9]{1,18}")


def pk_or_none(value) -> int | None:
    """The id a request names, or None when it is not one."""
    text = str(value if value is not None else "").strip()
    return int(text) if PK_PATTERN.fullmatch(text) else None


def pk_or_404(value) -> int:
    """The id a request names; anything else is a 404."""
    pk = pk_or_none(value)
    if pk is None:
        raise Http404
    return pk
