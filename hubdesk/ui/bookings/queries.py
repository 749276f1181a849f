"""What the booking timeline shows for one window of time, read from SQL: the resources (rows),
the bookings, maintenance windows and closed days inside the window — and nothing outside it.

Bookings are found through the index on booking(resource_id, starts_at): a booking that reaches
into the window starts before its end and no earlier than the longest booking a resource allows
(plus its changeover) before its start, so the scan is bounded by the window, not by history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, BookingUnit, ResourceStatus


@dataclass(frozen=True)
class TimelineResource:
    id: int
    name: str
    facility: str
    unit: BookingUnit
    changeover_hours: float
    timezone: str
    status: ResourceStatus


@dataclass(frozen=True)
class TimelineBooking:
    id: int
    resource_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: BookingStatus
    organization: str
    purpose: str | None
    campaign: str | None
    changeover_until: dt.datetime   # end of the changeover buffer after it (== ends_at when none)
    version: int = 1                # the row version drawn: a move based on an older one is refused
    series_id: int | None = None    # the booking series it belongs to (marked, highlighted as one)
    conflict: str | None = None     # held in a booking conflict after an exchange: the sentence (marked)


@dataclass(frozen=True)
class TimelineWindow:
    id: int
    resource_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: object
    note: str | None


@dataclass
class TimelineData:
    start: dt.datetime
    end: dt.datetime
    resources: list[TimelineResource] = field(default_factory=list)
    bookings: list[TimelineBooking] = field(default_factory=list)
    windows: list[TimelineWindow] = field(default_factory=list)
    closed_days: dict[dt.date, str] = field(default_factory=dict)


def load_resources(db, facility_id: int | None = None) -> list[TimelineResource]:
    from hubdesk.db.schema import Facility, Resource

    with db.read() as s:
        stmt = (select(Resource.id, Resource.name, Facility.name, Resource.booking_unit, Resource.changeover_hours,
                       Facility.timezone, Resource.status)
                .join(Facility, Facility.id == Resource.facility_id)
                .where(Resource.status != ResourceStatus.RETIRED)
                .order_by(Facility.name, Resource.name, Resource.id))
        if facility_id is not None:
            stmt = stmt.where(Resource.facility_id == facility_id)
        return [TimelineResource(*row) for row in s.execute(stmt)]


def load_window(db, start: dt.datetime, end: dt.datetime, resources: list[TimelineResource], *,
                include_inactive: bool = False, local_zone: str | None = None) -> TimelineData:
    """Bookings, windows and closed days of `resources` between `start` and `end` (aware)."""
    from hubdesk.db.schema import Booking, MaintenanceWindow, Organization, Resource
    from hubdesk.domain.booking_rules import changeover_buffer, changeover_tail
    from hubdesk.domain import clock
    from hubdesk.domain.calendar import closed_days, closure_days, public_holidays_named
    from hubdesk.domain.exchange_conflicts import booking_conflict_notes

    data = TimelineData(start=start, end=end, resources=list(resources))
    if not resources:
        return data
    ids = [r.id for r in resources]
    by_id = {r.id: r for r in resources}
    with db.read() as s:
        longest = tail = dt.timedelta(0)
        for unit, max_units, changeover in s.execute(select(Resource.booking_unit, Resource.max_units,
                                                            Resource.changeover_hours).where(Resource.id.in_(ids))):
            length = dt.timedelta(days=max_units + 1) if unit == BookingUnit.DAY else dt.timedelta(hours=max_units)
            tail = max(tail, changeover_buffer(changeover))
            longest = max(longest, length + tail)
        statuses = list(BookingStatus) if include_inactive else list(ACTIVE_BOOKING_STATUSES) + [
            BookingStatus.COMPLETED]
        rows = s.execute(
            select(Booking.id, Booking.resource_id, Booking.starts_at, Booking.ends_at, Booking.status,
                   Organization.name, Booking.purpose, Booking.campaign, Booking.version, Booking.series_id,
                   Booking.uid)
            .join(Organization, Organization.id == Booking.organization_id)
            .where(Booking.resource_id.in_(ids), Booking.starts_at < end, Booking.starts_at >= start - longest,
                   Booking.ends_at > start - tail, Booking.status.in_(statuses))
            .order_by(Booking.resource_id, Booking.starts_at)).all()
        notes = booking_conflict_notes(s) if rows else {}
        per_resource: dict[int, list] = {}
        for row in rows:
            per_resource.setdefault(row[1], []).append(row)
        for rid, items in per_resource.items():
            hours = by_id[rid].changeover_hours
            for i, (bid, _rid, starts, ends, status, org, purpose, campaign, version, series_id,
                    uid) in enumerate(items):
                following = items[i + 1] if i + 1 < len(items) else None
                tail = changeover_tail(hours, status, campaign, following[7] if following is not None else None)
                if ends + tail <= start:
                    continue
                data.bookings.append(TimelineBooking(bid, rid, starts, ends, status, org, purpose, campaign,
                                                     ends + tail, version, series_id, notes.get(uid)))
        for w in s.scalars(select(MaintenanceWindow).where(MaintenanceWindow.resource_id.in_(ids),
                                                           MaintenanceWindow.starts_at < end,
                                                           MaintenanceWindow.ends_at > start)):
            data.windows.append(TimelineWindow(w.id, w.resource_id, w.starts_at, w.ends_at, w.kind, w.note))
        tz = clock.zone(local_zone)
        first, last = start.astimezone(tz).date(), (end.astimezone(tz) - dt.timedelta(microseconds=1)).date()
        data.closed_days = closed_days(s, first, last)
        named = public_holidays_named(first, last) if data.closed_days else {}
        data.closed_days.update({day: name for day, name in named.items() if day in data.closed_days})
        data.closed_days.update(closure_days(s, first, last))   # the foundation's own names win
    return data


# --- booking series ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesInfo:
    """The series a booking belongs to, as its editor offers it: the rule, the zone of its times,
    the booking's local first day (where a change or cancellation starts) and the names shown."""

    id: int
    rule: object
    zone: str
    day: dt.date
    resource: str
    organization: str


