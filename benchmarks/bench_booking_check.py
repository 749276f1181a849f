"""How long the booking conflict check takes on a database holding many bookings.

Fills a fresh database (SQLite file by default, or any URL) with N bookings spread over R
resources — back to back with small gaps, mostly completed, the most recent ones still active —
then times `check_booking` for random slots inside that history and right after it.

    .venv/bin/python benchmarks/bench_booking_check.py --bookings 1000000 [--db PATH_OR_URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from hubdesk.db.database import open_database  # noqa: E402
from hubdesk.db.enums import BookingStatus  # noqa: E402
from hubdesk.db.schema import Booking  # noqa: E402
from hubdesk.domain.bookings import BookingRequest, check_booking  # noqa: E402
from tests.factories import booking_world, make_resource  # noqa: E402

START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def fill(db, bookings: int, resources: int, seed: int) -> tuple[list[int], int, dict[int, dt.datetime]]:
    rng = random.Random(seed)
    with db.write() as s:
        w = booking_world(s, changeover_hours=1, max_units=24)
        ids = [w.resource_id] + [make_resource(s, w.facility, changeover_hours=1, max_units=24).id
                                 for _ in range(resources - 1)]
        org_id = w.org_id
    per = bookings // resources
    ends: dict[int, dt.datetime] = {}
    table = Booking.__table__
    now = dt.datetime.now(dt.timezone.utc)
    batch: list[dict] = []
    with db.engine.begin() as conn:
        for rid in ids:
            t = START
            for i in range(per):
                t += dt.timedelta(hours=rng.choice((1, 2, 3)))      # gap ≥ changeover
                length = rng.randint(1, 6)
                status = (BookingStatus.COMPLETED if i < per - 50 else
                          rng.choice((BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.CONFIRMED)))
                if rng.random() < 0.05:
                    status = BookingStatus.CANCELLED
                batch.append(dict(uid=str(uuid.UUID(int=rng.getrandbits(128))), created_at=now, updated_at=now,
                                  resource_id=rid, organization_id=org_id, starts_at=t,
                                  ends_at=t + dt.timedelta(hours=length), units=length, status=status,
                                  holiday_override=True))
                t += dt.timedelta(hours=length)
                if len(batch) >= 20_000:
                    conn.execute(table.insert(), batch)
                    batch.clear()
            ends[rid] = t
        if batch:
            conn.execute(table.insert(), batch)
    return ids, org_id, ends


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--resources", type=int, default=50)
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--db", help="database path or URL (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    target = args.db or str(Path(tmp.name) / "bench.db")
    db = open_database(target)
    t0 = time.perf_counter()
    ids, org_id, ends = fill(db, args.bookings, args.resources, args.seed)
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(Booking))
    print(f"filled {total} bookings on {len(ids)} resources in {time.perf_counter() - t0:.1f} s")
    if db.is_sqlite:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    rng = random.Random(args.seed + 1)
    timings: dict[str, list[float]] = {"inside history": [], "after history": []}
    cpu: dict[str, list[float]] = {k: [] for k in timings}
    conflicts = 0
    with db.read() as s:
        for n in range(args.checks):
            rid = rng.choice(ids)
            if n % 2:
                where = "inside history"
                start = START + dt.timedelta(hours=rng.randint(0, int((ends[rid] - START).total_seconds() // 3600)))
            else:
                where = "after history"
                start = ends[rid] + dt.timedelta(hours=rng.randint(-8, 48))
            request = BookingRequest(rid, org_id, start, start + dt.timedelta(hours=rng.randint(1, 6)),
                                     holiday_override=True)
            t, c = time.perf_counter(), time.process_time()
            found = check_booking(s, request)
            timings[where].append((time.perf_counter() - t) * 1000)
            cpu[where].append((time.process_time() - c) * 1000)
            conflicts += bool(found)
    for where, values in timings.items():
        values.sort()
        print(f"check_booking {where}: median {statistics.median(values):.2f} ms, "
              f"p95 {values[int(len(values) * 0.95)]:.2f} ms, max {values[-1]:.2f} ms ({len(values)} checks); "
              f"CPU time median {statistics.median(cpu[where]):.2f} ms")
    print(f"{conflicts} of {args.checks} checks found a problem")
    if db.path:
        print(f"file size {db.path.stat().st_size / 1e6:.0f} MB")
    db.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    main()
