"""Foundation-wide settings kept in the database (`setting` rows: foundation_name,
foundation_logo, default_timezone...)."""

from __future__ import annotations

FOUNDATION_NAME = "foundation_name"
FOUNDATION_LOGO = "foundation_logo"
DEFAULT_TIMEZONE = "default_timezone"


def get_setting(db, key: str, default: str | None = None) -> str | None:
    from sqlalchemy import select

    from hubdesk.db.schema import Setting

    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value is None else value


def set_setting(session, key: str, value: str | None) -> None:
    """Write one setting in the caller's write session."""
    from hubdesk.db.schema import Setting

    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
