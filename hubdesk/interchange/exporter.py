"""Exporting: what a list shows (`export_rows`), or a whole table (`export_table`), to .xlsx or
.csv by the file name's extension. `export_table` writes the columns the importer reads, so an
exported file can be imported again (into this database or another one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

from hubdesk.interchange import kinds
from hubdesk.interchange.writers import write_table


def export_rows(path: str | Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write `columns` (the headers as shown) and `rows` (the values as shown, in order) to `path`
    (.xlsx or .csv). Returns the number of rows written. Values may be str, int, float, bool,
    date, datetime (written as local wall-clock time), enum members or None."""
    return write_table(path, list(columns), rows)


def table_headers(kind: str, *, korean_headers: bool = False) -> list[str]:
    columns = kinds.module(kind).COLUMNS
    return [c.ko if korean_headers else c.key for c in columns]


def export_table(db: Any, kind: str, path: str | Path, *, korean_headers: bool = False) -> int:
    """Write a whole table (one of `kinds.EXPORT_KINDS`) to `path`.
    Headers are the English column keys, or the Korean headers; both import back. Returns the
    number of rows written."""
    module = kinds.module(kind)
    headers = table_headers(kind, korean_headers=korean_headers)
    with db.read() as session:
        return write_table(path, headers, module.export_records(session))
