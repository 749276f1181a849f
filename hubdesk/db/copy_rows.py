"""Many new rows into one PostgreSQL table with COPY, inside the session's transaction.

The import inserts 10,000 organizations, their contacts and 20,000 audit events at once. As one
INSERT … VALUES per 1,000 rows (SQLAlchemy's "insertmanyvalues", needed for RETURNING) psycopg
re-parses a statement of 25,000 placeholders per page in Python (too long for its statement cache),
and as an executemany the server runs one INSERT per row: both cost seconds that COPY does not.
COPY returns no ids, so `reserve_ids` takes them from the table's own sequence first (one
statement) and the rows are copied with them.

What COPY keeps: the rows go through each column type's bind processing as an INSERT's would
(enums, UTC instants, JSON), every trigger fires (the server's audit triggers record as for an
INSERT), every constraint holds (a refusal is the same SQLAlchemy error an INSERT raises), and the
engine's `before_cursor_execute` / `after_cursor_execute` listeners see the COPY statement (it is
counted, and an interrupted scope stops it). PostgreSQL only: SQLite keeps its executemany.
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import Table, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


# Below this many rows an INSERT is as quick: COPY takes two round trips, the ids one more.
WORTH_IT = 50


def worth_it(session: Session, count: int) -> bool:
    """Whether `count` new rows go in with COPY: on PostgreSQL, and enough of them."""
    return count >= WORTH_IT and session.get_bind().dialect.name == "postgresql"


def reserve_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` new ids of `table`'s id column, ascending, taken from its sequence (other sessions
    may take ids in between: they need not be consecutive)."""
    stmt = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
    return sorted(session.execute(stmt, {"table": table.name, "count": count}).scalars())


def copy_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """COPY `rows` (dicts by column key, every row the same keys) into `table`."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    keys = list(rows[0])
    columns = [table.c[key] for key in keys]
    defaulted = [c.key for c in table.columns if c.key not in keys and c.default is not None]
    if defaulted:   # an INSERT would fill them on the client: COPY cannot, so the rows must
        raise ValueError(f"copy_rows into {table.name}: give {', '.join(defaulted)}")
    processors = [(i, p) for i, p in enumerate(c.type._cached_bind_processor(dialect) for c in columns)
                  if p is not None]
    quote = dialect.identifier_preparer
    statement = (f"COPY {quote.format_table(table)} ({', '.join(quote.quote(c.name) for c in columns)}) "
                 "FROM STDIN")
    raw = connection.connection.driver_connection
    assert raw is not None   # the session's connection is checked out: its psycopg connection is there
    cursor = raw.cursor()
    dispatch = connection.dispatch
    try:
        if dispatch.before_cursor_execute:
            dispatch.before_cursor_execute(connection, cursor, statement, {}, None, True)
        with cursor.copy(statement) as copy:
            for row in rows:
                values = [row[key] for key in keys]
                for i, process in processors:
                    values[i] = process(values[i])
                copy.write_row(values)
        if dispatch.after_cursor_execute:
            dispatch.after_cursor_execute(connection, cursor, statement, {}, None, True)
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error,
                                  dialect=dialect) from exc
    finally:
        cursor.close()
