"""The one clock: what time and what day it is for the foundation, and the time zones everything
else is read in.

Rules:
- The foundation's zone is the `default_timezone` setting (Settings ▸ Foundation); while it is
  unset, Asia/Seoul. "Today", the current quarter, report dates and the default dates of forms are
  read in that zone, whatever zone the PC's own clock is on.
- Each facility has its own zone (`facility.timezone`); its bookings, their days and the rows of
  the booking timeline are read in that zone (`zone(facility.timezone)`).
- No other module names a zone: they ask this one (a test greps the package for it).

The foundation's zone is loaded when a database is opened (`on_open`, run by
`hubdesk.db.database.open_database`) and again when Settings saves a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError
from hubdesk.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hubdesk.db.database import Database

DEFAULT_ZONE = "Asia/Seoul"
SETTING_KEY = "default_timezone"   # the key hubdesk.domain.settings writes
# Zones offered first in the Settings and facility forms (the foundation works in Korea and Vietnam).
COMMON_ZONES = ("Asia/Seoul", "Asia/Ho_Chi_Minh", "Asia/Tokyo", "Asia/Shanghai", "Asia/Singapore",
                "Europe/Berlin", "Europe/London", "America/New_York", "UTC")

__all__ = ["COMMON_ZONES", "DEFAULT_ZONE", "check_zone", "current_quarter", "fixed", "foundation_zone", "is_zone", "load",
           "now", "on_open", "set_zone", "today", "utc_now", "zone", "zone_name"]

_foundation = DEFAULT_ZONE


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


_instant: Callable[[], dt.datetime] = _system_now


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_zone(name: str | None) -> bool:
    """Whether `name` is a real IANA zone name."""
    if not name or not name.strip():
        return False
    try:
        _zone(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def check_zone(name: str | None, *, field: str = "timezone") -> str:
    """The zone name, trimmed (the foundation's zone when empty); a DomainError when it is no zone."""
    name = (name or "").strip() or _foundation
    if not is_zone(name):
        raise DomainError(_("“{zone}” is not a time zone. Write one such as {example}.")
                          .format(zone=name, example=DEFAULT_ZONE), field=field, code="not_a_zone")
    return name


def zone(name: str | None = None) -> ZoneInfo:
    """The zone called `name` (a facility's), or the foundation's when it is empty or not a zone."""
    if name and is_zone(name):
        return _zone(name.strip())
    return _zone(_foundation)


def zone_name() -> str:
    """The foundation's zone name, e.g. "Asia/Seoul"."""
    return _foundation


def foundation_zone() -> ZoneInfo:
    return _zone(_foundation)


def set_zone(name: str | None) -> None:
    """Use `name` as the foundation's zone from now on (empty or not a zone: Asia/Seoul)."""
    global _foundation
    _foundation = name.strip() if name and is_zone(name) else DEFAULT_ZONE


def load(session: Session) -> str:
    """Read the foundation's zone from the settings of the database `session` reads."""
    from hubdesk.db.schema import Setting

    row = session.get(Setting, SETTING_KEY)
    set_zone(row.value if row is not None else None)
    return _foundation


def on_open(db: Database) -> None:
    """Run by `open_database` once a database is open and migrated."""
    with db.read() as session:
        load(session)


# --- what time it is --------------------------------------------------------------------------------
def utc_now() -> dt.datetime:
    """The current instant, timezone-aware, in UTC (what is stored)."""
    return _instant().astimezone(dt.timezone.utc)


def now(name: str | None = None) -> dt.datetime:
    """The current instant on the foundation's wall clock (or the zone called `name`)."""
    return _instant().astimezone(zone(name))


def today(name: str | None = None) -> dt.date:
    """Today's date for the foundation (or in the zone called `name`, a facility's)."""
    return now(name).date()


def current_quarter() -> Quarter:
    return Quarter.of(today())


@contextmanager
def fixed(instant: dt.datetime) -> Iterator[None]:
    """Hold the clock at `instant` (timezone-aware) while the block runs: for tests and for
    reproducible documents."""
    global _instant
    if instant.tzinfo is None:
        raise ValueError("clock.fixed needs a timezone-aware instant")
    before = _instant
    _instant = lambda: instant  # noqa: E731
    try:
        yield
    finally:
        _instant = before
