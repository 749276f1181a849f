"""The lazy table model on a large database: ids only, pages on demand, sorting and filtering in SQL."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from tests.ui.bulk import bulk_bookings, bulk_organizations

N_ORGS = 200_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    from hubdesk.db.database import open_database

    path = tmp_path_factory.mktemp("big") / "big.db"
    db = open_database(path)
    bulk_organizations(db, N_ORGS)
    yield db
    db.dispose()


def _bookings_model(db):
    from hubdesk.db.schema import Booking, Organization, Resource
    from hubdesk.i18n import N_
    from hubdesk.ui.common.lazy_table_model import LazyColumn, LazyTableModel

    b, r, o = Booking.__table__, Resource.__table__, Organization.__table__

    class BookingsTableModel(LazyTableModel):
        COL_START, COL_RESOURCE, COL_ORGANIZATION, COL_STATUS = range(4)
        columns = (LazyColumn("starts_at", N_("Starts"), b.c.starts_at),
                   LazyColumn("resource", N_("Resource"), r.c.name),
                   LazyColumn("organization", N_("Organization"), o.c.name),
                   LazyColumn("status", N_("Status"), b.c.status))

        def from_clause(self):
            return b.join(r, r.c.id == b.c.resource_id).join(o, o.c.id == b.c.organization_id)

        def id_column(self):
            return b.c.id

        def row_columns(self):
            return [b.c.id, b.c.starts_at, r.c.name.label("resource"), o.c.name.label("organization"), b.c.status]

        def default_order(self):
            return [b.c.starts_at]

    return BookingsTableModel(db)


def test_opening_and_scrolling_to_the_end_fetches_only_what_is_shown(qtbot, big_db):
    from PySide6.QtWidgets import QTableView

    from hubdesk.ui.common.widgets import configure_table_view
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    started = time.perf_counter()
    model = OrganizationsTableModel(big_db)
    model.reload()                                 # on this thread, to time it
    opened = time.perf_counter() - started
    assert model.rowCount() == N_ORGS
    assert model.stats == {"id_queries": 1, "page_queries": 0, "rows_fetched": 0}

    view = QTableView()
    qtbot.addWidget(view)
    configure_table_view(view, sortable=False)
    view.setModel(model)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    assert model.stats["page_queries"] == 1          # the first screenful
    started = time.perf_counter()
    view.scrollToBottom()
    qtbot.wait(20)
    last = model.index(N_ORGS - 1, OrganizationsTableModel.COL_NAME).data()
    to_end = time.perf_counter() - started
    assert last == f"Org {N_ORGS - 1:07d}"
    assert model.stats["page_queries"] <= 3
    assert model.stats["rows_fetched"] <= 3 * model.PAGE_SIZE
    assert model.stats["id_queries"] == 1
    print(f"\n200k organizations: opened in {opened * 1000:.0f} ms, end reached in {to_end * 1000:.0f} ms, "
          f"{model.stats['rows_fetched']} rows fetched")
    assert opened < 5.0


def test_sort_and_filter_happen_in_sql_and_agree_with_a_plain_query(big_db):
    from sqlalchemy import text

    from hubdesk.db.enums import OrgKind
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(big_db)
    model.ASYNC_ROWS = 10**9                      # here: every reload on this thread
    model.sort(OrganizationsTableModel.COL_REGION, Qt.SortOrder.DescendingOrder)
    assert model.is_partial and model.rowCount() == model.FIRST_ROWS   # the first rows at once
    model.set_filter("kind", OrgKind.UNIVERSITY)  # while partial: a worker, superseding the pending pass
    assert model.wait_loaded() and not model.is_partial
    with big_db.engine.connect() as conn:
        expected = [r[0] for r in conn.execute(text(
            "SELECT id FROM organization WHERE kind = 'university' ORDER BY region DESC, id DESC"))]
    assert list(model.ids()) == expected
    model.set_search("Org 00001")
    assert model.rowCount() == len([i for i in range(N_ORGS) if f"{i:07d}".startswith("00001") and i % 6 == 1])
    assert model.stats["rows_fetched"] == 0  # nothing shown, nothing fetched


def _first_ids(db, n: int, order: str = "name, id") -> list[int]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text(f"SELECT id FROM organization ORDER BY {order} LIMIT {n}"))]


def test_the_first_rows_show_at_once_and_the_rest_is_appended_after_the_first_paint(qtbot, big_db):
    """The first load shows the first FIRST_ROWS ids from a LIMIT query; the full pass runs only
    once the event loop turns (after the first paint), in a worker, and its rows are appended
    with rowsInserted: the current row, the selection and the rows shown stay as they were."""
    from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex
    from PySide6.QtWidgets import QTableView

    from hubdesk.ui.common.widgets import configure_table_view, current_id
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(big_db)
    states, resets, inserted = [], [], []
    model.loading_changed.connect(states.append)
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(OrganizationsTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    configure_table_view(view)                   # sorting on: the first load runs here

    first = model.FIRST_ROWS
    assert model.rowCount() == first and model.is_partial and model.is_loading
    assert list(model.ids()) == _first_ids(big_db, first)
    assert model.stats["id_queries"] == 0 and resets == [first] and states == [True]
    assert model.index(0, 0).data() == "Org 0000000"       # the first page is there to paint
    view.selectionModel().setCurrentIndex(model.index(7, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    kept = QPersistentModelIndex(model.index(first - 1, 1))

    qtbot.waitUntil(lambda: not model.is_loading, timeout=20000)
    assert model.rowCount() == N_ORGS and not model.is_partial
    assert inserted == [(first, N_ORGS - 1)] and resets == [first] and states == [True, False]
    assert list(model.ids()[:first]) == _first_ids(big_db, first)
    assert model.index(N_ORGS - 1, 0).data() == f"Org {N_ORGS - 1:07d}"
    assert current_id(view, model) == model.id_at(7) and view.selectionModel().isRowSelected(7)
    assert kept.isValid() and kept.row() == first - 1
    assert model.stats["id_queries"] == 1 and model.stats["page_queries"] == 2   # first page, last page


def test_a_filter_change_while_the_full_pass_is_pending_shows_only_the_new_results(qtbot, big_db):
    """Before the deferred pass starts, and while it runs: the newer request wins, the stale pass
    never overwrites it."""
    from PySide6.QtCore import QThreadPool

    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    for when in ("pending", "running"):
        model = OrganizationsTableModel(big_db)
        states = []
        model.loading_changed.connect(states.append)
        model.ensure_loaded()
        assert model.is_partial
        if when == "running":
            qtbot.waitUntil(lambda: model._worker is not None, timeout=5000)   # the timer has fired
        model.set_search("Org 000000")
        assert model.is_loading
        qtbot.waitUntil(lambda: not model.is_loading, timeout=20000)
        assert QThreadPool.globalInstance().waitForDone(20000)
        qtbot.wait(50)                           # any stale result would be delivered by now
        assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
            f"Org {i:07d}" for i in range(10)], when
        assert not model.is_partial and states == [True, False], when
        assert model.stats["id_queries"] == 1, when   # the superseded pass was not applied


def test_a_sort_change_while_partial_and_a_superseded_search_apply_only_the_newest(qtbot, big_db):
    """From ASYNC_ROWS rows on (or while partial), the id query runs in a worker: the old rows stay
    until the new ids arrive, the event loop keeps running, and only the newest request is applied."""
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(big_db)
    model.ensure_loaded()
    model.sort(OrganizationsTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)   # before the rest came
    assert model.is_loading and model.rowCount() == model.FIRST_ROWS            # the first rows stay
    with qtbot.waitSignal(model.modelReset, timeout=20000):
        pass
    assert model.rowCount() == N_ORGS and model.index(0, 0).data() == f"Org {N_ORGS - 1:07d}"
    with qtbot.waitSignal(model.modelReset, timeout=20000):
        model.set_search("Org 000000")               # superseded before it is applied
        model.sort(OrganizationsTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        assert model.is_loading and model.rowCount() == N_ORGS   # old rows still shown
    model.wait_loaded()
    qtbot.wait(50)
    assert model.rowCount() == 10 and model.index(0, 0).data() == "Org 0000000"
    assert model.stats["id_queries"] == 2            # the superseded results were dropped


def test_what_needs_the_whole_list_completes_it_at_once(qtbot, small_db):
    """While only the first rows are known, `wait_loaded()`, `row_of_id()` of an id further down
    and `iter_rows()` (export) work on the whole list, with the shown filter and order."""
    from hubdesk.db.enums import OrgKind
    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    with small_db.write() as s:
        s.add_all([Organization(name=f"Extra {i:03d}", kind=OrgKind.COMPANY) for i in range(450)])
    expected = _first_ids(small_db, 1000, "name DESC, id DESC")

    def partial_model():
        model = OrganizationsTableModel(small_db)
        model.FIRST_ROWS = 200
        model.sort(OrganizationsTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
        assert model.is_partial and model.rowCount() == 200
        return model

    model = partial_model()
    assert list(model.ids()) == expected[:200]
    assert [r["id"] for r in model.iter_rows(batch=64)] == expected    # export: every row, in order
    assert model.is_partial                                             # (from a worker: no model change)
    assert model.wait_loaded() and list(model.ids()) == expected and not model.is_loading

    model = partial_model()
    assert model.row_of_id(expected[3]) == 3 and model.is_partial      # among the first rows
    assert model.row_of_id(expected[-1]) == len(expected) - 1 and not model.is_partial
    assert model.row_of_id(-5) == -1
    qtbot.wait(20)                                # the timer of the completed pass does nothing
    assert model.rowCount() == len(expected) and model.stats["id_queries"] == 1


def test_the_list_is_reset_when_the_data_changed_before_the_rest_arrived(qtbot, small_db):
    from hubdesk.db.enums import OrgKind
    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    with small_db.write() as s:
        s.add_all([Organization(name=f"Extra {i:03d}", kind=OrgKind.COMPANY) for i in range(450)])
    model = OrganizationsTableModel(small_db)
    model.FIRST_ROWS = 200
    model.sort(OrganizationsTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
    with small_db.write() as s:
        s.add(Organization(name="AAA first now", kind=OrgKind.COMPANY))
    with qtbot.waitSignal(model.modelReset, timeout=20000):
        pass
    assert model.index(0, 0).data() == "AAA first now" and model.rowCount() == 456
    assert not model.is_partial and not model.is_loading


def test_pages_are_an_lru_and_rows_come_back_by_id(big_db):
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(big_db)
    model.ASYNC_ROWS = 10**9
    model.MAX_PAGES = 4
    model.reload()
    for page in range(10):
        model.index(page * model.PAGE_SIZE, 0).data()
    assert model.cached_pages == 4
    assert model.stats["page_queries"] == 10
    model.index(9 * model.PAGE_SIZE + 5, 0).data()   # still cached
    assert model.stats["page_queries"] == 10
    row = model.row_of_id(model.id_at(12345))
    assert row == 12345


def test_lazy_models_pass_the_model_tester(qtbot, qtmodeltester, small_db, request):
    from pytestqt.modeltest import ModelTester

    from hubdesk.db.enums import OrgKind
    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(small_db)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    bookings = _bookings_model(small_db)
    bookings.reload()
    assert bookings.rowCount() == 3
    qtmodeltester.check(bookings, force_py=True)

    # first rows first: a tester checks the first rows, then watches the rest being appended
    # (its signal checks), and a fresh one checks the whole list
    with small_db.write() as s:
        s.add_all([Organization(name=f"Extra {i:03d}", kind=OrgKind.COMPANY) for i in range(450)])
    partial = OrganizationsTableModel(small_db)
    partial.FIRST_ROWS = 200
    partial.ensure_loaded()
    assert partial.is_partial and partial.rowCount() == 200
    watcher = ModelTester(request.config)
    watcher.check(partial, force_py=True)
    with qtbot.waitSignal(partial.rowsInserted, timeout=20000):
        pass
    assert partial.rowCount() == 455 and not partial.is_partial
    ModelTester(request.config).check(partial, force_py=True)


def test_a_large_joined_table_is_not_loaded_to_open_it(tmp_path):
    """Bookings: 200k rows through a join; the id list comes back in start order, and the last page
    is fetched alone."""
    from sqlalchemy import text

    from hubdesk.db.database import open_database

    db = open_database(tmp_path / "bookings.db")
    try:
        bulk_bookings(db, 200_000)
        model = _bookings_model(db)
        started = time.perf_counter()
        model.reload()
        opened = time.perf_counter() - started
        assert model.rowCount() == 200_000
        last_row = model.rowCount() - 1
        started = time.perf_counter()
        value = model.index(last_row, 1).data()
        last_page = time.perf_counter() - started
        assert value.startswith("Suite ")
        assert model.stats == {"id_queries": 1, "page_queries": 1, "rows_fetched": model.PAGE_SIZE}
        with db.engine.connect() as conn:
            tail = [r[0] for r in conn.execute(text(
                "SELECT id FROM booking ORDER BY starts_at DESC, id DESC LIMIT 5"))]
        assert list(reversed(model.ids()[-5:])) == tail
        print(f"\n200k bookings: opened in {opened * 1000:.0f} ms, last page in {last_page * 1000:.1f} ms")
    finally:
        db.dispose()


def test_the_same_model_works_on_postgresql_and_sqlite(any_db):
    """On PostgreSQL the ids come back as one comma-separated text (string_agg), on SQLite as one
    JSON array; search, filters and sort behave alike, and no match is an empty list."""
    from hubdesk.db.enums import OrgKind
    from hubdesk.db.enums import OrgKind
    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    with any_db.write() as s:
        s.add_all([Organization(name=f"Herb {i:03d}_x%", kind=OrgKind.COMPANY if i % 2 else OrgKind.UNIVERSITY,
                                region="Jecheon" if i % 3 else "Osong") for i in range(450)])
    model = OrganizationsTableModel(any_db)
    model.sort(OrganizationsTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 450
    assert model.index(0, 0).data() == "Herb 449_x%"
    assert model.index(449, 0).data() == "Herb 000_x%"
    model.set_filter("kind", OrgKind.UNIVERSITY)
    model.set_filter("region", "Osong")
    assert model.rowCount() == len([i for i in range(450) if i % 2 == 0 and i % 3 == 0])
    model.set_search("_x%")                     # LIKE wildcards are searched for literally
    assert model.rowCount() == 75
    model.set_filter("kind", None)
    model.set_filter("region", None)
    model.set_search("1_x")
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(names) == 45 and names[0] == "Herb 441_x%" and all("1_x" in n for n in names)
    assert model.stats["id_queries"] == 7
    model.set_search("no such name")
    assert model.rowCount() == 0


def test_first_rows_first_on_postgresql_and_sqlite(qtbot, any_db):
    """The LIMIT query and the deferred full pass behave alike on both databases (PostgreSQL
    returns the ids as one comma-separated text, SQLite as one JSON text, decoded in slices)."""
    from hubdesk.db.enums import OrgKind
    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    with any_db.write() as s:
        s.add_all([Organization(name=f"Herb {i:03d}", kind=OrgKind.COMPANY) for i in range(450)])
    model = OrganizationsTableModel(any_db)
    model.FIRST_ROWS = 200
    model.sort(OrganizationsTableModel.COL_NAME, Qt.SortOrder.DescendingOrder)
    assert model.is_partial and model.rowCount() == 200 and model.index(0, 0).data() == "Herb 449"
    with qtbot.waitSignal(model.rowsInserted, timeout=20000):
        pass
    assert model.rowCount() == 450 and not model.is_loading
    assert [model.index(r, 0).data() for r in (0, 199, 200, 449)] == ["Herb 449", "Herb 250", "Herb 249", "Herb 000"]
