"""Formatting of report values in the current language (delegates to hubdesk.formatting / Babel);
a missing value prints as a dash."""

from __future__ import annotations

import datetime as dt

from hubdesk import formatting
from hubdesk.reports.text import DASH


def num(value, decimals: int | None = None) -> str:
    return DASH if value is None else formatting.format_number(value, decimals=decimals)


def krw(value) -> str:
    return DASH if value is None else formatting.format_krw(value)


def pct(ratio, decimals: int = 1) -> str:
    return DASH if ratio is None else formatting.format_percent(ratio, decimals=decimals)


def date(value) -> str:
    if value in (None, ""):
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return formatting.format_date(value)


def value(v, unit: str | None) -> str:
    """A KPI value by its unit: krw, percent/ratio, days/hours (one decimal), count."""
    if v is None:
        return DASH
    if unit == "krw":
        return krw(v)
    if unit in ("percent", "ratio", "rate"):
        return pct(v)
    if unit in ("days", "hours", "decimal"):
        return num(v, decimals=1)
    if isinstance(v, float) and not v.is_integer():
        return num(v, decimals=1)
    return num(int(v))
