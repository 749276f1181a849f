"""Bookings as an iCalendar (.ics) file that Outlook, Google Calendar and Apple Calendar open.

One VEVENT per booking: UID from the booking's uid, DTSTART/DTEND in the facility's time zone with
its VTIMEZONE (all-day dates for whole-day bookings), SUMMARY, LOCATION, DESCRIPTION and STATUS
(requested → TENTATIVE; approved, confirmed, in use, completed, no show → CONFIRMED; cancelled and
rejected → CANCELLED, so a calendar that imported the booking before removes it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hubdesk import __version__
from hubdesk.db.enums import BookingStatus, BookingUnit
from hubdesk.db.schema import Booking, Organization, Resource, utcnow
from hubdesk.domain import booking_times as bt
from hubdesk.domain.booking_status import status_label
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.output_files import replacing

_ICAL_STATUS = {
    BookingStatus.REQUESTED: "TENTATIVE",
    BookingStatus.APPROVED: "CONFIRMED",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.IN_USE: "CONFIRMED",
    BookingStatus.COMPLETED: "CONFIRMED",
    BookingStatus.NO_SHOW: "CONFIRMED",
    BookingStatus.CANCELLED: "CANCELLED",
    BookingStatus.REJECTED: "CANCELLED",
}
UID_DOMAIN = "hubdesk"


def _bookings(session: Session, resource_id: int | None, organization_id: int | None,
              start: dt.datetime | None, end: dt.datetime | None) -> tuple[str, list[Booking]]:
    if (resource_id is None) == (organization_id is None):
        raise DomainError(_("Choose either a resource or an organization for the calendar, not both."),
                          code="calendar_target")
    stmt = select(Booking).options(selectinload(Booking.resource).selectinload(Resource.facility),
                                   selectinload(Booking.organization))
    if resource_id is not None:
        target = session.get(Resource, resource_id)
        if target is None:
            raise DomainError(_("Resource number {id} does not exist. Check the number.").format(id=resource_id),
                              code="not_found")
        stmt = stmt.where(Booking.resource_id == resource_id)
    else:
        target = session.get(Organization, organization_id)
        if target is None:
            raise DomainError(_("Organization number {id} does not exist. Check the number.")
                              .format(id=organization_id), code="not_found")
        stmt = stmt.where(Booking.organization_id == organization_id)
    if start is not None:
        stmt = stmt.where(Booking.ends_at > start)
    if end is not None:
        stmt = stmt.where(Booking.starts_at < end)
    return target.name, list(session.scalars(stmt.order_by(Booking.starts_at, Booking.id)))


def build_calendar(session: Session, *, resource_id: int | None = None, organization_id: int | None = None,
                   start: dt.datetime | None = None, end: dt.datetime | None = None,
                   now: dt.datetime | None = None) -> Any:
    """An `icalendar.Calendar` of the bookings of one resource or one organization."""
    from icalendar import Calendar, Event

    now = now or utcnow()
    name, bookings = _bookings(session, resource_id, organization_id, start, end)
    cal = Calendar()
    cal.add("prodid", f"-//hubdesk//hubdesk {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Bookings: {name}").format(name=name))
    zones = {bt.resource_zone(b.resource).key for b in bookings}
    if len(zones) == 1:
        cal.add("x-wr-timezone", zones.pop())
    for booking in bookings:
        cal.add_component(_event(Event, booking, now))
    cal.add_missing_timezones()
    return cal


def _event(event_cls: type, booking: Booking, now: dt.datetime) -> Any:
    resource = booking.resource
    facility = resource.facility
    tz = bt.resource_zone(resource)
    event = event_cls()
    event.add("uid", f"{booking.uid}@{UID_DOMAIN}")
    event.add("dtstamp", now.astimezone(dt.timezone.utc))
    start, end = booking.starts_at.astimezone(tz), booking.ends_at.astimezone(tz)
    if (resource.booking_unit == BookingUnit.DAY and bt.is_local_midnight(booking.starts_at, tz)
            and bt.is_local_midnight(booking.ends_at, tz)):
        event.add("dtstart", start.date())   # all-day; DTEND is the day after the last day
        event.add("dtend", end.date())
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    event.add("summary", _("{resource} – {organization}").format(resource=resource.name,
                                                                  organization=booking.organization.name))
    event.add("location", ", ".join(filter(None, [facility.name, facility.address])))
    lines = [_("Status: {status}").format(status=status_label(booking.status))]
    if booking.purpose:
        lines.append(_("Purpose: {purpose}").format(purpose=booking.purpose))
    if booking.campaign:
        lines.append(_("Campaign: {campaign}").format(campaign=booking.campaign))
    event.add("description", "\n".join(lines))
    event.add("status", _ICAL_STATUS[booking.status])
    event.add("transp", "TRANSPARENT" if _ICAL_STATUS[booking.status] == "CANCELLED" else "OPAQUE")
    event.add("created", booking.created_at.astimezone(dt.timezone.utc))
    event.add("last-modified", booking.updated_at.astimezone(dt.timezone.utc))
    return event


def export_calendar(db: Any, path: str | Path, *, resource_id: int | None = None,
                    organization_id: int | None = None, start: dt.datetime | None = None,
                    end: dt.datetime | None = None) -> int:
    """Write the .ics file; returns the number of bookings in it."""
    with db.read() as session:
        cal = build_calendar(session, resource_id=resource_id, organization_id=organization_id,
                             start=start, end=end)
    with replacing(path, suffix=".ics.part") as tmp:
        tmp.write_bytes(cal.to_ical())
    return sum(1 for c in cal.walk("VEVENT"))


def events_of(ics: bytes) -> Iterable[Any]:
    from icalendar import Calendar

    return Calendar.from_ical(ics).walk("VEVENT")
