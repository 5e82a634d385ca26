"""Keeping the rollups (reports.models) exact, in the same transaction as the figures.

- `figures_changed` (sent by enrollment.services.figures_record) → `on_figures_changed` applies the
  deltas: insert-if-missing, then `UPDATE … SET total = total + delta` (one statement per table),
  so concurrent writers add up instead of overwriting each other.
- A single `MonthlyFigure.save()`/`delete()` outside the service (shell, a fixture, a future path)
  is caught by `pre_save`/`post_save`/`post_delete` and moves the rollups the same way.
- Bulk writes that bypass both (the demo's `bulk_create`) call `rollups_rebuild()` afterwards.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When

from enrollment.models import MonthlyFigure
from enrollment.signals import FigureChange
from reports.models import PostOfficeMonthTotal, ProvinceMonthTotal

OfficeKey = tuple[int, int, int, int]  # post office, province, year, month
ProvinceKey = tuple[int, int, int]  # province, year, month


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


def rollups_apply(changes: Iterable[FigureChange]) -> None:
    """Move both rollup tables by the changes' deltas (two to four queries whatever their number)."""
    offices: dict[tuple, int] = defaultdict(int)
    provinces: dict[tuple, int] = defaultdict(int)
    for change in changes:
        offices[(change.post_office_id, change.province_id, change.year, change.month)] += change.delta
        provinces[(change.province_id, change.year, change.month)] += change.delta
    _apply(PostOfficeMonthTotal, ("post_office_id", "province_id", "year", "month"), offices)
    _apply(ProvinceMonthTotal, ("province_id", "year", "month"), provinces)


def on_figures_changed(sender, changes: list[FigureChange], **kwargs) -> None:
    """Receiver of enrollment.signals.figures_changed; runs inside the writer's transaction."""
    rollups_apply(changes)


def _change(figure: MonthlyFigure, old: int, new: int) -> FigureChange:
    return FigureChange(
        staff_id=figure.staff_id,
        post_office_id=figure.post_office_id,
        province_id=figure.post_office.province_id,
        year=figure.year,
        month=figure.month,
        old=old,
        new=new,
    )


def on_figure_pre_save(sender, instance: MonthlyFigure, raw: bool = False, **kwargs) -> None:
    # Remember what the row held before, so post_save can take it out of its old cell.
    instance._rollup_before = None
    if not raw and instance.pk:
        instance._rollup_before = MonthlyFigure.objects.select_related("post_office").filter(pk=instance.pk).first()


def on_figure_post_save(sender, instance: MonthlyFigure, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_rollup_before", None)
    changes = [_change(instance, 0, instance.new_participants)]
    if before is not None:
        changes.append(_change(before, before.new_participants, 0))
    rollups_apply(changes)


def on_figure_post_delete(sender, instance: MonthlyFigure, **kwargs) -> None:
    rollups_apply([_change(instance, instance.new_participants, 0)])


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
    stored: int
    expected: int


def rollups_drift() -> list[Drift]:
    """Every rollup cell that differs from the sum of its staff figures (missing rows count as 0)."""
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
    return drift


@transaction.atomic
def rollups_rebuild() -> int:
    """Recompute both rollup tables from the staff figures; returns the number of post-office cells."""
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
    return len(office_totals)
