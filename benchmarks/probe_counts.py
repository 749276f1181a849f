"""Statement counts probe: every interaction of `interactions.py`, its statements, transactions and
time, on a SQLite file or a PostgreSQL URL (through the latency proxy when run.py adds one).

    QT_QPA_PLATFORM=offscreen python benchmarks/probe_counts.py --db FILE_OR_URL [--repeat 3] [--report OUT.pdf]

One process is one run. Each interaction runs `--repeat` times; the count is the last run's (warm),
the time the median. Prints `PROBE_RESULT {"interactions": [...], ...}`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from harness import emit, load_average  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="a SQLite file or a database URL")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", type=Path, help="also count and time the quarterly report, written here")
    parser.add_argument("--interactions", nargs="+", metavar="WORD",
                        help="only the interactions whose name contains one of these words (e.g. programs)")
    args = parser.parse_args()

    from hubdesk.ui.app import create_application

    app = create_application("en")
    from hubdesk.db.database import open_database

    import interactions

    load = [load_average()]
    db = open_database(args.db)
    try:
        outcomes = interactions.run_interactions(
            db, app, repeat=args.repeat, report_out=args.report, only=args.interactions,
            on_result=lambda o: print(f"{o.name}: {o.statements} statements, {o.transactions} transactions, "
                                      f"{o.ms:,.1f} ms", file=sys.stderr, flush=True))
    finally:
        db.dispose()
    load.append(load_average())
    emit({"interactions": [asdict(o) | {"met": o.met} for o in outcomes], "load_average": load,
          "dialect": db.engine.dialect.name})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
