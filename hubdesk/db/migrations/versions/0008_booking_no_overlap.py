"""booking_no_overlap: PostgreSQL itself refuses two active bookings of one resource at overlapping times

Every write that creates or moves a booking checks the rules under the resource's lock; this
exclusion constraint is the floor under them, for a path that would write without them. It covers
the plain overlap of the bookings that hold their slot (requested, approved, confirmed, in use); the
changeover buffer between bookings stays the domain's rule. It needs the btree_gist extension (for
`resource_id WITH =`), a trusted extension that the database's owner may create.

A database that already holds overlapping active bookings is not changed: the migration refuses
with a sentence naming them (cancel or move one of each pair with the hubdesk used until now, then
open the database again). SQLite has no such constraint (its write lock serializes every writer):
there this revision changes nothing.

Revision ID: 0008_booking_no_overlap
Revises: 0007_pg_audit_triggers
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

from hubdesk.errors import DatabaseProblem
from hubdesk.i18n import _, ngettext


revision = '0008_booking_no_overlap'
down_revision = '0007_pg_audit_triggers'
branch_labels = None
depends_on = None

# The statuses of a booking that holds its slot at this revision (hubdesk.db.enums.ACTIVE_BOOKING_STATUSES),
# written out so that this migration does the same thing whatever later code says.
ACTIVE = "('requested', 'approved', 'confirmed', 'in_use')"
SHOWN_PAIRS = 20

# Each active booking that starts before an earlier one of its resource (by start, then id) has
# ended, with that earlier booking: one sorted pass per resource, not every pair of bookings.
OVERLAPS = f"""
WITH active AS (
    SELECT id, resource_id, starts_at, ends_at,
           max(ends_at) OVER (PARTITION BY resource_id ORDER BY starts_at, id
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_ends
    FROM booking WHERE status IN {ACTIVE}
)
SELECT a.id, (SELECT min(o.id) FROM booking o
              WHERE o.resource_id = a.resource_id AND o.status IN {ACTIVE} AND o.id <> a.id
                AND (o.starts_at, o.id) < (a.starts_at, a.id) AND o.ends_at > a.starts_at) AS earlier
FROM active a
WHERE a.before_ends > a.starts_at
ORDER BY a.resource_id, a.starts_at, a.id
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    if bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gist'")).first() is None:
        raise DatabaseProblem(_(
            "The PostgreSQL server has no btree_gist extension, which hubdesk needs to refuse double "
            "bookings. Install the server's contrib package (postgresql-contrib on Debian and Ubuntu), then "
            "open the database again; nothing was changed."))
    overlaps = bind.execute(sa.text(OVERLAPS)).all()
    if overlaps:
        pairs = ", ".join(f"{earlier}–{later}" for later, earlier in overlaps[:SHOWN_PAIRS])
        if len(overlaps) > SHOWN_PAIRS:
            pairs += " …"
        raise DatabaseProblem(ngettext(
            "This database holds {count} booking that overlaps another active booking of the same resource "
            "(booking numbers: {pairs}), which this version of hubdesk refuses. Open the database with the "
            "hubdesk used until now, cancel or move one booking of each pair, then open it with this version "
            "again; nothing was changed.",
            "This database holds {count} bookings that overlap another active booking of the same resource "
            "(booking numbers: {pairs}), which this version of hubdesk refuses. Open the database with the "
            "hubdesk used until now, cancel or move one booking of each pair, then open it with this version "
            "again; nothing was changed.", len(overlaps)).format(count=len(overlaps), pairs=pairs))
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute("ALTER TABLE booking ADD CONSTRAINT ex_booking_no_overlap EXCLUDE USING gist "
               f"(resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status IN {ACTIVE})")


def downgrade() -> None:
    raise NotImplementedError("hubdesk does not migrate databases back; restore the backup made before "
                              "the migration instead")
