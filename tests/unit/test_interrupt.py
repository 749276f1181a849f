"""A background task's running SQL stops when its scope is interrupted (hubdesk.db.interrupt), on a
real SQLite file and a real PostgreSQL server; work outside the scope is never touched."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from hubdesk.db.interrupt import InterruptScope

# a statement that runs for minutes unless stopped
LONG = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) "
              "SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(120)",
}


def _run_long(db, scope: InterruptScope, outcome: dict) -> None:
    sql = LONG[db.engine.dialect.name]
    try:
        with scope.active():
            with db.read() as session:
                outcome["started"] = time.monotonic()
                session.execute(text(sql)).all()
        outcome["result"] = "finished"
    except Exception as exc:  # noqa: BLE001 - the interrupted statement's error is what is checked
        outcome["error"] = exc
    outcome["ended"] = time.monotonic()


def test_an_interrupted_scope_ends_its_running_statement_within_a_second(any_db):
    scope = InterruptScope()
    outcome: dict = {}
    thread = threading.Thread(target=_run_long, args=(any_db, scope, outcome))
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive(), outcome  # the statement is running
    asked = time.monotonic()
    scope.interrupt()
    thread.join(5)
    assert not thread.is_alive()
    assert "error" in outcome and "result" not in outcome
    assert outcome["ended"] - asked < 1.0
    # the connection pool is healthy afterwards, and work outside any scope runs normally
    with any_db.read() as session:
        assert session.execute(text("SELECT 1 + 1")).scalar() == 2


def test_work_outside_an_interrupted_scope_is_not_touched(any_db):
    scope = InterruptScope()
    scope.interrupt()                       # interrupted before anything ran: its own SQL stops at once
    with pytest.raises(Exception):
        with scope.active():
            with any_db.read() as session:
                session.execute(text(LONG[any_db.engine.dialect.name])).all()
    # the same thread, outside the scope, and another thread with a scope of its own: both run
    with any_db.read() as session:
        assert session.execute(text("SELECT 40 + 2")).scalar() == 42
    other = InterruptScope()
    result: dict = {}

    def work():
        with other.active():
            with any_db.read() as session:
                result["value"] = session.execute(text("SELECT 7 * 6")).scalar()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert result == {"value": 42}
