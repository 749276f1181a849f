"""Start the desktop program: the QApplication (style, bundled font, Qt's strings in our
languages), the database (first-run setup when there is none, or a throw-away demo copy), then the
main window.

Paint first, open after: on an ordinary start (a database given or already there) the main window's
frame (sidebar, menus, toolbar, "Opening the database…") is shown and painted before SQLAlchemy is
imported and the database opened (migration check, backup before migrating); the sign-in dialog
then comes over the still empty frame, and only after it the areas are built and filled. A
database that cannot be opened closes the frame and says why. The first-run setup and `--demo`
open their database before the window, as there is nothing to paint before their own dialogs.
Nothing on the way to the first paint imports SQLAlchemy (tests/ui/test_startup.py checks it).

`run_app(db_target, lang, demo=False)` is what `hubdesk` without a sub-command calls.
`HUBDESK_QUIT_AFTER_MS=N` quits (or dismisses an error box) after N milliseconds, for smoke tests.
"""

from __future__ import annotations

import inspect
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hubdesk import i18n, paths
from hubdesk.errors import HubdeskError
from hubdesk.i18n import _

if TYPE_CHECKING:  # types only: nothing here may import SQLAlchemy before the first paint
    from sqlalchemy.orm import Session

    from hubdesk.db.database import Database
    from hubdesk.ui.first_run.dialog import SetupChoices


def create_application(lang: str) -> QApplication:
    """The QApplication with hubdesk's look, font and translators (created once per process)."""
    from hubdesk.ui.common.fonts import apply_interface_font
    from hubdesk.ui.common.i18n_qt import install_qt_translators
    from hubdesk.ui.common.style import apply_style

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("hubdesk")
    app.setOrganizationName("hubdesk")
    apply_style(app)
    apply_interface_font(app)
    i18n.set_language(lang)
    install_qt_translators(i18n.get_language(), app)
    return app


# How long to wait for the frame's first paint before opening the database anyway (a window that
# is never painted, e.g. started minimised, must not keep the database waiting for ever).
FIRST_PAINT_WAIT_MS = 1500


FREEZE_AFTER_MS = 500      # after the main window's first paint on its database


def freeze_what_lives_now() -> None:
    """Move every object alive now (the modules, classes and functions imported, SQLAlchemy's
    mappers and compiled statements, the main window) out of the garbage collector's reach
    (`gc.freeze`): they live as long as the program, and each full collection walked them all —
    hundreds of thousands of objects, 60–120 ms, falling in the middle of whatever a person had
    just asked for (the Dashboard's opening on huge: 200–270 ms with it, 140–155 ms without).
    Later collections walk only what was made since. What is garbage already is collected first
    (it would otherwise never be). The app calls it once the main window is shown on its database
    and has had time to paint."""
    import gc

    gc.collect()
    gc.freeze()


def open_main_window(db, *, user_name: str = "", demo: bool = False, start_area: str | None = None):
    """Build the main window on an opened database and show its first area; with `db=None`, the
    frame that says it is opening the database (`window.attach_database(db, ...)` completes it)."""
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.main_window import MainWindow

    context = AppContext(db=db, user_name=user_name, demo=demo)
    window = MainWindow(context, start_area=start_area)
    if db is not None:
        window.show_area(start_area or window.start_area())
    return window


def wait_until_painted(window, timeout_ms: int = FIRST_PAINT_WAIT_MS) -> bool:
    """Let Qt show and paint the window (events run meanwhile) before slow work blocks the event
    loop. False when the window was closed meanwhile (the person quit)."""
    if not window.painted and window.isVisible():
        loop = QEventLoop()
        window.first_painted.connect(loop.quit)
        fallback = QTimer(loop)
        fallback.setSingleShot(True)
        fallback.timeout.connect(loop.quit)
        fallback.start(timeout_ms)
        window.closed.connect(loop.quit)
        loop.exec()
    return window.isVisible()


def discard_window(window) -> None:
    """Take a main window that never got its database off the screen, without quitting the
    application (its error box may still have to be read)."""
    if window is None:
        return
    window.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
    window.hide()
    window.deleteLater()


def paints_before_opening(db_target: str | None, demo: bool, quit_after: int | None) -> bool:
    """Whether this start shows the main window before opening the database: yes for an ordinary
    start; no for `--demo` and the first-run setup, which open theirs before any window."""
    return not demo and not (needs_first_run(db_target) and quit_after is None)


def _quit_after_ms() -> int | None:
    value = os.environ.get("HUBDESK_QUIT_AFTER_MS")
    if not value:
        return None
    try:
        return max(0, int(value))
    except ValueError:
        return None


