"""Bookings on huge: time to the first page painted, the current model against a variant that
shows the first page's ids from `ORDER BY … LIMIT 200` at once and starts the full id pass only
after that paint (a zero-delay timer).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/experiments/first_page_first.py [DB]
"""

from __future__ import annotations

import os
import sys
import time
from array import array
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import probe_lists as pl  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QTableView  # noqa: E402

from hubdesk.db.database import open_database  # noqa: E402
from hubdesk.ui.app import create_application  # noqa: E402
from hubdesk.ui.bookings.table_model import BookingsTableModel  # noqa: E402
from hubdesk.ui.common.widgets import configure_table_view  # noqa: E402


class FirstPageFirst(BookingsTableModel):
    _first_shown = False

    def ensure_loaded(self):
        if self._loaded or self.is_loading or self._first_shown:
            return
        self._first_shown = True
        with self._db.engine.connect() as conn:
            first = array("q", (r[0] for r in conn.execute(self._id_statement().limit(self.PAGE_SIZE))))
        self._generation += 1
        self._apply_ids(self._generation, first)
        self._loaded = False
        QTimer.singleShot(0, self._reload_in_background)  # after the first page is painted


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
    if cls is BookingsTableModel:
        pl.wait_loaded(app, model)
    pl.paint(app, table)
    ms = (time.perf_counter() - started) * 1000
    first = model.id_at(0)
    pl.wait_loaded(app, model)
    assert model.id_at(0) == first and model.rowCount() > model.PAGE_SIZE
    table.close()
    return ms


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parent / "cache" / "huge.db")
    app = create_application("en")
    db = open_database(path)
    for _ in range(3):
        print(f"current model: {first_page_ms(app, db, BookingsTableModel):6.0f} ms    "
              f"first page first: {first_page_ms(app, db, FirstPageFirst):6.0f} ms")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
