"""The one place an ORM change becomes an AuditEvent: a `before_flush` session hook.

Who is acting is held in a context variable: the signed-in user in the app, the operating-system
user on the command line (`os:<name>`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import weakref
import enum
import getpass
from contextlib import contextmanager
from typing import Any, Iterator, cast

from sqlalchemy import Table, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from hubdesk.db import copy_rows
from hubdesk.db.enums import AuditAction, Role
from hubdesk.db.schema import AuditEvent, MainRow

SIGN_IN_ACTOR_NAME = "system:sign-in"
OS_ACTOR_PREFIX = "os:"   # an actor without an account: the operating-system user, "os:<name>"
_SKIP_FIELDS = {"created_at", "updated_at", "version", "password_hash"}


def os_actor() -> str:
    try:
        return OS_ACTOR_PREFIX + getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some service contexts
        return OS_ACTOR_PREFIX + "unknown"


# The signed-in user of this process (the app sets it after sign-in; worker threads see it too),
# and a per-context override for code that acts on someone's behalf (`acting_as`).
_signed_in: tuple[str, Role] | None = None
_override: contextvars.ContextVar[tuple[str, Role | None] | None] = contextvars.ContextVar(
    "hubdesk_actor", default=None)


def _who() -> tuple[str, Role | None]:
    override = _override.get()
    if override is not None:
        return override
    if _signed_in is not None:
        return _signed_in
    return os_actor(), None


def current_actor() -> str:
    return _who()[0]


def current_role() -> Role:
    """The acting role. Nobody signed in means the command line or a script run by whoever may
    open the file on this machine: treated as an administrator and recorded as the OS user."""
    name, role = _who()
    if role is None:
        return Role.ADMIN if name.startswith("os:") else Role.VIEWER
    return role


def set_actor(name: str | None, role: Role | str | None = None) -> None:
    """Who acts from now on in this process (the app calls it after sign-in; None signs out)."""
    global _signed_in
    _signed_in = None if name is None else (name, Role(role) if role is not None else Role.VIEWER)


@contextmanager
def acting_as(name: str, role: Role | str | None = None) -> Iterator[None]:
    token = _override.set((name, Role(role) if role is not None else None))
    try:
        yield
    finally:
        _override.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _columns(obj: Any) -> list[str]:
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in _SKIP_FIELDS]


def _snapshot(obj: Any) -> dict[str, Any]:
    return {k: _jsonable(getattr(obj, k)) for k in _columns(obj)}


# The audit rows this hook writes, told apart from any other attempt to write one (which the
# permission rules refuse): the objects it adds, and the session flag set around its bulk insert.
WRITTEN_BY_HOOK: "weakref.WeakSet[Any]" = weakref.WeakSet()
HOOK_WRITING = "hubdesk_audit_hook_writing"


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    actor = current_actor()
    now = dt.datetime.now(dt.timezone.utc)
    pending: list[tuple[Any, AuditAction, dict | None, dict | None]] = []
    for obj in session.new:
        if isinstance(obj, MainRow):
            pending.append((obj, AuditAction.INSERT, None, None))
    for obj in session.dirty:
        if not isinstance(obj, MainRow) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for key in _columns(obj):
            hist = state.attrs[key].history
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if _jsonable(old) != _jsonable(new):
                    before[key] = _jsonable(old)
                    after[key] = _jsonable(new)
        if after:
            pending.append((obj, AuditAction.UPDATE, before, after))
    for obj in session.deleted:
        if isinstance(obj, MainRow):
            pending.append((obj, AuditAction.DELETE, _snapshot(obj), None))
    if not pending:
        return
    session.info.setdefault("hubdesk_audit_new", []).extend(
        o for o, action, _b, _a in pending if action is AuditAction.INSERT)
    for obj, action, old_values, new_values in pending:
        if action is AuditAction.INSERT:
            continue  # written after the flush, once the row has its id
        event_row = AuditEvent(at=now, actor=actor, action=action, entity=obj.__tablename__,
                               entity_id=obj.id, entity_uid=obj.uid, before=old_values, after=new_values)
        WRITTEN_BY_HOOK.add(event_row)
        session.add(event_row)


def _after_flush(session: Session, _ctx: Any) -> None:
    inserted = session.info.pop("hubdesk_audit_new", None)
    if not inserted:
        return
    actor = current_actor()
    now = dt.datetime.now(dt.timezone.utc)
    rows = [dict(at=now, actor=actor, action=AuditAction.INSERT, entity=o.__tablename__,
                 entity_id=o.id, entity_uid=o.uid, before=None, after=_snapshot(o)) for o in inserted]
    write_events(session, rows)


def write_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows in bulk: the audit hook's own writes, and the bulk importer's (rows it
    inserts past the ORM). The only way to write audit rows with a statement: any other insert,
    update or delete of `audit_event` is refused by the permission rules."""
    if not rows:
        return
    table = cast(Table, AuditEvent.__table__)
    if copy_rows.worth_it(session, len(rows)):
        copy_rows.copy_rows(session, table, rows)   # the bulk importer's thousands (see copy_rows)
        return
    session.info[HOOK_WRITING] = True
    try:
        session.execute(table.insert(), rows)
    finally:
        session.info.pop(HOOK_WRITING, None)


def without_row_audit(session: Session) -> None:
    """For the rest of this transaction, rows written past the ORM are not audited one by one on
    PostgreSQL either (the demo data: thousands of made-up rows). The server's audit triggers
    (migration 0007) honour it only for the tables' owner, who could take them off anyway; any other
    login's writes are still audited. Nothing to do on SQLite, where only the ORM hook audits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL hubdesk.row_audit = 'off'"))


# The audit trail's record kind for what happens to the database as a whole (a restore, demo data).
DATABASE_ENTITY = "database"


def record_database_event(session: Session, after: dict[str, Any]) -> None:
    """An audit row for work on the whole database that no row change describes: a restore (from
    which backup) or demo data written in bulk. Who and when as for every audit row; written
    through `write_events`, the audit hook's own writer."""
    write_events(session, [dict(at=dt.datetime.now(dt.timezone.utc), actor=current_actor(),
                                action=AuditAction.UPDATE, entity=DATABASE_ENTITY, entity_id=None,
                                entity_uid=None, before=None, after={k: _jsonable(v) for k, v in after.items()})])


def install(factory: sessionmaker) -> None:
    # Marked on the factory itself: event.contains() goes by id(), and a new factory can get
    # the id of a collected one, which would leave this one without the hook.
    installed = factory.__dict__.setdefault("_hubdesk_hooks", set())
    if "audit" not in installed:
        installed.add("audit")
        event.listen(factory, "before_flush", _before_flush)
        event.listen(factory, "after_flush", _after_flush)
