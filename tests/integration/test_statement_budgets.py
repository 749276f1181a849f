"""Statement budgets: the benchmarked interactions (benchmarks/interactions.py: opening a list area,
a list's first page, scrolling to the last row, a search keystroke, the booking rule check, opening
a booking's and an organization's editor, saving and approving a booking, the quarterly report) run
on a small demo database, SQLite and PostgreSQL, and the SQL statements each sends are counted.

A statement is a round trip to a server, and its count does not depend on the machine, so it is
asserted: each interaction within its budget (benchmarks/README.md), and those that miss it today
no worse than they are (`OVER_BUDGET`, each with the fix named in the README)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def interactions():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import interactions as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


@pytest.fixture
def demo_db(fresh_any_db):
    from hubdesk.demo import generate

    generate(fresh_any_db, "small", 1)
    return fresh_any_db


def test_every_interaction_sends_no_more_statements_than_its_budget(demo_db, interactions, qapp, tmp_path):
    outcomes = interactions.run_interactions(demo_db, qapp, repeat=2, report_out=tmp_path / "q.pdf")
    assert [o.name for o in outcomes] == list(interactions.BUDGETS)     # every budgeted interaction ran
    assert (tmp_path / "q.pdf").stat().st_size > 10_000                  # the report was really written
    problems = []
    for o in outcomes:
        limit = interactions.OVER_BUDGET.get(o.name, o.budget)
        assert o.statements >= 1, f"{o.name} sent no statement: the counter saw nothing"
        if o.statements > limit:
            sql = "\n    ".join(" ".join(s.split())[:160] for s in o.sql)
            problems.append(f"{o.name}: {o.statements} statements, at most {limit} allowed:\n    {sql}")
    assert not problems, "\n".join(problems)


def test_the_lists_fetch_a_page_in_one_statement_after_the_ids(demo_db, interactions, qapp):
    """The N+1 guard of the lists: a first page is the id query and one page query, whatever the
    page holds (200 rows of the small demo's bookings and organizations)."""
    outcomes = {o.name: o for o in interactions.run_interactions(demo_db, qapp)}
    for name in ("organizations list, first page", "bookings list, first page"):
        assert outcomes[name].statements == 2, outcomes[name].sql
        assert "ORDER BY" in outcomes[name].sql[0]        # the ids in display order, then the page by id
    assert outcomes["bookings list, scroll to last row"].statements == 1
    # the Bookings area reads its first ids and their page in one transaction; the filters'
    # choices wait until a filter is used (a list this short needs no full id pass after)
    opened = outcomes["bookings view opened"]
    assert (opened.statements, opened.transactions) == (2, 1), opened.sql
    # the Clinical entry area reads its board alone (the open cases, the cards' cases with their
    # organization's name, their clock stops), not the List tab's ids until that tab is made current
    cases = outcomes["cases area opened"]
    assert (cases.statements, cases.transactions) == (3, 1), cases.sql
    assert not any("ORDER BY organization.name" in " ".join(sql.split()) for sql in cases.sql), cases.sql
    # the Facilities area reads the facilities, the first one's resources and the first resource's
    # maintenance windows (the tab shown) in one transaction, not the lists behind the other tabs
    facilities = outcomes["facilities area opened"]
    behind = [sql for sql in facilities.sql if any(f"FROM {table} " in " ".join(sql.split()) + " "
                                                   for table in ("qualification", "booking_quota"))]
    assert facilities.statements <= 5 and facilities.transactions == 1 and not behind, facilities.sql
    assert any("FROM maintenance_window " in " ".join(sql.split()) for sql in facilities.sql)


def test_the_rule_check_reads_every_blocking_fact_in_two_statements(any_db, interactions):
    """Each kind of fact the rules read in their one facts statement (the organization, a maintenance
    window, an incident's downtime and the qualification it voided, the quota with the hours booked,
    a closure day, another booking) comes back typed, on SQLite and PostgreSQL: a request that meets
    all of them is refused for each, in words, with the resource read first: two statements."""
    import datetime as dt

    from hubdesk.domain import incidents, subsidies
    from hubdesk.domain.bookings import BookingRequest, check_booking, create_booking
    from tests.factories import booking_world, kst, make_closure_day, make_window

    day = dt.date(2026, 11, 24)
    with any_db.write() as s:
        w = booking_world(s)
        create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 11, 24, 9), kst(2026, 11, 24, 12),
                                         campaign="LOT-1"), actor="tester")
        subsidies.save_quota(s, None, organization_id=w.org_id, resource_id=w.resource_id, hours=4)
        make_window(s, w.resource, kst(2026, 11, 24, 13), kst(2026, 11, 24, 14))
        incidents.save_incident(s, w.resource_id, None, occurred_at=kst(2026, 11, 1, 9), kind="breakdown",
                                description="Seal leak", down_from=kst(2026, 11, 24, 14),
                                down_until=kst(2026, 11, 24, 15), voids_qualification=True)
        make_closure_day(s, day, "Foundation day")
    request = BookingRequest(w.resource_id, w.org_id, kst(2026, 11, 24, 11), kst(2026, 11, 24, 16))
    counter = interactions.StatementCounter(any_db.engine)
    try:
        with any_db.read() as s, counter:
            found = check_booking(s, request)
    finally:
        counter.close()
    by_code = {p.code: p.message for p in found}
    assert set(by_code) == {"overlap", "window_maintenance", "incident_downtime", "qualification_voided", "quota",
                            "holiday"}, by_code
    assert "Hanbit Bio" in by_code["overlap"] and "Hanbit Bio" in by_code["quota"]
    assert "3 hours are already booked" in by_code["quota"]
    assert "Seal leak" in by_code["incident_downtime"] and "2026-11-01" in by_code["qualification_voided"]
    assert "Foundation day" in by_code["holiday"]
    assert counter.count == 2, counter.statements


def test_a_fee_split_reads_the_subsidies_and_what_they_paid_in_one_statement(any_db, interactions):
    """However many subsidies of hours or an amount apply, the split reads them with what each paid in
    the year and the quarter in one statement (it was one more per subsidy)."""
    import datetime as dt

    from sqlalchemy.orm import joinedload

    from hubdesk.db.enums import ParticipantRole, SubsidyKind
    from hubdesk.db.ids import get_row
    from hubdesk.db.schema import Resource
    from hubdesk.domain import subsidies
    from hubdesk.domain.participants import ParticipantInput, add_participant
    from tests.factories import booking_world, kst, make_program

    with any_db.write() as s:
        w = booking_world(s)
        for kind, value in ((SubsidyKind.HOURS, 1), (SubsidyKind.AMOUNT, 80_000), (SubsidyKind.SHARE, 50)):
            program = make_program(s, f"Program {kind.value}")
            add_participant(s, program.id, ParticipantInput(organization_id=w.org_id, role=ParticipantRole.BENEFICIARY,
                                                            joined_on=dt.date(2026, 1, 1)))
            subsidies.save_subsidy(s, program.id, None, kind=kind, value=value)
    counter = interactions.StatementCounter(any_db.engine)
    try:
        with any_db.read() as s:
            resource = get_row(s, Resource, w.resource_id, options=[joinedload(Resource.facility)])
            with counter:
                split = subsidies.split_fee(s, organization_id=w.org_id, resource=resource,
                                            starts_at=kst(2026, 11, 24, 9), units=3, full_krw=150_000)
    finally:
        counter.close()
    assert split.kind == SubsidyKind.AMOUNT and split.subsidy_krw == 80_000   # the one paying the most
    assert counter.count == 1, counter.statements
