"""Korea's public holidays are named in the interface language: Korean and English from the
`holidays` package, Vietnamese from hubdesk's catalog (the package has no Vietnamese names; the
Settings list and the timeline showed English or Korean names in the Vietnamese interface)."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from hubdesk import i18n
from hubdesk.domain.calendar import public_holidays_named


@pytest.fixture
def language():
    before = i18n.get_language()
    yield i18n.set_language
    i18n.set_language(before)


def test_vietnamese_names_every_holiday_of_the_years_shown(language):
    language("vi")
    first, last = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
    named = public_holidays_named(first, last)
    english = {d: n for y in (2025, 2026, 2027)
               for d, n in holidays.country_holidays("KR", years=y, language="en_US").items()}
    assert set(named) == set(english)
    assert named[dt.date(2026, 9, 25)] == "Tết Chuseok (Trung thu Hàn Quốc)"
    assert named[dt.date(2026, 3, 2)] == "Nghỉ bù Ngày Phong trào Độc lập"
    untranslated = {d: n for d, n in named.items() if any(c.isascii() and c.isalpha() for c in n)
                    and n == english[d]}
    assert not untranslated


def test_korean_and_english_names_come_from_the_package(language):
    day = dt.date(2026, 10, 9)
    language("ko")
    assert public_holidays_named(day, day) == {day: "한글날"}
    language("en")
    assert public_holidays_named(day, day) == {day: "Hangul Day"}
    assert public_holidays_named(dt.date(2026, 10, 10), dt.date(2026, 10, 31)) == {}
