"""`hubdesk users map-os-account USERNAME OSNAME`: an administrator maps an operating-system account
to a hubdesk account, so that the command line run by that OS user acts as it without a password
(`--remove` takes the mapping away). See hubdesk/commands/sign_in.py."""

from __future__ import annotations

import argparse

from hubdesk.errors import UsageError
from hubdesk.i18n import N_, _

NAME = "users"
HELP = N_("Manage accounts from the command line: map an operating-system account to a hubdesk account "
          "(administrators only).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", title=_("actions"))
    actions.required = True
    mapping = actions.add_parser(
        "map-os-account", help=_("let an operating-system account use the command line as a hubdesk account"),
        description=_("The command line run by the operating-system account OSNAME then acts as USERNAME "
                      "without asking for a password."))
    mapping.add_argument("username", metavar="USERNAME", help=_("the hubdesk account"))
    mapping.add_argument("os_name", metavar="OSNAME", nargs="?", help=_("the operating-system account"))
    mapping.add_argument("--remove", action="store_true", help=_("take the account's mapping away"))


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database
    from hubdesk.domain.accounts import map_os_account

    if bool(args.os_name) == bool(args.remove):
        raise UsageError(_("Give either the operating-system account to map, or --remove."))
    db = open_database(args.db)
    try:
        with db.write() as session:
            user = map_os_account(session, args.username, None if args.remove else args.os_name)
            username, os_name = user.username, user.os_account
    finally:
        db.dispose()
    if os_name is None:
        print(_("{name} has no operating-system account mapped any more.").format(name=username))
    else:
        print(_("The command line run by the operating-system account {os_name} now acts as {name}.")
              .format(os_name=os_name, name=username))
    return 0
