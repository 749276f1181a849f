"""`hubdesk restore FILE`: replace the SQLite database by a verified backup in one step; the current
file is kept aside first, even a damaged one. Refused while hubdesk has the database open elsewhere,
and for a backup from a newer hubdesk or one that is not a whole hubdesk database. The restore is
audited in the restored file (see hubdesk.db.backup.restore_database)."""

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
    result = restore_database(target, args.file)   # an older backup is migrated before it is put in place
    open_database(target).dispose()                # reads it as every command will
    print(restored_sentence(result))
    return 0


def restored_sentence(result) -> str:
    if result.aside is None:
        return _("Restored {backup} into {path}; there was no database there before.").format(
            backup=result.backup, path=result.target)
    if result.damaged:
        return _("Restored {backup} into {path}. The damaged file that was there was kept as {aside}.").format(
            backup=result.backup, path=result.target, aside=result.aside)
    return _("Restored {backup} into {path}. The previous file was kept as {aside}.").format(
        backup=result.backup, path=result.target, aside=result.aside)
