"""Sign-in at start, without widgets: checking a password (a failure is committed even when the
password is wrong: it slows further attempts from this PC down, see domain/sign_in_throttle.py), giving the first administrator a password, and who is signed in.

The app calls `hubdesk.ui.accounts.dialog.sign_in(db, parent)`, which shows the dialogs and
ends up here. These writes come before any window and its context exist, and the dialogs show a
refusal beside the field at fault, so they use `operations.run_write` (write_op's transaction,
raising the refusal) rather than `write_op`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hubdesk.db.enums import Role
from hubdesk.domain.accounts import SignIn
from hubdesk.errors import DomainError
from hubdesk.i18n import _

if TYPE_CHECKING:
    from hubdesk.db.database import Database


@dataclass(frozen=True)
class PendingAdmin:
    """The administrator created at first run without a password (None: there is nobody yet)."""

    username: str
    display_name: str


def accounts_exist(db: Database) -> bool:
    from hubdesk.domain.accounts import accounts_exist as exist

    with db.read() as s:
        return exist(s)


def users_exist(db: Database) -> bool:
    from hubdesk.domain.accounts import users_exist as exist

    with db.read() as s:
        return exist(s)


def pending_admin(db: Database) -> PendingAdmin | None:
    """The first active administrator without a password, if any."""
    from sqlalchemy import select

    from hubdesk.db.schema import User

    with db.read() as s:
        user = s.scalar(select(User).where(User.role == Role.ADMIN, User.active.is_(True),
                                           User.password_hash.is_(None)).order_by(User.id).limit(1))
        return PendingAdmin(user.username, user.display_name) if user is not None else None


def server_sign_in(db: Database) -> SignIn | None:
    """On a PostgreSQL server set up by `hubdesk server-setup`, a person's hubdesk connects with
    their own login (the URL names it; the server checked its password): that person is signed in,
    without asking again. None on SQLite, on a login that is no account's, or an account closed."""
    from hubdesk.domain.accounts import signed_in_by_server

    with db.read() as s:
        return signed_in_by_server(s)


def attempt_sign_in(db: Database, username: str, password: str, *, now: dt.datetime | None = None) -> SignIn:
    """Check the password and make the person the actor of this process. A wrong password raises
    DomainError after its failure has been committed (after five in a row, each attempt from this
    PC waits longer)."""
    from hubdesk.db import audit
    from hubdesk.ui.common.operations import run_write

    signed = run_write(db, _authenticate_keeping_failures, username, password, now)
    if isinstance(signed, DomainError):
        raise signed
    audit.set_actor(signed.username, signed.role)
    return signed


def _authenticate_keeping_failures(session, username: str, password: str,
                                   now: dt.datetime | None) -> SignIn | DomainError:
    """The sign-in, or its refusal returned (not raised) so that the failure is committed."""
    from hubdesk.domain.accounts import authenticate

    try:
        return authenticate(session, username, password, now=now)
    except DomainError as exc:
        return exc


def check_same(password: str, again: str) -> None:
    if password != again:
        raise DomainError(_("The two passwords are not the same. Type the new password twice."),
                          field="password_again")


def set_initial_password(db: Database, username: str, password: str, again: str, *,
                         display_name: str | None = None) -> SignIn:
    """Give the first administrator a password (or create that administrator when the database has
    no user yet) and sign them in. Refused once any account has a password."""
    from hubdesk.db import audit
    from hubdesk.domain.accounts import check_password_rules
    from hubdesk.ui.common.operations import run_write

    check_same(password, again)
    check_password_rules(password)
    signed = run_write(db, _first_password, (username or "").strip(), password, display_name)
    audit.set_actor(signed.username, signed.role)
    return signed


def _first_password(session, username: str, password: str, display_name: str | None) -> SignIn:
    from hubdesk.db import audit
    from hubdesk.domain.accounts import accounts_exist as exist
    from hubdesk.domain.accounts import create_user, find_user, reset_password

    if exist(session):
        raise DomainError(_("An account with a password exists already. Sign in with it, or ask an "
                            "administrator to reset your password."), code="permission")
    with audit.acting_as(username or "admin", Role.ADMIN):
        user = find_user(session, username) if username else None
        if user is None:
            user = create_user(session, username=username, display_name=display_name or username,
                               role=Role.ADMIN, password=password)
        else:
            if user.role is not Role.ADMIN:
                raise DomainError(_("{name} is not an administrator. The first password is for the "
                                    "administrator.").format(name=user.username), field="username")
            reset_password(session, user.username, password)
    return SignIn(user.username, user.display_name, user.role)


def without_password(pending: PendingAdmin | None) -> SignIn:
    """Working before any account has a password ("Not now"): as the first administrator, or, on a
    database without users, as the operating-system user (an administrator, like the command line)."""
    if pending is not None:
        return SignIn(pending.username, pending.display_name, Role.ADMIN)
    from hubdesk.db.audit import os_actor

    actor = os_actor()
    return SignIn(actor, actor.removeprefix("os:"), Role.ADMIN)


def sign_out() -> None:
    from hubdesk.db import audit

    audit.set_actor(None)
