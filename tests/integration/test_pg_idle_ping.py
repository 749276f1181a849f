"""A pooled PostgreSQL connection is pinged only after it sat idle (engine._ping_when_idle): a
connection the server dropped while nobody used it is replaced before the next read, and one used
again at once costs no extra round trip."""

from __future__ import annotations

import time

import psycopg
from sqlalchemy import select, text

from hubdesk.db import engine as engine_module
from hubdesk.db.database import open_database
from hubdesk.db.schema import Organization


def _backend_pid(db) -> int:
    with db.read() as s:
        return s.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(url: str, pid: int) -> None:
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        assert conn.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0] is True


def _watch_driver(db, monkeypatch) -> list[str]:
    """The queries the pooled connection's driver is sent from now on (the ping goes to it directly)."""
    raw = db.engine.raw_connection()
    driver = raw.driver_connection
    raw.close()
    sent: list[str] = []
    original = type(driver).execute

    def watching(self, query, *args, **kwargs):
        sent.append(str(query))
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(type(driver), "execute", watching)
    return sent


def test_a_connection_killed_while_idle_is_replaced_before_the_next_read(pg_migrated_url, monkeypatch):
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.3)
    db = open_database(pg_migrated_url)
    try:
        first = _backend_pid(db)
        assert db.engine.pool.checkedin() == 1
        _terminate(pg_migrated_url, first)        # the server (or a firewall) drops the idle connection
        time.sleep(0.5)                           # past the idle limit: the next checkout pings

        with db.read() as s:                      # the person's next action works
            assert s.scalars(select(Organization.id)).all() == []
            second = s.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert second != first
    finally:
        db.dispose()


def test_a_connection_used_again_at_once_is_not_pinged(pg_migrated_url, monkeypatch):
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 60.0)
    db = open_database(pg_migrated_url)
    try:
        _backend_pid(db)
        sent = _watch_driver(db, monkeypatch)
        for _ in range(3):
            _backend_pid(db)
        assert not any("SELECT 1" in q for q in sent), sent
    finally:
        db.dispose()


def test_a_connection_idle_past_the_limit_is_pinged_once(pg_migrated_url, monkeypatch):
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.2)
    db = open_database(pg_migrated_url)
    try:
        _backend_pid(db)
        sent = _watch_driver(db, monkeypatch)
        time.sleep(0.4)
        pid = _backend_pid(db)
        assert sent.count("SELECT 1") == 1
        assert pid == _backend_pid(db)            # the same connection, still good, kept
    finally:
        db.dispose()
