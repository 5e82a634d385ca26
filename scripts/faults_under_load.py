"""Faults under load (issue 7): gunicorn (gunicorn.conf.py, 2 sync workers) + locust managers saving the
entry grid; one worker is killed with SIGKILL a third of the way in and PostgreSQL is restarted
(crash-like, `-m immediate`) two thirds of the way in. Afterwards every save answered 302 must be in
the database, none applied twice, the rollups must agree with the figures, and the app must have
answered again by itself (CONN_HEALTH_CHECKS). The counts go to docs/benchmarks.md, section
"<engine>:faults"; exit code 1 when a check fails.

    .venv/bin/pip install -r requirements-load.txt
    .venv/bin/python scripts/faults_under_load.py                    # SQLite: a throwaway file
    DATABASE_URL=postgres://… .venv/bin/python scripts/faults_under_load.py   # PostgreSQL: a private cluster

By default the run brings its own database (migrate + seed_demo): a temporary SQLite file, or — when
DATABASE_URL names PostgreSQL — a private throwaway PostgreSQL cluster (initdb in a temporary
directory, a free port), restarted mid-run and removed afterwards; the server in DATABASE_URL is
never touched. On SQLite there is no server to restart: only the worker is killed.

Against a real server, by hand (never one that others are using — it is restarted):

    .venv/bin/python scripts/faults_under_load.py --database-url postgres://root@127.0.0.1:5432/faults \\
        --pg-restart 'pg_ctlcluster 15 main restart'

--database-url must hold the demo (`manage.py seed_demo`) and be marked as a benchmark database
(`manage.py bench_database_mark`); the saves go to month 12/2021 by default.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=10, help="locust users, each on its own post office")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--month", type=int, default=12)
    parser.add_argument("--database-url", help="an existing database holding the demo (default: a throwaway one)")
    parser.add_argument("--pg-restart", help="shell command restarting the PostgreSQL of --database-url")
    return parser.parse_args()


def probe_forever(base: str, log: Path, stop: threading.Event) -> None:
    """GET /healthz every 0.2 s: {t0, t1, status, ok} per probe."""
    from devtools.bench.server import healthz

    with open(log, "a") as out:
        while not stop.is_set():
            started = time.time()
            status = healthz(base, timeout=5)
            out.write(json.dumps({"t0": started, "t1": time.time(), "status": status, "ok": status == 200}) + "\n")
            stop.wait(0.2)


class Target:
    """The database under test and how to restart its server (None: not possible)."""

    def __init__(self, args: argparse.Namespace, work: Path):
        self.cluster = None
        self.restart = None
        self.skipped = ""
        self.throwaway = not args.database_url
        wanted = args.database_url or os.environ.get("DATABASE_URL", "")
        postgres = wanted.startswith("postgres")
        if args.database_url:
            self.url = args.database_url
            if args.pg_restart and postgres:
                self.restart = lambda: subprocess.run(args.pg_restart, shell=True, check=True)
                self.restart_label = args.pg_restart
            else:
                self.skipped = "PostgreSQL restart (no --pg-restart given)" if postgres else ""
        elif postgres:
            from devtools.bench.private_pg import PrivatePostgres

            self.cluster = PrivatePostgres()
            self.cluster.start()
            self.url = self.cluster.url
            self.restart = self.cluster.restart
            self.restart_label = f"private cluster, pg_ctl restart -m immediate (port {self.cluster.port})"
        else:
            self.url = f"sqlite:///{work / 'faults.sqlite3'}"
        if not postgres:
            self.skipped = "PostgreSQL restart: SQLite has no server to restart, only the worker is killed"

    def remove(self) -> None:
        if self.cluster:
            self.cluster.remove()


def main() -> int:
    args = arguments()
    work = Path(tempfile.mkdtemp(prefix="faults-"))
    target = Target(args, work)
    try:
        return run(args, work, target)
    finally:
        target.remove()


def run(args: argparse.Namespace, work: Path, target: Target) -> int:
    os.environ["DATABASE_URL"] = target.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_tracker.settings")
    os.environ.setdefault("DEV_TOOLS", "1")  # this process seeds and checks; the measured server runs without them
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    from devtools.bench.faults import Fault, faults_plan, faults_verify, now, verdict_section
    from devtools.bench.report import engine_name, machine_line, section_write
    from devtools.bench.server import BIN, Gunicorn, healthz
    from devtools.mark import benchmark_database_mark, benchmark_database_require

    if target.skipped:
        print(f"Not injected: {target.skipped}.")
    if target.throwaway:
        print(f"Throwaway database {target.url}: migrate + seed_demo …")
        call_command("migrate", verbosity=0)
        benchmark_database_mark()  # made by this run a moment ago, removed at its end
        call_command("seed_demo", allow_known_passwords=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    try:
        benchmark_database_require("scripts/faults_under_load.py")
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2
    plan = faults_plan(users=args.users, year=args.year, month=args.month)
    (work / "plan.json").write_text(json.dumps(plan))
    saves_log, probes_log = work / "saves.jsonl", work / "probes.jsonl"
    connection.close()  # the database may be restarted under us

    server = Gunicorn(work=work, workers=args.workers, database_url=target.url)
    server.start()
    since, faults, stop = now(), [], threading.Event()
    prober = threading.Thread(target=probe_forever, args=(server.base, probes_log, stop), daemon=True)
    print(f"gunicorn ({args.workers} sync workers) on {server.base}; {args.users} locust users for {args.seconds} s")
    try:
        prober.start()
        locust = subprocess.Popen(
            [str(BIN / "locust"), "-f", "scripts/faults_locustfile.py", "--headless", "--only-summary"]
            + ["-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s", "--host", server.base]
            + ["--loglevel", "WARNING", "--stop-timeout", "10"],
            cwd=ROOT,
            env=os.environ | {"FAULTS_PLAN": str(work / "plan.json"), "FAULTS_LOG": str(saves_log)},
        )
        time.sleep(args.seconds / 3)
        faults.append(kill_worker(server))
        time.sleep(max(0.0, args.seconds / 3 - (time.time() - faults[-1].at)))
        if target.restart:
            at = time.time()
            took = target.restart()
            took = took if isinstance(took, float) else time.time() - at
            faults.append(Fault("PostgreSQL restart", at, f"{target.restart_label}; took {took:.2f} s"))
        locust.wait()
        final_health = [healthz(server.base) for _ in range(3)]
    finally:
        stop.set()
        server.stop()
    prober.join()

    verdict = faults_verify(plan=plan, saves_log=saves_log, probes_log=probes_log, faults=faults, since=since)
    verdict.healthz_after = final_health
    engine = engine_name()
    setup = (
        f"gunicorn `gunicorn.conf.py`, {args.workers} sync workers, DEBUG=0; {args.users} locust users "
        f"(province managers, each on its own post office) saving month {args.month}/{args.year} cell by cell "
        f"for {args.seconds} s with 0.1 s between saves; /healthz probed every 0.2 s; "
        f"CONN_MAX_AGE={connection.settings_dict['CONN_MAX_AGE']}, "
        f"CONN_HEALTH_CHECKS={connection.settings_dict['CONN_HEALTH_CHECKS']}"
    )
    body = verdict_section(
        verdict, engine=engine, machine=machine_line("the 2021 demo"), setup=setup, skipped=target.skipped
    )
    path = section_write(body, key="faults")
    print(body)
    print(f"→ {path}")
    if verdict.ok:
        shutil.rmtree(work)
        return 0
    print(f"FAILED: logs kept in {work}")
    return 1


def kill_worker(server):
    """SIGKILL one worker (a running one if possible); the detail says when gunicorn forked its replacement."""
    from devtools.bench.faults import Fault

    before = set(server.worker_pids())
    victim, running = server.kill_worker()
    at = time.time()
    replaced = None
    while time.time() - at < 30:
        if set(server.worker_pids()) - before:
            replaced = time.time() - at
            break
        time.sleep(0.05)
    forked = f"replacement forked after {replaced:.2f} s" if replaced is not None else "no replacement within 30 s"
    state = "mid-request (running)" if running else "idle"
    return Fault("SIGKILL one gunicorn worker", at, f"pid {victim}, {state}; {forked}")


if __name__ == "__main__":
    sys.exit(main())
