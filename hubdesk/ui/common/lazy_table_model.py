"""A table model over SQL that keeps only the ids of the rows in view and fetches the rows
themselves in pages, on demand.

How it stays fast with a million rows:
- Filtering (WHERE) and sorting (ORDER BY) happen in the database. One query returns the ids of
  every matching row in display order; they are kept in an `array('q')` (8 bytes a row: a million
  rows is 8 MB). The row count is the length of that array.
- Rows are fetched 200 at a time by id (`WHERE id IN (...)`), only when a view asks for data on a
  row of that page, and kept in a small LRU of pages. Jumping to the end fetches only the last
  page; there is no OFFSET, so page fetches cost the same anywhere in the list.
- The id query is the only full pass. The ids come back as one text: a JSON array on SQLite
  (json_group_array), measured at 0.3 s for a million bookings in start order (0.8 s as a million
  result rows), a comma-separated list on PostgreSQL (string_agg: 0.2 s of Python time instead of
  2.3 s for a million result rows); page fetches by id then take a few milliseconds anywhere in the list. An OFFSET
  query per page would be cheap only while the order has an index; sorting on any other column
  would sort the whole table again for every page.
- First rows first: the first load (`ensure_loaded`) runs the same id query with
  `LIMIT FIRST_ROWS + 1` (10,000: an index walk of ~8 ms on huge when the order has an index,
  instead of a COUNT and the full pass). A list that short is then complete in one query
  (Organizations on huge, cases, most audit trails); a longer one shows those first rows at
  once (`is_partial`, `is_loading`), and the full pass starts in a background worker once the
  first page is painted (a zero-delay timer armed by the view's first `data()` call; after
  DEFER_MS when no view paints). When it arrives the rest is appended with
  beginInsertRows/endInsertRows (the shown rows, the selection and the scroll position stay), or
  the model is reset if the data changed meanwhile and the first rows are no longer its start.
  A filter, search or sort change supersedes a pass still pending: only the newest request is
  applied (a generation number). `wait_loaded()` completes the list at once where a caller needs
  all of it (export, `row_of_id` of an id beyond the first rows).
- Painting asks `data()` about seven roles for every visible cell, on every repaint. The roles a
  lazy model does not answer are turned away first, and the shown text of a cell is formatted
  once and kept with its page (`_Page.texts`), in the language it was formatted in: it goes when
  the page goes (LRU, reload, reset), and all of it when the language is not the one it was made
  in (checked on every call, so a switch needs nothing but the views' usual `dataChanged`).
  `display()` must therefore depend only on the row and the language; a subclass whose text
  depends on anything else calls `forget_texts()` when that changes.

A subclass says what to select: `columns` (what is shown), `from_clause()`, `id_column()`,
`row_columns()` (labelled SQL expressions fetched per page), `where_clauses()` (its filters and
search), and optionally `display()` / `alignment()` for a column.
"""

from __future__ import annotations

import enum
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from hubdesk.i18n import _, get_language

IdRole = Qt.ItemDataRole.UserRole + 1      # the row's database id (int)
RowRole = Qt.ItemDataRole.UserRole + 2     # the whole fetched row (a mapping of column label -> value)
RawValueRole = Qt.ItemDataRole.UserRole + 3  # the raw value of the cell before formatting

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TEXT_ROLES = frozenset({_DISPLAY, _TOOLTIP})
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, int(IdRole), int(RowRole), int(RawValueRole)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# a row's cells' flags, combined once: a view asks for them for every cell it paints, and combining
# Qt's enum flags in Python costs microseconds each time
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LazyColumn:
    """One shown column: `key` is the label of a row column, `header` an English text marked
    with N_ (translated in headerData), `sort` the SQL expression to order by (None: the column
    is not sortable), `render` turns the raw value into the shown text."""

    key: str
    header: str
    sort: Any = None
    render: Callable[[Any], str] | None = None
    align_right: bool = False


