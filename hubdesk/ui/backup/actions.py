"""Backups from the app, without widgets of their own: where they go, back up now, restore (after
the person confirmed), and the automatic backup when the app closes.

The backups themselves are hubdesk.db.backup's: a consistent copy through SQLite's online backup
API, verified by opening it and running an integrity check.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from hubdesk.errors import DatabaseProblem, DomainError, HubdeskError
from hubdesk.i18n import _
from hubdesk.ui.common.operations import Change, announce

log = logging.getLogger(__name__)
RETENTION_KEY = "backup/retention"
SIGNED_OUT_ACTOR = "system:signed-out"


def backups_supported(db) -> bool:
    return bool(getattr(db, "is_sqlite", False) and getattr(db, "path", None) is not None)


def backup_folder(db) -> Path | None:
    """Where backups of this database go (the same rule as hubdesk.db.backup)."""
    from hubdesk import paths

    if not backups_supported(db):
        return None
    source = db.path
    return paths.backups_dir() if source == paths.default_database_path() else source.parent / "backups"


def retention() -> int:
    from hubdesk.db.backup import DEFAULT_RETENTION
    from hubdesk.ui.context import AppContext

    try:
        return max(1, int(AppContext.settings().value(RETENTION_KEY, DEFAULT_RETENTION)))
    except (TypeError, ValueError):
        return DEFAULT_RETENTION


def set_retention(count: int) -> None:
    from hubdesk.ui.context import AppContext

    AppContext.settings().setValue(RETENTION_KEY, max(1, int(count)))


def backup_now(context, parent: QWidget | None = None) -> Path | None:
    """Write a verified backup now (in a worker behind a progress dialog), keep the newest
    `retention()` ones, and say where it went. Raises DatabaseProblem with a sentence on failure."""
    from hubdesk.db.backup import automatic_backup
    from hubdesk.ui.common.worker import run_with_progress

    db = context.db
    folder = backup_folder(db)
    if folder is None:
        raise DatabaseProblem(_("Backups from hubdesk are for the embedded SQLite database. Back up a "
                                "PostgreSQL server with its own tools (pg_dump)."))
    keep = retention()
    path = run_with_progress(parent, _("Backing up the database…"),
                             lambda _progress, _cancelled: automatic_backup(db, folder, retention=keep, force=True))
    if path is not None:
        context.bus.status_message.emit(_("Backup written and checked: {path}").format(path=path))
    return path


def _ask_confirm_restore(parent: QWidget | None, backup: Path, database: Path) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Restore a backup"),
                      _("Replace the database by the backup {backup}?").format(backup=backup.name),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(
        _("Everything entered since that backup will no longer be in the database. The current file "
          "{database} is not deleted: it is kept aside next to it, so it can be brought back. hubdesk "
          "closes its connections, puts the backup in place and then reads the restored data. Other "
          "computers or windows using this database must be closed first.").format(database=database))
    box.button(QMessageBox.StandardButton.Yes).setText(_("Restore"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


ask_confirm_restore: Callable[[QWidget | None, Path, Path], bool] = _ask_confirm_restore  # tests replace it


def restore_backup(context, backup: Path, parent: QWidget | None = None) -> Path | None:
    """Put `backup` in place of the open database after asking; returns where the replaced file
    was kept (None when the person said no). Every connection is closed first; the restored file is
    brought to the current schema, then every screen reloads from it."""
    from hubdesk.db.backup import restore_database, verify_backup
    from hubdesk.db.database import open_database
    from hubdesk.ui.common.worker import wait_for_workers

    from hubdesk.db.audit import current_role
    from hubdesk.db.enums import Role

    db = context.db
    if not backups_supported(db):
        raise DatabaseProblem(_("Backups from hubdesk are for the embedded SQLite database. Back up a "
                                "PostgreSQL server with its own tools (pg_dump)."))
    if current_role() is not Role.ADMIN:  # a file operation: no session hook sees it, so it is checked here
        raise DomainError(_("Only an administrator can restore a backup."), code="permission")
    backup = Path(backup)
    verify_backup(backup)  # a damaged or newer backup is refused before anything is asked or closed
    if not ask_confirm_restore(parent, backup, db.path):
        return None
    wait_for_workers()
    db.dispose()
    result = restore_database(db.path, backup)   # an older backup is migrated before it is put in place
    aside = result.aside
    open_database(db.path).dispose()  # the open hooks read the restored file (the foundation's zone)
    db.dispose()
    if result.damaged:
        context.bus.status_message.emit(_("The backup {backup} was restored. The damaged database was kept as "
                                          "{aside}.").format(backup=backup.name, aside=aside))
    else:
        context.bus.status_message.emit(_("The backup {backup} was restored. The replaced database was kept as "
                                          "{aside}.").format(backup=backup.name, aside=aside))
    sign_in_again(context, parent)
    announce(context, Change.ANY)  # every screen reads the restored file again
    return aside


def sign_in_again(context, parent: QWidget | None = None):
    """After a restore, who works on is decided again from the restored file's own accounts, as at
    start: the person signed in before may not exist there, be locked or have another role. With
    password accounts the sign-in dialog asks (Quit closes the app, and until then nothing may be
    changed); without any, the app goes on unprotected as it does at start. The main window is
    fitted to the new role, and an administrator's window left open closes when the role is not
    an administrator's any more. Returns the SignIn (None when the person quit)."""
    from hubdesk.db import audit
    from hubdesk.db.enums import Role
    from hubdesk.ui.accounts import dialog as accounts_dialog
    from hubdesk.ui.accounts import signin
    from hubdesk.ui.accounts.permissions_ui import apply_role
    from hubdesk.ui.common.widgets import main_windows

    db = context.db
    if signin.accounts_exist(db):
        signed = accounts_dialog.ask_sign_in(db, parent)
    else:
        signed = signin.without_password(signin.pending_admin(db))
    main = next((w for w in main_windows() if w.context is context), None)
    if signed is None:
        audit.set_actor(SIGNED_OUT_ACTOR, Role.VIEWER)  # nobody may change anything on the way out
        if main is not None:
            main.close()
        return None
    audit.set_actor(signed.username, signed.role)
    context.user_name = signed.display_name
    if main is not None:
        apply_role(main, signed.role)
        main.retranslate_ui()  # the status bar's "Signed in as …"
    if parent is not None and signed.role is not Role.ADMIN and parent.window() is not main:
        parent.window().close()
    return signed


