"""The pieces of a program's page: a list of records with New / Edit / Remove buttons above it
(each tab of the page is one, a double-click or Enter edits), the budget execution bars by
funding source, and the Budget tab (budget lines, and execution by cost item beside them)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter,
                               QTableView, QVBoxLayout, QWidget)

from hubdesk.db.enums import FundingSource
from hubdesk.i18n import _
from hubdesk.ui.common.display import format_krw, format_percent
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.list_view import redraw_texts
from hubdesk.ui.common.widgets import configure_table_view, resize_section
from hubdesk.ui.programs.table_model import BudgetLinesTableModel, CategoryExecutionTableModel


def fit_columns(table: QTableView, widest: int = 320, columns: tuple[int, ...] | None = None) -> None:
    """Columns as wide as their header and cells (in the current language), none wider than `widest`
    unless its header needs it; only `columns` when given (the others hidden or stretched)."""
    header = table.horizontalHeader()
    header.ensurePolished()
    if columns is not None:
        for column in columns:
            table.resizeColumnToContents(column)
            header.resizeSection(column, max(min(header.sectionSize(column) + 6, widest),
                                             header.sectionSizeHint(column)))
        return
    table.resizeColumnsToContents()
    for column in range(header.count() - 1):      # the last one stretches
        # + the cells' padding of the style sheet, which the size hints leave out
        header.resizeSection(column, max(min(header.sectionSize(column) + 6, widest), header.sectionSizeHint(column)))
    if header.count():
        resize_section(header, header.count() - 1, header.sectionSizeHint(header.count() - 1))


def fit_shown_columns(table: QTableView, widest: int = 320) -> None:
    """`fit_columns` for a table on screen; a hidden one is fitted as it is shown (its `showEvent`):
    measuring every cell of a table nobody sees costs time and is measured again then."""
    if table.isVisible():
        fit_columns(table, widest)


class RecordTab(QWidget):
    """A table of records with a bar of buttons: New, Edit, Remove, then any `extra` buttons, and
    an optional note on the right. The owner connects `new_requested`, `edit_requested(id)` and
    `remove_requested(id)`, and sets the buttons' texts in its retranslate_ui (`set_texts`)."""

    new_requested = Signal()
    edit_requested = Signal(int)
    remove_requested = Signal(int)

    def __init__(self, model, parent: QWidget | None = None, *, extra: tuple[QPushButton, ...] = (),
                 note: QLabel | None = None, editable: Callable[[dict], bool] | None = None):
        super().__init__(parent)
        self.model = model
        self.editable = editable
        self.enabled_for_program = False
        self.table = QTableView(self)
        self.table.setModel(model)
        configure_table_view(self.table, sortable=False)
        self.table.setMinimumHeight(170)
        self.table.activated.connect(lambda index: self._edit_row(index.row()))   # double-click or Enter
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self.remove_button.isVisible() and self.remove_button.isEnabled()
                                 and self._remove_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_buttons())
        self.new_button, self.edit_button, self.remove_button = (QPushButton(self) for _i in range(3))
        self.new_button.clicked.connect(self.new_requested.emit)
        self.edit_button.clicked.connect(lambda: self._edit_row(self.table.currentIndex().row()))
        self.remove_button.clicked.connect(self._remove_current)
        self.extra = extra
        bar = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.remove_button, *extra):
            bar.addWidget(button)
        if note is not None:
            bar.addSpacing(12)
            bar.addWidget(note, 1)
        else:
            bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.update_buttons()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_columns(self.table)   # the widths measured with the font the shown table really has

    def set_texts(self, new: str, edit: str = "", remove: str = "") -> None:
        self.new_button.setText(new)
        self.edit_button.setText(edit or _("Edit…"))
        self.remove_button.setText(remove or _("Remove…"))
        redraw_texts(self.model)
        fit_shown_columns(self.table)

    def set_rows(self, rows) -> None:
        keep = self.selected_id()
        self.model.set_rows(rows)
        fit_shown_columns(self.table)
        if keep is not None:
            self.select_id(keep)
        self.update_buttons()

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_row(self) -> dict | None:
        index = self.table.currentIndex()
        rows = self.model.rows()
        return dict(rows[index.row()]) if index.isValid() and index.row() < len(rows) else None

    def select_id(self, record_id: int) -> bool:
        row = self.model.row_of_id(record_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.update_buttons()
        return True

    def set_program_shown(self, shown: bool) -> None:
        self.enabled_for_program = shown
        self.update_buttons()

    def update_buttons(self) -> None:
        row = self.selected_row()
        self.new_button.setEnabled(self.enabled_for_program)
        can_edit = row is not None and (self.editable is None or self.editable(row))
        self.edit_button.setEnabled(can_edit)
        self.remove_button.setEnabled(row is not None)

    def _edit_row(self, row: int) -> None:
        record_id = self.model.id_at(row)
        rows = self.model.rows()
        if record_id is not None and (self.editable is None or self.editable(dict(rows[row]))):
            self.edit_requested.emit(record_id)

    def _remove_current(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self.remove_requested.emit(record_id)


class BudgetExecutionWidget(QGroupBox):
    """One bar per funding source: spent ÷ budget over the program's years, with the amounts beside it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: dict[FundingSource, QProgressBar] = {}
        self.captions: dict[FundingSource, QLabel] = {}
        self.amounts: dict[FundingSource, QLabel] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        for row, source in enumerate(FundingSource):
            caption, bar, amount = QLabel(self), QProgressBar(self), QLabel(self)
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
            bar.setMinimumWidth(110)
            amount.setObjectName("muted")
            grid.addWidget(caption, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(amount, row, 2)
            self.bars[source], self.captions[source], self.amounts[source] = bar, caption, amount
        self.execution: dict = {}

    def set_execution(self, execution: dict) -> None:
        self.execution = execution
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Budget execution by funding source"))
        for source in FundingSource:
            self.captions[source].setText(label(source))
            e = self.execution.get(source)
            bar = self.bars[source]
            if e is None or not e.budget:
                bar.setValue(0)
                bar.setFormat(_("no budget"))
                self.amounts[source].setText(format_krw(e.spent) if e and e.spent else "")
                continue
            bar.setValue(int(min(e.rate or 0, 1.0) * 1000))
            bar.setFormat(format_percent(e.rate))
            self.amounts[source].setText(_("{spent} of {budget}").format(spent=format_krw(e.spent),
                                                                         budget=format_krw(e.budget)))


class BudgetTab(QWidget):
    """The program's budget lines (add, edit, remove) and, under them, execution by cost item (the
    bars by funding source are at the top of the page)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines = RecordTab(BudgetLinesTableModel(parent=self), self)
        self.category_model = CategoryExecutionTableModel(parent=self)
        self.category_box = QGroupBox(self)
        self.category_table = QTableView(self.category_box)
        self.category_table.setModel(self.category_model)
        configure_table_view(self.category_table, sortable=False)
        self.category_table.verticalHeader().setDefaultSectionSize(22)
        QVBoxLayout(self.category_box).addWidget(self.category_table)
        self.category_table.setMinimumHeight(110)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.lines)
        splitter.addWidget(self.category_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_page(self, lines: list[dict], by_category: list[dict]) -> None:
        self.lines.set_rows(lines)
        self.category_model.set_rows(by_category)
        fit_shown_columns(self.category_table)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_columns(self.category_table)

    def retranslate_ui(self) -> None:
        self.lines.set_texts(_("New budget line…"))
        self.category_box.setTitle(_("Execution by cost item"))
        redraw_texts(self.category_model)
        fit_shown_columns(self.category_table)
