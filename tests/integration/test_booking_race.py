"""Several people booking the same slot at the same moment: exactly one wins.

SQLite: real OS processes on one database file, released together by a barrier; the write
transaction's BEGIN IMMEDIATE serializes them. PostgreSQL: several connections in threads,
released together; the resource row lock (SELECT ... FOR UPDATE) serializes them.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import BookingStatus
from hubdesk.db.schema import Booking
from hubdesk.domain.bookings import BookingRequest, create_booking
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst

WORKERS = 4


def _slots(n: int) -> list[tuple]:
    """Attempts that collide: all the same slot; or two slots an hour apart that only collide
    through the 3-hour changeover."""
    same = (kst(2026, 11, 24, 9), kst(2026, 11, 24, 12))
    after = (kst(2026, 11, 24, 13), kst(2026, 11, 24, 14))
    return [same] * n, [same if i % 2 else after for i in range(n)]


def _attempt(db, resource_id: int, org_id: int, slot: tuple, barrier) -> str:
    request = BookingRequest(resource_id=resource_id, organization_id=org_id, starts_at=slot[0],
                             ends_at=slot[1])
    barrier.wait(timeout=60)
    try:
        with db.write() as s:
            create_booking(s, request, actor="racer")
        return "won"
    except DomainError as err:
        return "refused:" + str(err.code)


def _process_worker(path: str, resource_id: int, org_id: int, slot: tuple, barrier, results) -> None:
    from hubdesk.db.database import open_database

    try:
        db = open_database(path)      # open (and import everything) before the start signal
        try:
            results.put(_attempt(db, resource_id, org_id, slot, barrier))
        finally:
            db.dispose()
    except BaseException:  # noqa: BLE001 - report to the parent instead of dying silently
        results.put("error:" + traceback.format_exc())


def _setup(db, changeover_hours: float):
    with db.write() as s:
        w = booking_world(s, changeover_hours=changeover_hours)
        return w.resource_id, w.org_id


def _assert_one_winner(db, outcomes: list[str], resource_id: int) -> None:
    errors = [o for o in outcomes if o.startswith("error:")]
    assert not errors, errors[0]
    assert outcomes.count("won") == 1, outcomes
    assert all(o in ("won", "refused:overlap", "refused:changeover") for o in outcomes), outcomes
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Booking)
                        .where(Booking.resource_id == resource_id,
                               Booking.status == BookingStatus.REQUESTED)) == 1


@pytest.mark.parametrize("which", ["same_slot", "changeover"])
def test_processes_racing_on_one_sqlite_file_leave_exactly_one_booking(db, which):
    resource_id, org_id = _setup(db, changeover_hours=3)
    same, near = _slots(WORKERS)
    slots = same if which == "same_slot" else near
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [ctx.Process(target=_process_worker,
                         args=(str(db.path), resource_id, org_id, slots[i], barrier, results))
             for i in range(WORKERS)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    _assert_one_winner(db, outcomes, resource_id)


@pytest.mark.parametrize("which", ["same_slot", "changeover"])
def test_connections_racing_on_postgresql_leave_exactly_one_booking(pg_url, which):
    from hubdesk.db.database import open_database

    db = open_database(pg_url)
    try:
        resource_id, org_id = _setup(db, changeover_hours=3)
        workers = 6
        same, near = _slots(workers)
        slots = same if which == "same_slot" else near
        barrier = threading.Barrier(workers)
        outcomes: list[str] = []

        def run(slot):
            try:
                outcomes.append(_attempt(db, resource_id, org_id, slot, barrier))
            except BaseException:  # noqa: BLE001
                outcomes.append("error:" + traceback.format_exc())

        threads = [threading.Thread(target=run, args=(slots[i],)) for i in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert len(outcomes) == workers
        _assert_one_winner(db, outcomes, resource_id)
    finally:
        db.dispose()
