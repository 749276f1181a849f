"""Alembic migrations run automatically when a database is opened."""

from __future__ import annotations

from typing import cast

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from hubdesk import paths

# The newest revision this build knows; a test keeps it equal to the scripts' head, so that
# opening an up-to-date database never has to load Alembic.
HEAD_REVISION = "0006_booking_no_overlap"


def alembic_config(connection: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_head() -> str:
    from alembic.script import ScriptDirectory

    return cast(str, ScriptDirectory.from_config(alembic_config()).get_current_head())  # one head, always


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_user_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def upgrade(engine: Engine) -> None:
    """Run the migrations to the head in one transaction.

    SQLite: foreign keys are off while migrating (Alembic's batch mode rebuilds a table by
    dropping it, and with foreign keys on that DROP would delete or refuse every child row), and
    checked once the migration is committed."""
    from alembic import command

    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        return
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None   # a checked-out connection always has its DB-API connection
        raw.execute("PRAGMA foreign_keys = OFF")   # outside any transaction, or SQLite ignores it
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration left rows without their parent: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
