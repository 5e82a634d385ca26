"""A deterministic synthetic national dataset for benchmarks (`generate_load`).

Staff with quotas, annual plans and monthly figures with seasonality (a slow January–February around Tết,
campaign peaks in March and in the last quarter) on commune-level post offices of about 15 staff each. Years
that straddle 1/7/2025 look like real data: months before on the 63 old provinces' offices, then the cut-over
itself (`enrollment.services.cutover.scheme_cutover`, the tool HQ runs) carries every office and person into
the 34 new provinces by dated placements, and later figures are earned there. Every figure has its history
row (entered through the grid or an import, by the province's manager where there is one), and a few in a
hundred were corrected once, so the history page is measured at realistic size.

Rows are written in bulk — PostgreSQL's COPY, or one INSERT … SELECT — bypassing the figure services on
purpose: this is generated load, not user input; derived rollups are rebuilt once at the end.
"""

import datetime
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from core.period import NEW_SCHEME_START, scheme_of_month
from devtools.demo.names import staff_name
from devtools.loadgen_history import history_write
from enrollment.models import (
    AnnualPlan,
    MonthlyFigure,
    MonthStatus,
    PostOffice,
    Province,
    Staff,
    StaffPlacement,
    StaffQuota,
)
from enrollment.services.cutover import carried_code, scheme_cutover
from reports.models import PostOfficeMonthTotal, StaffYearFigures
from reports.rollups import rollups_rebuild

CODE_PREFIX = "G"  # every generated post office and staff code starts with it (carried offices too)
STAFF_PER_OFFICE = 15
DELETE_CHUNK = 900  # ids per DELETE: below SQLite's oldest limit of 999 parameters
COPY_CHUNK = 200_000  # rows per COPY: memory stays flat in the data size
# Relative intake per month: Tết in January/February, the March "golden week", a year-end push.
SEASONALITY = {1: 0.7, 2: 0.55, 3: 1.35, 4: 1.0, 5: 0.95, 6: 1.05, 7: 0.95, 8: 0.9, 9: 1.0, 10: 1.1, 11: 1.2, 12: 1.4}
OLD, NEW = Province.Scheme.P63, Province.Scheme.P34


@dataclass
class LoadSummary:
    provinces: int
    post_offices: int
    staff: int
    figures: int
    years: list[int]
    history: int = 0
    staff_moved: int = 0


def generated_exists() -> bool:
    return PostOffice.objects.filter(code__startswith=CODE_PREFIX).exists()


def _copy_rows(model, columns: list[str], rows: Iterator[tuple]) -> int:
    """Insert rows fast: COPY on PostgreSQL (in chunks), executemany on SQLite. Returns the row count."""
    table = model._meta.db_table
    count = 0
    if connection.vendor == "postgresql":
        buffer, pending = io.StringIO(), 0
        with connection.cursor() as cursor:
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
                count += 1
                pending += 1
                if pending == COPY_CHUNK:
                    buffer.seek(0)
                    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
                    buffer, pending = io.StringIO(), 0
            if pending:
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        return count
    placeholders = ", ".join(["%s"] * len(columns))
    # table and columns come from model metadata, never from input
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _province_weights(provinces: list[Province], rng: random.Random) -> list[float]:
    big = {"01": 3.0, "79": 3.5}
    return [big.get(p.code, rng.uniform(0.6, 1.4)) for p in provinces]


