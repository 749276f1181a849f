"""Dates, numbers, KRW amounts and who did something, as the interface shows them: hubdesk.formatting
(Babel) in the current language. Screens import from here so that they never format by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from hubdesk import formatting


def format_date(value: dt.date | None) -> str:
    return formatting.format_date(value)


def format_datetime(value: dt.datetime | None, tz: str | None = None) -> str:
    """An instant in the zone `tz` (a facility's), or the foundation's when it is None."""
    return formatting.format_datetime(value, tz)


def person(actor: str | None, names: Mapping[str, str] | None = None) -> str:
    """Who did something, as people read it: the account's display name (`names`, from
    `domain.accounts.display_names`), "root (this PC's account)" for the operating-system user a
    change was made as without an account, the sign-in itself in words, else the name recorded."""
    from hubdesk.db.audit import OS_ACTOR_PREFIX, SIGN_IN_ACTOR_NAME
    from hubdesk.i18n import _

    if not actor:
        return ""
    if names and actor in names:
        return names[actor]
    if actor.startswith(OS_ACTOR_PREFIX):
        return _("{name} (this PC's account)").format(name=actor.removeprefix(OS_ACTOR_PREFIX) or "?")
    if actor == SIGN_IN_ACTOR_NAME:
        return _("hubdesk's sign-in")
    return actor


def format_number(value: float | int | None, decimals: int | None = None) -> str:
    return formatting.format_number(value, decimals=decimals)


def format_krw(value: int | None) -> str:
    return formatting.format_krw(value)


def format_percent(value: float | None, decimals: int = 1) -> str:
    return formatting.format_percent(value, decimals=decimals)


def format_krw_compact(value: int | float | None) -> str:
    """A large amount in few characters for tiles (ko ₩2,529.5억, en ₩252.9B); full value in tooltips."""
    return formatting.format_krw_compact(value)


def format_quarter(year: int, quarter: int) -> str:
    """A quarter as the reports write it (en "2026 Q3", ko "2026년 3분기")."""
    from hubdesk.i18n import _

    return _("{year} Q{quarter}").format(year=year, quarter=quarter)
