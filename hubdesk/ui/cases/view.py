"""The Clinical entry area: a pipeline board (a column per stage) and a lazy list, both filtered by
pathway / risk (and the list by stage and search); a card or a row opens the case page. The board is
on screen first; the List tab's table gets its model, and the list its first read, when the tab is
first made current (a hidden table is laid out, and its model read, on Qt's timers)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from hubdesk.i18n import N_, _, ngettext
from hubdesk.ui.cases.board import CasePipelineBoardWidget
from hubdesk.ui.cases.queries import load_board
from hubdesk.ui.cases.table_model import ENUM_FILTERS, CasesTableModel
from hubdesk.ui.common import errors
from hubdesk.ui.common.layouts import muted_label, page_title, push_button
from hubdesk.ui.common.list_view import (RecordListActions, ask_export_file, export_shown_rows, list_page_layout,
                                         redraw_texts)
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import FilterComboBox, SearchLineEdit, configure_table_view

def _ask_export_path(parent: QWidget) -> str | None:
    return ask_export_file(parent, _("Export the list"), _("cases.xlsx"))


ask_export_path = _ask_export_path  # tests replace it

BOARD_HEADERS = (N_("Stage"), N_("Organization"), N_("Product"), N_("Pathway"), N_("Risk"), N_("Days in stage"),
                 N_("Next deadline"))


def board_rows(board: CasePipelineBoardWidget) -> list[list]:
    """The cards the board shows, stage by stage as its columns stand, each column top to bottom."""
    from hubdesk.domain.case_templates import pathway_title, stage_title
    from hubdesk.ui.common.labels import label

    return [[stage_title(card.stage), card.organization, card.product, pathway_title(card.pathway),
             label(card.risk_level), card.days_in_stage, card.next_deadline]
            for widget in board.columns for card in widget.column.cards]


FILTER_TITLES = {
    "pathway": N_("All pathways"),
    "stage": N_("All stages"),
    "risk_level": N_("All risk levels"),
}


class CasesView(RecordListActions, QWidget):
    RECORD_KIND = "case"
    BOARD_TAB, LIST_TAB = 0, 1

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._dialog = None
        self._new_dialog = None
        self.model = CasesTableModel(context.db, self)

        self.title = page_title(self)
        self.new_button = push_button(self, self.new_record)
        self.search_edit = SearchLineEdit(self)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.search_changed.connect(self._set_search)
        self.filter_combos: dict[str, FilterComboBox] = {}
        for key, title in FILTER_TITLES.items():
            combo = FilterComboBox(title, ENUM_FILTERS[key], parent=self)
            combo.value_changed.connect(lambda value, key=key: self._set_filter(key, value))
            self.filter_combos[key] = combo
        self.count_label = muted_label(self)

        self.board = CasePipelineBoardWidget(self)
        self.board.case_activated.connect(lambda case_id: self.open_record("case", case_id))
        self.table = QTableView(self)      # its model when the List tab is first made current
        self.table.setObjectName("casesTable")
        self.table.activated.connect(lambda index: self.open_row(index.row()))   # double-click or Enter
        self._list_shown = False

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.board, "")
        self.tabs.addTab(self.table, "")
        self.tabs.currentChanged.connect(self._tab_changed)

        list_page_layout(self, self.title, [self.new_button], self.search_edit, self.filter_combos.values(),
                         self.tabs, self.count_label)

        self.model.modelReset.connect(self._update_count)
        self.model.loading_changed.connect(lambda _loading: self._update_count())  # the rest of a long list
        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.reload_board()        # its cards made in the language in force
        self._update_filters_shown()

    def _tab_changed(self, index: int) -> None:
        if index == self.LIST_TAB:
            self._show_list()
        self._update_filters_shown()

    def _show_list(self) -> None:
        """The list's first read, with the filters chosen meanwhile: the table gets its model (its
        sort indicator reads the first ids and their page)."""
        if self._list_shown:
            return
        self._list_shown = True
        for key, combo in self.filter_combos.items():
            self.model.keep_filter(key, combo.value())
        self.model.keep_search(self.search_edit.text())
        self.model.first_page_with_ids = True      # shown at once: the ids and their page in one transaction
        self.table.setModel(self.model)
        configure_table_view(self.table)
        for column, width in {CasesTableModel.COL_ORGANIZATION: 220, CasesTableModel.COL_PRODUCT: 260,
                              CasesTableModel.COL_PATHWAY: 230, CasesTableModel.COL_RISK: 90,
                              CasesTableModel.COL_STAGE: 170, CasesTableModel.COL_OPENED: 110,
                              CasesTableModel.COL_SUBMITTED: 110}.items():
            self.table.setColumnWidth(column, width)
        self.model.ensure_loaded()     # read already by the sort indicator, unless the header has none

    def _set_search(self, text: str) -> None:
        if self._list_shown:
            self.model.set_search(text)

    def _set_filter(self, key: str, value) -> None:
        if self._list_shown:
            self.model.set_filter(key, value)
        if key != "stage":
            self.reload_board()

    def _update_filters_shown(self) -> None:
        on_list = self.tabs.currentIndex() == self.LIST_TAB
        self.filter_combos["stage"].setVisible(on_list)
        self.search_edit.setVisible(on_list)
        self._update_count()

    def reload_board(self) -> None:
        with errors.guard(self):
            columns = load_board(self.context.db, pathway=self.filter_combos["pathway"].value(),
                                 risk_level=self.filter_combos["risk_level"].value())
            self.board.set_columns(columns)
            self._board_total = sum(c.total for c in columns)
        self._update_count()

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Clinical entry"))
        self.new_button.setText(_("New case"))
        self.search_edit.setPlaceholderText(_("Search by product or organization…"))
        self.tabs.setTabText(self.BOARD_TAB, _("Pipeline"))
        self.tabs.setTabText(self.LIST_TAB, _("List"))
        for combo in self.filter_combos.values():
            combo.retranslate_ui()
        self.board.retranslate_ui()
        redraw_texts(self.model)
        self._update_count()

    def _update_count(self) -> None:
        if self.tabs.currentIndex() == self.LIST_TAB:
            n = self.model.rowCount()
            self.count_label.setText(ngettext("{count} case", "{count} cases", n).format(count=n))
        else:
            n = getattr(self, "_board_total", 0)
            self.count_label.setText(ngettext("{count} open case on the board", "{count} open cases on the board",
                                              n).format(count=n))

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.CASE, Change.ORGANIZATION):
            self.refresh()

    # --- actions the main window calls -------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_id()
        if self._list_shown:
            self.model.reload()
        self.reload_board()
        if selected is not None:
            self.select_id(selected)

    def select_id(self, record_id: int) -> None:
        if self._list_shown:   # the list not read yet has no row to select
            super().select_id(record_id)

    def find(self) -> None:
        self.tabs.setCurrentIndex(self.LIST_TAB)
        super().find()

    def new_record(self) -> None:
        from hubdesk.ui.cases.form import NewCaseDialog

        dialog = NewCaseDialog(self.context, self)
        dialog.saved.connect(lambda case_id: self.open_record("case", case_id))
        dialog.open()
        self._new_dialog = dialog

    def export_current(self) -> None:
        """Export the list with its search, filters and sort, or on the board the cards it shows."""
        path = ask_export_path(self)
        if self.tabs.currentIndex() == self.LIST_TAB:
            export_shown_rows(self, self.model, path, lambda n: ngettext(
                "{count} case written to {path}", "{count} cases written to {path}", n), table=self.table)
            return
        if not path:
            return
        from hubdesk.interchange.exporter import export_rows

        with errors.guard(self):
            count = export_rows(path, [_(h) for h in BOARD_HEADERS], board_rows(self.board))
            self.context.bus.status_message.emit(ngettext(
                "{count} case of the board written to {path}", "{count} cases of the board written to {path}",
                count).format(count=count, path=path))

    def record_dialog(self, record_id: int):
        from hubdesk.ui.cases.dialog import CaseDialog

        return CaseDialog(self.context, record_id, self)
