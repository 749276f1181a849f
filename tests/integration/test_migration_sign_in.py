"""Migration 0006_sign_in_throttle on a database that has accounts, on SQLite and PostgreSQL: the
accounts keep their passwords, the old failure count and lock go, and a hash made at the old
N=2^15 is replaced at the account's next sign-in."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, inspect, text

from hubdesk.db.database import open_database
from hubdesk.domain import accounts, passwords


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    return request.getfixturevalue("pg_url")


def test_accounts_survive_the_migration_and_old_hashes_are_replaced_at_sign_in(empty_url):
    from alembic import command

    from hubdesk.db.migrate import alembic_config

    engine = create_engine(empty_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005_row_version")
        conn.execute(text(
            "INSERT INTO app_user (username, display_name, role, password_hash, active, failed_logins, locked_until,"
            " uid, created_at, updated_at, version) VALUES ('kim', 'Kim', 'admin', :hash, true, 4, :until, 'u-1',"
            " :at, :at, 1)"), dict(hash=accounts.hash_password("old password", n=2**15),
                                   until=dt.datetime(2030, 1, 1), at=dt.datetime(2026, 1, 1)))
    engine.dispose()

    db = open_database(empty_url)
    try:
        columns = {c["name"] for c in inspect(db.engine).get_columns("app_user")}
        assert "os_account" in columns and not {"failed_logins", "locked_until"} & columns
        with db.write() as s:              # the old lock, in 2030, is gone with its column
            assert accounts.authenticate(s, "kim", "old password").username == "kim"
        with db.read() as s:
            stored = accounts.find_user(s, "kim").password_hash
        assert passwords.parameters(stored) == (2**17, 8, 1)
        with db.write() as s:
            assert accounts.authenticate(s, "KIM", "old password").role.value == "admin"
    finally:
        db.dispose()
