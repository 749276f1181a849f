"""Bookings on huge: time to the first page painted, the model as it is now (first rows first:
the first 10,000 ids from `ORDER BY … LIMIT`, the full id pass in a worker after the first paint)
against the behaviour before it was applied (a COUNT, then the whole id list in a worker, and
only then the first page).

Applied in commit 78a2df6 (`LazyTableModel.ensure_loaded`); kept to re-check the gain.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/experiments/first_page_first.py [DB]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import probe_lists as pl  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QTableView  # noqa: E402

from hubdesk.db.database import open_database  # noqa: E402
from hubdesk.ui.app import create_application  # noqa: E402
from hubdesk.ui.bookings.table_model import BookingsTableModel  # noqa: E402
from hubdesk.ui.common.widgets import configure_table_view  # noqa: E402


class WholeListFirst(BookingsTableModel):
    """The first load as it was before: COUNT, then the full id pass in a worker, nothing shown
    until it is in."""

    def ensure_loaded(self):
        from sqlalchemy import func, select

        if self._loaded or self.is_loading:
            return
        with self._db.engine.connect() as conn:
            conn.execute(select(func.count()).select_from(self.id_from_clause()).where(*self.where_clauses()))
        self._generation += 1
        self._run_in_background(self._generation)


def first_page_ms(app, db, cls) -> float:
    started = time.perf_counter()
    model = cls(db)
    table = QTableView()
    table.setModel(model)
    table.horizontalHeader().setSortIndicator(BookingsTableModel.COL_STARTS, Qt.SortOrder.DescendingOrder)
    configure_table_view(table)
    model.ensure_loaded()
    table.resize(1280, 800)
    table.show()
    if cls is WholeListFirst:
        pl.wait_loaded(app, model)
    pl.wait_first_rows(app, model)
    pl.paint(app, table)
    ms = (time.perf_counter() - started) * 1000
    first = model.id_at(0)
    while model.is_loading:
        pl.process_events_for(app, 0.005)
    assert model.id_at(0) == first and model.rowCount() > model.FIRST_ROWS
    table.close()
    return ms


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parent / "cache" / "huge.db")
    app = create_application("en")
    db = open_database(path)
    for _ in range(3):
        print(f"whole list first (before): {first_page_ms(app, db, WholeListFirst):6.0f} ms    "
              f"first rows first (now): {first_page_ms(app, db, BookingsTableModel):6.0f} ms")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
