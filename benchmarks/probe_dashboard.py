"""Dashboard probe: the Dashboard area opened, again and again in one process, with the time line of
each opening and the CPU it took.

    QT_QPA_PLATFORM=offscreen python benchmarks/probe_dashboard.py --db FILE_OR_URL [--opens 9] [--lang ko]

Each opening is the interaction "dashboard area opened" of `interactions.py` (the view built as the
main window builds it, shown at 1280×800, its lists in and painted), then the KPI tiles waited for
and the view closed. Printed for each opening, in milliseconds from its start: the view built
(`built`), each part of the lists read in its worker (`<part> read from … to …`,
`queries.LIST_PARTS`), delivered to the GUI thread and shown (`<part> shown`), and the whole page
painted (`painted`); then the process's CPU and the GUI thread's CPU over the same span. Last, the
median of `painted` without the first opening (which fills SQLAlchemy's and Qt's caches).

Interleave it with the same probe run from a checkout of another commit (its `hubdesk` first on
`PYTHONPATH`) to compare two versions on the same data: the opening's time on two shared cores moves
by ±30 ms from minute to minute.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="a SQLite file or a database URL")
    parser.add_argument("--opens", type=int, default=9)
    parser.add_argument("--lang", default="ko")
    args = parser.parse_args()

    from hubdesk.ui.app import create_application

    app = create_application(args.lang)
    from hubdesk.db.database import open_database
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.dashboard import queries
    from hubdesk.ui.dashboard import view as dashboard

    import interactions

    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, time.perf_counter())

    # the time line: each part's read (in its worker), its arrival and its lists shown, the view built
    read_part = queries.gather_part

    def timed_part(db, part, today, tz=None):
        mark(f"{part} read from")
        try:
            return read_part(db, part, today, tz)
        finally:
            mark(f"{part} read to")

    queries.gather_part = timed_part
    loaded = dashboard.DashboardView._loaded

    def timed_loaded(self, generation, part, data):
        loaded(self, generation, part, data)
        if part.startswith("lists:"):
            mark(f"{part.split(':', 1)[1]} shown")

    dashboard.DashboardView._loaded = timed_loaded
    build = dashboard.DashboardView.__init__

    def timed_build(self, *a, **k):
        build(self, *a, **k)
        mark("built")

    dashboard.DashboardView.__init__ = timed_build

    db = open_database(args.db)
    context = AppContext(db=db, user_name="bench")
    from hubdesk.ui.app import freeze_what_lives_now

    freeze_what_lives_now()      # as the app does once its database is open and its window shown
    painted = []
    try:
        for _ in range(args.opens):
            marks.clear()
            keep: list = []
            started, cpu, gui = time.perf_counter(), time.process_time(), time.thread_time()
            interactions.open_area(app, context, "dashboard", interactions.AREA_READY["dashboard"], keep)(None)
            mark("painted")
            cpu, gui = (time.process_time() - cpu) * 1000, (time.thread_time() - gui) * 1000
            interactions._dashboard_gathered(app, keep[-1])
            keep[-1].close()
            line = sorted(((at - started) * 1000, name) for name, at in marks.items())
            print("  ".join(f"{name} {ms:.0f}" for ms, name in line) + f"  | CPU {cpu:.0f}, GUI thread {gui:.0f}")
            painted.append((marks["painted"] - started) * 1000)
    finally:
        db.dispose()
    if len(painted) > 1:
        print(f"median painted (without the first): {statistics.median(painted[1:]):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
