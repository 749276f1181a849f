"""Open a hubdesk database: check it, back it up and migrate it, and hand out sessions."""

from __future__ import annotations

import datetime as dt
import glob
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hubdesk.db import migrate
from hubdesk import output_files
from hubdesk.db.engine import (WRITE_OPTION, busy_timeout_seconds, make_engine, resolve_target,
                               sqlite_online_copy, sqlite_path)
from hubdesk.db.file_lock import FileLock, lock_path
from hubdesk.errors import DatabaseProblem, HubdeskError
from hubdesk.i18n import _


# Session hooks installed on every write session, in this order: rules that may refuse a change
# (permissions, locked quarters, a save based on an older version) run before the audit hook
# records it.
SESSION_HOOKS = (
    "hubdesk.db.exchange_touch",      # a row whose child rows alone changed moves its version on
    "hubdesk.domain.permissions",
    "hubdesk.domain.report_lock",
    "hubdesk.domain.invoices",
    "hubdesk.domain.versions",
    "hubdesk.db.audit",
)


# The database's own refusal of a change (a constraint under a rule, which only a path that skipped
# the rule can reach) becomes that rule's sentence: each module's `refusal_for(bind, error)` returns
# a HubdeskError for the errors it knows, None for the others.
REFUSAL_HOOKS = ("hubdesk.domain.bookings",)


def database_refusal(bind: Engine, error: IntegrityError) -> HubdeskError | None:
    """The sentence a rule gives for `error`, or None when no rule knows it. `bind` reads what the
    failed transaction could not (it runs after that transaction was rolled back)."""
    import importlib

    for name in REFUSAL_HOOKS:
        refusal = importlib.import_module(name).refusal_for(bind, error)
        if refusal is not None:
            return refusal
    return None


# Run on every database once it is open and migrated: the foundation's clock reads its time zone.
OPEN_HOOKS = ("hubdesk.domain.clock",)


def run_open_hooks(db: "Database") -> None:
    import importlib

    for name in OPEN_HOOKS:
        importlib.import_module(name).on_open(db)


def install_session_hooks(factory: sessionmaker) -> None:
    import importlib

    for name in SESSION_HOOKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # an optional rule module not present in this build
        module.install(factory)


def _note_write(session: Session, _context=None) -> None:
    session.info["wrote"] = True


def _note_write_statement(state) -> None:
    if not state.is_select:
        state.session.info["wrote"] = True


def _refuse_write(*_args) -> None:
    raise RuntimeError("a read without a transaction (Database.read(transaction=False)) never writes")


def _refuse_write_statement(state) -> None:
    from sqlalchemy.sql.elements import TextClause

    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete or (
            isinstance(statement, TextClause) and not statement.text.lstrip()[:6].upper() == "SELECT"):
        _refuse_write()


