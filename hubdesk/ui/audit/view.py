"""The audit-trail browser: who changed what and when, filtered by person, kind of record, action,
dates and free text, with the fields before and after of the selected event, and export of the
filtered list. Read only: the audit trail cannot be changed from the app (the domain refuses it
too), so this screen has no New, Save or Delete at all."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSplitter, QTableView, QWidget

from hubdesk.db.enums import AuditAction
from hubdesk.i18n import _, ngettext
from hubdesk.ui.audit.table_model import (AuditChangesTableModel, AuditTableModel, action_label,
                                          entity_label)
from hubdesk.ui.common import errors
from hubdesk.ui.common.date_edit import DateRangeFilter
from hubdesk.ui.common.display import format_datetime, person
from hubdesk.ui.common.layouts import PAGE_MARGINS, STRETCH, hbox, muted_label, page_title, push_button, vbox
from hubdesk.ui.common.lazy_table_model import RowRole
from hubdesk.ui.common.list_view import ask_export_file, export_shown_rows, redraw_texts, show_count
from hubdesk.ui.common.widgets import SearchLineEdit, configure_table_view


def _ask_export_path(parent: QWidget) -> str | None:
    return ask_export_file(parent, _("Export the audit trail"), _("audit-trail.xlsx"))


ask_export_path = _ask_export_path  # tests replace it


class AuditView(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = AuditTableModel(context.db, self)
        self.changes_model = AuditChangesTableModel(parent=self)

        self.title = page_title(self)
        self.export_button = push_button(self, self.export_current)
        self.refresh_button = push_button(self, self.refresh)
        self.search_edit = SearchLineEdit(self)
        self.search_edit.setMinimumWidth(220)
        self.search_edit.search_changed.connect(self.model.set_search)
        self.actor_combo = QComboBox(self)
        self.entity_combo = QComboBox(self)
        self.action_combo = QComboBox(self)
        for combo in (self.actor_combo, self.entity_combo, self.action_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action_combo.addItem("", None)
        for action in AuditAction:
            self.action_combo.addItem("", action.value)
        self.actor_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("actor", self.actor_combo.currentData()))
        self.entity_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("entity", self.entity_combo.currentData()))
        self.action_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("action", self.action_combo.currentData()))
        self.date_range = DateRangeFilter(self)
        self.from_edit, self.to_edit = self.date_range.from_edit, self.date_range.to_edit
        self.from_edit.value_changed.connect(lambda day: self.model.set_filter("date_from", day))
        self.to_edit.value_changed.connect(lambda day: self.model.set_filter("date_to", day))

        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(AuditTableModel.COL_AT, Qt.SortOrder.DescendingOrder)
        configure_table_view(self.table)
        self.detail_title = QLabel(self)
        self.detail_title.setWordWrap(True)
        self.detail_title.setObjectName("detailTitle")
        self.detail_table = QTableView(self)
        self.detail_table.setObjectName("auditChangesTable")
        self.detail_table.setModel(self.changes_model)
        configure_table_view(self.detail_table, sortable=False)
        self.detail_table.setWordWrap(True)
        self.count_label = muted_label(self)

        top = hbox(self.title, STRETCH, self.refresh_button, self.export_button)
        filters = hbox((self.search_edit, 2), self.actor_combo, self.entity_combo, self.action_combo,
                       self.date_range, STRETCH)
        detail = QWidget(self)
        vbox(detail, self.detail_title, (self.detail_table, 1), margins=(0, 0, 0, 0))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        vbox(self, top, filters, (self.splitter, 1), self.count_label, margins=PAGE_MARGINS)

        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(lambda: self.show_event_row(self.table.currentIndex().row()))
        self.model.loading_changed.connect(lambda _loading: self._update_count())
        self.model.load_failed.connect(lambda exc: errors.show_error(self, exc))
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self.show_event_row(current.row()))
        context.bus.language_changed.connect(self.retranslate_ui)
        self._stale = False
        context.bus.data_changed.connect(self._on_data_changed)
        for column, width in ((AuditTableModel.COL_AT, 140), (AuditTableModel.COL_ACTOR, 110),
                              (AuditTableModel.COL_ACTION, 60), (AuditTableModel.COL_ENTITY, 100),
                              (AuditTableModel.COL_RECORD, 150)):
            self.table.setColumnWidth(column, width)
        self.detail_table.setColumnWidth(AuditChangesTableModel.COL_FIELD, 130)
        self.detail_table.setColumnWidth(AuditChangesTableModel.COL_BEFORE, 150)
        self.model.ensure_loaded()
        self._load_choices()
        self.retranslate_ui()

    def _on_data_changed(self, _kind: str) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # read again when shown

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    # --- choices in the filters ---------------------------------------------------------------
    def _fill(self, combo: QComboBox, values: list, text) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        for value in values:
            combo.addItem(text(value), value)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.blockSignals(False)

    def _load_choices(self) -> None:
        with errors.guard(self):
            self._fill(self.actor_combo, self.model.distinct_values("actor"), person)
            self._fill(self.entity_combo, self.model.distinct_values("entity"), entity_label)

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Audit trail"))
        self.export_button.setText(_("Export…"))
        self.refresh_button.setText(_("Refresh"))
        self.search_edit.setPlaceholderText(_("Search names, values, people…"))
        self.actor_combo.setItemText(0, _("Everyone"))
        self.entity_combo.setItemText(0, _("All kinds of record"))
        for i in range(1, self.entity_combo.count()):
            self.entity_combo.setItemText(i, entity_label(self.entity_combo.itemData(i)))
        self.action_combo.setItemText(0, _("All actions"))
        for i in range(1, self.action_combo.count()):
            self.action_combo.setItemText(i, action_label(self.action_combo.itemData(i)))
        self.date_range.retranslate_ui()
        for edit in (self.from_edit, self.to_edit):
            edit.setSpecialValueText(_("Any date"))
        redraw_texts(self.model)
        self.changes_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.changes_model.columnCount() - 1)
        self.show_event_row(self.table.currentIndex().row())
        self._update_count()

    def _update_count(self) -> None:
        show_count(self.count_label, self.model, _("Collecting audit events…"),
                   lambda n: ngettext("{count} audit event", "{count} audit events", n).format(count=n))

    # --- the detail pane ----------------------------------------------------------------------
    def show_event_row(self, row: int) -> None:
        event = self.model.index(row, 0).data(RowRole) if row >= 0 else None
        self.changes_model.set_event(event)
        if event is None:
            self.detail_title.setText(_("Select an event to see the fields before and after."))
            return
        if event["entity_id"] is None:      # the database as a whole: a restore, demo data
            self.detail_title.setText(_("{action} {kind} by {actor} on {time}").format(
                action=action_label(event["action"]), kind=entity_label(event["entity"]),
                actor=person(event["actor"]), time=format_datetime(event["at"])))
            return
        self.detail_title.setText(
            _("{action} {kind} no. {id} by {actor} on {time}").format(
                action=action_label(event["action"]), kind=entity_label(event["entity"]),
                id=event["entity_id"], actor=person(event["actor"]), time=format_datetime(event["at"])))

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.table.setCurrentIndex(index)

    # --- actions the main window calls (reading only) ------------------------------------------
    def refresh(self) -> None:
        self.model.request_reload()
        self._load_choices()

    def find(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def export_current(self) -> None:
        export_shown_rows(self, self.model, ask_export_path(self), lambda n: ngettext(
            "{count} audit event written to {path}", "{count} audit events written to {path}", n))

    def print_current(self) -> None:
        from hubdesk.ui.common import printing

        rows = (self.model.export_values(row)[:len(self.model.columns)] for row in self.model.iter_rows())
        document = printing.table_document(_("Audit trail"), [_(c.header) for c in self.model.columns], rows,
                                           subtitle=self.count_label.text())
        printing.show_print_preview(self, document)
