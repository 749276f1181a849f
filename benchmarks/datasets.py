"""The databases and files the benchmarks measure on, kept in `benchmarks/cache/` (git-ignored).

- `empty.db`: a freshly migrated database, written again on every run; its schema is the
  fingerprint the cached demo databases must match.
- `<size>.db` for size small / large / huge: `hubdesk demo --size <size>` output. A cached file
  is reused while its schema equals the current migration's; otherwise it is replaced by a copy of
  `/tmp/demo_<size>.db` when that one has the current schema (copied with SQLite's backup API, so
  a file in use elsewhere is copied consistently), else generated again (huge: minutes). When the
  only difference is in indexes (a new index in the migration), the indexes are created or
  dropped in place instead.
- `organizations-<rows>.xlsx`: the import benchmark's workbook (bench_import.rows).

On a PostgreSQL server (`run.py --db-url`): the demo data in `hubdesk_bench_<size>`
(`pg_demo_database`), an empty migrated `hubdesk_bench_empty` (the memory floor) and scratch
databases made and dropped around each import (`pg_fresh_database`, `pg_drop_database`).
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

from harness import HERE, PYTHON, ROOT, child_env

CACHE = HERE / "cache"
SHARED_COPIES = Path("/tmp")


def _say(text: str) -> None:
    print(f"[datasets] {text}", flush=True)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _normal_sql(sql: str | None) -> str:
    """A CREATE statement with its lines in a fixed order: SQLAlchemy writes a table's constraints
    in the order of a set, which changes with each process's string hashing, so the same schema
    made twice compared unequal and a good huge.db was thrown away and generated again (15 min)."""
    return "\n".join(sorted(line.strip().rstrip(",").strip() for line in (sql or "").splitlines()))


def schema_of(path: Path) -> list[tuple] | None:
    """The schema objects of a SQLite file and its Alembic revision (None when unreadable); each
    CREATE statement with its lines sorted (`_normal_sql`): the same schema compares equal."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = [(kind, name, table, _normal_sql(sql)) for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")]
        rows += conn.execute("SELECT 'revision', version_num, '', '' FROM alembic_version").fetchall()
        return rows
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def empty_database() -> Path:
    """A freshly migrated, empty database (rewritten each time)."""
    from hubdesk.db.database import open_database

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "empty.db"
    _remove(path)
    open_database(path).dispose()
    return path


def _only_indexes_differ(found: list[tuple] | None, expected: list[tuple]) -> bool:
    """The same tables, only indexes differ (and the revision, when a migration only added or
    dropped indexes, like 0016): the file is aligned, not generated again (huge: 5–7 minutes)."""
    if found is None:
        return False
    derived = ("index", "revision")
    return ({r for r in found if r[0] not in derived} == {r for r in expected if r[0] not in derived}
            and any(r[0] == "index" for r in set(found) ^ set(expected)))


def _align_indexes(path: Path, expected: list[tuple]) -> None:
    """Create the indexes the current schema has and the file lacks, drop those it no longer has
    (an index is derived data: the file then equals a freshly generated one)."""
    found = set(schema_of(path) or [])
    wanted = {r for r in expected if r[0] == "index"}
    conn = sqlite3.connect(path)
    try:
        for _type, name, _table, _sql in sorted(r for r in found - wanted if r[0] == "index"):
            _say(f"dropping index {name}")
            conn.execute(f'DROP INDEX "{name}"')
        for _type, name, _table, sql in sorted(wanted - found):
            _say(f"creating index {name}")
            conn.execute(sql)
        for _type, revision, _table, _sql in (r for r in expected if r[0] == "revision"):
            conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    _say(f"copying {source} ({source.stat().st_size / 1e6:,.0f} MB) to {target}")
    started = time.perf_counter()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    _say(f"copied in {time.perf_counter() - started:.1f} s")


def demo_database(size: str, *, regenerate: bool = False) -> Path:
    """The cached demo database of `size`, with the current schema. A cached file or shared copy
    whose schema differs from the current one only by indexes is brought up to date by creating and
    dropping those indexes (seconds) rather than generated again (minutes)."""
    expected = schema_of(empty_database())
    path = CACHE / f"{size}.db"
    shared = SHARED_COPIES / f"demo_{size}.db"
    if not regenerate:
        if path.exists() and schema_of(path) == expected:
            return path
        if path.exists() and _only_indexes_differ(schema_of(path), expected):
            _align_indexes(path, expected)
            if schema_of(path) == expected:
                return path
        if shared.exists() and (schema_of(shared) == expected or _only_indexes_differ(schema_of(shared), expected)):
            _remove(path)
            _copy(shared, path)
            if schema_of(path) != expected:
                _align_indexes(path, expected)
            if schema_of(path) == expected:
                return path
    _remove(path)
    _say(f"generating the {size} demo database into {path} (huge takes several minutes)")
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "hubdesk", "--db", str(path), "demo", "--size", size],
                   check=True, cwd=ROOT, env=child_env())
    _say(f"generated in {time.perf_counter() - started:.0f} s")
    return path


