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
