"""The dialogs of accounts: sign-in, the first administrator's password, a new user, an
administrator's password reset, and changing one's own password.

Every dialog checks through the domain when OK is pressed and keeps its form open with the domain's
sentence under it when something is refused. Passwords are typed into hidden fields, cleared after
use, and never logged or shown.

`sign_in(db_or_context, parent)` is what the app calls at start; `ask_sign_in` and
`ask_initial_password` are the replaceable functions that show the dialogs.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from hubdesk.db.enums import Role
from hubdesk.domain.accounts import SignIn
from hubdesk.errors import DomainError, HubdeskError
from hubdesk.i18n import _
from hubdesk.ui.accounts import signin
from hubdesk.ui.common import errors, forms
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import vbox
from hubdesk.ui.accounts.form_dialog import FormDialog as _FormDialog
from hubdesk.ui.accounts.form_dialog import SignInDialog, _Refused, password_edit
from hubdesk.ui.accounts.form_dialog import dismiss_in_smoke_runs as _dismiss_in_smoke_runs
from hubdesk.ui.accounts.form_dialog import last_user_name as _last_user_name

__all__ = ["SignInDialog", "password_edit", "_Refused"]


class InitialPasswordDialog(_FormDialog):
    """The first administrator chooses a password (their name was given at first run); on a
    database without any user, the administrator's user name is asked too."""

    def __init__(self, db, pending: signin.PendingAdmin | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("InitialPasswordDialog")
        self.db = db
        self.pending = pending
        self.signed_in: SignIn | None = None
        self.username_edit = QLineEdit(self)
        if pending is not None:
            self.username_edit.setText(pending.username)
            self.username_edit.setReadOnly(True)
        self.password_edit = password_edit(self)
        self.again_edit = password_edit(self)
        self.add_row(lambda: _("Administrator:"), self.username_edit)
        self.add_row(lambda: _("New password:"), self.password_edit)
        self.add_row(lambda: _("New password again:"), self.again_edit)
        (self.password_edit if pending is not None else self.username_edit).setFocus()
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Choose the administrator's password"))
        self.intro.setText(_("From now on hubdesk asks for a user name and password at start. Choose the "
                             "administrator's password (at least 8 characters); the administrator can then "
                             "create accounts for the others in Administration."))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Not now"))

    def field_widgets(self) -> dict[str, QWidget]:
        return {"username": self.username_edit, "password": self.password_edit,
                "password_again": self.again_edit}

    def attempt(self) -> None:
        name = self.username_edit.text().strip()
        self.signed_in = signin.set_initial_password(
            self.db, name, self.password_edit.text(), self.again_edit.text(),
            display_name=self.pending.display_name if self.pending is not None else name)
        self.password_edit.clear()
        self.again_edit.clear()

    def after_refusal(self, exc: DomainError) -> None:
        self.password_edit.clear()
        self.again_edit.clear()


class UserDialog(_FormDialog):
    """A new user: user name, display name, role, language and a first password."""

    saved = Signal(str)  # the new user's name

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("UserDialog")
        self.context = context
        self.username_edit = QLineEdit(self)
        self.username_edit.setMaxLength(100)
        self.display_edit = QLineEdit(self)
        self.display_edit.setMaxLength(200)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem("", role.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role.STAFF.value))
        self.language_combo = QComboBox(self)
        from hubdesk import i18n

        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(i18n.get_language())))
        self.password_edit = password_edit(self)
        self.again_edit = password_edit(self)
        self.add_row(lambda: _("User name:"), self.username_edit)
        self.add_row(lambda: _("Full name:"), self.display_edit)
        self.add_row(lambda: _("Role:"), self.role_combo)
        self.add_row(lambda: _("Language:"), self.language_combo)
        self.add_row(lambda: _("Password:"), self.password_edit)
        self.add_row(lambda: _("Password again:"), self.again_edit)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("New user"))
        self.intro.setText(_("The new user signs in with this user name and password. Give the password to "
                             "them in person; they can change it once signed in."))
        for i in range(self.role_combo.count()):
            self.role_combo.setItemText(i, label(self.role_combo.itemData(i), Role))

    def field_widgets(self) -> dict[str, QWidget]:
        return {"username": self.username_edit, "display_name": self.display_edit, "role": self.role_combo,
                "password": self.password_edit, "password_again": self.again_edit}

    def attempt(self) -> None:
        from hubdesk.domain.accounts import create_user

        signin.check_same(self.password_edit.text(), self.again_edit.text())
        name = self.write(self.context, lambda s: create_user(
            s, username=self.username_edit.text(), display_name=self.display_edit.text(),
            role=Role(self.role_combo.currentData()), password=self.password_edit.text(),
            language=self.language_combo.currentData()).username)
        self.password_edit.clear()
        self.again_edit.clear()
        self.saved.emit(name)

    def after_refusal(self, exc: DomainError) -> None:
        if exc.field in ("password", "password_again"):
            self.password_edit.clear()
            self.again_edit.clear()


