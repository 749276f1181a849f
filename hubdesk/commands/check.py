"""`hubdesk check`: integrity check, foreign-key check, schema at the latest revision with hubdesk's
tables and columns (not only the revision: a file holding only `alembic_version` is not healthy), and
every stored document hashed again (`hubdesk.domain.documents.verify`).

Never creates, migrates or otherwise changes the database: a SQLite file is first looked at
read-only, and only a file already at the latest revision is opened the normal way.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from hubdesk.errors import DatabaseProblem
from hubdesk.i18n import N_, _, ngettext

NAME = "check"
SIGN_IN = "never"  # works on a damaged file and changes nothing: nobody signs in
HELP = N_("Check the database: integrity, foreign keys, that its schema is at the latest revision "
          "with all of hubdesk's tables and columns, and that every stored document matches its hash. "
          "Changes nothing; exits 0 only when the database is healthy.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.database import healthy_report, open_database, translate_db_errors
    from hubdesk.db.engine import check_sqlite_file, make_engine, resolve_target, sqlite_path

    url = resolve_target(args.db)
    path = sqlite_path(url)
    if path is not None:
        from hubdesk.db.database import interrupted_restore_leftovers, open_database as _open

        if not path.exists() and interrupted_restore_leftovers(path):
            _open(path)             # says where the data is, and creates nothing
        if not path.exists():
            raise DatabaseProblem(_("There is no database at {path}. Check the path, or create one by "
                                    "opening it with hubdesk.").format(path=path))
        check_sqlite_file(path)
        _refuse_unless_at_head(path)
        from hubdesk.db import migrate

        hollow = migrate.file_schema_problems(path)   # before opening: a file without the tables cannot be opened
        if hollow:
            return _report(str(path), hollow)
    else:
        make_engine(url).dispose()  # refuses an unknown URL scheme with a sentence

    db = open_database(url, migrate_schema=False)
    try:
        with translate_db_errors(db):
            problems = healthy_report(db)
            if not problems:
                from hubdesk.domain import documents

                with db.read() as session:
                    problems = documents.verify(session)
        name = db.display_name
    finally:
        db.dispose()
    if problems:
        return _report(name, problems)
    print(_("{name} is healthy: the integrity and foreign-key checks passed and the schema is at the "
            "latest revision.").format(name=name))
    return 0


def _report(name: str, problems: list[str]) -> int:
    print(ngettext("{name} has {count} problem:", "{name} has {count} problems:", len(problems))
          .format(name=name, count=len(problems)), file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _refuse_unless_at_head(path: Path) -> None:
    """Read the schema revision without writing anything (not even the WAL switch)."""
    from hubdesk.db import migrate

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseProblem(_("Cannot open the database {name}. Check that the folder exists and that "
                                "you may write to it.").format(name=path)) from exc
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(_("{name} is not a hubdesk database or is damaged. Check the path, or "
                                "restore the database from a backup.").format(name=path)) from exc
    finally:
        conn.close()
    if revision == migrate.HEAD_REVISION:
        return
    if revision is None:
        if tables:
            raise DatabaseProblem(_("{name} is a SQLite database but not a hubdesk database. Choose "
                                    "another file; nothing was changed.").format(name=path))
        raise DatabaseProblem(_("{path} is an empty database: it holds no hubdesk data yet. Open it with "
                                "hubdesk to set it up; nothing was changed.").format(path=path))
    if revision not in migrate.known_revisions():
        raise DatabaseProblem(_("{name} was written by a newer version of hubdesk (schema {rev}). "
                                "Install the newer hubdesk to open it; nothing was changed.")
                              .format(name=path, rev=revision))
    raise DatabaseProblem(_("{path} has schema revision {rev}, older than this hubdesk's {head}. Open it "
                            "with hubdesk to update it (a backup copy is made first); nothing was changed.")
                          .format(path=path, rev=revision, head=migrate.HEAD_REVISION))
