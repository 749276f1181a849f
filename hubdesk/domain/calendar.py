"""Which days are closed: Korean public holidays (the `holidays` package) plus the foundation's
own closure days (table `closure_day`)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import ClosureDay


@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("KR", years=year))


def public_holiday_name(day: dt.date) -> str | None:
    return _korean_holidays(day.year).get(day)


def closure_days(session: Session, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Foundation closure days between start and end (inclusive)."""
    rows = session.execute(select(ClosureDay.day, ClosureDay.name)
                           .where(ClosureDay.day >= start, ClosureDay.day <= end))
    return {d: n for d, n in rows}


def closed_days(session: Session, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Every public holiday and closure day between start and end (inclusive), with its name."""
    result: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _korean_holidays(year).items():
            if start <= day <= end:
                result[day] = name
    result.update(closure_days(session, start, end))
    return result


def add_closure_day(session: Session, day: dt.date, name: str) -> ClosureDay:
    """A foundation closure day (bookings on it then need an explicit holiday override)."""
    from hubdesk.domain.texts import clean_text, require_storable
    from hubdesk.errors import DomainError
    from hubdesk.i18n import _

    name = clean_text(name)
    if not name:
        raise DomainError(_("Give the closure day a name, for example “Foundation anniversary”."), field="name")
    require_storable(ClosureDay, "name", name)
    other = session.scalar(select(ClosureDay).where(ClosureDay.day == day))
    if other is not None:
        raise DomainError(_("{date} is already a closure day ({name}). Choose another day.")
                          .format(date=day.isoformat(), name=other.name), field="day")
    row = ClosureDay(day=day, name=name)
    session.add(row)
    session.flush()
    return row


def remove_closure_day(session: Session, closure_id: int) -> None:
    from hubdesk.domain.records import remove_row

    remove_row(session, ClosureDay, closure_id)
