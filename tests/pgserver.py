"""A throwaway PostgreSQL cluster for the database-source tests (import the ``postgres`` fixture).

The cluster is made with Debian's ``postgresql`` server binaries (``/usr/lib/postgresql/<v>/bin``:
``initdb``, ``pg_ctl``; ``make setup`` and ``.ci/run`` install the package when absent) in a fresh
temporary folder, listens on 127.0.0.1 on a free port (its socket in that folder, never the
system's), requires a password (scram-sha-256), and is ALWAYS stopped and removed at the end of
the session, whatever the tests did. As root the server runs as the ``postgres`` user (PostgreSQL
refuses to run as root). Without the binaries the tests skip naming what is missing, except
under ``CI=true``, where they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "boardpack"
PASSWORD = "S3cret-pw_for-tests"


@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        pw = self.password if password is None else password
        return f"postgresql+psycopg://{self.user}:{pw}@{self.host}:{self.port}/{database}"


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres():
    """A running PostgreSQL server (:class:`Server`); stopped and deleted after the session."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        message = "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    as_user: list[str] = []
    root = tempfile.mkdtemp(prefix="boardpack-pg-")
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    os.chmod(root, 0o700)
    data, log, pwfile = Path(root) / "data", Path(root) / "server.log", Path(root) / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if as_user:
        shutil.chown(pwfile, "postgres", "postgres")
    port = _free_port()
    started = False

    def run(*args):
        return subprocess.run(as_user + [str(a) for a in args], capture_output=True, text=True, timeout=120, cwd=root)

    try:
        done = run(
            bin_dir / "initdb", "-D", data, "-U", USER, "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8",
            "--locale", "C",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        done = run(bin_dir / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start")
        started = done.returncode == 0
        assert started, done.stderr + (log.read_text() if log.exists() else "")
        yield Server("127.0.0.1", port, USER, PASSWORD)
    finally:
        if started:
            done = run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
            if done.returncode != 0:  # last resort: the postmaster's own pid, never a broad kill
                pid_file = data / "postmaster.pid"
                if pid_file.exists():
                    subprocess.run(["kill", "-9", pid_file.read_text().split()[0]], check=False)
        shutil.rmtree(root, ignore_errors=True)
