"""Faults under load: gunicorn + locust posting entry-grid saves, one worker SIGKILLed and PostgreSQL
restarted mid-run; then every save answered 2xx/3xx must be in the database, none applied twice,
and the app must answer again by itself (CONN_HEALTH_CHECKS).

TO BE RUN AFTER THE ENTRY GRID (/entry/) IS MERGED — it posts to the real grid URL, never to a
test-only endpoint. Run by hand (it restarts PostgreSQL, so never while someone else uses it):

    .venv/bin/pip install -r requirements-load.txt
    DATABASE_URL=postgres://root@127.0.0.1:5432/bhxh_faults .venv/bin/python scripts/faults_under_load.py \\
        --grid-url /entry/2021/4/ --field 'figure-{staff_id}' --extra '' \\
        --pg-restart 'pg_ctlcluster 15 main restart' --seconds 60

--grid-url, --field (the POST name of one staff member's cell) and --extra (other form fields,
a query string) must match the grid's form. The database must hold the demo (`manage.py seed_demo`).
The script prints the figures for docs/benchmarks.md; it writes nothing there itself.

How a write is checked: each locust user owns its own staff members and writes values 1, 2, 3…
to them in turn. simple-history records every change, so each answered write (staff, value) must
appear in the history of that staff member's figure for the month — at least once (not lost) and
exactly once in its run of consecutive equal values (not applied twice).
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def healthz(base: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            return response.status
    except Exception:
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid-url", required=True)
    parser.add_argument("--field", default="figure-{staff_id}")
    parser.add_argument("--extra", default="")
    parser.add_argument("--user", default="manager-66")
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--month", type=int, default=4)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pg-restart", required=True, help="shell command that restarts PostgreSQL")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("DATABASE_URL must point at a PostgreSQL database holding the demo")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_tracker.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from enrollment.models import MonthlyFigure, Staff

    manager = get_user_model().objects.get(username=args.user)
    staff_ids = list(Staff.objects.visible_to(manager).order_by("pk").values_list("pk", flat=True)[: args.users * 10])
    work = Path(tempfile.mkdtemp(prefix="faults-"))
    (work / "staff.json").write_text(json.dumps(staff_ids))
    log = work / "writes.jsonl"
    start_history = MonthlyFigure.history.count()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_ACCESSLOG": str(work / "access.log"),
        "AXES_ENABLED": "0",  # many logins from one address are the load, not an attack
    }
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=open(work / "gunicorn.log", "w"),
        stderr=subprocess.STDOUT,
    )
    faults = []
    try:
        for _ in range(80):
            if healthz(base) == 200:
                break
            time.sleep(0.25)
        locust = subprocess.Popen(
            [str(ROOT / ".venv/bin/locust"), "-f", "scripts/faults_locustfile.py", "--headless"]
            + [
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "-t",
                f"{args.seconds}s",
                "--host",
                base,
                "--only-summary",
            ],
            cwd=ROOT,
            env=os.environ
            | {
                "FAULTS_STAFF_FILE": str(work / "staff.json"),
                "FAULTS_GRID_URL": args.grid_url,
                "FAULTS_FIELD": args.field,
                "FAULTS_EXTRA": args.extra,
                "FAULTS_USER": args.user,
                "FAULTS_USERS": str(args.users),
                "FAULTS_LOG": str(log),
            },
        )
        time.sleep(args.seconds / 3)
        victims = worker_pids(gunicorn.pid)
        if victims:
            os.kill(victims[0], signal.SIGKILL)
            faults.append(f"SIGKILL worker {victims[0]} at {args.seconds // 3}s")
        time.sleep(args.seconds / 3)
        subprocess.run(args.pg_restart, shell=True, check=True)
        faults.append(f"PostgreSQL restarted at {2 * args.seconds // 3}s ({args.pg_restart})")
        locust.wait()
        recovered = [healthz(base) for _ in range(3)]
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=60)

    writes = [json.loads(line) for line in log.read_text().splitlines()]
    answered = [w for w in writes if w["ok"]]
    from django.db import connection

    connection.close()  # PostgreSQL was restarted under us
    history: dict[int, list[int]] = {}
    for staff_id, value in (
        MonthlyFigure.history.filter(staff_id__in=staff_ids, year=args.year, month=args.month)
        .order_by("history_date", "history_id")
        .values_list("staff_id", "new_participants")
    ):
        history.setdefault(staff_id, []).append(value)
    lost = [w for w in answered if w["value"] not in history.get(w["staff"], [])]
    twice = [
        (staff_id, value)
        for staff_id, values in history.items()
        for value, n in Counter(v for i, v in enumerate(values) if i and values[i - 1] == v).items()
        if n
    ]
    print(
        json.dumps(
            {
                "writes_attempted": len(writes),
                "writes_answered_2xx_3xx": len(answered),
                "writes_refused_or_failed": len(writes) - len(answered),
                "statuses": Counter(w["status"] for w in writes),
                "history_rows_added": MonthlyFigure.history.count() - start_history,
                "answered_writes_missing_from_db": len(lost),
                "writes_applied_twice": len(twice),
                "faults_injected": faults,
                "healthz_after": recovered,
            },
            indent=2,
            default=str,
        )
    )
    return 0 if not lost and not twice and recovered == [200, 200, 200] else 1


if __name__ == "__main__":
    sys.exit(main())
