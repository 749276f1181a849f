"""User accounts: scrypt password hashes (memory-hard, from the standard library), sign-in with a
temporary lock after repeated failures, password resets by an administrator, and changes to an
account (name, role, language, may sign in) that never leave the foundation without an active
administrator."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubdesk.db import pg_roles
from hubdesk.domain import clock
from hubdesk.db.audit import OS_ACTOR_PREFIX, SIGN_IN_ACTOR_NAME, acting_as, current_actor, current_role
from hubdesk.db.enums import Role
from hubdesk.db.schema import User
from hubdesk.domain.texts import require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

# scrypt parameters: n=2**15, r=8 -> 32 MiB of memory per hash, ~0.1 s here.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=256 * 1024 * 1024, dklen=32)
    return "scrypt${}${}${}${}${}".format(n, SCRYPT_R, SCRYPT_P, base64.b64encode(salt).decode(),
                                          base64.b64encode(digest).decode())


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), maxmem=256 * 1024 * 1024, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise DomainError(_("{role} is not a role. Choose admin, manager, staff or viewer.").format(role=role),
                          field="role") from None


def check_keeps_an_administrator(session: Session, user: User, role: Role, active: bool) -> None:
    """The last active administrator stays one: refuse a change that would take the role away
    from them or close their account (nobody could manage accounts any more)."""
    if user.role is not Role.ADMIN or not user.active or (role is Role.ADMIN and active):
        return
    others = session.scalar(select(func.count(User.id)).where(
        User.role == Role.ADMIN, User.active.is_(True), User.id != user.id))
    if not others:
        raise DomainError(_("{name} is the last active administrator. Make another user an administrator "
                            "first.").format(name=user.username), field="role", code="last_admin")


def update_user(session: Session, username: str, *, display_name: str, role: Role | str, language: str | None,
                active: bool) -> User:
    """Change an account's full name, role, language and whether it may sign in (administrators
    only: the permission hook refuses others)."""
    user = find_user(session, username)
    if user is None:
        raise DomainError(_("There is no user named {name}.").format(name=username), field="username")
    role = _role(role)
    display_name = (display_name or "").strip() or user.username
    require_storable(User, "display_name", display_name)
    require_storable(User, "language", language)
    check_keeps_an_administrator(session, user, role, bool(active))
    user.display_name, user.role, user.language, user.active = display_name, role, language, bool(active)
    session.flush()
    return user


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(ngettext("The password must have at least {n} character. Choose a longer one.",
                                   "The password must have at least {n} characters. Choose a longer one.",
                                   MIN_PASSWORD_LENGTH).format(n=MIN_PASSWORD_LENGTH), field="password")


def accounts_exist(session: Session) -> bool:
    return bool(session.scalar(select(func.count(User.id)).where(User.password_hash.is_not(None))))


def users_exist(session: Session) -> bool:
    """Whether the database has any user account at all (a demo or command-line database has none)."""
    return session.scalar(select(User.id).limit(1)) is not None


def display_names(session: Session, actors: set[str] | list[str]) -> dict[str, str]:
    """The display names of the accounts among `actors` (user names as the audit trail and the
    histories record them); an actor without an account is left out."""
    wanted = {a for a in actors if a and not a.startswith(OS_ACTOR_PREFIX)}
    if not wanted:
        return {}
    rows = session.execute(select(User.username, User.display_name).where(User.username.in_(wanted)))
    return {username: display or username for username, display in rows}


def find_user(session: Session, username: str) -> User | None:
    """The user with this name, ignoring case. SQL's lower() folds only ASCII on SQLite (and
    depends on the collation on PostgreSQL), so "Đức" and "đức" are compared here, in Python."""
    name = username.strip()
    if not name or "\x00" in name:   # no user has such a name (and PostgreSQL refuses NUL in a query)
        return None
    user = session.scalar(select(User).where(User.username == name))
    if user is not None:
        return user
    key = name.casefold()
    return next((u for u in session.scalars(select(User)) if u.username.casefold() == key), None)


def create_user(session: Session, *, username: str, display_name: str, role: Role | str,
                password: str | None = None, language: str | None = None) -> User:
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Enter a user name."), field="username")
    require_storable(User, "username", username)
    require_storable(User, "display_name", (display_name or username).strip())
    require_storable(User, "language", language)
    if find_user(session, username) is not None:
        raise DomainError(_("The user name {name} is already taken. Choose another one.").format(name=username),
                          field="username")
    role = _role(role)
    if password is not None:
        check_password_rules(password)
    login = pg_roles.login_name(session, username)
    if login is not None and len(login.encode("utf-8")) > pg_roles.MAX_ROLE_NAME_BYTES:
        raise DomainError(_("The user name {name} is too long for a login on the database server. Choose a "
                            "shorter one.").format(name=username), field="username")
    user = User(username=username, display_name=(display_name or username).strip(), role=role,
                password_hash=hash_password(password) if password is not None else None, language=language)
    session.add(user)
    session.flush()
    if password is not None:
        pg_roles.set_login_password(session, username, password)   # PostgreSQL, once set up
    return user


@dataclass
class SignIn:
    username: str
    display_name: str
    role: Role


def authenticate(session: Session, username: str, password: str, *, now: dt.datetime | None = None) -> SignIn:
    """Check a password. Five failures in a row lock the account for fifteen minutes.
    The caller commits the session either way (the failure count must be kept)."""
    now = now or clock.utc_now()
    user = find_user(session, username)
    wrong = DomainError(_("The user name or password is wrong. Check them and try again."), code="sign_in")
    if user is None or not user.active:
        verify_password(password, hash_password("timing-equaliser", n=2**10))
        raise wrong
    with acting_as(SIGN_IN_ACTOR_NAME, Role.VIEWER):
        if user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            raise DomainError(ngettext("Too many failed sign-ins. Try again in {n} minute or ask an administrator "
                                       "to reset your password.",
                                       "Too many failed sign-ins. Try again in {n} minutes or ask an administrator "
                                       "to reset your password.", minutes).format(n=minutes), code="locked")
        if not verify_password(password, user.password_hash):
            user.failed_logins = (user.failed_logins or 0) + 1
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                user.failed_logins = 0
            session.flush()
            raise wrong
        if user.failed_logins or user.locked_until:
            user.failed_logins = 0
            user.locked_until = None
            session.flush()
        if pg_roles.login_needs_password(session, user.username):
            # an account older than server-setup: its database login takes the password it signs in with
            pg_roles.set_login_password(session, user.username, password)
    return SignIn(user.username, user.display_name, user.role)


def change_own_password(session: Session, username: str, old: str, new: str) -> None:
    user = find_user(session, username)
    if user is None or not verify_password(old, user.password_hash):
        raise DomainError(_("The current password is wrong."), field="old_password")
    check_password_rules(new)
    with acting_as(user.username, user.role):
        user.password_hash = hash_password(new)
        session.flush()
        pg_roles.set_login_password(session, user.username, new)


def reset_password(session: Session, username: str, new_password: str) -> None:
    """An administrator sets a new password (and lifts a sign-in lock)."""
    if current_role() is not Role.ADMIN:
        raise DomainError(_("Only an administrator can reset passwords."), code="permission")
    user = find_user(session, username)
    if user is None:
        raise DomainError(_("There is no user named {name}.").format(name=username), field="username")
    check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    pg_roles.set_login_password(session, user.username, new_password)


__all__ = ["OS_ACTOR_PREFIX", "SignIn", "accounts_exist", "authenticate", "change_own_password",
           "check_keeps_an_administrator", "create_user", "current_actor", "display_names", "find_user",
           "hash_password", "reset_password", "update_user", "users_exist", "verify_password"]
