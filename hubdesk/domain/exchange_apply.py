"""Writing a change package and applying one (issue 16): the records, not the file
(`hubdesk.interchange.exchange_package` writes and reads the file, checksum and all).

A package holds row states and removals, each with its version vector, in foreign-key order, and a
header: the sender, the foundation (set of installations), the range (`low`: what the sender knew
the receiver held, None for a package `--since` a date; `high`: everything the sender held) and
counts per kind. Applying one runs in the caller's one transaction: all of it or nothing.

For each record the vectors decide: older or equal → nothing (so a package applied twice, or
arriving after a newer one, changes nothing); newer → written; concurrent → a conflict kept for a
person (`ExchangeConflict`, see `hubdesk.domain.exchange_conflicts`), the local row left as it is,
unless both sides made the same change. A newer state is also *held* as a conflict when writing it
would break a rule here: inside a quarter issued here (`locked`), a booking that collides with an
active booking here (`booking`: both are kept, one in the table and one in the conflict, so no PC
shows two valid bookings), the same natural key as another record (`duplicate`), or a record it
points to that is not here (`missing`). Held changes are tried again after every package.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast, Iterable

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from hubdesk.db import audit
from hubdesk.db.enums import AuditAction, Role
from hubdesk.db.migrate import HEAD_REVISION
from hubdesk.db.schema import ExchangeClock, ExchangeConflict, ExchangeTombstone, Installation, new_uid
from hubdesk.domain import clock
from hubdesk.domain import exchange_clock as clocks
from hubdesk.domain import exchange_rows as rows
from hubdesk.domain.exchange_clock import CONCURRENT, NEWER, Vector
from hubdesk.domain.versions import record_name
from hubdesk.errors import DomainError
from hubdesk.i18n import _

if TYPE_CHECKING:
    from hubdesk.domain.exchange_blobs import Blobs

CLOCK_TABLE = cast(Table, ExchangeClock.__table__)

FORMAT = 2          # 2: the documents' bytes travel with the attachment rows (exchange_blobs)
FULL, DELTA, SINCE = "all", "delta", "since"

FIELDS, REMOVED_HERE, REMOVED_THERE, BOOKING, LOCKED, DUPLICATE, MISSING = (
    "fields", "removed_here", "removed_there", "booking", "locked", "duplicate", "missing")
HELD = (BOOKING, LOCKED, DUPLICATE, MISSING)


def require_admin() -> None:
    if audit.current_role() is not Role.ADMIN:
        raise DomainError(_("Only an administrator can exchange change packages: they change every kind of "
                            "record. Sign in as an administrator."), code="permission")


# --- writing a package ---------------------------------------------------------------------------

def collect(session: Session, *, for_installation: str | None = None, since: dt.date | None = None,
            full: bool = False, now: dt.datetime | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and records of a package: everything (`full`), what `for_installation` has not
    received as far as this database knows, or what changed here since `since`."""
    require_admin()
    now = now or clock.utc_now()
    if sum(bool(x) for x in (for_installation, since, full)) != 1:
        raise DomainError(_("Say which changes to write: --all for everything (to set up another PC), "
                            "--for INSTALLATION for what that installation has not received yet, or --since "
                            "DATE."), code="range_required")
    clocks.sweep(session, now=now)
    me = clocks.this_installation(session)
    target: Installation | None = None
    low: Vector | None
    if full:
        kind, low = FULL, {}
    elif for_installation:
        target = clocks.find_peer(session, for_installation)
        kind, low = DELTA, dict(target.knows or {})
    else:
        kind, low = SINCE, None

    # the start of that day where the foundation is
    since_at = dt.datetime.combine(since, dt.time(), tzinfo=clock.foundation_zone()) if since else None

    def wanted(vector: dict[str, int], changed_at: dt.datetime) -> bool:
        if low is None:
            return since_at is not None and changed_at >= since_at
        return clocks.compare(vector, low) in (NEWER, CONCURRENT)

    picked: dict[str, list[tuple[str, Vector]]] = {}
    for table, uid, vector, changed_at in session.execute(
            select(ExchangeClock.table_name, ExchangeClock.row_uid, ExchangeClock.vector, ExchangeClock.changed_at)):
        if wanted(vector, changed_at):
            picked.setdefault(table, []).append((uid, vector))
    removals: dict[str, list[tuple[str, Vector]]] = {}
    for table, uid, vector, removed_at in session.execute(
            select(ExchangeTombstone.table_name, ExchangeTombstone.row_uid, ExchangeTombstone.vector,
                   ExchangeTombstone.removed_at)):
        if wanted(vector, removed_at):
            removals.setdefault(table, []).append((uid, vector))
    maps = rows.UidMaps(session)
    records: list[dict[str, Any]] = []
    counts: dict[str, dict[str, int]] = {}
    for spec in rows.travelling_tables():
        chosen = picked.get(spec.name, [])
        if not chosen:
            continue
        states = rows.read_states(session, spec.name, [u for u, _v in chosen], maps)
        for uid, vector in chosen:
            if uid in states:
                records.append(dict(op="row", table=spec.name, uid=uid, vector=vector, state=states[uid]))
        counts.setdefault(spec.name, {})["rows"] = sum(1 for u, _v in chosen if u in states)
    for spec in reversed(rows.travelling_tables()):
        for uid, vector in removals.get(spec.name, []):
            records.append(dict(op="remove", table=spec.name, uid=uid, vector=vector))
        if removals.get(spec.name):
            counts.setdefault(spec.name, {})["removed"] = len(removals[spec.name])
    from hubdesk.domain.exchange_blobs import blobs_for

    header = dict(format=FORMAT, schema=HEAD_REVISION, foundation=me.foundation_uid, package=new_uid(),
                  sender=me.uid, sender_name=me.name, made_at=now.isoformat(), kind=kind, low=low,
                  high=dict(me.knows or {}), for_installation=target.uid if target else None,
                  since=since.isoformat() if since else None, counts=counts, records=len(records),
                  names={i.uid: i.name for i in session.scalars(select(Installation)) if i.name},
                  blobs=blobs_for(session, records))
    if target is not None:
        target.last_sent_at = now
    session.flush()
    return header, records