def show_problem(message: str, quit_after_ms: int | None = None, parent=None) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, _("hubdesk"), message, QMessageBox.StandardButton.Close, parent)
    if quit_after_ms is not None:
        QTimer.singleShot(quit_after_ms, box.reject)
    box.exec()


def saved_language() -> str | None:
    """The language chosen in Settings last time, unless this start asks for one explicitly."""
    if os.environ.get("HUBDESK_LANG") or any(a == "--lang" or a.startswith("--lang=") for a in sys.argv):
        return None
    from hubdesk.ui.context import AppContext

    return i18n.normalize_language(AppContext.settings().value("language", "") or "")


def needs_first_run(db_target: str | None) -> bool:
    return (not db_target and not os.environ.get("HUBDESK_DB")
            and not paths.default_database_path().exists())


def demo_generator():
    """hubdesk.demo.generate.generate, or None while it is not there."""
    try:
        from hubdesk.demo.generate import generate
    except ImportError:
        return None
    return generate


def load_demo_data(db, size: str = "small", parent=None) -> None:
    """Fill `db` with demo data in a background worker behind a progress dialog with Cancel."""
    from hubdesk.ui.common.worker import run_with_progress

    generate = demo_generator()
    if generate is None:
        return
    accepts_cancel = "cancel" in inspect.signature(generate).parameters

    def work(progress, cancelled):
        kwargs = {"progress": lambda done=0, total=0, text="", *a, **k: progress(int(done or 0),
                                                                                  int(total or 0), str(text or ""))}
        if accepts_cancel:
            kwargs["cancel"] = cancelled
        return generate(db, size, 1, **kwargs)

    from hubdesk.errors import HubdeskError

    try:
        run_with_progress(parent, _("Creating demonstration data…"), work)
    except HubdeskError as exc:  # cancelled (everything rolled back) or refused: say so, go on
        from hubdesk.ui.common.errors import show_error

        show_error(parent, exc)


def apply_first_run(db: Database, choices: SetupChoices) -> str:
    """Store the setup answers: foundation name, the administrator (no password yet), language.
    Before any window: a refusal is raised to the start-up, which shows its sentence."""
    from hubdesk.ui.common.operations import run_write

    run_write(db, store_first_run, choices)
    return choices.admin_name


def store_first_run(session: Session, choices: SetupChoices) -> None:
    from hubdesk.db.enums import Role
    from hubdesk.domain.accounts import create_user, find_user
    from hubdesk.ui.common.settings_store import FOUNDATION_NAME, set_setting

    set_setting(session, FOUNDATION_NAME, choices.foundation_name)
    if find_user(session, choices.admin_name) is None:
        create_user(session, username=choices.admin_name, display_name=choices.admin_name,
                    role=Role.ADMIN, password=None, language=choices.language)


def current_user_name(db, *, act_as: bool = False) -> str:
    """The first active administrator's display name (sign-in comes with user accounts). With
    `act_as`, changes are recorded in the audit trail under that user."""
    from sqlalchemy import select

    from hubdesk.db import audit
    from hubdesk.db.enums import Role
    from hubdesk.db.schema import User

    with db.read() as session:
        user = session.scalar(select(User).where(User.active.is_(True))
                              .order_by((User.role != Role.ADMIN), User.id).limit(1))
        if user is None:
            return ""
        if act_as:
            audit.set_actor(user.username, user.role)
        return user.display_name


