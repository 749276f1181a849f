"""The benchmarked interactions, each counted in SQL statements sent to the database.

A statement costs a round trip to a database server (one or more milliseconds on an office
network or a VPN), whatever the machine, so the count of an interaction is a figure of its own,
with a budget (`BUDGETS`, and the table in README.md). `probe_counts.py` runs these interactions
on a benchmark database and times them; `tests/integration/test_statement_budgets.py` runs the
same ones on a small demo database and asserts the counts against the budgets.

Counting: a SQLAlchemy `before_cursor_execute` listener on the database's engine, armed for one
interaction at a time (`StatementCounter`). It sees every statement of every thread, so a worker
the interaction starts counts too. The interactions need a QApplication (the lists are Qt models,
the editors Qt dialogs); headless is fine.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import event

# the most statements each interaction may send (see README.md, "Statement budgets")
BUDGETS: dict[str, int] = {
    "organizations view opened": 4,
    "bookings view opened": 3,
    "dashboard area opened": 20,
    "dashboard KPI tiles filled": 15,
    "facilities area opened": 5,
    "cases area opened": 5,
    "programs area opened": 5,
    "reports area opened": 5,
    "settings area opened": 5,
    "organizations list, first page": 2,
    "bookings list, first page": 2,
    "bookings list, scroll to last row": 1,
    "organizations search keystroke": 2,
    "booking rule check": 3,
    "booking editor opened": 5,
    "new booking editor opened": 3,
    "organization editor opened": 5,
    "saving a booking": 10,
    "approving a booking": 10,
    "quarterly report": 60,
}
# the interactions that miss their budget, with the count they send now: a ceiling the test holds
# them to (no worse) until a fix brings them within the budget. Empty since 2026-12-03 (h17dash2,
# h17prog, h17cases: the Dashboard 57 -> 16 with its tiles apart, Programs 15 -> 3, Facilities 9 -> 5).
OVER_BUDGET: dict[str, int] = {
}


class StatementCounter:
    """Counts the statements `engine` sends while armed (every thread), and keeps their SQL; and
    the transactions begun. The explicit `BEGIN` hubdesk's SQLite engine sends is counted as a
    transaction, not a statement, so that the counts are the same on SQLite and PostgreSQL (where
    psycopg sends BEGIN itself). On a server every transaction adds its BEGIN and its COMMIT or
    ROLLBACK: about two round trips more than the statements."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []
        self.transactions = 0
        self._lock = threading.Lock()
        self._armed = False
        event.listen(engine, "before_cursor_execute", self._seen)
        event.listen(engine, "begin", self._begun)

    def _seen(self, _conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if self._armed and not statement.lstrip().upper().startswith("BEGIN"):
            with self._lock:
                self.statements.append(statement)

    def _begun(self, conn) -> None:
        # an autocommit connection (Database.read(transaction=False) on a server) sends no BEGIN
        if self._armed and conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            with self._lock:
                self.transactions += 1

    def __enter__(self) -> "StatementCounter":
        self.statements = []
        self.transactions = 0
        self._armed = True
        return self

    def __exit__(self, *_exc) -> None:
        self._armed = False

    def disarm(self) -> None:
        """Stop counting before the interaction's end (work it starts then is another figure)."""
        self._armed = False

    def restart(self) -> None:
        """Count afresh from here (what came before is another figure's)."""
        with self._lock:
            self.statements = []
            self.transactions = 0

    @property
    def count(self) -> int:
        return len(self.statements)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)
        event.remove(self.engine, "begin", self._begun)


@dataclass
class Outcome:
    name: str
    statements: int
    ms: float
    budget: int
    transactions: int = 0
    sql: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.statements <= self.budget


def _process_until(app, done: Callable[[], bool], timeout_s: float = 60) -> None:
    end = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError("the interaction did not finish within a minute")
        app.processEvents()
        time.sleep(0.001)


def _first_rows(app, model) -> None:
    _process_until(app, lambda: not model.is_loading or model.is_partial)


