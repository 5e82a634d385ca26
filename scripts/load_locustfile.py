"""Locust users for scripts/load_run.py (LOAD_PLAN: the JSON written by devtools.bench.load.load_plan).

- HQ on the national dashboard `/`.
- Province managers, each on their own post office's entry grid: GET the grid, then save it as a
  browser does (every cell posted back with its `seen_` value, one cell changed, POST → 302 → GET).
  A cell toggles between its original value and original + 1, so repeated runs do not drift.

Statistics are reset `warmup` seconds after the last user has started (logins and cold caches are
not measured).
"""

import itertools
import json
import os
import sys
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from devtools.bench.grid_form import grid_fields, log_in, staff_ids  # noqa: E402

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
_grid_slots = itertools.count()
_environment = None


@events.init.add_listener
def _keep_environment(environment, **kwargs):
    global _environment
    _environment = environment


@events.spawning_complete.add_listener
def _reset_stats_after_warmup(user_count, **kwargs):
    gevent.spawn_later(PLAN["warmup"], _environment.runner.stats.reset_all)


class DashboardUser(HttpUser):
    fixed_count = PLAN["dashboard_users"]
    wait_time = between(*PLAN["wait"])

    def on_start(self):
        log_in(self.client, PLAN["hq"], PLAN["password"])

    @task
    def dashboard(self):
        with self.client.get("/", name="national dashboard /", catch_response=True) as response:
            if response.status_code != 200 or 'id="national-totals"' not in response.text:
                response.failure(f"status {response.status_code}")


class GridUser(HttpUser):
    fixed_count = PLAN["grid_users"]
    wait_time = between(*PLAN["wait"])

    def on_start(self):
        slot = PLAN["grid"][next(_grid_slots) % len(PLAN["grid"])]
        log_in(self.client, slot["username"], PLAN["password"])
        self.url = f"/entry/?year={PLAN['year']}&month={PLAN['month']}&office={slot['office']}"
        self.fields: dict[str, str] = {}
        self.original: dict[str, str] = {}
        self.saves = itertools.count()
        self.load()

    def load(self) -> None:
        with self.client.get(self.url, name="entry grid GET", catch_response=True) as response:
            fields = grid_fields(response.text) if response.status_code == 200 else {}
            if not staff_ids(fields):
                response.failure(f"status {response.status_code}, no grid")
                return
        self.fields = fields
        self.original = self.original or dict(fields)

    @task
    def save(self):
        staff = staff_ids(self.fields)
        if not staff:
            return self.load()
        name = f"value_{staff[next(self.saves) % len(staff)]}"
        original = int(self.original.get(name) or 0)
        data = dict(self.fields)
        data[name] = str(original + 1 if int(data[name] or 0) == original else original)
        with self.client.post(
            self.url, data, name="entry grid POST (save)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}")
        self.load()  # the browser follows the redirect back to the grid
