"""The database itself refuses double bookings on PostgreSQL (exclusion constraint ex_booking_no_overlap,
migration 0006): its definition follows the active statuses, a write that skips the rules gets the
domain's overlap sentence instead of an IntegrityError, a booking racing such a write is refused by
the database with the same sentence, a migration of a database that already holds overlapping
bookings is refused with a sentence naming them (and nothing changed), and two writes that lock
resources in opposite orders get a sentence instead of "locked by another program"."""

from __future__ import annotations

import re
import threading
import time
import traceback

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from hubdesk.db import migrate
from hubdesk.db.database import Database, open_database
from hubdesk.db.engine import make_engine
from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from hubdesk.db.schema import BOOKING_NO_OVERLAP, Booking, Facility, Resource, UserClass
from hubdesk.domain.booking_rules import evaluate
from hubdesk.domain.bookings import (BookingRefused, BookingRequest, change_status, create_booking, lock_resource,
                                     new_booking, update_booking_times)
from hubdesk.errors import DatabaseProblem
from hubdesk.interchange.importer import import_file
from tests.factories import booking_world, kst, make_rate, make_resource

SLOT = (kst(2026, 11, 24, 9), kst(2026, 11, 24, 12))


def _request(world, starts_at=SLOT[0], ends_at=SLOT[1]) -> BookingRequest:
    return BookingRequest(resource_id=world.resource_id, organization_id=world.org_id, starts_at=starts_at,
                          ends_at=ends_at)


def _world(db, **fields):
    with db.write() as s:
        return booking_world(s, **fields)


def _add_past_the_rules(session, world, starts_at=SLOT[0], ends_at=SLOT[1],
                        status: BookingStatus = BookingStatus.REQUESTED) -> Booking:
    """A booking row written the way no hubdesk path writes one: without the lock and the check."""
    resource = session.get(Resource, world.resource_id)
    booking = new_booking(session, _request(world, starts_at, ends_at), resource, status=status, fee_krw=0)
    session.add(booking)
    session.flush()
    return booking


@pytest.fixture
def pg_db(pg_migrated_url):
    db = open_database(pg_migrated_url)
    yield db
    db.dispose()


def _constraint_definition(db) -> str | None:
    with db.engine.connect() as conn:
        return conn.scalar(text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"),
                           {"name": BOOKING_NO_OVERLAP})


def test_the_constraint_covers_the_overlap_of_the_active_statuses(pg_db):
    definition = _constraint_definition(pg_db)
    assert definition is not None
    assert definition.startswith("EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)")
    assert set(re.findall(r"'(\w+)'::", definition)) == {s.value for s in ACTIVE_BOOKING_STATUSES}
    schema = next(c for c in Booking.__table__.constraints if c.name == BOOKING_NO_OVERLAP)
    assert set(re.findall(r"'(\w+)'", str(schema.where))) == {s.value for s in ACTIVE_BOOKING_STATUSES}


def test_a_write_past_the_rules_gets_the_overlap_sentence(pg_db):
    world = _world(pg_db)
    with pg_db.write() as s:
        first = create_booking(s, _request(world))
    with pg_db.read() as s:
        expected = [p.message for p in evaluate(s, _request(world, kst(2026, 11, 24, 10), kst(2026, 11, 24, 13)))
                    if p.code == "overlap"]
    with pytest.raises(BookingRefused) as refused:
        with pg_db.write() as s:
            _add_past_the_rules(s, world, kst(2026, 11, 24, 10), kst(2026, 11, 24, 13))
    assert refused.value.code == "overlap"
    assert refused.value.conflict == first.id
    assert [refused.value.message] == expected     # "Suite B-1 is already booked by Hanbit Bio on …"
    assert isinstance(refused.value.__cause__, IntegrityError)
    with pg_db.read() as s:
        assert s.query(Booking).count() == 1


def test_the_database_leaves_the_changeover_and_the_history_to_the_rules(pg_db):
    """Only the plain overlap of active bookings is the database's: bookings closer than the changeover,
    or overlapping a cancelled one, are the rules' business and the database takes them."""
    world = _world(pg_db, changeover_hours=3)
    with pg_db.write() as s:
        _add_past_the_rules(s, world)
        _add_past_the_rules(s, world, kst(2026, 11, 24, 12), kst(2026, 11, 24, 13))        # touches the first
        _add_past_the_rules(s, world, kst(2026, 11, 24, 10), kst(2026, 11, 24, 11), BookingStatus.CANCELLED)
        _add_past_the_rules(s, world, kst(2026, 11, 24, 10), kst(2026, 11, 24, 11), BookingStatus.COMPLETED)
    with pg_db.read() as s:
        assert s.query(Booking).count() == 4


