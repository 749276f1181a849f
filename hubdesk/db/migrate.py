"""Alembic migrations run automatically when a database is opened."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from hubdesk import paths
from hubdesk.i18n import _

# The newest revision this build knows; a test keeps it equal to the scripts' head, so that
# opening an up-to-date database never has to load Alembic.
HEAD_REVISION = "0016_read_indexes"


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


def schema_problems(conn: Connection) -> list[str]:
    """How the tables and columns of a database at the head revision differ from hubdesk's schema
    (the models in `hubdesk/db/schema`, which the migrations produce), one sentence each; [] when
    they match. A file that holds the revision but not the tables is not a hubdesk database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from hubdesk.db.schema import Base

    context = MigrationContext.configure(conn, opts={"render_as_batch": conn.dialect.name == "sqlite"})
    problems: list[str] = []
    missing_tables: list[str] = []
    for diff in _flatten(compare_metadata(context, Base.metadata)):
        kind = diff[0]
        if kind == "add_table":
            missing_tables.append(diff[1].name)
        elif kind == "add_column":
            problems.append(_("column {column} of table {table} is missing")
                            .format(table=diff[2], column=diff[3].name))
        elif kind == "remove_column":
            problems.append(_("table {table} has a column {column} hubdesk does not know")
                            .format(table=diff[2], column=diff[3].name))
        elif kind == "remove_table":
            problems.append(_("table {table} is not part of hubdesk's schema").format(table=diff[1].name))
        elif kind in ("add_index", "remove_index", "add_constraint", "remove_constraint", "add_fk", "remove_fk"):
            problems.append(_("an index or constraint differs from hubdesk's schema: {detail}")
                            .format(detail=f"{kind} {getattr(diff[1], 'name', '')}"))
        else:
            problems.append(_("the schema differs from hubdesk's: {detail}").format(detail=kind))
    if missing_tables:
        problems.insert(0, _("{count} of hubdesk's {total} tables are missing: {tables}")
                        .format(count=len(missing_tables), total=len(Base.metadata.tables),
                                tables=", ".join(sorted(missing_tables))))
    return problems


def file_schema_problems(path: Path) -> list[str]:
    """`schema_problems` of the SQLite file `path`, opened read only (nothing written, not even a WAL)."""
    import sqlite3

    from sqlalchemy import create_engine

    from hubdesk.db.engine import sqlite_uri

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True))
    try:
        with engine.connect() as conn:
            return schema_problems(conn)
    finally:
        engine.dispose()


def _flatten(diffs: list) -> list[tuple]:
    """compare_metadata lists column changes as lists of tuples inside the list."""
    flat: list[tuple] = []
    for diff in diffs:
        flat.extend(diff if isinstance(diff, list) else [diff])
    return flat


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