# --- applying a package --------------------------------------------------------------------------

@dataclass
class ApplySummary:
    package: str
    sender: str
    sender_name: str | None
    new: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    unchanged: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    released: int = 0         # held changes written this time (their obstacle gone)
    documents: int = 0        # documents' contents stored (those this database lacked)

    @property
    def written(self) -> int:
        return sum(self.new.values()) + sum(self.changed.values()) + sum(self.removed.values())


def check_header(session: Session, header: dict[str, Any]) -> None:
    """Refuse a package this database cannot take, with a sentence; nothing is written."""
    if header.get("format") != FORMAT:
        raise DomainError(_("This change package has format {format}, which this hubdesk does not read. Install "
                            "the same hubdesk version on both PCs; nothing was changed.")
                          .format(format=header.get("format")), code="format")
    if header.get("schema") != HEAD_REVISION:
        raise DomainError(_("This change package was written by a hubdesk with database schema {theirs}; this "
                            "database has {ours}. Install the same hubdesk version on both PCs, then write the "
                            "package again; nothing was changed.")
                          .format(theirs=header.get("schema"), ours=HEAD_REVISION), code="schema")
    me = clocks.this_installation(session)
    if header.get("sender") == me.uid:
        raise DomainError(_("This change package was written by this installation itself. Apply it on another "
                            "PC; nothing was changed."), code="own_package")
    if header.get("foundation") != me.foundation_uid and not joinable(session, header):
        raise DomainError(_("This change package belongs to another set of installations (another foundation, "
                            "or a PC that was never joined to this one). Only packages from installations "
                            "joined from the same start can be applied; nothing was changed."),
                          code="foundation")


