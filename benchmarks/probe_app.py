"""Start-up and memory probe: one process, from its start to the main window painted.

    python benchmarks/probe_app.py --t0 EPOCH bare
    python benchmarks/probe_app.py --t0 EPOCH app --db FILE [--bookings-end]

`--t0` is the wall-clock time (time.time()) the parent took just before starting this process,
so the figure includes the interpreter's own start and every import.

- `bare`: a PySide6 QMainWindow of the same size that shows and quits (the floor).
- `app`: the real program through its entry point, `hubdesk.cli.main(["--db", FILE])`. The probe
  answers the sign-in dialog itself (`answer_sign_in`: shown until painted, then the first
  administrator signed in, no password typed; `answer_early_sign_in`: the same for the dialog the
  app shows while the database opens, where this PC remembers that a password was asked, which
  the probe makes it remember)
  and wraps `hubdesk.ui.app.open_main_window` to watch the window it returns: the first Paint
  event of the window or any of its children marks the paint pass, and a zero-delay timer queued
  then fires when that pass (the whole window, drawn in one backing-store sync) is done. That
  moment is "painted". The app paints the window's frame first and opens the database after
  (hubdesk/ui/app.py), so "painted" is the frame with "Opening the database…"; the probe then
  waits until the areas are in (`database_attached`: database opened, signed in, Dashboard built;
  mark `areas_attached`, and `sign_in_dialog_painted` on the way) and painted (mark
  `areas_painted`: what "painted" meant before the frame came first) before it answers.
- `--bookings-end`: after the first paint, switch to the Bookings area, wait for its list to load,
  scroll to the last row, paint it, and report the peak resident memory (VmHWM) there.
- Without `--quit` the app process leaves at once after answering (`os._exit`), without waiting
  for background work; with it, the window is closed normally and `quit_s` is how long the app
  took from closing the window to the end of `main()`.

- `statements`: the SQL statements sent up to each mark (`painted`, `sign_in_dialog_painted`,
  `areas_painted`, `bookings_end`). The counter (harness.StatementCount, on SQLAlchemy's Engine
  class) is armed the moment the app itself has imported SQLAlchemy, on the thread that imported
  it (`arm_counter_on_import`: before any engine can exist, so no statement is missed): arming it
  imports nothing the app has not. Until stop 25 it was armed when the frame was painted, which
  put a whole SQLAlchemy import (0.1–0.6 s) on the GUI thread between the frame's paint and the
  sign-in dialog's, where the app imports it on the worker that opens the database. A mark reached
  before SQLAlchemy was imported counts 0.

`--db` is a SQLite file or a database URL. Prints `PROBE_RESULT {"painted_s": …, "marks": {…},
"vm_hwm_kib": …, "statements": {…}}` and quits.
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.util
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from harness import StatementCount, emit, vm_hwm_kib  # noqa: E402

STARTED = time.time()
COUNTER: list[StatementCount] = []     # armed at the first paint


def note_statements(result: dict, mark: str) -> None:
    result.setdefault("statements", {})[mark] = COUNTER[0].count if COUNTER else 0


class arm_counter_on_import(importlib.abc.MetaPathFinder):
    """Arms the statement counter right after the app's own first `import sqlalchemy` has run,
    on the thread that ran it (see the module's doc: `statements`)."""

    def find_spec(self, name, path, target=None):
        if name != "sqlalchemy":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run_module = spec.loader.exec_module

        def exec_module(module):
            run_module(module)
            if not COUNTER:
                COUNTER.append(StatementCount())

        spec.loader.exec_module = exec_module
        return spec


class PaintWatch:
    """Call `then()` once the first paint pass of `window` has finished."""

    def __init__(self, app, window, then):
        from PySide6.QtCore import QEvent, QObject, QTimer

        watch = self

        class Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
                if (event.type() == QEvent.Type.Paint and not watch.seen
                        and (obj is window or (hasattr(obj, "window") and obj.window() is window))):
                    watch.seen = True
                    QTimer.singleShot(0, then)
                return False

        self.seen = False
        self.filter = Filter()
        app.installEventFilter(self.filter)


def run_bare(result: dict) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.setWindowTitle("bare")

    def painted():
        result["painted_s"] = time.time() - result["t0"]
        result["cpu_s"] = time.process_time()
        app.quit()

    result["watch"] = PaintWatch(app, window, painted)
    window.show()
    return app.exec()


def scroll_bookings_to_end(window, result: dict, done) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    from hubdesk.ui.bookings.table_model import ApprovalsTableModel, BookingsTableModel

    view = window.show_area("bookings")
    table = next(t for t in view.findChildren(QTableView)
                 if isinstance(t.model(), BookingsTableModel) and not isinstance(t.model(), ApprovalsTableModel))
    model = table.model()
    asked = time.perf_counter()

    def poll():
        if model.is_loading:
            QTimer.singleShot(10, poll)
            return
        table.scrollToBottom()
        table.viewport().repaint()
        QApplication.processEvents()
        result["bookings_rows"] = model.rowCount()
        note_statements(result, "bookings_end")
        result["bookings_last_row_s"] = time.perf_counter() - asked
        QTimer.singleShot(200, done)

    poll()


def wrap_with_marks(module, name: str, result: dict) -> None:
    """Record when `module.name` was entered and left (seconds since t0)."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        result["marks"][f"{name.strip('_')}_entered"] = time.time() - result["t0"]
        try:
            return original(*args, **kwargs)
        finally:
            result["marks"][f"{name.strip('_')}_left"] = time.time() - result["t0"]

    setattr(module, name, wrapper)


def answer_sign_in(app_module, result: dict) -> None:
    """Sign in as the UI tests do (they replace the same two hooks): the real dialog is shown until
    it is painted (mark `sign_in_dialog_painted`: when a person could start typing), then closed,
    and the first active administrator is signed in (a stand-in one on a database without users).
    The figure holds the database work of signing in but not a person typing a password. The hooks
    are replaced when the app signs in, so that the imports happen where the app makes them."""
    original = getattr(app_module, "sign_in", None)
    if original is None:
        return

    def sign_in(*args, **kwargs):
        try:
            from hubdesk.ui.accounts import dialog
        except ImportError:  # no user accounts yet: the app signs the first administrator in itself
            return original(*args, **kwargs)
        replace_dialogs(dialog, result)
        return original(*args, **kwargs)

    app_module.sign_in = sign_in


def show_until_painted(widget, result: dict, mark: str) -> None:
    """Show the dialog the person would see first, note when it is painted, and close it."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    loop = QEventLoop()

    def painted():
        result["marks"][mark] = time.time() - result["t0"]
        note_statements(result, mark)
        loop.quit()

    watch = PaintWatch(QApplication.instance(), widget, painted)
    widget.show()
    loop.exec()
    QApplication.instance().removeEventFilter(watch.filter)
    widget.close()


def first_admin_of(db, *_args):
    """The first active administrator as a SignIn (a stand-in one on a database without users)."""
    from sqlalchemy import select

    from hubdesk.db.enums import Role
    from hubdesk.db.schema import User
    from hubdesk.domain.accounts import SignIn

    with db.read() as session:
        user = session.scalar(select(User).where(User.active.is_(True))
                              .order_by((User.role != Role.ADMIN), User.id).limit(1))
        if user is None:
            return SignIn("bench", "Benchmark", Role.ADMIN)
        return SignIn(user.username, user.display_name, user.role)


def replace_dialogs(dialog, result: dict) -> None:
    first_admin = first_admin_of

    def ask_sign_in(db, parent):
        show_until_painted(dialog.SignInDialog(db, parent), result, "sign_in_dialog_painted")
        return first_admin(db)

    def ask_initial_password(db, pending, parent):
        show_until_painted(dialog.InitialPasswordDialog(db, pending, parent), result, "sign_in_dialog_painted")
        return first_admin(db)

    dialog.ask_sign_in = ask_sign_in
    dialog.ask_initial_password = ask_initial_password


def answer_early_sign_in(result: dict, db_target: str) -> None:
    """The start where this PC remembers that the database asks for a password (the usual case once
    accounts have passwords): the real sign-in dialog comes while the database opens on a worker
    thread. Shown until painted (mark `sign_in_dialog_painted`), then the first administrator is
    signed in once the database is open."""
    from hubdesk.ui.accounts import early_sign_in

    early_sign_in.remember_password_asked(db_target, True)

    def ask_early_sign_in(opening, parent):
        from hubdesk.ui.accounts.form_dialog import SignInDialog

        show_until_painted(SignInDialog(None, parent, opening=opening), result, "sign_in_dialog_painted")
        db = opening.wait(parent, "opening", cancellable=False)
        from hubdesk.ui.accounts import dialog

        replace_dialogs(dialog, result)
        return first_admin_of(db)

    early_sign_in.ask_early_sign_in = ask_early_sign_in


def run_app(result: dict, db: str, bookings_end: bool, measure_quit: bool) -> int:
    if "sqlalchemy" in sys.modules:
        COUNTER.append(StatementCount())
    else:
        sys.meta_path.insert(0, arm_counter_on_import())
    from PySide6.QtWidgets import QApplication

    import hubdesk.ui.app as app_module

    result["marks"]["imports_done"] = time.time() - result["t0"]
    original = app_module.open_main_window

    def open_main_window(*args, **kwargs):
        result["marks"]["window_building"] = time.time() - result["t0"]
        window = original(*args, **kwargs)
        result["marks"]["window_built"] = time.time() - result["t0"]
        app = QApplication.instance()

        def finish():
            result["vm_hwm_kib"] = vm_hwm_kib()
            if not measure_quit:
                # What happens after is not measured: answer now and leave without waiting for
                # background work (the dashboard's figures on a big database take many seconds).
                result.pop("watch", None)
                emit(result)
                os._exit(0)
            result["closing"] = time.time()
            window.close()
            app.quit()

        def areas_in():
            if bookings_end:
                scroll_bookings_to_end(window, result, finish)
            else:
                finish()

        def areas_painted():
            result["marks"]["areas_painted"] = time.time() - result["t0"]
            note_statements(result, "areas_painted")
            result["cpu_to_areas_painted_s"] = time.process_time()
            app.removeEventFilter(result.pop("areas_watch").filter)
            areas_in()

        def attached():
            result["marks"]["areas_attached"] = time.time() - result["t0"]
            if "painted_s" in result:  # the frame was painted: now the next paint, with the start area
                result["areas_watch"] = PaintWatch(app, window, areas_painted)

        def painted():
            result["painted_s"] = time.time() - result["t0"]
            result["cpu_s"] = time.process_time()
            note_statements(result, "painted")
            if getattr(window, "is_open", True):  # built on an opened database, or the areas came in already
                areas_in()
            # else: the frame, painted before the database is opened; attached() goes on

        if hasattr(window, "database_attached"):
            window.database_attached.connect(attached)

        result["watch"] = PaintWatch(app, window, painted)
        return window

    app_module.open_main_window = open_main_window
    answer_sign_in(app_module, result)
    answer_early_sign_in(result, db)
    for name in ("create_application", "_open"):
        wrap_with_marks(app_module, name, result)
    from hubdesk.cli import main

    return main(["--db", db])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("bare", "app"))
    parser.add_argument("--t0", type=float, required=True)
    parser.add_argument("--db")
    parser.add_argument("--bookings-end", action="store_true")
    parser.add_argument("--quit", action="store_true",
                        help="close the window normally and report how long quitting took (quit_s)")
    args = parser.parse_args()
    result: dict = {"t0": args.t0, "marks": {"python_ready": STARTED - args.t0}}
    code = run_bare(result) if args.mode == "bare" else run_app(result, args.db, args.bookings_end, args.quit)
    result.pop("watch", None)
    if "closing" in result:
        result["quit_s"] = time.time() - result.pop("closing")
    result.setdefault("vm_hwm_kib", vm_hwm_kib())
    result["exit_code"] = code
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
