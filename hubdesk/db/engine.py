"""Engine factory: a SQLite file (WAL, foreign keys, busy timeout, BEGIN IMMEDIATE for writes)
or any SQLAlchemy URL (PostgreSQL through psycopg 3), with the same code above it."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import cast

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, NoSuchModuleError

from hubdesk import paths
from hubdesk.db import interrupt
from hubdesk.errors import DatabaseProblem
from hubdesk.i18n import _

# How long a write waits for another program's lock before giving up with a sentence;
# HUBDESK_BUSY_TIMEOUT (seconds) overrides it, e.g. for a slow shared disk or for tests.
BUSY_TIMEOUT_SECONDS = 10.0


def busy_timeout_seconds() -> float:
    try:
        return float(os.environ.get("HUBDESK_BUSY_TIMEOUT", BUSY_TIMEOUT_SECONDS))
    except ValueError:
        return BUSY_TIMEOUT_SECONDS
WRITE_OPTION = "hubdesk_write"

# A server connection that sat in the pool longer than this is pinged before it is used again
# (`_ping_when_idle`): one that was checked in a moment ago is used at once.
IDLE_PING_SECONDS = 5.0
SQLITE_HEADER = b"SQLite format 3\x00"


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """Turn `--db`, `HUBDESK_DB` or nothing into a SQLAlchemy URL string."""
    if target is None or str(target) == "":
        target = os.environ.get("HUBDESK_DB") or None
    if target is None:
        return sqlite_url(paths.default_database_path())
    text = str(target)
    if "://" in text:
        return text
    return sqlite_url(paths.user_path(text).resolve())


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite file `path`, escaped: a folder called "sp%20dir" or "#1" is
    that folder, not "sp dir" or a cut-off path."""
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def sqlite_uri(path: Path, **params: str) -> str:
    """A `file:` URI for `sqlite3.connect(..., uri=True)` with the path escaped (%, #, ? and spaces
    in folder names) and `params` such as mode="ro"."""
    from urllib.parse import quote, urlencode

    uri = "file:" + quote(str(path), safe="/")
    return uri + ("?" + urlencode(params) if params else "")


def parse_url(url: str):
    """make_url, but a malformed URL (bad port, no scheme) is a sentence, not a traceback."""
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseProblem(_("{url} is neither a file path nor a database URL. Give a file path or a URL "
                                "such as postgresql+psycopg://user@host/dbname.").format(url=url)) from None


def sqlite_path(url: str) -> Path | None:
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse, with a sentence, a path that cannot hold a hubdesk database. Changes nothing."""
    if path.is_dir():
        raise DatabaseProblem(_("{path} is a folder, not a database file. Give the path of a file.").format(path=path))
    if path.exists():
        if not os.access(path, os.R_OK):
            raise DatabaseProblem(_("Cannot read {path}: permission denied. Ask for read and write access "
                                    "to the file or choose another database.").format(path=path))
        size = path.stat().st_size
        if size:
            with path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
            if header != SQLITE_HEADER:
                raise DatabaseProblem(_("{path} is not a hubdesk database (it is not a SQLite file). "
                                        "Check the path, or restore the database from a backup.").format(path=path))
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise DatabaseProblem(_("{path} cannot be written: the file or its folder is read-only. "
                                    "Ask for write access or copy the database to a folder you can write to.")
                                  .format(path=path))
    else:
        folder = path.parent
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        if not probe.is_dir() or not os.access(probe, os.W_OK):
            raise DatabaseProblem(_("Cannot create a database in {folder}: the folder is read-only or missing. "
                                    "Choose a folder you can write to.").format(folder=folder))


def make_engine(url: str, *, busy_timeout: float | None = None) -> Engine:
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, busy_timeout if busy_timeout is not None else busy_timeout_seconds())
    if backend == "postgresql" and parsed.drivername in ("postgresql", "postgresql+psycopg"):
        # Only psycopg 3 is installed: another driver (asyncpg, psycopg2...) would fail on import.
        parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            engine = create_engine(parsed,
                                   connect_args={"connect_timeout": 10, "application_name": "hubdesk"})
        except NoSuchModuleError:
            pass
        else:
            _ping_when_idle(engine)
            interrupt.install(engine)
            return engine
    raise DatabaseProblem(_("hubdesk cannot use a database of type {scheme}. Use a SQLite file path or a "
                            "postgresql+psycopg:// URL.").format(scheme=parsed.drivername))


def _ping_when_idle(engine: Engine) -> None:
    """Make sure a pooled server connection still works before it is handed out, but pay the round
    trip only when it may have gone: after IDLE_PING_SECONDS in the pool (SQLAlchemy's custom
    pessimistic ping; `pool_pre_ping` would ping on every checkout, one round trip more for each
    read and write). A server restarted, or a connection cut by a firewall while nobody used it, is
    found here and replaced by a new connection (`DisconnectionError` makes the pool do that), so
    the person's next action does not fail. A connection whose client already knows it is broken
    is replaced without asking the server."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        record.info["hubdesk_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
            raise DisconnectionError("the server connection was closed")
        since = record.info.pop("hubdesk_idle_since", None)
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            # outside a transaction: one round trip (SELECT 1), not three (BEGIN, SELECT 1, ROLLBACK)
            dbapi_connection.autocommit = True
            try:
                dbapi_connection.execute("SELECT 1")
            finally:
                dbapi_connection.autocommit = False
        except Exception as exc:  # noqa: BLE001 - any failure means the connection cannot be used
            raise DisconnectionError(f"the server connection failed its ping: {exc}") from exc


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        # Take BEGIN out of pysqlite's hands (SQLAlchemy's documented recipe) so that
        # we can emit BEGIN IMMEDIATE for writes and plain BEGIN for reads.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if path is not None and _may_switch_to_wal(cursor):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised by every test
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    interrupt.install(engine)
    return engine


def _may_switch_to_wal(cursor) -> bool:
    """WAL is written into the file, so switch only a new file or a hubdesk one: a SQLite file of
    another program, which open_database then refuses, must be left byte-identical."""
    tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return not tables or "alembic_version" in tables


def sqlite_online_copy(engine: Engine, target: Path) -> None:
    """Copy the SQLite database behind `engine` to `target` with SQLite's online backup, which gives a
    consistent copy while the database stays open. Raises OSError / sqlite3.Error as they come.

    The copy is one self-contained file: it leaves write-ahead logging (the live database's mode,
    which the backup carries over) for a rollback journal before it is closed, so opening it read
    only later (verifying it) leaves no -wal and -shm files beside it; a database opened from it
    is put back into WAL by make_engine."""
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            cast(sqlite3.Connection, raw.driver_connection).backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        raw.close()