def without_parallel_workers(session: Session) -> None:
    """On PostgreSQL, the rest of this transaction plans no parallel workers (SET LOCAL; nothing on
    SQLite). For the few statements a person waits for that read thousands of index entries:
    PostgreSQL gives them two workers each, whose start costs more than they save (the Dashboard's
    week of bookings on huge: 27 ms with them, 12 without), and on an office server thirty
    desktops' workers would only compete for its cores. Sent on the connection, not as an ORM
    statement: a read that sent one would end in a ROLLBACK (`_end_read`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")


def _end_read(session: Session) -> None:
    """End a read session's transaction: COMMIT when it wrote nothing and holds no change (the same
    as a ROLLBACK for a transaction that only read, but psycopg drops the statements it prepared on a
    ROLLBACK, so PostgreSQL planned every statement again in each read: 10 ms for the rule check's
    facts on huge), else ROLLBACK (a read never writes)."""
    if session.info.pop("wrote", False) or session.new or session.dirty or session.deleted:
        session.rollback()
        return
    try:
        session.commit()
    except Exception:
        session.rollback()


class Database:
    """One opened database. `write()` gives a session in a write transaction (BEGIN IMMEDIATE on
    SQLite) that commits on success; `read()` one that never writes.

    A SQLite database holds a shared lock on `<file>.lock` (`db/file_lock.py`) from its first
    connection until `dispose()`, taken before SQLite opens the file: a restore, which needs the
    lock exclusively, is refused while the database is open here, and a connection made while a
    restore runs waits for it and then opens the restored file. `hold_lock=False` is for the
    restore's own work on the copy it is about to put in place."""

    def __init__(self, url: str, engine: Engine, *, hold_lock: bool = True):
        self.url = url
        self.engine = engine
        self.path: Path | None = sqlite_path(url)
        self._lock: FileLock | None = None
        self._lock_guard = threading.Lock()
        if self.path is not None:
            output_files.protect(self.path)     # no report or export may be written over it
            if hold_lock:
                self._lock = FileLock(lock_path(self.path), exclusive=False)
                event.listen(engine, "do_connect", self._take_lock)
        self._write_factory = sessionmaker(bind=engine.execution_options(**{WRITE_OPTION: True}),
                                           expire_on_commit=False)
        self._read_factory = sessionmaker(bind=engine, expire_on_commit=False)
        event.listen(self._read_factory, "after_flush", _note_write)
        event.listen(self._read_factory, "do_orm_execute", _note_write_statement)
        # read(transaction=False): autocommit on a server (SQLite has no round trip to save)
        self._loose_read_factory = sessionmaker(
            bind=engine if self.is_sqlite else engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False)
        event.listen(self._loose_read_factory, "before_flush", _refuse_write)
        event.listen(self._loose_read_factory, "do_orm_execute", _refuse_write_statement)
        install_session_hooks(self._write_factory)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        session = self._write_factory()
        try:
            with translate_db_errors(self):
                yield session
                session.commit()
        except BaseException as exc:
            session.rollback()
            if isinstance(exc, IntegrityError) and (refusal := database_refusal(self.engine, exc)) is not None:
                raise refusal from exc
            raise
        finally:
            session.close()

    @contextmanager
    def read(self, *, transaction: bool = True) -> Iterator[Session]:
        """A session that only reads. `transaction=False`: on a server, no transaction around its
        statements (autocommit), so no BEGIN and no COMMIT, each a round trip of its own; each
        statement sees what was committed when it began, as every statement of PostgreSQL's READ
        COMMITTED transactions does anyway. For reads of independent figures a person waits for
        (the Dashboard's lists). On SQLite, in a transaction as any read (there is no round trip
        to save). Either way, a flush or a statement that would write is refused (RuntimeError)."""
        session = (self._read_factory if transaction else self._loose_read_factory)()
        try:
            with translate_db_errors(self):
                yield session
        except BaseException:
            session.rollback()
            raise
        else:
            _end_read(session)
        finally:
            session.close()

    def _take_lock(self, _dialect, _record, _cargs, _cparams) -> None:
        lock = self._lock
        if lock is None:
            return
        with self._lock_guard:
            if lock.held:
                return
            try:
                taken = lock.acquire(timeout=busy_timeout_seconds())
            except OSError as exc:
                raise DatabaseProblem(_("Cannot create {path} beside the database {name}: {detail}. Check that "
                                        "you may write to its folder.")
                                      .format(path=lock.path, name=self.display_name,
                                              detail=exc.strerror or exc)) from None
            if not taken:
                raise DatabaseProblem(_("The database {name} is being restored from a backup by another "
                                        "hubdesk. Wait until the restore finishes, then try again.")
                                      .format(name=self.display_name))

    def dispose(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            with self._lock_guard:
                self._lock.release()    # taken again by the next connection, if there is one
        if self.path is not None and not getattr(self, "_released", False):
            self._released = True
            output_files.release(self.path)


@contextmanager
def translate_db_errors(db: "Database | None" = None, url: str | None = None) -> Iterator[None]:
    """Turn the database errors a person can cause into a sentence that says what to do."""
    name = db.display_name if db else (url or "")
    try:
        yield
    except OperationalError as exc:
        raise _problem_for(exc, name) from exc
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            raise _refused_by_server(exc, db) from exc
        damaged = ("not a database", "malformed", "file is encrypted")
        if isinstance(exc.orig, sqlite3.DatabaseError) and any(d in str(exc.orig) for d in damaged):
            raise _problem_for(exc, name) from exc
        raise


INSUFFICIENT_PRIVILEGE = "42501"   # PostgreSQL's SQLSTATE for a refused privilege


def _refused_by_server(exc: DBAPIError, db: "Database | None") -> DatabaseProblem:
    """PostgreSQL refused a change to the login's face (`hubdesk server-setup` grants each login only
    what its hubdesk role may do; the audit trail takes no change at all)."""
    login = db.engine.url.username if db is not None else None
    if "audit" in str(exc.orig).lower():
        return DatabaseProblem(_("The database server refused the change: the audit trail cannot be changed. "
                                 "Nothing was saved."))
    return DatabaseProblem(_("The database server refused the change: the login {login} may not make it. Sign "
                             "in as someone whose role allows it, or ask an administrator; nothing was saved.")
                           .format(login=login or "?"))


def _problem_for(exc: Exception, name: str) -> DatabaseProblem:
    msg = str(getattr(exc, "orig", exc)).lower()
    if getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "40001"):   # deadlock, serialization
        return DatabaseProblem(_("Someone else was saving changes to the same records of {name} at the same "
                                 "moment, and the database stopped this change so that theirs could finish. "
                                 "Nothing was saved; try again.").format(name=name))
    if "locked" in msg or "busy" in msg:
        return DatabaseProblem(_("The database {name} is locked by another program. Wait until it "
                                 "finishes or close it, then try again.").format(name=name))
    if "readonly" in msg or "read-only" in msg or "read only" in msg:
        return DatabaseProblem(_("The database {name} is read-only. Ask for write access or copy it "
                                 "to a folder you can write to.").format(name=name))
    if "disk is full" in msg or "database or disk is full" in msg:
        return DatabaseProblem(_("The disk holding {name} is full. Free some space and try again; "
                                 "nothing was saved.").format(name=name))
    if "not a database" in msg or "malformed" in msg or "file is encrypted" in msg:
        return DatabaseProblem(_("{name} is not a hubdesk database or is damaged. Check the path, or "
                                 "restore the database from a backup.").format(name=name))
    if "unable to open" in msg:
        return DatabaseProblem(_("Cannot open the database {name}. Check that the folder exists and that "
                                 "you may write to it.").format(name=name))
    if "could not connect" in msg or "connection refused" in msg or "connection failed" in msg \
            or "timeout" in msg or "password authentication" in msg:
        return DatabaseProblem(_("Cannot reach the database server for {name}. Check the address, the "
                                 "user name and password, and that the server is running.").format(name=name))
    return DatabaseProblem(_("The database {name} reported a problem: {detail}. Try again; if it "
                             "persists, run “hubdesk check”.").format(name=name, detail=msg))


