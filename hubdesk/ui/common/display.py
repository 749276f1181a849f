"""Dates, numbers and KRW amounts as the interface shows them: hubdesk.formatting (Babel) in the
current language. Screens import from here so that they never format by hand."""

from __future__ import annotations

import datetime as dt

from hubdesk import formatting


def format_date(value: dt.date | None) -> str:
    return formatting.format_date(value)


def format_datetime(value: dt.datetime | None, tz: str = "Asia/Seoul") -> str:
    return formatting.format_datetime(value, tz)


def format_number(value: float | int | None, decimals: int | None = None) -> str:
    return formatting.format_number(value, decimals=decimals)


def format_krw(value: int | None) -> str:
    return formatting.format_krw(value)


def format_percent(value: float | None, decimals: int = 1) -> str:
    return formatting.format_percent(value, decimals=decimals)
