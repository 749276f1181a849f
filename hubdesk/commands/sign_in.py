"""Signing in on the command line, before a sub-command runs (hubdesk/cli.py calls `sign_in`).

- A database without password accounts: nothing is asked; the command acts as the
  operating-system user, an administrator (whoever may open the file may change it).
- With accounts, who acts is, in this order:
  1. `--user NAME` (or HUBDESK_USER): that account, with its password from HUBDESK_PASSWORD or
     typed at a prompt that does not show it;
  2. the account an administrator mapped to this operating-system account
     (`hubdesk users map-os-account NAME OSNAME`; the OS account is read from the system, not from
     the USER variable);
  3. on a terminal, the user name and password typed at prompts.
  Without any of them (a script with no terminal), the command is refused and says how to sign in.
- The sign-in is the app's (domain/accounts.authenticate): the same sentence for a wrong name or
  password, failures counted per name and source. A refused sign-in exits 2; Ctrl+C at a prompt
  exits 130 without a word (hubdesk/cli.py).
- Commands that open no database (`template`) and `check` (which must work on a damaged file, and
  changes nothing) do not sign in. `restore` signs in when the database it replaces can be read;
  when it cannot (the case restore exists for), the file's permissions decide, as they always do
  on SQLite.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Literal

from hubdesk.errors import DatabaseProblem, DomainError, UsageError
from hubdesk.i18n import _

if TYPE_CHECKING:
    from hubdesk.db.database import Database
    from hubdesk.domain.accounts import SignIn

# What a sub-command module may say in `SIGN_IN` (default "always").
SignInNeed = Literal["always", "never", "if_readable"]

USER_VARIABLE = "HUBDESK_USER"
PASSWORD_VARIABLE = "HUBDESK_PASSWORD"


def sign_in(args: argparse.Namespace, need: SignInNeed) -> SignIn | None:
    """Sign in for the command `args` names; returns who acts (None: nobody had to sign in)."""
    if need == "never":
        return None
    db = _open(args, need)
    if db is None:
        return None
    try:
        return _sign_in(db, args)
    finally:
        db.dispose()


def _open(args: argparse.Namespace, need: SignInNeed) -> Database | None:
    from hubdesk.db.database import open_database
    from hubdesk.db.engine import resolve_target, sqlite_path

    try:
        path = sqlite_path(resolve_target(args.db))
    except DatabaseProblem:
        if need == "if_readable":
            return None
        raise
    if path is not None and not path.exists():
        return None     # a database not made yet has no accounts; the command says what it does then
    if need == "if_readable":
        if path is not None and not _has_accounts_unchanged(path):
            return None
        try:
            return open_database(args.db)
        except DatabaseProblem:
            return None
    return open_database(args.db)


def _has_accounts_unchanged(path) -> bool:
    """Whether the SQLite file holds password accounts, read without changing a byte of it (the file a
    restore replaces may be damaged, or not hubdesk's): opened read-only, no journal mode set, no
    migration, no lock taken."""
    import sqlite3

    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

    from hubdesk.db.engine import sqlite_uri
    from hubdesk.domain.accounts import accounts_exist

    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True))
    try:
        with Session(engine) as session:
            return accounts_exist(session)
    except (DBAPIError, sqlite3.Error):
        return False
    finally:
        engine.dispose()


def _sign_in(db: Database, args: argparse.Namespace) -> SignIn | None:
    from hubdesk.db import audit
    from hubdesk.domain.accounts import SignIn, accounts_exist, find_by_os_account, signed_in_by_server
    from hubdesk.domain.sign_in_throttle import os_account_name

    with db.read() as session:
        if not accounts_exist(session):
            return None
        by_server = signed_in_by_server(session)      # a person's own PostgreSQL login
        if by_server is not None:
            audit.set_actor(by_server.username, by_server.role)
            return by_server
        username = (getattr(args, "user", None) or os.environ.get(USER_VARIABLE) or "").strip()
        if not username:
            mapped = find_by_os_account(session, os_account_name())
            if mapped is not None and mapped.active:
                signed = SignIn(mapped.username, mapped.display_name, mapped.role)
                audit.set_actor(signed.username, signed.role)
                return signed
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if not username:
        if not interactive:
            raise UsageError(_("This database has accounts: sign in to use it. Give your user name with "
                               "--user NAME (or HUBDESK_USER) and your password at the prompt or in "
                               "HUBDESK_PASSWORD, or ask an administrator to map your operating-system "
                               "account to yours."))
        username = _ask(_("User name: ")).strip()
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not interactive:
            raise UsageError(_("There is no terminal to ask for the password of {name}. Give it in "
                               "HUBDESK_PASSWORD.").format(name=username))
        password = _ask_password(_("Password for {name}: ").format(name=username))
    signed = _authenticate(db, username, password)
    audit.set_actor(signed.username, signed.role)
    return signed


def _authenticate(db: Database, username: str, password: str) -> SignIn:
    """The app's sign-in; a failure is committed (it slows further attempts down) and refused."""
    from hubdesk.domain.accounts import authenticate

    refused: DomainError | None = None
    with db.write() as session:
        try:
            return authenticate(session, username, password)
        except DomainError as exc:
            refused = exc
    assert refused is not None
    raise UsageError(refused.message)


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise UsageError(_("No user name was given, so nothing was done."))
    return line.rstrip("\n")


def _ask_password(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt, stream=sys.stderr)
    except EOFError:
        raise UsageError(_("No password was given, so nothing was done.")) from None


__all__ = ["PASSWORD_VARIABLE", "USER_VARIABLE", "SignInNeed", "sign_in"]
