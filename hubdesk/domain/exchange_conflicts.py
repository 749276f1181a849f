"""Conflicts a change package left for a person (issue 16), shown side by side and resolved.

A resolution is a new local change whose vector includes both sides (theirs merged into mine, then
this installation's next counter): it is newer than both, so wherever it travels it replaces both
and ends the same conflict there. The decision is written to the audit trail.

- `fields` (the same record changed on both PCs): per field, mine or theirs (`take` for the rest);
- `removed_here` (removed here, changed there) and `removed_there` (removed there, changed here):
  mine keeps this PC's side (removed, or the record), theirs the other's;
- `booking` (two bookings that together break the booking rules): the booking of the side not taken
  is cancelled, the other kept;
- `locked`, `duplicate`, `missing` (a change held back): theirs writes it now (refused again, with
  the same sentence, while its obstacle is still there), mine keeps this PC's record as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hubdesk.db import audit
from hubdesk.db.enums import AuditAction, BookingStatus
from hubdesk.db.schema import ExchangeClock, ExchangeConflict, ExchangeTombstone, Installation
from hubdesk.domain import clock
from hubdesk.domain import exchange_clock as clocks
from hubdesk.domain import exchange_rows as rows
from hubdesk.domain.exchange_apply import (BOOKING, FIELDS, REMOVED_HERE, REMOVED_THERE, _Applier,
                                           require_admin)
from hubdesk.domain.versions import record_name
from hubdesk.errors import DomainError
from hubdesk.i18n import _

MINE, THEIRS = "mine", "theirs"


@dataclass
class ConflictView:
    id: int
    kind: str
    table: str
    uid: str
    other_uid: str | None
    sender: str
    detail: str | None
    fields: list[tuple[str, Any, Any]]      # (field, mine, theirs) for each field that differs
    created_at: dt.datetime
    label: str | None = None                # what a person calls the record (its name), if anything


def _mine(session: Session, table: str, uid: str) -> dict[str, Any] | None:
    return rows.read_states(session, table, [uid], rows.UidMaps(session)).get(uid)


def conflicts(session: Session) -> list[ConflictView]:
    names = {i.uid: i.name or i.uid[:8] for i in session.scalars(select(Installation))}
    result = []
    for c in session.scalars(select(ExchangeConflict).order_by(ExchangeConflict.id)):
        mine = _mine(session, c.table_name, c.row_uid)
        fields = [(f, rows.field_value(mine, f), rows.field_value(c.theirs, f))
                  for f in rows.differing_fields(mine, c.theirs)
                  if f not in rows.BOOKKEEPING] if (mine is not None and c.theirs is not None) else []
        result.append(ConflictView(c.id, c.kind, c.table_name, c.row_uid, c.other_uid,
                                   names.get(c.sender_uid, c.sender_uid[:8]), c.detail, fields, c.created_at,
                                   rows.label(mine) or rows.label(c.theirs)))
    return result


def _get(session: Session, conflict_id: int) -> ExchangeConflict:
    found = session.get(ExchangeConflict, conflict_id)
    if found is None:
        raise DomainError(_("There is no exchange conflict number {id}. “hubdesk exchange conflicts” lists the "
                            "open ones.").format(id=conflict_id), code="no_conflict")
    return found


def _local_vector(session: Session, table: str, uid: str) -> clocks.Vector:
    vector = clocks.clock_of(session, table, uid)
    if vector is None:
        vector = session.scalar(select(ExchangeTombstone.vector).where(ExchangeTombstone.table_name == table,
                                                                       ExchangeTombstone.row_uid == uid))
    return dict(vector or {})


def _write_local(session: Session, table: str, state: dict[str, Any], base: clocks.Vector, now: dt.datetime,
                 note: dict[str, Any]) -> None:
    """Write `state` as a local change that includes `base` (the next sweep adds this installation's
    counter, because the row's version moved past the one its clock saw)."""
    maps = rows.UidMaps(session)
    uid = state["uid"]
    before = rows.read_states(session, table, [uid], maps).get(uid)
    missing = rows.missing_reference(table, state, maps)
    if missing is not None:
        raise DomainError(_("This side of the conflict refers to a record ({kind}) that is not in this database. "
                            "Resolve the conflict of that record first.").format(kind=record_name(missing.table)),
                          code="missing")
    row_id = rows.write_state(session, table, state, maps)
    clock = session.scalars(select(ExchangeClock).where(ExchangeClock.table_name == table,
                                                        ExchangeClock.row_uid == uid)).first()
    me = clocks.this_installation(session)
    if clock is None:
        session.add(ExchangeClock(table_name=table, row_uid=uid, seen_version=0, origin=me.uid, vector=base,
                                  changed_at=now))
    else:
        clock.vector = base
        clock.seen_version = -1                       # the sweep sees a local change
    session.execute(delete(ExchangeTombstone).where(ExchangeTombstone.table_name == table,
                                                    ExchangeTombstone.row_uid == uid))
    changed = rows.differing_fields(before, state)
    audit.write_events(session, [dict(
        at=now, actor=audit.current_actor(), action=AuditAction.UPDATE if before else AuditAction.INSERT,
        entity=table, entity_id=row_id, entity_uid=uid,
        before=dict({k: rows.field_value(before, k) for k in changed}) if before else None,
        after=dict({k: rows.field_value(state, k) for k in changed}, exchange_resolution=note))])


def _remove_local(session: Session, table: str, uid: str, base: clocks.Vector, now: dt.datetime,
                  note: dict[str, Any]) -> None:
    maps = rows.UidMaps(session)
    deps = rows.dependents(session, table, uid, maps)
    if deps:
        raise DomainError(_("The record cannot be removed: a record here ({kind}) still refers to it. Remove or "
                            "change that first, then resolve this conflict.").format(kind=record_name(deps[0][0])),
                          code="dependents")
    before = rows.read_states(session, table, [uid], maps).get(uid)
    row_id = maps.id(table, uid)
    rows.delete_row(session, table, uid, maps)
    session.execute(delete(ExchangeClock).where(ExchangeClock.table_name == table, ExchangeClock.row_uid == uid))
    me = clocks.this_installation(session)
    counter = clocks.next_counter(session, me)
    clocks.record_tombstone(session, table, uid, dict(base, **{me.uid: counter}), me.uid, now)
    if before is not None:
        audit.write_events(session, [dict(
            at=now, actor=audit.current_actor(), action=AuditAction.DELETE, entity=table, entity_id=row_id,
            entity_uid=uid, before={k: v for k, v in before.items() if k != rows.CHILDREN},
            after={"exchange_resolution": note})])


def _keep_removed(session: Session, table: str, uid: str, base: clocks.Vector, now: dt.datetime) -> None:
    me = clocks.this_installation(session)
    counter = clocks.next_counter(session, me)
    clocks.record_tombstone(session, table, uid, dict(base, **{me.uid: counter}), me.uid, now)


def resolve(session: Session, conflict_id: int, take: str, fields: dict[str, str] | None = None, *,
            now: dt.datetime | None = None) -> ConflictView:
    """Resolve conflict `conflict_id`: `take` mine or theirs for the whole record, `fields` overriding it
    field by field (fields conflicts only)."""
    require_admin()
    now = now or clock.utc_now()
    fields = dict(fields or {})
    for choice in [take, *fields.values()]:
        if choice not in (MINE, THEIRS):
            raise DomainError(_("Choose “mine” or “theirs”, not “{choice}”.").format(choice=choice), code="choice")
    clocks.sweep(session, now=now)
    conflict = _get(session, conflict_id)
    view = next(v for v in conflicts(session) if v.id == conflict_id)
    table, uid = conflict.table_name, conflict.row_uid
    mine = _mine(session, table, uid)
    base = clocks.merged(_local_vector(session, table, uid), conflict.their_vector)
    note = dict(conflict=conflict.id, kind=conflict.kind, take=take, fields=fields, package=conflict.package_uid)
    if fields and conflict.kind != FIELDS:
        raise DomainError(_("Only a conflict of changed fields can be resolved field by field; take mine or theirs "
                            "for the whole record."), code="choice")
    unknown = [f for f in fields if f not in {name for name, _m, _t in view.fields}]
    if unknown:
        raise DomainError(_("{field} is not a field that differs in this conflict. Differing fields: {fields}.")
                          .format(field=unknown[0], fields=", ".join(n for n, _m, _t in view.fields) or "—"),
                          field="field", code="choice")
    if conflict.kind == FIELDS and mine is not None and conflict.theirs is not None:
        differing = rows.differing_fields(mine, conflict.theirs)
        take_theirs = {f for f in differing if fields.get(f, take) == THEIRS}
        _write_local(session, table, rows.with_fields(mine, conflict.theirs, take_theirs), base, now, note)
    elif conflict.kind == REMOVED_THERE:
        if take == THEIRS and mine is not None:
            _remove_local(session, table, uid, base, now, note)
        elif mine is not None:
            _write_local(session, table, mine, base, now, note)
    elif conflict.kind == REMOVED_HERE:
        if take == THEIRS and conflict.theirs is not None:
            _write_local(session, table, conflict.theirs, base, now, note)
        else:
            _keep_removed(session, table, uid, base, now)
    elif conflict.kind == BOOKING and conflict.theirs is not None:
        if take == THEIRS:
            other = conflict.other_uid
            other_state = _mine(session, table, other) if other else None
            if other is not None and other_state is not None:
                cancelled = dict(other_state, status=BookingStatus.CANCELLED.value)
                _write_local(session, table, cancelled, _local_vector(session, table, other), now, note)
            session.delete(conflict)
            session.flush()
            _apply_theirs(session, conflict, base, now, note)
            clocks.sweep(session, now=now)
            return view
        _write_local(session, table, dict(conflict.theirs, status=BookingStatus.CANCELLED.value), base, now, note)
    else:   # held back: locked, duplicate, missing
        if take == THEIRS:
            session.delete(conflict)
            session.flush()
            _apply_theirs(session, conflict, base, now, note)
            clocks.sweep(session, now=now)
            return view
        if mine is not None:
            _write_local(session, table, mine, base, now, note)
        else:
            _keep_removed(session, table, uid, base, now)
    session.delete(conflict)
    session.flush()
    clocks.sweep(session, now=now)
    return view


def _apply_theirs(session: Session, conflict: ExchangeConflict, base: clocks.Vector, now: dt.datetime,
                  note: dict[str, Any]) -> None:
    """Write a held change now, through the same checks as a package (refused with its sentence)."""
    header = dict(sender=conflict.sender_uid, package=conflict.package_uid, sender_name=None)
    applier = _Applier(session, header, now)
    applier.actor = audit.current_actor()
    if conflict.theirs is None:
        if not applier.remove(conflict.table_name, conflict.row_uid, base):
            raise DomainError(applier.summary.conflicts[-1]["detail"] or "", code="held")
        applier.finish()
        return
    else:
        why = applier.obstacle(conflict.table_name, conflict.theirs)
        if why is not None:
            raise DomainError(why[2], code="held")
        applier.write(conflict.table_name, conflict.row_uid, conflict.theirs, base)
    applier.finish()


# --- where people look: the timeline and the approvals -------------------------------------------

def booking_conflict_notes(session: Session) -> dict[str, str]:
    """The bookings here held in a booking conflict after an exchange (the one kept here, and the
    incoming one when it was already here), by uid → the sentence shown on them; one statement."""
    from hubdesk.db.schema import Installation as Peer

    notes: dict[str, str] = {}
    for row_uid, other_uid, detail, sender, sender_uid in session.execute(
            select(ExchangeConflict.row_uid, ExchangeConflict.other_uid, ExchangeConflict.detail, Peer.name,
                   ExchangeConflict.sender_uid)
            .outerjoin(Peer, Peer.uid == ExchangeConflict.sender_uid)
            .where(ExchangeConflict.kind == BOOKING, ExchangeConflict.table_name == "booking")
            .order_by(ExchangeConflict.id)):
        note = _("In conflict after an exchange with {pc}: move or cancel one of the two bookings, or choose in "
                 "File ▸ Exchange with other PCs.").format(pc=sender or sender_uid[:8])
        if detail:
            note += "\n" + detail
        for uid in (row_uid, other_uid):
            if uid is not None:
                notes.setdefault(uid, note)
    return notes


def booking_conflict_count(session: Session) -> int:
    """How many booking conflicts wait for a person (one statement)."""
    from sqlalchemy import func

    return session.scalar(select(func.count(ExchangeConflict.id)).where(ExchangeConflict.kind == BOOKING)) or 0
