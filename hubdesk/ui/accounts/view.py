"""User administration: the accounts with their roles and states, a new user, editing one (name,
role, language, may sign in), an administrator's password reset, and changing one's own password.
Only an administrator may change accounts; the buttons say so by being disabled, and the domain
refuses anyway."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QWidget

from hubdesk.i18n import _, ngettext
from hubdesk.ui.accounts import permissions_ui
from hubdesk.ui.accounts.table_model import UsersTableModel, load_users
from hubdesk.ui.common import errors
from hubdesk.ui.common.layouts import PAGE_MARGINS, STRETCH, hbox, muted_label, page_title, push_button, vbox
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import configure_table_view, current_row


class UsersView(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = UsersTableModel(parent=self)
        self._dialog = None
        self.title = page_title(self)
        self.new_button = push_button(self, self.new_user)
        self.edit_button = push_button(self, self.edit_user)
        self.reset_button = push_button(self, self.reset_password)
        self.own_button = push_button(self, self.change_own_password)
        self.note = muted_label(self, wrap=True)
        self.count_label = muted_label(self)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())

        top = hbox(self.title, STRETCH, self.new_button, self.edit_button, self.reset_button, self.own_button)
        vbox(self, top, self.note, (self.table, 1), self.count_label, margins=PAGE_MARGINS)
        for column, width in ((UsersTableModel.COL_USERNAME, 160), (UsersTableModel.COL_NAME, 200),
                              (UsersTableModel.COL_ROLE, 120), (UsersTableModel.COL_LANGUAGE, 110)):
            self.table.setColumnWidth(column, width)
        context.bus.language_changed.connect(self.retranslate_ui)
        context.bus.data_changed.connect(self._on_data_changed)
        self.refresh()
        self.retranslate_ui()
        self.apply_role()

    def apply_role(self, role=None) -> None:
        admin = permissions_ui.is_admin(role)
        for button in (self.new_button, self.edit_button, self.reset_button):
            button.setEnabled(admin)
        self.note.setVisible(not admin)

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Users"))
        self.new_button.setText(_("New user…"))
        self.edit_button.setText(_("Edit…"))
        self.reset_button.setText(_("Reset password…"))
        self.own_button.setText(_("Change my password…"))
        self.note.setText(_("Only an administrator can create and change users and reset passwords."))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.refresh()

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.APP_USER):
            self.refresh()

    def refresh(self) -> None:
        keep = self.selected_username()
        with errors.guard(self):
            self.model.set_rows(load_users(self.context.db))
        if keep:
            self.select_username(keep)
        n = self.model.rowCount()
        self.count_label.setText(ngettext("{count} user", "{count} users", n).format(count=n))

    def selected_username(self) -> str | None:
        row = current_row(self.table, self.model)
        return None if row is None else row["username"]

    def select_username(self, username: str) -> None:
        row = self.model.row_of_username(username)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _saved(self, username: str, message: str) -> None:
        self.refresh()
        self.select_username(username)
        self.context.bus.status_message.emit(message.format(name=username))

    def _open(self, dialog, done: Callable[[], str]) -> None:
        """Open `dialog`; once it saves, reload, select the user and say `done()` (its {name}: the user)."""
        dialog.saved.connect(lambda name: self._saved(name, done()))
        dialog.open()
        self._dialog = dialog

    def _selected_or_say(self, title: str) -> str | None:
        username = self.selected_username()
        if username is None:
            errors.show_message(self, title, _("Select a user in the list first."), "info")
        return username

    def new_user(self) -> None:
        from hubdesk.ui.accounts.dialog import UserDialog

        self._open(UserDialog(self.context, self), lambda: _("User {name} created."))

    def edit_user(self) -> None:
        username = self._selected_or_say(_("Edit user"))
        if username is not None:
            from hubdesk.ui.accounts.dialog import EditUserDialog

            row = current_row(self.table, self.model)

            def make() -> EditUserDialog:
                dialog = EditUserDialog(self.context, username, self)
                dialog.saved.connect(lambda name: self._saved(name, _("User {name} changed.")))
                return dialog

            # one editor per account: an open one is brought forward
            self._dialog = self.context.editors.open("app_user", row["id"], make)

    def reset_password(self) -> None:
        username = self._selected_or_say(_("Reset password"))
        if username is not None:
            from hubdesk.ui.accounts.dialog import ResetPasswordDialog

            self._open(ResetPasswordDialog(self.context, username, self),
                       lambda: _("The password of {name} was reset."))

    def change_own_password(self) -> None:
        from hubdesk.db.audit import current_actor
        from hubdesk.ui.accounts.dialog import ChangePasswordDialog

        self._open(ChangePasswordDialog(self.context, current_actor(), self), lambda: _("Your password was changed."))
