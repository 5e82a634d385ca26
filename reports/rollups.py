"""Keeping the rollups (reports.models) exact, in the same transaction as the figures — pure: apply, rebuild, drift.

The receivers that call `rollups_apply` live in reports/signals.py (connected in ReportsConfig.ready).

- `figures_changed` (sent by enrollment.services.figures.figures_record) → `rollups_apply` moves the
  totals: insert-if-missing, then `UPDATE … SET total = total + delta` (one statement per table),
  so concurrent writers add up instead of overwriting each other.
- Each staff member's year row at a post office (StaffYearFigures) takes the figure's new value itself, one upsert
  (`INSERT … ON CONFLICT DO UPDATE`) per month changed. Setting, not adding, is exact here because
  the writer holds the figure's own row lock (updated or just inserted) until it commits, so two
  writers of one staff-month set its cell in the order they changed the figure.
- A single `MonthlyFigure.save()`/`delete()` outside the service (shell, a fixture, a future path)
  is caught by `pre_save`/`post_save`/`post_delete` and moves the rollups the same way.
- Bulk writes that bypass both (the demo's `bulk_create`) call `rollups_rebuild()` afterwards.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When

from enrollment.models import MonthlyFigure
from enrollment.signals import FigureChange
from reports.models import PostOfficeMonthTotal, ProvinceMonthTotal, StaffYearFigures, month_field

OfficeKey = tuple[int, int, int, int]  # post office, province, year, month
ProvinceKey = tuple[int, int, int]  # province, year, month
# staff, post office, province, year, month, the figure (None: no figure any more)
StaffCell = tuple[int, int, int, int, int, int | None]
MONTHS = range(1, 13)


def _apply(model, key_fields: tuple[str, ...], deltas: dict[tuple, int]) -> None:
    deltas = {key: delta for key, delta in deltas.items() if delta}
    if not deltas:
        return
    model.objects.bulk_create(
        [model(**dict(zip(key_fields, key, strict=True)), total=0) for key in deltas], ignore_conflicts=True
    )
    matches = {key: Q(**dict(zip(key_fields, key, strict=True))) for key in deltas}
    model.objects.filter(reduce(or_, matches.values())).update(
        total=F("total")
        + Case(
            *(When(matches[key], then=Value(delta)) for key, delta in deltas.items()),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def staff_years_set(cells: Iterable[StaffCell]) -> None:
    """Write figures into the staff members' year rows (one per post office): one upsert per (year, month) present.

    A later cell for the same staff-office-month wins, so a moved figure's "gone" cell followed by its
    new value leaves the new value.
    """
    by_month: dict[tuple[int, int], dict[tuple[int, int, int], int | None]] = defaultdict(dict)
    for staff_id, office_id, province_id, year, month, value in cells:
        by_month[(year, month)][(staff_id, office_id, province_id)] = value
    for (year, month), values in sorted(by_month.items()):
        field = month_field(month)
        # rows in (staff, office) order, so two writers upserting the same people lock them in the same order
        StaffYearFigures.objects.bulk_create(
            [
                StaffYearFigures(staff_id=pk, post_office_id=office, province_id=province, year=year, **{field: value})
                for (pk, office, province), value in sorted(values.items())
            ],
            update_conflicts=True,
            unique_fields=["staff", "post_office", "year"],
            update_fields=[field],
        )


def _totals_apply(changes: list[FigureChange]) -> None:
    offices: dict[tuple, int] = defaultdict(int)
    provinces: dict[tuple, int] = defaultdict(int)
    for change in changes:
        offices[(change.post_office_id, change.province_id, change.year, change.month)] += change.delta
        provinces[(change.province_id, change.year, change.month)] += change.delta
    _apply(PostOfficeMonthTotal, ("post_office_id", "province_id", "year", "month"), offices)
    _apply(ProvinceMonthTotal, ("province_id", "year", "month"), provinces)


def rollups_apply(changes: Iterable[FigureChange], cells: Iterable[StaffCell] | None = None) -> None:
    """Move every rollup table by the changes (three to five queries for one month, whatever their number).

    The totals move by each change's delta. The staff year rows take `cells` when given (a lone save that
    moved a figure empties its old cell first), otherwise each change's `new`: figures_record never deletes one.
    """
    changes = list(changes)
    _totals_apply(changes)
    if cells is None:
        cells = [(c.staff_id, c.post_office_id, c.province_id, c.year, c.month, c.new) for c in changes]
    staff_years_set(cells)


def expected_office_totals() -> dict[OfficeKey, int]:
    """The post-office rollups recomputed from the staff figures (zero cells left out)."""
    rows = (
        MonthlyFigure.objects.values_list("post_office_id", "post_office__province_id", "year", "month")
        .annotate(total=Sum("new_participants"))
        .order_by()
    )
    return {(po, prov, year, month): total for po, prov, year, month, total in rows if total}


def _province_totals(office_totals: dict[OfficeKey, int]) -> dict[ProvinceKey, int]:
    totals: dict[ProvinceKey, int] = defaultdict(int)
    for (_office, province, year, month), total in office_totals.items():
        totals[(province, year, month)] += total
    return dict(totals)


@dataclass(frozen=True)
class Drift:
    """One rollup cell that disagrees with the staff figures."""

    table: str
    key: tuple
    stored: int | None
    expected: int | None


YEAR_ROW_KEY = ("staff_id", "post_office_id", "year")
YEAR_KEY_LENGTH = len(YEAR_ROW_KEY)


def expected_staff_years(*, with_province: bool = False):
    """(staff, post office, [province,] year, month_1 … month_12) recomputed from the staff figures, in key order."""
    months = {month_field(m): Sum("new_participants", filter=Q(month=m)) for m in MONTHS}
    key = ("staff_id", "post_office_id", "post_office__province_id", "year") if with_province else YEAR_ROW_KEY
    return MonthlyFigure.objects.values_list(*key).annotate(**months).order_by(*YEAR_ROW_KEY)


def _staff_years_stored():
    fields = [month_field(m) for m in MONTHS]
    return StaffYearFigures.objects.values_list(*YEAR_ROW_KEY, *fields).order_by(*YEAR_ROW_KEY)


def staff_years_drift() -> list[Drift]:
    """Every staff-office-month cell whose stored figure differs from the staff figure (a missing row holds None).

    Both sides are read in (staff, post office, year) order and merged, so memory stays flat at national scale.
    """
    no_row = (None,) * len(MONTHS)
    expected = expected_staff_years().iterator(chunk_size=5000)
    stored = _staff_years_stored().iterator(chunk_size=5000)
    drift = []
    want, have = next(expected, None), next(stored, None)
    while want is not None or have is not None:
        k = YEAR_KEY_LENGTH
        if have is None or (want is not None and want[:k] < have[:k]):
            key, want_values, have_values, want = want[:k], want[k:], no_row, next(expected, None)
        elif want is None or have[:k] < want[:k]:
            key, want_values, have_values, have = have[:k], no_row, have[k:], next(stored, None)
        else:
            key, want_values, have_values = want[:k], want[k:], have[k:]
            want, have = next(expected, None), next(stored, None)
        for month, (right, held) in enumerate(zip(want_values, have_values, strict=True), start=1):
            if right != held:
                drift.append(Drift("staff_year", (*key, month), held, right))
    return drift


def staff_years_rebuild() -> int:
    """Refill StaffYearFigures from the staff figures in one INSERT … SELECT; returns the row count."""
    StaffYearFigures.objects.all().delete()
    select_sql, params = expected_staff_years(with_province=True).order_by().query.sql_with_params()
    table = StaffYearFigures._meta.db_table
    columns = ", ".join(["staff_id", "post_office_id", "province_id", "year", *(month_field(m) for m in MONTHS)])
    with connection.cursor() as cursor:
        # table and columns come from model metadata, the SELECT from the ORM with its own parameters
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)  # noqa: S608
        return cursor.rowcount


def rollups_drift() -> list[Drift]:
    """Every rollup cell that differs from its staff figures (missing total rows count as 0)."""
    expected_offices = expected_office_totals()
    expected_provinces = _province_totals(expected_offices)
    stored_offices = {
        key[:4]: key[4]
        for key in PostOfficeMonthTotal.objects.values_list("post_office_id", "province_id", "year", "month", "total")
    }
    stored_provinces = {
        key[:3]: key[3] for key in ProvinceMonthTotal.objects.values_list("province_id", "year", "month", "total")
    }
    drift = []
    for table, expected, stored in (
        ("post_office", expected_offices, stored_offices),
        ("province", expected_provinces, stored_provinces),
    ):
        for key in sorted(set(expected) | set(stored)):
            if expected.get(key, 0) != stored.get(key, 0):
                drift.append(Drift(table, key, stored.get(key, 0), expected.get(key, 0)))
    return drift + staff_years_drift()


@transaction.atomic
def rollups_rebuild() -> int:
    """Recompute every rollup table from the staff figures; returns the number of post-office cells."""
    office_totals = expected_office_totals()
    PostOfficeMonthTotal.objects.all().delete()
    ProvinceMonthTotal.objects.all().delete()
    PostOfficeMonthTotal.objects.bulk_create(
        [
            PostOfficeMonthTotal(post_office_id=po, province_id=prov, year=year, month=month, total=total)
            for (po, prov, year, month), total in office_totals.items()
        ],
        batch_size=2000,
    )
    ProvinceMonthTotal.objects.bulk_create(
        [
            ProvinceMonthTotal(province_id=prov, year=year, month=month, total=total)
            for (prov, year, month), total in _province_totals(office_totals).items()
        ],
        batch_size=2000,
    )
    staff_years_rebuild()
    return len(office_totals)
