"""The Organizations area: search as you type, filters, a sortable lazy list, export, and the
detail page on double-click (or Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QTableView, QWidget

from hubdesk.i18n import N_, _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.common.list_view import (RecordListActions, ask_export_file, export_shown_rows, list_page_layout,
                                         redraw_texts)
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import FilterComboBox, SearchLineEdit, configure_table_view
from hubdesk.ui.organizations.table_model import ENUM_FILTERS, OrganizationsTableModel


def _ask_export_path(parent: QWidget) -> str | None:
    return ask_export_file(parent, _("Export the list"), _("organizations.xlsx"))


ask_export_path = _ask_export_path  # tests replace it

FILTER_TITLES = {
    "kind": N_("All kinds"),
    "sector": N_("All sectors"),
    "growth_stage": N_("All growth stages"),
    "status": N_("All statuses"),
    "region": N_("All regions"),
}


class OrganizationsView(RecordListActions, QWidget):
    RECORD_KIND = "organization"

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.model = OrganizationsTableModel(context.db, self)

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.search_edit = SearchLineEdit(self)
        self.search_edit.setMinimumWidth(260)
        self.search_edit.search_changed.connect(self.model.set_search)
        self.filter_combos: dict[str, FilterComboBox] = {}
        for key, title in FILTER_TITLES.items():
            combo = FilterComboBox(title, ENUM_FILTERS.get(key), parent=self)
            combo.value_changed.connect(lambda value, key=key: self.model.set_filter(key, value))
            self.filter_combos[key] = combo
        self.archived_check = QCheckBox(self)
        self.archived_check.toggled.connect(self.model.set_show_archived)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_record)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export_current)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")

        self.table = QTableView(self)
        self.table.setObjectName("organizationsTable")
        self.table.setModel(self.model)
        # the indicator first: enabling sorting sorts (= loads) once, by name
        self.table.horizontalHeader().setSortIndicator(OrganizationsTableModel.COL_NAME,
                                                       Qt.SortOrder.AscendingOrder)
        configure_table_view(self.table)
        # `activated` is a double-click or Enter (a double-click also emits doubleClicked: connecting
        # both opened two editors of the record)
        self.table.activated.connect(lambda index: self.open_row(index.row()))

        list_page_layout(self, self.title, [self.new_button, self.export_button], self.search_edit,
                         [*self.filter_combos.values(), self.archived_check], self.table, self.count_label)

        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._restore_selection)
        self.model.loading_changed.connect(lambda _loading: self._update_count())
        self.model.load_failed.connect(lambda exc: errors.show_error(self, exc))
        self._keep_selected: int | None = None
        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.model.ensure_loaded()
        self._load_regions()
        self._size_columns()
        self.retranslate_ui()

    def _size_columns(self) -> None:
        widths = {OrganizationsTableModel.COL_NAME: 300, OrganizationsTableModel.COL_KIND: 120,
                  OrganizationsTableModel.COL_SECTOR: 150, OrganizationsTableModel.COL_STAGE: 110,
                  OrganizationsTableModel.COL_STATUS: 90, OrganizationsTableModel.COL_REGION: 160,
                  OrganizationsTableModel.COL_BUSINESS_NO: 120}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)

    def _load_regions(self) -> None:
        self.filter_combos["region"].set_values(self.model.regions())

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Organizations"))
        self.search_edit.setPlaceholderText(_("Search by name or business number…"))
        self.new_button.setText(_("New organization"))
        self.archived_check.setText(_("Show archived"))
        self.export_button.setText(_("Export…"))
        for combo in self.filter_combos.values():
            combo.retranslate_ui()
        redraw_texts(self.model)
        self._update_count()

    def _update_count(self) -> None:
        if self.model.is_loading:
            self.count_label.setText(_("Collecting organizations…"))
            return
        n = self.model.rowCount()
        self.count_label.setText(ngettext("{count} organization", "{count} organizations", n)
                                 .format(count=n))

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.ORGANIZATION):
            self.refresh()

    # --- actions the main window calls -----------------------------------------------------
    def refresh(self) -> None:
        self._keep_selected = self.selected_id()
        self.model.request_reload()
        self._load_regions()

    def _restore_selection(self) -> None:
        if self._keep_selected is not None:
            selected, self._keep_selected = self._keep_selected, None
            self.select_id(selected)

    def new_record(self) -> None:
        from hubdesk.ui.organizations.dialog import OrganizationDialog

        dialog = OrganizationDialog(self.context, None, self)
        dialog.saved.connect(self._select_saved)
        dialog.open()
        self._dialog = dialog

    def export_current(self) -> None:
        export_shown_rows(self, self.model, ask_export_path(self), lambda n: ngettext(
            "{count} organization written to {path}", "{count} organizations written to {path}", n))

    def print_current(self) -> None:
        """Print the shown list (search, filters and sort applied) through a print preview."""
        from hubdesk.ui.common import printing

        filters = ", ".join(c.currentText() for c in self.filter_combos.values() if c.value() is not None)
        subtitle = " · ".join(t for t in (self.model.search and _("Search: {text}").format(text=self.model.search),
                                          filters, self.count_label.text()) if t)
        rows = (self.model.export_values(row) for row in self.model.iter_rows())
        document = printing.table_document(_("Organizations"), self.model.export_columns(), rows,
                                           subtitle=subtitle)
        printing.show_print_preview(self, document)

    def record_dialog(self, record_id: int):
        from hubdesk.ui.organizations.dialog import OrganizationDialog

        return OrganizationDialog(self.context, record_id, self)

    # --- selection (selected_id, select_id, open_row: RecordListActions) -----------------------
    def _select_saved(self, record_id: int) -> None:
        if self.model.is_loading:
            self._keep_selected = record_id
        else:
            self.select_id(record_id)
