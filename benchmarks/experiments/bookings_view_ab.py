"""The Bookings area opened, as `interactions.py` opens it (shown, first rows in, repainted), N times
after a warm-up in one process: the median wall and CPU time (user + system of the process), and
how long until the whole id list is in (the "Loading…" count). Give a source tree to compare two
commits in turn (an A/B: `git archive OLD | tar -x -C /tmp/old`, then alternate the two roots).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/experiments/bookings_view_ab.py ROOT DB N

ROOT: the source tree whose hubdesk is measured; DB: a SQLite file or a postgresql+psycopg URL
(through `latency_proxy.py` for an office network); N: openings measured. Used for the table
"The Bookings area on huge after h17area" in ../README.md.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    root, url, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.path[:0] = [root, os.path.join(root, "benchmarks")]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HUBDESK_LANG"] = "en"
    import hubdesk
    from hubdesk.ui.app import create_application

    assert hubdesk.__file__.startswith(root), hubdesk.__file__   # the tree asked for, not another
    app = create_application("en")
    from PySide6.QtWidgets import QTableView

    import interactions
    from hubdesk.db.database import open_database
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext

    context = AppContext(db=open_database(url, migrate_schema=False), user_name="bench")
    walls, cpus, whole = [], [], []
    for i in range(runs + 1):                       # the first is a warm-up
        started, cpu = time.perf_counter(), cpu_seconds()
        view = BookingsView(context)
        view.resize(1280, 800)
        view.show()
        table = view.findChild(QTableView, "bookingsTable")
        interactions._first_rows(app, table.model())
        table.viewport().repaint()
        app.processEvents()
        wall, used = (time.perf_counter() - started) * 1000, (cpu_seconds() - cpu) * 1000
        interactions._whole_list(app, table.model())
        if i:
            walls.append(wall)
            cpus.append(used)
            whole.append((time.perf_counter() - started) * 1000)
        view.close()
        view.deleteLater()
        app.processEvents()
    print(f"{root}: opened {statistics.median(walls):.0f} ms wall, {statistics.median(cpus):.0f} ms CPU; "
          f"whole id list in {statistics.median(whole):.0f} ms (runs: {[round(w) for w in walls]})")


if __name__ == "__main__":
    main()
