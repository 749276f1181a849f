"""Facility figures for a period of local dates: utilisation, equipment hours, user companies, fees.

Definitions
- A booking counts when its status is approved, confirmed, in use or completed (`USED_STATUSES`).
- Days are the facility's local calendar dates (its `timezone`, default Asia/Seoul); a booking
  uses every local date it touches (a booking ending at midnight does not use the next day).
- Bookable days of a resource = days of the period − public holidays and closure days
  (`hubdesk.domain.calendar`) − days a maintenance / requalification window touches.
- Booked days of a resource = distinct bookable days on which a counted booking uses it (a day
  booked under a holiday override is not bookable, so it is not counted: the rate stays ≤ 100 %).
- Utilisation = booked days ÷ bookable days, per resource and overall (sums over resources).
  Retired resources take part only when they have bookings in the period.
- Equipment hours = booked hours of counted bookings on equipment, fee revenue = frozen fees of
  confirmed, in-use and completed bookings: both attributed to the period of the booking's first
  local day. User companies = distinct organizations with a counted booking using a day of the period.
- All of these add up over consecutive periods (`combine`), so the year to date is the sum of its
  quarters.

The bookings table is the large one: it is aggregated in SQL (day numbers computed in the database
from epoch seconds plus the zone's UTC offset, expanded over a small number table, counted with
GROUP BY). Only the few maintenance windows and the calendar are handled in Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (BigInteger, Integer, and_, case, cast, distinct, extract, func, literal,
                        literal_column, or_, select, union_all)
from sqlalchemy.orm import Session

from hubdesk.db.enums import BookingStatus, BookingUnit, ResourceKind, ResourceStatus
from hubdesk.db.schema import Booking, Facility, MaintenanceWindow, Resource
from hubdesk.domain.booking_times import last_day, zone
from hubdesk.domain.calendar import closed_days

USED_STATUSES = (BookingStatus.APPROVED, BookingStatus.CONFIRMED, BookingStatus.IN_USE,
                 BookingStatus.COMPLETED)
FEE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.IN_USE, BookingStatus.COMPLETED)

_EPOCH = dt.date(1970, 1, 1)
_DAY = 86400
_PAIR = 1_000_000                # day numbers stay below this until the year 4707
_SLACK = dt.timedelta(days=2)   # wider than any UTC offset, for the index-friendly prefilter


def day_number(day: dt.date) -> int:
    return (day - _EPOCH).days


def _epoch_seconds(session: Session, col):
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", col), Integer)
    return cast(func.floor(extract("epoch", col)), BigInteger)


def _offset_segments(tz_name: str | None, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime | None, int]]:
    """[(until_utc or None, offset seconds)] covering start..end; one segment without DST."""
    tz = zone(tz_name)
    segments: list[tuple[dt.datetime | None, int]] = []
    current = int(start.astimezone(tz).utcoffset().total_seconds())
    t = start
    while t < end:
        nxt = t + dt.timedelta(hours=1)
        off = int(nxt.astimezone(tz).utcoffset().total_seconds())
        if off != current:
            segments.append((nxt, current))   # offsets change on the hour (or half hour: ±1 h slack)
            current = off
        t = nxt
    segments.append((None, current))
    return segments


def _offset_expr(col, tz_names: list[str], start: dt.datetime, end: dt.datetime):
    """SQL giving the UTC offset (seconds) of instant `col` in its facility's zone."""
    whens = []
    for name in tz_names:
        for until, off in _offset_segments(name, start, end):
            cond = Facility.timezone == name if until is None else and_(Facility.timezone == name, col < until)
            whens.append((cond, literal(off, Integer)))
    default = int(dt.datetime(start.year, 1, 1, tzinfo=dt.timezone.utc).astimezone(zone(None))
                  .utcoffset().total_seconds())
    return case(*whens, else_=literal(default, Integer)) if whens else literal(default, Integer)


@dataclass(frozen=True)
class ResourceUse:
    resource_id: int
    resource: str
    facility: str
    kind: str
    bookable_days: int
    booked_days: int

    @property
    def rate(self) -> float | None:
        return self.booked_days / self.bookable_days if self.bookable_days else None

    def as_dict(self) -> dict:
        return {"resource_id": self.resource_id, "resource": self.resource, "facility": self.facility,
                "kind": self.kind, "bookable_days": self.bookable_days, "booked_days": self.booked_days,
                "rate": self.rate}


@dataclass(frozen=True)
class FacilityFigures:
    resources: list[ResourceUse]
    equipment_hours: float
    user_companies: int
    fee_revenue_krw: int
    users: frozenset[int] = frozenset()   # the organizations counted in user_companies

    @property
    def bookable_days(self) -> int:
        return sum(r.bookable_days for r in self.resources)

    @property
    def booked_days(self) -> int:
        return sum(r.booked_days for r in self.resources)

    @property
    def utilisation_rate(self) -> float | None:
        return self.booked_days / self.bookable_days if self.bookable_days else None


