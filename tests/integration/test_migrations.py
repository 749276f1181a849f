"""Migrations: an empty database reaches the latest revision, the migrated schema is the models'
schema, an older file is backed up before it is migrated, and a newer file is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from hubdesk import paths
from hubdesk.db import migrate
from hubdesk.db.database import open_database
from hubdesk.db.schema import Base
from hubdesk.errors import DatabaseProblem
from tests.checks import another_programs_database, digest, schema_revision, set_schema_revision


def test_head_revision_constant_is_the_scripts_head():
    assert migrate.HEAD_REVISION == migrate.script_head()


def test_empty_database_is_migrated_to_the_latest_revision(fresh_any_db):
    assert migrate.current_revision(fresh_any_db.engine) == migrate.HEAD_REVISION
    tables = set(inspect(fresh_any_db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_migrated_schema_matches_the_models(fresh_any_db):
    any_db = fresh_any_db
    with any_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "render_as_batch": any_db.is_sqlite})
        diffs = compare_metadata(context, Base.metadata)
    assert diffs == []


def test_empty_file_on_disk_gets_the_schema(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    db = open_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    finally:
        db.dispose()
    assert not list(tmp_path.glob("*.before-migration-*"))  # nothing worth backing up


def test_older_database_is_backed_up_before_migration(tmp_path, newer_migrations):
    path = tmp_path / "office.db"
    _build_at_real_head(path)
    before = digest(path)

    db = open_database(path)
    try:
        assert migrate.current_revision(db.engine) == newer_migrations
        assert "test_next_marker" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()

    backups = list(tmp_path.glob("office.before-migration-*.db"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    try:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] != newer_migrations
        assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in backup.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "test_next_marker" not in names
    finally:
        backup.close()
    assert digest(path) != before


def _build_at_real_head(path: Path) -> None:
    """Create the file with the real migration scripts (the fixture's copy adds one revision)."""
    src = Path(migrate.__file__).parent / "migrations"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "migrations_dir", lambda: src)
        real_head = migrate.script_head()
        mp.setattr(migrate, "HEAD_REVISION", real_head)
        db = open_database(path)
        db.dispose()
    assert schema_revision(path) == real_head


def test_database_from_a_newer_version_is_refused_unchanged(tmp_path):
    path = tmp_path / "newer.db"
    open_database(path).dispose()
    set_schema_revision(path)
    before = digest(path)

    with pytest.raises(DatabaseProblem) as info:
        open_database(path)
    message = info.value.message
    assert "newer version of hubdesk" in message and str(path) in message
    assert "nothing was changed" in message
    assert digest(path) == before
    assert not list(tmp_path.glob("*.before-migration-*"))


def test_sqlite_file_of_another_program_is_refused_unchanged(tmp_path):
    path = another_programs_database(tmp_path / "other.db")
    before = digest(path)
    with pytest.raises(DatabaseProblem, match="not a hubdesk database"):
        open_database(path)
    assert digest(path) == before
