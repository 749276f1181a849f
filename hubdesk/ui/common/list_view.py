"""What the list areas share: the actions the main window calls on a list of records (find,
selected_id, select_id, open_record, and open_row for a double-click or Enter), and writing the
rows a list shows to a file; and the page arrangement of a list area."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common import errors
from hubdesk.ui.common.widgets import current_id, show_id


class RecordListActions:
    """Mixin for an area (put it before QWidget in the bases) with `self.table` (a QTableView),
    `self.model` (with `id_at(row)` / `row_of_id(id)`) and `self.search_edit`. `open_record` opens
    records of RECORD_KIND in the dialog `record_dialog(record_id)` makes, after selecting the row."""

    RECORD_KIND = ""

    def record_dialog(self, record_id: int) -> QDialog:  # pragma: no cover - abstract
        raise NotImplementedError

    def find(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def open_record(self, kind: str, record_id: int) -> bool:
        if kind != self.RECORD_KIND:
            return False
        self.select_id(record_id)
        dialog = self.record_dialog(record_id)
        dialog.open()
        self._dialog = dialog
        return True

    def selected_id(self) -> int | None:
        return current_id(self.table, self.model)

    def select_id(self, record_id: int) -> None:
        show_id(self.table, self.model, record_id)

    def open_row(self, row: int) -> None:
        record_id = self.model.id_at(row)
        if record_id is not None:
            self.open_record(self.RECORD_KIND, record_id)


def redraw_texts(model: QAbstractItemModel) -> None:
    """Have the views of `model` draw its headers and cells again (the language changed)."""
    model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
    if model.rowCount():
        model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))


def list_page_layout(page: QWidget, title: QLabel, buttons: Iterable[QWidget], search_edit: QWidget,
                     filter_combos: Iterable[QWidget], body: QWidget, count_label: QLabel) -> None:
    """Lay out a list area: the title with its buttons on the right, the search field and filters
    under it, the list (or tabs) taking the room, and the count line at the bottom."""
    top = QHBoxLayout()
    top.addWidget(title)
    top.addStretch(1)
    for button in buttons:
        top.addWidget(button)
    filters = QHBoxLayout()
    filters.addWidget(search_edit, 2)
    for combo in filter_combos:
        filters.addWidget(combo)
    filters.addStretch(1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 12, 16, 8)
    layout.addLayout(top)
    layout.addLayout(filters)
    layout.addWidget(body, 1)
    layout.addWidget(count_label)


def ask_export_file(parent: QWidget, title: str, file_name: str) -> str | None:
    """Ask where to export a list (an Excel workbook or a CSV file), suggesting `file_name` in the
    home folder; None when the person cancels."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / file_name),
                                                _("Excel workbook (*.xlsx);;CSV file (*.csv)"))
    return path or None


def export_shown_rows(view: QWidget, model: Any, path: str | None, written: Callable[[int], str]) -> None:
    """Write the rows `model` shows (search, filters and sort applied) to `path` (.xlsx or .csv; nothing
    when None, the person cancelled) and put `written(count)` on the status bar, its {count} and
    {path} filled. `written` is a lambda around the caller's own ngettext with both literal msgids,
    so the sentence stays whole for the translators; a problem is shown as its sentence."""
    if not path:
        return
    from hubdesk.interchange.exporter import export_rows

    with errors.guard(view):
        rows = (model.export_values(row) for row in model.iter_rows())
        count = export_rows(path, model.export_columns(), rows)
        view.context.bus.status_message.emit(written(count).format(count=count, path=path))
