"""User accounts: sign-in that answers the same for every name and slows guessing down without
locking anybody out (hubdesk.domain.sign_in_throttle), scrypt password hashes
(hubdesk.domain.passwords), password resets by an administrator, operating-system accounts mapped
to accounts for the command line, and changes to an account (name, role, language, may sign in)
that never leave the foundation without an active administrator."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubdesk.db import pg_roles
from hubdesk.domain import clock, sign_in_throttle
from hubdesk.db.audit import OS_ACTOR_PREFIX, SIGN_IN_ACTOR_NAME, acting_as, current_actor, current_role
from hubdesk.db.enums import Role
from hubdesk.db.schema import User
from hubdesk.domain.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from hubdesk.domain.texts import require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

MIN_PASSWORD_LENGTH = 8


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


def display_name(actor: str | None, account: User | None) -> str | None:
    """What `display_names` says of one actor whose account (or None) was read with the record."""
    if account is not None and actor and not actor.startswith(OS_ACTOR_PREFIX):
        return account.display_name or actor
    return actor


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


def authenticate(session: Session, username: str, password: str, *, now: dt.datetime | None = None,
                 source: str | None = None) -> SignIn:
    """Check a password, from `source` (default: where this process signs in from).

    A name nobody has, an account that may not sign in and a wrong password get the same answer
    after the same work (the password is checked against a hash with the same parameters), and
    are counted the same way; after the fifth failure from a source, each attempt from it waits
    longer (hubdesk.domain.sign_in_throttle), and an attempt made before its wait is over is
    answered without checking anything. A hash made with weaker parameters than today's is
    replaced by a new one on success. The caller commits the session either way (failures are kept).
    """
    now = now or clock.utc_now()
    source = source or sign_in_throttle.source_of(session)
    with acting_as(SIGN_IN_ACTOR_NAME, Role.VIEWER):
        wait = sign_in_throttle.remaining(session, username, source, now)
        if wait is not None:
            raise sign_in_throttle.waiting_error(wait)
        user = find_user(session, username)
        stored = user.password_hash if user is not None and user.active else None
        matches = verify_password(password, stored or dummy_hash())
        if user is None or stored is None or not matches:
            wait = sign_in_throttle.record_failure(session, username, source, now)
            raise sign_in_throttle.wrong_error(wait)
        sign_in_throttle.clear(session, username, source)
        if needs_rehash(stored):
            user.password_hash = hash_password(password)
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
    """An administrator sets a new password (and forgets the account's failed sign-ins)."""
    if current_role() is not Role.ADMIN:
        raise DomainError(_("Only an administrator can reset passwords."), code="permission")
    user = find_user(session, username)
    if user is None:
        raise DomainError(_("There is no user named {name}.").format(name=username), field="username")
    check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    sign_in_throttle.clear(session, user.username)
    session.flush()
    pg_roles.set_login_password(session, user.username, new_password)


def signed_in_by_server(session: Session) -> SignIn | None:
    """On a PostgreSQL server set up by `hubdesk server-setup`, a connection made with a person's
    own login (the server checked its password) is that person: the app and the command line sign
    them in without asking again. None on SQLite, on a login that is no account's, or an account closed."""
    username = pg_roles.connected_account(session)
    user = find_user(session, username) if username else None
    if user is None or not user.active or user.username != username:
        return None
    return SignIn(user.username, user.display_name, user.role)


def map_os_account(session: Session, username: str, os_name: str | None) -> User:
    """Map the operating-system account `os_name` to the account `username` (None or empty: remove
    its mapping). The command line run by that OS user then acts as this account without asking
    for a password. Administrators only (the permission hook refuses others)."""
    user = find_user(session, username)
    if user is None:
        raise DomainError(_("There is no user named {name}.").format(name=username), field="username")
    os_name = (os_name or "").strip() or None
    if os_name is not None:
        require_storable(User, "os_account", os_name)
        holder = find_by_os_account(session, os_name)
        if holder is not None and holder.id != user.id:
            raise DomainError(_("The operating-system account {os_name} is already mapped to {name}. Remove "
                                "that mapping first.").format(os_name=os_name, name=holder.username),
                              field="os_account")
    user.os_account = os_name
    session.flush()
    return user


def find_by_os_account(session: Session, os_name: str) -> User | None:
    """The account an administrator mapped the operating-system account `os_name` to."""
    if not os_name or "\x00" in os_name:
        return None
    return session.scalar(select(User).where(User.os_account == os_name))


__all__ = ["OS_ACTOR_PREFIX", "SignIn", "accounts_exist", "authenticate", "change_own_password", "display_name",
           "check_keeps_an_administrator", "create_user", "current_actor", "display_names", "find_by_os_account", "find_user",
           "hash_password", "map_os_account", "reset_password", "signed_in_by_server", "update_user", "users_exist", "verify_password"]
