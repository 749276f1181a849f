"""A write the server stopped only for another session's sake (a real deadlock between two
sessions on PostgreSQL) is run again by the write path itself (db/retry.py through
ui.common.operations.run_write): both saves go through and nobody is told "try again"."""

from __future__ import annotations

import threading

import pytest

from hubdesk.db import retry
from hubdesk.db.enums import OrgKind, Role


@pytest.fixture
def server_db(pg_migrated_url):
    from hubdesk.db import audit
    from hubdesk.db.database import open_database

    audit.set_actor("retry-test", Role.ADMIN)
    db = open_database(pg_migrated_url)
    yield db
    db.dispose()
    audit.set_actor(None)


def test_two_saves_that_deadlock_both_go_through(server_db):
    from sqlalchemy import select

    from hubdesk.db.schema import Organization
    from hubdesk.domain.organizations import OrganizationInput, create_organization, get_organization
    from hubdesk.ui.common.operations import run_write

    with server_db.write() as s:
        first = create_organization(s, OrganizationInput(name="Alpha Bio", kind=OrgKind.COMPANY)).id
        second = create_organization(s, OrganizationInput(name="Beta Cell", kind=OrgKind.COMPANY)).id
    both_hold_one = threading.Barrier(2, timeout=10)
    tries = {"a": 0, "b": 0}

    def save(key: str, one: int, other: int):
        def fn(session):
            tries[key] += 1
            get_organization(session, one).notes = f"{key} first"
            session.flush()                    # holds the row lock of `one`
            if tries[key] == 1:
                both_hold_one.wait()           # the first tries each hold one row and want the other
            get_organization(session, other).notes = f"{key} second"
            session.flush()
        return fn

    before = retry.RETRIED
    errors: list[BaseException] = []

    def run(key, one, other):
        try:
            run_write(server_db, save(key, one, other))
        except BaseException as exc:  # noqa: BLE001 - checked below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=("a", first, second)),
               threading.Thread(target=run, args=("b", second, first))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []                                 # no "try again" reached anyone
    assert retry.RETRIED - before == 1                  # the deadlock's victim was run again, once
    assert sorted(tries.values()) == [1, 2]
    with server_db.read() as s:
        notes = dict(s.execute(select(Organization.id, Organization.notes)
                               .where(Organization.id.in_([first, second]))).all())
    # the one run again wrote last: both its rows carry its notes
    again = "a" if tries["a"] == 2 else "b"
    assert notes == {first: f"{again} {'first' if again == 'a' else 'second'}",
                     second: f"{again} {'second' if again == 'a' else 'first'}"}


def test_other_errors_are_not_run_again(server_db):
    from hubdesk.errors import DomainError
    from hubdesk.ui.common.operations import run_write

    calls = []

    def refuse(_session):
        calls.append(1)
        raise DomainError("refused by a rule")

    with pytest.raises(DomainError):
        run_write(server_db, refuse)
    assert calls == [1]
