"""A real PostgreSQL server for the tests and the benchmark: Debian's `postgresql` binaries,
a cluster in a temporary folder, listening on a free loopback port, stopped at the end.

Started as another user when the tests run as root (initdb and postgres refuse root), with
`setpriv`. Anything that stops it from starting raises `PostgresUnavailable` with the
reason and the log's last lines: the suite fails and says why; nothing is skipped.
(pytest-postgresql runs the binaries as the current user only, which root cannot be.)
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    found = shutil.which("pg_ctl")
    candidates = ([Path(found).resolve().parent] if found else []) + [
        Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for d in candidates:
        if (d / "initdb").exists() and (d / "postgres").exists():
            return d
    raise PostgresUnavailable("no PostgreSQL server binaries (initdb, postgres): install Debian's `postgresql` "
                              "package (`apt-get install postgresql`; .ci/run does it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """`with PostgresServer() as pg: pg.createdb("name")` -> a URL. The cluster lives in a new
    folder under the system's temporary folder (every parent must be open to the server's
    user), removed by `stop`."""

    def __init__(self) -> None:
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="factlint-pg-"))
        self.bindir = _bindir()
        self.port = _free_port()
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
            if self.user is None:
                raise PostgresUnavailable("running as root and no `postgres` or `nobody` user to run the server as")

    def _run(self, *argv: str, **kw) -> subprocess.CompletedProcess:
        cmd = list(argv)
        if self.user is not None:
            cmd = ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, **kw)

    def start(self) -> "PostgresServer":
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        r = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "factlint", "-A", "trust",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        if r.returncode:
            raise PostgresUnavailable(f"initdb failed: {(r.stderr or r.stdout).strip()[-800:]}")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB")
        r = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", opts,
                      "-w", "-t", "60", "start")
        if r.returncode:
            tail = self.log.read_text(errors="replace")[-800:] if self.log.exists() else ""
            raise PostgresUnavailable(f"the PostgreSQL server did not start: {r.stderr.strip()[-400:]}\n{tail}")
        return self

    def stop(self) -> None:
        if self.data.exists():
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://factlint@127.0.0.1:{self.port}/{dbname}"

    def createdb(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_for(predicate, timeout: float = 10.0, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
