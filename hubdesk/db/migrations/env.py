"""Alembic environment: run by hubdesk.db.migrate on a connection it hands over."""

from __future__ import annotations

from alembic import context

from hubdesk.db.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # used from the alembic command line during development
        from hubdesk.db.engine import make_engine, resolve_target

        engine = make_engine(resolve_target(config.get_main_option("sqlalchemy.url") or None))
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover
    raise SystemExit("hubdesk migrations run online only")
run_migrations_online()
