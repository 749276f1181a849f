"""Dates, numbers and KRW amounts shown in the interface, formatted for the current language.

Delegates to `hubdesk.formatting` (Babel) when it is present; until then uses Babel directly
with the same behaviour, so screens never format by hand.
"""

from __future__ import annotations

import datetime as dt

from hubdesk import i18n


def _formatting():
    try:
        from hubdesk import formatting
    except ImportError:
        return None
    return formatting


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    f = _formatting()
    if f is not None and hasattr(f, "format_date"):
        return f.format_date(value)
    from babel.dates import format_date as babel_date

    return babel_date(value, format="medium", locale=i18n.babel_locale())


def format_datetime(value: dt.datetime | None, tz: str = "Asia/Seoul") -> str:
    if value is None:
        return ""
    f = _formatting()
    if f is not None and hasattr(f, "format_datetime"):
        try:
            return f.format_datetime(value, tz)
        except TypeError:
            pass
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime as babel_dt

    return babel_dt(value.astimezone(ZoneInfo(tz)), format="short", locale=i18n.babel_locale())


def format_number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return ""
    f = _formatting()
    if f is not None and hasattr(f, "format_number") and decimals == 0:
        return f.format_number(value)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=i18n.babel_locale())


def format_krw(value: int | None) -> str:
    if value is None:
        return ""
    f = _formatting()
    if f is not None and hasattr(f, "format_krw"):
        return f.format_krw(value)
    from babel.numbers import format_currency

    return format_currency(value, "KRW", locale=i18n.babel_locale())


def format_percent(value: float | None) -> str:
    if value is None:
        return ""
    f = _formatting()
    if f is not None and hasattr(f, "format_percent"):
        return f.format_percent(value)
    from babel.numbers import format_percent as babel_percent

    return babel_percent(value, locale=i18n.babel_locale())
