"""A deterministic synthetic national dataset for benchmarks (`generate_load`).

The 34 provinces of the 2025 scheme, commune-level post offices (about 15 staff each), staff
with quotas, annual plans, and monthly figures with seasonality (a slow January–February around
Tết, campaign peaks in March and in the last quarter). Rows are written in bulk — PostgreSQL's
COPY where available — bypassing services on purpose: this is generated load, not user input,
so there is no history to record; derived rollups are rebuilt once at the end.
"""

import datetime
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from devtools.demo.names import staff_name
from enrollment.models import AnnualPlan, MonthlyFigure, MonthStatus, PostOffice, Province, Staff
from reports.models import PostOfficeMonthTotal, StaffYearFigures
from reports.rollups import rollups_rebuild

CODE_PREFIX = "G"  # every generated post office and staff code starts with it
STAFF_PER_OFFICE = 15
DELETE_CHUNK = 900  # ids per DELETE: below SQLite's oldest limit of 999 parameters
# Relative intake per month: Tết in January/February, the March "golden week", a year-end push.
SEASONALITY = {1: 0.7, 2: 0.55, 3: 1.35, 4: 1.0, 5: 0.95, 6: 1.05, 7: 0.95, 8: 0.9, 9: 1.0, 10: 1.1, 11: 1.2, 12: 1.4}


@dataclass
class LoadSummary:
    provinces: int
    post_offices: int
    staff: int
    figures: int
    years: list[int]


def generated_exists() -> bool:
    return PostOffice.objects.filter(code__startswith=CODE_PREFIX).exists()


def _copy_rows(model, columns: list[str], rows: Iterator[tuple]) -> int:
    """Insert rows fast: COPY on PostgreSQL, executemany on SQLite. Returns the row count."""
    table = model._meta.db_table
    count = 0
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            count += 1
        buffer.seek(0)
        with connection.cursor() as cursor:
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


@transaction.atomic
def load_generate(*, staff_total: int, years: int, last_year: int, seed: int) -> LoadSummary:
    """Write the synthetic dataset. Refuses to run twice (see `load_remove`)."""
    rng = random.Random(seed)
    provinces = list(Province.objects.of_scheme(Province.Scheme.P34).order_by("code"))
    weights = _province_weights(provinces, rng)
    year_list = list(range(last_year - years + 1, last_year + 1))
    start = datetime.date(year_list[0] - 1, 1, 1)

    offices = [
        PostOffice(
            province=p, code=f"{CODE_PREFIX}{p.code}-{i:04d}", name=f"Bưu điện xã số {i} – {p.name}", kind="commune"
        )
        for p, n in _offices(provinces, weights, staff_total)
        for i in range(1, n + 1)
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
    office_province = {o.pk: o.province_id for o in offices}

    skill = {pk: rng.uniform(0.4, 1.8) for pk, _, _ in staff}
    figures = _copy_rows(
        MonthlyFigure,
        ["staff_id", "post_office_id", "year", "month", "new_participants", "updated_at"],
        _figure_rows(staff, skill, year_list, seed),
    )
    plan_by_province: dict[int, int] = {}
    for _, office_id, quota in staff:
        plan_by_province[office_province[office_id]] = plan_by_province.get(office_province[office_id], 0) + quota
    AnnualPlan.objects.bulk_create(
        [
            AnnualPlan(province_id=pid, year=year, target=monthly_quota_sum * 12)
            for pid, monthly_quota_sum in plan_by_province.items()
            for year in year_list
        ],
        ignore_conflicts=True,
    )
    MonthStatus.objects.bulk_create(
        [
            MonthStatus(province=p, year=year, month=month, status=MonthStatus.Status.CLOSED)
            for p in provinces
            for year in year_list[:-1]
            for month in range(1, 13)
        ],
        ignore_conflicts=True,
    )
    rollups_rebuild()
    return LoadSummary(len(provinces), len(offices), len(staff), figures, year_list)


def _figure_rows(staff, skill, years, seed) -> Iterator[tuple]:
    rng = random.Random(seed + 1)
    stamp = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC).isoformat()
    for year in years:
        growth = 1 + 0.06 * (year - years[0])
        for month in range(1, 13):
            season = SEASONALITY[month] * growth
            for pk, office_id, quota in staff:
                mean = quota * skill[pk] * season
                yield (pk, office_id, year, month, max(0, int(rng.gauss(mean, mean / 3) + 0.5)), stamp)


def _delete_rows(model, column: str, ids: list[int]) -> int:
    """DELETE FROM model's table WHERE column IN ids, in chunks: no per-row signals, no collector.

    QuerySet.delete() would load and collect every row first and send a post_delete per figure to the
    rollup receivers; this is generated data with no history, and the rollups are rebuilt once afterwards.
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
    """Delete the generated dataset: figures and rollups first, then staff, then post offices (foreign keys)."""
    office_ids = list(PostOffice.objects.filter(code__startswith=CODE_PREFIX).values_list("pk", flat=True))
    staff_ids = list(Staff.objects.filter(post_office__code__startswith=CODE_PREFIX).values_list("pk", flat=True))
    _delete_rows(PostOfficeMonthTotal, "post_office", office_ids)
    _delete_rows(MonthlyFigure, "post_office", office_ids)
    _delete_rows(StaffYearFigures, "staff", staff_ids)
    _delete_rows(Staff, "id", staff_ids)
    _delete_rows(PostOffice, "id", office_ids)
    rollups_rebuild()