def _other_backends_waiting(db, count: int, timeout: float = 30) -> None:
    """Wait until `count` other sessions of this database wait for a lock."""
    deadline = time.monotonic() + timeout
    with db.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                       "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"))
            conn.rollback()   # a transaction sees one snapshot of pg_stat_activity: take a new one
            if waiting >= count:
                return
            time.sleep(0.05)
    raise AssertionError("the other session never waited for the lock")


@pytest.mark.parametrize("path", ["create", "import", "move"])
def test_a_booking_racing_a_write_past_the_rules_is_refused_by_the_database(pg_db, tmp_path, path):
    """Another program writes a booking without the lock; before it commits, a hubdesk path books the
    same slot: its check cannot see the uncommitted row, so it is the constraint that refuses it (the
    path waits for the other transaction, then gets the overlap sentence instead of a traceback)."""
    world = _world(pg_db)
    with pg_db.write() as s:
        mover = create_booking(s, _request(world, kst(2026, 12, 1, 9), kst(2026, 12, 1, 12))).id
    file = tmp_path / "bookings.csv"
    file.write_text("예약 대상,기업명,시작,종료\nSuite B-1,Hanbit Bio,2026-11-24 10:00,2026-11-24 13:00\n",
                    encoding="utf-8")
    outcome: list = []

    def hubdesk_path():
        try:
            if path == "import":
                result = import_file(pg_db, "bookings", file)
                outcome.append([str(p) for p in result.problems] if not result.written else "written")
                return
            with pg_db.write() as s:
                if path == "create":
                    create_booking(s, _request(world, kst(2026, 11, 24, 10), kst(2026, 11, 24, 13)))
                else:
                    update_booking_times(s, mover, kst(2026, 11, 24, 10), kst(2026, 11, 24, 13))
            outcome.append("written")
        except BookingRefused as exc:
            outcome.append(exc)
        except BaseException:  # noqa: BLE001
            outcome.append(traceback.format_exc())

    racer = threading.Thread(target=hubdesk_path)
    with pg_db.write() as s:
        _add_past_the_rules(s, world)
        racer.start()
        _other_backends_waiting(pg_db, 1)   # the hubdesk path has checked and waits on the constraint
    racer.join(timeout=60)
    with pg_db.read() as s:
        first = s.query(Booking).filter(Booking.starts_at == SLOT[0]).one().id
        sentence = [p.message for p in evaluate(s, _request(world, kst(2026, 11, 24, 10), kst(2026, 11, 24, 13)),
                                                 exclude_booking_id=mover) if p.code == "overlap"]
        assert s.get(Booking, mover).starts_at == kst(2026, 12, 1, 9)
    assert len(outcome) == 1 and outcome[0] != "written", outcome
    if path == "import":
        assert outcome[0] == [f"row 2, column 시작: {sentence[0]}"]
    else:
        assert isinstance(outcome[0], BookingRefused), outcome[0]
        assert outcome[0].message == sentence[0] and outcome[0].conflict == first
        assert isinstance(outcome[0].__cause__, IntegrityError)


def test_two_writes_locking_resources_in_opposite_orders_get_a_sentence(pg_db):
    """A deadlock (which the import's lock_several_resources prevents for imports) is said as such,
    not as "locked by another program"."""
    world = _world(pg_db)
    with pg_db.write() as s:
        second = make_resource(s, s.get(Facility, world.facility.id), "Suite B-2").id
    ids = [world.resource_id, second]
    barrier = threading.Barrier(2)
    outcomes: list = []

    def lock_both(order):
        try:
            with pg_db.write() as s:
                lock_resource(s, order[0])
                barrier.wait(timeout=30)
                lock_resource(s, order[1])
            outcomes.append("done")
        except DatabaseProblem as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=lock_both, args=(order,)) for order in (ids, ids[::-1])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("done") == 1, outcomes
    refused = next(o for o in outcomes if o != "done")
    assert refused.startswith("Someone else was saving changes to the same records of ") and "try again" in refused


# ---------------------------------------------------------------- the migration

# the booking columns revision 0007 has: later revisions add columns the ORM model carries, so rows
# in a database at 0007 are written through these alone
_COLUMNS_AT_0007 = ("id", "resource_id", "organization_id", "starts_at", "ends_at", "units", "purpose", "campaign",
                    "status", "fee_krw", "holiday_override", "requested_by", "uid", "created_at", "updated_at",
                    "version")


def _booking_at_0007():
    from sqlalchemy import column, table

    model = Booking.__table__.c
    return table("booking", *(column(name, model[name].type) for name in _COLUMNS_AT_0007))