def _whole_list(app, model) -> None:
    _process_until(app, lambda: not model.is_loading)


def _page_rows(model) -> list:
    return [model.row_data(r) for r in range(min(model.PAGE_SIZE, model.rowCount()))]


def paint_pending(app) -> None:
    """Paint what is waiting to be painted, as the event loop would next: the events and zero
    timers pending (a view's delayed layout, its scroll bars) and then every window's pending paint
    (UpdateRequest, posted at low priority). Not `repaint()` of the whole window: where the view
    had already painted what it shows (the Dashboard paints its lists as they arrive), that was a
    second paint of the whole page the program never makes (15–20 ms of the Dashboard's opening)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)


def _dashboard_lists(app, view) -> None:
    """The Dashboard gathers its lists, then its KPI tiles, in workers: usable once the lists are
    in (the tiles say "calculating…" until theirs are: "dashboard KPI tiles filled")."""
    _process_until(app, lambda: view.lists_loaded)


def _dashboard_gathered(app, view) -> None:
    """Both of the Dashboard's workers done: the lists and the KPI tiles with their trend."""
    _process_until(app, lambda: view.is_loaded)


# the areas opened as the main window opens them (besides Organizations and Bookings, measured
# above with their lists' own waits), each with what it shows first: None when the view has it
# all on screen once built (it reads on the GUI thread)
AREA_READY: dict[str, Callable[[Any, Any], None] | None] = {
    "dashboard": _dashboard_lists,
    "facilities": None,
    "cases": None,         # the board (its List tab reads when first made current)
    "programs": None,
    "reports": None,
    "settings": None,
}


def _hide_windows(app, keep: list) -> None:
    """Hide the windows an interaction showed, once it is measured (they are kept, not destroyed).
    In hubdesk an area opens inside the one main window and a dialog over it; a window left shown
    here would be deactivated by the next one shown, and repainted whole in the next interaction's
    time (Fusion paints an inactive window in other colours): 30–40 ms more on the Dashboard's
    opening, with one window more left shown at every run."""
    shown = [w for w in keep if hasattr(w, "isVisible") and w.isVisible()]
    for widget in shown:
        widget.hide()
    if shown:
        app.processEvents()


def _let_workers_finish(app) -> None:
    """Wait, once an interaction is measured, for the work it left in the background (the Bookings
    list's full pass of a million ids, read after its first page is painted), and deliver what it
    sends back: the next interaction is measured from a quiet start, not while that work still
    holds a core and the interpreter (the Dashboard's opening measured right after the Bookings
    view's was up to 70 ms slower on PostgreSQL)."""
    from hubdesk.ui.common.worker import wait_for_workers

    wait_for_workers(60_000)
    app.processEvents()


def open_area(app, context, key: str, ready, keep: list, built: Callable[[Any], None] | None = None):
    """The action of "<key> area opened": the area's view built with the app's context as the main
    window builds it on a first visit, shown at 1280x800, what it shows first in, painted.
    `built(view)` is called once the view is built, before any event is processed."""
    from hubdesk.ui import navigation

    def action(_state):
        cls = navigation.load_view_class(navigation.area(key).target)
        view = cls(context)
        if built is not None:
            built(view)
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        if ready is not None:
            ready(app, view)
        paint_pending(app)
        keep.append(view)
    return action


def free_request(db):
    """A booking request every rule accepts: the first hour-unit resource without a
    qualification, an organization, a weekday morning two years ahead with nothing booked."""
    from sqlalchemy import select

    from hubdesk.db.enums import BookingUnit, ResourceStatus
    from hubdesk.db.schema import Organization, Resource
    from hubdesk.domain.bookings import BookingRequest, check_booking

    with db.read() as s:
        resources = s.execute(select(Resource.id).where(Resource.booking_unit == BookingUnit.HOUR,
                                                        Resource.status == ResourceStatus.AVAILABLE,
                                                        Resource.requires_qualification.is_(False))
                              .order_by(Resource.id)).scalars().all()
        org = s.scalars(select(Organization.id).where(Organization.archived_on.is_(None))
                        .order_by(Organization.id)).first()
        day = dt.date.today() + dt.timedelta(days=730)
        for rid in resources:
            for offset in range(60):
                d = day + dt.timedelta(days=offset)
                if d.weekday() >= 5:
                    continue
                start = dt.datetime.combine(d, dt.time(1), dt.timezone.utc)   # 10:00 in Korea
                request = BookingRequest(rid, org, start, start + dt.timedelta(hours=2), purpose="benchmark")
                if not check_booking(s, request):
                    return request
    raise RuntimeError("no free slot found for the booking benchmark")


