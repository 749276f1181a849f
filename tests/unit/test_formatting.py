from __future__ import annotations

import datetime as dt

import pytest

from hubdesk import i18n
from hubdesk.formatting import format_date, format_datetime, format_krw, format_number, format_percent


@pytest.mark.parametrize("lang, expected", [
    ("ko", "1,234,000원"), ("en", "₩1,234,000"), ("vi", "1.234.000\xa0₩"),
])
def test_format_krw(lang, expected):
    assert format_krw(1_234_000, lang) == expected


def test_format_krw_follows_current_language_and_none():
    with i18n.language("ko"):
        assert format_krw(5000) == "5,000원"
    assert format_krw(5000) == "₩5,000"
    assert format_krw(None) == ""
    assert format_krw(-1500, "ko") == "-1,500원"


def test_format_number_and_percent():
    assert format_number(1234567.5, "en") == "1,234,567.5"
    assert format_number(1234567.5, "vi") == "1.234.567,5"
    assert format_number(2.0, "ko", decimals=1) == "2.0"
    assert format_percent(0.253, "en") == "25.3%"
    assert format_percent(0.253, "vi") == "25,3%"
    assert format_percent(1 / 3, "ko", decimals=0) == "33%"
    assert format_percent(None) == ""


def test_format_date():
    day = dt.date(2026, 3, 31)
    assert format_date(day, "ko") == "2026. 3. 31."
    assert format_date(day, "en") == "Mar 31, 2026"
    assert format_date(day, "vi") == "31 thg 3, 2026"


def test_format_datetime_converts_to_the_zone():
    instant = dt.datetime(2026, 3, 31, 15, 5, tzinfo=dt.timezone.utc)
    assert format_datetime(instant, "Asia/Seoul", "ko") == "2026. 4. 1. 00:05"
    assert format_datetime(instant, "Asia/Ho_Chi_Minh", "vi") == "31 thg 3, 2026 22:05"
    assert format_datetime(instant, lang="en") == "Apr 1, 2026 00:05"
    with pytest.raises(ValueError):
        format_datetime(dt.datetime(2026, 3, 31, 15, 5), "Asia/Seoul")