class EditUserDialog(_FormDialog):
    """An administrator changes an account's full name, role, language and whether it may sign in."""

    saved = Signal(str)

    def __init__(self, context, username: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("EditUserDialog")
        self.context = context
        self.username = username
        from hubdesk import i18n
        from hubdesk.domain.accounts import find_user

        with context.db.read() as s:
            user = find_user(s, username)
            values = (user.display_name, user.role.value, user.language, user.active) if user else ("", "", None, True)
            if user is not None:   # a save based on an older version of the account is refused (domain.versions)
                self.based_on = {("app_user", user.id): user.version}
        self.display_edit = QLineEdit(values[0], self)
        self.display_edit.setMaxLength(200)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem("", role.value)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(values[1])))
        self.language_combo = QComboBox(self)
        self.language_combo.addItem("", None)
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(values[2])))
        self.active_check = QCheckBox(self)
        self.active_check.setChecked(bool(values[3]))
        self.add_row(lambda: _("Full name:"), self.display_edit)
        self.add_row(lambda: _("Role:"), self.role_combo)
        self.add_row(lambda: _("Language:"), self.language_combo)
        self.add_row(lambda: "", self.active_check)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Edit user {name}").format(name=self.username))
        self.intro.setText(_("The role decides what {name} may change; a viewer only reads.")
                           .format(name=self.username))
        for i in range(self.role_combo.count()):
            self.role_combo.setItemText(i, label(self.role_combo.itemData(i), Role))
        self.language_combo.setItemText(0, _("As on the computer"))
        self.active_check.setText(_("May sign in (clear to close the account; its history stays)"))

    def field_widgets(self) -> dict[str, QWidget]:
        return {"display_name": self.display_edit, "role": self.role_combo}

    def attempt(self) -> None:
        from hubdesk.domain.accounts import update_user

        self.write(self.context, update_user, self.username, display_name=self.display_edit.text(),
                   role=Role(self.role_combo.currentData()), language=self.language_combo.currentData(),
                   active=self.active_check.isChecked())
        self.saved.emit(self.username)


