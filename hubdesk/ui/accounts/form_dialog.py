"""The accounts' form dialog and the sign-in dialog, light enough to be shown before the database
is open: nothing here imports SQLAlchemy, the database layer or the domain at import time (the
start-up shows the sign-in dialog while the database opens on a worker thread; see
`hubdesk/ui/app.py`). The other account dialogs are in `dialog.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from hubdesk.errors import DomainError, HubdeskError
from hubdesk.i18n import _
from hubdesk.ui.common import errors, forms
from hubdesk.ui.common.layouts import vbox

if TYPE_CHECKING:
    from hubdesk.domain.accounts import SignIn
    from hubdesk.ui.common.worker import Background


class _Refused(Exception):
    """A write through `write_op` was refused (and shown); carries the refusal."""

    def __init__(self, error: BaseException | None):
        super().__init__(str(error))
        self.error = error


def password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit


class FormDialog(QDialog):
    """A form with labelled rows, a problem line and OK / Cancel; `attempt()` does the work and may
    raise DomainError, whose sentence is shown under the form (the dialog stays open)."""

    # the versions of the records the form was filled from (hubdesk.domain.versions); empty: a new record
    based_on: dict[tuple[str, int], int] = {}

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumWidth(440)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self._row_labels: list[tuple[QLabel, Callable[[], str]]] = []
        self.problem_label = forms.problem_label(self, hidden=False)
        self.buttons = forms.ok_cancel_buttons(self)
        vbox(self, self.intro, self.form, self.problem_label, self.buttons)

    def add_row(self, text: Callable[[], str], widget: QWidget) -> None:
        row_label = QLabel(self)
        row_label.setBuddy(widget)
        self.form.addRow(row_label, widget)
        self._row_labels.append((row_label, text))

    def retranslate_ui(self, *_args) -> None:
        for row_label, text in self._row_labels:
            row_label.setText(text())

    def field_widgets(self) -> dict[str, QWidget]:
        return {}

    def attempt(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def write(self, context, fn: Callable, *args, **kwargs):
        """Run the domain function `fn(session, *args, **kwargs)` through `write_op` (the account
        change is announced); a refusal, already shown, raises _Refused."""
        from hubdesk.ui.common.operations import Change, write_op

        result = write_op(context, self, fn, *args, changes=Change.APP_USER, problem=self.problem_label,
                          based_on=self.based_on, **kwargs)
        if not result.ok:
            raise _Refused(result.error)
        return result.value

    def accept(self) -> None:
        self.problem_label.clear()
        try:
            self.attempt()
        except _OpeningFailed:
            self.reject()     # the start-up says why the database could not be opened
            return
        except _Refused as refused:
            self.problem_label.show()
            if isinstance(refused.error, DomainError):
                self._refused(refused.error)
            return
        except DomainError as exc:
            self.problem_label.setText(exc.message)
            self._refused(exc)
            return
        except HubdeskError as exc:
            errors.show_error(self, exc)
            return
        super().accept()

    def _refused(self, exc: DomainError) -> None:
        widget = self.field_widgets().get(exc.field or "")
        if widget is not None:
            widget.setFocus()
        self.after_refusal(exc)

    def after_refusal(self, exc: DomainError) -> None:
        """Clear password fields after a refusal (each subclass knows which)."""


class _OpeningFailed(Exception):
    """The database being opened behind the sign-in dialog could not be opened (the start-up says why)."""


class SignInDialog(FormDialog):
    """User name and password; `signed_in` holds the SignIn once OK succeeded.

    At start-up it may come up while the database is still opening (`opening`, with `db` None): the
    person types meanwhile; "Sign in" waits for the database if it is not open yet, and the dialog
    closes itself (rejected) when the database cannot be opened, which the start-up then explains."""

    def __init__(self, db, parent: QWidget | None = None, *, username: str = "",
                 opening: "Background | None" = None):
        super().__init__(parent)
        self.setObjectName("SignInDialog")
        self.db = db
        self.opening = opening
        if opening is not None:
            opening.worker.signals.finished.connect(self._database_opened)
            opening.worker.signals.failed.connect(lambda _exc: self.reject())
        self.signed_in: SignIn | None = None
        self.username_edit = QLineEdit(self)
        self.username_edit.setText(username)
        self.password_edit = password_edit(self)
        self.add_row(lambda: _("User name:"), self.username_edit)
        self.add_row(lambda: _("Password:"), self.password_edit)
        (self.password_edit if username else self.username_edit).setFocus()
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Sign in to hubdesk"))
        self.intro.setText(_("Sign in with your user name and password. If you forgot your password, ask an "
                             "administrator to reset it."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Quit"))

    def field_widgets(self) -> dict[str, QWidget]:
        return {"username": self.username_edit, "password": self.password_edit}

    def _database_opened(self, db) -> None:
        if self.db is None:
            self.db = db

    def attempt(self) -> None:
        from hubdesk.ui.accounts import signin

        if not self.username_edit.text().strip():
            self.username_edit.setFocus()
            raise DomainError(_("Enter your user name."), field="username")
        if self.db is None and self.opening is not None:
            try:   # "Sign in" pressed before the database is open: wait for it (a window after 300 ms)
                self.db = self.opening.wait(self, _("Opening the database…"), cancellable=False)
            except BaseException:
                raise _OpeningFailed() from None
        self.signed_in = signin.attempt_sign_in(self.db, self.username_edit.text(), self.password_edit.text())
        self.password_edit.clear()

    def after_refusal(self, exc: DomainError) -> None:
        self.password_edit.clear()
        if exc.field != "username":
            self.password_edit.setFocus()


def last_user_name() -> str:
    from hubdesk.ui.context import AppContext

    return str(AppContext.settings().value("accounts/last_user", "") or "")


def dismiss_in_smoke_runs(dialog: QDialog) -> None:
    """`HUBDESK_QUIT_AFTER_MS` (smoke tests): nobody is there to answer, so the dialog gives up."""
    import os

    value = os.environ.get("HUBDESK_QUIT_AFTER_MS")
    if value and value.isdigit():
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(value), dialog.reject)
