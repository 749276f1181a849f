"""`hubdesk restore FILE`: replace the SQLite database by a verified backup; the current file is
kept aside first. A backup from a newer hubdesk is refused."""

from __future__ import annotations

import argparse
from pathlib import Path

from hubdesk.errors import DatabaseProblem
from hubdesk.i18n import N_, _

NAME = "restore"
# who signs in is decided by the database being replaced, when it can be read; a damaged one (what
# restore is for) cannot say, and then the file's permissions decide
SIGN_IN = "if_readable"
HELP = N_("Replace the database by a backup copy (the current file is kept aside first).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help=_("the backup to restore"))


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.audit import current_role
    from hubdesk.db.backup import restore_database
    from hubdesk.db.database import open_database
    from hubdesk.db.engine import resolve_target, sqlite_path
    from hubdesk.db.enums import Role
    from hubdesk.errors import DomainError

    if current_role() is not Role.ADMIN:  # a file operation: no session hook sees it
        raise DomainError(_("Only an administrator can restore a backup."), code="permission")

    target = sqlite_path(resolve_target(args.db))
    if target is None:
        raise DatabaseProblem(_("Restoring is for the embedded SQLite database. Restore a PostgreSQL "
                                "server with its own tools (pg_restore)."))
    aside = restore_database(target, args.file)
    db = open_database(target)  # migrates an older backup to this version's schema
    db.dispose()
    print(_("Restored {backup} into {path}. The previous file was kept as {aside}.")
          .format(backup=args.file, path=target, aside=aside))
    return 0
