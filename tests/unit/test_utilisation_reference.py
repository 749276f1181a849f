"""The SQL facility figures against a plain-Python reference written straight from the definitions in
`hubdesk.domain.utilisation`, on random small data sets: two zones (Seoul, and Berlin with its
clock changes), hour and day resources, a retired resource, bookings crossing local midnight and
quarter edges, every status, closure days and maintenance windows.

The reference walks every booking and every day; the code under test never does (it aggregates in
the database), so agreement on many random sets is the check that the aggregation is exact.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from hubdesk.db.enums import BookingStatus, BookingUnit, FacilityKind, OrgKind, ResourceKind, ResourceStatus
from hubdesk.db.schema import Booking, ClosureDay, Facility, MaintenanceWindow, Organization, Resource
from hubdesk.domain.booking_status import is_active
from hubdesk.domain.booking_times import last_day, zone
from hubdesk.domain.calendar import closed_days
from hubdesk.domain.quarters import Quarter
from hubdesk.domain.utilisation import (FEE_STATUSES, USED_STATUSES, FacilityFigures, ResourceUse, combine,
                                        facility_figures, facility_figures_per_period)

YEAR = 2026
QUARTERS = [Quarter(YEAR, n) for n in (1, 2, 3, 4)]


def _local(tz_name: str, day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone(tz_name)).astimezone(dt.timezone.utc)


def _random_day(rng: random.Random) -> dt.date:
    # mostly inside the year, some in the last weeks of the year before (they reach into Q1)
    return dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randint(-30, 364))


def build(s, seed: int) -> None:
    rng = random.Random(seed)
    orgs = [Organization(name=f"Org {i}", kind=OrgKind.COMPANY) for i in range(12)]
    seoul = Facility(name="Osong centre", kind=FacilityKind.GMP_PLANT, timezone="Asia/Seoul")
    berlin = Facility(name="Berlin lab", kind=FacilityKind.QC_LAB, timezone="Europe/Berlin")
    resources = [
        Resource(facility=seoul, name="Suite A", kind=ResourceKind.SUITE, booking_unit=BookingUnit.DAY, max_units=20),
        Resource(facility=seoul, name="HPLC", kind=ResourceKind.EQUIPMENT, booking_unit=BookingUnit.HOUR, max_units=8),
        Resource(facility=seoul, name="Old room", kind=ResourceKind.ROOM, booking_unit=BookingUnit.DAY, max_units=5,
                 status=ResourceStatus.RETIRED),
        Resource(facility=berlin, name="Sequencer", kind=ResourceKind.EQUIPMENT, booking_unit=BookingUnit.HOUR,
                 max_units=8),
        Resource(facility=berlin, name="Clean room", kind=ResourceKind.ROOM, booking_unit=BookingUnit.DAY,
                 max_units=10),
    ]
    s.add_all([*orgs, seoul, berlin, *resources])
    for day in rng.sample(range(0, 300), 4):
        s.add(ClosureDay(day=dt.date(YEAR, 1, 1) + dt.timedelta(days=day), name="Closed"))
    statuses = list(BookingStatus)
    inactive = [st for st in statuses if not is_active(st)]
    active: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for _ in range(260):
        res = rng.choice(resources)
        tz_name = res.facility.timezone
        if rng.random() < 0.15:   # near Europe's clock changes and the quarter edges
            day = rng.choice([dt.date(YEAR, 3, 28), dt.date(YEAR, 3, 29), dt.date(YEAR, 3, 31), dt.date(YEAR, 6, 30),
                              dt.date(YEAR, 9, 30), dt.date(YEAR, 10, 24), dt.date(YEAR, 10, 25)])
        else:
            day = _random_day(rng)
        if res.booking_unit == BookingUnit.DAY:
            units = rng.randint(1, res.max_units)
            starts, ends = _local(tz_name, day), _local(tz_name, day + dt.timedelta(days=units))
        else:
            units = rng.randint(1, res.max_units)
            starts = _local(tz_name, day, rng.randint(0, 23), rng.choice([0, 30]))
            ends = starts + dt.timedelta(hours=units)
        fee = rng.choice([None, rng.randint(1, 50) * 10_000])
        status = rng.choice(statuses)
        # two active bookings of one resource never overlap (the database refuses it on PostgreSQL):
        # one that would is kept with a status that no longer holds the slot
        taken = active.setdefault(id(res), [])
        if is_active(status) and any(starts < e and s_ < ends for s_, e in taken):
            status = rng.choice(inactive)
        if is_active(status):
            taken.append((starts, ends))
        s.add(Booking(resource=res, organization=rng.choice(orgs), starts_at=starts, ends_at=ends, units=units,
                      status=status, fee_krw=fee))
    for _ in range(8):
        res = rng.choice(resources)
        day = _random_day(rng)
        starts = _local(res.facility.timezone, day, rng.randint(0, 23))
        s.add(MaintenanceWindow(resource=res, starts_at=starts, ends_at=starts + dt.timedelta(hours=rng.randint(1, 80))))
    s.flush()


def reference(s, start: dt.date, end: dt.date) -> FacilityFigures:
    """The definitions, day by day and booking by booking."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    closed = set(closed_days(s, start, end))
    resources = {r.id: r for r in s.query(Resource)}
    down: dict[int, set[dt.date]] = {rid: set() for rid in resources}
    for w in s.query(MaintenanceWindow):
        tz = zone(resources[w.resource_id].facility.timezone)
        d, last = w.starts_at.astimezone(tz).date(), last_day(w.ends_at, tz)
        while d <= last:
            down[w.resource_id].add(d)
            d += dt.timedelta(days=1)
    booked: dict[int, set[dt.date]] = {rid: set() for rid in resources}
    seconds, fees, users = 0, 0, set()
    for b in s.query(Booking).filter(Booking.status.in_(USED_STATUSES)):
        res = resources[b.resource_id]
        tz = zone(res.facility.timezone)
        first, last = b.starts_at.astimezone(tz).date(), last_day(b.ends_at, tz)
        if first <= end and last >= start:
            users.add(b.organization_id)
        if start <= first <= end:
            if res.kind == ResourceKind.EQUIPMENT:
                seconds += int((b.ends_at - b.starts_at).total_seconds())
            if b.status in FEE_STATUSES:
                fees += b.fee_krw or 0
        d = max(first, start)
        while d <= min(last, end):
            if d not in closed and d not in down[res.id]:
                booked[res.id].add(d)
            d += dt.timedelta(days=1)
    uses = [ResourceUse(r.id, r.name, r.facility.name, str(r.kind),
                        sum(1 for d in days if d not in closed and d not in down[r.id]), len(booked[r.id]))
            for r in resources.values() if r.status != ResourceStatus.RETIRED or booked[r.id]]
    uses.sort(key=lambda u: (u.facility, u.resource, u.resource_id))
    return FacilityFigures(uses, seconds / 3600.0, len(users), fees, frozenset(users))


