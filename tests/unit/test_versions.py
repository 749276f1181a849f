"""Row versions (hubdesk.domain.versions), on SQLite and on PostgreSQL: two sessions save the same
record; the one based on the older version is refused with a sentence naming who changed it and
when, and the stored row keeps the first save."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hubdesk.db.audit import acting_as
from hubdesk.db.enums import OrgKind, Role
from hubdesk.db.schema import AuditEvent, Organization, User
from hubdesk.domain import organizations as orgs
from hubdesk.domain import versions
from hubdesk.errors import DomainError
from hubdesk.ui.common.operations import run_write
from tests.factories import make_org, make_user_class
from tests.checks import backdate_audit_rows


def _profile(org: Organization, **changes) -> orgs.OrganizationInput:
    values = dict(name=org.name, kind=org.kind, user_class_id=org.user_class_id)
    values.update(changes)
    return orgs.OrganizationInput(**values)


@pytest.fixture
def world(any_db):
    with any_db.write() as s:
        s.add(User(username="minji", display_name="Kim Minji", role=Role.STAFF))
        s.add(User(username="jun", display_name="Park Jun", role=Role.STAFF))
        member = make_user_class(s, "member-x")
        other = make_user_class(s, "other-x")
        org = make_org(s, "Hanbang Bio", user_class=member, kind=OrgKind.COMPANY)
    return any_db, org, member, other


def test_new_rows_start_at_version_one_and_each_update_moves_it_on(world):
    db, org, member, other = world
    assert org.version == 1
    with db.write() as s:
        saved = orgs.update_organization(s, org.id, _profile(org, user_class_id=other.id))
    assert saved.version == 2
    with db.read() as s:
        assert s.scalar(select(Organization.version).where(Organization.id == org.id)) == 2
        assert versions.version_of(s, "organization", org.id) == 2


def test_the_stale_save_is_refused_with_who_and_when_and_nothing_is_overwritten(world):
    """Two editors loaded version 1; Kim Minji saves a new user class; the second editor's save,
    still based on version 1, would put the old class back: refused, the row keeps her change."""
    db, org, member, other = world
    loaded_a = loaded_b = org.version
    with acting_as("minji", Role.STAFF):
        run_write(db, orgs.update_organization, org.id, _profile(org, user_class_id=other.id),
                  based_on={("organization", org.id): loaded_a})
    with acting_as("jun", Role.STAFF), pytest.raises(DomainError) as refused:
        run_write(db, orgs.update_organization, org.id, _profile(org, user_class_id=None, phone="043-1"),
                  based_on={("organization", org.id): loaded_b})
    assert refused.value.code == versions.STALE
    message = refused.value.message
    assert message.startswith("Kim Minji changed this organization at ")
    assert "after you opened it. Reload it to see their change, then make yours again." in message
    with db.read() as s:
        row = s.get(Organization, org.id)
        assert (row.user_class_id, row.phone, row.version) == (other.id, None, 2)
        actors = s.scalars(select(AuditEvent.actor).where(AuditEvent.entity == "organization",
                                                          AuditEvent.entity_id == org.id,
                                                          AuditEvent.action == "update")).all()
        assert actors == ["minji"]      # the refused save left no trace


def test_a_save_based_on_the_current_version_goes_through(world):
    db, org, member, other = world
    run_write(db, orgs.update_organization, org.id, _profile(org, phone="043-1"),
              based_on={("organization", org.id): 1})
    run_write(db, orgs.update_organization, org.id, _profile(org, phone="043-2"),
              based_on={("organization", org.id): 2})
    with db.read() as s:
        assert s.get(Organization, org.id).phone == "043-2"


def test_the_sentence_names_the_day_of_a_change_made_before_today(world):
    db, org, member, other = world
    with acting_as("minji", Role.STAFF):
        run_write(db, orgs.update_organization, org.id, _profile(org, phone="043-1"))
    table = AuditEvent.__table__
    with db.engine.begin() as conn:     # her change was made two days ago (the trail refuses edits)
        backdate_audit_rows(conn, (table.c.entity == "organization", table.c.action == "update"),
                            dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2))
    with pytest.raises(DomainError) as refused:
        run_write(db, orgs.update_organization, org.id, _profile(org, phone="043-2"),
                  based_on={("organization", org.id): 1})
    assert refused.value.message.startswith("Kim Minji changed this organization on ")
    assert " at " in refused.value.message


def test_a_user_without_an_account_is_named_by_the_computer_user_name(world):
    db, org, member, other = world
    with acting_as("os:hana", Role.ADMIN):
        run_write(db, orgs.update_organization, org.id, _profile(org, phone="043-1"))
    with pytest.raises(DomainError, match="^hana changed this organization at "):
        run_write(db, orgs.update_organization, org.id, _profile(org, phone="043-2"),
                  based_on={("organization", org.id): 1})


def test_two_sessions_at_the_same_moment_the_second_waits_and_is_refused(any_db):
    """Two people save the same record at the same moment, both from version 1. On PostgreSQL the
    writers really overlap: the first locks the row as its save starts, the second waits for it,
    then reads version 2 and is refused. SQLite's writers take turns (BEGIN IMMEDIATE), so there
    the second simply comes after the first."""
    db = any_db
    with db.write() as s:
        s.add(User(username="minji", display_name="Kim Minji", role=Role.STAFF))
        org = make_org(s, "Cellgen")
    based_on = {("organization", org.id): 1}
    if not db.is_sqlite:
        a_locked, release = threading.Event(), threading.Event()
        outcome: dict = {}

        def a_saves(session: Session):
            a_locked.set()                      # A's save has begun: the row is locked
            assert release.wait(10)
            return orgs.update_organization(session, org.id, _profile(org, phone="A"))

        def editor(name: str, fn, *args):
            try:
                with acting_as(name, Role.STAFF):
                    outcome[name] = run_write(db, fn, *args, based_on=based_on)
            except DomainError as exc:
                outcome[name] = exc

        a = threading.Thread(target=editor, args=("minji", a_saves))
        a.start()
        assert a_locked.wait(10)
        b = threading.Thread(target=editor, args=("jun", orgs.update_organization, org.id,
                                                  _profile(org, phone="B")))
        b.start()
        b.join(0.5)
        assert b.is_alive()                     # B waits for A's lock
        release.set()
        a.join(20)
        b.join(20)
        assert isinstance(outcome["minji"], Organization)
        assert outcome["jun"].code == versions.STALE
        assert outcome["jun"].message.startswith("Kim Minji changed this organization at ")
    else:
        with acting_as("minji", Role.STAFF):
            run_write(db, orgs.update_organization, org.id, _profile(org, phone="A"), based_on=based_on)
        with pytest.raises(DomainError, match="^Kim Minji changed this organization at "):
            run_write(db, orgs.update_organization, org.id, _profile(org, phone="B"), based_on=based_on)
    with db.read() as s:
        assert s.get(Organization, org.id).phone == "A"


def test_the_stale_refusal_comes_before_the_rules_the_newer_record_breaks(world):
    """The editor's values are checked against the record it loaded; against the newer one they
    may break a rule, but the person first needs to know that the record changed."""
    db, org, member, other = world
    with acting_as("minji", Role.STAFF):
        run_write(db, orgs.update_organization, org.id, _profile(org, phone="043-1"))
    with pytest.raises(DomainError) as refused:
        run_write(db, orgs.update_organization, org.id, _profile(org, name=""),   # a rule: no empty name
                  based_on={("organization", org.id): 1})
    assert refused.value.code == versions.STALE


@pytest.fixture
def pg_db(pg_migrated_url):
    from hubdesk.db.database import open_database

    database = open_database(pg_migrated_url)
    yield database
    database.dispose()


def test_a_write_that_remembers_no_version_is_still_not_lost_on_postgresql(pg_db):
    """Without a remembered version (an import, a dragged booking) the version counter still
    refuses an UPDATE of a row another session changed between this session's read and its write:
    StaleDataError, turned into a sentence, nothing written. (PostgreSQL only: SQLite's writers
    take turns, BEGIN IMMEDIATE, so no other session can write in between there.)"""
    db = pg_db
    with db.write() as s:
        org = make_org(s, "Osong Lab")

    def write(session: Session):
        row = session.get(Organization, org.id)
        with db.engine.begin() as other:          # another session changes the row meanwhile
            other.execute(text("UPDATE organization SET phone = 'other', version = version + 1 "
                               "WHERE id = :id"), {"id": org.id})
        row.phone = "mine"
        session.flush()

    with pytest.raises(DomainError) as refused:
        run_write(db, write)
    assert refused.value.code == versions.STALE
    assert refused.value.message.startswith("Someone else changed a record (organization) while this was being saved")
    with db.read() as s:
        assert s.get(Organization, org.id).phone == "other"
