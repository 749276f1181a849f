"""Numbers, money, percentages, dates and instants in the current language (Babel, imported lazily).

Choices:
- KRW in Korean is written the way Korean administrative documents write it, digits then 원:
  ``1,234,000원``. English uses the symbol (``₩1,234,000``); Vietnamese uses its own grouping
  with the won sign after the amount (``1.234.000 ₩``) — the amounts are won, not đồng, so ``₫``
  would be wrong.
- Tiles show large KRW amounts compact (`format_krw_compact`, CLDR's short forms: ko ``₩2,529.5억``,
  en ``₩252.9B``), grouped like every other figure.
- Rates are ratios (0.253 → 25.3 %), shown with one decimal by default.
- Dates use the CLDR "medium" form (ko ``2026. 3. 31.``, en ``Mar 31, 2026``, vi ``31 thg 3, 2026``);
  instants are converted to the given zone and shown with a 24-hour time.

Speed: lists format every shown cell when they paint, so the `babel.Locale` of each language is
parsed once and passed to Babel (Babel would parse the name again on every call), zones are
looked up once by name, and the medium dates, 24-hour times and won amounts already formatted
are kept. The texts are the same as Babel's with the locale name.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from hubdesk.i18n import babel_locale, get_language


@lru_cache(maxsize=None)
def _parsed_locale(name: str):
    from babel import Locale

    return Locale.parse(name)


def _locale(lang: str | None):
    """The `babel.Locale` of `lang` (default: the current language), parsed once per process."""
    return _parsed_locale(babel_locale(lang or get_language()))


def format_krw(amount: int | float | Decimal | None, lang: str | None = None) -> str:
    """A whole-won amount: ko ``1,234,000원``, en ``₩1,234,000``, vi ``1.234.000 ₩``; '' for None."""
    if amount is None:
        return ""
    return _whole_krw(int(round(amount)), lang or get_language())


@lru_cache(maxsize=4096)
def _whole_krw(whole: int, lang: str) -> str:
    """`format_krw` of a whole amount; kept, since a list shows the same fees over and over."""
    from babel.numbers import format_currency, format_decimal

    if lang == "ko":
        return format_decimal(whole, format="#,##0", locale=_locale(lang)) + "원"
    return format_currency(whole, "KRW", locale=_locale(lang))


def krw_affixes(lang: str | None = None) -> tuple[str, str]:
    """What stands before and after the digits of an amount (for an entry field that shows them
    around the number it edits): ko ``("", "원")``, en ``("₩", "")``, vi ``("", "\xa0₩")``."""
    text = format_krw(0, lang)
    at = text.index("0")
    return text[:at], text[at + 1:]


def format_file_size(size: int | None, lang: str | None = None) -> str:
    """A file's size in CLDR's units: ko ``512바이트`` / ``2.5kB``, en ``512 bytes`` / ``2.5 kB``,
    vi ``2,5 kB`` (decimal units: 1 kB = 1,000 bytes); '' for None."""
    if size is None:
        return ""
    from babel.units import format_unit

    for unit, scale in (("digital-gigabyte", 10**9), ("digital-megabyte", 10**6), ("digital-kilobyte", 10**3)):
        if size >= scale:
            return format_unit(round(size / scale, 1), unit, length="short", locale=_locale(lang))
    return format_unit(size, "digital-byte", length="long", locale=_locale(lang))


def format_krw_compact(amount: int | float | Decimal | None, lang: str | None = None, *,
                       fraction_digits: int = 1) -> str:
    """A large amount in few characters for tiles: ko ``₩2,529.5억``, en ``₩252.9B``, vi
    ``252,9 T ₩``; '' for None. CLDR's compact patterns (ko ``¤0억``) carry no grouping, and in
    Korean the figure before 억 or 만 runs to four digits: it is grouped like any other number."""
    if amount is None:
        return ""
    from babel.numbers import format_compact_currency, get_decimal_symbol

    locale = _locale(lang)
    text = format_compact_currency(amount, "KRW", locale=locale, fraction_digits=fraction_digits)
    decimal = re.escape(get_decimal_symbol(locale))
    return re.sub(rf"(?<![\d{decimal}])\d{{4,}}",
                  lambda m: format_decimal_grouped(int(m.group(0)), lang), text)


def format_decimal_grouped(value: int, lang: str | None = None) -> str:
    """A whole number with the language's group separator: 2529 → ``2,529`` (vi ``2.529``)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0", locale=_locale(lang))


def format_number(value: int | float | Decimal | None, lang: str | None = None, *,
                  decimals: int | None = None) -> str:
    """Grouped digits (1,234.5 / 1.234,5). `decimals` fixes the number of decimals."""
    if value is None:
        return ""
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=_locale(lang))
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=_locale(lang), decimal_quantization=True)


def format_percent(ratio: float | None, lang: str | None = None, *, decimals: int = 1) -> str:
    """A ratio as a percentage: 0.253 → ``25.3%`` (vi ``25,3%``); '' for None."""
    if ratio is None:
        return ""
    from babel.numbers import format_percent as babel_percent

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    return babel_percent(ratio, format=pattern, locale=_locale(lang), decimal_quantization=True)


def format_date(day: dt.date | None, lang: str | None = None, *, style: str = "medium") -> str:
    if day is None:
        return ""
    from babel.dates import format_date as babel_date

    if isinstance(day, dt.datetime):
        raise TypeError("format_date takes a date; use format_datetime for an instant")
    if style == "medium":
        return _medium_date(day, babel_locale(lang or get_language()))
    return babel_date(day, format=style, locale=_locale(lang))


@lru_cache(maxsize=4096)
def _medium_date(day: dt.date, locale_name: str) -> str:
    """A day in CLDR's medium form; kept, since a list shows the same days over and over."""
    from babel.dates import format_date as babel_date

    return babel_date(day, format="medium", locale=_parsed_locale(locale_name))


@lru_cache(maxsize=64)
def _named_zone(name: str) -> dt.tzinfo:
    return ZoneInfo(name)


def _zone(tz: str | dt.tzinfo | None) -> dt.tzinfo:
    if tz is None:
        from hubdesk.domain import clock     # the foundation's zone (Settings)

        return clock.foundation_zone()
    return _named_zone(tz) if isinstance(tz, str) else tz


def format_datetime(aware: dt.datetime | None, tz: str | dt.tzinfo | None = None,
                    lang: str | None = None) -> str:
    """An instant shown in zone `tz` (default: the foundation's, see `hubdesk.domain.clock`): medium date and 24-hour time,
    e.g. ko ``2026. 3. 31. 14:05``. Naive datetimes are refused: they are a bug, not an input."""
    if aware is None:
        return ""
    if aware.tzinfo is None:
        raise ValueError("format_datetime needs a timezone-aware datetime")
    local = aware.astimezone(_zone(tz))
    name = babel_locale(lang or get_language())
    return f"{_medium_date(local.date(), name)} {_hour_minute(local.hour, local.minute, name)}"


@lru_cache(maxsize=4096)
def _hour_minute(hour: int, minute: int, locale_name: str) -> str:
    """A 24-hour time of day (``14:05``) by Babel; kept, since a list shows the same times over and
    over (Babel parses the pattern and looks the locale's data up on every call)."""
    from babel.dates import format_time

    return format_time(dt.time(hour, minute), "HH:mm", locale=_parsed_locale(locale_name))


__all__ = ["format_date", "format_datetime", "format_decimal_grouped", "format_file_size", "format_krw", "format_krw_compact", "krw_affixes",
           "format_number", "format_percent"]
