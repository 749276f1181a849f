"""What the list areas share: the actions the main window calls on a list of records (find,
selected_id, select_id, open_record, and open_row for a double-click or Enter), and writing the
rows a list shows to a file."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QDialog, QWidget

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
