"""User administration: the accounts with their roles and states, a new user, editing one (name,
role, language, may sign in), an administrator's password reset, and changing one's own password.
Only an administrator may change accounts; the buttons say so by being disabled, and the domain
refuses anyway."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from hubdesk.i18n import _, ngettext
from hubdesk.ui.accounts import permissions_ui
from hubdesk.ui.accounts.table_model import UsersTableModel, load_users
from hubdesk.ui.common import errors
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import configure_table_view


class UsersView(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = UsersTableModel(parent=self)
        self._dialog = None
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_user)
        self.edit_button = QPushButton(self)
        self.edit_button.clicked.connect(self.edit_user)
        self.reset_button = QPushButton(self)
        self.reset_button.clicked.connect(self.reset_password)
        self.own_button = QPushButton(self)
        self.own_button.clicked.connect(self.change_own_password)
        self.note = QLabel(self)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.reset_button)
        top.addWidget(self.own_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
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
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows()[index.row()]["username"]

    def select_username(self, username: str) -> None:
        row = self.model.row_of_username(username)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _saved(self, username: str, message: str) -> None:
        self.refresh()
        self.select_username(username)
        self.context.bus.status_message.emit(message.format(name=username))

    def new_user(self) -> None:
        from hubdesk.ui.accounts.dialog import UserDialog

        dialog = UserDialog(self.context, self)
        dialog.saved.connect(lambda name: self._saved(name, _("User {name} created.")))
        dialog.open()
        self._dialog = dialog

    def edit_user(self) -> None:
        username = self.selected_username()
        if username is None:
            errors.show_message(self, _("Edit user"), _("Select a user in the list first."), "info")
            return
        from hubdesk.ui.accounts.dialog import EditUserDialog

        dialog = EditUserDialog(self.context, username, self)
        dialog.saved.connect(lambda name: self._saved(name, _("User {name} changed.")))
        dialog.open()
        self._dialog = dialog

    def reset_password(self) -> None:
        username = self.selected_username()
        if username is None:
            errors.show_message(self, _("Reset password"), _("Select a user in the list first."), "info")
            return
        from hubdesk.ui.accounts.dialog import ResetPasswordDialog

        dialog = ResetPasswordDialog(self.context, username, self)
        dialog.saved.connect(lambda name: self._saved(name, _("The password of {name} was reset.")))
        dialog.open()
        self._dialog = dialog

    def change_own_password(self) -> None:
        from hubdesk.db.audit import current_actor
        from hubdesk.ui.accounts.dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.context, current_actor(), self)
        dialog.saved.connect(lambda name: self._saved(name, _("Your password was changed.")))
        dialog.open()
        self._dialog = dialog
