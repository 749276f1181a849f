"""A table model over a small list of rows already in memory (a detail page's contacts, an
organization's bookings, the dashboard's lists). Subclasses declare `columns` (LazyColumn
specs) and give rows as mappings with an "id" key."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from hubdesk.i18n import _
from hubdesk.ui.common.lazy_table_model import IdRole, LazyColumn, RawValueRole, RowRole, display_text

AnyIndex = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    columns: Sequence[LazyColumn] = ()

    def __init__(self, rows: Sequence[Mapping[str, Any]] = (), parent=None):
        super().__init__(parent)
        self._rows: list[Mapping[str, Any]] = list(rows)

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Mapping[str, Any]]:
        return list(self._rows)

    def id_at(self, row: int) -> int | None:
        return self._rows[row].get("id") if 0 <= row < len(self._rows) else None

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        return display_text(column, value)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].header)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == IdRole:
            return row.get("id")
        if role == RowRole:
            return dict(row)
        if role == RawValueRole:
            return row.get(column.key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(column, row.get(column.key), row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
