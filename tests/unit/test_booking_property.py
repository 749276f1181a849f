"""Property: whatever sequence of create / cancel / status change / reschedule operations people
perform, no two active bookings of one resource overlap once the changeover is added (except
between bookings of the same campaign).

Each example runs on a fresh resource of a real SQLite database. Every operation is also played
on a plain Python model, so the test checks both directions: the domain refuses exactly the
operations that would break the rule (and allows the others), and an independent pass over all
stored rows finds no overlapping pair.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import event, select

from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from hubdesk.db.schema import Booking, Facility, Organization, Resource
from hubdesk.domain.bookings import BookingRequest, change_status, create_booking, update_booking_times
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst, make_resource, make_rate

S = BookingStatus
BASE = kst(2026, 11, 23)            # Monday; the next two days hold no holiday
HOUR = dt.timedelta(hours=1)
CAMPAIGNS = [None, "LOT-A", "LOT-B"]
MOVES = {  # written out again here on purpose: the model must not borrow the code under test
    S.REQUESTED: {S.APPROVED, S.REJECTED, S.CANCELLED},
    S.APPROVED: {S.CONFIRMED, S.CANCELLED, S.NO_SHOW},
    S.CONFIRMED: {S.IN_USE, S.CANCELLED, S.NO_SHOW},
    S.IN_USE: {S.COMPLETED},
}
MOVABLE = {S.REQUESTED, S.APPROVED, S.CONFIRMED}
ACTIVE = {S.REQUESTED, S.APPROVED, S.CONFIRMED, S.IN_USE}

slot = st.integers(min_value=0, max_value=24)
length = st.integers(min_value=1, max_value=4)
pick = st.integers(min_value=0, max_value=50)
create = st.tuples(st.just("create"), slot, length, st.sampled_from(CAMPAIGNS))
operation = st.one_of(
    create, create, create,
    st.tuples(st.just("cancel"), pick),
    st.tuples(st.just("status"), pick, st.sampled_from(list(S))),
    st.tuples(st.just("move"), pick, slot, length),
)


def collide(a, b, buffer: dt.timedelta) -> bool:
    """Independent statement of the rule for two (start, end, campaign) triples."""
    same = a[2] is not None and a[2] == b[2]
    gap = dt.timedelta(0) if same else buffer
    return a[0] < b[1] + gap and b[0] < a[1] + gap


def _run(db, ids, changeover_hours, operations):
    with db.write() as s:
        resource = make_resource(s, s.get(Facility, ids.facility_id), changeover_hours=changeover_hours,
                                 max_units=8)
        make_rate(s, resource, s.get(Organization, ids.org_id).user_class, 10_000)
        resource_id = resource.id
    buffer = dt.timedelta(hours=changeover_hours)
    model: dict[int, list] = {}        # id -> [start, end, campaign, status]
    order: list[int] = []

    def conflicts(span, exclude=None):
        return any(collide(span, (b[0], b[1], b[2]), buffer)
                   for bid, b in model.items() if bid != exclude and b[3] in ACTIVE)

    for op in operations:
        kind = op[0]
        if kind == "create":
            _, start_slot, units, campaign = op
            span = (BASE + start_slot * HOUR, BASE + (start_slot + units) * HOUR, campaign)
            expected = not conflicts(span)
            try:
                with db.write() as s:
                    booking_id = create_booking(s, BookingRequest(resource_id, ids.org_id, span[0], span[1],
                                                                  campaign=campaign)).id
                ok = True
            except DomainError as err:
                ok = False
                assert err.code in ("overlap", "changeover"), err.code
            assert ok == expected, (op, model)
            if ok:
                model[booking_id] = [span[0], span[1], campaign, S.REQUESTED]
                order.append(booking_id)
            continue
        if not order:
            continue
        booking_id = order[op[1] % len(order)]
        current = model[booking_id]
        if kind in ("cancel", "status"):
            target = S.CANCELLED if kind == "cancel" else op[2]
            expected = target in MOVES.get(current[3], set())
            try:
                with db.write() as s:
                    change_status(s, booking_id, target)
                ok = True
            except DomainError as err:
                ok = False
                assert err.code == "forbidden_move", err.code
            assert ok == expected, (op, current)
            if ok:
                current[3] = target
        else:
            _, _, start_slot, units = op
            span = (BASE + start_slot * HOUR, BASE + (start_slot + units) * HOUR, current[2])
            expected = current[3] in MOVABLE and not conflicts(span, exclude=booking_id)
            try:
                with db.write() as s:
                    update_booking_times(s, booking_id, span[0], span[1])
                ok = True
            except DomainError as err:
                ok = False
                assert err.code in ("overlap", "changeover", "not_movable"), err.code
            assert ok == expected, (op, current)
            if ok:
                current[0], current[1] = span[0], span[1]
    return resource_id, buffer, model


def _assert_no_overlap(db, resource_id, buffer, model):
    with db.read() as s:
        rows = s.execute(select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.campaign,
                                Booking.status).where(Booking.resource_id == resource_id)).all()
    assert {r.id: [r.starts_at, r.ends_at, r.campaign, r.status] for r in rows} == model
    active = [r for r in rows if r.status in ACTIVE_BOOKING_STATUSES]
    note(f"{len(rows)} bookings, {len(active)} active, changeover {buffer}")
    for i, a in enumerate(active):
        for b in active[i + 1:]:
            assert not collide((a.starts_at, a.ends_at, a.campaign), (b.starts_at, b.ends_at, b.campaign),
                               buffer), (a, b)


def _fast_commits(db) -> None:
    """Skip the fsync at every commit: the file and its locking stay real, only durability
    against power loss (irrelevant to this test) is given up, so more operations fit in."""

    def no_sync(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA synchronous = OFF")

    event.listen(db.engine, "connect", no_sync)
    db.engine.dispose()


def test_random_operations_never_leave_overlapping_active_bookings(db):
    _fast_commits(db)
    with db.write() as s:
        w = booking_world(s)
        ids = type("Ids", (), dict(facility_id=w.facility.id, org_id=w.org_id))

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(changeover_hours=st.sampled_from([0, 1, 2.5]), operations=st.lists(operation, min_size=12, max_size=40))
    def check(changeover_hours, operations):
        resource_id, buffer, model = _run(db, ids, changeover_hours, operations)
        _assert_no_overlap(db, resource_id, buffer, model)

    check()
