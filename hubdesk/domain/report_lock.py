"""Issuing a quarterly report: its figures are stored and the quarter is locked.

Choice: a change to data dated inside an issued quarter is *refused* (not merely flagged). The
figures the report used are kept in `IssuedReport.figures`, so the issued report prints the same
numbers whenever it is regenerated; the quarter's own data cannot be inserted, changed or deleted
afterwards: KpiValue rows of that quarter, bookings starting in it (local date in the facility's
zone), expenditures, events, interactions and certifications dated in it, the participants of
its events, and the KPI targets set for that quarter (yearly targets and budget lines, which
are not dated in a quarter, stay open). An administrator can reopen a quarter (`reopen_quarter`,
with a reason that is kept: a `ReportReopening` row, which the audit hook records like every
change), which deletes the stored figures; issuing it again stores new ones as the next revision
("Revision 2" on the report's cover).

The check is a `before_flush` session hook installed on the write sessions by
`hubdesk.db.database.Database`, like the audit hook. Bulk Core inserts (the demo generator)
bypass it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from hubdesk.db.schema import (Booking, Certification, Event, EventParticipant, Expenditure, Facility,
                               Interaction, IssuedReport, KpiTarget, KpiValue, ReportReopening, Resource)
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.domain import clock
from hubdesk.domain.quarters import Quarter

_DATE_FIELDS = {Expenditure: "spent_on", Event: "held_on", Interaction: "occurred_on",
                Certification: "issued_on"}
_WATCHED = (KpiValue, KpiTarget, Booking, EventParticipant, *_DATE_FIELDS)


def _q(quarter: Quarter | str) -> Quarter:
    return quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)


def issued_report(session: Session, quarter: Quarter | str) -> IssuedReport | None:
    q = _q(quarter)
    return session.scalars(select(IssuedReport).where(IssuedReport.year == q.year,
                                                      IssuedReport.quarter == q.quarter)).first()


def issued_date(issued: IssuedReport) -> dt.date:
    """The day (foundation's zone) the report was issued."""
    return issued.issued_at.astimezone(clock.foundation_zone()).date()


def issued_quarters(session: Session) -> dict[Quarter, IssuedReport]:
    return {Quarter(r.year, r.quarter): r for r in session.scalars(select(IssuedReport))}


def _format_date(day: dt.date) -> str:
    from hubdesk.formatting import format_date

    return format_date(day)


def issue_quarter(session: Session, quarter: Quarter | str, *, actor: str | None = None,
                  today: dt.date | None = None, figures: dict | None = None,
                  now: dt.datetime | None = None) -> IssuedReport:
    """Store the figures of `quarter` (gathered now unless given) and lock the quarter.

    Refused when the quarter is already issued or has not ended yet."""
    from hubdesk.db.audit import current_actor

    q = _q(quarter)
    today = today or clock.today()
    existing = issued_report(session, q)
    if existing is not None:
        raise DomainError(_("The figures of {quarter} were already issued on {date}. Print the issued report "
                            "again, or ask an administrator to reopen the quarter before issuing it anew.")
                          .format(quarter=str(q), date=_format_date(issued_date(existing))),
                          field="quarter", code="already_issued")
    if today <= q.end:
        raise DomainError(_("{quarter} has not ended yet (it ends on {date}). Issue its report after the "
                            "quarter is over; until then print a draft.")
                          .format(quarter=str(q), date=_format_date(q.end)), field="quarter", code="not_ended")
    if figures is None:
        from hubdesk.domain.report_figures import gather_quarter

        figures = gather_quarter(session, q, today=today)
    # Stored as JSON: keep exactly what a later read gives back (tuples become lists, etc.).
    figures = json.loads(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    row = IssuedReport(year=q.year, quarter=q.quarter, figures=figures, issued_by=actor or current_actor(),
                       issued_at=now or clock.utc_now(), revision=next_revision(session, q))
    session.add(row)
    session.flush()
    return row


def next_revision(session: Session, quarter: Quarter | str) -> int:
    """The revision the next issue of `quarter` gets: 1, or one more per reopening."""
    q = _q(quarter)
    reopened = session.scalar(select(func.count()).select_from(ReportReopening)
                              .where(ReportReopening.year == q.year, ReportReopening.quarter == q.quarter)) or 0
    return reopened + 1


def reopenings(session: Session, quarter: Quarter | str) -> list[ReportReopening]:
    """The reopenings of `quarter`, oldest first."""
    q = _q(quarter)
    return list(session.scalars(select(ReportReopening).where(ReportReopening.year == q.year,
                                                              ReportReopening.quarter == q.quarter)
                                .order_by(ReportReopening.created_at, ReportReopening.id)))


def reopen_quarter(session: Session, quarter: Quarter | str, reason: str | None = None, *,
                   actor: str | None = None) -> ReportReopening:
    """Unlock an issued quarter (administrators only, with a reason): its stored figures are deleted
    and the reopening is kept with its reason (and audited); the next issue is the next revision."""
    from hubdesk.db.audit import current_actor, current_role
    from hubdesk.db.enums import Role
    from hubdesk.domain.texts import clean_text, require_storable

    q = _q(quarter)
    if current_role() is not Role.ADMIN:
        raise DomainError(_("Only an administrator can reopen an issued quarter. Ask an administrator to "
                            "reopen {quarter}.").format(quarter=str(q)), code="permission")
    row = issued_report(session, q)
    if row is None:
        raise DomainError(_("The report of {quarter} was not issued, so there is nothing to reopen.")
                          .format(quarter=str(q)), field="quarter", code="not_issued")
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_("Say why {quarter} is reopened (for example which figure was wrong). The reason is "
                            "kept with the reopening in the audit trail.").format(quarter=str(q)),
                          field="reason", code="reason_required")
    require_storable(ReportReopening, "reason", reason)
    reopening = ReportReopening(year=q.year, quarter=q.quarter, revision=row.revision or 1, reason=reason,
                                reopened_by=actor or current_actor())
    session.add(reopening)
    session.delete(row)
    session.flush()
    return reopening


# --- the lock -------------------------------------------------------------------------------

def _old_and_new(obj: Any, key: str, is_new: bool, is_deleted: bool) -> list[Any]:
    if is_new:
        return [getattr(obj, key)]
    hist = inspect(obj).attrs[key].history
    if is_deleted or not hist.has_changes():
        values = list(hist.unchanged) or list(hist.deleted) or [getattr(obj, key)]
        return values
    return list(hist.deleted) + list(hist.added)


def _booking_zone(session: Session, booking: Booking) -> str | None:
    resource = booking.__dict__.get("resource")
    if resource is not None and resource.__dict__.get("facility") is not None:
        return resource.facility.timezone
    rid = booking.resource_id if booking.resource_id is not None else getattr(resource, "id", None)
    if rid is None:
        return None
    with session.no_autoflush:
        return session.execute(select(Facility.timezone).join(Resource, Resource.facility_id == Facility.id)
                               .where(Resource.id == rid)).scalar_one_or_none()


def _quarters_of(session: Session, obj: Any, is_new: bool, is_deleted: bool) -> Iterable[Quarter]:
    if isinstance(obj, EventParticipant):
        event_ids = [e for e in _old_and_new(obj, "event_id", is_new, is_deleted) if e is not None]
        event_obj = obj.__dict__.get("event")
        days = [event_obj.held_on] if event_obj is not None and event_obj.held_on is not None else []
        if event_ids:
            with session.no_autoflush:
                days += list(session.scalars(select(Event.held_on).where(Event.id.in_(event_ids))))
        for day in days:
            if isinstance(day, dt.date):
                yield Quarter.of(day)
        return
    if isinstance(obj, (KpiValue, KpiTarget)):
        years = _old_and_new(obj, "year", is_new, is_deleted)
        quarters = _old_and_new(obj, "quarter", is_new, is_deleted)
        for y in years:
            for qq in quarters:
                if y is not None and qq in (1, 2, 3, 4):
                    yield Quarter(int(y), int(qq))
        return
    if isinstance(obj, Booking):
        from hubdesk.domain.booking_times import zone

        tz = zone(_booking_zone(session, obj))
        for start in _old_and_new(obj, "starts_at", is_new, is_deleted):
            if isinstance(start, dt.datetime) and start.tzinfo is not None:
                yield Quarter.of(start.astimezone(tz).date())
        return
    key = _DATE_FIELDS[type(obj)]
    for day in _old_and_new(obj, key, is_new, is_deleted):
        if isinstance(day, dt.date):
            yield Quarter.of(day)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    changed: list[tuple[Any, bool, bool]] = []
    changed += [(o, True, False) for o in session.new if isinstance(o, _WATCHED)]
    changed += [(o, False, False) for o in session.dirty
                if isinstance(o, _WATCHED) and session.is_modified(o, include_collections=False)]
    changed += [(o, False, True) for o in session.deleted if isinstance(o, _WATCHED)]
    if not changed:
        return
    with session.no_autoflush:
        locked = {Quarter(y, q): at for y, q, at in session.execute(
            select(IssuedReport.year, IssuedReport.quarter, IssuedReport.issued_at))}
    if not locked:
        return
    for obj, is_new, is_deleted in changed:
        for q in _quarters_of(session, obj, is_new, is_deleted):
            if q in locked:
                raise locked_error(q, locked[q])


def locked_error(quarter: Quarter, issued_at: dt.datetime) -> DomainError:
    """The refusal of a change to an issued quarter (one sentence for the hook and bulk writes)."""
    day = issued_at.astimezone(clock.foundation_zone()).date()
    return DomainError(_("The figures of {quarter} were issued on {date}; changes to that quarter are locked. "
                         "Ask an administrator to reopen the quarter if this change is needed.")
                       .format(quarter=str(quarter), date=_format_date(day)), code="quarter_locked")


class BulkLockCheck:
    """The lock for bulk writes that bypass the flush hook (Core inserts of an import): the issued
    quarters are read once, then `check(day)` refuses a day inside one with the hook's sentence."""

    def __init__(self, session: Session):
        self.issued = {Quarter(y, q): at for y, q, at in session.execute(
            select(IssuedReport.year, IssuedReport.quarter, IssuedReport.issued_at))}

    def check(self, day: dt.date) -> None:
        quarter = Quarter.of(day)
        issued_at = self.issued.get(quarter)
        if issued_at is not None:
            raise locked_error(quarter, issued_at)


class RowLockCheck:
    """The lock for rows written from their column values past the ORM (a change package,
    hubdesk.domain.exchange_apply): `refusal(table, values)` is the hook's sentence when the row
    (its old or its new values) is dated inside an issued quarter, else None."""

    def __init__(self, session: Session):
        self.session = session
        self.issued = {Quarter(y, q): at for y, q, at in session.execute(
            select(IssuedReport.year, IssuedReport.quarter, IssuedReport.issued_at))}
        self._zones: dict[int, str | None] = {}

    def _quarters(self, table: str, values: dict[str, Any]) -> Iterable[Quarter]:
        from hubdesk.domain.booking_times import zone

        if table in ("kpi_value", "kpi_target"):
            if values.get("year") is not None and values.get("quarter") in (1, 2, 3, 4):
                yield Quarter(int(values["year"]), int(values["quarter"]))
        elif table == "booking":
            rid, start = values.get("resource_id"), values.get("starts_at")
            if rid is None or not isinstance(start, dt.datetime):
                return
            if rid not in self._zones:
                self._zones[rid] = self.session.execute(
                    select(Facility.timezone).join(Resource, Resource.facility_id == Facility.id)
                    .where(Resource.id == rid)).scalar_one_or_none()
            yield Quarter.of(start.astimezone(zone(self._zones[rid])).date())
        elif table == "event_participant":
            held = self.session.scalar(select(Event.held_on).where(Event.id == values.get("event_id")))
            if isinstance(held, dt.date):
                yield Quarter.of(held)
        else:
            for cls, key in _DATE_FIELDS.items():
                if cls.__tablename__ == table and isinstance(values.get(key), dt.date):
                    yield Quarter.of(values[key])

    def refusal(self, table: str, *values: dict[str, Any] | None) -> DomainError | None:
        if not self.issued:
            return None
        for row in values:
            if row is None:
                continue
            for q in self._quarters(table, row):
                if q in self.issued:
                    return locked_error(q, self.issued[q])
        return None


def install(factory: sessionmaker) -> None:
    """Refuse changes inside issued quarters in sessions made by `factory` (idempotent)."""
    # Marked on the factory itself: event.contains() goes by id(), and a new factory can get
    # the id of a collected one, which would leave this one without the hook.
    installed = factory.__dict__.setdefault("_hubdesk_hooks", set())
    if "report_lock" not in installed:
        installed.add("report_lock")
        event.listen(factory, "before_flush", _before_flush)


def is_locked(session: Session, day: dt.date) -> bool:
    """True when `day` falls in an issued quarter (for screens that want to say so up front)."""
    q = Quarter.of(day)
    return issued_report(session, q) is not None


__all__ = ["BulkLockCheck", "RowLockCheck", "install", "locked_error", "is_locked", "issue_quarter", "issued_date", "issued_quarters",
           "issued_report", "next_revision", "reopen_quarter", "reopenings"]
