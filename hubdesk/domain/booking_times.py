"""Booking times in the facility's time zone: booking units, the local days a booking touches,
and how a span of time is written in messages.

Hour resources are booked in whole hours: the length is a whole number of hours (the start may
be any minute). Day resources are booked in whole days: a booking starts at midnight of its first
day and ends at midnight after its last day, both in the facility's time zone, and its units are
the number of local calendar days (so a day is a calendar day even across a clock change).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hubdesk.db.enums import BookingUnit
from hubdesk.db.schema import Resource
from hubdesk.domain import clock
from hubdesk.errors import DomainError
from hubdesk.i18n import _

HOUR = dt.timedelta(hours=1)
_TINY = dt.timedelta(microseconds=1)
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.timezone.utc)


def zone(name: str | None) -> ZoneInfo:
    """A facility's zone (the foundation's when it has none): see `clock.zone`."""
    return clock.zone(name)


def resource_zone(resource: Resource) -> ZoneInfo:
    return zone(resource.facility.timezone if resource.facility is not None else None)


def require_aware(value: dt.datetime, what: str) -> dt.datetime:
    """`value` in UTC. A time outside EARLIEST..LATEST is refused with DomainError (near year 1 or
    9999 converting between zones, or adding a changeover, would overflow Python's dates)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    if not EARLIEST <= value < LATEST:
        raise DomainError(_("The time {value} is outside the years {first} to {last} that bookings can "
                            "use. Check the date.").format(value=value.isoformat(sep=" ", timespec="minutes"),
                                                           first=EARLIEST.year, last=LATEST.year - 1),
                          field=what, code="out_of_range")
    return value.astimezone(dt.timezone.utc)


def first_day(starts_at: dt.datetime, tz: ZoneInfo) -> dt.date:
    return starts_at.astimezone(tz).date()


def last_day(ends_at: dt.datetime, tz: ZoneInfo) -> dt.date:
    """The last local day the booking uses (a booking ending at midnight does not use the next day)."""
    return (ends_at.astimezone(tz) - _TINY).date()


def is_local_midnight(instant: dt.datetime, tz: ZoneInfo) -> bool:
    return instant.astimezone(tz).time() == dt.time(0, 0)


def whole_units(resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime) -> int | None:
    """The number of booking units between start and end, or None if it is not whole."""
    if ends_at <= starts_at:
        return None
    if resource.booking_unit == BookingUnit.DAY:
        tz = resource_zone(resource)
        if not (is_local_midnight(starts_at, tz) and is_local_midnight(ends_at, tz)):
            return None
        return (ends_at.astimezone(tz).date() - starts_at.astimezone(tz).date()).days
    length = ends_at - starts_at
    if length % HOUR:
        return None
    return length // HOUR


def format_instant(instant: dt.datetime, tz: ZoneInfo) -> str:
    return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def format_span(starts_at: dt.datetime, ends_at: dt.datetime, tz: ZoneInfo) -> str:
    """`2026-11-24 09:00–12:00`, or with both dates when the span crosses a day."""
    start = starts_at.astimezone(tz)
    end = ends_at.astimezone(tz)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


def format_hours(hours: float) -> str:
    return str(int(hours)) if float(hours).is_integer() else f"{hours:g}"
