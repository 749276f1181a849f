"""Which days are closed: Korean public holidays (the `holidays` package) plus the foundation's
own closure days (table `closure_day`)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import and_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from hubdesk.db.schema import ClosureDay
from hubdesk.i18n import N_, _, get_language


@lru_cache(maxsize=64)
def _korean_holidays(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("KR", years=year))


def public_holiday_name(day: dt.date) -> str | None:
    return _korean_holidays(day.year).get(day)


# The English names the `holidays` package gives Korea's public holidays. The package names them in
# Korean and English only; these markers put them in the catalog so Vietnamese reads them too.
HOLIDAY_NAMES = (
    N_("New Year's Day"), N_("The day preceding Korean New Year"), N_("Korean New Year"),
    N_("The second day of Korean New Year"), N_("Independence Movement Day"), N_("Tree Planting Day"),
    N_("Labor Day"), N_("Children's Day"), N_("Buddha's Birthday"), N_("Memorial Day"),
    N_("Constitution Day"), N_("Liberation Day"), N_("The day preceding Chuseok"), N_("Chuseok"),
    N_("The second day of Chuseok"), N_("National Foundation Day"), N_("Hangul Day"), N_("Christmas Day"),
    N_("Armed Forces Day"), N_("Local Election Day"), N_("National Assembly Election Day"),
    N_("Presidential Election Day"), N_("Temporary Public Holiday"),
    N_("2002 FIFA World Cup National Team Semi-Finals Celebrations"),
)
_ALTERNATIVE = "Alternative holiday for "


def _translated_holiday(english: str) -> str:
    """One holiday's English name from the package in the interface language ("; " joins two
    holidays on one day; an alternative holiday names the holiday it replaces)."""
    parts = []
    for part in english.split("; "):
        if part.startswith(_ALTERNATIVE):
            parts.append(_("Alternative holiday for {holiday}").format(holiday=_(part[len(_ALTERNATIVE):])))
        else:
            parts.append(_(part))
    return "; ".join(parts)


@lru_cache(maxsize=64)
def _holidays_in(year: int, language: str) -> tuple[tuple[dt.date, str], ...]:
    import holidays

    if language == "ko":
        return tuple(sorted(holidays.country_holidays("KR", years=year, language="ko").items()))
    english = holidays.country_holidays("KR", years=year, language="en_US")
    return tuple((day, _translated_holiday(name)) for day, name in sorted(english.items()))


def public_holidays_named(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Korea's public holidays between first and last (inclusive), named in the interface language:
    Korean and English from the `holidays` package, Vietnamese from the catalog."""
    language = get_language()
    return {day: name for year in range(first.year, last.year + 1) for day, name in _holidays_in(year, language)
            if first <= day <= last}


def closure_days_where(start: dt.date | BindParameter[dt.date], end: dt.date | BindParameter[dt.date]):
    """The condition on ClosureDay of the foundation closure days between start and end (inclusive;
    values, or bound parameters in a statement built once)."""
    return and_(ClosureDay.day >= start, ClosureDay.day <= end)


def closure_days(session: Session, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Foundation closure days between start and end (inclusive)."""
    rows = session.execute(select(ClosureDay.day, ClosureDay.name).where(closure_days_where(start, end)))
    return {d: n for d, n in rows}


def closed_days(session: Session, start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Every public holiday and closure day between start and end (inclusive), with its name: a
    holiday named in the interface language (the booking rule's sentence, the timeline)."""
    return closed_days_with(start, end, closure_days(session, start, end))


def closed_days_with(start: dt.date, end: dt.date, closure: dict[dt.date, str]) -> dict[dt.date, str]:
    """`closed_days` with the foundation's closure days between start and end already read
    (`closure_days_where`; the booking rules read them with their other facts in one statement)."""
    result = public_holidays_named(start, end)
    result.update(closure)
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
