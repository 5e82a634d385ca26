"""The load run's database side (`scripts/load_run.py`): who the locust users are, and the report.

HQ reads the national dashboard; province managers each save the grid of their own post office,
so no two users write the same figures and a refused (stale) save can only mean a real bug.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Count

from core.period import Period, latest_period, month_bounds, scheme_of_month
from enrollment import roles
from enrollment.models import ManagerAssignment, MonthStatus, PostOffice, Province
from enrollment.querysets import staff_active_q

LOAD_PASSWORD = "demo"  # the demo's password; these accounts exist only in benchmark databases
LOAD_MANAGER_PREFIX = "load-manager-"
MIN_STAFF = 5


def _manager_for(province: Province, hashed_password: str):
    """The province's manager: the demo's when it has one, else a `load-manager-<scheme>-<code>` account."""
    assignment = ManagerAssignment.objects.filter(province=province).select_related("user").first()
    if assignment:
        return assignment.user
    user, _ = get_user_model().objects.get_or_create(
        username=f"{LOAD_MANAGER_PREFIX}{province.scheme}-{province.code}",
        defaults={"password": hashed_password, "first_name": f"Tải thử {province.name}"},
    )
    user.groups.add(Group.objects.get(name=roles.MANAGER_GROUP))
    ManagerAssignment.objects.get_or_create(user=user, defaults={"province": province})
    return user


def grid_slots(*, count: int, period: Period) -> list[dict]:
    """`count` (manager, post office) pairs, each office different, spread over the provinces of the period.

    Offices with at least MIN_STAFF staff active in the month, in provinces whose month is not closed.
    """
    first, last = month_bounds(period.year, period.month)
    closed = MonthStatus.objects.filter(
        year=period.year, month=period.month, status=MonthStatus.Status.CLOSED
    ).values_list("province_id", flat=True)
    offices = (
        PostOffice.objects.filter(province__scheme=scheme_of_month(period.year, period.month), is_active=True)
        .exclude(province_id__in=closed)
        .annotate(active_staff=Count("staff", filter=staff_active_q(first, last, prefix="staff__")))
        .filter(active_staff__gte=MIN_STAFF)
        .select_related("province")
        .order_by("province__code", "code", "pk")
    )
    by_province: dict[int, list[PostOffice]] = {}
    for office in offices:
        by_province.setdefault(office.province_id, []).append(office)
    # Round robin: the first office of every province, then the second of each, …
    chosen = [listed[rank] for rank in range(count) for listed in by_province.values() if len(listed) > rank][:count]
    if len(chosen) < count:
        raise RuntimeError(f"only {len(chosen)} open post offices with {MIN_STAFF}+ staff in {period}")
    hashed = make_password(LOAD_PASSWORD)
    return [{"username": _manager_for(office.province, hashed).username, "office": office.pk} for office in chosen]


def load_plan(*, users: int, wait: tuple[float, float], warmup: float) -> dict:
    """What scripts/load_locustfile.py reads: half the users on the dashboard, half on their own grid."""
    hq = get_user_model().objects.get(username="hq")
    period = latest_period(user=hq)
    if period is None:
        raise RuntimeError("no figures: run seed_demo (and generate_load) first")
    grid_users = users // 2
    return {
        "hq": "hq",
        "password": LOAD_PASSWORD,
        "dashboard_users": users - grid_users,
        "grid_users": grid_users,
        "year": period.year,
        "month": period.month,
        "grid": grid_slots(count=grid_users, period=period),
        "wait": list(wait),
        "warmup": warmup,
    }


@dataclass
class EndpointStats:
    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float


def locust_stats(path: Path) -> list[EndpointStats]:
    """The rows of locust's `<prefix>_stats.csv` (the last one is "Aggregated")."""
    with open(path, newline="") as handle:
        return [
            EndpointStats(
                name=row["Name"] if row["Type"] else "all requests",
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                rps=float(row["Requests/s"]),
                p50=float(row["50%"] if row["50%"] != "N/A" else 0),
                p95=float(row["95%"] if row["95%"] != "N/A" else 0),
                p99=float(row["99%"] if row["99%"] != "N/A" else 0),
                max=float(row["Max Response Time"]),
            )
            for row in csv.DictReader(handle)
            if int(row["Request Count"]) or not row["Type"]
        ]


def stats_table(rows: list[EndpointStats]) -> str:
    lines = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.name} | {r.requests:,} | {r.rps:.1f} | {r.p50:.0f} | {r.p95:.0f} | {r.p99:.0f} | {r.max:.0f} | {r.failures} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"
