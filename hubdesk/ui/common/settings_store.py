"""Foundation-wide settings kept in the database (`setting` rows: foundation_name,
foundation_logo, default_timezone...): read here; written by hubdesk.domain.settings."""

from __future__ import annotations

from hubdesk.domain.settings import DEFAULT_TIMEZONE, FOUNDATION_LOGO, FOUNDATION_NAME, set_setting

__all__ = ["DEFAULT_TIMEZONE", "FOUNDATION_LOGO", "FOUNDATION_NAME", "get_setting", "get_settings", "set_setting"]


def get_setting(db, key: str, default: str | None = None) -> str | None:
    from sqlalchemy import select

    from hubdesk.db.schema import Setting

    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value is None else value


def get_settings(db, keys) -> dict[str, str]:
    """The values set among `keys`, in one statement (a key not set is left out)."""
    from sqlalchemy import select

    from hubdesk.db.schema import Setting

    with db.read() as session:
        return dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(list(keys)))).all())
