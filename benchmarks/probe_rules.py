"""Booking rule check probe: `check_booking` on a big database beside one indexed EXISTS query.

    python benchmarks/probe_rules.py --db FILE_OR_URL [--checks 400] [--seed 3]

Requests are drawn at random (seeded): a resource that has bookings, an organization, a start on
the hour between the resource's first booking and 60 days after its last one, a length of one to
four booking units (hours, or local days from midnight for day-unit resources). Resources that
require a qualification get one or two people: holders of a qualification and others. So every
check runs every rule: the conflict search with changeover, maintenance and requalification
windows, the resource's state, the length, holidays and qualifications.

- `check_booking`: a new read session per check (as the booking dialog does as you edit), the
  whole call timed; the median over the checks.
- floor: `sqlite3`, one prepared statement on an open connection — does an active booking of the
  resource overlap the span widened by the changeover? — as EXISTS seeking the
  (resource_id, status, starts_at) index once per active status, the lower bound given by the
  resource's longest booking. On a PostgreSQL URL the same EXISTS through plain psycopg (one round
  trip, through the latency proxy when there is one; the server's planner picks the index itself).
- `check_statements`: the median of the statements each check sent (harness.StatementCount; it
  depends on the request: the people to check, the quotas and subsidies that apply), and the most.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import floor_db  # noqa: E402
from harness import StatementCount, emit, load_average  # noqa: E402

# INDEXED BY: without statistics SQLite's planner may pick ix_booking_resource_ends here and walk
# every later booking of the resource (≈ 0.1–0.6 ms); the floor is the best single query.
EXISTS = """
SELECT EXISTS (SELECT 1 FROM booking {indexed}
               WHERE resource_id = ? AND starts_at >= ? AND starts_at < ? AND ends_at > ?
                 AND status IN ('requested', 'approved', 'confirmed', 'in_use'))"""


def exists_sql(target: str) -> str:
    return EXISTS.format(indexed="" if floor_db.is_url(target) else "INDEXED BY ix_booking_resource_status_starts")


def parse_time(value) -> dt.datetime:
    """A stored instant: SQLite's text, or the datetime psycopg returns."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)


def draw_requests(path: str, count: int, seed: int):
    from hubdesk.domain.booking_rules import BookingRequest

    rng = random.Random(seed)
    conn = floor_db.connect(path)
    try:
        resources = conn.execute("""
            SELECT r.id, r.booking_unit, r.changeover_hours, r.max_units, r.requires_qualification,
                   f.timezone, MIN(b.starts_at), MAX(b.starts_at)
            FROM resource r JOIN facility f ON f.id = r.facility_id JOIN booking b ON b.resource_id = r.id
            GROUP BY r.id, f.timezone ORDER BY r.id""").fetchall()
        orgs = [r[0] for r in conn.execute("SELECT id FROM organization ORDER BY id")]
        qualified: dict[int, list[int]] = {}
        for rid, cid in conn.execute("SELECT resource_id, contact_id FROM qualification WHERE contact_id IS NOT NULL "
                                     "ORDER BY resource_id, contact_id"):
            qualified.setdefault(rid, []).append(cid)
        contacts = [r[0] for r in conn.execute("SELECT id FROM contact ORDER BY id LIMIT 5000")]
    finally:
        conn.close()
    needing = [r for r in resources if r[4]]
    requests = []
    for n in range(count):
        rid, unit, changeover, max_units, requires, tz_name, first, last = (
            rng.choice(needing) if needing and n % 4 == 0 else rng.choice(resources))
        tz = ZoneInfo(tz_name or "Asia/Seoul")
        lo, hi = parse_time(first), parse_time(last) + dt.timedelta(days=60)
        start = lo + dt.timedelta(hours=rng.randrange(int((hi - lo).total_seconds() // 3600)))
        units = rng.randint(1, 4)
        if unit == "day":
            day = start.astimezone(tz).date()
            start = dt.datetime.combine(day, dt.time(0), tz)
            end = dt.datetime.combine(day + dt.timedelta(days=units), dt.time(0), tz)
            longest = dt.timedelta(days=max_units)
        else:
            end = start + dt.timedelta(hours=units)
            longest = dt.timedelta(hours=max_units)
        people = []
        if requires:
            people = rng.sample(qualified.get(rid, []), min(1, len(qualified.get(rid, [])))) + [rng.choice(contacts)]
        request = BookingRequest(rid, rng.choice(orgs), start, end, purpose="benchmark", people=people)
        buffer = dt.timedelta(hours=float(changeover or 0))
        floor_params = (rid, floor_db.sql_time(start - buffer - longest, path), floor_db.sql_time(end + buffer, path),
                        floor_db.sql_time(start - buffer, path))
        requests.append((request, floor_params))
    return requests


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--checks", type=int, default=400)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    counter = StatementCount()
    from hubdesk.db.database import open_database
    from hubdesk.domain.bookings import check_booking

    load = [load_average()]
    requests = draw_requests(args.db, args.checks, args.seed)
    db = open_database(args.db)
    # warm-up: the first check pays for imports (holidays, translations) and the statement cache
    with db.read() as session:
        check_booking(session, requests[0][0])
    check_times, cpu_times, problems, counts = [], [], {}, []
    for request, _params in requests:
        with counter.span() as span:
            started, cpu = time.perf_counter(), time.process_time()
            with db.read() as session:
                found = check_booking(session, request)
            check_times.append((time.perf_counter() - started) * 1000)
        counts.append(span.count)
        cpu_times.append((time.process_time() - cpu) * 1000)
        for p in found:
            problems[p.code] = problems.get(p.code, 0) + 1
    db.dispose()

    conn = floor_db.connect(args.db)
    exists = exists_sql(args.db)
    conn.execute(exists, requests[0][1]).fetchone()
    floor_times, overlaps = [], 0
    for _request, params in requests:
        started = time.perf_counter()
        overlaps += conn.execute(exists, params).fetchone()[0]
        floor_times.append((time.perf_counter() - started) * 1000)
    conn.close()
    load.append(load_average())
    check_times.sort()
    emit({"check_ms": statistics.median(check_times), "check_p95_ms": check_times[int(len(check_times) * 0.95)],
          "check_cpu_ms": statistics.median(cpu_times), "raw_exists_ms": statistics.median(floor_times),
          "checks": len(requests), "problems": problems, "check_statements": statistics.median_low(counts),
          "check_statements_max": max(counts), "raw_overlaps": overlaps, "load_average": load})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
