"""The backups panel: back up now, the backups kept (when, how large), how many to keep, and
restore a chosen one (asked first; the current file is kept aside)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSpinBox, QTableView, QWidget

from hubdesk.i18n import _, ngettext
from hubdesk.ui.backup import actions
from hubdesk.ui.backup.table_model import BackupsTableModel, backup_rows
from hubdesk.ui.common import errors, file_dialogs
from hubdesk.ui.common.layouts import PAGE_MARGINS, STRETCH, hbox, muted_label, page_title, push_button, vbox
from hubdesk.ui.common.widgets import configure_table_view


def _ask_backup_file(parent: QWidget, folder: Path | None) -> str | None:
    path, _filter = file_dialogs.get_open_file_name(parent, _("Choose a backup to restore"),
                                                str(folder or Path.home()), _("hubdesk backups (*.db)"))
    return path or None


ask_backup_file = _ask_backup_file  # tests replace it


class BackupPanel(QWidget):
    restored = Signal(str)  # where the replaced database was kept

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = BackupsTableModel(parent=self)
        self.title = page_title(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.folder_label = muted_label(self, wrap=True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_button = push_button(self, self.back_up_now)
        self.restore_button = push_button(self, self.restore_selected)
        self.restore_file_button = push_button(self, self.restore_other_file)
        self.keep_label = QLabel(self)
        self.keep_spin = QSpinBox(self)
        self.keep_spin.setRange(1, 365)
        self.keep_spin.setValue(actions.retention())
        self.keep_spin.valueChanged.connect(actions.set_retention)
        self.table = QTableView(self)
        self.table.setObjectName("backupsTable")
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        self.table.setColumnWidth(BackupsTableModel.COL_TAKEN, 200)
        self.table.setColumnWidth(BackupsTableModel.COL_SIZE, 100)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.count_label = muted_label(self)

        top = hbox(self.title, STRETCH, self.backup_button, self.restore_button, self.restore_file_button)
        keep = hbox(self.keep_label, self.keep_spin, STRETCH)
        vbox(self, top, self.intro, self.folder_label, keep, (self.table, 1), self.count_label, margins=PAGE_MARGINS)
        self.apply_role()
        context.bus.language_changed.connect(self.retranslate_ui)
        self.refresh()
        self.retranslate_ui()

    def apply_role(self, role=None) -> None:
        """Anyone may take a backup; only an administrator may restore one or change how many are kept."""
        from hubdesk.ui.accounts.permissions_ui import is_admin

        supported = actions.backups_supported(self.context.db)
        admin = is_admin(role)
        self.backup_button.setEnabled(supported)
        for widget in (self.restore_button, self.restore_file_button, self.keep_spin):
            widget.setEnabled(supported and admin)

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Backups"))
        self.backup_button.setText(_("Back up now"))
        self.restore_button.setText(_("Restore…"))
        self.restore_file_button.setText(_("Restore from a file…"))
        self.keep_label.setText(_("Backups to keep:"))
        if actions.backups_supported(self.context.db):
            self.intro.setText(_("hubdesk makes a checked copy of the database when it closes, at most once a "
                                 "day, and keeps the newest ones. Restoring puts a backup in place of the "
                                 "database; the current file is kept aside."))
            self.folder_label.setText(_("Backup folder: {folder}").format(folder=actions.backup_folder(self.context.db)))
        else:
            self.intro.setText(_("Backups from hubdesk are for the embedded SQLite database. Back up a "
                                 "PostgreSQL server with its own tools (pg_dump)."))
            self.folder_label.setText("")
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected_path()
        folder = actions.backup_folder(self.context.db)
        self.model.set_rows(backup_rows(folder) if folder is not None else [])
        for row in range(self.model.rowCount()):
            if keep is not None and self.model.path_at(row) == keep:
                self.table.setCurrentIndex(self.model.index(row, 0))
        n = self.model.rowCount()
        self.count_label.setText(ngettext("{count} backup", "{count} backups", n).format(count=n))

    def selected_path(self) -> Path | None:
        if not hasattr(self, "table"):
            return None
        index = self.table.currentIndex()
        return self.model.path_at(index.row()) if index.isValid() else None

    def back_up_now(self) -> Path | None:
        with errors.guard(self):
            path = actions.backup_now(self.context, self)
            self.refresh()
            return path
        return None

    def restore_selected(self) -> Path | None:
        path = self.selected_path()
        if path is None:
            errors.show_message(self, _("Restore a backup"), _("Select a backup in the list first."), "info")
            return None
        return self._restore(path)

    def restore_other_file(self) -> Path | None:
        chosen = ask_backup_file(self, actions.backup_folder(self.context.db))
        return self._restore(Path(chosen)) if chosen else None

    def _restore(self, path: Path) -> Path | None:
        with errors.guard(self):
            aside = actions.restore_backup(self.context, path, self)
            self.refresh()
            if aside is not None:
                self.restored.emit(str(aside))
            return aside
        return None