class _Frame:
    """Expressions shared by the queries of one period."""

    def __init__(self, session: Session, start: dt.date, end: dt.date):
        self.first, self.last = day_number(start), day_number(end)
        lo = dt.datetime.combine(start, dt.time(), dt.timezone.utc) - _SLACK
        hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.timezone.utc) + _SLACK
        # Bookings are never longer than their resource's maximum (a booking rule), so a booking
        # that overlaps the period started at most that long before it: a lower bound on
        # starts_at lets the database range-scan the starts_at index instead of the whole table.
        earliest = lo - _longest_booking(session)
        tz_names = list(session.scalars(select(Facility.timezone).distinct()))
        offsets = {off for name in tz_names for _until, off in _offset_segments(name, lo, hi)}
        # One zone without a clock change in the period (the usual case): a constant offset, and
        # no join to the facility for every booking.
        self.constant = len(offsets) <= 1
        if self.constant:
            off = offsets.pop() if offsets else _offset_segments(None, lo, hi)[0][1]
            start_off = end_off = literal_column(str(int(off)), Integer)
        else:
            start_off = _offset_expr(Booking.starts_at, tz_names, lo, hi)
            end_off = _offset_expr(Booking.ends_at, tz_names, lo, hi)
        self.start_secs = _epoch_seconds(session, Booking.starts_at)
        self.end_secs = _epoch_seconds(session, Booking.ends_at)
        self.first_day = (self.start_secs + start_off) // _DAY
        self.last_day = (self.end_secs + end_off - 1) // _DAY
        # index-friendly prefilter in UTC, exact test on local day numbers
        self.near = and_(Booking.starts_at < hi, Booking.starts_at >= earliest, Booking.ends_at > lo)

    def joined(self, *cols):
        query = select(*cols).select_from(Booking).join(Resource, Resource.id == Booking.resource_id)
        if not self.constant:
            query = query.join(Facility, Facility.id == Resource.facility_id)
        return query


def _longest_booking(session: Session) -> dt.timedelta:
    hours = session.scalar(select(func.max(case((Resource.booking_unit == BookingUnit.DAY, Resource.max_units * 24),
                                                else_=Resource.max_units))))
    return dt.timedelta(hours=max(int(hours or 0), 24) + 24)   # + a day for clock changes


def _maintenance_days(session: Session, start: dt.date, end: dt.date) -> set[tuple[int, int]]:
    """(resource id, day number) pairs a maintenance window touches, inside the period."""
    lo = dt.datetime.combine(start, dt.time(), dt.timezone.utc) - _SLACK
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.timezone.utc) + _SLACK
    rows = session.execute(
        select(MaintenanceWindow.resource_id, MaintenanceWindow.starts_at, MaintenanceWindow.ends_at,
               Facility.timezone)
        .join(Resource, Resource.id == MaintenanceWindow.resource_id)
        .join(Facility, Facility.id == Resource.facility_id)
        .where(MaintenanceWindow.starts_at < hi, MaintenanceWindow.ends_at > lo))
    pairs: set[tuple[int, int]] = set()
    for resource_id, starts_at, ends_at, tz_name in rows:
        tz = zone(tz_name)
        d0 = max(starts_at.astimezone(tz).date(), start)
        d1 = min(last_day(ends_at, tz), end)
        for n in range(day_number(d0), day_number(d1) + 1):
            pairs.add((resource_id, n))
    return pairs


def _can_materialize(session: Session) -> bool:
    """`WITH x AS MATERIALIZED` (SQLite ≥ 3.35, PostgreSQL ≥ 12) keeps the database from
    re-evaluating the booking spans once per row of the number table."""
    dialect = session.get_bind().dialect
    if dialect.name == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version_info >= (3, 35)
    return dialect.name == "postgresql" and (dialect.server_version_info or (0,)) >= (12,)