def joinable(session: Session, header: dict[str, Any]) -> bool:
    """A database may take another foundation's identity only from an `--all` package, and only
    while it has never exchanged and nobody has entered anything in it but accounts (a new PC
    joining: what its migrations put in, such as the standard user classes, and the first
    administrator are allowed; the audit trail says whether anything else was written)."""
    from hubdesk.db.schema import AuditEvent

    if header.get("kind") != FULL:
        return False
    if session.scalar(select(Installation.id).where(Installation.is_self.is_(False)).limit(1)) is not None:
        return False
    entered = session.scalar(select(AuditEvent.id).where(
        AuditEvent.entity.not_in(("app_user", audit.DATABASE_ENTITY))).limit(1))
    return entered is None


def _rekey_for_join(session: Session, records: list[dict[str, Any]]) -> None:
    """A joining PC's own rows that are the package's rows under another uid (the same natural key:
    the standard user classes its migration made, an account of the same name) take the package's
    uid, and forget their clock: the package's state then replaces them."""
    by_table: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        if rec.get("op") == "row":
            by_table.setdefault(rec["table"], []).append(rec)
    for spec in rows.travelling_tables():
        keys = [k for k in spec.unique_keys if not set(k) & set(spec.fks)]
        if not keys or spec.name not in by_table:
            continue
        for rec in by_table[spec.name]:
            state = rec["state"]
            for key in keys:
                if any(state.get(c) is None for c in key):
                    continue
                values = {c: rows.decode(spec.table.c[c], state[c]) for c in key}
                local = session.scalar(select(spec.table.c.uid).where(
                    *(spec.table.c[c] == v for c, v in values.items()), spec.table.c.uid != rec["uid"]).limit(1))
                if local is None:
                    continue
                session.execute(spec.table.update().where(spec.table.c.uid == local).values(uid=rec["uid"]))
                session.execute(delete(ExchangeClock).where(ExchangeClock.table_name == spec.name,
                                                            ExchangeClock.row_uid.in_((local, rec["uid"]))))


