"""Bookings, in and out.

Times in the file are wall-clock times in the facility's time zone (the `time_zone` column, when
present, says which zone they are in). Every row is created by hubdesk.domain.bookings
(`create_booking`, under its resource lock, in the import's one write transaction; an import
first takes `lock_several_resources`), with the rules of the booking form — overlaps and changeover
with existing bookings and with the rows above it in the same file, maintenance windows, incident downtime, service state, whole
units, length, holidays, qualifications — and the fee frozen for a status that carries one. A
booking that does not hold its slot (completed, cancelled, rejected, no show) is history: only
the rules about its own shape apply to it (`booking_problems`), and its rows (`new_booking`) are
inserted in bulk at the end, so the quarter lock is checked here (`report_lock.BulkLockCheck`).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from hubdesk.db.audit import current_actor
from hubdesk.db.enums import BookingStatus
from hubdesk.db.schema import Booking, BookingStatusChange, Contact, Facility, Resource, booking_person, utcnow
from hubdesk.domain import clock
from hubdesk.domain import booking_times as bt
from hubdesk.domain import report_lock
from hubdesk.domain.booking_status import is_active
from hubdesk.domain.bookings import (BookingRefused, BookingRequest, booking_problems, create_booking,
                                     lock_several_resources, new_booking)
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.interchange.cells import (enum_parser, parse_bool, parse_datetime, parse_non_negative_int,
                                       text)
from hubdesk.interchange.bulk import bulk_insert
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import OrganizationLookup, ResourceLookup, row_zone

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("resource", "예약 대상", text(), required=True, aliases=("장비", "장비명", "자원", "시설명", "resource name")),
    C("facility", "시설", text(), aliases=("facility name", "센터")),
    C("organization", "기업명", text(), aliases=("기관명", "회사명", "이용기관", "organization name")),
    C("organization_uid", "기업 고유ID", text(36)),
    C("business_no", "사업자등록번호", text(), aliases=("사업자번호",)),
    C("starts_at", "시작", parse_datetime, required=True, aliases=("시작일시", "시작시간", "start", "from")),
    C("ends_at", "종료", parse_datetime, required=True, aliases=("종료일시", "종료시간", "end", "to")),
    C("time_zone", "시간대", text(64), aliases=("timezone", "tz")),
    C("units", "단위수", parse_non_negative_int, aliases=("units",)),   # derived; checked, not trusted
    C("status", "상태", enum_parser(BookingStatus, labels_for(BookingStatus)), aliases=("예약상태",)),
    C("purpose", "사용 목적", text(), aliases=("목적", "사용목적")),
    C("campaign", "캠페인", text(100), aliases=("제품", "캠페인/제품", "product")),
    C("people", "사용자", text(), aliases=("참여자", "이용자", "사용인원", "persons")),
    C("holiday_override", "휴일 예외", parse_bool, aliases=("휴일예외", "휴일 사용")),
    C("fee_krw", "이용료", parse_non_negative_int, aliases=("요금", "fee", "이용료(원)")),
    C("requested_by", "신청자", text(200), aliases=("신청인",)),
    C("series_uid", "반복 예약 고유ID", text(36), aliases=("series",)),   # the booking series (import it first)
]
FIELD_COLUMNS = {"resource_id": "resource", "organization_id": "organization", "starts_at": "starts_at",
                 "ends_at": "ends_at", "people": "people", "holiday_override": "holiday_override",
                 "status": "status"}
_SPLIT_PEOPLE = re.compile(r"\s*[;\n]\s*")
_PERSON = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>$")   # Name <e-mail>


class Importer:
    columns = COLUMNS
    field_columns = FIELD_COLUMNS

    @staticmethod
    def warm_up() -> None:
        """Load, before the write transaction starts, what checking the first row would otherwise
        load inside it: the holiday calendar (a few hundred modules) and the organization rules. On
        SQLite the write lock is held from the transaction's start, and other PCs' saves wait behind
        it (0.4-0.8 s for a fresh process's first booking import)."""
        import hubdesk.domain.organizations  # noqa: F401
        from hubdesk.domain.calendar import public_holiday_name

        public_holiday_name(clock.today())

    def __init__(self, session: Session, headers: HeaderMap):
        self.session = session
        self.orgs = OrganizationLookup(session)
        self.resources = ResourceLookup(session)
        self.uids = set(session.scalars(select(Booking.uid)))
        self.seen_uids: dict[str, int] = {}
        self.now = utcnow()
        self.held: dict[tuple[type, int], Any] = {}
        self.known: dict[str, tuple] | None = None
        self.history: list[tuple[Booking, list[int]]] = []
        self.lock = report_lock.BulkLockCheck(session)
        self.contacts: dict[int, list] = {}
        self.actor = current_actor()
        self.booking_started = False
        self.series: dict[str, int] | None = None

    def _keep(self, model: type, key: int) -> Any:
        """Load a row once and hold it, so the session does not load it again for every booking."""
        row = self.held.get((model, key))
        if row is None:
            row = self.held[(model, key)] = self.session.get(model, key)
        return row

    def _people(self, oid: int, text_value: str | None) -> list[int]:
        if not text_value:
            return []
        contacts = self.contacts.get(oid)
        if contacts is None:
            contacts = self.contacts[oid] = self.session.execute(
                select(Contact.id, Contact.name, Contact.email).where(Contact.organization_id == oid)).all()
        found: list[int] = []
        for item in filter(None, _SPLIT_PEOPLE.split(text_value.strip())):
            m = _PERSON.match(item)
            name, email = (m["name"].strip(), m["email"].strip().casefold()) if m else (item, None)
            key = name.casefold()
            if email:
                matches = [cid for cid, _n, e in contacts if e and e.casefold() == email]
            else:
                matches = [cid for cid, n, e in contacts
                           if n.casefold() == key or (e and e.casefold() == key)]
            if len(matches) != 1:
                message = (_("“{person}” is not a contact of this organization. Add the contact first, or "
                             "correct the name (separate several people with a semicolon).")
                           if not matches else
                           _("Several contacts of this organization are called “{person}”. Write their "
                             "e-mail address instead."))
                raise RowProblems([("people", message.format(person=item))])
            found.append(matches[0])
        return found

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        uid = values.get("uid")
        if uid:
            earlier = self.seen_uids.setdefault(uid, row)
            if earlier != row:
                raise RowProblems([("uid", _("This booking is already on row {row}. Keep one row per "
                                             "booking.").format(row=earlier))])
            if uid in self.uids:
                return self._existing(uid, values)
        rid = self.resources.require(values["resource"], values.get("facility"))
        resource = self._keep(Resource, rid)
        oid = self.orgs.require(values)
        tz = row_zone(values.get("time_zone"), bt.resource_zone(resource))
        # require_aware refuses a time near year 1 or 9999 with a sentence (converting it would overflow)
        starts_at = bt.require_aware(values["starts_at"].replace(tzinfo=tz), "starts_at")
        ends_at = bt.require_aware(values["ends_at"].replace(tzinfo=tz), "ends_at")
        self._only_an_administrator_sets(values)
        status = values.get("status") or BookingStatus.REQUESTED
        try:
            self.lock.check(starts_at.astimezone(bt.resource_zone(resource)).date())
        except DomainError as exc:   # checked here because history is inserted in bulk, past the hook
            raise RowProblems([("starts_at", exc.message)]) from None
        request = BookingRequest(resource_id=rid, organization_id=oid, starts_at=starts_at, ends_at=ends_at,
                                 purpose=values.get("purpose"), campaign=values.get("campaign"),
                                 people=self._people(oid, values.get("people")),
                                 holiday_override=bool(values.get("holiday_override")))
        units = bt.whole_units(resource, starts_at, ends_at)
        if values.get("units") is not None and units is not None and values["units"] != units:
            raise RowProblems([("units", _("The booking from start to end is {units} units long, not {given}. "
                                           "Correct the times, or clear the units cell.")
                                .format(units=units, given=values["units"]))])
        series_id = self._series_id(values.get("series_uid"))
        fields = dict(status=status, fee_krw=values.get("fee_krw"),
                      requested_by=values.get("requested_by") or self.actor, uid=uid)
        try:
            if is_active(status):   # the rows below are checked against this one: it is flushed now
                if not self.booking_started:   # a file may book several resources: take turns with other imports
                    lock_several_resources(self.session)
                    self.booking_started = True
                booking = create_booking(self.session, request, actor=self.actor, now=self.now,
                                         note=_("imported"), **fields)
            else:                   # history holds no slot, so no later row is checked against it
                problems = booking_problems(self.session, request, resource, status)
                if problems:
                    raise BookingRefused(problems)
                booking = new_booking(self.session, request, resource, **fields)
                self.history.append((booking, list(dict.fromkeys(request.people))))
        except DomainError as exc:
            if exc.code in ("no_rate", "no_user_class"):   # the fee to freeze: about the fee column
                raise RowProblems([("fee_krw", exc.message)]) from None
            raise
        booking.series_id = series_id
        self.uids.add(booking.uid)
        return "created"

    def _series_id(self, uid: str | None) -> int | None:
        """The booking series the row names by its uid (imported before, in the booking series kind)."""
        if not uid:
            return None
        if self.series is None:
            from hubdesk.db.schema import BookingSeries

            self.series = dict(self.session.execute(select(BookingSeries.uid, BookingSeries.id)).all())
        found = self.series.get(uid)
        if found is None:
            raise RowProblems([("series_uid", _("No booking series with the uid {uid} is in the database. Import "
                                                "the booking series first, or clear the cell.").format(uid=uid))])
        return found

    def finish(self) -> None:
        """Insert the bookings that hold no slot in bulk, with their status history and people."""
        if not self.history:
            return
        columns = [c.key for c in Booking.__table__.columns if c.key != "id"]
        rows = [{key: getattr(b, key) for key in columns} for b, _p in self.history]
        ids = bulk_insert(self.session, Booking.__table__, rows)
        changes = [dict(booking_id=bid, from_status=None, to_status=row["status"], changed_at=self.now,
                        changed_by=self.actor, note=_("imported")) for bid, row in zip(ids, rows)]
        self.session.execute(insert(BookingStatusChange.__table__), changes)
        people = [dict(booking_id=bid, contact_id=cid)
                  for bid, (_b, cids) in zip(ids, self.history) for cid in cids]
        if people:
            self.session.execute(insert(booking_person), people)

    def _only_an_administrator_sets(self, values: dict[str, Any]) -> None:
        """A booking's status, fee and requester come from the rules and the person importing; only an
        administrator's import (moving a history from another system) may bring them from the file."""
        from hubdesk.db.audit import current_role
        from hubdesk.db.enums import Role

        if current_role() is Role.ADMIN:
            return
        problems = []
        if values.get("status") not in (None, BookingStatus.REQUESTED):
            problems.append(("status", _("Only an administrator's import may set a status other than requested; "
                                         "a booking you import is a request that a manager then approves. Clear "
                                         "the status cell, or ask an administrator to import the file.")))
        if values.get("fee_krw") is not None:
            problems.append(("fee_krw", _("Only an administrator's import may set the fee; hubdesk works it out "
                                          "from the rates. Clear the fee cell, or ask an administrator to import "
                                          "the file.")))
        if values.get("requested_by") not in (None, self.actor):
            problems.append(("requested_by", _("Only an administrator's import may name someone else as the "
                                               "requester; the bookings you import are requested by you. Clear the "
                                               "requester cell, or ask an administrator to import the file.")))
        if problems:
            raise RowProblems(problems)

    def _existing(self, uid: str, values: dict[str, Any]) -> Outcome:
        """A booking already in the database: unchanged, or refused (change it in hubdesk, where
        moves and status changes follow the booking rules and their history)."""
        if self.known is None:   # one query for all, on the first booking found by its uid
            self.known = {u: (s, e, st, tz) for u, s, e, st, tz in self.session.execute(
                select(Booking.uid, Booking.starts_at, Booking.ends_at, Booking.status, Facility.timezone)
                .join(Resource, Booking.resource_id == Resource.id)
                .join(Facility, Resource.facility_id == Facility.id))}
        starts_at, ends_at, status, zone_name = self.known[uid]
        tz = row_zone(values.get("time_zone"), bt.zone(zone_name))
        same = (values["starts_at"].replace(tzinfo=tz) == starts_at
                and values["ends_at"].replace(tzinfo=tz) == ends_at
                and (values.get("status") or status) == status)
        if same:
            return "unchanged"
        raise RowProblems([("uid", _("This booking is already in the database with other times or another "
                                     "status. Change it in hubdesk, or clear its uid to book it again."))])


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(Booking)
            .options(selectinload(Booking.resource).selectinload(Resource.facility),
                     selectinload(Booking.organization), selectinload(Booking.people), selectinload(Booking.series))
            .order_by(Booking.starts_at, Booking.id).execution_options(yield_per=1000))
    for b in session.scalars(stmt):
        tz = bt.resource_zone(b.resource)
        facility: Facility = b.resource.facility
        yield [b.uid, b.resource.code or b.resource.name, facility.name, b.organization.name,
               b.organization.uid, b.organization.business_no,
               b.starts_at.astimezone(tz).replace(tzinfo=None), b.ends_at.astimezone(tz).replace(tzinfo=None),
               tz.key, b.units, b.status, b.purpose, b.campaign, "; ".join(_person(p) for p in b.people),
               b.holiday_override, b.fee_krw, b.requested_by, b.series.uid if b.series is not None else None]


def _person(contact: Contact) -> str:
    """How a person on a booking is written: `Name <e-mail>` (the e-mail tells apart namesakes)."""
    return f"{contact.name} <{contact.email}>" if contact.email else contact.name
