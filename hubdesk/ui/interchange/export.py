"""Export exactly what a list shows — its visible columns under their shown headers, every row in
the current filter and sort, as the cells show them — to .xlsx or .csv; and open the import
wizard.

    path = export_model(self, self.table.model(), _("organizations"), view=self.table)

A lazy SQL list (`LazyTableModel`) is written from all its rows, fetched through the model's own
`iter_rows()` in a background worker behind a progress dialog with Cancel, not only the pages
loaded on screen. Any other model (in-memory rows, a sort/filter proxy) is read cell by cell
through the model's own `data()`. A number or date whose shown text is just that value is written
as a number or a date, so a spreadsheet can compute with it; everything else as the shown text.

`choose_save_path(parent, suggested)` asks where to save; tests replace it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from hubdesk.i18n import _
from hubdesk.ui.common import errors, file_dialogs
from hubdesk.ui.common.worker import run_with_progress

PROGRESS_EVERY = 500


def _choose_save_path(parent: QWidget | None, suggested: str) -> str | None:
    path, chosen = file_dialogs.get_save_file_name(
        parent, _("Export the list"), str(Path.home() / suggested),
        _("Excel workbook (*.xlsx);;CSV file (*.csv)"))
    if path and Path(path).suffix.lower() not in (".xlsx", ".csv"):
        path += ".csv" if "csv" in chosen.lower() else ".xlsx"
    return path or None


choose_save_path = _choose_save_path  # tests replace it


def visible_columns(model: QAbstractItemModel, view: QTableView | None = None) -> list[int]:
    """The model's columns as the view shows them: hidden ones left out, in their on-screen order."""
    if view is None:
        return list(range(model.columnCount()))
    header: QHeaderView = view.horizontalHeader()
    shown = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    return sorted(shown, key=header.visualIndex)


def typed_value(shown: Any, raw: Any) -> Any:
    """The raw value when the cell shows just that number, date or time (so Excel gets a number or
    a date it can compute with), else the shown text."""
    if shown is None:
        return None
    text = str(shown)
    if raw is None or isinstance(raw, bool) or not text:
        return text
    from hubdesk.ui.common import display

    if isinstance(raw, (int, float, Decimal)):
        if text.replace(",", "").strip() == str(raw) or text == display.format_number(raw):
            return raw
    elif isinstance(raw, dt.datetime):
        if raw.tzinfo is not None and text == display.format_datetime(raw):
            from hubdesk.domain import clock

            return raw.astimezone(clock.foundation_zone()).replace(tzinfo=None)
    elif isinstance(raw, dt.date):
        if text in (raw.isoformat(), display.format_date(raw)):
            return raw
    return text


def _lazy_source(model: QAbstractItemModel):
    from hubdesk.ui.common.lazy_table_model import LazyTableModel

    return model if isinstance(model, LazyTableModel) else None


def model_headers(model: QAbstractItemModel, columns: Sequence[int]) -> list[str]:
    return [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
            for c in columns]


def model_rows(model: QAbstractItemModel, columns: Sequence[int]) -> Iterator[list[Any]]:
    """Every row's shown cells, read through the model (GUI thread; in-memory models)."""
    from hubdesk.ui.common.lazy_table_model import RawValueRole

    parent = QModelIndex()
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    for row in range(model.rowCount(parent)):
        values = []
        for column in columns:
            index = model.index(row, column, parent)
            values.append(typed_value(model.data(index, Qt.ItemDataRole.DisplayRole),
                                      model.data(index, RawValueRole)))
        yield values


def lazy_rows(model, columns: Sequence[int], progress=None) -> Iterator[list[Any]]:
    """Every row of a lazy SQL list in its order and filter, fetched through `iter_rows()` (safe on
    a worker thread: its own connections, nothing shared with the view)."""
    total = len(model.ids())
    spec = model.columns
    for done, row in enumerate(model.iter_rows(), start=1):
        yield [typed_value(model.display(spec[c], row.get(spec[c].key), row), row.get(spec[c].key))
               for c in columns]
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total, _("Writing row {done} of {total}…").format(done=done, total=total))


def export_model(parent: QWidget | None, model: QAbstractItemModel, suggested_name: str, *,
                 view: QTableView | None = None) -> Path | None:
    """Ask where to save, then write what `model` shows (pass the `view` to leave out the columns it
    hides and follow its column order). Returns the file written, or None when cancelled or when
    it failed (the failure was shown as a sentence)."""
    suggested = suggested_name if Path(suggested_name).suffix.lower() in (".xlsx", ".csv") \
        else f"{suggested_name}.xlsx"
    chosen = choose_save_path(parent, suggested)
    if not chosen:
        return None
    path = Path(chosen)
    from hubdesk.interchange.exporter import export_rows

    columns = visible_columns(model, view)
    headers = model_headers(model, columns)
    lazy = _lazy_source(model)
    try:
        if lazy is None:
            count = export_rows(path, headers, model_rows(model, columns))
        else:
            if lazy.is_loading:
                lazy.wait_loaded()
            count = run_with_progress(
                parent, _("Exporting {file}…").format(file=path.name),
                lambda progress, _cancelled: export_rows(path, headers, lazy_rows(lazy, columns, progress)))
            if count is None:   # cancelled: the writer removed its temporary file
                return None
    except Exception as exc:  # noqa: BLE001 - shown as a sentence
        errors.show_error(parent, exc)
        return None
    _status(parent, path, count)
    return path


def _status(parent: QWidget | None, path: Path, count: int) -> None:
    from hubdesk.i18n import ngettext

    context = getattr(parent, "context", None) or getattr(parent, "ctx", None)
    bus = getattr(context, "bus", None)
    if bus is not None:
        bus.status_message.emit(ngettext("{count} row written to {path}", "{count} rows written to {path}",
                                         count).format(count=count, path=path))


def shown_table(widget: QWidget) -> QTableView | None:
    """The list a screen shows: its largest visible table (for screens without export_current)."""
    tables = [t for t in widget.findChildren(QTableView) if t.isVisible() and t.model() is not None]
    if isinstance(widget, QTableView) and widget.model() is not None:
        tables.append(widget)
    return max(tables, key=lambda t: t.width() * t.height(), default=None)


def export_shown_list(widget: QWidget, suggested_name: str) -> Path | None:
    """Export the list `widget` (a screen) shows, or do nothing when it shows no list."""
    table = shown_table(widget)
    if table is None:
        return None
    return export_model(widget, table.model(), suggested_name, view=table)


# area of the main window -> what the import wizard proposes there
IMPORT_KIND_BY_AREA = {"organizations": "organizations", "bookings": "bookings", "programs": "milestones"}


def open_import_wizard(ctx, kind: str | None = None, parent: QWidget | None = None):
    """Open the import wizard (window-modal, returns at once) and return it."""
    from hubdesk.ui.interchange.dialog import ImportWizardDialog

    dialog = ImportWizardDialog(ctx, kind, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def import_tool(ctx, window: QWidget | None = None):
    """A Tools-menu entry (function(context, parent_window)): the wizard, proposing the kind of the
    area on screen."""
    area = getattr(window, "_current_key", None)
    return open_import_wizard(ctx, IMPORT_KIND_BY_AREA.get(area or ""), window)
