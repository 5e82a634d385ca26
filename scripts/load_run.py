"""Under load (issue 6): gunicorn with the repo's gunicorn.conf.py (2 sync workers) on 127.0.0.1 and
locust headless: half the users (HQ) on the national dashboard, half (province managers, each on
their own post office) on the entry grid, GET and save. Requests/s, p50/p95/p99 per endpoint and
errors go to docs/benchmarks.md, section "<engine>:load".

    .venv/bin/pip install -r requirements-load.txt
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python scripts/load_run.py [--users 20] [--seconds 60]

The database must hold the demo (`seed_demo`, for the hq account) and figures; `make bench` builds
one and runs this after `manage.py bench`. Managers without a demo account are created as
`load-manager-<scheme>-<code>` (password `demo`) and grids are saved, so the database must be marked as a
benchmark database (`manage.py bench_database_mark`): any other is refused before anything is written.
Exit code 1 when any request failed (a normal run has none).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="locust users: half dashboard, half grid")
    parser.add_argument("--seconds", type=int, default=60, help="measured time, after ramp-up and warm-up")
    parser.add_argument("--ramp", type=int, default=5, help="seconds to start every user")
    parser.add_argument("--warmup", type=int, default=10, help="seconds after ramp-up before measuring")
    parser.add_argument("--wait", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"), help="think time")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--label", default="", help="a section of its own in docs/benchmarks.md (e.g. 5k)")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_tracker.settings")
    os.environ.setdefault("DEV_TOOLS", "1")  # this process plans the run; the measured server runs without them
    import django

    django.setup()
    from django.core.management.base import CommandError

    from devtools.mark import benchmark_database_require

    try:
        benchmark_database_require("scripts/load_run.py")
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2

    from devtools.bench.load import load_plan, locust_stats, stats_table
    from devtools.bench.report import engine_name, machine_line, section_write
    from devtools.bench.server import BIN, Gunicorn
    from enrollment.db_statistics import statistics_refresh
    from enrollment.models import MonthlyFigure, Staff

    statistics_refresh()
    plan = load_plan(users=args.users, wait=tuple(args.wait), warmup=args.warmup)
    data_size = (
        f"{Staff.objects.count():,} staff, {MonthlyFigure.objects.count():,} staff-month figures; "
        f"measured period {plan['month']}/{plan['year']}"
    )
    work = Path(tempfile.mkdtemp(prefix="load-"))
    (work / "plan.json").write_text(json.dumps(plan))
    server = Gunicorn(work=work, workers=args.workers)
    print(f"gunicorn ({args.workers} sync workers) on {server.base}; locust {args.users} users; work dir {work}")
    try:
        server.start()
        subprocess.run(
            [str(BIN / "locust"), "-f", "scripts/load_locustfile.py", "--headless", "--only-summary"]
            + ["-u", str(args.users), "-r", f"{args.users / args.ramp:.2f}"]
            + ["-t", f"{args.ramp + args.warmup + args.seconds}s", "--host", server.base]
            + ["--csv", str(work / "locust"), "--loglevel", "WARNING", "--stop-timeout", "10"],
            cwd=ROOT,
            env=os.environ | {"LOAD_PLAN": str(work / "plan.json")},
            check=False,
        )
    finally:
        server.stop()

    rows = locust_stats(work / "locust_stats.csv")
    errors = rows[-1].failures
    dashboard = next((r for r in rows if r.name.startswith("national dashboard")), None)
    restarts = server.log_count("Booting worker") - args.workers
    wait = f"{args.wait[0]:g}–{args.wait[1]:g} s"
    engine = engine_name()
    dashboard_target = (
        f"{'met' if dashboard.p95 <= 200 else 'MISSED'} ({dashboard.p95:.0f} ms)" if dashboard else "not measured"
    )
    lines = [
        f"## Under load — {engine}{f' · {args.label}' if args.label else ''}\n",
        machine_line(data_size).rstrip(),
        f"- server: gunicorn `gunicorn.conf.py`, {args.workers} sync workers, DEBUG=0, on 127.0.0.1 "
        "(locust runs on the same machine)",
        f"- users: {plan['dashboard_users']} HQ on the national dashboard, {plan['grid_users']} province managers "
        "each on their own post office's entry grid (GET, then save: every cell posted back, one changed → 302 → GET); "
        f"think time {wait}; ramp-up {args.ramp} s, warm-up {args.warmup} s, measured {args.seconds} s",
        "- planner statistics refreshed (ANALYZE) before the run, as autovacuum would have",
    ]
    lines += [
        "",
        stats_table(rows),
        f"Targets: zero errors — {'met' if errors == 0 else 'MISSED'} ({errors}); "
        f"dashboard p95 ≤ 200 ms at {args.users} users — {dashboard_target}.",
        f"Server side: {server.server_errors()} responses 5xx in the access log (whole run), "
        f"{max(restarts, 0)} worker restarts, {server.log_count('WORKER TIMEOUT')} worker timeouts. "
        "Percentiles are locust's (2 significant digits above 100 ms).",
    ]
    body = "\n".join(lines) + "\n"
    path = section_write(body, key=f"load-{args.label}" if args.label else "load")
    print(body)
    print(f"→ {path}")
    if errors:
        print(f"errors: see {work}/locust_failures.csv and {server.log}")
        return 1
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