def display_text(column: LazyColumn, value: Any) -> str:
    """How a cell shows `value`: the column's renderer, else a choice's label, else the text."""
    if column.render is not None:
        return column.render(value)
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        from hubdesk.ui.common.labels import label

        return label(value)
    return str(value)


def fetch_ids(db, stmt, connection=None) -> array:
    """The ids the statement selects, in its order (safe to run on a worker thread); on
    `connection` when given (in its transaction), else on a connection of its own."""
    from contextlib import nullcontext

    from sqlalchemy import Text, cast, func, select

    ids = array("q")
    sub = stmt.subquery()
    with nullcontext(connection) if connection is not None else db.engine.connect() as conn:
        if db.is_sqlite:
            # One JSON text instead of a million result rows: 0.3 s instead of 0.8 s for a
            # million ids. SQLite aggregates the ordered subquery in its order.
            text = conn.execute(select(func.json_group_array(sub.c[0]))).scalar()
            _extend_from_json(ids, text or "[]")
        else:
            # The same on PostgreSQL, as one comma-separated text (which aggregates the sorted
            # subquery in its order): a million result rows cost 2.3 s of Python time holding the
            # GIL (the window stutters while the count says "Loading…"), the text 0.2 s.
            text = conn.execute(select(func.string_agg(cast(sub.c[0], Text), ","))).scalar()
            _extend_from_json(ids, f"[{text}]" if text else "[]")
    return ids


def _extend_from_json(ids: array, text: str, chunk: int = 1 << 18) -> None:
    """Append the integers of a JSON array to `ids`, a slice of about `chunk` characters at a time:
    one json.loads of a million ids holds the GIL for ~0.1 s, which would stall the window while
    a worker loads; between slices the GUI thread gets its turn (and the decoded list stays small)."""
    import json

    body, start = text[1:-1], 0
    while start < len(body):
        end = body.find(",", start + chunk)
        if end < 0:
            end = len(body)
        ids.extend(json.loads(f"[{body[start:end]}]"))
        start = end + 1


class _Page:
    """A fetched page: its rows (None where a row has gone since the ids were read) and the texts
    shown so far, one slot per (row, column), made on first use."""

    __slots__ = ("rows", "texts")

    def __init__(self, rows: list[Mapping[str, Any] | None]):
        self.rows = rows
        self.texts: list[str | None] | None = None