def series_info(booking, resource: str, organization: str) -> SeriesInfo | None:
    """The series of a booking loaded with its series (`joinedload(Booking.series)`: no statement
    more for the editor); None for a single booking."""
    from hubdesk.domain import booking_series, booking_times as bt

    series = booking.series
    if series is None:
        return None
    day = bt.first_day(booking.starts_at, bt.zone(series.timezone))
    return SeriesInfo(series.id, booking_series.rule_of(series), series.timezone, day, resource, organization)


def open_series_bookings(db, series_id: int, day: dt.date) -> int:
    """How many bookings of the series from `day` on are still open (would be cancelled)."""
    from hubdesk.domain import booking_series
    from hubdesk.domain.booking_status import MOVABLE_STATUSES

    with db.read() as s:
        return sum(1 for b in booking_series.series_bookings(s, series_id, day) if b.status in MOVABLE_STATUSES)


def series_preview(db, template) -> list:
    """The dates of a new series with the rules each breaks (`booking_series.preview`)."""
    from hubdesk.domain import booking_series

    with db.read() as s:
        return booking_series.preview(s, template)


def series_change_preview(db, series_id: int, from_day: dt.date, rule) -> list:
    """The dates a change of the series from `from_day` would book, with their problems."""
    from hubdesk.domain import booking_series

    with db.read() as s:
        return booking_series.change_preview(s, series_id, from_day, rule)


# The filters' choices: Core tables, not ORM entities (opening the list must not wait for the
# mappers to configure); each read when its filter is first used, not to open the view.
def resource_choices(db) -> list[tuple[int, str]]:
    """(id, "resource — facility") of every resource, by facility then name."""
    from hubdesk.db.schema import Facility, Resource

    r, f = Resource.__table__.c, Facility.__table__.c
    with db.engine.connect() as conn:
        return [(rid, f"{name} — {facility}") for rid, name, facility in conn.execute(
            select(r.id, r.name, f.name).join_from(Resource.__table__, Facility.__table__, r.facility_id == f.id)
            .order_by(f.name, r.name))]


def facility_choices(db) -> list[tuple[int, str]]:
    from hubdesk.db.schema import Facility

    f = Facility.__table__.c
    with db.engine.connect() as conn:
        return [(fid, name) for fid, name in conn.execute(select(f.id, f.name).order_by(f.name))]


def organization_choices(db) -> list[tuple[int, str]]:
    from hubdesk.db.schema import Organization

    o = Organization.__table__.c
    with db.engine.connect() as conn:
        return [(oid, name) for oid, name in conn.execute(select(o.id, o.name).order_by(o.name))]


def booking_conflict_count(db) -> int:
    """How many booking conflicts an exchange left for a person (the approvals tab's banner)."""
    from hubdesk.domain.exchange_conflicts import booking_conflict_count as count

    with db.read() as s:
        return count(s)


def booking_for_editor(session, booking_id: int):
    """The booking the editor opens, in one statement: with its series, resource and facility,
    organization, people and status history with the account of each change (its display name).
    None when it does not exist. The caller keeps it while it checks the booking in the same
    session: the resource and the organization are then not read again."""
    from sqlalchemy.orm import joinedload

    from hubdesk.db.ids import is_possible_id
    from hubdesk.db.schema import Booking, BookingStatusChange, Resource

    if not is_possible_id(booking_id):
        return None
    return session.scalars(select(Booking).where(Booking.id == booking_id).options(
        joinedload(Booking.series), joinedload(Booking.resource).joinedload(Resource.facility),
        joinedload(Booking.organization), joinedload(Booking.people),
        joinedload(Booking.history).joinedload(BookingStatusChange.account))).unique().one_or_none()


ORGANIZATION_CHOICES = 50     # how many organizations the new booking's box lists at once (organization_search.CHOICES)


def organizations_to_book(session, text: str = "", limit: int = ORGANIZATION_CHOICES) -> list[tuple[int, str]]:
    """(id, name) of active organizations for a new booking's organization box, at most `limit`:
    with `text`, those whose name or English name holds it (ignoring case, also for letters beyond
    ASCII that begin a word; names starting with it first, then by name); without, those booked
    most recently (the latest bookings, newest first). Archived organizations take no new work."""
    from hubdesk.ui.common.organization_search import organizations_booked_lately, organizations_matching

    if (text or "").strip():
        return organizations_matching(session, text, limit)
    return organizations_booked_lately(session, limit)


def organization_to_book(session, organization_id: int) -> tuple[int, str] | None:
    """(id, name) of the organization a new booking starts with, None when it is archived or gone."""
    from hubdesk.db.ids import is_possible_id
    from hubdesk.db.schema import Organization

    if not is_possible_id(organization_id):
        return None
    row = session.execute(select(Organization.id, Organization.name)
                          .where(Organization.id == organization_id, Organization.archived_on.is_(None))).first()
    return (row[0], row[1]) if row is not None else None
