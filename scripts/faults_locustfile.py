"""Locust users for scripts/faults_under_load.py: province managers saving the entry grid during faults.

FAULTS_PLAN (devtools.bench.faults.faults_plan) gives each user its own manager and post office, so no
two users touch the same figures. A user saves one cell at a time as the browser would post it
(`value_<staff>` and `seen_<staff>`, the value it last saw), with values that only ever grow, and
logs every save to FAULTS_LOG: {t0, t1, staff, value, status, ok}. ok means 302, the grid's "saved".

After a save that got no answer (a killed worker, a database restart) the outcome is unknown, so
the user reloads the grid to learn what is really stored before saving again — as a person would.
Redirects are not followed: the 302 itself is the answer to the save.
"""

import itertools
import json
import os
import sys
import time
from pathlib import Path

from locust import HttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from devtools.bench.grid_form import grid_fields, log_in, staff_ids  # noqa: E402

PLAN = json.loads(Path(os.environ["FAULTS_PLAN"]).read_text())
LOG = open(os.environ["FAULTS_LOG"], "a", buffering=1)  # noqa: SIM115 — one line per save, for the whole run
_slots = itertools.count()


class GridSaver(HttpUser):
    wait_time = constant(0.1)

    def on_start(self):
        slot = PLAN["slots"][next(_slots) % len(PLAN["slots"])]
        self.url = f"/entry/?year={PLAN['year']}&month={PLAN['month']}&office={slot['office']}"
        log_in(self.client, slot["username"], PLAN["password"])
        self.fields: dict[str, str] = {}
        self.next_value = 1
        self.turn = itertools.count()

    def load(self) -> bool:
        """Read the grid as stored now; False when the server did not answer it."""
        with self.client.get(self.url, name="grid GET", catch_response=True) as response:
            fields = grid_fields(response.text) if response.status_code == 200 else {}
            if not staff_ids(fields):
                response.failure(f"status {response.status_code}")
                return False
        self.fields = fields
        seen = [int(fields[f"seen_{staff}"]) for staff in staff_ids(fields) if fields[f"seen_{staff}"].isdigit()]
        self.next_value = max([self.next_value, *(value + 1 for value in seen)])
        return True

    @task
    def save(self):
        if not self.fields and not self.load():
            return
        staff = staff_ids(self.fields)
        staff_id = staff[next(self.turn) % len(staff)]
        value, self.next_value = self.next_value, self.next_value + 1
        data = {
            "csrfmiddlewaretoken": self.fields["csrfmiddlewaretoken"],
            f"value_{staff_id}": str(value),
            f"seen_{staff_id}": self.fields[f"seen_{staff_id}"],
        }
        started = time.time()
        with self.client.post(self.url, data, name="grid save", allow_redirects=False, catch_response=True) as r:
            ok = r.status_code == 302
            entry = {"t0": started, "t1": time.time(), "staff": staff_id, "value": value, "status": r.status_code}
            LOG.write(json.dumps(entry | {"ok": ok}) + "\n")
            if ok:
                self.fields[f"seen_{staff_id}"] = str(value)
                r.success()
            else:
                r.failure(f"status {r.status_code}")
                self.fields = {}  # outcome unknown: reload before the next save
