"""Bookings summarised for the printed documents: per resource (bookings, units, hours, fees) and
per organization and resource. The utilisation itself (booked ÷ bookable days) comes from
`hubdesk.domain.utilisation`; this module uses its definitions:

- a booking belongs to the period of its first local day (facility's zone);
- it counts when approved, confirmed, in use or completed (`USED_STATUSES`);
- its frozen fee counts when confirmed, in use or completed (`FEE_STATUSES`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from hubdesk.db.enums import BookingUnit
from hubdesk.db.schema import Booking, Facility, Organization, Resource
from hubdesk.domain.booking_times import zone
from hubdesk.domain.utilisation import FEE_STATUSES, USED_STATUSES


def local_range(start: dt.date, end_exclusive: dt.date, tz_name: str | None) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants of local midnight at `start` and at `end_exclusive` in zone `tz_name`."""
    tz = zone(tz_name)
    a = dt.datetime.combine(start, dt.time(0), tz).astimezone(dt.timezone.utc)
    b = dt.datetime.combine(end_exclusive, dt.time(0), tz).astimezone(dt.timezone.utc)
    return a, b


def starts_within(session: Session, start: dt.date, end_exclusive: dt.date):
    """SQL condition: the booking's first local day is in [start, end_exclusive) in its facility's
    zone (one index-friendly range per distinct facility time zone)."""
    zones: list[str | None] = [z for (z,) in session.execute(select(Facility.timezone).distinct())] or [None]
    parts = []
    for tz_name in zones:
        a, b = local_range(start, end_exclusive, tz_name)
        cond = and_(Booking.starts_at >= a, Booking.starts_at < b)
        if len(zones) > 1:
            cond = and_(cond, Booking.resource_id.in_(
                select(Resource.id).join(Facility, Facility.id == Resource.facility_id)
                .where(Facility.timezone == tz_name)))
        parts.append(cond)
    return or_(*parts) if len(parts) > 1 else parts[0]


def _fee() -> ColumnElement[int]:
    return func.coalesce(func.sum(case((Booking.status.in_(FEE_STATUSES), Booking.fee_krw), else_=0)), 0)


def per_resource(session: Session, start: dt.date, end_exclusive: dt.date) -> dict[int, dict]:
    """resource id -> {bookings, units, hours, fees} of the counted bookings of the period. Hours
    come from the whole booking units (an hour, or a day of 24 hours)."""
    hours: ColumnElement[int] = func.coalesce(func.sum(case((Resource.booking_unit == BookingUnit.DAY, Booking.units * 24),
                                        else_=Booking.units)), 0)
    return {rid: {"bookings": int(n), "units": int(units), "hours": float(h), "fees": int(fees)}
            for rid, n, units, h, fees in session.execute(
                select(Booking.resource_id, func.count(), func.coalesce(func.sum(Booking.units), 0), hours, _fee())
                .join(Resource, Resource.id == Booking.resource_id)
                .where(Booking.status.in_(USED_STATUSES), starts_within(session, start, end_exclusive))
                .group_by(Booking.resource_id))}


def bookings_by_org_resource(session: Session, start: dt.date, end_exclusive: dt.date, *,
                             organization_id: int | None = None) -> list[dict]:
    """Counted bookings of the period summed per organization and resource: organization, resource,
    facility, unit, bookings, units, fees; ordered by organization then resource name."""
    query = (select(Organization.id, Organization.name, Resource.id, Resource.name, Resource.code,
                    Facility.name, Resource.booking_unit, func.count(Booking.id),
                    func.coalesce(func.sum(Booking.units), 0), _fee())
             .join(Organization, Organization.id == Booking.organization_id)
             .join(Resource, Resource.id == Booking.resource_id)
             .join(Facility, Facility.id == Resource.facility_id)
             .where(Booking.status.in_(USED_STATUSES), starts_within(session, start, end_exclusive))
             .group_by(Organization.id, Organization.name, Resource.id, Resource.name, Resource.code,
                       Facility.name, Resource.booking_unit)
             .order_by(Organization.name, Organization.id, Resource.name, Resource.id))
    if organization_id is not None:
        query = query.where(Booking.organization_id == organization_id)
    rows: Any = session.execute(query)  # ten columns: more than SQLAlchemy's typed overloads
    return [{"organization_id": oid, "organization": oname, "resource_id": rid,
             "resource": f"{rname} ({code})" if code else rname, "facility": fname,
             "unit": str(getattr(unit, "value", unit)), "bookings": int(n), "units": int(units), "fees": int(fees)}
            for oid, oname, rid, rname, code, fname, unit, n, units, fees in rows]
