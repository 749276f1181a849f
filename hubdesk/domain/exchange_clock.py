"""Which installation this database is, and the change clock of every travelling row (issue 16).

Each installation counts its own changes. A row's *version vector* ({installation uid: counter})
says which installations' changes its state includes: of two states of a row, the one whose vector
is at least the other's in every place is the newer; when each is ahead somewhere, they were made
concurrently (a conflict for a person).

Local changes are found by a *sweep* (`sweep`), run when a package is written or applied and by
`status`, not at every save: it compares every travelling row's `version` (moved on by every
UPDATE the ORM makes) with the version its clock last saw, notices rows without a clock (new,
including the demo's and the bulk importer's Core inserts) and clocks without a row (removed: a
tombstone), and gives everything it found the next counter. A save therefore costs no statement
more; a change made past the ORM that does not move `version` (raw SQL) is not seen until the row
changes again. The session hook of `hubdesk.db.exchange_touch` moves a row's version when only its
plain child rows changed (the people on a booking), so those are seen too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast, Mapping

from sqlalchemy import Table, and_, bindparam, delete, select, update
from sqlalchemy.orm import Session

from hubdesk.db.schema import ExchangeClock, ExchangeTombstone, Installation, new_uid
from hubdesk.domain import clock
from hubdesk.domain import exchange_rows
from hubdesk.domain.texts import clean_text
from hubdesk.errors import DomainError
from hubdesk.i18n import _

CLOCK_TABLE = cast(Table, ExchangeClock.__table__)

Vector = dict[str, int]

EQUAL, NEWER, OLDER, CONCURRENT = "equal", "newer", "older", "concurrent"


def compare(a: Mapping[str, int], b: Mapping[str, int]) -> str:
    """How state `a` relates to state `b` by their vectors."""
    ahead = any(v > b.get(k, 0) for k, v in a.items())
    behind = any(v > a.get(k, 0) for k, v in b.items())
    if ahead and behind:
        return CONCURRENT
    if ahead:
        return NEWER
    if behind:
        return OLDER
    return EQUAL


def merged(*vectors: Mapping[str, int]) -> Vector:
    result: Vector = {}
    for vector in vectors:
        for k, v in vector.items():
            if v > result.get(k, 0):
                result[k] = v
    return result


def this_installation(session: Session) -> Installation:
    """This database's installation, made the first time it is asked for (with a new foundation
    id, which a database that joins with an `--all` package replaces)."""
    me = session.scalars(select(Installation).where(Installation.is_self.is_(True))).first()
    if me is None:
        uid = new_uid()
        me = Installation(uid=uid, is_self=True, foundation_uid=new_uid(), counter=0, knows={}, name=None)
        session.add(me)
        session.flush()
    return me


def name_installation(session: Session, name: str) -> Installation:
    """Give this installation the name people know it by ("GMP centre PC")."""
    cleaned = clean_text(name)
    if not cleaned:
        raise DomainError(_("Give this installation a name people will recognise, such as “GMP centre PC”."),
                          field="name", code="name_required")
    if len(cleaned) > 200:
        raise DomainError(_("The installation's name is too long ({count} characters). Use at most 200.")
                          .format(count=len(cleaned)), field="name", code="name_too_long")
    me = this_installation(session)
    me.name = cleaned
    session.flush()
    return me


def next_counter(session: Session, me: Installation) -> int:
    me.counter = (me.counter or 0) + 1
    knows = dict(me.knows or {})
    knows[me.uid] = me.counter
    me.knows = knows
    return me.counter


def sweep(session: Session, *, now: dt.datetime | None = None) -> int:
    """Clock every local change made since the last sweep; returns how many rows it found."""
    me = this_installation(session)
    now = now or clock.utc_now()
    counter: int | None = None
    found = 0
    for spec in exchange_rows.travelling_tables():
        table = spec.table
        on = and_(ExchangeClock.table_name == spec.name, ExchangeClock.row_uid == table.c.uid)
        # three joins on the unique indexes: only the rows that changed come back
        rows = dict(session.execute(select(table.c.uid, table.c.version).outerjoin(ExchangeClock, on)
                                    .where(ExchangeClock.id.is_(None))).all())
        new = list(rows)
        changed = []
        for uid, version, cid, seen, vector in session.execute(
                select(table.c.uid, table.c.version, ExchangeClock.id, ExchangeClock.seen_version,
                       ExchangeClock.vector).join(ExchangeClock, on).where(ExchangeClock.seen_version != table.c.version)):
            rows[uid] = version
            changed.append((uid, (cid, seen, vector)))
        gone = [(uid, (cid, seen, vector)) for cid, uid, seen, vector in session.execute(
            select(ExchangeClock.id, ExchangeClock.row_uid, ExchangeClock.seen_version, ExchangeClock.vector)
            .where(ExchangeClock.table_name == spec.name,
                   ~select(table.c.id).where(table.c.uid == ExchangeClock.row_uid).exists()))]
        if not (new or changed or gone):
            continue
        if counter is None:
            counter = next_counter(session, me)
        found += len(new) + len(changed) + len(gone)
        if new:
            # rows removed earlier here (or by a package) and written again get a clock again
            session.execute(delete(ExchangeTombstone).where(ExchangeTombstone.table_name == spec.name,
                                                            ExchangeTombstone.row_uid.in_(new)))
            session.execute(CLOCK_TABLE.insert(), [
                dict(table_name=spec.name, row_uid=uid, seen_version=rows[uid], origin=me.uid,
                     vector={me.uid: counter}, changed_at=now) for uid in new])
        if changed:
            session.execute(update(CLOCK_TABLE).where(ExchangeClock.id == bindparam("cid"))
                            .values(seen_version=bindparam("seen"), vector=bindparam("vec"), origin=me.uid,
                                    changed_at=now),
                            [dict(cid=clock[0], seen=rows[uid], vec=dict(clock[2], **{me.uid: counter}))
                             for uid, clock in changed])
        for uid, (cid, _seen, vector) in gone:
            session.execute(delete(ExchangeClock).where(ExchangeClock.id == cid))
            record_tombstone(session, spec.name, uid, dict(vector, **{me.uid: counter}), me.uid, now)
    session.flush()
    return found


def record_tombstone(session: Session, table: str, uid: str, vector: Vector, origin: str,
                     now: dt.datetime) -> None:
    existing = session.scalars(select(ExchangeTombstone).where(ExchangeTombstone.table_name == table,
                                                               ExchangeTombstone.row_uid == uid)).first()
    if existing is None:
        session.add(ExchangeTombstone(table_name=table, row_uid=uid, origin=origin, vector=vector, removed_at=now))
    else:
        existing.vector = merged(existing.vector, vector)
        existing.origin = origin
        existing.removed_at = now
    session.flush()


def set_clock(session: Session, table: str, uid: str, vector: Vector, origin: str, now: dt.datetime) -> None:
    """The row (table, uid) as it now is here has `vector` (after a package or a resolution wrote it)."""
    spec = exchange_rows.by_name()[table]
    version = session.scalar(select(spec.table.c.version).where(spec.table.c.uid == uid))
    clock = session.scalars(select(ExchangeClock).where(ExchangeClock.table_name == table,
                                                        ExchangeClock.row_uid == uid)).first()
    if clock is None:
        session.add(ExchangeClock(table_name=table, row_uid=uid, seen_version=version or 1, origin=origin,
                                  vector=vector, changed_at=now))
    else:
        clock.seen_version = version or 1
        clock.vector = vector
        clock.origin = origin
        clock.changed_at = now
    session.flush()


def clock_of(session: Session, table: str, uid: str) -> Vector | None:
    return session.scalar(select(ExchangeClock.vector).where(ExchangeClock.table_name == table,
                                                             ExchangeClock.row_uid == uid))


def peer(session: Session, uid: str, name: str | None = None) -> Installation:
    """The record of another installation, made when first heard of."""
    found = session.scalars(select(Installation).where(Installation.uid == uid)).first()
    if found is None:
        found = Installation(uid=uid, is_self=False, name=name, counter=0, knows={})
        session.add(found)
        session.flush()
    elif name:
        found.name = name
    return found


def find_peer(session: Session, name_or_uid: str) -> Installation:
    """Another installation by its name or uid (or the start of its uid), with a sentence if none."""
    key = clean_text(name_or_uid) or ""
    others = list(session.scalars(select(Installation).where(Installation.is_self.is_(False))))
    matches = [i for i in others if i.uid == key or (i.name or "").casefold() == key.casefold()]
    if not matches and len(key) >= 4:
        matches = [i for i in others if i.uid.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(f"{i.name or '?'} ({i.uid[:8]})" for i in others) or "—"
    raise DomainError(_("No other installation is known as “{name}”. Known installations: {known}. An "
                        "installation becomes known when a package from it has been applied here.")
                      .format(name=name_or_uid, known=known), field="for", code="unknown_installation")


def status(session: Session, *, find_changes: bool = True) -> list[dict[str, Any]]:
    """Per installation: its name, uid, when packages were last sent to and received from it, and how
    many local rows it has not received yet (as far as its last package said). Without
    `find_changes` (a read session) the local changes not swept yet are not counted."""
    if find_changes:
        sweep(session)
    elif session.scalar(select(Installation.id).where(Installation.is_self.is_(True))) is None:
        return []
    me = this_installation(session)
    clocks = [v for (v,) in session.execute(select(ExchangeClock.vector))]
    tombs = [v for (v,) in session.execute(select(ExchangeTombstone.vector))]
    rows = []
    for inst in session.scalars(select(Installation).order_by(Installation.is_self.desc(), Installation.name)):
        missing = 0 if inst.is_self else sum(1 for v in clocks + tombs if compare(v, inst.knows or {}) in
                                             (NEWER, CONCURRENT))
        rows.append(dict(uid=inst.uid, name=inst.name, is_self=inst.is_self, foundation=me.foundation_uid,
                         last_sent_at=inst.last_sent_at, last_received_at=inst.last_received_at,
                         not_received=missing))
    return rows