class ResetPasswordDialog(_FormDialog):
    """An administrator gives a user a new password (and ends the waits after failed sign-ins)."""

    saved = Signal(str)

    def __init__(self, context, username: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ResetPasswordDialog")
        self.context = context
        self.username = username
        self.password_edit = password_edit(self)
        self.again_edit = password_edit(self)
        self.add_row(lambda: _("New password:"), self.password_edit)
        self.add_row(lambda: _("New password again:"), self.again_edit)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Reset password"))
        self.intro.setText(_("Choose a new password for {name}. Waits after failed sign-ins on the account end too.")
                           .format(name=self.username))

    def field_widgets(self) -> dict[str, QWidget]:
        return {"password": self.password_edit, "password_again": self.again_edit}

    def attempt(self) -> None:
        from hubdesk.domain.accounts import reset_password

        signin.check_same(self.password_edit.text(), self.again_edit.text())
        self.write(self.context, reset_password, self.username, self.password_edit.text())
        self.password_edit.clear()
        self.again_edit.clear()
        self.saved.emit(self.username)

    def after_refusal(self, exc: DomainError) -> None:
        self.password_edit.clear()
        self.again_edit.clear()


class ChangePasswordDialog(_FormDialog):
    """The signed-in person changes their own password (the current one is asked first)."""

    saved = Signal(str)

    def __init__(self, context, username: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ChangePasswordDialog")
        self.context = context
        self.username = username
        self.old_edit = password_edit(self)
        self.password_edit = password_edit(self)
        self.again_edit = password_edit(self)
        self.add_row(lambda: _("Current password:"), self.old_edit)
        self.add_row(lambda: _("New password:"), self.password_edit)
        self.add_row(lambda: _("New password again:"), self.again_edit)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Change my password"))
        self.intro.setText(_("Type your current password, then the new one twice (at least 8 characters)."))

    def field_widgets(self) -> dict[str, QWidget]:
        return {"old_password": self.old_edit, "password": self.password_edit, "password_again": self.again_edit}

    def attempt(self) -> None:
        from hubdesk.domain.accounts import change_own_password

        signin.check_same(self.password_edit.text(), self.again_edit.text())
        self.write(self.context, change_own_password, self.username, self.old_edit.text(),
                   self.password_edit.text())
        for edit in (self.old_edit, self.password_edit, self.again_edit):
            edit.clear()
        self.saved.emit(self.username)

    def after_refusal(self, exc: DomainError) -> None:
        for edit in (self.old_edit, self.password_edit, self.again_edit):
            edit.clear()


# --- what the app calls at start ----------------------------------------------------------------
def _ask_sign_in(db, parent: QWidget | None) -> SignIn | None:
    dialog = SignInDialog(db, parent, username=_last_user_name())
    _dismiss_in_smoke_runs(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.signed_in


def _ask_initial_password(db, pending: signin.PendingAdmin | None, parent: QWidget | None) -> SignIn | None:
    """The first administrator's password; "Not now" goes on without one, as before accounts
    (nothing is protected until some account has a password)."""
    dialog = InitialPasswordDialog(db, pending, parent)
    _dismiss_in_smoke_runs(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return signin.without_password(pending)
    return dialog.signed_in


ask_sign_in: Callable[[object, QWidget | None], SignIn | None] = _ask_sign_in  # tests replace it
ask_initial_password = _ask_initial_password  # tests replace it


def sign_in(db_or_context, parent: QWidget | None = None) -> SignIn | None:
    """Who works in this session. Once any account has a password, the sign-in dialog (None means
    Quit: the app quits). Before that, the first administrator is asked to choose a password, and
    may answer "Not now" and work as before, unprotected. A database without any account (a demo
    database, one filled from the command line) asks nothing: there is no administrator to give a
    password, and the person works as this PC's account, as on the command line. On a PostgreSQL server
    set up with `hubdesk server-setup`, a person whose hubdesk connects with their own login is that
    account without a dialog (the server checked the password). The person is then the actor of every
    change (and `context.user_name` shows them)."""
    db = getattr(db_or_context, "db", db_or_context)
    # connected with the person's own login on a set-up PostgreSQL server: the server signed them in
    signed = signin.server_sign_in(db)
    if signed is None:
        if signin.accounts_exist(db):
            signed = ask_sign_in(db, parent)
        elif (pending := signin.pending_admin(db)) is None and not signin.users_exist(db):
            signed = signin.without_password(None)
        else:
            signed = ask_initial_password(db, pending, parent)
    if signed is None:
        return None
    return finish_sign_in(db_or_context, signed)


def finish_sign_in(db_or_context, signed: SignIn) -> SignIn:
    """What follows a sign-in, however it was answered (here, or in the dialog shown while the
    database opened: `early_sign_in`): the person is the actor of every change, this PC remembers
    their user name, and the interface takes their language."""
    from hubdesk.db import audit
    from hubdesk.ui.context import AppContext

    audit.set_actor(signed.username, signed.role)
    AppContext.settings().setValue("accounts/last_user", signed.username)
    if hasattr(db_or_context, "user_name"):
        db_or_context.user_name = signed.display_name
    apply_user_language(db_or_context, signed.username)
    return signed


def apply_user_language(db_or_context, username: str) -> str | None:
    """Switch to the language saved on the signed-in person's account (Users), if it has one: the
    person works in their language whatever the PC's setting. Returns the language applied."""
    from hubdesk import i18n
    from hubdesk.domain.accounts import find_user
    from hubdesk.ui.common.widgets import main_windows

    db = getattr(db_or_context, "db", db_or_context)
    with db.read() as s:
        user = find_user(s, username)
        lang = user.language if user is not None else None
    if not lang or lang not in i18n.LANGUAGES:
        return None
    # the main window of this database, or the frame still opening it (its db is None then)
    context = db_or_context if hasattr(db_or_context, "set_language") else next(
        (w.context for w in main_windows() if w.context.db in (db, None)), None)
    if context is not None:
        context.set_language(lang)  # every open widget retranslates
    elif lang != i18n.get_language():
        from hubdesk.ui.common.i18n_qt import install_qt_translators

        i18n.set_language(lang)
        install_qt_translators(i18n.get_language())
    return lang


def set_initial_password_dialog(db, parent: QWidget | None = None) -> SignIn | None:
    """Only the first administrator's password (None when accounts exist already)."""
    if signin.accounts_exist(db):
        return None
    return ask_initial_password(db, signin.pending_admin(db), parent)
