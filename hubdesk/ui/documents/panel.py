"""The documents of one record, the same panel on every page that has them (an organization, a case
and each item of its checklist, a facility, a resource, a program, an event): the list, Add… (a file
dialog, or files dropped on the panel), Open (a temporary copy in the system's viewer), Save a
copy… (into a folder the person chooses, under a safe name), Replace… (a new version, the earlier
ones kept: the table's context menu lists every version and opens any of them) and Remove
(administrators).

Writes go through `write_op` (hubdesk.domain.documents); reads through `queries.py`. The questions
it asks (which files, which kind and date, which folder, are you sure) are module-level functions
that tests replace.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMenu, QMessageBox,
                               QPushButton, QTableView, QWidget)

from hubdesk.db.enums import DocumentKind, DocumentOwner
from hubdesk.i18n import _, ngettext
from hubdesk.ui.common import errors, file_dialogs
from hubdesk.ui.common.date_edit import OptionalDateEdit
from hubdesk.ui.common.display import format_datetime
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.layouts import STRETCH, hbox, push_button, vbox
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.widgets import configure_table_view, current_row
from hubdesk.ui.documents import queries
from hubdesk.ui.documents.table_model import DocumentsTableModel, fit_columns

BACKGROUND_BYTES = 8 * 1000 * 1000   # files larger than this together are stored behind a progress window


class DocumentDetailsDialog(QDialog):
    """Which kind of document the files are, and the date of a letter."""

    def __init__(self, names: list[str], kind: DocumentKind, parent: QWidget | None = None,
                 certifications: list[tuple[int, str]] = ()):
        super().__init__(parent)
        self.setObjectName("DocumentDetailsDialog")
        self.names = names
        self.certifications = list(certifications)
        self.files_label = QLabel(self)
        self.files_label.setWordWrap(True)
        self.kind_box = QComboBox(self)
        for member in DocumentKind:
            self.kind_box.addItem("", member)
        self.kind_box.setCurrentIndex(list(DocumentKind).index(kind))
        self.date_edit = OptionalDateEdit(self)
        self.certification_box = QComboBox(self)     # which certification a certificate proves
        self.certification_box.addItem("", None)
        for cert_id, text in self.certifications:
            self.certification_box.addItem(text, cert_id)
        self.kind_caption, self.date_caption, self.certification_caption = QLabel(self), QLabel(self), QLabel(self)
        self.problem = QLabel(self)
        self.problem.setObjectName("fieldProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.kind_caption, self.kind_box)
        form.addRow(self.date_caption, self.date_edit)
        form.addRow(self.certification_caption, self.certification_box)
        for widget in (self.certification_caption, self.certification_box):
            widget.setVisible(bool(self.certifications))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        vbox(self, self.files_label, form, self.problem, self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Attach documents"))
        self.files_label.setText(ngettext("Attach {count} file: {names}", "Attach {count} files: {names}",
                                          len(self.names)).format(count=len(self.names), names=", ".join(self.names)))
        for i in range(self.kind_box.count()):
            self.kind_box.setItemText(i, label(self.kind_box.itemData(i)))
        self.kind_caption.setText(_("Kind"))
        self.date_caption.setText(_("Letter date"))
        self.certification_caption.setText(_("Certificate of"))
        self.certification_box.setItemText(0, _("No certification"))

    def value(self) -> tuple[DocumentKind, dt.date | None, int | None]:
        return DocumentKind(self.kind_box.currentData()), self.date_edit.value(), self.certification_box.currentData()


def _ask_files(parent: QWidget) -> list[str]:
    return file_dialogs.get_open_file_names(parent, _("Attach documents"), str(Path.home()))


Details = tuple[DocumentKind, dt.date | None] | tuple[DocumentKind, dt.date | None, int | None]


def _ask_details(parent: QWidget, names: list[str], kind: DocumentKind,
                 certifications: list[tuple[int, str]] = ()) -> Details | None:
    """The kind and letter date of the files, and (on an organization) the certification a
    certificate proves; None when cancelled."""
    dialog = DocumentDetailsDialog(names, kind, parent, certifications)
    try:
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def _ask_replacement(parent: QWidget, name: str) -> str:
    path, _filter = file_dialogs.get_open_file_name(parent, _("New version of {name}").format(name=name),
                                                    str(Path.home()))
    return path


def _ask_folder(parent: QWidget) -> str:
    return file_dialogs.get_existing_directory(parent, _("Save a copy in the folder"), str(Path.home()))


def _confirm_remove(parent: QWidget, name: str) -> bool:
    answer = QMessageBox.question(parent, _("Remove the document"),
                                  _("Remove {name}? It disappears from the list; the audit trail keeps who "
                                    "removed it and when.").format(name=name),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def _open_url(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# tests replace these
ask_files: Callable[[QWidget], list[str]] = _ask_files
ask_details: Callable[..., Details | None] = _ask_details
ask_replacement: Callable[[QWidget, str], str] = _ask_replacement
ask_folder: Callable[[QWidget], str] = _ask_folder
confirm_remove: Callable[[QWidget, str], bool] = _confirm_remove
open_url: Callable[[Path], bool] = _open_url


def _attach_all(session, owner: DocumentOwner, owner_id: int, paths: list[str], kind: DocumentKind,
                dated_on: dt.date | None, actor: str | None, certification_id: int | None = None) -> int:
    from hubdesk.domain import documents

    for path in paths:
        documents.attach(session, owner, owner_id, Path(path), kind=kind, dated_on=dated_on, actor=actor,
                         certification_id=certification_id)
    return len(paths)


def _replace(session, attachment_id: int, path: str, actor: str | None):
    from hubdesk.domain import documents

    return documents.replace(session, attachment_id, Path(path), actor=actor)


def _remove(session, attachment_id: int, actor: str | None):
    from hubdesk.domain import documents

    return documents.remove(session, attachment_id, actor=actor)


class DocumentsPanel(QWidget):
    """The documents of the record (`owner`, `owner_id`); `set_owner` points it at another record
    of the kind (None: no record, nothing can be added). `changed` after a write.

    `unsaved()` gives the sentence shown above a disabled panel while its record is not saved yet
    ("Save the event first to attach documents."); `note()` a sentence shown above the list
    otherwise (where the documents are kept). Both are asked again when the language changes."""

    changed = Signal()

    def __init__(self, context, owner: DocumentOwner, owner_id: int | None = None, parent: QWidget | None = None,
                 *, default_kind: DocumentKind = DocumentKind.OTHER, unsaved: Callable[[], str] | None = None,
                 note: Callable[[], str] | None = None):
        super().__init__(parent)
        self.setObjectName("DocumentsPanel")
        self.context = context
        self.owner = DocumentOwner(owner)
        self.owner_id = owner_id
        self.default_kind = default_kind
        self.unsaved, self.note = unsaved, note
        self._stale = owner_id is not None
        self.note_label = QLabel(self)
        self.note_label.setObjectName("muted")
        self.note_label.setWordWrap(True)
        self.setAcceptDrops(True)
        self.model = DocumentsTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        # a certificate's validity comes from the organization's certification: elsewhere always empty
        self.table.setColumnHidden(DocumentsTableModel.COL_VALID, self.owner is not DocumentOwner.ORGANIZATION)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._versions_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.add_button = push_button(self, self.add)
        self.open_button = push_button(self, self.open_current)
        self.save_button = push_button(self, self.save_current)
        self.replace_button = push_button(self, self.replace_current)
        self.remove_button = push_button(self, self.remove_current)
        self.buttons: list[QPushButton] = [self.add_button, self.open_button, self.save_button,
                                           self.replace_button, self.remove_button]
        vbox(self, self.note_label, hbox(*self.buttons, STRETCH), (self.table, 1), margins=(0, 0, 0, 0))
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self._enable()

    def retranslate_ui(self, *_args) -> None:
        self.add_button.setText(_("Add…"))
        self.open_button.setText(_("Open"))
        self.save_button.setText(_("Save a copy…"))
        self.replace_button.setText(_("Replace…"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Only an administrator can remove a document."))
        hint = _("Drop files here to attach them. Replacing a document keeps its earlier versions.")
        self.table.setToolTip(hint)
        self.add_button.setToolTip(hint)
        self._show_note()
        self._redraw()

    def _show_note(self) -> None:
        text = ""
        if self.owner_id is None and self.unsaved is not None:
            text = self.unsaved()
        elif self.owner_id is not None and self.note is not None:
            text = self.note()
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    def _redraw(self) -> None:
        from PySide6.QtCore import Qt

        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.model.layoutChanged.emit()
        fit_columns(self.table)

    # --- reading -------------------------------------------------------------------------------
    def set_owner(self, owner_id: int | None) -> None:
        """Show the documents of another record of the kind: read now when the panel is on screen,
        else when it is first shown (a tab nobody opens costs no statement)."""
        self.owner_id = owner_id
        self._stale = True
        self._show_note()
        if self.isVisible():
            self.reload()
        else:
            self.model.set_rows([])
            self._enable()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        rows: list[dict] = []
        if self.owner_id is not None and self.context.db is not None:
            with errors.guard(self):
                rows = queries.documents_of(self.context.db, self.owner, self.owner_id)
        self.model.set_rows(rows)
        fit_columns(self.table)
        self._enable()

    def rows(self) -> list[dict]:
        return [dict(r) for r in self.model.rows()]

    def _current(self) -> dict | None:
        row = current_row(self.table, self.model)
        return dict(row) if row else None

    def _enable(self) -> None:
        has_owner = self.owner_id is not None
        self.table.setEnabled(has_owner)
        chosen = self._current() is not None
        self.add_button.setEnabled(has_owner)
        for button in (self.open_button, self.save_button, self.replace_button):
            button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and queries.is_admin())

    def select(self, attachment_id: int) -> bool:
        for row, values in enumerate(self.model.rows()):
            if values["id"] == attachment_id:
                self.table.selectRow(row)
                return True
        return False

    # --- writing -------------------------------------------------------------------------------
    def add(self) -> None:
        self.add_files(ask_files(self))

    def add_files(self, paths: list[str]) -> bool:
        """Attach the files (all or none) after asking their kind and date; True when stored."""
        paths = [p for p in paths if p]
        if not paths or self.owner_id is None:
            return False
        certifications = []
        if self.owner is DocumentOwner.ORGANIZATION and self.context.db is not None:
            with errors.guard(self):
                certifications = queries.certifications_of(self.context.db, self.owner_id)
        names = [Path(p).name for p in paths]
        answer = (ask_details(self, names, self.default_kind, certifications) if certifications
                  else ask_details(self, names, self.default_kind))
        if answer is None:
            return False
        kind, dated_on = answer[0], answer[1]
        certification_id = answer[2] if len(answer) > 2 and kind is DocumentKind.CERTIFICATE else None
        total = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
        result = write_op(self.context, self, _attach_all, self.owner, self.owner_id, paths, kind, dated_on,
                          self.context.user_name or None, certification_id, changes=Change.DOCUMENT,
                          background=total > BACKGROUND_BYTES, title=_("Storing the documents…"),
                          done=lambda n: ngettext("{count} document attached.", "{count} documents attached.",
                                                  n).format(count=n))
        self.reload()
        if result.ok:
            self.changed.emit()
        return result.ok

    def open_current(self) -> Path | None:
        row = self._current()
        if row is None or self.context.db is None:
            return None
        with errors.guard(self):
            path = queries.copy_to_open(self.context.db, row["id"])
            if not open_url(path):
                errors.show_message(self, _("Open the document"),
                                    _("No program on this computer opens {name}. A copy is at {path}.")
                                    .format(name=row["name"], path=path), "warning")
            return path
        return None

    def save_current(self) -> Path | None:
        return save_copy_of(self, self.context, self._current())

    def replace_current(self) -> bool:
        row = self._current()
        if row is None:
            return False
        path = ask_replacement(self, row["name"])
        if not path:
            return False
        result = write_op(self.context, self, _replace, row["id"], path, self.context.user_name or None,
                          changes=Change.DOCUMENT, based_on={("attachment", row["id"]): row["version"]},
                          done=_("New version stored; the earlier one is kept."))
        self.reload()
        if result.ok:
            self.select(result.value.id)
            self.changed.emit()
        return result.ok

    def remove_current(self) -> bool:
        row = self._current()
        if row is None or not confirm_remove(self, row["name"]):
            return False
        result = write_op(self.context, self, _remove, row["id"], self.context.user_name or None,
                          changes=Change.DOCUMENT, based_on={("attachment", row["id"]): row["version"]},
                          done=_("Document removed."))
        self.reload()
        if result.ok:
            self.changed.emit()
        return result.ok

    # --- earlier versions ----------------------------------------------------------------------
    def versions_menu(self) -> QMenu | None:
        """The chosen document's versions, the newest first, each opening its own file (None when
        no document is chosen)."""
        row = self._current()
        if row is None or self.context.db is None:
            return None
        menu = QMenu(self)
        with errors.guard(self):
            versions = queries.versions_of(self.context.db, row["id"])
            for number, version in zip(range(len(versions), 0, -1), versions):
                text = _("Version {number}: {name}, {when}").format(
                    number=number, name=version["name"], when=format_datetime(version["added_at"]))
                action = menu.addAction(text)
                action.triggered.connect(lambda _checked=False, v=version["id"]: self.open_version(v))
        return menu

    def _versions_menu(self, point) -> None:
        menu = self.versions_menu()
        if menu is not None:
            menu.popup(self.table.viewport().mapToGlobal(point))

    def open_version(self, attachment_id: int) -> Path | None:
        """Open one version of the document (an earlier one too) on a temporary copy."""
        with errors.guard(self):
            path = queries.copy_to_open(self.context.db, attachment_id)
            open_url(path)
            return path
        return None

    # --- drag and drop -------------------------------------------------------------------------
    @staticmethod
    def _dropped_files(event) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if p and Path(p).is_file()]

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.owner_id is not None and self._dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = self._dropped_files(event)
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)


def save_copy_of(parent, context, row) -> Path | None:
    """"Save a copy…" of the document `row` (a list row with "id" and "name"): asks for a folder,
    writes the copy there under a safe name and says where (the panel and the document search)."""
    if row is None or context.db is None:
        return None
    folder = ask_folder(parent)
    if not folder:
        return None
    with errors.guard(parent):
        path = queries.save_copy(context.db, row["id"], folder)
        context.bus.status_message.emit(_("{name} saved as {path}.").format(name=row["name"], path=path))
        return path
    return None
