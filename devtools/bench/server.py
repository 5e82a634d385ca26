"""gunicorn for the load and fault scripts: the repo's gunicorn.conf.py, production settings, 127.0.0.1.

Production settings (DEBUG=0, hashed static files) except the HTTPS-only parts that need nginx in
front: locust talks plain HTTP to 127.0.0.1, so no redirect to HTTPS and no Secure-only cookies.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ACCESS_STATUS = re.compile(r'" (\d{3}) ')  # gunicorn's default access log: "GET / HTTP/1.1" 200 …
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv's gunicorn and locust


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthz(base: str, timeout: float = 5) -> int:
    """The status of GET /healthz, 0 when nothing answered."""
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def production_env(*, port: int, work: Path, workers: int, database_url: str | None) -> dict[str, str]:
    return (
        os.environ
        | ({"DATABASE_URL": database_url} if database_url else {})
        | {
            "DEBUG": "0",
            "DEV_TOOLS": "0",  # the measured server runs the product alone, as production does
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "BEHIND_PROXY": "0",
            "TRUSTED_PROXY_COUNT": "0",
            "STATIC_ROOT": str(work / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESSLOG": str(work / "access.log"),
            "GUNICORN_LOGLEVEL": "info",
            "LOG_LEVEL": "WARNING",
        }
    )


def _process_state(pid: int) -> str:
    """R (running), S (sleeping, e.g. a sync worker waiting in accept), … from /proc/<pid>/stat."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py` started, watched and stopped by its own pid."""

    def __init__(self, *, work: Path, workers: int, database_url: str | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.work = work
        self.env = production_env(port=self.port, work=work, workers=workers, database_url=database_url)
        self.log = work / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self, ready_timeout: float = 60) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=self.env, check=True
        )
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()}")
            if healthz(self.base, timeout=2) == 200 and len(self.worker_pids()) >= int(self.env["WEB_CONCURRENCY"]):
                return
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn did not answer /healthz within {ready_timeout} s:\n{self.log.read_text()}")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_worker(self, wait_busy: float = 3) -> tuple[int, bool]:
        """SIGKILL a worker, preferably one running (mid-request); returns (pid, whether it was running)."""
        deadline = time.monotonic() + wait_busy
        while True:
            workers = self.worker_pids()
            running = [pid for pid in workers if _process_state(pid) == "R"]
            if running or time.monotonic() > deadline:
                victim = (running or workers)[0]
                os.kill(victim, signal.SIGKILL)
                return victim, bool(running)
            time.sleep(0.002)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_count(self, text: str) -> int:
        return self.log.read_text(errors="replace").count(text) if self.log.exists() else 0

    def server_errors(self) -> int:
        """Responses with a 5xx status in the access log (gunicorn's default format: `"…" status size`)."""
        path = self.work / "access.log"
        if not path.exists():
            return 0
        statuses = (ACCESS_STATUS.search(line) for line in path.read_text(errors="replace").splitlines())
        return sum(1 for match in statuses if match and match.group(1).startswith("5"))