def backup_before_migration(db_path: Path, engine: Engine) -> Path:
    """A consistent copy (SQLite online backup) next to the file, named with a timestamp."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}.before-migration-{stamp}{db_path.suffix or '.db'}")
    n = 1
    while target.exists():
        target = db_path.with_name(f"{db_path.stem}.before-migration-{stamp}-{n}{db_path.suffix or '.db'}")
        n += 1
    sqlite_online_copy(engine, target)
    return target


def interrupted_restore_leftovers(path: Path) -> list[Path]:
    """Files an interrupted restore (of this or an older hubdesk) may have left beside `path`: the
    copy being put in place (`<name>.restoring`) and the files kept aside (`<stem>.replaced-*`),
    newest first."""
    found = [p for p in (path.with_name(path.name + ".restoring"),) if p.is_file()]
    aside = [p for p in path.parent.glob(glob.escape(path.stem) + ".replaced-*") if p.is_file()
             and not p.name.endswith(("-wal", "-shm", "-journal"))]
    return found + sorted(aside, key=lambda p: p.stat().st_mtime, reverse=True)


def _refuse_missing_after_restore(path: Path) -> None:
    if path.exists():
        return
    leftovers = interrupted_restore_leftovers(path)
    if leftovers:
        raise DatabaseProblem(_("There is no database at {path}, but files left by a restore are beside it: "
                                "{files}. The data is in them: rename the one you want to keep to {name} "
                                "(a .replaced- file is the database as it was before a restore), or restore "
                                "a backup again. Nothing was created.")
                              .format(path=path, files=", ".join(p.name for p in leftovers), name=path.name))


def open_database(target: str | Path | None = None, *, migrate_schema: bool = True,
                  create: bool = False, progress: Callable[[str], None] | None = None) -> Database:
    """Open and migrate a database. Raises DatabaseProblem with a sentence.

    A missing SQLite file is created, except where a restore left files beside it (the data may be
    in them, and an empty database in its place would hide that): then only `create=True` (the
    first start, the demo) makes a new one; otherwise the sentence says where the data is.
    `progress(sentence)` is told when the long steps of a migration begin (the copy made before
    it, the migration itself), for a window that shows them; it is called on the opening thread."""
    url = resolve_target(target)
    path = sqlite_path(url)
    if path is not None and not create:
        _refuse_missing_after_restore(path)
    engine = make_engine(url)
    db = Database(url, engine)
    try:
        with translate_db_errors(db):
            revision = migrate.current_revision(engine)
            if revision == migrate.HEAD_REVISION:
                run_open_hooks(db)
                return db
            if revision is not None and revision not in migrate.known_revisions():
                raise DatabaseProblem(_("{name} was written by a newer version of hubdesk (schema {rev}). "
                                        "Install the newer hubdesk to open it; nothing was changed.")
                                      .format(name=db.display_name, rev=revision))
            if revision is None and migrate.has_user_tables(engine):
                raise DatabaseProblem(_("{name} is a SQLite database but not a hubdesk database. Choose "
                                        "another file; nothing was changed.").format(name=db.display_name))
            if not migrate_schema:
                raise DatabaseProblem(_("{name} needs its schema updated. Open it with hubdesk to update it.")
                                      .format(name=db.display_name))
            if db.path is not None and revision is not None:
                if progress is not None:
                    progress(_("Saving a copy of {name} before updating it to this version of hubdesk…")
                             .format(name=db.path.name))
                backup_before_migration(db.path, engine)
            if progress is not None:
                progress(_("Updating {name} to this version of hubdesk…").format(name=db.display_name))
            migrate.upgrade(engine)
            run_open_hooks(db)
    except BaseException:
        db.dispose()     # the engine, and the file lock its first connection took
        raise
    return db


def healthy_report(db: Database) -> list[str]:
    """Problems found by the integrity and foreign-key checks, the schema revision and the tables and
    columns the schema at that revision has ([] = healthy)."""
    problems: list[str] = []
    with db.engine.connect() as conn:
        if db.is_sqlite:
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
            if rows != ["ok"]:
                problems.extend(_("integrity check: {row}").format(row=r) for r in rows)
            for row in conn.execute(text("PRAGMA foreign_key_check")):
                problems.append(_("row {rowid} of table {table} points to a missing row of {parent}")
                                .format(rowid=row[1], table=row[0], parent=row[2]))
    revision = migrate.current_revision(db.engine)
    if revision != migrate.HEAD_REVISION:
        problems.append(_("schema revision is {rev}, expected {head}")
                        .format(rev=revision or "none", head=migrate.HEAD_REVISION))
    else:
        with db.engine.connect() as conn:
            problems.extend(migrate.schema_problems(conn))
    return problems
