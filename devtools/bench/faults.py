"""The fault run's database side (`scripts/faults_under_load.py`): who writes what, and the verdict.

Each locust user is a province manager saving one post office's grid, one cell at a time, with
strictly increasing values (each save names the value it saw, as the browser does). simple-history
records every applied change, so afterwards each save answered 2xx must appear in the history of
that staff member's month (not lost), no (staff, value) may appear twice (not applied twice), and
the figure kept must be the last value applied.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count

from core.period import month_bounds
from enrollment.models import ManagerAssignment, MonthlyFigure, MonthStatus, PostOffice
from enrollment.querysets import staff_active_q
from reports.rollups import rollups_drift

PASSWORD = "demo"
MIN_STAFF = 3


def faults_plan(*, users: int, year: int, month: int) -> dict:
    """One demo manager and one of their post offices per locust user (distinct provinces when possible)."""
    first, last = month_bounds(year, month)
    closed = MonthStatus.objects.filter(year=year, month=month, status=MonthStatus.Status.CLOSED)
    managers = {
        a.province_id: a.user.username
        for a in ManagerAssignment.objects.exclude(province_id__in=closed.values("province_id")).select_related("user")
    }
    offices = (
        PostOffice.objects.filter(province_id__in=managers, is_active=True)
        .annotate(active_staff=Count("staff", filter=staff_active_q(first, last, prefix="staff__")))
        .filter(active_staff__gte=MIN_STAFF)
        .order_by("province__code", "code", "pk")
    )
    by_province: dict[int, list[int]] = {}
    for office in offices:
        by_province.setdefault(office.province_id, []).append(office.pk)
    chosen = [
        (province, listed[rank])
        for rank in range(users)
        for province, listed in by_province.items()
        if len(listed) > rank
    ][:users]
    if len(chosen) < users:
        raise RuntimeError(f"only {len(chosen)} open post offices with managers in {month}/{year}: run seed_demo")
    return {
        "year": year,
        "month": month,
        "password": PASSWORD,
        "slots": [{"username": managers[province], "office": office} for province, office in chosen],
    }


@dataclass
class Fault:
    name: str
    at: float  # wall-clock time it was injected
    detail: str = ""


@dataclass
class Verdict:
    saves_sent: int
    saves_answered: int
    probes_sent: int
    probes_ok: int
    statuses: Counter
    applied: int
    applied_unanswered: int
    lost: int
    doubled: int
    final_wrong: int
    rollup_drift: int
    faults: list[dict] = field(default_factory=list)
    errors_outside_faults: int = 0
    healthz_after: list[int] = field(default_factory=list)  # three probes once the run is over

    @property
    def ok(self) -> bool:
        broken = self.lost or self.doubled or self.final_wrong or self.rollup_drift or self.errors_outside_faults
        return not broken and self.healthz_after == [200, 200, 200]


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def _fault_windows(faults: list[Fault], requests: list[dict]) -> tuple[list[dict], int]:
    """Per fault: the failed requests that ended after it (and before the next one), and when all answered again.

    A request belongs to the last fault injected before it ended, so one in flight when a worker is
    killed counts for that fault.
    """
    windows: list[list[dict]] = [[] for _ in faults]
    for request in requests:
        index = max((i for i, fault in enumerate(faults) if fault.at <= request["t1"]), default=None)
        if index is not None:
            windows[index].append(request)
    report = []
    for fault, inside in zip(faults, windows, strict=True):
        failed = [r for r in inside if not r["ok"]]
        last_failure = max((r["t0"] for r in failed), default=fault.at)
        recovered = min((r["t1"] for r in inside if r["ok"] and r["t0"] >= last_failure), default=None)
        report.append(
            {
                "fault": fault.name,
                "detail": fault.detail,
                "errors": len(failed),
                "recovered_after_s": None if recovered is None else round(recovered - fault.at, 2),
            }
        )
    return report, sum(item["errors"] for item in report)


def faults_verify(*, plan: dict, saves_log: Path, probes_log: Path, faults: list[Fault], since) -> Verdict:
    """Compare what the clients were told with what the database holds."""
    saves, probes = _read_jsonl(saves_log), _read_jsonl(probes_log)
    answered = [s for s in saves if s["ok"]]
    staff_ids = {s["staff"] for s in saves}
    history = Counter(
        MonthlyFigure.history.filter(
            staff_id__in=staff_ids, year=plan["year"], month=plan["month"], history_date__gte=since
        )
        .exclude(history_change_reason="baseline")
        .values_list("staff_id", "new_participants")
    )
    answered_pairs = {(s["staff"], s["value"]) for s in answered}
    last_applied: dict[int, int] = {}
    for staff_id, value in history:
        last_applied[staff_id] = max(value, last_applied.get(staff_id, value))
    final = dict(
        MonthlyFigure.objects.filter(staff_id__in=staff_ids, year=plan["year"], month=plan["month"]).values_list(
            "staff_id", "new_participants"
        )
    )
    windows, errors_in_faults = _fault_windows(faults, saves + probes)
    failures = sum(1 for r in saves + probes if not r["ok"])
    return Verdict(
        saves_sent=len(saves),
        saves_answered=len(answered),
        probes_sent=len(probes),
        probes_ok=sum(1 for p in probes if p["ok"]),
        statuses=Counter(str(s["status"]) for s in saves),
        applied=sum(history.values()),
        applied_unanswered=len(set(history) - answered_pairs),
        lost=sum(1 for pair in answered_pairs if pair not in history),
        doubled=sum(n - 1 for n in history.values() if n > 1),
        final_wrong=sum(1 for staff_id, value in last_applied.items() if final.get(staff_id) != value),
        rollup_drift=len(rollups_drift()),
        faults=windows,
        errors_outside_faults=failures - errors_in_faults,
    )


def verdict_section(verdict: Verdict, *, engine: str, machine: str, setup: str, skipped: str) -> str:
    lines = [
        f"## Faults under load — {engine}\n",
        machine.rstrip(),
        f"- setup: {setup}",
        *([f"- not injected: {skipped}"] if skipped else []),
        "",
        "| fault | detail | failed requests after it | answering again after |",
        "|---|---|---:|---:|",
    ]
    for item in verdict.faults:
        recovered = "—" if item["recovered_after_s"] is None else f"{item['recovered_after_s']:.2f} s"
        lines.append(f"| {item['fault']} | {item['detail']} | {item['errors']} | {recovered} |")
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(verdict.statuses.items()))
    lines += [
        "",
        "| count | value |",
        "|---|---:|",
        f"| grid saves sent | {verdict.saves_sent:,} |",
        f"| saves answered 2xx/3xx (302 = saved) | {verdict.saves_answered:,} |",
        f"| /healthz probes sent / answered 200 | {verdict.probes_sent:,} / {verdict.probes_ok:,} |",
        f"| writes found in the database (history) | {verdict.applied:,} |",
        f"| … of which applied although the client got no answer | {verdict.applied_unanswered} |",
        f"| answered saves **lost** | {verdict.lost} |",
        f"| saves **applied twice** | {verdict.doubled} |",
        f"| figures whose final value is not the last one applied | {verdict.final_wrong} |",
        f"| rollup cells drifting from the staff figures (`rollups_check`) | {verdict.rollup_drift} |",
        f"| failed requests outside the fault windows | {verdict.errors_outside_faults} |",
        f"| /healthz after the run (three probes) | {', '.join(map(str, verdict.healthz_after))} |",
        "",
        f"Save statuses: {statuses}.",
        "Verdict: PASS — every answered save is in the database exactly once, and the app answered again by "
        "itself (gunicorn replaced its worker, CONN_HEALTH_CHECKS reconnected)."
        if verdict.ok
        else "Verdict: FAIL — see the counts above.",
    ]
    return "\n".join(lines) + "\n"


def now() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.UTC)
