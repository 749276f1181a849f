"""A table model over a small list of rows already in memory (a detail page's contacts, an
organization's bookings, the dashboard's lists). Subclasses declare `columns` (LazyColumn
specs) and give rows as mappings with an "id" key."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from hubdesk.i18n import _, get_language
from hubdesk.ui.common.lazy_table_model import ROW_FLAGS, IdRole, LazyColumn, RawValueRole, RowRole, display_text

AnyIndex = QModelIndex | QPersistentModelIndex
_TEXT_ROLES = frozenset((int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)))
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# the roles RowsTableModel.data answers (a subclass answers its own before asking it)
ROWS_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                        Qt.ItemDataRole.TextAlignmentRole, IdRole, RowRole, RawValueRole))


class RowsTableModel(QAbstractTableModel):
    columns: Sequence[LazyColumn] = ()
    # True: a cell's shown text is made once and kept until the rows are set again, the model says
    # its data changed, or the language is another (as LazyTableModel keeps its pages' texts). A
    # painting view asks for it again and again, and making it (a date in the language, a label)
    # costs 10-20 µs in Python each time. Only where `display()` depends on the row and the
    # language alone.
    keep_texts = False

    def __init__(self, rows: Sequence[Mapping[str, Any]] = (), parent=None):
        super().__init__(parent)
        self._rows: list[Mapping[str, Any]] = list(rows)
        self._loader: Callable[[], Sequence[Mapping[str, Any]]] | None = None
        self._texts: dict[tuple[int, int], str] = {}
        self._texts_language: str | None = None
        if self.keep_texts:
            self.dataChanged.connect(lambda *_args: self._texts.clear())

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._loader = None
        self.beginResetModel()
        self._rows = list(rows)
        self._texts.clear()
        self.endResetModel()

    def set_loader(self, loader: Callable[[], Sequence[Mapping[str, Any]]]) -> None:
        """Read the rows with `loader()` only when they are first asked for (`ensure_loaded`, or
        anything that reads the model): a tab of a detail page that is not shown reads nothing."""
        self._loader = loader

    @property
    def is_loaded(self) -> bool:
        return self._loader is None

    def ensure_loaded(self) -> bool:
        """Read the rows now if a loader waits; whether it read."""
        loader, self._loader = self._loader, None
        if loader is None:
            return False
        self.set_rows(loader())
        return True

    def rows(self) -> list[Mapping[str, Any]]:
        self.ensure_loaded()
        return list(self._rows)

    def id_at(self, row: int) -> int | None:
        self.ensure_loaded()
        return self._rows[row].get("id") if 0 <= row < len(self._rows) else None

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        return display_text(column, value)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        self.ensure_loaded()
        return len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].header)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROWS_ROLES:   # most of what a painting view asks (font, colours, check state…)
            return None
        r, c = index.row(), index.column()      # -1 for an invalid index
        if not (0 <= r < len(self._rows) and 0 <= c < len(self.columns)):
            return None
        if role in _TEXT_ROLES:
            if not self.keep_texts:
                column = self.columns[c]
                row = self._rows[r]
                return self.display(column, row.get(column.key), row)
            language = get_language()
            if language != self._texts_language:
                self._texts.clear()
                self._texts_language = language
            text = self._texts.get((r, c))
            if text is None:
                column = self.columns[c]
                row = self._rows[r]
                text = self._texts[(r, c)] = self.display(column, row.get(column.key), row)
            return text
        row = self._rows[r]
        column = self.columns[c]
        if role == IdRole:
            return row.get("id")
        if role == RowRole:
            return dict(row)
        if role == RawValueRole:
            return row.get(column.key)
        if role == _ALIGNMENT and column.align_right:
            return _RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return ROW_FLAGS
