"""Row versions: a save based on an older version of a record is refused, nothing is overwritten.

Every main row carries `version` (SQLAlchemy's version counter, see `hubdesk.db.schema.base`).
An editor remembers the version it loaded and hands it to the write (`write_op(..., based_on=...)`
in the interface, which calls `require` as the transaction starts; `expect` only registers it);
the stored version is compared before the work starts and again, by a session hook, for every row
a flush changes or removes; a mismatch is refused with a sentence that names who changed the
record and when (read from the audit trail):

    "Kim Minji changed this organization at 14:02 after you opened it. Reload it to see their
    change, then make yours again."

The stored version is read with a row lock on PostgreSQL (`SELECT ... FOR UPDATE`, held until the
commit), so of two people saving the same record at the same moment the second waits for the
first and is then refused; SQLite's writers take turns anyway (`BEGIN IMMEDIATE`). Writes that remember no version
(an import, a booking dragged on the timeline) still never overwrite a change made between their
read and their write: the version counter turns that UPDATE into `StaleDataError`, which the
callers turn into `changed_meanwhile` 's sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from hubdesk.db.enums import AuditAction
from hubdesk.db.schema import AuditEvent, Base, MainRow, Setting, User
from hubdesk.domain import clock
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _

STALE = "stale"
"""The `DomainError.code` of a save refused because the record changed since it was loaded."""

_EXPECTED = "hubdesk_expected_versions"
_CHECKED = "hubdesk_checked_versions"

# table -> what one row of it is, as the refusal names it ("this organization")
RECORD_NAMES: dict[str, str] = {
    "organization": N_("organization"),
    "contact": N_("contact"),
    "certification": N_("certification"),
    "interaction": N_("interaction"),
    "kpi_value": N_("quarterly KPI record"),
    "booking": N_("booking"),
    "booking_series": N_("booking series"),
    "clinical_case": N_("clinical-entry case"),
    "review_clock_stop": N_("supplement request"),
    "case_document": N_("case document"),
    "attachment": N_("document"),
    "program": N_("program"),
    "milestone": N_("milestone"),
    "budget_line": N_("budget line"),
    "expenditure": N_("expenditure"),
    "participant": N_("program participant"),
    "event": N_("event"),
    "event_participant": N_("event participant"),
    "kpi_target": N_("KPI target"),
    "facility_subsidy": N_("facility subsidy"),
    "facility_subsidy_resource": N_("resource of a facility subsidy"),
    "booking_quota": N_("booking quota"),
    "invoice": N_("invoice"),
    "invoice_line": N_("invoice line"),
    "invoice_payment": N_("invoice payment"),
    "facility": N_("facility"),
    "resource": N_("resource"),
    "resource_rate": N_("rate"),
    "maintenance_window": N_("maintenance window"),
    "maintenance_series": N_("maintenance series"),
    "qualification": N_("qualification"),
    "resource_incident": N_("incident"),
    "closure_day": N_("closure day"),
    "user_class": N_("user class"),
    "app_user": N_("user account"),
    "issued_report": N_("issued report"),
    "report_reopening": N_("reopened quarter"),
}

Key = tuple[str, int]


def record_name(table: str) -> str:
    """What one row of `table` is, translated ("organization")."""
    return _(RECORD_NAMES.get(table, N_("record")))


# --- what an editor loaded ---------------------------------------------------------------------
def expect(session: Session, table: str, record_id: int, version: int) -> None:
    """The save in `session` is based on version `version` of row `record_id` of `table`: refuse
    it if it changes or removes that row and the stored version is another one."""
    session.info.setdefault(_EXPECTED, {})[(table, int(record_id))] = int(version)


def expect_all(session: Session, expected: Mapping[Key, int] | Iterable[tuple[Key, int]] | None) -> None:
    """`expect` for each ((table, id), version) given."""
    if not expected:
        return
    items = expected.items() if isinstance(expected, Mapping) else expected
    for (table, record_id), version in items:
        expect(session, table, record_id, version)


def require(session: Session, expected: Mapping[Key, int] | None) -> None:
    """`expect_all`, and check each now, before the work starts: a save based on an older version
    is refused with its own sentence rather than with a rule that the newer record breaks (the
    person first has to see what changed). The rows are then locked on PostgreSQL until the end
    of the transaction."""
    if not expected:
        return
    expect_all(session, expected)
    checked: set[Key] = session.info.setdefault(_CHECKED, set())
    for (table, record_id), version in expected.items():
        check(session, table, record_id, version)
        checked.add((table, int(record_id)))


def version_of(session: Session, table: str, record_id: int) -> int | None:
    """The stored version of a row (None when it is gone)."""
    model = _model_of(table)
    return session.scalar(select(model.version).where(model.id == record_id))


def _model_of(table: str) -> Any:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table and issubclass(mapper.class_, MainRow):
            return mapper.class_
    raise KeyError(table)


def check(session: Session, table: str, record_id: int, loaded_version: int) -> None:
    """Refuse (DomainError, code STALE) when row `record_id` of `table` is no longer at
    `loaded_version`; the stored version is read under a row lock on PostgreSQL."""
    model = _model_of(table)
    stmt = select(model.version).where(model.id == record_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    stored = session.scalar(stmt)
    if stored is not None and stored != loaded_version:
        raise stale_refusal(session, table, record_id)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    expected: dict[Key, int] | None = session.info.get(_EXPECTED)
    if not expected:
        return
    checked: set[Key] = session.info.setdefault(_CHECKED, set())
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, MainRow):
            continue
        key = (obj.__tablename__, obj.id)   # type: ignore[attr-defined]
        if key not in expected:
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        if key not in checked:
            # once per transaction: the row is then locked (PostgreSQL) or no other writer can
            # run (SQLite), and this transaction's own later flushes move the version on
            if obj.version != expected[key]:
                raise stale_refusal(session, *key)
            check(session, key[0], key[1], expected[key])
            checked.add(key)
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            # only its lists changed (the people on a booking): the row itself gets a new version,
            # so other editors of it learn of the change too
            obj.updated_at = clock.utc_now()


def install(factory: sessionmaker) -> None:
    """Check the versions editors remembered in sessions made by `factory` (idempotent)."""
    # Marked on the factory itself: event.contains() goes by id(), and a new factory can get
    # the id of a collected one, which would leave this one without the hook.
    installed = factory.__dict__.setdefault("_hubdesk_hooks", set())
    if "versions" not in installed:
        installed.add("versions")
        event.listen(factory, "before_flush", _before_flush)


# --- the sentences -------------------------------------------------------------------------------
def stale_refusal(session: Session, table: str, record_id: int) -> DomainError:
    """The refusal of a save based on an older version of row `record_id` of `table`: who
    changed it last and when, from the audit trail, and what to do."""
    last = session.execute(
        select(AuditEvent.actor, AuditEvent.at)
        .where(AuditEvent.entity == table, AuditEvent.entity_id == record_id,
               AuditEvent.action == AuditAction.UPDATE)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1)).first()
    what = record_name(table)
    if last is None:
        message = _("Someone else changed this {what} after you opened it. Reload it to see their change, "
                    "then make yours again.").format(what=what)
    else:
        who = actor_name(session, last.actor)
        when = _when(session, last.at)
        message = _("{who} changed this {what} {when} after you opened it. Reload it to see their "
                    "change, then make yours again.").format(who=who, what=what, when=when)
    return DomainError(message, code=STALE, conflict=(table, record_id))


def changed_meanwhile(exc: BaseException) -> DomainError:
    """The sentence for `StaleDataError`: a row changed by another session between this work's
    read and its write (an import, a change made without a remembered version)."""
    found = re.search(r"table '([a-z_]+)'", str(exc))
    what = record_name(found.group(1)) if found else _(N_("record"))
    return DomainError(_("Someone else changed a record ({what}) while this was being saved, so nothing "
                         "was saved. Try again: the new attempt starts from their change.").format(what=what),
                       code=STALE)


def actor_name(session: Session, actor: str) -> str:
    """How a person reads an audit actor: the user's display name, the computer's user name for
    the command line (`os:kim` → kim)."""
    if actor.startswith("os:"):
        return actor[3:]
    name = session.scalar(select(User.display_name).where(User.username == actor))
    return name or actor


def _when(session: Session, at: dt.datetime) -> str:
    from hubdesk.formatting import format_datetime

    zone = session.scalar(select(Setting.value).where(Setting.key == "default_timezone")) or None
    shown = format_datetime(at, zone)
    today = format_datetime(clock.utc_now(), zone)
    day, _sep, time = shown.rpartition(" ")
    if day == today.rpartition(" ")[0]:
        return _("at {time}").format(time=time)
    return _("on {date} at {time}").format(date=day, time=time)


__all__ = ["RECORD_NAMES", "STALE", "actor_name", "changed_meanwhile", "check", "expect", "expect_all",
           "record_name", "require", "stale_refusal", "version_of"]
