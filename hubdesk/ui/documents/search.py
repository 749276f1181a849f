"""The document search (Tools ▸ Find documents…): documents across every record by a part of the
name, kind, kind of record and date (the letter's date, else the day it was added), the newest
first; Open and Save a copy… as on a record's page, double-click opens the record, and the list
exports to Excel or CSV like every other list. The main window imports this module to build its
Tools menu before its first paint: nothing that loads the domain or SQLAlchemy at the top."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView, QWidget

from hubdesk.db.enums import DocumentKind, DocumentOwner
from hubdesk.i18n import N_, _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.common.layouts import STRETCH, hbox, muted_label, page_title, push_button, vbox
from hubdesk.ui.common.list_view import ask_export_file, export_shown_rows
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import FilterComboBox, SearchLineEdit, configure_table_view, current_row
from hubdesk.ui.documents import queries
from hubdesk.ui.documents.table_model import DocumentSearchTableModel, fit_columns

# the kind of record -> the record kind `context.open` understands
_OPENS: dict[DocumentOwner, str] = {DocumentOwner.ORGANIZATION: "organization", DocumentOwner.CASE: "case",
                                    DocumentOwner.FACILITY: "facility", DocumentOwner.RESOURCE: "resource",
                                    DocumentOwner.PROGRAM: "program"}


def _ask_export_path(parent: QWidget) -> str | None:
    return ask_export_file(parent, _("Export the documents"), _("documents.xlsx"))


ask_export_path: Callable[[QWidget], str | None] = _ask_export_path  # tests replace it


class DocumentSearchDialog(QDialog):
    def __init__(self, context, parent: QWidget | None = None):
        from hubdesk.ui.common.date_edit import DateRangeFilter   # the domain's clock: not before the first paint

        super().__init__(parent)
        self.setObjectName("DocumentSearchDialog")
        self.context = context
        self.resize(1160, 640)
        self.setSizeGripEnabled(True)
        self.title = page_title(self)
        self.search_edit = SearchLineEdit(self)
        self.search_edit.setMinimumWidth(220)
        self.kind_filter = FilterComboBox(N_("All kinds"), DocumentKind, parent=self)
        self.owner_filter = FilterComboBox(N_("All records"), DocumentOwner, parent=self)
        self.dates = DateRangeFilter(self)
        self.model = DocumentSearchTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        self.table.doubleClicked.connect(lambda _index: self.open_record())
        self.count_label = muted_label(self)
        self.open_button = push_button(self, self.open_current)
        self.save_button = push_button(self, self.save_current)
        self.export_button = push_button(self, self.export_current)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.kind_filter, self.owner_filter):
            box.value_changed.connect(lambda _v: self.refresh())
        for edit in (self.dates.from_edit, self.dates.to_edit):
            edit.value_changed.connect(lambda _v: self.refresh())
        filters = hbox(self.search_edit, self.kind_filter, self.owner_filter, self.dates, STRETCH)
        actions = hbox(self.count_label, STRETCH, self.open_button, self.save_button, self.export_button)
        vbox(self, self.title, filters, (self.table, 1), actions, self.buttons)
        context.bus.language_changed.connect(self.retranslate_ui)
        context.bus.data_changed.connect(self._on_data_changed)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Find documents"))
        self.title.setText(_("Documents"))
        self.search_edit.setPlaceholderText(_("Search by name"))
        self.open_button.setText(_("Open"))
        self.save_button.setText(_("Save a copy…"))
        self.export_button.setText(_("Export…"))
        self.kind_filter.retranslate_ui()
        self.owner_filter.retranslate_ui()
        self.dates.retranslate_ui()
        from PySide6.QtCore import Qt

        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.model.layoutChanged.emit()
        fit_columns(self.table)
        self._say_count()

    def _say_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(ngettext("{count} document", "{count} documents", n).format(count=n))

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.DOCUMENT):
            self.refresh()

    def refresh(self) -> None:
        if self.context.db is None:
            return
        with errors.guard(self):
            self.model.set_rows(queries.find_documents(
                self.context.db, text=self.search_edit.text(), kind=self.kind_filter.value(),
                owner=self.owner_filter.value(), date_from=self.dates.from_edit.value(),
                date_to=self.dates.to_edit.value()))
        fit_columns(self.table)
        self._say_count()

    def _current(self) -> dict | None:
        row = current_row(self.table, self.model)
        return dict(row) if row else None

    def open_current(self):
        from hubdesk.ui.documents import panel

        row = self._current()
        if row is None or self.context.db is None:
            return None
        with errors.guard(self):
            path = queries.copy_to_open(self.context.db, row["id"])
            panel.open_url(path)
            return path
        return None

    def save_current(self):
        from hubdesk.ui.documents import panel

        return panel.save_copy_of(self, self.context, self._current())

    def open_record(self) -> None:
        """Show the record the document is attached to (a checklist item: its case)."""
        row = self._current()
        if row is None:
            return
        owner = DocumentOwner(row["owner"])
        if owner is DocumentOwner.CASE_ITEM:
            with errors.guard(self):
                case_id = queries.case_of_item(self.context.db, row["owner_id"])
                self.context.open("case", case_id)
            return
        if owner in _OPENS:
            self.context.open(_OPENS[owner], row["owner_id"])

    def export_current(self) -> None:
        export_shown_rows(self, self.model, ask_export_path(self), lambda n: ngettext(
            "{count} document written to {path}", "{count} documents written to {path}", n), table=self.table)


def open_document_search(context, parent: QWidget | None = None) -> DocumentSearchDialog:
    """The Tools menu's entry: one search window, brought forward when it is already open."""
    existing = getattr(context, "_document_search", None)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = DocumentSearchDialog(context, parent)
    context._document_search = dialog
    dialog.show()
    return dialog


__all__ = ["DocumentSearchDialog", "open_document_search"]