def run_interactions(db, app, *, repeat: int = 1, report_out: Path | None = None,
                     on_result: Callable[[Outcome], None] | None = None,
                     only: list[str] | None = None) -> list[Outcome]:
    """Run every interaction `repeat` times on `db` (a migrated database with data: the demo's),
    counting statements and timing each; the outcome of each is its last run's count (a warm
    process: what a person sends on every use after the first; the first use in a process may add
    a statement or two that fill a cache) and the median time. `only`: run just the interactions
    whose name contains one of these words (to measure one area while working on it)."""
    import statistics

    from PySide6.QtCore import Qt
    from sqlalchemy import select

    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking, Organization
    from hubdesk.domain.bookings import change_status, check_booking
    from hubdesk.ui.bookings.dialog import BookingDialog, save_booking
    from hubdesk.ui.bookings.table_model import BookingsTableModel
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations.dialog import OrganizationDialog
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel
    from hubdesk.ui.organizations.view import OrganizationsView

    from hubdesk.ui.app import freeze_what_lives_now

    context = AppContext(db=db, user_name="bench")
    counter = StatementCounter(db.engine)
    freeze_what_lives_now()      # as the app does once its database is open and its window shown
    outcomes: list[Outcome] = []
    keep: list[Any] = []     # widgets closed after the whole run

    def measure(name: str, setup: Callable[[], Any], action: Callable[[Any], Any],
                after: Callable[[], Any] | None = None) -> None:
        if only and not any(word in name for word in only):
            return
        counts, times, sql, transactions = [], [], [], []
        for _ in range(repeat):
            state = setup()
            with counter:
                started = time.perf_counter()
                action(state)
                times.append((time.perf_counter() - started) * 1000)
            if after is not None:      # work the interaction left running, waited for uncounted
                after()
            _hide_windows(app, keep)
            _let_workers_finish(app)
            counts.append(counter.count)
            transactions.append(counter.transactions)
            sql = list(counter.statements)
        outcome = Outcome(name, counts[-1], statistics.median(times), BUDGETS[name], transactions[-1], sql)
        outcomes.append(outcome)
        if on_result:
            on_result(outcome)

    with db.read() as s:
        org_id = s.scalars(select(Organization.id).order_by(Organization.id)).first()
        # the newest request waiting for approval: the booking a manager opens most
        booking_id = s.scalars(select(Booking.id).where(Booking.status == BookingStatus.REQUESTED)
                               .order_by(Booking.starts_at.desc(), Booking.id.desc())).first()
    request = free_request(db)

    def open_view(cls, table_name):
        def action(_state):
            from PySide6.QtWidgets import QTableView

            view = cls(context)
            view.resize(1280, 800)
            view.show()
            table = view.findChild(QTableView, table_name)
            _first_rows(app, table.model())
            table.viewport().repaint()
            app.processEvents()
            keep.append(view)
        return action

    measure("organizations view opened", lambda: None, open_view(OrganizationsView, "organizationsTable"))
    measure("bookings view opened", lambda: None, open_view(BookingsView, "bookingsTable"))
    for key, ready in AREA_READY.items():
        if key != "dashboard":
            measure(f"{key} area opened", lambda: None, open_area(app, context, key, ready, keep))
        else:
            # usable with its lists: counted until they are shown (the tiles' worker starts then, and
            # is let finish outside the count); then the tiles: timed from the opening to the tiles
            # filled, counting the statements sent after the lists were shown (the tiles' own)
            measure("dashboard area opened", lambda: None,
                    open_area(app, context, key, ready, keep, lambda view: view.lists_shown.connect(counter.disarm)),
                    lambda: _dashboard_gathered(app, keep[-1]))
            measure("dashboard KPI tiles filled", lambda: None,
                    open_area(app, context, key, _dashboard_gathered, keep,
                              lambda view: view.lists_shown.connect(counter.restart)))

    def sorted_model(cls, column, order):
        def action(_state):
            model = cls(db)
            model.sort(column, order)
            _first_rows(app, model)
            _page_rows(model)
            keep.append(model)
        return action

    measure("organizations list, first page", lambda: None,
            sorted_model(OrganizationsTableModel, OrganizationsTableModel.COL_NAME, Qt.SortOrder.AscendingOrder))
    measure("bookings list, first page", lambda: None,
            sorted_model(BookingsTableModel, BookingsTableModel.COL_STARTS, Qt.SortOrder.DescendingOrder))

    def loaded_bookings():
        model = BookingsTableModel(db)
        model.sort(BookingsTableModel.COL_STARTS, Qt.SortOrder.DescendingOrder)
        _whole_list(app, model)
        _page_rows(model)
        keep.append(model)
        return model

    measure("bookings list, scroll to last row", loaded_bookings,
            lambda model: model.row_data(model.rowCount() - 1))

    def search_view():
        view = OrganizationsView(context)
        view.resize(1280, 800)
        view.show()
        _whole_list(app, view.model)
        keep.append(view)
        view.search_edit.setText("a")
        view.search_edit.flush()
        _whole_list(app, view.model)
        view.table.viewport().repaint()
        app.processEvents()
        view.search_edit.setText("an")
        return view

    def keystroke(view):
        view.search_edit.flush()
        _whole_list(app, view.model)
        view.table.viewport().repaint()
        app.processEvents()

    measure("organizations search keystroke", search_view, keystroke)

    def rule_check(_state):
        with db.read() as s:
            check_booking(s, request)

    with db.read() as s:   # warm: the first check in a process loads holidays and builds statements
        check_booking(s, request)
    measure("booking rule check", lambda: None, rule_check)

    def open_dialog(make):
        def action(_state):
            dialog = make()
            dialog.show()
            app.processEvents()
            keep.append(dialog)
        return action

    measure("booking editor opened", lambda: None, open_dialog(lambda: BookingDialog(context, booking_id)))
    # a new booking: the bookable resources and the organizations booked most recently (any other is
    # found by typing); its first check sends nothing until an organization is chosen
    measure("new booking editor opened", lambda: None, open_dialog(lambda: BookingDialog(context)))
    measure("organization editor opened", lambda: None, open_dialog(lambda: OrganizationDialog(context, org_id)))

    saved: list[int] = []

    def save(_state):
        with db.write() as s:
            saved.append(save_booking(s, None, request))

    def delete_saved():
        with db.write() as s:   # the next repeat books the same free slot again
            for bid in saved:
                change_status(s, bid, BookingStatus.CANCELLED, actor="bench")
        saved.clear()

    measure("saving a booking", delete_saved, save)

    def approve(bid):
        with db.write() as s:
            change_status(s, bid, BookingStatus.APPROVED, actor="bench")

    def new_booking():
        delete_saved()
        with db.write() as s:
            bid = save_booking(s, None, request)
        saved.append(bid)
        return bid

    measure("approving a booking", new_booking, approve)
    delete_saved()

    if report_out is not None:
        from hubdesk.domain.quarters import Quarter
        from hubdesk.reports.quarterly import render_quarterly

        quarter = Quarter.of(dt.date.today()).previous()
        measure("quarterly report", lambda: None, lambda _s: render_quarterly(db, quarter, "en", report_out))

    counter.close()
    for widget in keep:
        if hasattr(widget, "close"):
            widget.close()
    app.processEvents()
    return outcomes
