"""A throw-away PostgreSQL server for one test session, started from the server binaries installed
on the machine (tests/conftest.py starts it when HUBDESK_TEST_PG_URL is not given).

The cluster lives in a new temporary folder, listens on 127.0.0.1 on a free port with its unix
socket in the data folder, runs with fsync=off and max_connections=200 (two xdist workers each open
a few connections per test), and is stopped and removed at the end. initdb and pg_ctl refuse to
run as root, so under root they run as the unprivileged `postgres` user (runuser, or su); any other
user runs them as itself.

Why not pytest-postgresql: its postgresql_proc runs `pg_ctl initdb` as the current user, which
fails as root ("pg_ctl: cannot be run as root"; dbfixtures/pytest-postgresql#341 and #455 were
closed without an option to run as another user), and its process fixture lives in each xdist
worker, so `-n 2` would start two servers. One server started by the controller process, whose
URL the workers inherit through the environment, needs neither.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "postgres"
SUPERUSER = "postgres"
LIB_GLOB = "/usr/lib/postgresql/*/bin"
NEEDED = ("initdb", "pg_ctl", "postgres")


class PgServerError(RuntimeError):
    """The server binaries are there but the server did not start; the message holds its log."""


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path))


def _complete(bindir: Path) -> bool:
    return all(os.access(bindir / name, os.X_OK) for name in NEEDED)


def find_bindir(lib_glob: str = LIB_GLOB, path: str | None = None,
                pg_config: str | None = "pg_config") -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: the newest /usr/lib/postgresql/*/bin
    (Debian, Ubuntu), else `pg_config --bindir`, else the folder of the initdb found on PATH
    (symbolic links followed). None when PostgreSQL's server is not installed."""
    for candidate in sorted(glob.glob(lib_glob), key=_version_key, reverse=True):
        if _complete(Path(candidate)):
            return Path(candidate)
    config = shutil.which(pg_config, path=path) if pg_config else None
    if config:
        try:
            out = subprocess.run([config, "--bindir"], capture_output=True, text=True, timeout=30,
                                 check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and _complete(Path(out)):
            return Path(out)
    initdb = shutil.which("initdb", path=path)
    if initdb and _complete(Path(initdb).resolve().parent):
        return Path(initdb).resolve().parent
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """One throw-away cluster: `start()`, then `url`, then `stop()` (which also removes it)."""

    def __init__(self, bindir: Path):
        self.bindir = Path(bindir)
        self.as_root = os.geteuid() == 0
        self.folder: Path | None = None
        self.port: int | None = None
        self.settings = ""      # more server settings (`-c name=value …`) for a subclass

    @property
    def data(self) -> Path:
        assert self.folder is not None
        return self.folder / "data"

    @property
    def log(self) -> Path:
        assert self.folder is not None
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def _command(self, args: list[str]) -> list[str]:
        if not self.as_root:
            return args
        if shutil.which("runuser"):
            return ["runuser", "-u", SERVER_USER, "--", *args]
        return ["su", SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(args)]

    def _run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(self._command(args), cwd=self.folder, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)

    def _fail(self, what: str, result: subprocess.CompletedProcess | None = None) -> PgServerError:
        parts = [f"{what} (PostgreSQL binaries in {self.bindir}, data in {self.data})."]
        if result is not None:
            parts.append(f"$ {shlex.join(result.args)}\n{result.stdout}{result.stderr}".rstrip())
        if self.log.exists():
            parts.append(f"--- {self.log} ---\n{self.log.read_text(errors='replace')}".rstrip())
        parts.append("Fix the installation, or set HUBDESK_TEST_PG_URL to a server the tests may "
                     "create databases on.")
        return PgServerError("\n".join(parts))

    def start(self) -> str:
        """initdb a new cluster and start it; the admin URL. PgServerError (with the log) on failure."""
        owner = None
        if self.as_root:
            try:
                owner = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise PgServerError(
                    f"The tests run as root, PostgreSQL refuses to run as root, and there is no "
                    f"{SERVER_USER!r} user to run it as: create that user (the postgresql package "
                    f"does) or set HUBDESK_TEST_PG_URL.") from None
        # Under root, /tmp rather than a TMPDIR the postgres user might not be allowed into.
        self.folder = Path(tempfile.mkdtemp(prefix="hubdesk-test-pg-", dir="/tmp" if self.as_root else None))
        if owner is not None:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _start(self) -> None:
        self._initdb()
        self._launch(wait_seconds=60)

    def _initdb(self) -> None:
        """Make the cluster in the data folder."""
        result = self._run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        if result.returncode != 0:
            raise self._fail("initdb failed", result)

    def _launch(self, wait_seconds: int) -> None:
        """Start the cluster's server on 127.0.0.1 on a free port (the port in `self.port`)."""
        for _attempt in range(3):  # another process may take the free port before the server does
            self.port = free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                       f"-c unix_socket_directories={shlex.quote(str(self.data))} "
                       f"-c fsync=off -c max_connections=200 {self.settings}").strip()
            result = self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                                "-w", "-t", str(wait_seconds), "-o", options, "start"])
            if result.returncode == 0:
                return
            if "Address already in use" not in (self.log.read_text(errors="replace") if self.log.exists() else ""):
                break
        raise self._fail("PostgreSQL did not start", result)

    def stop(self) -> None:
        """Stop the server if it runs and remove its folder; safe to call more than once."""
        if self.folder is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop"])
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
