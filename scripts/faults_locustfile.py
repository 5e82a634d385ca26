"""Locust users for scripts/faults_under_load.py: province managers saving the entry grid.

Each user owns a disjoint slice of staff (FAULTS_STAFF_FILE) and writes strictly increasing values,
so every write is distinguishable afterwards. A write whose response was 2xx/3xx is logged to
FAULTS_LOG as {"staff": id, "value": n}; failures are logged with the status so they can be counted.
"""

import itertools
import json
import os
import re

from locust import HttpUser, constant, task

STAFF = json.loads(open(os.environ["FAULTS_STAFF_FILE"]).read())
GRID_URL = os.environ["FAULTS_GRID_URL"]
FIELD = os.environ.get("FAULTS_FIELD", "figure-{staff_id}")
EXTRA = dict(item.split("=", 1) for item in os.environ.get("FAULTS_EXTRA", "").split("&") if item)
USERNAME, PASSWORD = os.environ.get("FAULTS_USER", "manager-66"), os.environ.get("FAULTS_PASSWORD", "demo")
LOG = open(os.environ["FAULTS_LOG"], "a", buffering=1)
_slices = itertools.count()


class GridSaver(HttpUser):
    wait_time = constant(0.05)

    def on_start(self):
        index = next(_slices)
        users = int(os.environ.get("FAULTS_USERS", "10"))
        self.staff = STAFF[index::users]
        self.value = 0
        page = self.client.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
        )

    @task
    def save(self):
        if not self.staff:
            return
        self.value = self.value % 9_000 + 1
        staff_id = self.staff[self.value % len(self.staff)]
        token = self.client.cookies.get("csrftoken", "")
        data = {**EXTRA, FIELD.format(staff_id=staff_id): str(self.value), "csrfmiddlewaretoken": token}
        with self.client.post(GRID_URL, data, headers={"Referer": self.host + GRID_URL}, catch_response=True) as r:
            ok = 200 <= r.status_code < 400
            LOG.write(json.dumps({"staff": staff_id, "value": self.value, "status": r.status_code, "ok": ok}) + "\n")
            if ok:
                r.success()
            else:
                r.failure(f"status {r.status_code}")
