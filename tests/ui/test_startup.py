"""Start-up, paint first and open after: on an ordinary start the main window's frame is shown and
painted before SQLAlchemy is imported and the database opened; the sign-in comes over the empty
frame; then the areas come in. A database that cannot be opened still says why and leaves no
window; the first-run setup still comes before any window. Real files, the real entry points."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hubdesk.ui.context import AppContext

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def visible_main_windows() -> list:
    from hubdesk.ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


@pytest.fixture
def started(monkeypatch):
    """run_app in this process, recording the windows it builds and what happened when; the areas
    close themselves once the start area has gathered its figures."""
    import hubdesk.db.database as database
    from hubdesk.db import audit
    from hubdesk.ui import app
    from hubdesk.ui.accounts import dialog as accounts_dialog
    from hubdesk.ui.accounts import signin
    from hubdesk.ui.common import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)       # run_app installs its own: put ours back after
    monkeypatch.setattr(errors, "install_excepthook", lambda: None)
    record: dict = {"windows": [], "events": [], "problems": [], "messages": []}
    monkeypatch.setattr(errors, "show_message", lambda parent, title, text, icon: record["messages"].append(text))

    def window_state(window) -> dict:
        return {"visible": window.isVisible(), "painted": window.painted, "is_open": window.is_open,
                "views": list(window.loaded_views()), "sidebar_enabled": window.sidebar.isEnabled()}

    original_open_main_window = app.open_main_window

    def open_main_window(*args, **kwargs):
        window = original_open_main_window(*args, **kwargs)
        record["windows"].append(window)
        record["events"].append("window built")

        def attached():
            record["events"].append("attached")
            record["at_attach"] = window_state(window)
            dashboard = window.current_view()
            deadline = time.monotonic() + 30

            def close_when_filled():
                if not getattr(dashboard, "is_loaded", True) and not record["messages"] \
                        and time.monotonic() < deadline:
                    QTimer.singleShot(20, close_when_filled)
                    return
                record["filled"] = {"subtitle": dashboard.subtitle.text(),
                                    "approvals_rows": dashboard.panels["approvals"].model.rowCount()}
                window.close()
                QTimer.singleShot(0, QApplication.instance().quit)

            QTimer.singleShot(0, close_when_filled)

        window.database_attached.connect(attached)
        return window

    original_open_database = database.open_database

    def open_database(*args, **kwargs):
        window = record["windows"][-1] if record["windows"] else None
        record["events"].append("open database")
        record["at_open"] = window_state(window) if window is not None else None
        return original_open_database(*args, **kwargs)

    def ask_initial_password(db, pending, parent):
        record["events"].append("sign in")
        record["at_sign_in"] = dict(window_state(parent), parent_is_window=parent is record["windows"][-1])
        return signin.without_password(pending)             # "Not now"

    def ask_sign_in(db, parent):
        record["events"].append("sign in")
        record["at_sign_in"] = dict(window_state(parent), parent_is_window=parent is record["windows"][-1])
        return None                                          # Quit

    def show_problem(message, quit_after_ms=None, parent=None):
        record["events"].append("problem")
        record["problems"].append(message)
        record["at_problem"] = {"parent_is_window": parent is not None and parent is record["windows"][-1]}

    monkeypatch.setattr(app, "open_main_window", open_main_window)
    monkeypatch.setattr(database, "open_database", open_database)
    monkeypatch.setattr(accounts_dialog, "ask_initial_password", ask_initial_password)
    monkeypatch.setattr(accounts_dialog, "ask_sign_in", ask_sign_in)
    monkeypatch.setattr(app, "show_problem", show_problem)
    monkeypatch.delenv("HUBDESK_QUIT_AFTER_MS", raising=False)
    audit.set_actor(None)
    yield record
    audit.set_actor(None)
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30000)


def test_the_real_program_paints_its_window_before_importing_sqlalchemy(tmp_path, db):
    """A fresh interpreter through `hubdesk --db FILE`: at the first paint nothing of SQLAlchemy,
    the database layer or the domain is imported; the sign-in comes over the painted frame; then
    the Dashboard comes in."""
    env = dict(os.environ)
    env.pop("HUBDESK_DB", None)
    env.update({"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                "HUBDESK_DATA_DIR": str(tmp_path / "userdata"), "HUBDESK_LANG": "en",
                "QT_QPA_PLATFORM": "offscreen", "HUBDESK_QUIT_AFTER_MS": "300",
                "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config")})
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "ui" / "startup_driver.py"), str(db.path)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert "Traceback" not in proc.stderr, proc.stderr
    line = [x for x in proc.stdout.splitlines() if x.startswith("STARTUP ")][-1]
    seen = json.loads(line.removeprefix("STARTUP "))
    assert seen["exit_code"] == 0
    assert seen["events"][:4] == ["window built", "painted", "sign in", "attached"]
    assert seen["at_paint"] == {"heavy_modules": [], "visible": True, "is_open": False, "opening_page_shown": True,
                                "sidebar_enabled": False, "views": []}
    assert seen["at_sign_in"] == {"over_the_window": True, "window_painted": True, "views": []}
    assert seen["at_attach"] == {"is_open": True, "current_view": "view_dashboard", "sidebar_enabled": True,
                                 "opening_page": False}
    # once shown on its database, what lives then (modules, mappers, the window: far more than
    # 100,000 objects) is left out of the garbage collector's full walks (app.freeze_what_lives_now)
    assert seen["frozen"] > 100_000, seen["frozen"]


def test_the_frame_is_painted_then_the_database_opened_then_the_areas_filled(qtbot, small_db, started):
    from hubdesk.db.enums import Role
    from hubdesk.domain.accounts import create_user
    from hubdesk.ui import app

    with small_db.write() as s:      # what the first-run setup leaves: an administrator without a password
        create_user(s, username="minji", display_name="Kim Minji", role=Role.ADMIN, password=None)
    assert app.run_app(str(small_db.path), "en") == 0
    assert started["events"] == ["window built", "open database", "sign in", "attached"]
    assert started["at_open"] == {"visible": True, "painted": True, "is_open": False, "views": [],
                                  "sidebar_enabled": False}
    # the first administrator's password is asked over the empty frame: no area, no data yet
    assert started["at_sign_in"] == {"visible": True, "painted": True, "is_open": False, "views": [],
                                     "sidebar_enabled": False, "parent_is_window": True}
    assert started["at_attach"] == {"visible": True, "painted": True, "is_open": True, "views": ["dashboard"],
                                    "sidebar_enabled": True}
    assert started["messages"] == []
    assert started["filled"]["approvals_rows"] == 1       # the Dashboard gathered its figures
    assert "quarter" in started["filled"]["subtitle"]
    assert visible_main_windows() == []
    assert AppContext.settings().value("main_window/area") == "dashboard"


@pytest.mark.parametrize("kind", ["text file", "other SQLite database", "newer schema"])
def test_a_database_that_cannot_be_opened_says_why_and_leaves_no_window(qtbot, tmp_path, db, started, kind):
    from hubdesk.ui import app

    if kind == "text file":
        target = tmp_path / "notes.txt"
        target.write_text("meeting notes")
        expected = "is not a hubdesk database"
    elif kind == "other SQLite database":
        target = tmp_path / "contacts.db"
        with sqlite3.connect(target) as conn:
            conn.execute("CREATE TABLE friend (name TEXT)")
        conn.close()
        expected = "is a SQLite database but not a hubdesk database"
    else:
        db.dispose()
        target = db.path
        with sqlite3.connect(target) as conn:
            conn.execute("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")
        conn.close()
        expected = "was written by a newer version of hubdesk"
    before = digest(target)
    assert app.run_app(str(target), "en") == 1
    assert started["events"] == ["window built", "open database", "problem"]
    assert len(started["problems"]) == 1 and expected in started["problems"][0]
    assert started["at_problem"] == {"parent_is_window": True}         # said over the empty frame...
    assert visible_main_windows() == [] and not started["windows"][0].isVisible()   # ...which then goes
    assert started["windows"][0].loaded_views() == {}
    assert digest(target) == before                                    # nothing was changed


def test_quitting_at_the_sign_in_leaves_without_showing_any_data(qtbot, db, started):
    from hubdesk.db.enums import Role
    from hubdesk.domain.accounts import create_user
    from hubdesk.ui import app

    with db.write() as s:
        create_user(s, username="kim", display_name="Kim", role=Role.STAFF, password="correct horse")
    assert app.run_app(str(db.path), "en") == 0
    assert started["events"] == ["window built", "open database", "sign in"]
    assert started["at_sign_in"]["views"] == [] and started["at_sign_in"]["parent_is_window"]
    assert visible_main_windows() == []


def test_first_run_still_asks_before_any_window(qtbot, monkeypatch, started):
    from hubdesk import paths
    from hubdesk.ui import app
    from hubdesk.ui.first_run import dialog as first_run

    asked = []
    monkeypatch.setattr(first_run, "ask_first_run", lambda lang, demo: asked.append(visible_main_windows()))
    assert app.needs_first_run(None)
    assert app.run_app(None, "en") == 0                     # setup cancelled
    assert asked == [[]] and started["windows"] == []       # the setup came first, alone
    assert not paths.default_database_path().exists()


def test_which_starts_paint_first(monkeypatch, tmp_path):
    from hubdesk.ui import app

    assert app.paints_before_opening(str(tmp_path / "x.db"), False, None)
    assert not app.paints_before_opening(None, True, None)             # --demo: generated before the window
    assert not app.paints_before_opening(None, False, None)            # first run: the setup dialog first
    assert app.paints_before_opening(None, False, 300)                 # smoke runs open the default file


def test_the_frame_remembers_the_area_and_size_and_follows_the_language(qtbot, small_db):
    from hubdesk.ui import app

    window = app.open_main_window(small_db, start_area="organizations")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(window.minimumSizeHint().width() + 10, 530)
    window.close()

    frame = app.open_main_window(None)
    qtbot.addWidget(frame)
    assert frame.height() == 530 and not frame.is_open
    assert frame.sidebar.currentItem().text() == "Organizations"           # the remembered area, greyed
    assert frame.opening_page.heading.text() == "Organizations"
    assert frame.opening_page.message.text() == "Opening the database…"
    assert not frame.sidebar.isEnabled()
    assert not any(a.isEnabled() for a in frame.area_actions.values())
    assert not any(a.isEnabled() for n, a in frame.actions_by_name.items() if n not in ("quit", "about"))
    with pytest.raises(RuntimeError):
        frame.view("organizations")
    with qtbot.waitSignal(frame.first_painted, timeout=10000):
        frame.show()
    frame.context.set_language("ko")
    assert frame.opening_page.message.text() not in ("", "Opening the database…")
    assert frame.sidebar.item(1).text() != "Organizations"
    frame.context.set_language("en")

    view = frame.attach_database(small_db, user_name="Tester")
    assert view is frame.current_view() and view.objectName() == "view_organizations"
    assert frame.opening_page is None and frame.sidebar.isEnabled()
    assert frame.actions_by_name["new"].isEnabled() and frame.area_actions["bookings"].isEnabled()
    assert frame.user_label.text() == "Signed in as Tester"
    assert str(small_db.path) in frame.database_label.text()
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=10000)
    frame.show_area("dashboard")
    frame.view("dashboard").wait_idle()
    frame.close()


# --- the database opens on a worker thread ---------------------------------------------------------
@pytest.fixture
def slow_open(monkeypatch):
    """Opening the database waits for `gate` (at most 10 s) before it begins, and records the thread
    it runs on, so a test can act while the database is still opening."""
    import threading

    import hubdesk.db.database as database

    state = {"gate": threading.Event(), "threads": [], "returned": False}
    wrapped = database.open_database       # the `started` fixture's recording wrapper, when it is in use

    def open_database(*args, **kwargs):
        state["threads"].append(threading.current_thread() is threading.main_thread())
        state["gate"].wait(10)
        try:
            return wrapped(*args, **kwargs)
        finally:
            state["returned"] = True

    monkeypatch.setattr(database, "open_database", open_database)

    def never_hang():                       # a test that failed to answer fails, it does not hang
        from hubdesk.ui.accounts.form_dialog import SignInDialog

        state["gate"].set()
        for w in QApplication.topLevelWidgets():
            if isinstance(w, SignInDialog) and w.isVisible():
                w.reject()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(never_hang)
    guard.start(30000)
    yield state
    guard.stop()                            # never reaches another test's dialog


def _password_user(db, username="minji", password="correct horse battery") -> None:
    from hubdesk.db.enums import Role
    from hubdesk.domain.accounts import create_user

    with db.write() as s:
        create_user(s, username=username, display_name="Kim Minji", role=Role.ADMIN, password=password)


def test_the_sign_in_dialog_comes_while_the_database_opens(qtbot, db, started, slow_open, monkeypatch):
    """Where this PC remembers a password was asked, the sign-in dialog is up before the database is
    open; the person types and presses Sign in meanwhile, which waits for the opening, then signs in."""
    from hubdesk.ui import app
    from hubdesk.ui.accounts import early_sign_in
    from hubdesk.ui.accounts.form_dialog import SignInDialog

    _password_user(db)
    target = str(db.path)
    early_sign_in.remember_password_asked(target, True)
    seen: dict = {}

    def answer():
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()),
                      None)
        if dialog is None:                  # not up yet (a loaded machine): look again
            QTimer.singleShot(50, answer)
            return
        seen["while_opening"] = {"db": dialog.db, "open_returned": slow_open["returned"],
                                 "over_the_window": dialog.parentWidget() is started["windows"][-1]}
        dialog.username_edit.setText("minji")
        dialog.password_edit.setText("correct horse battery")
        slow_open["gate"].set()
        dialog.accept()                     # "Sign in" before the database is open: it waits for it

    QTimer.singleShot(200, answer)
    assert app.run_app(target, "en") == 0
    assert seen["while_opening"] == {"db": None, "open_returned": False, "over_the_window": True}
    assert slow_open["threads"] == [False]                  # opened on a worker thread
    assert started["events"] == ["window built", "open database", "attached"]
    assert "filled" in started and started["messages"] == []   # the Dashboard came in and gathered
    assert AppContext.settings().value("accounts/last_user") == "minji"
    assert early_sign_in.password_expected(target)


def test_the_early_dialog_closes_itself_when_no_password_is_needed_any_more(qtbot, small_db, started, slow_open):
    from hubdesk.db.enums import Role
    from hubdesk.domain.accounts import create_user
    from hubdesk.ui import app
    from hubdesk.ui.accounts import early_sign_in
    from hubdesk.ui.accounts.form_dialog import SignInDialog

    with small_db.write() as s:      # an administrator without a password: the first-run state again
        create_user(s, username="minji", display_name="Kim Minji", role=Role.ADMIN, password=None)
    target = str(small_db.path)
    early_sign_in.remember_password_asked(target, True)
    seen: dict = {}

    def look():
        seen["early_dialog_up"] = any(isinstance(w, SignInDialog) and w.isVisible()
                                      for w in QApplication.topLevelWidgets())
        if not seen["early_dialog_up"] and not slow_open["gate"].wait(0):
            seen.setdefault("looks", 0)
            seen["looks"] += 1
            if seen["looks"] < 200:         # not up yet (a loaded machine): look again
                QTimer.singleShot(50, look)
                return
        slow_open["gate"].set()

    QTimer.singleShot(200, look)
    assert app.run_app(target, "en") == 0
    assert seen["early_dialog_up"] is True
    # it closed itself once the database was open, and the usual question came instead
    assert started["events"] == ["window built", "open database", "sign in", "attached"]
    assert not early_sign_in.password_expected(target)      # forgotten for the next start


def test_a_database_that_cannot_be_opened_closes_the_early_dialog_and_says_why(qtbot, tmp_path, started, slow_open):
    from hubdesk.ui import app
    from hubdesk.ui.accounts import early_sign_in

    target = tmp_path / "notes.txt"
    target.write_text("meeting notes")
    early_sign_in.remember_password_asked(str(target), True)
    QTimer.singleShot(200, slow_open["gate"].set)
    assert app.run_app(str(target), "en") == 1
    assert started["events"] == ["window built", "open database", "problem"]
    assert "is not a hubdesk database" in started["problems"][0]
    assert visible_main_windows() == []


def test_a_migration_runs_behind_a_progress_window_while_the_frame_keeps_painting(
        qtbot, db, started, newer_migrations, monkeypatch):
    import hubdesk.db.database as database
    from PySide6.QtWidgets import QProgressDialog

    from hubdesk.db import migrate
    from hubdesk.ui import app

    path = db.path
    db.dispose()
    original_backup = database.backup_before_migration
    threads = []

    def slow_backup(*args, **kwargs):       # a large file: the copy takes a while
        import threading

        threads.append(threading.current_thread() is threading.main_thread())
        time.sleep(1.2)
        return original_backup(*args, **kwargs)

    monkeypatch.setattr(database, "backup_before_migration", slow_backup)
    ticks: list[float] = []
    shown: list[str] = []

    def tick():                             # the GUI thread keeps turning while the copy runs
        ticks.append(time.monotonic())
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                shown.append(w.labelText())
        if len(ticks) < 200 and not started["windows"][-1].is_open:
            QTimer.singleShot(50, tick)

    QTimer.singleShot(0, tick)
    assert app.run_app(str(path), "en") == 0
    assert threads == [False]                               # the copy ran on a worker thread
    assert any("before updating it" in text for text in shown), shown
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    # no freeze: the copy alone takes 1.2 s, so a window waiting for it would show a gap of 1.2 s
    # or more; a loaded machine gives the event loop gaps of up to about half a second
    assert len(ticks) >= 10 and max(gaps) < 1.0
    assert list(path.parent.glob(f"{path.stem}.before-migration-*"))
    from hubdesk.db.database import open_database

    reopened = open_database(path)
    try:
        assert migrate.current_revision(reopened.engine) == newer_migrations
    finally:
        reopened.dispose()
