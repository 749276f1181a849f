from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubdesk import i18n
from hubdesk.formatting import (format_date, format_datetime, format_krw, format_krw_compact, format_number,
                                format_percent)


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


@pytest.mark.parametrize("lang, amount, expected", [
    ("ko", 252_950_000_000, "₩2,529.5억"),  # issue 13: "₩2529.5억" had no separator
    ("ko", 293_700_000_000, "₩2,937억"),
    ("ko", 52_000_000, "₩5,200만"),
    ("ko", -340_000_000_000, "-₩3,400억"),
    ("ko", 12_345 * 10**12, "₩12,345조"),
    ("en", 293_700_000_000, "₩293.7B"),
    ("en", 12_345 * 10**12, "₩12,345T"),
    ("vi", 293_700_000_000, "293,7\xa0T\xa0₩"),
    ("vi", 12_345 * 10**12, "12.345\xa0NT\xa0₩"),
])
def test_compact_krw_is_grouped_like_every_figure(lang, amount, expected):
    assert format_krw_compact(amount, lang) == expected
    assert format_krw_compact(None, lang) == ""


def test_krw_affixes_are_what_surrounds_the_digits():
    from hubdesk.formatting import krw_affixes

    assert krw_affixes("ko") == ("", "원") and krw_affixes("en") == ("₩", "") and krw_affixes("vi") == ("", "\xa0₩")


def test_file_sizes_in_each_language():
    from hubdesk.formatting import format_file_size

    assert format_file_size(512, "ko") == "512바이트" and format_file_size(1, "en") == "1 byte"
    assert format_file_size(2_500, "en") == "2.5 kB" and format_file_size(12_300_000, "vi") == "12,3 MB"
    assert format_file_size(None) == ""


def test_no_module_formats_money_by_hand():
    """Every KRW amount goes through hubdesk.formatting: no other module calls Babel's currency
    formatting or writes the won sign next to a number itself."""
    import re
    from pathlib import Path

    import hubdesk

    root = Path(hubdesk.__file__).parent
    by_hand = re.compile(r"format_(compact_)?currency\(|f\"₩\{|\}₩\"|\{[^}]*:,[^}]*\}\s*(원|₩)")
    found = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.py") if path.name != "formatting.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if by_hand.search(line)]
    assert found == []


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


LOCALE_NAMES = {"ko": "ko_KR", "en": "en_US", "vi": "vi_VN"}


@settings(max_examples=300, deadline=None)
@given(instant=st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31),
                            timezones=st.just(dt.timezone.utc)),
       zone=st.sampled_from(["Asia/Seoul", "Asia/Ho_Chi_Minh", "UTC", "America/New_York"]),
       lang=st.sampled_from(sorted(LOCALE_NAMES)),
       amount=st.integers(-10**13, 10**13) | st.floats(-1e9, 1e9),
       ratio=st.floats(-10, 10), decimals=st.integers(0, 3))
def test_the_kept_locales_patterns_and_days_give_babels_own_text(instant, zone, lang, amount, ratio, decimals):
    """formatting.py keeps parsed Babel locales, zones and medium days; the texts must be what Babel
    gives when it is handed the locale's name each time, as it was before."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_date as babel_date
    from babel.dates import format_time
    from babel.numbers import format_currency, format_decimal
    from babel.numbers import format_percent as babel_percent

    name = LOCALE_NAMES[lang]
    local = instant.astimezone(ZoneInfo(zone))
    expected = f"{babel_date(local.date(), format='medium', locale=name)} {format_time(local, 'HH:mm', locale=name)}"
    whole = int(round(amount))
    krw = (format_decimal(whole, format="#,##0", locale=name) + "원" if lang == "ko"
           else format_currency(whole, "KRW", locale=name))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    for explicit in (lang, None):
        with i18n.language(lang):
            assert format_datetime(instant, zone, explicit) == expected
            assert format_date(local.date(), explicit) == babel_date(local.date(), format="medium", locale=name)
            assert format_date(local.date(), explicit, style="long") == babel_date(local.date(), format="long", locale=name)
            assert format_krw(amount, explicit) == krw
            assert format_number(amount, explicit) == format_decimal(amount, locale=name)
            assert format_number(amount, explicit, decimals=decimals) == format_decimal(
                amount, format=pattern, locale=name, decimal_quantization=True)
            assert format_percent(ratio, explicit, decimals=decimals) == babel_percent(
                ratio, format=pattern + "%", locale=name, decimal_quantization=True)