def run_app(db_target: str | None, lang: str, demo: bool = False) -> int:
    lang = saved_language() or lang
    app = create_application(lang)
    from hubdesk.ui.common.errors import install_excepthook

    install_excepthook()
    quit_after = _quit_after_ms()
    demo_dir = tempfile.mkdtemp(prefix="hubdesk-demo-") if demo else None
    window = None
    try:
        if paints_before_opening(db_target, demo, quit_after):
            # the frame first: shown and painted before SQLAlchemy is imported and the file opened
            window = open_main_window(None, demo=demo)
            window.show()
            if not wait_until_painted(window):  # closed before the database was opened
                return 0
        try:
            db, user_name = _open(db_target, demo_dir, quit_after, parent=window)
        except HubdeskError as exc:
            print(exc.message, file=sys.stderr)
            show_problem(exc.message, quit_after, parent=window)
            discard_window(window)
            return exc.exit_code
        except BaseException:
            discard_window(window)
            raise
        if db is None:  # setup or sign-in cancelled
            discard_window(window)
            return 0
        try:
            if window is None:
                window = open_main_window(db, user_name=user_name, demo=demo)
            else:
                window.attach_database(db, user_name=user_name)  # the areas come in now
            from hubdesk.db import audit
            from hubdesk.ui.accounts.permissions_ui import apply_role

            apply_role(window, audit.current_role())  # hide or disable what the role cannot do
            window.show()
            # (before it quits on its own, when told to: HUBDESK_QUIT_AFTER_MS)
            QTimer.singleShot(FREEZE_AFTER_MS if quit_after is None else min(FREEZE_AFTER_MS, quit_after // 2),
                              freeze_what_lives_now)
            if quit_after is not None:
                QTimer.singleShot(quit_after, window.close)
                QTimer.singleShot(quit_after + 50, app.quit)
            return app.exec()
        finally:
            from hubdesk.ui.common.worker import stop_workers, wait_for_workers

            # background reading is cancelled and its SQL interrupted: quitting waits at most a
            # second for it; only work that may not be stopped is waited for until it ends
            if not stop_workers(1000):
                wait_for_workers()
            if not demo:
                from hubdesk.ui.backup.actions import backup_on_exit

                backup_on_exit(db, shown=True)  # at most daily, verified; a failure is reported, never fatal
            db.dispose()
    finally:
        if demo_dir:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _open(db_target: str | None, demo_dir: str | None, quit_after: int | None, parent=None):
    """The database and who works in it: (db, user name), or (None, "") when the person cancelled
    the setup or the sign-in. `parent` is the main window's frame the sign-in dialog comes over."""
    if demo_dir is not None:
        from hubdesk.db.database import open_database

        db = open_database(os.path.join(demo_dir, "demo.db"), create=True)
        try:
            generate = demo_generator()
            if generate is not None:
                generate(db, "small", 1, progress=lambda *args, **kwargs: None)
        except BaseException:
            db.dispose()
            raise
        return db, current_user_name(db)
    if needs_first_run(db_target) and quit_after is None:
        from hubdesk.ui.first_run import dialog as first_run

        choices = first_run.ask_first_run(i18n.get_language(), demo_generator() is not None)
        if choices is None:
            return None, ""
        from hubdesk.db import audit
        from hubdesk.db.database import open_database

        Path(paths.default_database_path()).parent.mkdir(parents=True, exist_ok=True)
        db = open_database(db_target, create=True)
        try:
            name = apply_first_run(db, choices)
            from hubdesk.ui.context import AppContext

            AppContext.settings().setValue("language", choices.language)
            if choices.load_demo:
                load_demo_data(db)
        except BaseException:
            db.dispose()
            raise
        audit.set_actor(name, "admin")
        return db, name
    # The database opens on a worker thread: the frame keeps painting, and a migration's copy and
    # update show in a progress window. Where this PC remembers that the database asks for a
    # password, the sign-in dialog comes at once and the person types while it opens.
    from hubdesk.ui.accounts import early_sign_in
    from hubdesk.ui.common.worker import Background

    def opening_work(progress, _cancelled):
        from hubdesk.db.database import open_database as open_now   # looked up now: tests wrap it

        return open_now(db_target, progress=lambda text: progress(0, 0, text))

    opening = Background(opening_work)
    expected = early_sign_in.password_expected(db_target)
    early = early_sign_in.ask_early_sign_in(opening, parent) if expected else early_sign_in.NOT_NEEDED
    db = opening.wait(parent, _("Opening the database…"), cancellable=False)   # raises what opening raised
    try:
        if early is None:
            name = None                                     # Quit in the dialog shown while opening
        elif isinstance(early, early_sign_in.NotNeeded):
            name = sign_in(db, parent)
        else:
            from hubdesk.ui.accounts.dialog import finish_sign_in

            name = finish_sign_in(db, early).display_name
        if name is not None:
            early_sign_in.remember_password_asked(db_target, password_asked(db))
    except BaseException:
        db.dispose()
        raise
    if name is None:  # sign-in cancelled
        db.dispose()
        return None, ""
    return db, name


def password_asked(db) -> bool:
    """Whether this database asks for a password at start (an account has one, and no PostgreSQL
    server signed the person in with their own login): remembered for the next start."""
    try:
        from hubdesk.ui.accounts import signin
    except ImportError:
        return False
    return signin.accounts_exist(db) and signin.server_sign_in(db) is None


def sign_in(db, parent=None) -> str | None:
    """Who works in this session. Once user accounts exist (hubdesk.ui.accounts.dialog.sign_in,
    their own issue) that dialog decides and returns the signed-in user, or None when cancelled;
    until then the first administrator's name is used."""
    try:
        from hubdesk.ui.accounts.dialog import sign_in as accounts_sign_in
    except ImportError:
        return current_user_name(db, act_as=True)
    result = accounts_sign_in(db, parent)
    if result is None or result is False:
        return None
    if isinstance(result, str):
        return result
    return getattr(result, "display_name", None) or getattr(result, "username", None) or current_user_name(db)
