"""A PostgreSQL server whose cluster is kept between benchmark runs: `run.py --db-url local`.

The cluster lives in `benchmarks/cache/pg/` (git-ignored): made with initdb on the first run,
started before each run and stopped after it (not removed), so the demo data generated in it — one
database per size, `hubdesk_bench_<size>` (datasets.pg_demo_database: reused while its schema
revision is the current one, generated again otherwise) — is generated once (`huge` took 564 s).
`HUBDESK_BENCH_PG_DIR` names another folder for it (a cluster another checkout made: move it,
or point at it). Started like the tests' throw-away server
(tests/pgserver.py: the installed binaries, 127.0.0.1 on a free port, fsync off, run as the
`postgres` user under root), with pg_prewarm's autoprewarm: the buffers cached when it stops are
read again when it starts. A server left running by an interrupted run is reused and stopped.

    python benchmarks/pg_local.py           # start it (or find it running) and print `URL <admin url>`
    python benchmarks/pg_local.py --stop    # stop it
"""

from __future__ import annotations

import argparse
import os
import pwd
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from harness import HERE  # noqa: E402
from tests.pgserver import SERVER_USER, PgServer, find_bindir  # noqa: E402


# HUBDESK_BENCH_PG_DIR: a cluster kept elsewhere (e.g. one another checkout generated)
FOLDER = Path(os.environ.get("HUBDESK_BENCH_PG_DIR") or HERE / "cache" / "pg")


class CachedPgServer(PgServer):
    """A PgServer whose folder is given and kept: `start()` makes the cluster when it is missing,
    `stop()` stops the server and leaves the cluster."""

    def __init__(self, bindir: Path, folder: Path):
        super().__init__(bindir)
        self.kept = folder
        # the buffers in use when it stops are read again when it starts (pg_prewarm's autoprewarm):
        # an office server runs for weeks with what its desktops read in its cache, where this one is
        # stopped after every run and started cold before the next (the Dashboard's opening on huge
        # measured 20-40 ms slower in the first minutes after a start)
        self.settings = "-c shared_preload_libraries=pg_prewarm"

    def start(self) -> str:
        self.folder = self.kept
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            owner = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        running = self._running_port()
        if running is not None:
            print(f"[server] reusing the PostgreSQL server already running on {self.kept} (port {running})",
                  flush=True)
            self.port = running
            return self.url
        if not (self.data / "PG_VERSION").exists():
            print(f"[server] creating a PostgreSQL cluster in {self.data} (kept for later runs)", flush=True)
            self._initdb()
        self._launch(wait_seconds=120)   # a large cluster may take a while to recover after a kill
        return self.url

    def _running_port(self) -> int | None:
        pid_file = self.data / "postmaster.pid"
        if not pid_file.exists():
            return None
        status = self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"])
        if status.returncode != 0:
            return None
        lines = pid_file.read_text().splitlines()
        return int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None

    def stop(self) -> None:
        if self.folder is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "120", "stop"])
        self.folder = None


def start(folder: Path = FOLDER) -> tuple[CachedPgServer, str]:
    """The kept server, started: (server, admin URL)."""
    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL's server is not installed here (no initdb): install postgresql, "
                         "or give --db-url the URL of a server")
    server = CachedPgServer(bindir, folder)
    return server, server.start()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stop", action="store_true", help="stop the kept server")
    args = parser.parse_args()
    server, url = start()
    if args.stop:
        server.stop()
        print("stopped")
    else:
        print(f"URL {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
