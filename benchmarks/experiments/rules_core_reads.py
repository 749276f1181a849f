"""The booking rule check on huge: `check_booking` (ORM: a Resource with a joined Facility, the
Organization, ORM entities for windows and candidates, a statement built per call for closure days
and for each person's qualification) against the same reads done with prebuilt Core statements on
one connection (resource + facility zone + organization exists; windows; candidates with the
organization's name; closure days; all people with their qualification in one query). The rule
logic and messages are left out of the second figure: they are plain Python over a few rows.

    .venv/bin/python benchmarks/experiments/rules_core_reads.py [DB]
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

import probe_rules  # noqa: E402
from sqlalchemy import and_, bindparam, exists, or_, select, union_all  # noqa: E402

from hubdesk.db.database import open_database  # noqa: E402
from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES  # noqa: E402
from hubdesk.db.schema import (Booking, ClosureDay, Contact, Facility, MaintenanceWindow,  # noqa: E402
                               Organization, Qualification, Resource)
from hubdesk.domain.bookings import check_booking  # noqa: E402
from hubdesk.domain.calendar import _korean_holidays  # noqa: E402

R, F, O, W, B = (t.__table__ for t in (Resource, Facility, Organization, MaintenanceWindow, Booking))
CD, C, Q = (t.__table__ for t in (ClosureDay, Contact, Qualification))

RESOURCE = (select(R, F.c.timezone, exists().where(O.c.id == bindparam("org")).label("org_ok"))
            .join(F, F.c.id == R.c.facility_id).where(R.c.id == bindparam("rid")))
WINDOWS = select(W.c.id, W.c.kind, W.c.starts_at, W.c.ends_at).where(
    W.c.resource_id == bindparam("rid"), W.c.starts_at < bindparam("end"), W.c.ends_at > bindparam("start"))


def _of_resource(*conditions):
    return select(B.c.id).where(B.c.resource_id == bindparam("rid"), B.c.id != bindparam("exclude"), *conditions)


_parts = [_of_resource(B.c.status.in_(ACTIVE_BOOKING_STATUSES), B.c.starts_at >= bindparam("lo"),
                       B.c.starts_at < bindparam("hi"))]
for _status in ACTIVE_BOOKING_STATUSES:
    _latest = (_of_resource(B.c.status == _status, B.c.starts_at < bindparam("lo"))
               .order_by(B.c.starts_at.desc()).limit(1).subquery())
    _parts.append(select(_latest.c.id))
CANDIDATES = (select(B.c.id, B.c.starts_at, B.c.ends_at, B.c.campaign, O.c.name)
              .join(O, O.c.id == B.c.organization_id).where(B.c.id.in_(union_all(*_parts))).order_by(B.c.starts_at))
CLOSURES = select(CD.c.day, CD.c.name).where(CD.c.day >= bindparam("a"), CD.c.day <= bindparam("b"))
PEOPLE = select(C.c.id, C.c.name, exists().where(
    Q.c.resource_id == bindparam("rid"),
    or_(Q.c.contact_id == C.c.id, and_(Q.c.contact_id.is_(None), Q.c.organization_id == C.c.organization_id)),
    Q.c.granted_on <= bindparam("first"), Q.c.valid_until >= bindparam("last")).label("qualified")).where(
    C.c.id.in_(bindparam("ids", expanding=True)))


def core_reads(conn, request) -> tuple:
    resource = conn.execute(RESOURCE, dict(rid=request.resource_id, org=request.organization_id)).mappings().first()
    buffer = dt.timedelta(hours=float(resource["changeover_hours"] or 0))
    windows = conn.execute(WINDOWS, dict(rid=request.resource_id, start=request.starts_at,
                                         end=request.ends_at)).all()
    candidates = conn.execute(CANDIDATES, dict(rid=request.resource_id, lo=request.starts_at - buffer,
                                               hi=request.ends_at + buffer, exclude=-1)).all()
    first, last = request.starts_at.date(), request.ends_at.date()
    holidays = {d for year in range(first.year, last.year + 1) for d in _korean_holidays(year) if first <= d <= last}
    closures = conn.execute(CLOSURES, dict(a=first, b=last)).all()
    people = (conn.execute(PEOPLE, dict(rid=request.resource_id, first=first, last=last,
                                        ids=list(request.people))).all() if request.people else [])
    return resource, windows, candidates, holidays, closures, people


def timed(fn, requests) -> tuple[float, float]:
    wall, cpu = [], []
    for request, _params in requests:
        started, c = time.perf_counter(), time.process_time()
        fn(request)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parent / "cache" / "huge.db")
    requests = probe_rules.draw_requests(path, 400, 3)
    db = open_database(path)

    def orm(request):
        with db.read() as session:
            check_booking(session, request)

    def core(request):
        with db.engine.connect() as conn:
            core_reads(conn, request)

    orm(requests[0][0])
    core(requests[0][0])
    for label, fn in (("check_booking, a read session per check", orm), ("the same reads, Core", core)):
        wall, cpu = timed(fn, requests)
        print(f"{label:<42} median {wall:5.2f} ms wall, {cpu:5.2f} ms CPU")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
