"""The demo generator's plumbing: deterministic ids and uids, batched bulk Core inserts in foreign-key
order, progress reports and cancellation between batches.

Rows are plain dicts written with `session.execute(insert(table), rows)`. Bulk Core inserts do not
go through the ORM flush, so the audit hook writes no AuditEvent per demo row (intended; on PostgreSQL
the server's row triggers are told so too, `audit.without_row_audit`); `generate` writes one audit
row for the whole demo.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any, Callable

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from hubdesk.db.schema import Base
from hubdesk.errors import HubdeskError
from hubdesk.i18n import _

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

_MAIN_ROW_COLUMNS = {"uid", "created_at", "updated_at"}


class DemoCancelled(HubdeskError):
    """The person cancelled the generation; the one transaction was rolled back."""


class Writer:
    """Buffers rows per table and writes them in batches, parents before children."""

    def __init__(self, session: Session, seed: int, *, batch_rows: int = 20_000,
                 progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                 expected_rows: int = 1):
        self.session = session
        self.batch_rows = batch_rows
        self.progress = progress
        self.cancel = cancel
        self.expected_rows = max(1, expected_rows)
        self.written = 0
        self.counts: dict[str, int] = {}
        self.message = ""
        self._buffers: dict[str, list[dict[str, Any]]] = {}
        self._buffered = 0
        self._next_id: dict[str, int] = {}
        self._shapes: dict[str, tuple[bool, bool]] = {}
        self._uid_rng = random.Random(f"hubdesk-demo:{seed}:uid")
        self._order = [t.name for t in Base.metadata.sorted_tables]
        self._tables: dict[str, Table] = {t.name: t for t in Base.metadata.sorted_tables}

    # -- ids -------------------------------------------------------------------------------
    def next_id(self, table: str) -> int:
        """The id the next row of `table` gets (explicit ids let children refer to parents before
        anything is written)."""
        if table not in self._next_id:
            t = self._tables[table]
            current = self.session.execute(select(func.max(t.c.id))).scalar() or 0
            self._next_id[table] = current + 1
        n = self._next_id[table]
        self._next_id[table] = n + 1
        return n

    def uid(self) -> str:
        return str(uuid.UUID(int=self._uid_rng.getrandbits(128), version=4))

    # -- rows ------------------------------------------------------------------------------
    def add(self, table: str, row: dict[str, Any], *, stamp: dt.datetime | None = None,
            updated: dt.datetime | None = None) -> dict[str, Any]:
        """Queue a row. Main rows get an id, a uid, created/updated instants (`stamp`) and version 1."""
        has_id, has_uid = self._shape(table)
        if has_id and "id" not in row:
            row["id"] = self.next_id(table)
        if has_uid:
            row["uid"] = self.uid()
            row["created_at"] = stamp
            row["updated_at"] = updated or stamp
            row["version"] = 1
        self._buffers.setdefault(table, []).append(row)
        self._buffered += 1
        if self._buffered >= self.batch_rows:
            self.flush()
        return row

    def _shape(self, table: str) -> tuple[bool, bool]:
        shape = self._shapes.get(table)
        if shape is None:
            cols = self._tables[table].c
            shape = self._shapes[table] = ("id" in cols, "uid" in cols)
        return shape

    def flush(self) -> None:
        """Write every buffered row, tables in foreign-key order; check for cancel; report progress."""
        self.check_cancel()
        for name in self._order:
            rows = self._buffers.pop(name, None)
            if not rows:
                continue
            groups: dict[frozenset, list[dict[str, Any]]] = {}
            for r in rows:
                groups.setdefault(frozenset(r), []).append(r)
            for group in groups.values():
                self.session.execute(insert(self._tables[name]), group)
            self.counts[name] = self.counts.get(name, 0) + len(rows)
            self.written += len(rows)
        self._buffered = 0
        self.report()

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel():
            raise DemoCancelled(_("Demo data generation was cancelled; nothing was written."))

    def phase(self, message: str) -> None:
        self.check_cancel()
        self.message = message
        self.report()

    def report(self) -> None:
        if self.progress is not None:
            total = max(self.expected_rows, self.written + 1)
            self.progress(min(self.written, total - 1), total, self.message)

    def finish(self) -> None:
        self.flush()
        self.fix_sequences()
        if self.progress is not None:
            self.progress(self.written, self.written, self.message)

    def fix_sequences(self) -> None:
        """PostgreSQL: explicit ids do not advance the serial sequences, so set them past the maximum."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for name in self._next_id:
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))