class _Applier:
    def __init__(self, session: Session, header: dict[str, Any], now: dt.datetime):
        from hubdesk.domain.report_lock import RowLockCheck

        self.session = session
        self.header = header
        self.now = now
        self.me = clocks.this_installation(session)
        self.sender = header["sender"]
        self.package = header["package"]
        self.maps = rows.UidMaps(session)
        self.locks = RowLockCheck(session)
        # the clocks of the rows a package names, read when first needed (`load_clocks` reads a
        # package's in a few statements); a row without one is not here
        self.clock: dict[tuple[str, str], Vector | None] = {}
        self.clock_ids: dict[tuple[str, str], int] = {}
        self.pending_clocks: dict[tuple[str, str], Vector] = {}
        self.before: dict[tuple[str, str], dict[str, Any]] = {}   # local states read ahead
        self.tombs = {(t, u): v for t, u, v in session.execute(
            select(ExchangeTombstone.table_name, ExchangeTombstone.row_uid, ExchangeTombstone.vector))}
        self.conflicts = {(c.table_name, c.row_uid): c for c in session.scalars(select(ExchangeConflict))}
        self.summary = ApplySummary(self.package, self.sender, header.get("sender_name"))
        self.audit_rows: list[dict[str, Any]] = []
        self.actor = _("{actor} (change package {package} from {sender})").format(
            actor=audit.current_actor(), package=self.package[:8],
            sender=header.get("sender_name") or self.sender[:8])[:200]

    # -- conflicts
    def hold(self, kind: str, table: str, uid: str, theirs: dict[str, Any] | None, vector: Vector,
             other: str | None = None, detail: str | None = None) -> None:
        existing = self.conflicts.get((table, uid))
        if existing is not None:
            if clocks.compare(vector, existing.their_vector) not in (NEWER, CONCURRENT) and existing.kind == kind:
                return
            existing.kind, existing.theirs, existing.their_vector = kind, theirs, clocks.merged(vector)
            existing.other_uid, existing.detail = other, detail
            existing.package_uid, existing.sender_uid = self.package, self.sender
        else:
            existing = ExchangeConflict(kind=kind, table_name=table, row_uid=uid, other_uid=other, theirs=theirs,
                                        their_vector=vector, package_uid=self.package, sender_uid=self.sender,
                                        detail=detail, created_at=self.now)
            self.session.add(existing)
            self.conflicts[(table, uid)] = existing
        name = rows.label(theirs) or rows.label(self.local_state(table, uid))
        self.summary.conflicts.append(dict(kind=kind, table=table, uid=uid, other=other, detail=detail, label=name))

    def settle(self, table: str, uid: str, vector: Vector) -> None:
        """A state with `vector` is now here: a conflict it includes is over."""
        existing = self.conflicts.get((table, uid))
        if existing is not None and clocks.compare(vector, existing.their_vector) in (NEWER, clocks.EQUAL):
            self.session.delete(existing)
            del self.conflicts[(table, uid)]

    # -- rows
    SLOT_FIELDS = ("resource_id", "starts_at", "ends_at", "status", "campaign")

    def prefetch(self, table: str, uids: list[str]) -> None:
        """Read the local states of these rows in a few statements (not one by one)."""
        here = [u for u in uids if self.maps.id(table, u) is not None and (table, u) not in self.before]
        if here:
            self.before.update(((table, u), st) for u, st in
                               rows.read_states(self.session, table, here, self.maps).items())

    def local_state(self, table: str, uid: str) -> dict[str, Any] | None:
        if self.maps.id(table, uid) is None:
            return None
        if (table, uid) not in self.before:
            self.prefetch(table, [uid])
        return self.before.get((table, uid))

    def obstacle(self, table: str, state: dict[str, Any]) -> tuple[str, str | None, str] | None:
        """Why the state cannot be written here now (kind, other uid, sentence), or None."""
        missing = rows.missing_reference(table, state, self.maps)
        if missing is not None:
            return MISSING, missing.uid, _("It refers to a record ({kind}) that is not in this database.").format(
                kind=record_name(missing.table))
        values = rows.decoded(table, state, self.maps)
        before = self.local_state(table, state["uid"])
        old = None
        if before is not None:
            try:
                old = rows.decoded(table, before, self.maps)
            except rows.MissingReference:
                old = None
        refusal = self.locks.refusal(table, old, values)
        if refusal is not None:
            return LOCKED, None, str(refusal)
        spec = rows.by_name()[table]
        for key in spec.unique_keys:
            if any(values.get(c) is None for c in key):
                continue
            if before is not None and all(before.get(c) == state.get(c) for c in key):
                continue
            clash = self.session.scalar(select(spec.table.c.uid).where(
                *(spec.table.c[c] == values[c] for c in key), spec.table.c.uid != state["uid"]).limit(1))
            if clash is not None:
                return DUPLICATE, clash, _("Another record here has the same {fields}.").format(fields=", ".join(key))
        if table == "booking" and (before is None or any(before.get(k) != state.get(k) for k in self.SLOT_FIELDS)):
            collision = self.booking_collision(values, self.maps.id(table, state["uid"]))
            if collision is not None:
                return BOOKING, collision[0], collision[1]
        return None

    def booking_collision(self, values: dict[str, Any], row_id: int | None) -> tuple[str | None, str] | None:
        """(the local booking it collides with, or None for a window; the rule's sentence), or None."""
        from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES
        from hubdesk.db.schema import Resource
        from hubdesk.domain.booking_rules import slot_problems

        if values.get("status") not in ACTIVE_BOOKING_STATUSES:
            return None
        resource = self.session.get(Resource, values["resource_id"])
        if resource is None:
            return None
        with self.session.no_autoflush:
            problems = slot_problems(self.session, resource, values["starts_at"], values["ends_at"],
                                     values.get("campaign"), exclude_booking_id=row_id)
        if not problems:
            return None
        other = problems[0].booking_id
        return (self.maps.uid("booking", other) if other is not None else None), problems[0].message

    def write(self, table: str, uid: str, state: dict[str, Any], vector: Vector, *, counted: bool = True) -> bool:
        """Write the incoming state (or hold it); True when written."""
        why = self.obstacle(table, state)
        if why is not None:
            kind, other, detail = why
            self.hold(kind, table, uid, state, vector, other, detail)
            return False
        existed = self.maps.id(table, uid) is not None
        before = self.local_state(table, uid) if existed else None
        row_id = rows.write_state(self.session, table, state, self.maps, before=before)
        self.before.pop((table, uid), None)
        self.set_clock(table, uid, vector)
        if self.tombs.pop((table, uid), None) is not None:
            self.session.execute(delete(ExchangeTombstone).where(ExchangeTombstone.table_name == table,
                                                                 ExchangeTombstone.row_uid == uid))
        self.settle(table, uid, vector)
        if counted:
            (self.summary.changed if existed else self.summary.new)[table] += 1
        changed = rows.differing_fields(before, state)
        self.audit_rows.append(dict(
            at=self.now, actor=self.actor, action=AuditAction.UPDATE if existed else AuditAction.INSERT,
            entity=table, entity_id=row_id, entity_uid=uid,
            before={k: rows.field_value(before, k) for k in changed} if existed else None,
            after={k: rows.field_value(state, k) for k in changed} if existed else
            {k: v for k, v in state.items() if k != rows.CHILDREN}))
        return True

    def load_clocks(self, keys: Iterable[tuple[str, str]]) -> None:
        by_table: dict[str, list[str]] = {}
        for table, uid in keys:
            if (table, uid) not in self.clock:
                by_table.setdefault(table, []).append(uid)
        for table, uids in by_table.items():
            for uid in uids:
                self.clock[(table, uid)] = None
            for part in rows.chunks(uids):
                for cid, uid, vector in self.session.execute(
                        select(ExchangeClock.id, ExchangeClock.row_uid, ExchangeClock.vector)
                        .where(ExchangeClock.table_name == table, ExchangeClock.row_uid.in_(part))):
                    self.clock[(table, uid)] = vector
                    self.clock_ids[(table, uid)] = cid

    def local_vector(self, key: tuple[str, str]) -> Vector | None:
        if key not in self.clock:
            self.load_clocks([key])
        return self.clock[key]

    def set_clock(self, table: str, uid: str, vector: Vector) -> None:
        self.local_vector((table, uid))              # its clock row's id, if it has one
        self.clock[(table, uid)] = vector
        self.pending_clocks[(table, uid)] = vector

    def finish(self) -> None:
        """Write the clocks of the rows written (with the version each row now has) and the audit rows."""
        by_table: dict[str, list[str]] = {}
        for table, uid in self.pending_clocks:
            by_table.setdefault(table, []).append(uid)
        inserts, updates = [], []
        for table, uids in by_table.items():
            spec = rows.by_name()[table]
            versions: dict[str, int] = {}
            for part in rows.chunks(uids):
                versions.update(self.session.execute(select(spec.table.c.uid, spec.table.c.version)
                                                     .where(spec.table.c.uid.in_(part))).all())
            for uid in uids:
                values = dict(seen=versions.get(uid, 1), vec=self.pending_clocks[(table, uid)])
                cid = self.clock_ids.get((table, uid))
                if cid is None:
                    inserts.append(dict(table_name=table, row_uid=uid, seen_version=values["seen"], origin=self.sender,
                                        vector=values["vec"], changed_at=self.now))
                else:
                    updates.append(dict(values, cid=cid))
        if inserts:
            self.session.execute(CLOCK_TABLE.insert(), inserts)
        if updates:
            self.session.execute(update(CLOCK_TABLE).where(ExchangeClock.id == bindparam("cid"))
                                 .values(seen_version=bindparam("seen"), vector=bindparam("vec"), origin=self.sender,
                                         changed_at=self.now), updates)
        self.pending_clocks.clear()
        audit.write_events(self.session, self.audit_rows)
        self.audit_rows = []

    def apply_row(self, rec: dict[str, Any]) -> None:
        table, uid, vector, state = rec["table"], rec["uid"], rec["vector"], rec["state"]
        local = self.local_vector((table, uid))
        if local is None:
            tomb = self.tombs.get((table, uid))
            if tomb is not None:
                relation = clocks.compare(vector, tomb)
                if relation == CONCURRENT:
                    self.hold(REMOVED_HERE, table, uid, state, vector,
                              detail=_("It was removed here and changed on the other PC."))
                    return
                if relation != NEWER:
                    self.summary.unchanged += 1
                    return
            self.write(table, uid, state, vector)
            return
        relation = clocks.compare(vector, local)
        if relation == NEWER:
            self.write(table, uid, state, vector)
        elif relation == CONCURRENT:
            mine = self.local_state(table, uid)
            if mine == state:
                self.set_clock(table, uid, clocks.merged(local, vector))
                self.summary.unchanged += 1
            else:
                self.hold(FIELDS, table, uid, state, vector,
                          detail=", ".join(f for f in rows.differing_fields(mine, state) if f not in rows.BOOKKEEPING))
        else:
            self.summary.unchanged += 1

    def apply_removal(self, rec: dict[str, Any]) -> None:
        table, uid, vector = rec["table"], rec["uid"], rec["vector"]
        local = self.local_vector((table, uid))
        if local is None:
            tomb = self.tombs.get((table, uid))
            if tomb is not None and clocks.compare(vector, tomb) not in (NEWER, CONCURRENT):
                self.summary.unchanged += 1
                return
            clocks.record_tombstone(self.session, table, uid, vector, self.sender, self.now)
            self.tombs[(table, uid)] = clocks.merged(tomb or {}, vector)
            self.settle(table, uid, vector)
            return
        relation = clocks.compare(vector, local)
        if relation == CONCURRENT:
            self.hold(REMOVED_THERE, table, uid, None, vector,
                      detail=_("It was removed on the other PC and changed here."))
            return
        if relation != NEWER:
            self.summary.unchanged += 1
            return
        if not self.remove(table, uid, vector):
            return
        self.summary.removed[table] += 1

    def remove(self, table: str, uid: str, vector: Vector) -> bool:
        deps = rows.dependents(self.session, table, uid, self.maps)
        if deps:
            self.hold(REMOVED_THERE, table, uid, None, vector, other=deps[0][1],
                      detail=_("It was removed on the other PC, but a record here ({kind}) still refers to it.")
                      .format(kind=record_name(deps[0][0])))
            return False
        spec = rows.by_name()[table]
        row_id = self.maps.id(table, uid)
        old = self.session.execute(select(spec.table).where(spec.table.c.id == row_id)).first()
        refusal = self.locks.refusal(table, dict(old._mapping) if old is not None else None)
        if refusal is not None:
            self.hold(LOCKED, table, uid, None, vector, detail=str(refusal))
            return False
        before = self.local_state(table, uid)
        rows.delete_row(self.session, table, uid, self.maps)
        self.before.pop((table, uid), None)
        self.session.execute(delete(ExchangeClock).where(ExchangeClock.table_name == table,
                                                         ExchangeClock.row_uid == uid))
        self.clock[(table, uid)] = None
        self.pending_clocks.pop((table, uid), None)
        self.clock_ids.pop((table, uid), None)
        clocks.record_tombstone(self.session, table, uid, vector, self.sender, self.now)
        self.tombs[(table, uid)] = vector
        self.settle(table, uid, vector)
        self.audit_rows.append(dict(at=self.now, actor=self.actor, action=AuditAction.DELETE, entity=table,
                                    entity_id=row_id, entity_uid=uid,
                                    before={k: v for k, v in (before or {}).items() if k != rows.CHILDREN},
                                    after=None))
        return True

    def retry_held(self) -> None:
        """Held changes whose obstacle may be gone (the other booking cancelled, the quarter reopened,
        the missing record arrived)."""
        for key, conflict in list(self.conflicts.items()):
            if conflict.kind not in HELD:
                continue
            table, uid = key
            local = self.local_vector(key)
            if local is not None and clocks.compare(conflict.their_vector, local) != NEWER:
                continue
            if conflict.theirs is None:
                if local is not None and self.remove(table, uid, conflict.their_vector):
                    if conflict.package_uid != self.package:
                        self.summary.released += 1
                    else:
                        self.summary.removed[table] += 1
                continue
            if self.obstacle(table, conflict.theirs) is None:
                vector = conflict.their_vector
                earlier = conflict.package_uid != self.package
                self.write(table, uid, conflict.theirs, vector, counted=not earlier)
                self.summary.released += int(earlier)

    def learn(self) -> None:
        """What the sender and this installation are now known to hold."""
        header = self.header
        low, high = header.get("low"), dict(header.get("high") or {})
        knows = dict(self.me.knows or {})
        if low is not None:
            for inst, counter in high.items():
                if knows.get(inst, 0) >= low.get(inst, 0) and counter > knows.get(inst, 0):
                    knows[inst] = counter
        self.me.knows = knows
        sender = clocks.peer(self.session, self.sender, header.get("sender_name"))
        sender.knows = clocks.merged(sender.knows or {}, high)
        sender.last_received_at = self.now
        names = header.get("names") or {}
        for inst in set(high) | set(names):
            if inst != self.me.uid and inst != self.sender:
                clocks.peer(self.session, inst, names.get(inst))


