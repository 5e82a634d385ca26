"""A request that meets an unreachable database answers 503 with Retry-After, not a 500 page.

Through the real stack: a fresh process (the project's settings, every middleware, the URLconf) whose
database is really not there — PostgreSQL on a port nobody listens on, or a SQLite file in a directory
that does not exist — sends requests with Django's test client, which runs the WSGI handler.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bhxh_tracker.middleware import DatabaseUnavailableMiddleware

ROOT = Path(__file__).resolve().parent.parent
DOWN = {
    "postgresql": "postgres://root@127.0.0.1:9/down",  # port 9 (discard): nothing listens, connection refused
    "sqlite": "sqlite:////nonexistent-directory/for/a/database.sqlite3",
}
REQUESTS = """
import json, django
django.setup()
from django.test import Client
out = []
for language in ("vi", "en"):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    # a login needs the users table; a page with a session cookie needs the sessions table
    for response in (
        client.post("/accounts/login/", {"username": "hq", "password": "demo"}),
        client.get("/entry/", HTTP_COOKIE="sessionid=abcdefghijklmnopqrstuvwxyz012345"),
    ):
        out.append([response.status_code, response.get("Retry-After"), response.content.decode()])
print(json.dumps(out))
"""


@pytest.mark.parametrize("engine", sorted(DOWN))
def test_requests_with_the_database_down_answer_503_with_retry_after(engine):
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": DOWN[engine]}
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert [(status, retry) for status, retry, _body in answers] == [(503, "5")] * 4, result.stderr[-2000:]
    vietnamese, english = answers[0][2], answers[2][2]
    assert 'lang="vi"' in vietnamese and "Chưa có gì được lưu" in vietnamese
    assert 'lang="en"' in english and "Nothing from your last action" in english
    assert "Traceback" not in vietnamese + english


def test_other_errors_are_left_to_django(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(rf.get("/"), ValueError("a bug")) is None
