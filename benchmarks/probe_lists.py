"""Lists probe: the Organizations and Bookings lists on a big database, offscreen, beside the raw
SQL that returns the same rows through `sqlite3` (on a PostgreSQL URL: plain psycopg, floor_db.py).

    QT_QPA_PLATFORM=offscreen python benchmarks/probe_lists.py --db FILE_OR_URL

One process is one run (the parent starts several). Measured, in milliseconds:

- `open_view_<list>`: construct the area's real view (`OrganizationsView` / `BookingsView`, as
  the main window does on the first visit), show it at 1280×800, wait until its model has rows
  to paint (the lazy models show their first rows at once and load the rest after the first
  paint) and paint the first page of rows (`viewport().repaint()` and the pending events).
- `first_page_<list>`: the same with the bare table model in a `QTableView`, sorted as the view
  sorts it: model created, first rows in, first page painted.
- `whole_list_<list>`: from the same start until the whole id list is in (the full pass in a
  worker after the first paint), the event loop running meanwhile.
- `rows_only_<list>`: the model alone, no view: created, sorted (first rows in), and the raw
  values of the first page's 200 rows fetched (`row_data`) — the same rows the raw query returns.
- `last_row_<list>`: then `scrollToBottom()` and paint (fetches the last page by id).
- `search_keystroke`: in the Organizations view, one more character typed (the search box's
  debounce flushed), the id query run again and the first page painted; the median over the
  successive prefixes of a few words.
- `raw_*`: `sqlite3` (psycopg on a server) on a fresh connection, the one query that returns those
  rows (ORDER BY … LIMIT page size; the last page as the reverse order), median of 5.
- `<figure>_statements`: the SQL statements the timed part sent (harness.StatementCount; for the
  search keystroke, the median over the keystrokes).
- `paint_floor_<list>`: Qt alone: a QTableView over a QStandardItemModel holding the same 200
  rows of shown text, created, shown and painted.
- `raw_all_ids_bookings`: the lazy model's one full pass done by hand with `sqlite3`: every
  booking id in display order as one JSON text, decoded into an array.
- `gc_before_<figure>`: a full garbage collection is run before each timed figure, and how long it
  took. A figure then holds only its own interaction's work, not a collection a previous step left
  owing: on PostgreSQL the Bookings view's full id pass (a million psycopg rows on huge) left one
  of 100–250 ms that fell in "Organizations model, first page painted" (168 ms against 60 ms on
  SQLite, stop 25). That collection is the app's cost all the same, paid by whatever the person
  does next: `gc_before_first_page_organizations` shows it.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import floor_db  # noqa: E402
from harness import StatementCount, emit, load_average, time_cpu_ms, time_ms  # noqa: E402

COUNTER: StatementCount | None = None   # made in main(), before the database is opened


def collect_ms() -> float:
    """A full garbage collection now (see `gc_before_<figure>`), in milliseconds."""
    started = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - started) * 1000


def counted(fn):
    """fn() and the statements it sent: (value, count)."""
    assert COUNTER is not None
    with COUNTER.span() as span:
        value = fn()
    return value, span.count

SEARCH_WORDS = ("메디텍", "Herb")

ORG_COLUMNS = "id, name, name_en, kind, sector, growth_stage, status, region, business_no, member_since"
BOOKING_ROWS = """
        SELECT b.id, b.starts_at, b.ends_at, b.resource_id, r.name, b.organization_id, o.name, b.status,
               b.purpose, b.campaign, b.fee_krw, b.units, b.created_at, f.timezone
        FROM booking b JOIN resource r ON r.id = b.resource_id JOIN facility f ON f.id = r.facility_id
             JOIN organization o ON o.id = b.organization_id"""
RAW = {
    "organizations_first": f"SELECT {ORG_COLUMNS} FROM organization ORDER BY name, id LIMIT ?",
    "organizations_last": f"SELECT {ORG_COLUMNS} FROM organization ORDER BY name DESC, id DESC LIMIT ?",
    "bookings_first": f"{BOOKING_ROWS} ORDER BY b.starts_at DESC, b.id DESC LIMIT ?",
    "bookings_last": f"{BOOKING_ROWS} ORDER BY b.starts_at ASC, b.id ASC LIMIT ?",
    "search": f"""
        SELECT {ORG_COLUMNS} FROM organization
        WHERE name LIKE :p ESCAPE '\\' OR name_en LIKE :p ESCAPE '\\' OR business_no LIKE :p ESCAPE '\\'
        ORDER BY name, id LIMIT :n""",
}


def raw_ms(path: str, sql: str, params, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        conn = floor_db.connect(path)
        try:
            ms, rows = time_ms(lambda: conn.execute(sql, params).fetchall())
        finally:
            conn.close()
        times.append(ms)
    return statistics.median(times)


def wait_loaded(app, model) -> None:
    """Until the whole id list is in (the model's full pass, in a worker on big lists)."""
    while model.is_loading:
        model.wait_loaded(0.05)
        app.processEvents()


def wait_first_rows(app, model) -> None:
    """Until the model has rows to paint: at once when it shows its first rows before the full
    pass (the lazy models' first load); a reload in a worker is waited for."""
    while model.is_loading and not model.is_partial:
        app.processEvents()
        time.sleep(0.002)


def process_events_for(app, seconds: float) -> None:
    """Let the event loop run as a person's session would (the full pass arrives meanwhile)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def paint(app, table) -> None:
    table.viewport().repaint()
    app.processEvents()


def measure_view(app, context, cls, table_name: str) -> tuple[float, float, object]:
    from PySide6.QtWidgets import QTableView

    def open_view():
        view = cls(context)
        view.resize(1280, 800)
        view.show()
        table = view.findChild(QTableView, table_name)
        wait_first_rows(app, table.model())
        paint(app, table)
        return view

    (ms, cpu, view), statements = counted(lambda: time_cpu_ms(open_view))
    wait_loaded(app, view.findChild(QTableView, table_name).model())   # not timed: the rest of the list
    return ms, cpu, view, statements


def measure_model(app, db, cls, sort_column: int, order) -> dict:
    from PySide6.QtWidgets import QTableView

    from hubdesk.ui.common.widgets import configure_table_view

    def first_page():
        model = cls(db)
        table = QTableView()
        table.setModel(model)
        table.horizontalHeader().setSortIndicator(sort_column, order)
        configure_table_view(table)  # enabling sorting sorts the model: the id query runs
        model.ensure_loaded()
        table.resize(1280, 800)
        table.show()
        wait_first_rows(app, model)
        paint(app, table)
        return model, table

    started = time.perf_counter()
    assert COUNTER is not None
    with COUNTER.span() as whole:
        (first_ms, first_cpu, (model, table)), first_count = counted(lambda: time_cpu_ms(first_page))
        while model.is_loading:           # the full pass, with the event loop running as in the app
            process_events_for(app, 0.005)
    whole_ms = (time.perf_counter() - started) * 1000
    (last_ms, _), last_count = counted(lambda: time_ms(lambda: (table.scrollToBottom(), paint(app, table))))
    result = {"first_page": first_ms, "first_page_cpu": first_cpu, "whole_list": whole_ms,
              "last_row": last_ms, "rows": model.rowCount(), "first_page_statements": first_count,
              "whole_list_statements": whole.count, "last_row_statements": last_count,
              "page_size": model.PAGE_SIZE, "page_queries": model.stats["page_queries"]}
    table.close()
    table.deleteLater()
    return result


def measure_rows(app, db, cls, sort_column: int, order) -> float:
    """The model without a view: created, sorted as the view sorts it (ids loaded), and the raw
    values of its first page's rows fetched (`row_data`), no formatting, no painting."""
    def rows():
        model = cls(db)
        model.sort(sort_column, order)
        wait_first_rows(app, model)
        return model, [model.row_data(r) for r in range(min(model.PAGE_SIZE, model.rowCount()))]

    (ms, (model, _rows)), statements = counted(lambda: time_ms(rows))
    wait_loaded(app, model)            # not timed: the rest of the list
    return ms, statements


def measure_paint_floor(app, texts: list[list[str]]) -> float:
    """A QTableView over a plain QStandardItemModel holding the same shown texts: created, shown
    and painted. What painting a page costs in Qt with no Python model behind it."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from hubdesk.ui.common.widgets import configure_table_view

    def show():
        model = QStandardItemModel(len(texts), len(texts[0]))
        for r, row in enumerate(texts):
            for c, text in enumerate(row):
                model.setItem(r, c, QStandardItem(text))
        table = QTableView()
        table.setModel(model)
        configure_table_view(table, sortable=False)
        table.resize(1280, 800)
        table.show()
        paint(app, table)
        return table

    (ms, table), statements = counted(lambda: time_ms(show))
    table.close()
    return ms, statements


def first_page_texts(db, cls) -> list[list[str]]:
    model = cls(db)
    model.reload()
    return [[model.data(model.index(r, c)) or "" for c in range(model.columnCount())]
            for r in range(min(model.PAGE_SIZE, model.rowCount()))]


def raw_all_ids_ms(path: str, sql: str) -> float:
    """The lazy model's one full pass done by hand: every id in order as one JSON text, decoded
    into an array('q')."""
    import json
    from array import array

    conn = floor_db.connect(path)
    as_json = ("SELECT coalesce(json_agg(id), '[]')::text FROM ({sql}) AS ids" if floor_db.is_url(path)
               else "SELECT json_group_array(id) FROM ({sql})")
    try:
        def run():
            ids = array("q")
            ids.extend(json.loads(conn.execute(as_json.format(sql=sql)).fetchone()[0]))
            return ids

        return time_ms(run)[0]
    finally:
        conn.close()


def measure_search(app, context) -> dict:
    from hubdesk.ui.organizations.view import OrganizationsView

    view = OrganizationsView(context)
    view.resize(1280, 800)
    view.show()
    wait_loaded(app, view.model)
    paint(app, view.table)
    times, cpus, found, counts = [], [], [], []
    for word in SEARCH_WORDS:
        for n in range(1, len(word) + 1):
            view.search_edit.setText(word[:n])

            def keystroke():
                view.search_edit.flush()
                wait_loaded(app, view.model)
                paint(app, view.table)

            (ms, cpu, _), count = counted(lambda: time_cpu_ms(keystroke))
            counts.append(count)
            times.append(ms)
            cpus.append(cpu)
            found.append(view.model.rowCount())
        view.search_edit.setText("")
        view.search_edit.flush()
        wait_loaded(app, view.model)
    view.close()
    return {"keystrokes": times, "cpu": cpus, "found": found, "statements": counts}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from hubdesk.ui.app import create_application

    global COUNTER
    app: QApplication = create_application("en")
    COUNTER = StatementCount()
    from hubdesk.db.database import open_database
    from hubdesk.ui.bookings.table_model import BookingsTableModel
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel
    from hubdesk.ui.organizations.view import OrganizationsView

    db = open_database(args.db)
    context = AppContext(db=db, user_name="bench")
    load = [load_average()]
    out: dict = {}
    page = OrganizationsTableModel.PAGE_SIZE

    out["gc_before_open_view_organizations"] = collect_ms()
    (out["open_view_organizations"], out["open_view_organizations_cpu"], view,
     out["open_view_organizations_statements"]) = measure_view(app, context, OrganizationsView, "organizationsTable")
    view.close()
    out["gc_before_open_view_bookings"] = collect_ms()
    (out["open_view_bookings"], out["open_view_bookings_cpu"], view,
     out["open_view_bookings_statements"]) = measure_view(app, context, BookingsView, "bookingsTable")
    view.close()
    out["gc_before_first_page_organizations"] = collect_ms()
    orgs = measure_model(app, db, OrganizationsTableModel, OrganizationsTableModel.COL_NAME,
                         Qt.SortOrder.AscendingOrder)
    out["gc_before_first_page_bookings"] = collect_ms()
    bookings = measure_model(app, db, BookingsTableModel, BookingsTableModel.COL_STARTS,
                             Qt.SortOrder.DescendingOrder)
    out["gc_before_rows_only_organizations"] = collect_ms()
    out["rows_only_organizations"], out["rows_only_organizations_statements"] = measure_rows(
        app, db, OrganizationsTableModel, OrganizationsTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    out["gc_before_rows_only_bookings"] = collect_ms()
    out["rows_only_bookings"], out["rows_only_bookings_statements"] = measure_rows(
        app, db, BookingsTableModel, BookingsTableModel.COL_STARTS, Qt.SortOrder.DescendingOrder)
    for name, figures in (("organizations", orgs), ("bookings", bookings)):
        out[f"first_page_{name}"] = figures["first_page"]
        out[f"first_page_{name}_cpu"] = figures["first_page_cpu"]
        out[f"last_row_{name}"] = figures["last_row"]
        out[f"whole_list_{name}"] = figures["whole_list"]
        out[f"rows_{name}"] = figures["rows"]
        for figure in ("first_page", "last_row", "whole_list"):
            out[f"{figure}_{name}_statements"] = figures[f"{figure}_statements"]
    out["gc_before_search_keystroke"] = collect_ms()
    search = measure_search(app, context)
    out["search_keystroke"] = statistics.median(search["keystrokes"])
    out["search_keystrokes"] = search["keystrokes"]
    out["search_keystroke_cpu"] = statistics.median(search["cpu"])
    out["search_found"] = search["found"]
    out["search_keystroke_statements"] = statistics.median_low(search["statements"])
    out["search_keystrokes_statements"] = search["statements"]

    out["raw_first_organizations"] = raw_ms(args.db, RAW["organizations_first"], (page,))
    out["raw_last_organizations"] = raw_ms(args.db, RAW["organizations_last"], (page,))
    out["raw_first_bookings"] = raw_ms(args.db, RAW["bookings_first"], (page,))
    out["raw_last_bookings"] = raw_ms(args.db, RAW["bookings_last"], (page,))
    out["paint_floor_organizations"], out["paint_floor_organizations_statements"] = measure_paint_floor(
        app, first_page_texts(db, OrganizationsTableModel))
    out["paint_floor_bookings"], out["paint_floor_bookings_statements"] = measure_paint_floor(
        app, first_page_texts(db, BookingsTableModel))
    out["raw_all_ids_bookings"] = raw_all_ids_ms(
        args.db, "SELECT id FROM booking ORDER BY starts_at DESC, id DESC")
    raw_search = []
    for word in SEARCH_WORDS:
        for n in range(1, len(word) + 1):
            raw_search.append(raw_ms(args.db, RAW["search"], {"p": f"%{word[:n]}%", "n": page}, repeat=3))
    out["raw_search"] = statistics.median(raw_search)
    load.append(load_average())
    out["load_average"] = load
    db.dispose()
    emit(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
