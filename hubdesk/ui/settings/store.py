"""Reading and writing what the Settings area edits (one short write transaction each).

These are small enough not to need a domain module of their own; each refuses a mistake with a
DomainError sentence, like the domain does.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common.settings_store import (DEFAULT_TIMEZONE, FOUNDATION_LOGO, FOUNDATION_NAME,
                                              get_setting, set_setting)

__all__ = ["DEFAULT_TIMEZONE", "FOUNDATION_LOGO", "FOUNDATION_NAME", "get_setting", "save_foundation",
           "closure_days", "add_closure_day", "remove_closure_day", "user_classes", "add_user_class",
           "remove_user_class", "resource_rates", "resources", "set_rate", "remove_rate"]


def save_foundation(db, name: str, logo: str | None, timezone: str) -> None:
    from zoneinfo import available_timezones

    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter the foundation's name; it appears on reports."), field="foundation_name")
    if timezone not in available_timezones():
        raise DomainError(_("“{zone}” is not a time zone. Choose one from the list, for example "
                            "Asia/Seoul.").format(zone=timezone), field="default_timezone")
    if logo:
        from pathlib import Path

        if not Path(logo).is_file():
            raise DomainError(_("The logo file {path} does not exist. Choose an image file (PNG or JPEG).")
                              .format(path=logo), field="foundation_logo")
    with db.write() as session:
        set_setting(session, FOUNDATION_NAME, name)
        set_setting(session, FOUNDATION_LOGO, logo or None)
        set_setting(session, DEFAULT_TIMEZONE, timezone)


def closure_days(db, year: int | None = None) -> list[dict]:
    from sqlalchemy import select

    from hubdesk.db.schema import ClosureDay

    query = select(ClosureDay.id, ClosureDay.day, ClosureDay.name).order_by(ClosureDay.day)
    if year is not None:
        query = query.where(ClosureDay.day >= dt.date(year, 1, 1), ClosureDay.day <= dt.date(year, 12, 31))
    with db.read() as session:
        return [dict(id=r.id, day=r.day, name=r.name) for r in session.execute(query)]


def add_closure_day(db, day: dt.date, name: str) -> int:
    from sqlalchemy import select

    from hubdesk.db.schema import ClosureDay

    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the closure day a name, for example “Foundation anniversary”."), field="name")
    with db.write() as session:
        other = session.scalar(select(ClosureDay).where(ClosureDay.day == day))
        if other is not None:
            raise DomainError(_("{date} is already a closure day ({name}). Choose another day.")
                              .format(date=day.isoformat(), name=other.name), field="day")
        row = ClosureDay(day=day, name=name)
        session.add(row)
        session.flush()
        return row.id


def remove_closure_day(db, closure_id: int) -> None:
    from hubdesk.db.schema import ClosureDay

    with db.write() as session:
        row = session.get(ClosureDay, closure_id)
        if row is not None:
            session.delete(row)


def user_classes(db) -> list[dict]:
    from sqlalchemy import func, select

    from hubdesk.db.schema import Organization, UserClass

    with db.read() as session:
        used = dict(session.execute(select(Organization.user_class_id, func.count())
                                    .where(Organization.user_class_id.is_not(None))
                                    .group_by(Organization.user_class_id)).all())
        return [dict(id=u.id, code=u.code, name=u.name, organizations=used.get(u.id, 0))
                for u in session.scalars(select(UserClass).order_by(UserClass.name))]


def add_user_class(db, code: str, name: str) -> int:
    from sqlalchemy import func, select

    from hubdesk.db.schema import UserClass

    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise DomainError(_("A user class needs a short code and a name. Enter both."), field="code")
    with db.write() as session:
        if session.scalar(select(func.count()).select_from(UserClass)
                          .where(func.lower(UserClass.code) == code.lower())):
            raise DomainError(_("The code {code} is already used by another user class. Choose another code.")
                              .format(code=code), field="code")
        row = UserClass(code=code, name=name)
        session.add(row)
        session.flush()
        return row.id


def remove_user_class(db, class_id: int) -> None:
    from sqlalchemy import func, select

    from hubdesk.db.schema import Organization, UserClass

    with db.write() as session:
        row = session.get(UserClass, class_id)
        if row is None:
            return
        used = session.scalar(select(func.count()).select_from(Organization)
                              .where(Organization.user_class_id == class_id)) or 0
        if used:
            from hubdesk.i18n import ngettext

            raise DomainError(ngettext(
                "The user class {name} is given to {count} organization. Give it another class first.",
                "The user class {name} is given to {count} organizations. Give them another class first.",
                used).format(name=row.name, count=used), code="in_use")
        session.delete(row)


def resources(db) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from hubdesk.db.schema import Facility, Resource

    with db.read() as session:
        return [(rid, f"{facility} · {name}") for rid, name, facility in session.execute(
            select(Resource.id, Resource.name, Facility.name).join(Facility, Facility.id == Resource.facility_id)
            .order_by(Facility.name, Resource.name))]


def resource_rates(db) -> list[dict]:
    from sqlalchemy import select

    from hubdesk.db.schema import Facility, Resource, ResourceRate, UserClass

    with db.read() as session:
        rows = session.execute(
            select(ResourceRate.id, Facility.name, Resource.name, Resource.booking_unit, UserClass.name,
                   ResourceRate.fee_per_unit_krw)
            .join(Resource, Resource.id == ResourceRate.resource_id)
            .join(Facility, Facility.id == Resource.facility_id)
            .join(UserClass, UserClass.id == ResourceRate.user_class_id)
            .order_by(Facility.name, Resource.name, UserClass.name))
        return [dict(id=r[0], facility=r[1], resource=r[2], unit=r[3], user_class=r[4], fee_krw=r[5])
                for r in rows]


def set_rate(db, resource_id: int, user_class_id: int, fee_krw: int) -> None:
    from sqlalchemy import select

    from hubdesk.db.schema import ResourceRate

    if fee_krw < 0:
        raise DomainError(_("A fee cannot be negative. Enter 0 or more won."), field="fee")
    with db.write() as session:
        rate = session.scalar(select(ResourceRate).where(ResourceRate.resource_id == resource_id,
                                                         ResourceRate.user_class_id == user_class_id))
        if rate is None:
            session.add(ResourceRate(resource_id=resource_id, user_class_id=user_class_id,
                                     fee_per_unit_krw=int(fee_krw)))
        else:
            rate.fee_per_unit_krw = int(fee_krw)


def remove_rate(db, rate_id: int) -> None:
    from hubdesk.db.schema import ResourceRate

    with db.write() as session:
        row = session.get(ResourceRate, rate_id)
        if row is not None:
            session.delete(row)


@lru_cache(maxsize=16)
def _holidays(year: int, lang: str) -> tuple:
    import holidays

    days = holidays.country_holidays("KR", years=year, language="ko" if lang == "ko" else "en_US")
    return tuple(sorted(days.items()))


def public_holidays(year: int, lang: str) -> list[dict]:
    """Korean public holidays of a year (the `holidays` package), named in Korean for Korean and
    in English otherwise (the package has no Vietnamese names)."""
    return [dict(id=None, day=day, name=name) for day, name in _holidays(year, "ko" if lang == "ko" else "en")]