@pytest.mark.parametrize("seed", range(6))
def test_sql_figures_equal_the_reference(db, seed):
    with db.write() as s:
        build(s, seed)
    with db.read() as s:
        per_quarter = facility_figures_per_period(s, [(q.start, q.end) for q in QUARTERS])
        for q, figures in zip(QUARTERS, per_quarter):
            expected = reference(s, q.start, q.end)
            assert figures == expected, q
            assert facility_figures(s, q.start, q.end) == expected, q
        # a period that is not a quarter, across Europe's autumn clock change
        assert facility_figures(s, dt.date(YEAR, 10, 20), dt.date(YEAR, 10, 31)) == reference(
            s, dt.date(YEAR, 10, 20), dt.date(YEAR, 10, 31))
        assert combine(per_quarter[:3]) == combine([reference(s, q.start, q.end) for q in QUARTERS[:3]])


def test_a_long_booking_that_began_weeks_before_a_short_period_counts_all_its_days_in_it(any_db):
    """A 19-day suite booking from 6 to 24 October counted 1 day in the period 20-24 October (only its
    last day): its middle days were looked for no further from its first day than the period is long."""
    with any_db.write() as s:
        org = Organization(name="Long stay", kind=OrgKind.COMPANY)
        plant = Facility(name="Osong centre", kind=FacilityKind.GMP_PLANT, timezone="Asia/Seoul")
        suite = Resource(facility=plant, name="Suite A", kind=ResourceKind.SUITE, booking_unit=BookingUnit.DAY,
                         max_units=20)
        s.add_all([org, plant, suite])
        s.add(Booking(resource=suite, organization=org, starts_at=_local("Asia/Seoul", dt.date(YEAR, 10, 6)),
                      ends_at=_local("Asia/Seoul", dt.date(YEAR, 10, 25)), units=19, status=BookingStatus.APPROVED))
    with any_db.read() as s:
        for start, end, days in ((dt.date(YEAR, 10, 20), dt.date(YEAR, 10, 24), 5),
                                 (dt.date(YEAR, 10, 12), dt.date(YEAR, 10, 13), 2),
                                 (dt.date(YEAR, 10, 1), dt.date(YEAR, 10, 31), 18)):   # less Hangul Day, 9 Oct
            figures = facility_figures(s, start, end)
            assert [r.booked_days for r in figures.resources] == [days], (start, end)
            assert figures == reference(s, start, end)


def test_same_figures_on_postgresql(any_db):
    with any_db.write() as s:
        build(s, 99)
    with any_db.read() as s:
        per_quarter = facility_figures_per_period(s, [(q.start, q.end) for q in QUARTERS])
        assert per_quarter == [reference(s, q.start, q.end) for q in QUARTERS]


def test_periods_must_be_consecutive(db):
    with db.read() as s:
        assert facility_figures_per_period(s, []) == []
        with pytest.raises(ValueError):
            facility_figures_per_period(s, [(QUARTERS[0].start, QUARTERS[0].end), (QUARTERS[2].start, QUARTERS[2].end)])


def _booking_plans(db, statements) -> list[list[str]]:
    plans = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            if " booking" in statement and statement.lstrip().upper().startswith(("SELECT", "WITH")):
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
                plans.append([row[3] for row in rows])
    return plans


@pytest.mark.parametrize("zones", ["seoul only", "with Berlin"])
def test_bookings_are_read_from_the_covering_index_only(db, zones):
    """EXPLAIN QUERY PLAN of what facility_figures_per_period sends: every read of `booking` is a
    range SEARCH of ix_booking_kpi that never touches the table rows (COVERING INDEX)."""
    from sqlalchemy import event

    with db.write() as s:
        build(s, 7)
        if zones == "seoul only":
            s.query(Facility).update({Facility.timezone: "Asia/Seoul"})
    seen: list[tuple[str, object]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        with db.read() as s:
            facility_figures_per_period(s, [(q.start, q.end) for q in QUARTERS[:3]])
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    plans = _booking_plans(db, seen)
    reads = [line for lines in plans for line in lines if line.startswith(("SEARCH booking", "SCAN booking"))]
    assert reads, plans
    for line in reads:
        assert line.startswith("SEARCH booking USING COVERING INDEX ix_booking_kpi (status=? AND starts_at>?"), line