def backup_on_exit(context, *, shown: bool = False) -> Path | None:
    """The automatic backup when the app closes: at most one a day, the newest `retention()` kept,
    each verified. A failure is logged and said on the status bar; it never stops the app closing.
    `shown`: the app's windows are gone, so a small window says what is happening when it takes
    more than a moment (a database of ten years takes about half a minute to copy and check)."""
    from hubdesk.db.backup import automatic_backup

    db = getattr(context, "db", context)
    if not backups_supported(db):
        return None
    bus = getattr(context, "bus", None)
    folder, keep = backup_folder(db), retention()
    try:
        if shown:
            from hubdesk.ui.common.worker import run_with_progress

            path = run_with_progress(None, _("Writing and checking the daily backup before hubdesk closes…"),
                                     lambda _progress, _cancelled: automatic_backup(db, folder, retention=keep),
                                     cancellable=False)
        else:
            path = automatic_backup(db, folder, retention=keep)
    except HubdeskError as exc:
        log.warning("automatic backup failed: %s", exc.message)
        if bus is not None:
            bus.status_message.emit(_("The automatic backup failed: {problem}").format(problem=exc.message))
        return None
    except Exception:  # noqa: BLE001 - closing the app must not fail because of a backup
        log.exception("automatic backup failed")
        if bus is not None:
            bus.status_message.emit(_("The automatic backup failed; the database itself is not affected."))
        return None
    if path is not None:
        log.info("automatic backup written: %s", path)
        if bus is not None:
            bus.status_message.emit(_("Backup written and checked: {path}").format(path=path))
    return path
