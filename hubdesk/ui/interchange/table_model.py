"""The import wizard's tables: the columns a kind of import takes, how the file's headers map to
fields, the file's first rows, and the problems a dry run found (every one, as `row N, column C:
what is wrong`)."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hubdesk.i18n import N_, _

AnyIndex = QModelIndex | QPersistentModelIndex
_MUTED = QColor("#7a7a7a")
_WARNING = QColor("#b3261e")


class _ListTableModel(QAbstractTableModel):
    """A read-only table over a list of tuples; headers are N_-marked English texts."""

    headers: Sequence[str] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple] = []

    def _set(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def _column_total(self) -> int:
        return len(self.headers)

    def _header(self, section: int) -> str:
        return _(self.headers[section])

    def _row_label(self, row: int) -> Any:
        return row + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._column_total()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self._column_total():
            return self._header(section)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return self._row_label(section)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def _valid(self, index: AnyIndex) -> bool:
        return index.isValid() and index.row() < len(self._rows) and index.column() < len(self.headers)

    def retranslate(self) -> None:
        """Have the views draw the headers and cells again (the language changed)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))


def field_label(column) -> str:
    """A field as a person knows it: the Korean header in Korean, the English key otherwise."""
    from hubdesk.i18n import get_language

    return f"{column.ko} ({column.key})" if get_language() == "ko" else column.key


class KindColumnsTableModel(_ListTableModel):
    """The columns an import of one kind reads, the required ones first: the name as a file may
    write it (Korean and English), whether it is required, and what a cell takes — all from the
    kind's column definitions (hubdesk.interchange), never a list of its own."""

    NAME, REQUIRED, TAKES = range(3)
    headers = (N_("Column"), N_("Required"), N_("What it takes"))

    def set_kind(self, kind: str | None) -> None:
        from hubdesk.interchange.exporter import template_columns

        columns = template_columns(kind) if kind else []
        self._set(sorted(((c,) for c in columns), key=lambda row: not row[0].required))

    def column_keys(self) -> list[str]:
        return [c.key for (c,) in self._rows]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        column = self._rows[index.row()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == self.NAME:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return _("Also read under: {names}").format(names=", ".join(column.spellings()))
                from hubdesk.i18n import get_language

                first, second = (column.ko, column.key) if get_language() == "ko" else (column.key, column.ko)
                return f"{first} ({second})"
            if index.column() == self.REQUIRED:
                return _("Required") if column.required else _("Optional")
            return column.takes_text()
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.REQUIRED and not column.required:
            return QBrush(_MUTED)
        return None


class MappingTableModel(_ListTableModel):
    """One row per header of the file (the field it fills, or ignored), then one per known field
    the file lacks (required ones in red: the file cannot be imported without them)."""

    HEADER, FIELD, STATE = range(3)
    headers = (N_("Column in the file"), N_("Field"), N_("How it is used"))
    USED, IGNORED, ABSENT, MISSING = "used", "ignored", "absent", "missing"

    def set_mapping(self, kind_columns: Sequence, file_headers: Sequence[str], mapped: dict[str, str],
                    ignored: Sequence[str]) -> None:
        by_header = {header: key for key, header in mapped.items()}
        columns = {c.key: c for c in kind_columns}
        rows: list[tuple] = []
        for header in file_headers:
            if not header.strip():
                continue
            key = by_header.get(header.strip())
            if key is not None:
                rows.append((header, columns[key], self.USED))
            elif header.strip() in ignored:
                rows.append((header, None, self.IGNORED))
        for column in kind_columns:
            if column.key not in mapped:
                rows.append(("", column, self.MISSING if column.required else self.ABSENT))
        self._set(rows)

    def missing_required(self) -> list[str]:
        return [c.key for _h, c, state in self._rows if state == self.MISSING]

    def state_at(self, row: int) -> str:
        return self._rows[row][2]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        header, column, state = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == self.HEADER:
                return header
            if index.column() == self.FIELD:
                return field_label(column) if column is not None else ""
            return {self.USED: _("Imported"),
                    self.IGNORED: _("Ignored: hubdesk has no such field"),
                    self.ABSENT: _("Not in the file: left as it is"),
                    self.MISSING: _("Required, but not in the file: add this column")}[state]
        if role == Qt.ItemDataRole.ForegroundRole:
            if state == self.MISSING:
                return QBrush(_WARNING)
            if state in (self.IGNORED, self.ABSENT):
                return QBrush(_MUTED)
        return None


class FileRowsTableModel(_ListTableModel):
    """The first rows of the file as they are written there, under the file's own headers; columns
    that will be ignored are greyed."""

    def set_rows(self, file_headers: Sequence[str], rows: Sequence[tuple[int, Sequence[Any]]],
                 ignored: Sequence[str]) -> None:
        self.beginResetModel()
        self._headers = [h or "" for h in file_headers]
        self._ignored = {i for i, h in enumerate(self._headers) if h.strip() in set(ignored) or not h.strip()}
        self._rows = [(number, list(cells)) for number, cells in rows]
        self.endResetModel()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers: list[str] = []
        self._ignored: set[int] = set()

    def _column_total(self) -> int:
        return len(self._headers)

    def _header(self, section: int) -> str:
        return self._headers[section]   # the file's own header, as written

    def _row_label(self, row: int) -> Any:
        return self._rows[row][0]   # the row number a spreadsheet shows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._headers):
            return None
        cells = self._rows[index.row()][1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = cells[index.column()] if index.column() < len(cells) else None
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in self._ignored:
            return QBrush(_MUTED)
        return None


class ProblemsTableModel(_ListTableModel):
    """Every problem of a dry run: the row number (to sort and scan by) and the whole sentence
    `row N, column C: what is wrong`."""

    ROW, PROBLEM = range(2)
    headers = (N_("Row"), N_("Problem"))

    def set_problems(self, problems: Sequence) -> None:
        self._set(list((p,) for p in problems))

    def problem_texts(self) -> list[str]:
        return [str(p) for (p,) in self._rows]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        problem = self._rows[index.row()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == self.ROW:
                return problem.row if problem.row is not None else ""
            return str(problem)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
