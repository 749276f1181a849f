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