def apply_package(session: Session, header: dict[str, Any], records: Iterable[dict[str, Any]],
                  blobs: "Blobs | None" = None, *, now: dt.datetime | None = None) -> ApplySummary:
    """Apply a package's records in the caller's transaction, after storing the documents' contents it
    carries (`blobs`, from the package file) that this database lacks. Refuses (DomainError) a package
    this database cannot take before writing anything; one whose documents do not match their hash
    or are missing is refused too, and the caller's transaction writes nothing."""
    from hubdesk.domain.exchange_blobs import store_incoming

    require_admin()
    now = now or clock.utc_now()
    check_header(session, header)
    clocks.sweep(session, now=now)
    me = clocks.this_installation(session)
    records = list(records)
    if header.get("foundation") != me.foundation_uid:
        me.foundation_uid = header["foundation"]          # a new PC joins (joinable() said so)
        _rekey_for_join(session, records)
    stored = store_incoming(session, header, records, blobs)
    applier = _Applier(session, header, now)
    applier.summary.documents = stored
    order = {spec.name: i for i, spec in enumerate(rows.travelling_tables())}
    for rec in records:
        if rec.get("table") not in order or rec.get("op") not in ("row", "remove"):
            raise DomainError(_("This change package holds a record of an unknown kind ({kind}). Install the same "
                              "hubdesk version on both PCs; nothing was changed.").format(kind=rec.get("table")),
                              code="format")
    applier.load_clocks([(r["table"], r["uid"]) for r in records] + list(applier.conflicts))
    incoming = sorted((r for r in records if r["op"] == "row"), key=lambda r: order[r["table"]])
    for i, rec in enumerate(incoming):
        if i == 0 or incoming[i - 1]["table"] != rec["table"]:
            applier.prefetch(rec["table"], [r["uid"] for r in incoming[i:] if r["table"] == rec["table"]])
        applier.apply_row(rec)
    for rec in sorted((r for r in records if r["op"] == "remove"), key=lambda r: -order[r["table"]]):
        applier.apply_removal(rec)
    applier.retry_held()
    applier.learn()
    applier.finish()
    s = applier.summary
    # a change held for a moment (a booking moved into a slot another record of the same package
    # frees later) was written by retry_held: only what is still waiting is listed, once
    waiting = {}
    for c in s.conflicts:
        if (c["table"], c["uid"]) in applier.conflicts:
            waiting[(c["table"], c["uid"])] = c
    s.conflicts = list(waiting.values())
    audit.record_database_event(session, dict(
        exchange_package=header["package"], sender=header["sender"], sender_name=header.get("sender_name"),
        new=sum(s.new.values()), changed=sum(s.changed.values()), removed=sum(s.removed.values()),
        conflicts=len(s.conflicts)))
    session.flush()
    return s


def preview_package(session: Session, header: dict[str, Any], records: Iterable[dict[str, Any]],
                    blobs: "Blobs | None" = None) -> ApplySummary:
    """What applying the package would do, worked out in full inside a savepoint that is then rolled
    back: nothing is written (the preview the app shows before "Apply")."""
    nested = session.begin_nested()
    try:
        return apply_package(session, header, records, blobs)
    finally:
        nested.rollback()
