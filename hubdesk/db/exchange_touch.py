"""A session hook: a main row whose plain child rows changed (the people on a booking, a status
change appended to it) gets its `updated_at` set, so its UPDATE moves its `version` on.

The exchange of change packages (hubdesk.domain.exchange_clock) finds local changes by a row's
version; child rows that are not main rows travel inside their parent's state, and a change to
them alone would otherwise leave the version where it was. No statement is added when the parent
is being updated anyway (the usual case: a status change updates the booking's status too).
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from hubdesk.db.schema import MainRow, utcnow


def _child_collections_changed(obj: Any) -> bool:
    state = inspect(obj)
    for rel in state.mapper.relationships:
        if rel.secondary is None and issubclass(rel.mapper.class_, MainRow):
            continue
        if rel.key in state.attrs and state.attrs[rel.key].history.has_changes():
            return True
    return False


MOVED = "hubdesk_exchange_versions_moved"


def _touch(session: Session, parent: Any) -> None:
    if parent is None or parent in session.new or parent in session.deleted:
        return
    if session.is_modified(parent, include_collections=False) or parent in session.info.get(MOVED, ()):
        return      # its version moves (or moved earlier in this transaction) anyway
    parent.updated_at = utcnow()


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    moved = session.info.setdefault(MOVED, weakref.WeakSet())
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, MainRow) and (obj in session.new or session.is_modified(obj, include_collections=False)):
            moved.add(obj)
    for obj in list(session.dirty):
        if isinstance(obj, MainRow) and _child_collections_changed(obj):
            _touch(session, obj)
    for obj in list(session.new) + list(session.deleted):
        if isinstance(obj, MainRow):
            continue
        mapper = inspect(obj).mapper
        for rel in mapper.relationships:
            if rel.direction.name != "MANYTOONE" or not issubclass(rel.mapper.class_, MainRow):
                continue
            parent = obj.__dict__.get(rel.key)
            if parent is None:
                local = [getattr(obj, c.key, None) for c in rel.local_columns]
                if None not in local:
                    key = rel.mapper.identity_key_from_primary_key(local)
                    parent = session.identity_map.get(key)
            _touch(session, parent)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(MOVED, None)


def install(factory: sessionmaker) -> None:
    installed = factory.__dict__.setdefault("_hubdesk_hooks", set())
    if "exchange_touch" not in installed:
        installed.add("exchange_touch")
        event.listen(factory, "before_flush", _before_flush)
        event.listen(factory, "after_commit", _forget)
        event.listen(factory, "after_rollback", _forget)
