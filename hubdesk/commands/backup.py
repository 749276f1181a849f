"""`hubdesk backup [--out FILE]`: a consistent, verified copy of the SQLite database."""

from __future__ import annotations

import argparse
from pathlib import Path

from hubdesk.i18n import N_, _

NAME = "backup"
HELP = N_("Write a consistent, verified backup copy of the database (default: the backups folder "
          "beside it).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", type=Path,
                        help=_("where to write the backup (default: a dated file in the backups folder)"))


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.backup import backup_database
    from hubdesk.db.database import open_database

    db = open_database(args.db)
    try:
        out = backup_database(db, args.out)
    finally:
        db.dispose()
    print(_("Backup written and verified: {path}").format(path=out))
    return 0
