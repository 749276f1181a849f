"""`db.read()` never writes, and it ends a session that only read with COMMIT, so that psycopg keeps
the statements it prepared (a ROLLBACK drops them all: PostgreSQL then planned each statement again
in every read session — 10 ms for the rule check's facts on huge)."""

from __future__ import annotations

from sqlalchemy import select, text, update


def _names(db) -> list[str]:
    from hubdesk.db.schema import Organization

    with db.read() as s:
        return list(s.scalars(select(Organization.name).order_by(Organization.name)))


def test_a_read_session_keeps_nothing_it_flushed_changed_or_updated(any_db):
    from hubdesk.db.schema import Organization
    from tests.factories import make_org

    with any_db.write() as s:
        org_id = make_org(s, "Hanbit Bio").id
    with any_db.read() as s:                     # flushed by hand
        s.add(Organization(name="Added in a read", kind="company"))
        s.flush()
    with any_db.read() as s:                     # changed, never flushed (a commit would flush it)
        s.get(Organization, org_id).name = "Changed in a read"
    with any_db.read() as s:                     # a Core UPDATE through the session
        s.execute(update(Organization).values(name="Updated in a read"))
    assert _names(any_db) == ["Hanbit Bio"]


def test_a_statement_read_in_session_after_session_stays_prepared_on_postgresql(any_db):
    """psycopg prepares a statement on its sixth run on a connection; the read sessions that end
    between the runs must not drop it."""
    from hubdesk.domain.bookings import BookingRequest, check_booking
    from tests.factories import booking_world, kst

    with any_db.write() as s:
        w = booking_world(s)
    request = BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 10, 9), kst(2026, 3, 10, 11))
    for _ in range(8):
        with any_db.read() as s:
            assert check_booking(s, request) == []
    if any_db.engine.dialect.name != "postgresql":
        return                                   # SQLite: nothing to prepare; the checks above still ran
    with any_db.read() as s:
        prepared = list(s.scalars(text("SELECT statement FROM pg_prepared_statements")))
    assert any("'window' AS kind" in statement for statement in prepared), prepared


def test_a_read_without_a_transaction_reads_what_is_committed_and_refuses_to_write(any_db):
    """`read(transaction=False)` (the Dashboard's lists): on PostgreSQL each statement on its own,
    no BEGIN nor COMMIT round trip; on SQLite a read in a transaction. Either way it refuses to write."""
    import pytest

    from hubdesk.db.schema import Organization
    from tests.factories import make_org

    with any_db.write() as s:
        make_org(s, "Hanbit Bio")
    with any_db.read(transaction=False) as s:
        assert list(s.scalars(select(Organization.name))) == ["Hanbit Bio"]
        if any_db.engine.dialect.name == "postgresql":
            s.execute(text("SELECT pg_sleep(0.02)"))
            # in a transaction now() is its start, 20 ms before this statement's; alone, the same
            assert s.execute(text("SELECT now() = statement_timestamp()")).scalar() is True
    with any_db.read() as s:
        if any_db.engine.dialect.name == "postgresql":
            s.execute(text("SELECT pg_sleep(0.02)"))
            assert s.execute(text("SELECT now() = statement_timestamp()")).scalar() is False
    with pytest.raises(RuntimeError, match="never writes"):
        with any_db.read(transaction=False) as s:
            s.add(Organization(name="Added in a read", kind="company"))
            s.flush()
    with pytest.raises(RuntimeError, match="never writes"):
        with any_db.read(transaction=False) as s:
            s.execute(update(Organization).values(name="Updated in a read"))
    assert _names(any_db) == ["Hanbit Bio"]
