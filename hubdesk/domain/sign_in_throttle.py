"""Slowing down password guessing without keeping anybody out.

Failed sign-ins are counted per account name and per source, in `sign_in_throttle`, for names
nobody has as much as for real accounts, so the answers never tell them apart. The first
FREE_FAILURES failures cost nothing; after the fifth, each further attempt from that source for
that name waits 2, 4, 8 … seconds, at most MAX_WAIT. A correct password from another source is
never held up by failures from this one, and the wait is over by itself: nobody can lock the
administrator out. A successful sign-in clears its own count; an administrator's password reset
clears every count of the account; a count untouched for FORGET_AFTER starts again.

The source is who is trying from where:
- on PostgreSQL, the client address the server sees (`inet_client_addr()`), which a client
  cannot choose; over a local socket, where there is none, as on SQLite:
- the operating-system account and the computer's name (`kim@office-pc`). On SQLite the file's
  permissions are the real boundary (whoever can read the file can read its hashes); the delays
  there slow down guessing at the sign-in dialog and the command line.

The account name is stored as a digest of its case-folded form: the table holds no names, and no
password typed into the name field by mistake.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import socket

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from hubdesk.db.schema import SignInThrottle
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

FREE_FAILURES = 5
MAX_WAIT = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(days=1)
SOURCE_LENGTH = 200


def account_key(username: str) -> str:
    return hashlib.sha256((username or "").strip().casefold().encode("utf-8", "surrogatepass")).hexdigest()


def os_account_name() -> str:
    """The operating-system account this process runs as, from the system itself (not from the
    USER or LOGNAME variables, which anyone can set)."""
    import os

    try:
        import pwd
    except ImportError:   # Windows: GetUserNameW
        try:
            return os.getlogin()
        except OSError:
            return "unknown"
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def source_of(session: Session) -> str:
    """Where this sign-in comes from (see the module's description)."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        address = session.scalar(text("SELECT host(inet_client_addr())"))
        if address:
            return f"address:{address}"[:SOURCE_LENGTH]
    return f"os:{os_account_name()}@{socket.gethostname()}"[:SOURCE_LENGTH]


def wait_after(failures: int) -> dt.timedelta:
    """How long the next attempt waits after `failures` failures in a row."""
    if failures < FREE_FAILURES:
        return dt.timedelta(0)
    extra = failures - FREE_FAILURES + 1
    if extra >= 20:   # 2**20 seconds is far beyond the cap
        return MAX_WAIT
    return min(dt.timedelta(seconds=2**extra), MAX_WAIT)


def _row(session: Session, key: str, source: str) -> SignInThrottle | None:
    return session.scalar(select(SignInThrottle).where(SignInThrottle.account_key == key,
                                                      SignInThrottle.source == source))


def remaining(session: Session, username: str, source: str, now: dt.datetime) -> dt.timedelta | None:
    """How long this name must still wait from this source (None: it may try now)."""
    row = _row(session, account_key(username), source)
    if row is None or row.wait_until is None or row.wait_until <= now:
        return None
    return row.wait_until - now


def record_failure(session: Session, username: str, source: str, now: dt.datetime) -> dt.timedelta:
    """Count a failure; returns how long the next attempt must wait (zero for the first five)."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.last_failure_at < now - FORGET_AFTER))
    key = account_key(username)
    row = _row(session, key, source)
    if row is None:
        row = SignInThrottle(account_key=key, source=source, failures=0, last_failure_at=now)
        session.add(row)
    row.failures = (row.failures or 0) + 1
    row.last_failure_at = now
    wait = wait_after(row.failures)
    row.wait_until = now + wait if wait else None
    session.flush()
    return wait


def clear(session: Session, username: str, source: str | None = None) -> None:
    """Forget the failures of this name (from `source`, or from everywhere)."""
    statement = delete(SignInThrottle).where(SignInThrottle.account_key == account_key(username))
    if source is not None:
        statement = statement.where(SignInThrottle.source == source)
    session.execute(statement)


def slowed_until(session: Session, username: str, now: dt.datetime) -> dt.datetime | None:
    """The latest time until which some source must wait to try this account (for administrators)."""
    latest = session.scalar(select(SignInThrottle.wait_until).where(
        SignInThrottle.account_key == account_key(username), SignInThrottle.wait_until > now)
        .order_by(SignInThrottle.wait_until.desc()).limit(1))
    return latest


def _in_units(wait: dt.timedelta) -> tuple[int, bool]:
    """How long to wait as people say it: (seconds, False) under two minutes, else (minutes, True),
    rounded up."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    return (seconds, False) if seconds < 120 else (math.ceil(seconds / 60), True)


def waiting_error(wait: dt.timedelta) -> DomainError:
    """The answer to an attempt made before its wait is over (the same for every name)."""
    n, minutes = _in_units(wait)
    if not minutes:
        message = ngettext("Too many failed sign-ins from here. Wait {n} second, then try again.",
                           "Too many failed sign-ins from here. Wait {n} seconds, then try again.", n)
    else:
        message = ngettext("Too many failed sign-ins from here. Wait {n} minute, then try again.",
                           "Too many failed sign-ins from here. Wait {n} minutes, then try again.", n)
    return DomainError(message.format(n=n), code="throttled")


def wrong_error(wait: dt.timedelta) -> DomainError:
    """The answer to a wrong name or password (the same for both), saying how long the next
    attempt waits once there is a wait."""
    if not wait:
        return DomainError(_("The user name or password is wrong. Check them and try again."), code="sign_in")
    n, minutes = _in_units(wait)
    if not minutes:
        message = ngettext("The user name or password is wrong. Wait {n} second before you try again.",
                           "The user name or password is wrong. Wait {n} seconds before you try again.", n)
    else:
        message = ngettext("The user name or password is wrong. Wait {n} minute before you try again.",
                           "The user name or password is wrong. Wait {n} minutes before you try again.", n)
    return DomainError(message.format(n=n), code="sign_in")


__all__ = ["FREE_FAILURES", "MAX_WAIT", "account_key", "clear", "os_account_name", "record_failure", "remaining",
           "slowed_until", "source_of", "wait_after", "waiting_error", "wrong_error"]
