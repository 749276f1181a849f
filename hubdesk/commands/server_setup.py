"""`hubdesk --db postgresql+psycopg://owner@host/db server-setup`: make the PostgreSQL server enforce
the roles (group roles with the rules' grants, a login role per account, the accounts table
protected row by row). Run once by the login that owns the database, and again at will: it is
idempotent. See `hubdesk.db.pg_roles`."""

from __future__ import annotations

import argparse

from hubdesk.i18n import N_, _, ngettext

NAME = "server-setup"
# The server decides who may run it (the login must own the tables and create roles; setup_server
# refuses others with a sentence), and the owner's login is nobody's account: nobody signs in.
SIGN_IN = "never"
HELP = N_("On a PostgreSQL database: create the group roles, grant them what each hubdesk role may do, "
          "and give every account a login of its own. Run it with the login that owns the database.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group-prefix", default="hubdesk_", metavar="PREFIX",
                        help=_("the start of the group roles' names (default: hubdesk_, as in hubdesk_staff)"))
    parser.add_argument("--login-prefix", default="hd_", metavar="PREFIX",
                        help=_("the start of each person's login (default: hd_, as in hd_kim)"))


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database, translate_db_errors
    from hubdesk.db.pg_roles import RoleNames, setup_server

    db = open_database(args.db)
    try:
        with translate_db_errors(db):
            summary = setup_server(db.engine, RoleNames(args.group_prefix, args.login_prefix))
    finally:
        db.dispose()
    print(_("{name} is set up: the groups {groups} hold the rules' grants on {tables} tables; the audit "
            "table takes inserts only.").format(name=db.display_name, groups=", ".join(summary.names.groups),
                                                tables=summary.tables))
    print(ngettext("{count} account has its own login: {logins}.",
                   "{count} accounts have their own login: {logins}.", len(summary.logins))
          .format(count=len(summary.logins), logins=", ".join(summary.logins) or "-"))
    return 0
