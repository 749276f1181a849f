"""Facility figures for a period of local dates: utilisation, equipment hours, user companies, fees.

Definitions
- A booking counts when its status is approved, confirmed, in use or completed (`USED_STATUSES`).
- Days are the facility's local calendar dates (its `timezone`, default the foundation's, see `clock`); a booking
  uses every local date it touches (a booking ending at midnight does not use the next day).
- Bookable days of a resource = days of the period − public holidays and closure days
  (`hubdesk.domain.calendar`) − days a maintenance / requalification window or an incident's
  downtime (`hubdesk.domain.incidents`; open downtime: to the end of the period) touches.
- Booked days of a resource = distinct bookable days on which a counted booking uses it (a day
  booked under a holiday override is not bookable, so it is not counted: the rate stays ≤ 100 %).
- Utilisation = booked days ÷ bookable days, per resource and overall (sums over resources).
  Retired resources take part only when they have bookings in the period.
- Equipment hours = booked hours of counted bookings on equipment, fee revenue = frozen fees of
  confirmed, in-use and completed bookings: both attributed to the period of the booking's first
  local day. User companies = distinct organizations with a counted booking using a day of the period.
- All of these add up over consecutive periods (`combine`), so the year to date is the sum of its
  quarters.

The bookings table is the large one: it is aggregated in SQL. A period's counted bookings are read
from the covering index ix_booking_kpi (no row lookups), their epoch seconds computed once
(a materialized CTE on SQLite; PostgreSQL keeps the spans computed from them, a second store of
every booking there only spilled to disk); local day numbers are epoch seconds plus the zone's UTC offset (a constant
for a zone without a clock change in the period, otherwise a CASE over the zone's offset ranges),
and booked days are the distinct (resource, day) pairs of the bookings' first and last days, plus
the days between for the few bookings longer than two days, counted with GROUP BY. Consecutive
periods (the quarters of a year to date) are computed in the same pass
(`facility_figures_per_period`). Only the few maintenance windows and the calendar are handled in
Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (BigInteger, Integer, and_, case, cast, extract, func, literal,
                        literal_column, select, union_all)
from sqlalchemy.orm import Session

from hubdesk.db.enums import BookingStatus, BookingUnit, ResourceKind, ResourceStatus
from hubdesk.db.schema import Booking, Facility, MaintenanceWindow, Resource
from hubdesk.domain.booking_times import last_day, zone
from hubdesk.domain.calendar import closed_days
from hubdesk.domain.incidents import downtime_rows

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
    """Whole seconds since 1970 of a UTC datetime column, computed in the database."""
    if session.get_bind().dialect.name == "sqlite":
        import sqlite3

        if sqlite3.sqlite_version_info >= (3, 38):
            return func.unixepoch(col)          # an integer; cheaper than strftime's text
        return cast(func.strftime("%s", col), Integer)
    return cast(func.floor(extract("epoch", col)), BigInteger)


def _offset_segments(tz_name: str | None, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime | None, int]]:
    """[(until_utc or None, offset seconds)] covering start..end; one segment without DST."""
    tz = zone(tz_name)
    segments: list[tuple[dt.datetime | None, int]] = []
    current = _offset_seconds(start.astimezone(tz))
    t = start
    while t < end:
        nxt = t + dt.timedelta(hours=1)
        off = _offset_seconds(nxt.astimezone(tz))
        if off != current:
            segments.append((nxt, current))   # offsets change on the hour (or half hour: ±1 h slack)
            current = off
        t = nxt
    segments.append((None, current))
    return segments


def _offset_seconds(moment: dt.datetime) -> int:
    """Seconds east of UTC of an aware datetime."""
    offset = moment.utcoffset()
    assert offset is not None, "an aware datetime"
    return int(offset.total_seconds())


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _offset_expr(secs, tz_col, tz_names: list[str], start: dt.datetime, end: dt.datetime):
    """SQL giving the UTC offset (seconds) of the instant `secs` (epoch seconds) in the zone named
    by `tz_col`."""
    whens = []
    for name in tz_names:
        for until, off in _offset_segments(name, start, end):
            cond = tz_col == name if until is None else and_(tz_col == name, secs < _epoch(until))
            whens.append((cond, literal(off, Integer)))
    default = _offset_seconds(dt.datetime(start.year, 1, 1, tzinfo=dt.timezone.utc).astimezone(zone(None)))
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


def _longest_bookings(session: Session) -> dict[BookingUnit, dt.timedelta]:
    """The longest booking each unit allows (resource maximum), plus a day for clock changes."""
    rows = dict(session.execute(select(Resource.booking_unit, func.max(Resource.max_units))
                                .group_by(Resource.booking_unit)).all())
    hours = {BookingUnit.HOUR: int(rows.get(BookingUnit.HOUR) or 0),
             BookingUnit.DAY: int(rows.get(BookingUnit.DAY) or 0) * 24}
    return {unit: dt.timedelta(hours=max(h, 24) + 24) for unit, h in hours.items()}


class _Frame:
    """The counted bookings that touch local dates start..end, as a CTE `spans` of
    (rid, org, f, l, secs, fee): resource, organization, first and last local day number, booked
    seconds and earned fee."""

    def __init__(self, session: Session, start: dt.date, end: dt.date):
        self.first, self.last = day_number(start), day_number(end)
        lo = dt.datetime.combine(start, dt.time(), dt.timezone.utc) - _SLACK
        hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.timezone.utc) + _SLACK
        tz_names = list(session.scalars(select(Facility.timezone).distinct()))
        offsets = {off for name in tz_names for _until, off in _offset_segments(name, lo, hi)}
        # One zone without a clock change in the period (the usual case): a constant offset, and
        # no join to the facility for every booking.
        constant = len(offsets) <= 1
        counted = Booking.status.in_(USED_STATUSES)
        fee = case((Booking.status.in_(FEE_STATUSES), func.coalesce(Booking.fee_krw, 0)), else_=0)
        cols = [Booking.resource_id.label("rid"), Booking.organization_id.label("org"),
                _epoch_seconds(session, Booking.starts_at).label("us"),
                _epoch_seconds(session, Booking.ends_at).label("ue"), fee.label("fee")]
        if not constant:
            cols.append(Facility.timezone.label("tz"))

        def near(since: dt.datetime, until: dt.datetime):
            query = select(*cols).select_from(Booking)
            if not constant:
                query = query.join(Resource, Resource.id == Booking.resource_id).join(
                    Facility, Facility.id == Resource.facility_id)
            # index-friendly prefilter in UTC (a range of ix_booking_kpi); exact local days below
            return query.where(counted, Booking.starts_at >= since, Booking.starts_at < until, Booking.ends_at > lo)

        # Bookings are never longer than their resource's maximum (a booking rule), so a booking
        # that overlaps the period started at most that long before it: hour bookings a few hours,
        # day bookings up to weeks. The long look-back is asked of day resources only.
        longest = _longest_bookings(session)
        short_from = lo - longest[BookingUnit.HOUR]
        long_from = lo - longest[BookingUnit.DAY]
        parts = [near(short_from, hi)]
        if long_from < short_from:
            day_resources = select(Resource.id).where(Resource.booking_unit == BookingUnit.DAY)
            parts.append(near(long_from, short_from).where(Booking.resource_id.in_(day_resources)))
        # each branch makes its CTE (mypy 1.20 crashes on a conditional between union_all(*) and a Select)
        raw = parts[0].cte("raw") if len(parts) == 1 else union_all(*parts).cte("raw")
        if _can_materialize(session) and session.get_bind().dialect.name == "sqlite":
            # epoch seconds computed once per booking (SQLite would compute them again for every
            # reference to spans; PostgreSQL materializes spans itself, and a second store of
            # every booking spilled to disk)
            raw = raw.prefix_with("MATERIALIZED")
        if constant:
            off = offsets.pop() if offsets else _offset_segments(None, lo, hi)[0][1]
            start_off = end_off = literal_column(str(int(off)), Integer)
        else:
            start_off = _offset_expr(raw.c.us, raw.c.tz, tz_names, lo, hi)
            end_off = _offset_expr(raw.c.ue, raw.c.tz, tz_names, lo, hi)
        self.spans = select(raw.c.rid, raw.c.org, ((raw.c.us + start_off) // _DAY).label("f"),
                            ((raw.c.ue + end_off - 1) // _DAY).label("l"), (raw.c.ue - raw.c.us).label("secs"),
                            raw.c.fee).cte("spans")


def _maintenance_days(session: Session, start: dt.date, end: dt.date) -> set[tuple[int, int]]:
    """(resource id, day number) pairs a maintenance window or an incident's downtime touches,
    inside the period."""
    lo = dt.datetime.combine(start, dt.time(), dt.timezone.utc) - _SLACK
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.timezone.utc) + _SLACK
    rows = session.execute(
        select(MaintenanceWindow.resource_id, MaintenanceWindow.starts_at, MaintenanceWindow.ends_at,
               Facility.timezone)
        .join(Resource, Resource.id == MaintenanceWindow.resource_id)
        .join(Facility, Facility.id == Resource.facility_id)
        .where(MaintenanceWindow.starts_at < hi, MaintenanceWindow.ends_at > lo)).all()
    pairs: set[tuple[int, int]] = set()
    for resource_id, starts_at, ends_at, tz_name in [*rows, *downtime_rows(session, lo, hi)]:
        tz = zone(tz_name)
        d0 = max(starts_at.astimezone(tz).date(), start)
        d1 = min(last_day(ends_at, tz), end) if ends_at is not None else end
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
    return facility_figures_per_period(session, [(start, end)])[0]


def _number(n: int):
    """An integer written into the SQL text (a constant column of a UNION branch)."""
    return literal_column(str(int(n)), Integer)


def facility_figures_per_period(session: Session, periods: list[tuple[dt.date, dt.date]]) -> list[FacilityFigures]:
    """`facility_figures` for each of consecutive periods [(start, end), ...] (e.g. the quarters
    of a year to date), in one pass over their bookings; `combine` of the result gives the whole."""
    if not periods:
        return []
    for (_s0, e0), (s1, _e1) in zip(periods, periods[1:]):
        if s1 != e0 + dt.timedelta(days=1):
            raise ValueError(f"periods must be consecutive: {periods!r}")
    start, end = periods[0][0], periods[-1][1]
    bounds = [(day_number(a), day_number(b)) for a, b in periods]
    frame = _Frame(session, start, end)
    spans = frame.spans
    closed = {day_number(d) for d in closed_days(session, start, end)}
    maintenance = _maintenance_days(session, start, end)

    # The (resource, local day) pairs the bookings use: the first and the last day of every booking
    # (an hour booking uses one or two days) and, for the few bookings longer than two days, the
    # days between, from a small number table 1..(longest span). No booking is expanded row by row.
    # A long booking's days are counted between its days clipped to the whole period (fc..lc): one
    # that began weeks before the period has its days in the period far from its first day, further
    # than the number table (at most the period's length) reaches from it.
    first_n, last_n = _number(frame.first), _number(frame.last)
    longs = select(spans.c.rid,
                   case((spans.c.f < first_n, first_n), else_=spans.c.f).label("fc"),
                   case((spans.c.l > last_n, last_n), else_=spans.c.l).label("lc")) \
        .where(spans.c.l - spans.c.f > 1, spans.c.l >= first_n, spans.c.f <= last_n).cte("longs")
    longest = select(func.max(longs.c.lc - longs.c.fc)).scalar_subquery()
    seed = select(literal_column("1", Integer).label("n")).cte("nums", recursive=True)
    nums = seed.union_all(select((seed.c.n + 1).label("n"))
                          .where(seed.c.n < longest - 1, seed.c.n < frame.last - frame.first + 1))
    pairs = union_all(
        select(spans.c.rid, spans.c.f.label("d")),
        select(spans.c.rid, spans.c.l).where(spans.c.l > spans.c.f),
        select(longs.c.rid, longs.c.fc),
        select(longs.c.rid, longs.c.lc),
        select(longs.c.rid, longs.c.fc + nums.c.n).select_from(longs.join(nums, nums.c.n < longs.c.lc - longs.c.fc)),
    ).subquery("pairs")
    null = cast(literal_column("NULL"), BigInteger)   # typed, so that PostgreSQL can unite the branches
    equipment = spans.c.rid.in_(select(Resource.id).where(Resource.kind == ResourceKind.EQUIPMENT))
    maintenance_codes = sorted(r * _PAIR + n for r, n in maintenance)
    # the distinct (resource, day) pairs of all the periods, deduplicated once
    used = (select(pairs.c.rid, pairs.c.d).where(pairs.c.d >= frame.first, pairs.c.d <= frame.last)
            .group_by(pairs.c.rid, pairs.c.d).cte("used"))
    if len(bounds) > 1 and _can_materialize(session):
        used = used.prefix_with("MATERIALIZED")
    branches = []
    for k, (first, last) in enumerate(bounds):
        # "r": booked days per resource: the period's distinct pairs less closed and maintenance days
        # (left out of the fewer distinct pairs)
        conds = [] if len(bounds) == 1 else [used.c.d >= first, used.c.d <= last]
        shut = sorted(n for n in closed if first <= n <= last)
        if shut:
            conds.append(used.c.d.not_in(shut))
        codes = [c for c in maintenance_codes if first <= c % _PAIR <= last]
        if codes:
            # (resource, day) pairs encoded as one integer: a plain NOT IN list is far cheaper than
            # a row-value NOT IN on SQLite
            conds.append((used.c.rid * _PAIR + used.c.d).not_in(codes))
        branches.append(select(literal_column("'r'").label("tag"), _number(k).label("k"), used.c.rid.label("a"),
                               cast(func.count(), BigInteger).label("b"), null.label("c"))
                        .where(*conds).group_by(used.c.rid))
        # "t": equipment seconds and fees of the bookings whose first local day is in the period
        branches.append(select(literal_column("'t'"), _number(k), null,
                               cast(func.sum(case((equipment, spans.c.secs), else_=0)), BigInteger),
                               cast(func.sum(spans.c.fee), BigInteger)).where(spans.c.f.between(first, last)))
        # "o": the organizations using the facilities in the period
        branches.append(select(literal_column("'o'"), _number(k), spans.c.org, null, null)
                        .where(spans.c.f <= last, spans.c.l >= first).distinct())
    tagged = union_all(*branches)
    booked: list[dict[int, int]] = [{} for _ in periods]
    users: list[set[int]] = [set() for _ in periods]
    seconds = [0] * len(periods)
    fees = [0] * len(periods)
    rows: Any = session.execute(tagged)  # of three shapes, told apart by their tag
    for tag, k, a, b, c in rows:
        if tag == "r":
            booked[k][int(a)] = int(b)
        elif tag == "o":
            users[k].add(int(a))
        else:
            seconds[k], fees[k] = int(b or 0), int(c or 0)

    resources = session.execute(
        select(Resource.id, Resource.name, Facility.name, Resource.kind, Resource.status)
        .join(Facility, Facility.id == Resource.facility_id)
        .order_by(Facility.name, Resource.name, Resource.id)).all()
    result = []
    for k, (first, last) in enumerate(bounds):
        shut_days = {n for n in closed if first <= n <= last}
        open_days = last - first + 1 - len(shut_days)
        down: dict[int, int] = {}
        for rid, n in maintenance:
            if first <= n <= last and n not in shut_days:
                down[rid] = down.get(rid, 0) + 1
        per_resource = [ResourceUse(rid, rname, fname, str(kind), open_days - down.get(rid, 0),
                                    booked[k].get(rid, 0))
                        for rid, rname, fname, kind, status in resources
                        if status != ResourceStatus.RETIRED or rid in booked[k]]
        result.append(FacilityFigures(per_resource, seconds[k] / 3600.0, len(users[k]), fees[k],
                                      frozenset(users[k])))
    return result


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
           "facility_figures", "facility_figures_per_period"]
