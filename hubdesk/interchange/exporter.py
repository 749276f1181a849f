"""Exporting: what a list shows (`export_rows`), or a whole table (`export_table`), to .xlsx or
.csv by the file name's extension. `export_table` writes the columns the importer reads, so an
exported file can be imported again (into this database or another one). `write_template` writes
an import kind's headers (and an example row when asked) for someone to fill in."""

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


def template_columns(kind: str) -> list:
    """The columns an import of `kind` reads, in the order a template lists them."""
    return list(kinds.importer(kind).columns)


def column_note(column) -> str:
    """What a template's header says about its column: required or not, and what it takes."""
    from hubdesk.i18n import _

    required = _("Required.") if column.required else _("Optional.")
    return f"{required} {column.takes_text()}".strip()


def write_template(kind: str, path: str | Path, *, korean_headers: bool = False) -> int:
    """Write an empty workbook (or CSV) for importing `kind`: its headers in Korean or English (the
    importer reads both), and in a workbook a note on each header saying whether the column is
    required and what it takes (in the interface language). No rows: nothing to delete before
    filling it in. Returns the number of rows written (0)."""
    columns = template_columns(kind)
    return write_table(path, [c.header(korean_headers) for c in columns], [],
                       header_notes=[column_note(c) for c in columns])
