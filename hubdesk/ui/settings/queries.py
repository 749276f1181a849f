"""What the Settings area reads, as plain rows (one short read session per list). Its writes and
their rules are in the domain: hubdesk.domain.settings (foundation), domain.calendar (closure
days), domain.user_classes and domain.fees (rates), called from view.py through `write_op`."""

from __future__ import annotations

import datetime as dt

from hubdesk.ui.common.settings_store import (DEFAULT_TIMEZONE, FOUNDATION_LOGO, FOUNDATION_NAME, get_setting,
                                              get_settings)

__all__ = ["DEFAULT_TIMEZONE", "FOUNDATION_LOGO", "FOUNDATION_NAME", "closure_days", "get_setting",
           "get_settings", "public_holidays", "resource_rates", "resources", "user_classes"]


def closure_days(db, year: int | None = None) -> list[dict]:
    from sqlalchemy import select

    from hubdesk.db.schema import ClosureDay

    query = select(ClosureDay.id, ClosureDay.day, ClosureDay.name).order_by(ClosureDay.day)
    if year is not None:
        query = query.where(ClosureDay.day >= dt.date(year, 1, 1), ClosureDay.day <= dt.date(year, 12, 31))
    with db.read() as session:
        return [dict(id=r.id, day=r.day, name=r.name) for r in session.execute(query)]


def user_classes(db) -> list[dict]:
    from sqlalchemy import func, select

    from hubdesk.db.schema import Organization, UserClass

    with db.read() as session:
        used = dict(session.execute(select(Organization.user_class_id, func.count())
                                    .where(Organization.user_class_id.is_not(None))
                                    .group_by(Organization.user_class_id)).all())
        return [dict(id=u.id, code=u.code, name=u.name, organizations=used.get(u.id, 0))
                for u in session.scalars(select(UserClass).order_by(UserClass.name))]


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


def public_holidays(year: int) -> list[dict]:
    """Korean public holidays of a year, named in the interface language (hubdesk.domain.calendar)."""
    from hubdesk.domain.calendar import public_holidays_named

    days = public_holidays_named(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return [dict(id=None, day=day, name=name) for day, name in sorted(days.items())]
