"""What the list areas share: the actions the main window calls on a list of records (find,
selected_id, select_id, open_record, and open_row for a double-click or Enter), and writing the
rows a list shows to a file; and the page arrangement of a list area."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableView, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common import errors, file_dialogs
from hubdesk.ui.common.layouts import PAGE_MARGINS, STRETCH, hbox, vbox
from hubdesk.ui.common.widgets import current_id, show_id


class RecordListActions:
    """Mixin for an area (put it before QWidget in the bases) with `self.table` (a QTableView),
    `self.model` (with `id_at(row)` / `row_of_id(id)`) and `self.search_edit`. `open_record` opens
    records of RECORD_KIND in the dialog `record_dialog(record_id)` makes, after selecting the row;
    a record that already has an editor gets that editor brought forward (`context.editors`)."""

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
        self._dialog = self.context.editors.open(kind, record_id, lambda: self.record_dialog(record_id))
        return True

    def selected_id(self) -> int | None:
        return current_id(self.table, self.model)

    def select_id(self, record_id: int) -> None:
        show_id(self.table, self.model, record_id)

    def open_row(self, row: int) -> None:
        record_id = self.model.id_at(row)
        if record_id is not None:
            self.open_record(self.RECORD_KIND, record_id)


def show_count(label: QLabel, model: Any, loading: str, counted: Callable[[int], str]) -> None:
    """Say how many rows a lazy list holds (`counted(n)`), or `loading` while its ids are fetched."""
    label.setText(loading if model.is_loading else counted(model.rowCount()))


def redraw_texts(model: QAbstractItemModel) -> None:
    """Have the views of `model` draw its headers and cells again (the language changed)."""
    model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
    if model.rowCount():
        model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))


def list_page_layout(page: QWidget, title: QLabel, buttons: Iterable[QWidget], search_edit: QWidget,
                     filter_combos: Iterable[QWidget], body: QWidget, count_label: QLabel) -> None:
    """Lay out a list area: the title with its buttons on the right, the search field and filters
    under it, the list (or tabs) taking the room, and the count line at the bottom."""
    top = hbox(title, STRETCH, *buttons)
    filters = hbox((search_edit, 2), *filter_combos, STRETCH)
    vbox(page, top, filters, (body, 1), count_label, margins=PAGE_MARGINS)


def ask_export_file(parent: QWidget, title: str, file_name: str) -> str | None:
    """Ask where to export a list (an Excel workbook or a CSV file), suggesting `file_name` in the
    home folder; None when the person cancels. A name typed without .xlsx or .csv gets the
    extension of the chosen file type."""
    path, chosen = file_dialogs.get_save_file_name(parent, title, str(Path.home() / file_name),
                                               _("Excel workbook (*.xlsx);;CSV file (*.csv)"))
    if path and Path(path).suffix.lower() not in (".xlsx", ".csv"):
        path += ".csv" if "csv" in chosen.lower() else ".xlsx"
    return path or None


def export_shown_rows(view: QWidget, model: Any, path: str | None, written: Callable[[int], str], *,
                      table: QTableView | None = None) -> int | None:
    """Write the rows `model` shows (search, filters and sort applied) to `path` (.xlsx or .csv; nothing
    when None, the person cancelled) and put `written(count)` on the status bar, its {count} and
    {path} filled. `written` is a lambda around the caller's own ngettext with both literal msgids,
    so the sentence stays whole for the translators; a problem is shown as its sentence.

    A lazy SQL list (with `iter_rows`, `export_columns` and `export_values`) is written from all its
    rows in a background worker behind a progress dialog with Cancel; any other Qt model (rows in
    memory) cell by cell as it shows them. Given the `table` that shows the model, the columns it
    hides are left out and its column order is followed. Returns the number of rows written, or
    None (cancelled, or the problem was shown)."""
    if not path:
        return None
    from hubdesk.interchange.exporter import export_rows
    from hubdesk.ui.interchange.export import model_headers, model_rows, visible_columns

    with errors.guard(view):
        if hasattr(model, "iter_rows") and hasattr(model, "export_values"):
            count = _export_lazy(view, model, path, table)
        else:
            columns = visible_columns(model, table)
            count = export_rows(path, model_headers(model, columns), model_rows(model, columns))
        if count is None:
            return None
        view.context.bus.status_message.emit(written(count).format(count=count, path=path))
        return count
    return None


def _export_lazy(view: QWidget, model: Any, path: str, table: QTableView | None) -> int | None:
    """All rows of a lazy list, fetched and written on a worker thread (its own connections)."""
    from hubdesk.interchange.exporter import export_rows
    from hubdesk.ui.common.worker import run_with_progress
    from hubdesk.ui.interchange.export import PROGRESS_EVERY, visible_columns

    headers = model.export_columns()
    picked = list(range(len(headers)))
    if table is not None and len(headers) == model.columnCount():   # the list's own columns only
        picked = visible_columns(model, table)
        headers = [headers[c] for c in picked]
    if getattr(model, "is_loading", False):
        model.wait_loaded()
    total = model.rowCount()

    def rows(progress):
        for done, row in enumerate(model.iter_rows(), start=1):
            values = model.export_values(row)
            yield [values[c] for c in picked]
            if done % PROGRESS_EVERY == 0:
                progress(done, total, _("Writing row {done} of {total}…").format(done=done, total=total))

    return run_with_progress(view, _("Exporting {file}…").format(file=Path(path).name),
                             lambda progress, _cancelled: export_rows(path, headers, rows(progress)))
