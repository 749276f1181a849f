"""Foundation-wide settings kept in the database (`setting` rows): the foundation's name and logo
(printed on reports) and the default time zone of new facilities.

Rules: the foundation has a name; the logo, when given, is an existing file; the default time
zone is a real one. Every write function takes a write Session and never commits."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from hubdesk.db.schema import Setting
from hubdesk.domain.facilities import check_timezone
from hubdesk.domain.texts import clean_text
from hubdesk.errors import DomainError
from hubdesk.i18n import _

FOUNDATION_NAME = "foundation_name"
FOUNDATION_LOGO = "foundation_logo"
DEFAULT_TIMEZONE = "default_timezone"

__all__ = ["DEFAULT_TIMEZONE", "FOUNDATION_LOGO", "FOUNDATION_NAME", "save_foundation", "set_setting"]


def set_setting(session: Session, key: str, value: str | None) -> None:
    """Write one setting in the caller's write session."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def save_foundation(session: Session, name: str, logo: str | None, timezone: str) -> None:
    """The foundation's name, logo file (None: no logo) and default facility time zone."""
    name = clean_text(name)
    if not name:
        raise DomainError(_("Enter the foundation's name; it appears on reports."), field="foundation_name")
    zone = check_timezone(timezone, field="default_timezone")
    if logo and not Path(logo).is_file():
        raise DomainError(_("The logo file {path} does not exist. Choose an image file (PNG or JPEG).")
                          .format(path=logo), field="foundation_logo")
    set_setting(session, FOUNDATION_NAME, name)
    set_setting(session, FOUNDATION_LOGO, logo or None)
    set_setting(session, DEFAULT_TIMEZONE, zone)
    session.flush()
