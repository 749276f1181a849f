"""Sign-in at start, without widgets: checking a password (the failure count is committed even when
the password is wrong), giving the first administrator a password, and who is signed in.

The app calls `hubdesk.ui.accounts.dialog.sign_in(db, parent)`, which shows the dialogs and
ends up here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hubdesk.db.enums import Role
from hubdesk.domain.accounts import SignIn
from hubdesk.errors import DomainError
from hubdesk.i18n import _


@dataclass(frozen=True)
class PendingAdmin:
    """The administrator created at first run without a password (None: there is nobody yet)."""

    username: str
    display_name: str


def accounts_exist(db) -> bool:
    from hubdesk.domain.accounts import accounts_exist as exist

    with db.read() as s:
        return exist(s)


def pending_admin(db) -> PendingAdmin | None:
    """The first active administrator without a password, if any."""
    from sqlalchemy import select

    from hubdesk.db.schema import User

    with db.read() as s:
        user = s.scalar(select(User).where(User.role == Role.ADMIN, User.active.is_(True),
                                           User.password_hash.is_(None)).order_by(User.id).limit(1))
        return PendingAdmin(user.username, user.display_name) if user is not None else None


def attempt_sign_in(db, username: str, password: str, *, now: dt.datetime | None = None) -> SignIn:
    """Check the password and make the person the actor of this process. A wrong password raises
    DomainError after its failure has been committed (five in a row lock the account)."""
    from hubdesk.db import audit
    from hubdesk.domain.accounts import authenticate

    refused: DomainError | None = None
    with db.write() as s:
        try:
            signed = authenticate(s, username, password, now=now)
        except DomainError as exc:
            refused = exc  # caught inside the transaction, so the failure count is committed
    if refused is not None:
        raise refused
    audit.set_actor(signed.username, signed.role)
    return signed


def check_same(password: str, again: str) -> None:
    if password != again:
        raise DomainError(_("The two passwords are not the same. Type the new password twice."),
                          field="password_again")


def set_initial_password(db, username: str, password: str, again: str, *,
                         display_name: str | None = None) -> SignIn:
    """Give the first administrator a password (or create that administrator when the database has
    no user yet) and sign them in. Refused once any account has a password."""
    from hubdesk.db import audit
    from hubdesk.domain.accounts import accounts_exist as exist
    from hubdesk.domain.accounts import check_password_rules, create_user, find_user, reset_password

    check_same(password, again)
    check_password_rules(password)
    username = (username or "").strip()
    with db.write() as s:
        if exist(s):
            raise DomainError(_("An account with a password exists already. Sign in with it, or ask an "
                                "administrator to reset your password."), code="permission")
        with audit.acting_as(username or "admin", Role.ADMIN):
            user = find_user(s, username) if username else None
            if user is None:
                user = create_user(s, username=username, display_name=display_name or username,
                                   role=Role.ADMIN, password=password)
            else:
                if user.role is not Role.ADMIN:
                    raise DomainError(_("{name} is not an administrator. The first password is for the "
                                        "administrator.").format(name=user.username), field="username")
                reset_password(s, user.username, password)
        signed = SignIn(user.username, user.display_name, user.role)
    audit.set_actor(signed.username, signed.role)
    return signed


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