def _old_row(session, world, starts_at=SLOT[0], ends_at=SLOT[1], status: BookingStatus = BookingStatus.REQUESTED,
             resource_id: int | None = None) -> int:
    """A booking row as the hubdesk of revision 0007 stored it, written past the rules."""
    from sqlalchemy import insert

    from hubdesk.db.schema import new_uid, utcnow

    t = _booking_at_0007()
    now = utcnow()
    units = int((ends_at - starts_at).total_seconds() // 3600)
    return session.execute(insert(t).values(
        resource_id=resource_id or world.resource_id, organization_id=world.org_id, starts_at=starts_at,
        ends_at=ends_at, units=units, status=status.value, fee_krw=0, holiday_override=False,
        requested_by="test", uid=new_uid(), created_at=now, updated_at=now, version=1).returning(t.c.id)).scalar_one()


def _database_before_the_constraint(url: str) -> Database:
    """A database migrated to 0007_pg_audit_triggers only, the revision before the constraint."""
    from alembic import command

    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0007_pg_audit_triggers")
    return Database(url, engine)


def test_migrating_a_database_holding_overlaps_is_refused_with_their_numbers(pg_url):
    db = _database_before_the_constraint(pg_url)
    try:
        world = _world(db)
        with db.write() as s:
            first = _old_row(s, world)
            second = _old_row(s, world, kst(2026, 11, 24, 11), kst(2026, 11, 24, 14))
            _old_row(s, world, kst(2026, 11, 25, 9), kst(2026, 11, 25, 10))             # alone
            _old_row(s, world, kst(2026, 11, 25, 9), kst(2026, 11, 25, 10), BookingStatus.CANCELLED)
        with pytest.raises(DatabaseProblem) as refused:
            open_database(pg_url)
        assert refused.value.message == (
            f"This database holds 1 booking that overlaps another active booking of the same resource (booking "
            f"numbers: {first}–{second}), which this version of hubdesk refuses. Open the database with the "
            "hubdesk used until now, cancel or move one booking of each pair, then open it with this version "
            "again; nothing was changed.")
        assert migrate.current_revision(db.engine) == "0007_pg_audit_triggers"
        assert _constraint_definition(db) is None
        with db.write() as s:   # what the sentence says to do, with the hubdesk used until now
            t = _booking_at_0007()
            s.execute(update(t).where(t.c.id == second).values(status=BookingStatus.CANCELLED.value))
    finally:
        db.dispose()
    reopened = open_database(pg_url)
    try:
        assert migrate.current_revision(reopened.engine) == migrate.HEAD_REVISION
        assert _constraint_definition(reopened) is not None
        with reopened.read() as s:
            assert s.query(Booking).count() == 4
    finally:
        reopened.dispose()


def test_a_sqlite_file_holding_overlaps_still_opens(tmp_path):
    """SQLite gets no constraint (its write lock and the rules are the guard), so the revision changes
    nothing there and never refuses."""
    path = tmp_path / "office.db"
    db = _database_before_the_constraint(f"sqlite:///{path}")
    try:
        world = _world(db)
        with db.write() as s:
            _old_row(s, world)
            _old_row(s, world, kst(2026, 11, 24, 11), kst(2026, 11, 24, 14))
    finally:
        db.dispose()
    reopened = open_database(path)
    try:
        assert migrate.current_revision(reopened.engine) == migrate.HEAD_REVISION
    finally:
        reopened.dispose()


def test_many_overlaps_are_counted_and_the_first_twenty_named(pg_url):
    db = _database_before_the_constraint(pg_url)
    try:
        world = _world(db)
        with db.write() as s:
            for day in range(1, 26):
                _old_row(s, world, kst(2026, 11, day, 9), kst(2026, 11, day, 12))
                _old_row(s, world, kst(2026, 11, day, 10), kst(2026, 11, day, 11))
            t = _booking_at_0007()
            s.execute(update(t).where(t.c.starts_at == kst(2026, 11, 25, 10)).values(status="cancelled"))
        with pytest.raises(DatabaseProblem) as refused:
            open_database(pg_url)
        message = refused.value.message
        assert message.startswith("This database holds 24 bookings that overlap")
        assert len(re.findall(r"\d+–\d+", message)) == 20 and " …)" in message
        assert migrate.current_revision(db.engine) == "0007_pg_audit_triggers"
    finally:
        db.dispose()


def test_second_resource_bookings_do_not_count_as_overlaps(pg_url):
    """The same hours on two resources are no overlap."""
    db = _database_before_the_constraint(pg_url)
    try:
        world = _world(db)
        with db.write() as s:
            other = make_resource(s, s.get(Facility, world.facility.id), "Suite B-2")
            make_rate(s, other, s.get(UserClass, world.user_class.id), 50_000)
            _old_row(s, world)
            # a row, not create_booking: the rules of today read tables this older revision lacks
            _old_row(s, world, resource_id=other.id)
    finally:
        db.dispose()
    reopened = open_database(pg_url)
    reopened.dispose()
