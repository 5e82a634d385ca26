"""Keyset pagination ("older / newer") for lists read newest first: no COUNT(*), no OFFSET.

A page is the `size` rows after (or before) a cursor on the list's order, (moment, id) descending, so it
costs one short index scan wherever it is in a table of millions of rows; Django's Paginator counts the
whole list on every view. A cursor is "<microseconds since 1970 UTC>.<id>", opaque to the user and checked.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
ONE_MICROSECOND = datetime.timedelta(microseconds=1)
CURSOR = re.compile(r"^(-?\d{1,18})\.(\d{1,18})$")


@dataclass(frozen=True)
class Cursor:
    moment: datetime.datetime
    pk: int

    def __str__(self) -> str:
        return f"{(self.moment - EPOCH) // ONE_MICROSECOND}.{self.pk}"


def cursor_parse(text: str) -> Cursor:
    """The cursor a link carried; ValueError when it is not one (edited by hand, cut off)."""
    match = CURSOR.match(text or "")
    if match is None:
        raise ValueError(text)
    try:
        moment = EPOCH + int(match.group(1)) * ONE_MICROSECOND
    except OverflowError as error:
        raise ValueError(text) from error
    return Cursor(moment, int(match.group(2)))


@dataclass
class KeysetPage:
    """One page: its rows (newest first) and the cursors of the pages either side (None: there is none)."""

    object_list: list
    older: Cursor | None
    newer: Cursor | None


def keyset_page(
    queryset: QuerySet,
    *,
    moment: str,
    pk: str,
    size: int,
    older_than: Cursor | None = None,
    newer_than: Cursor | None = None,
) -> KeysetPage:
    """The page of `queryset` after `older_than` (or before `newer_than`; the newest without either).

    `moment` and `pk` name the two fields of the order, (moment, pk) descending. The bound on `moment` alone
    is repeated outside the OR so that an index on (moment, pk) — or (filter, moment, pk) — starts there.
    """

    def key(row) -> Cursor:
        return Cursor(getattr(row, moment), getattr(row, pk))

    if newer_than is not None:
        after = Q(**{f"{moment}__gt": newer_than.moment}) | Q(**{moment: newer_than.moment, f"{pk}__gt": newer_than.pk})
        rows = list(
            queryset.filter(**{f"{moment}__gte": newer_than.moment}).filter(after).order_by(moment, pk)[: size + 1]
        )
        more = len(rows) > size
        rows = rows[:size][::-1]
        return KeysetPage(rows, key(rows[-1]) if rows else None, key(rows[0]) if rows and more else None)
    if older_than is not None:
        before = Q(**{f"{moment}__lt": older_than.moment}) | Q(
            **{moment: older_than.moment, f"{pk}__lt": older_than.pk}
        )
        queryset = queryset.filter(**{f"{moment}__lte": older_than.moment}).filter(before)
    rows = list(queryset.order_by(f"-{moment}", f"-{pk}")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    older = key(rows[-1]) if rows and more else None
    newer = key(rows[0]) if rows and older_than is not None else None
    return KeysetPage(rows, older, newer)
