"""The bookings list on a database with 200,000 bookings opens without loading every row: the
id query is the only full pass, rows come in pages, and the timeline reads only its window."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

N = 200_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory, _migrated_sqlite_template):
    """Built once for the module (the tests only read it)."""
    import shutil

    from hubdesk.db.database import open_database
    from tests.ui.bulk import bulk_bookings

    path = tmp_path_factory.mktemp("big") / "bookings.db"
    shutil.copyfile(_migrated_sqlite_template, path)
    database = open_database(path)
    bulk_bookings(database, N)    # 20 suites, one-hour bookings every 2 hours from 2020-01-01
    yield database
    database.dispose()


def test_opening_and_scrolling_the_list_fetches_pages_only(qtbot, big_db):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.ui.bookings.table_model import BookingsTableModel
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext

    started = time.perf_counter()
    view = BookingsView(AppContext(db=big_db, user_name="Tester"))
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() == N, timeout=20000)   # large: the ids come from a worker
    qtbot.wait(20)
    opened = time.perf_counter() - started
    assert model.rowCount() == N
    assert model.stats["id_queries"] == 1
    assert model.stats["rows_fetched"] <= 2 * model.PAGE_SIZE          # only what is on screen
    assert opened < 10, f"opening took {opened:.1f} s"

    view.list.table.scrollToBottom()
    qtbot.wait(50)
    last = model.index(N - 1, BookingsTableModel.COL_STARTS).data()
    assert last.startswith("2020. 1. 1.") or "2020" in last                  # newest first: the oldest is last
    assert model.stats["rows_fetched"] <= 4 * model.PAGE_SIZE

    # sort and filter in SQL, still one id query each and pages only
    fetched = model.stats["rows_fetched"]
    view.list.table.sortByColumn(BookingsTableModel.COL_STATUS, Qt.SortOrder.AscendingOrder)
    view.status_filter.set_value(BookingStatus.CONFIRMED)
    qtbot.waitUntil(lambda: model.rowCount() == N // 5 and not model.is_loading, timeout=20000)
    assert model.stats["rows_fetched"] - fetched <= 4 * model.PAGE_SIZE
    assert {model.index(r, BookingsTableModel.COL_STATUS).data() for r in range(50)} == {"Confirmed"}


def test_timeline_reads_only_the_visible_week(qtbot, big_db):
    from hubdesk.ui.bookings.queries import load_resources, load_window
    from tests.factories import kst

    resources = load_resources(big_db)
    assert len(resources) == 20
    started = time.perf_counter()
    data = load_window(big_db, kst(2021, 6, 7), kst(2021, 6, 14), resources)
    took = time.perf_counter() - started
    # one booking every 2 hours per suite (one-hour each): 84 a week per suite, less cancelled/completed
    per_week = 7 * 12 * 20
    assert 0.5 * per_week <= len(data.bookings) <= per_week
    assert all(b.ends_at > kst(2021, 6, 7) and b.starts_at < kst(2021, 6, 14) for b in data.bookings)
    assert took < 2, f"loading a week took {took:.2f} s"


def test_the_list_paints_its_first_rows_before_the_full_pass_and_keeps_the_selection(qtbot, big_db):
    """The Bookings view on 200,000 bookings: the first rows (newest first) are there as soon as
    the view is built, the count says it is still loading, the organization filter is not filled
    yet; the full pass follows after the first paint and keeps the row the person selected."""
    from hubdesk.ui.bookings.table_model import BookingsTableModel
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.common.widgets import show_id

    view = BookingsView(AppContext(db=big_db, user_name="Tester"))
    qtbot.addWidget(view)
    model = view.model
    first = model.FIRST_ROWS
    assert model.is_partial and model.rowCount() == first < N
    assert model.stats["id_queries"] == 0 and view.list.count_label.text() == "Loading…"
    assert view.organization_filter.count() == 1                      # "All organizations" only
    with big_db.engine.connect() as conn:
        newest = conn.exec_driver_sql("SELECT id FROM booking ORDER BY starts_at DESC, id DESC LIMIT 1").scalar()
    assert model.id_at(0) == newest
    view.resize(1300, 800)
    view.show()
    qtbot.waitExposed(view)
    assert show_id(view.list.table, model, model.id_at(5))
    chosen = view.list.selected_id()

    qtbot.waitUntil(lambda: not model.is_loading, timeout=20000)
    assert model.rowCount() == N and not model.is_partial and model.stats["id_queries"] == 1
    assert view.list.selected_id() == chosen and view.list.table.currentIndex().row() == 5
    assert view.list.count_label.text() == f"{N} bookings"
    assert model.index(N - 1, BookingsTableModel.COL_STARTS).data()  # the last row is reachable

    view.organization_filter.showPopup()                             # the choices come when needed
    assert view.organization_filter.count() == 51
    view.organization_filter.hidePopup()


def test_a_filter_chosen_before_the_full_pass_shows_only_its_bookings(qtbot, big_db):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.ui.bookings.table_model import BookingsTableModel
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext

    view = BookingsView(AppContext(db=big_db, user_name="Tester"))
    qtbot.addWidget(view)
    model = view.model
    assert model.is_partial
    view.status_filter.set_value(BookingStatus.CANCELLED)            # while the full pass is pending
    qtbot.waitUntil(lambda: not model.is_loading, timeout=20000)
    qtbot.wait(300)                                                  # past DEFER_MS: nothing stale arrives
    assert model.rowCount() == N // 5 and not model.is_partial
    assert {model.index(r, BookingsTableModel.COL_STATUS).data() for r in (0, 1, N // 5 - 1)} == {"Cancelled"}
    assert model.stats["id_queries"] == 1
