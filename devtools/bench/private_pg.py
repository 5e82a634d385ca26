"""A throwaway PostgreSQL cluster for the fault script: its own data directory, a free port, trust auth.

The fault run restarts PostgreSQL mid-run; doing that to a shared server would cut everyone else's
connections, so the script brings its own cluster and removes it afterwards. initdb refuses to run
as root, so as root the cluster runs as the `postgres` system user (runuser).
"""

import glob
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from devtools.bench.server import free_port

SUPERUSER = DATABASE = "faults"


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl live: $PG_BINDIR, Debian's /usr/lib/postgresql/<newest>/bin, or the PATH."""
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(re.sub(r"\D", "", p) or 0))
    on_path = shutil.which("pg_ctl")
    for candidate in [os.environ.get("PG_BINDIR"), *reversed(debian), on_path and str(Path(on_path).parent)]:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


class PrivatePostgres:
    """initdb + pg_ctl start on 127.0.0.1:<free port>; restart(); remove() stops it and deletes everything."""

    def __init__(self, bindir: Path | None = None):
        self.bindir = bindir or postgres_bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BINDIR")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.data = self.dir / "data"
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.dir, "postgres", "postgres")
        self.url = f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def _pg(self, program: str, *args: str) -> None:
        result = subprocess.run(
            [*self.as_owner, str(self.bindir / program), *args], capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise RuntimeError(f"{program} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")

    def _ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._pg("pg_ctl", action, "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-o", options, *args)

    def start(self) -> None:
        self._pg("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale")
        self._ctl("start")
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, DATABASE)

    def restart(self) -> float:
        """Crash-like restart (`-m immediate`: no checkpoint, WAL replay on start); returns its seconds."""
        started = time.monotonic()
        self._ctl("restart", "-m", "immediate")
        return time.monotonic() - started

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
