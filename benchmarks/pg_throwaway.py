"""A throw-away PostgreSQL server for several benchmark runs (started like the tests' one,
tests/pgserver.py): prints `URL <admin url>`, serves until it gets SIGTERM or Ctrl-C, then stops
and removes the cluster. Give the URL to several `run.py --db-url …` runs (with and without
`--added-latency-ms`): the demo data is generated in it once.

    python benchmarks/pg_throwaway.py &
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pgserver import PgServer, find_bindir  # noqa: E402


def main() -> int:
    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL's server is not installed here (no initdb): install postgresql.", file=sys.stderr)
        return 1
    server = PgServer(bindir)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        print(f"URL {server.start()}", flush=True)
        while not stop.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
