import datetime as dt

import pytest

from hubdesk.db.audit import acting_as
from hubdesk.db.enums import Role
from hubdesk.db.schema import AuditEvent, User
from hubdesk.domain import accounts
from hubdesk.errors import DomainError

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def test_password_hash_is_scrypt_salted_and_never_clear():
    h1 = accounts.hash_password("correct horse", n=2**12)
    h2 = accounts.hash_password("correct horse", n=2**12)
    assert h1.startswith("scrypt$") and h1 != h2
    assert "correct horse" not in h1
    assert accounts.verify_password("correct horse", h1)
    assert not accounts.verify_password("correct hors", h1)
    assert not accounts.verify_password("x", "garbage")


def test_sign_in_locks_after_five_failures_and_unlocks_later(db):
    with db.write() as s:
        accounts.create_user(s, username="kim", display_name="김 관리", role=Role.STAFF, password="s3cret-pass")
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(DomainError, match="wrong"):
            with db.write() as s:
                try:
                    accounts.authenticate(s, "kim", "nope", now=NOW)
                finally:
                    s.commit()
    with db.write() as s, pytest.raises(DomainError, match="Too many failed sign-ins"):
        accounts.authenticate(s, "kim", "s3cret-pass", now=NOW + dt.timedelta(minutes=1))
    with db.write() as s:
        who = accounts.authenticate(s, "kim", "s3cret-pass", now=NOW + dt.timedelta(minutes=16))
    assert who.role is Role.STAFF and who.display_name == "김 관리"
    with db.read() as s:
        stored = s.query(User).one()
        assert stored.password_hash != "s3cret-pass" and stored.failed_logins == 0
        assert all("s3cret" not in str(a.after) and "s3cret" not in str(a.before)
                   for a in s.query(AuditEvent))


def test_admin_resets_password_others_cannot(db):
    with db.write() as s:
        accounts.create_user(s, username="lee", display_name="Lee", role=Role.VIEWER, password="first-pass")
    with acting_as("kim", Role.MANAGER), pytest.raises(DomainError, match="administrator"):
        with db.write() as s:
            accounts.reset_password(s, "lee", "second-pass")
    with acting_as("boss", Role.ADMIN), db.write() as s:
        accounts.reset_password(s, "lee", "second-pass")
    with db.write() as s:
        assert accounts.authenticate(s, "lee", "second-pass").username == "lee"


def test_user_changes_own_password_but_not_role(db):
    with db.write() as s:
        accounts.create_user(s, username="park", display_name="Park", role=Role.STAFF, password="old-password")
    with acting_as("park", Role.STAFF):
        with db.write() as s:
            accounts.change_own_password(s, "park", "old-password", "new-password")
        with pytest.raises(DomainError, match="does not allow"), db.write() as s:
            accounts.find_user(s, "park").role = Role.ADMIN
    with db.write() as s:
        assert accounts.authenticate(s, "park", "new-password").role is Role.STAFF


def test_short_password_and_duplicate_name_refused(db):
    with db.write() as s:
        with pytest.raises(DomainError, match="at least 8 characters"):
            accounts.create_user(s, username="a", display_name="A", role="staff", password="short")
        accounts.create_user(s, username="a", display_name="A", role="staff", password="long-enough")
        with pytest.raises(DomainError, match="already taken"):
            accounts.create_user(s, username="A ", display_name="A", role="staff", password="long-enough")


def test_the_last_active_administrator_stays_one(any_db):
    with any_db.write() as s:
        accounts.create_user(s, username="boss", display_name="Boss", role=Role.ADMIN, password="password-1")
        accounts.create_user(s, username="kim", display_name="Kim", role=Role.STAFF, password="password-2")
    with acting_as("boss", Role.ADMIN):
        for change in (dict(role=Role.MANAGER, active=True), dict(role=Role.ADMIN, active=False)):
            with pytest.raises(DomainError, match="boss is the last active administrator") as exc:
                with any_db.write() as s:
                    accounts.update_user(s, "boss", display_name="Boss", language=None, **change)
            assert exc.value.code == "last_admin" and exc.value.field == "role"
        with any_db.write() as s:
            with pytest.raises(DomainError, match="not a role"):
                accounts.update_user(s, "kim", display_name="Kim", role="emperor", language=None, active=True)
            accounts.update_user(s, "kim", display_name="  ", role="admin", language="vi", active=True)
        with any_db.write() as s:                     # another administrator now: boss may step down
            boss = accounts.update_user(s, "boss", display_name="Park", role=Role.VIEWER, language="ko", active=False)
            assert (boss.display_name, boss.role, boss.language, boss.active) == ("Park", Role.VIEWER, "ko", False)
    with any_db.read() as s:
        kim = accounts.find_user(s, "kim")
        assert (kim.display_name, kim.role, kim.language) == ("kim", Role.ADMIN, "vi")
        with pytest.raises(DomainError, match="last active administrator"):
            accounts.check_keeps_an_administrator(s, kim, Role.STAFF, True)
