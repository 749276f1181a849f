"""Checks several test modules share: a refusal said as a sentence, and what a SQLite file holds
(its bytes, its schema revision) read with the standard library, not with hubdesk's own code."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from hubdesk.errors import DomainError

FUTURE_REVISION = "9999_from_the_future"


def refused(fn, *args, field: str | None = None, code: str | None = None, **kwargs) -> DomainError:
    """`fn(*args, **kwargs)` raises DomainError with a whole sentence (on `field`, with `code`)."""
    with pytest.raises(DomainError) as err:
        fn(*args, **kwargs)
    assert err.value.message.endswith("."), err.value.message
    if field is not None:
        assert err.value.field == field, err.value.message
    if code is not None:
        assert err.value.code == code
    return err.value


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_value(path: Path, sql: str):
    """The first column of the first row `sql` gives in the SQLite file."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def schema_revision(path: Path) -> str:
    """The Alembic revision a SQLite file says it is at."""
    return sqlite_value(path, "SELECT version_num FROM alembic_version")


def another_programs_database(path: Path) -> Path:
    """A SQLite file another program wrote (a table of recipes, no hubdesk schema)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    return path


def set_schema_revision(path: Path, revision: str = FUTURE_REVISION) -> None:
    """Make the file say it is at `revision` (by default one a newer hubdesk would write)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()


def backdate_audit_rows(conn, where, at) -> None:
    """Set `at` of the audit rows matching `where`, as test set-up (a change made days ago). On
    PostgreSQL the trail is append-only for every login (migration 0006): only the table's owner
    can lift its trigger, which this does for the one statement, inside the caller's transaction."""
    from hubdesk.db.schema import AuditEvent

    table = AuditEvent.__table__
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    conn.execute(table.update().where(*where).values(at=at))
    if postgres:
        conn.exec_driver_sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
