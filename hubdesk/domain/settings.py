"""Foundation-wide settings kept in the database (`setting` rows): the foundation's name and logo
(printed on reports) and the foundation's time zone: the one "today", quarters and report dates are
read in (`hubdesk.domain.clock`), and the zone a new facility gets unless it is given its own.

Rules: the foundation has a name; the logo, when given, is an existing file; the default time
zone is a real one. Every write function takes a write Session and never commits."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from hubdesk.db.schema import Setting
from hubdesk.domain import clock
from hubdesk.domain.texts import clean_text
from hubdesk.errors import DomainError
from hubdesk.i18n import _

FOUNDATION_NAME = "foundation_name"
FOUNDATION_LOGO = "foundation_logo"
DEFAULT_TIMEZONE = clock.SETTING_KEY
DOCUMENT_SIZE_LIMIT = "document_size_limit_mb"
DEFAULT_DOCUMENT_LIMIT_MB = 50
MAX_DOCUMENT_LIMIT_MB = 2048
MB = 1000 * 1000   # a megabyte as file managers show sizes

__all__ = ["DEFAULT_DOCUMENT_LIMIT_MB", "DEFAULT_TIMEZONE", "DOCUMENT_SIZE_LIMIT", "FOUNDATION_LOGO",
           "FOUNDATION_NAME", "document_size_limit", "document_size_limit_mb", "save_foundation",
           "set_document_size_limit_mb", "set_setting"]


def set_setting(session: Session, key: str, value: str | None) -> None:
    """Write one setting in the caller's write session."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def save_foundation(session: Session, name: str, logo: str | None, timezone: str) -> None:
    """The foundation's name, logo file (None: no logo) and time zone; the clock uses the zone once
    the caller's transaction commits."""
    name = clean_text(name)
    if not name:
        raise DomainError(_("Enter the foundation's name; it appears on reports."), field="foundation_name")
    zone = clock.check_zone(timezone, field="default_timezone")
    if logo and not Path(logo).is_file():
        raise DomainError(_("The logo file {path} does not exist. Choose an image file (PNG or JPEG).")
                          .format(path=logo), field="foundation_logo")
    set_setting(session, FOUNDATION_NAME, name)
    set_setting(session, FOUNDATION_LOGO, logo or None)
    set_setting(session, DEFAULT_TIMEZONE, zone)
    session.flush()
    event.listen(session, "after_commit", lambda _session: clock.set_zone(zone), once=True)


def document_size_limit_mb(session: Session) -> int:
    """The largest file, in megabytes, that may be attached as a document (default 50)."""
    row = session.get(Setting, DOCUMENT_SIZE_LIMIT)
    try:
        mb = int(str(row.value).strip()) if row is not None else DEFAULT_DOCUMENT_LIMIT_MB
    except (TypeError, ValueError):
        return DEFAULT_DOCUMENT_LIMIT_MB
    return mb if 1 <= mb <= MAX_DOCUMENT_LIMIT_MB else DEFAULT_DOCUMENT_LIMIT_MB


def document_size_limit(session: Session) -> int:
    """`document_size_limit_mb` in bytes."""
    return document_size_limit_mb(session) * MB


def set_document_size_limit_mb(session: Session, mb: int) -> int:
    """Set the largest file that may be attached, in megabytes (1 to 2048)."""
    if isinstance(mb, bool) or not isinstance(mb, int) or not 1 <= mb <= MAX_DOCUMENT_LIMIT_MB:
        raise DomainError(_("“{value}” is not a size limit hubdesk can use. Enter a number of megabytes from "
                            "1 to {max}.").format(value=mb, max=MAX_DOCUMENT_LIMIT_MB),
                          field="document_size_limit", code="invalid_size_limit")
    set_setting(session, DOCUMENT_SIZE_LIMIT, str(mb))
    session.flush()
    return mb