def facility_figures(session: Session, start: dt.date, end: dt.date) -> FacilityFigures:
    """Utilisation per resource and the other facility figures for local dates start..end, in one
    pass over the bookings of the period."""
    frame = _Frame(session, start, end)
    closed = {day_number(d) for d in closed_days(session, start, end)}
    maintenance = _maintenance_days(session, start, end)
    period_days = frame.last - frame.first + 1

    # The counted bookings near the period (UTC prefilter; exact local days are tested below),
    # computed once: their local first/last day numbers, equipment seconds and earned fee.
    seconds = case((Resource.kind == ResourceKind.EQUIPMENT, frame.end_secs - frame.start_secs), else_=0)
    fee = case((Booking.status.in_(FEE_STATUSES), func.coalesce(Booking.fee_krw, 0)), else_=0)
    spans = frame.joined(Booking.resource_id.label("rid"), Booking.organization_id.label("org"),
                         frame.first_day.label("f"), frame.last_day.label("l"), seconds.label("secs"),
                         fee.label("fee")).where(Booking.status.in_(USED_STATUSES), frame.near).cte("spans")
    if _can_materialize(session):
        spans = spans.prefix_with("MATERIALIZED")
    # numbers 0..(longest span in days), to expand each booking over the days it uses
    longest = select(func.max(spans.c.l - spans.c.f)).scalar_subquery()
    seed = select(literal_column("0", Integer).label("n")).cte("nums", recursive=True)
    nums = seed.union_all(select((seed.c.n + 1).label("n"))
                          .where(seed.c.n < longest, seed.c.n < period_days - 1))
    day = spans.c.f + nums.c.n
    conds = [day >= frame.first, day <= frame.last]
    if closed:
        conds.append(day.not_in(sorted(closed)))
    if maintenance:
        # (resource, day) pairs encoded as one integer: a plain NOT IN list is far cheaper than
        # a row-value NOT IN on SQLite
        conds.append((spans.c.rid * _PAIR + day).not_in(sorted(r * _PAIR + n for r, n in maintenance)))
    starts_inside = spans.c.f.between(frame.first, frame.last)
    uses_period = and_(spans.c.f <= frame.last, spans.c.l >= frame.first)
    null = cast(literal_column("NULL"), BigInteger)   # typed, so that PostgreSQL can unite the branches
    tagged = union_all(
        # "r": booked days per resource
        select(literal_column("'r'").label("tag"), spans.c.rid.label("a"), func.count(distinct(day)).label("b"),
               null.label("c"))
        .select_from(spans.join(nums, nums.c.n <= spans.c.l - spans.c.f)).where(*conds).group_by(spans.c.rid),
        # "t": equipment seconds and fees of the bookings starting in the period
        select(literal_column("'t'"), null, cast(func.sum(case((starts_inside, spans.c.secs), else_=0)), BigInteger),
               cast(func.sum(case((starts_inside, spans.c.fee), else_=0)), BigInteger)).select_from(spans),
        # "o": the organizations using the facilities in the period
        select(literal_column("'o'"), spans.c.org, null, null).where(uses_period).distinct())
    booked: dict[int, int] = {}
    users: set[int] = set()
    hours = 0.0
    fees = 0
    for tag, a, b, c in session.execute(tagged):
        if tag == "r":
            booked[int(a)] = int(b)
        elif tag == "o":
            users.add(int(a))
        else:
            hours, fees = float(b or 0) / 3600.0, int(c or 0)

    resources = session.execute(
        select(Resource.id, Resource.name, Facility.name, Resource.kind)
        .join(Facility, Facility.id == Resource.facility_id)
        .where(or_(Resource.status != ResourceStatus.RETIRED, Resource.id.in_(list(booked) or [-1])))
        .order_by(Facility.name, Resource.name, Resource.id)).all()
    open_days = period_days - len(closed)
    down: dict[int, int] = {}
    for rid, n in maintenance:
        if n not in closed:
            down[rid] = down.get(rid, 0) + 1
    per_resource = [ResourceUse(rid, rname, fname, str(kind), open_days - down.get(rid, 0),
                                int(booked.get(rid, 0)))
                    for rid, rname, fname, kind in resources]
    return FacilityFigures(per_resource, hours, len(users), fees, frozenset(users))


def combine(parts: list[FacilityFigures]) -> FacilityFigures:
    """The figures of consecutive periods (e.g. the quarters of a year) as one period: days, hours
    and fees add up, user companies are counted once. A retired resource contributes the bookable
    days of the periods in which it was booked."""
    resources: dict[int, ResourceUse] = {}
    for part in parts:
        for r in part.resources:
            seen = resources.get(r.resource_id)
            resources[r.resource_id] = r if seen is None else dataclasses.replace(
                seen, bookable_days=seen.bookable_days + r.bookable_days,
                booked_days=seen.booked_days + r.booked_days)
    users = frozenset().union(*(p.users for p in parts)) if parts else frozenset()
    ordered = sorted(resources.values(), key=lambda r: (r.facility, r.resource, r.resource_id))
    return FacilityFigures(ordered, sum(p.equipment_hours for p in parts), len(users),
                           sum(p.fee_revenue_krw for p in parts), users)


__all__ = ["FEE_STATUSES", "USED_STATUSES", "FacilityFigures", "ResourceUse", "combine", "day_number",
           "facility_figures"]
