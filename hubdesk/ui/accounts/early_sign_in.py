"""The sign-in dialog shown while the database is still opening.

Opening takes time before a person can sign in (SQLAlchemy and the schema are imported, the file is
checked, a migration may run). When this PC remembers that the database asked for a password last
time, the start-up shows the sign-in dialog at once, right after the main window's frame, and opens
the database on a worker thread meanwhile (`hubdesk/ui/app.py`); the person types while it opens.
When it turns out that no password is needed any more (no account has one, or a PostgreSQL server
signed the person in with their own login), the dialog closes itself and the start-up goes on as
without it. Nothing here imports SQLAlchemy at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QDialog, QWidget

from hubdesk import paths

if TYPE_CHECKING:
    from hubdesk.domain.accounts import SignIn
    from hubdesk.ui.common.worker import Background


class NotNeeded:
    """The answer when the opened database needs no password (the usual sign-in then decides)."""


NOT_NEEDED = NotNeeded()


def database_key(db_target: str | None) -> str:
    """Which database a start opens, as this PC's settings remember it (no SQLAlchemy needed)."""
    target = db_target or os.environ.get("HUBDESK_DB") or str(paths.default_database_path())
    if "://" in target:
        return target
    return str(paths.user_path(target).resolve())


def _settings_key(db_target: str | None) -> str:
    import hashlib

    digest = hashlib.sha256(database_key(db_target).encode("utf-8")).hexdigest()[:16]
    return f"accounts/password_asked/{digest}"


def password_expected(db_target: str | None) -> bool:
    """This PC's last start on that database asked for a password."""
    from hubdesk.ui.context import AppContext

    return str(AppContext.settings().value(_settings_key(db_target), "")) == "1"


def remember_password_asked(db_target: str | None, asked: bool) -> None:
    from hubdesk.ui.context import AppContext

    settings = AppContext.settings()
    if asked:
        settings.setValue(_settings_key(db_target), "1")
    else:
        settings.remove(_settings_key(db_target))


def _ask_early_sign_in(opening: "Background", parent: QWidget | None) -> "SignIn | NotNeeded | None":
    """The sign-in dialog over the frame while `opening` runs: the SignIn, None for Quit (or when the
    database could not be opened: the start-up then says why), or NOT_NEEDED."""
    from hubdesk.ui.accounts.form_dialog import SignInDialog, dismiss_in_smoke_runs, last_user_name

    dialog = SignInDialog(None, parent, username=last_user_name(), opening=opening)
    not_needed: list[bool] = []

    def opened(db) -> None:
        from hubdesk.ui.accounts import signin

        if signin.server_sign_in(db) is not None or not signin.accounts_exist(db):
            not_needed.append(True)
            dialog.reject()

    opening.worker.signals.finished.connect(opened)
    dismiss_in_smoke_runs(dialog)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if not_needed:
        return NOT_NEEDED
    return dialog.signed_in if accepted else None


# tests and the start-up benchmark replace it, as they do accounts.dialog.ask_sign_in
ask_early_sign_in: Callable[["Background", QWidget | None], "SignIn | NotNeeded | None"] = _ask_early_sign_in
