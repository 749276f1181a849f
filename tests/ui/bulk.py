"""Fast bulk data for UI tests: many organizations and bookings inserted in one executemany."""

from __future__ import annotations

import datetime as dt
import uuid

KINDS = ["company", "university", "research_institute", "government", "hospital", "foreign_partner"]
SECTORS = ["herbal_medicine", "bio", "cosmetics", "processor", "regenerative_medicine", None]
REGIONS = ["Jecheon", "Cheongju", "Osong", "Chungju", "Seoul", None]
STATUSES = ["requested", "approved", "confirmed", "completed", "cancelled"]


def _ts(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_organizations(db, n: int) -> None:
    now = _ts(dt.datetime(2026, 1, 1))
    rows = [(f"bulk-org-{i}", now, now, f"Org {i:07d}", KINDS[i % 6], SECTORS[i % 6],
             "member" if i % 3 else "tenant", REGIONS[i % 6], "KR") for i in range(n)]
    raw = db.engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        cur.execute("PRAGMA synchronous = OFF")
        cur.execute("BEGIN")
        cur.executemany("INSERT INTO organization (uid, created_at, updated_at, name, kind, sector, status, "
                        "region, country) VALUES (?,?,?,?,?,?,?,?,?)", rows)
        cur.execute("COMMIT")
    finally:
        raw.close()


def bulk_bookings(db, n: int, organizations: int = 50, resources: int = 20) -> None:
    """`organizations` organizations, one facility with `resources` resources and n bookings."""
    now = _ts(dt.datetime(2026, 1, 1))
    raw = db.engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        cur.execute("PRAGMA synchronous = OFF")
        cur.execute("BEGIN")
        cur.executemany("INSERT INTO organization (uid, created_at, updated_at, name, kind, status, country) "
                        "VALUES (?,?,?,?,?,?,?)",
                        [(uuid.uuid4().hex, now, now, f"Booker {i:03d}", "company", "member", "KR")
                         for i in range(organizations)])
        org_ids = [r[0] for r in cur.execute("SELECT id FROM organization WHERE name LIKE 'Booker %'")]
        cur.execute("INSERT INTO facility (uid, created_at, updated_at, name, kind, timezone) "
                    "VALUES (?,?,?,?,?,?)", (uuid.uuid4().hex, now, now, "Bulk GMP", "gmp_plant", "Asia/Seoul"))
        fac = cur.lastrowid
        cur.executemany("INSERT INTO resource (uid, created_at, updated_at, facility_id, name, kind, booking_unit, "
                        "changeover_hours, min_units, max_units, requires_qualification, status) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        [(uuid.uuid4().hex, now, now, fac, f"Suite {i:02d}", "suite", "hour", 0, 1, 30, 0,
                          "available") for i in range(resources)])
        res_ids = [r[0] for r in cur.execute("SELECT id FROM resource WHERE facility_id = ?", (fac,))]
        base = dt.datetime(2020, 1, 1)

        def rows():
            for i in range(n):
                r = i % resources
                start = base + dt.timedelta(hours=2 * (i // resources))
                yield (f"bulk-booking-{i}", now, now, res_ids[r], org_ids[i % len(org_ids)], _ts(start),
                       _ts(start + dt.timedelta(hours=1)), 1, STATUSES[i % 5], 0)
        cur.executemany("INSERT INTO booking (uid, created_at, updated_at, resource_id, organization_id, "
                        "starts_at, ends_at, units, status, holiday_override) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        rows())
        cur.execute("COMMIT")
    finally:
        raw.close()