def _offices(provinces, weights, staff_total: int) -> list[tuple[Province, int]]:
    """(province, number of post offices) so that offices × STAFF_PER_OFFICE ≈ staff_total."""
    offices_total = max(len(provinces), staff_total // STAFF_PER_OFFICE)
    weight_sum = sum(weights)
    return [(p, max(1, round(offices_total * w / weight_sum))) for p, w in zip(provinces, weights, strict=True)]


def _office_homes(provinces: list[Province], counts: list[tuple[Province, int]], on_old_map: bool):
    """(province, number) of each generated office: a new province's offices dealt among its predecessors
    when the data starts on the old map (each old province went whole into one new one)."""
    if not on_old_map:
        return [(p, i) for p, n in counts for i in range(1, n + 1)]
    predecessors: dict[int, list[Province]] = {}
    for old in Province.objects.of_scheme(OLD).order_by("code"):
        predecessors.setdefault(old.merged_into_id, []).append(old)
    homes, numbers = [], {}
    for p, n in counts:
        members = predecessors.get(p.pk) or [p]
        for i in range(n):
            home = members[i % len(members)]
            numbers[home.pk] = numbers.get(home.pk, 0) + 1
            homes.append((home, numbers[home.pk]))
    return homes


def _cutover_user():
    """The identity the cut-over runs as here: an unsaved superuser, like `scheme_cutover`'s command."""
    return get_user_model()(username="generate_load", is_superuser=True, is_active=True)


@transaction.atomic
def load_generate(*, staff_total: int, years: int, last_year: int, seed: int) -> LoadSummary:
    """Write the synthetic dataset. Refuses to run twice (see `load_remove`)."""
    rng = random.Random(seed)
    provinces = list(Province.objects.of_scheme(NEW).order_by("code"))
    weights = _province_weights(provinces, rng)
    year_list = list(range(last_year - years + 1, last_year + 1))
    start = datetime.date(year_list[0] - 1, 1, 1)
    on_old_map = scheme_of_month(year_list[0], 1) == OLD
    crosses = on_old_map and scheme_of_month(last_year, 12) == NEW

    offices = [
        PostOffice(
            province=p, code=f"{CODE_PREFIX}{p.code}-{i:04d}", name=f"Bưu điện xã số {i} – {p.name}", kind="commune"
        )
        for p, i in _office_homes(provinces, _offices(provinces, weights, staff_total), on_old_map)
    ]
    PostOffice.objects.bulk_create(offices, batch_size=5000)
    offices = list(PostOffice.objects.filter(code__startswith=CODE_PREFIX).order_by("code"))

    staff_rows = []
    per_office = [staff_total // len(offices)] * len(offices)
    for i in range(staff_total - sum(per_office)):
        per_office[i] += 1
    for office, n in zip(offices, per_office, strict=True):
        for k in range(1, n + 1):
            staff_rows.append(
                (f"{office.code}-{k:03d}", staff_name(rng), office.pk, start, rng.choice((2, 2, 3, 4, 5)))
            )
    _copy_rows(
        Staff, ["employee_code", "full_name", "post_office_id", "active_from", "monthly_quota"], iter(staff_rows)
    )
    staff = list(
        Staff.objects.filter(employee_code__startswith=CODE_PREFIX).values_list("pk", "post_office_id", "monthly_quota")
    )
    # Everyone's dated rows from the start, as the organisation services would have written them.
    _copy_rows(StaffPlacement, ["staff_id", "post_office_id", "valid_from"], ((pk, o, start) for pk, o, _ in staff))
    _copy_rows(StaffQuota, ["staff_id", "monthly_quota", "valid_from"], ((pk, q, start) for pk, _, q in staff))

    moved, carried = 0, {}
    if crosses:
        moved = scheme_cutover(user=_cutover_user(), on=NEW_SCHEME_START).staff_moved
        by_code = dict(PostOffice.objects.filter(code__startswith=CODE_PREFIX).values_list("code", "pk"))
        carried = {o.pk: by_code[carried_code(o.code, NEW)] for o in offices}
    province_of = dict(PostOffice.objects.filter(code__startswith=CODE_PREFIX).values_list("pk", "province_id"))

    skill = {pk: rng.uniform(0.4, 1.8) for pk, _, _ in staff}
    figures = _copy_rows(
        MonthlyFigure,
        ["staff_id", "post_office_id", "year", "month", "new_participants", "updated_at"],
        _figure_rows(staff, skill, year_list, seed, carried),
    )
    _plans_write(staff, year_list, carried, province_of)
    by_scheme = {scheme: list(Province.objects.of_scheme(scheme)) for scheme in (OLD, NEW)}
    MonthStatus.objects.bulk_create(
        [
            MonthStatus(province=p, year=year, month=month, status=MonthStatus.Status.CLOSED)
            for year in year_list[:-1]
            for month in range(1, 13)
            for p in by_scheme[scheme_of_month(year, month)]
        ],
        ignore_conflicts=True,
    )
    history = history_write(CODE_PREFIX)
    rollups_rebuild()
    return LoadSummary(
        len(provinces), len(province_of), len(staff), figures, year_list, history=history, staff_moved=moved
    )


def _plans_write(staff, years: list[int], carried: dict[int, int], province_of: dict[int, int]) -> None:
    """Each year's plan on the provinces of the map in force in January (2025's on the 63: HQ set it then)."""
    plans: dict[tuple[int, int], int] = {}
    for year in years:
        on_new = scheme_of_month(year, 1) == NEW
        for _, office_id, quota in staff:
            key = (province_of[carried.get(office_id, office_id) if on_new else office_id], year)
            plans[key] = plans.get(key, 0) + quota * 12
    AnnualPlan.objects.bulk_create(
        [AnnualPlan(province_id=pid, year=year, target=target) for (pid, year), target in plans.items()],
        ignore_conflicts=True,
    )


def _figure_rows(staff, skill, years, seed, carried: dict[int, int]) -> Iterator[tuple]:
    """Each person's figure of each month, earned at their office then (the carried one from 7/2025)."""
    rng = random.Random(seed + 1)
    stamp = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC).isoformat()
    for year in years:
        growth = 1 + 0.06 * (year - years[0])
        for month in range(1, 13):
            season = SEASONALITY[month] * growth
            on_new = scheme_of_month(year, month) == NEW
            for pk, office_id, quota in staff:
                mean = quota * skill[pk] * season
                office = carried.get(office_id, office_id) if on_new else office_id
                yield (pk, office, year, month, max(0, int(rng.gauss(mean, mean / 3) + 0.5)), stamp)


def _delete_rows(model, column: str, ids: list[int]) -> int:
    """DELETE FROM model's table WHERE column IN ids, in chunks: no per-row signals, no collector.

    QuerySet.delete() would load and collect every row first and send a post_delete per figure to the
    rollup receivers; this is generated data, and the rollups are rebuilt once afterwards.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(column).column)
    deleted = 0
    with connection.cursor() as cursor:
        for start in range(0, len(ids), DELETE_CHUNK):
            chunk = ids[start : start + DELETE_CHUNK]
            # table and column come from model metadata; the ids are parameters
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
                chunk,
            )
            deleted += cursor.rowcount
    return deleted


@transaction.atomic
def load_remove() -> None:
    """Delete the generated dataset: figures, history and rollups first, then dated rows, staff, offices (keys)."""
    office_ids = list(PostOffice.objects.filter(code__startswith=CODE_PREFIX).values_list("pk", flat=True))
    staff_ids = list(Staff.objects.filter(employee_code__startswith=CODE_PREFIX).values_list("pk", flat=True))
    _delete_rows(PostOfficeMonthTotal, "post_office", office_ids)
    _delete_rows(MonthlyFigure.history.model, "post_office", office_ids)
    _delete_rows(MonthlyFigure, "post_office", office_ids)
    _delete_rows(StaffYearFigures, "staff", staff_ids)
    for model in (StaffPlacement, StaffQuota):
        _delete_rows(model.history.model, "staff", staff_ids)
        _delete_rows(model, "staff", staff_ids)
    _delete_rows(Staff, "id", staff_ids)
    PostOffice.objects.filter(pk__in=office_ids).update(parent=None)
    _delete_rows(PostOffice, "id", office_ids)
    rollups_rebuild()