class LazyTableModel(QAbstractTableModel):
    PAGE_SIZE = 200
    MAX_PAGES = 64
    FIRST_ROWS = 10_000   # a list this long loads whole at once; a longer one shows these first
    ASYNC_ROWS = 50_000   # a reload of this many rows (or of a list still partial) runs in a worker
    DEFER_MS = 250        # the full pass starts this long after the first rows when no view paints them

    loading_changed = Signal(bool)   # the id list became incomplete (True) or complete again (False)
    load_failed = Signal(object)     # the exception of a background id query

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self._db = db
        self._ids: array = array("q")
        self._generation = 0          # the newest id request; older results are dropped
        self._applied = 0             # the generation whose complete id list is in _ids
        self._deferred: int | None = None   # a full pass waiting to start (after the first paint)
        self._armed = 0               # the generation whose pass a painting view has scheduled
        self._worker = None
        self._worker_generation = 0
        self._worker_result: dict = {}
        self._loading = False
        self._partial = False         # _ids holds only the first FIRST_ROWS ids of a longer list
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._texts_language: str | None = None   # the language of the texts kept in the pages
        self._sort_column: int | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.stats = {"id_queries": 0, "page_queries": 0, "rows_fetched": 0}
        self._loaded = False
        # a view that shows the list at once sets it: the first load reads the first page too, in
        # the same transaction as the ids (two statements, one BEGIN and ROLLBACK on a server)
        self.first_page_with_ids = False
        self._page_stmt = None

    # --- what a subclass declares ------------------------------------------------------------
    columns: Sequence[LazyColumn] = ()

    # A list over one table sets it (before LazyTableModel.__init__): from_clause() and
    # id_column() then default to that table and its id.
    sql_table = None

    def from_clause(self):
        if self.sql_table is None:  # pragma: no cover - a subclass must say
            raise NotImplementedError
        return self.sql_table

    def id_column(self):
        if self.sql_table is None:  # pragma: no cover - a subclass must say
            raise NotImplementedError
        return self.sql_table.c.id

    def row_columns(self) -> list:  # pragma: no cover - abstract
        """Labelled SQL expressions fetched for a page; must include the id labelled "id"."""
        raise NotImplementedError

    def where_clauses(self) -> list:
        return []

    def id_from_clause(self):
        """What the id query selects from; by default from_clause(). A model whose joins only add
        shown columns (inner joins on required foreign keys) can return the bare table while its
        sort and filters do not need the joined tables: the id query then skips the joins."""
        return self.from_clause()

    def default_order(self) -> list:
        return []

    def display(self, column: LazyColumn, value: Any, row: Mapping[str, Any]) -> str:
        return display_text(column, value)

    # --- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Run the id query again now, on this thread (small lists, tests)."""
        self._generation += 1
        self._apply_ids(self._generation, fetch_ids(self._db, self._id_statement()))

    def request_reload(self) -> None:
        """Run the id query again after a filter, search, sort or data change: at once for a small
        list, in a background worker for a large one or one still partial (the window keeps
        repainting and the old rows stay on screen until the new ids arrive; a newer request wins)."""
        if self._partial or len(self._ids) >= self.ASYNC_ROWS:
            self._generation += 1
            self._run_in_background(self._generation)
        else:
            self.reload()

    def ensure_loaded(self) -> None:
        """First load: the first FIRST_ROWS ids at once (`LIMIT`); when the list is longer, the
        full id pass follows in a worker once the first page is painted."""
        if self._loaded or self.is_loading:
            return
        self._generation += 1
        generation = self._generation
        page = None
        with self._db.engine.connect() as conn:
            first = fetch_ids(self._db, self._id_statement().limit(self.FIRST_ROWS + 1), conn)
            if self.first_page_with_ids:
                page = self._fetch_rows(first[:self.PAGE_SIZE], conn)
        if len(first) <= self.FIRST_ROWS:
            self._apply_ids(generation, first)   # that is the whole list
            self._keep_first_page(page)
            return
        del first[self.FIRST_ROWS:]
        self._apply_ids(generation, first, complete=False)
        self._keep_first_page(page)
        self._deferred = generation
        self._set_loading(True)
        # the pass starts once a view has painted rows (see data()), or after DEFER_MS without one
        QTimer.singleShot(self.DEFER_MS, self, lambda: self._start_deferred(generation))

    def _arm_deferred(self) -> None:
        """A view asks for rows while the full pass waits: start it when this paint is over (a
        zero-delay timer fires after the paint; a worker started before it would hold the GIL in
        the middle of the first paint)."""
        generation = self._deferred
        if generation is not None and self._armed != generation:
            self._armed = generation
            QTimer.singleShot(0, self, lambda: self._start_deferred(generation))

    @property
    def is_loading(self) -> bool:
        """The id list is not complete yet: a full pass is pending or running."""
        return self._worker is not None or self._deferred is not None

    @property
    def is_partial(self) -> bool:
        """Only the first rows of a longer list are known (the full pass has not arrived yet)."""
        return self._partial

    def wait_loaded(self, timeout_s: float = 30.0) -> bool:
        """Block until the newest id list is complete and in the model: a pass still waiting for
        its timer runs now, on this thread; a background pass is waited for and applied at once.
        False when the timeout passed first (or the pass failed: `load_failed` follows)."""
        if self._deferred is not None:
            generation, self._deferred = self._deferred, None
            self._apply_ids(generation, fetch_ids(self._db, self._id_statement()))
            return True
        worker, generation, result = self._worker, self._worker_generation, self._worker_result
        if worker is None:
            return True
        if not worker.done.wait(timeout_s):
            return False
        if "ids" in result:
            self._apply_ids(generation, result["ids"])   # the queued `finished` is then ignored
        return not self.is_loading

    def _start_deferred(self, generation: int) -> None:
        if self._deferred != generation:
            return   # superseded by a newer request, or completed by wait_loaded()
        self._deferred = None
        self._run_in_background(generation)

    def _run_in_background(self, generation: int) -> None:
        from hubdesk.ui.common.worker import Worker

        self._deferred = None
        db, stmt, result = self._db, self._id_statement(), {}

        def run(_progress, _cancelled):
            result["ids"] = fetch_ids(db, stmt)
            return result["ids"]

        worker = Worker(run, interruptible=True)   # reads only
        worker.signals.finished.connect(lambda ids: self._apply_ids(generation, ids))
        worker.signals.failed.connect(lambda exc: self._load_failed(generation, exc))
        self._worker, self._worker_generation, self._worker_result = worker, generation, result
        self._set_loading(True)
        worker.start()

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _apply_ids(self, generation: int, ids: array, *, complete: bool = True) -> None:
        if generation != self._generation or generation == self._applied:
            return  # a newer request is on its way, or this list is already in
        old = self._ids
        if complete:
            self._applied = generation
            self._worker = None
            self._deferred = None
            self.stats["id_queries"] += 1
        if self._partial and complete and ids[:len(old)] == old:
            # the rows shown are the start of the whole list: append the rest, keeping the
            # selection, the current row and the scroll position
            self._partial = False
            if len(old) % self.PAGE_SIZE:
                self._pages.pop(len(old) // self.PAGE_SIZE, None)   # a short last page grows
            if len(ids) > len(old):
                self.beginInsertRows(QModelIndex(), len(old), len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
        else:
            self.beginResetModel()
            self._ids = ids
            self._pages.clear()
            self._partial = not complete
            self.endResetModel()
        self._loaded = True
        if complete:
            self._set_loading(False)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation or generation == self._applied:
            return
        self._worker = None
        self._set_loading(False)
        self.load_failed.emit(exc)

    def _id_statement(self):
        from sqlalchemy import select

        id_col = self.id_column()
        order: list = []
        if self._sort_column is not None:
            expr = self.columns[self._sort_column].sort
            if expr is not None:
                desc = self._sort_order == Qt.SortOrder.DescendingOrder
                order.append(expr.desc() if desc else expr.asc())
                order.append(id_col.desc() if desc else id_col.asc())
        if not order:
            order = list(self.default_order()) + [id_col.asc()]
        return select(id_col).select_from(self.id_from_clause()).where(*self.where_clauses()).order_by(*order)

    def _fetch_page(self, page: int) -> list[Mapping[str, Any] | None]:
        start = page * self.PAGE_SIZE
        wanted = self._ids[start:start + self.PAGE_SIZE]
        if not len(wanted):
            return []
        with self._db.engine.connect() as conn:
            return self._fetch_rows(wanted, conn)

    def _fetch_rows(self, wanted: array, conn) -> list[Mapping[str, Any] | None]:
        """The rows of the ids `wanted` in their order, one statement on `conn` (none for no id)."""
        if not len(wanted):
            return []
        found = {r["id"]: r for r in conn.execute(self._page_statement(), {"page_ids": list(wanted)}).mappings()}
        self.stats["page_queries"] += 1
        self.stats["rows_fetched"] += len(found)
        return [found.get(i) for i in wanted]

    def _page_statement(self):
        """The page query, built once per model: its ids are one expanding parameter, so neither
        building it (200 literals coerced, the columns' subqueries made again) nor compiling it
        (SQLAlchemy's cache) is paid for each page. `row_columns()` and `from_clause()` do not
        depend on filters or search (those are in `where_clauses()`, for the ids only)."""
        if self._page_stmt is None:
            from sqlalchemy import bindparam, select

            self._page_stmt = select(*self.row_columns()).select_from(self.from_clause()).where(
                self.id_column().in_(bindparam("page_ids", expanding=True)))
        return self._page_stmt

    def _keep_first_page(self, rows: list[Mapping[str, Any] | None] | None) -> None:
        if rows:
            self._pages[0] = _Page(rows)

    def _page(self, page: int) -> _Page:
        entry = self._pages.get(page)
        if entry is None:
            entry = _Page(self._fetch_page(page))
            self._pages[page] = entry
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return entry

    def row_data(self, row: int) -> Mapping[str, Any] | None:
        if row < 0 or row >= len(self._ids):
            return None
        rows = self._page(row // self.PAGE_SIZE).rows
        offset = row % self.PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def _text(self, row: int, column: int) -> str | None:
        """The shown text of a cell: `display()` once per page and language, then kept."""
        language = get_language()
        if language != self._texts_language:
            self.forget_texts()
            self._texts_language = language
        page, offset = divmod(row, self.PAGE_SIZE)
        entry = self._page(page)
        if offset >= len(entry.rows):
            return None
        width = len(self.columns)
        texts = entry.texts
        if texts is None:
            texts = entry.texts = [None] * (len(entry.rows) * width)
        slot = offset * width + column
        text = texts[slot]
        if text is None:
            values = entry.rows[offset]
            if values is None:
                return None
            spec = self.columns[column]
            text = texts[slot] = self.display(spec, values.get(spec.key), values)
        return text

    def forget_texts(self) -> None:
        """Drop the shown texts kept with the pages (they are formatted again when next shown).
        Done by the model itself when the language changes or pages go."""
        for entry in self._pages.values():
            entry.texts = None

    # --- public helpers ------------------------------------------------------------------------
    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, record_id: int) -> int:
        """The row showing `record_id`, or -1. While only the first rows are known, an id not
        among them completes the list first (`wait_loaded`): it may be further down."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            if not self._partial or not self.wait_loaded():
                return -1
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def ids(self) -> array:
        """The ids shown, in order (only the first rows while `is_partial`)."""
        return self._ids

    def iter_rows(self, batch: int = 1000) -> Iterator[Mapping[str, Any]]:
        """Every row in the shown order and with the shown filters (for export), fetched in batches.
        Safe on a worker thread; while only the first rows are known it runs the id query itself."""
        from sqlalchemy import select

        ids = fetch_ids(self._db, self._id_statement()) if self._partial else self._ids
        for start in range(0, len(ids), batch):
            wanted = list(ids[start:start + batch])
            stmt = select(*self.row_columns()).select_from(self.from_clause()).where(
                self.id_column().in_(wanted))
            with self._db.engine.connect() as conn:
                found = {r["id"]: r for r in conn.execute(stmt).mappings()}
            for i in wanted:
                if i in found:
                    yield found[i]

    def export_columns(self) -> list[str]:
        return [_(c.header) for c in self.columns]

    def export_values(self, row: Mapping[str, Any]) -> list[Any]:
        return [self.display(c, row.get(c.key), row) for c in self.columns]

    # --- QAbstractTableModel ---------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].header)
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:   # most of what a painting view asks (font, colours, check state…)
            return None
        row, column = index.row(), index.column()
        if not index.isValid() or row >= len(self._ids) or column >= len(self.columns):
            return None
        if self._deferred is not None:
            self._arm_deferred()
        if role in _TEXT_ROLES:
            return self._text(row, column)
        if role == IdRole:
            return self._ids[row]
        if role == _ALIGNMENT:
            return _RIGHT if self.columns[column].align_right else None
        values = self.row_data(row)
        if values is None:
            return None
        if role == RowRole:
            return dict(values)
        return values.get(self.columns[column].key)   # RawValueRole

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return ROW_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 or column >= len(self.columns) or self.columns[column].sort is None:
            column_ = None
        else:
            column_ = column
        if (column_, order) == (self._sort_column, self._sort_order) and self._loaded:
            return
        self._sort_column, self._sort_order = column_, order
        if self._loaded:
            self.request_reload()
        else:
            self.ensure_loaded()

    @property
    def sort_state(self) -> tuple[int | None, Qt.SortOrder]:
        return self._sort_column, self._sort_order