def organizations_workbook(rows: int) -> Path:
    """The .xlsx of `rows` organizations that bench_import.py writes (Korean headers, a contact each)."""
    import bench_import
    from hubdesk.interchange.exporter import export_rows

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"organizations-{rows}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".tmp.xlsx")
        export_rows(tmp, bench_import.HEADERS, bench_import.rows(rows))
        tmp.replace(path)
    return path


def pg_demo_database(admin_url: str, size: str) -> tuple[str, float | None]:
    """The URL of a database `hubdesk_bench_<size>` on the PostgreSQL server of `admin_url`, holding
    the demo data of `size`, and the seconds generating it took (None: it was there already, with
    the current schema, or migrated to it from an older revision). A database with an unknown schema
    or no demo data is dropped and generated again with `hubdesk demo` (the same code as for
    SQLite: the domain's bulk inserts)."""
    import psycopg
    from sqlalchemy.engine import make_url

    from hubdesk.db import migrate

    base = make_url(admin_url)
    name = f"hubdesk_bench_{size}"
    conninfo = dict(host=base.host or "127.0.0.1", port=base.port or 5432, user=base.username,
                    password=base.password or None, dbname=base.database or "postgres")
    url = base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:
        try:
            with psycopg.connect(**(conninfo | {"dbname": name})) as conn:
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                bookings = conn.execute("SELECT count(*) FROM booking").fetchone()[0]
            if revision and revision[0] in migrate.known_revisions() and bookings:
                if revision[0] != migrate.HEAD_REVISION:
                    # an older schema is brought up to date as an office's server would be (the
                    # app's own migrations), not generated again (huge: 10-16 minutes)
                    _say(f"migrating {name} on the server from {revision[0]} to {migrate.HEAD_REVISION}")
                    from sqlalchemy import create_engine

                    engine = create_engine(url)
                    try:
                        migrate.upgrade(engine)
                    finally:
                        engine.dispose()
                _analyse(conninfo | {"dbname": name})
                _say(f"reusing {name} on the server ({bookings:,} bookings)")
                return url, None
        except psycopg.Error:
            pass
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    _say(f"generating the {size} demo data in {name} on the PostgreSQL server")
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "hubdesk", "--db", url, "demo", "--size", size],
                   check=True, cwd=ROOT, env=child_env())
    seconds = time.perf_counter() - started
    _say(f"generated in {seconds:.0f} s")
    return url, seconds


def _analyse(conninfo: dict) -> None:
    """VACUUM (ANALYZE) a database whose tables were never vacuumed nor analysed (`hubdesk demo`
    does both for what it made; a database generated before it did, or migrated since, may hold no
    statistics and no visibility map): planned as for empty tables, some statements took ten times
    longer than on a server that had run a while, and index-only scans read the table too."""
    import psycopg

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        known = conn.execute("SELECT (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) "
                             "AND (last_vacuum IS NOT NULL OR last_autovacuum IS NOT NULL) "
                             "FROM pg_stat_user_tables WHERE relname = 'booking'").fetchone()
        if not (known and known[0]):
            _say("vacuuming and analysing it (the server has not yet done so)")
            conn.execute("VACUUM (ANALYZE)")


def _admin_conninfo(admin_url: str) -> dict:
    from sqlalchemy.engine import make_url

    base = make_url(admin_url)
    return dict(host=base.host or "127.0.0.1", port=base.port or 5432, user=base.username,
                password=base.password or None, dbname=base.database or "postgres")


def pg_fresh_database(admin_url: str, name: str, *, migrate: bool = True) -> str:
    """The URL of the database `name` on the server of `admin_url`, dropped if it was there and
    created empty (migrated to the current schema unless `migrate=False`)."""
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(**_admin_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    if migrate:
        from hubdesk.db.database import open_database

        open_database(url, create=True).dispose()
    return url


def pg_drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(**_admin_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
