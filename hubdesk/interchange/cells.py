"""Turning one spreadsheet cell into a Python value, and back.

A cell comes either from an .xlsx file (str, int, float, bool, date, datetime or None) or from a
CSV file (always str). Every parser accepts both and raises `CellError` with a sentence that says
what is wrong and how to write it instead; the importer adds the row and the column.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Mapping

from hubdesk.i18n import N_, _

# A cell starting with one of these could run as a formula in a spreadsheet program.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'(?='*[=+\-@\t\r])")   # one apostrophe before (apostrophes and) a trigger
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XSTRING_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


class CellError(ValueError):
    """A cell that cannot be read; `message` is a whole sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- neutralising formulas -----------------------------------------------------------------


def needs_neutralising(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """Prefix a text that a spreadsheet could take as a formula with an apostrophe (CSV). A text
    that already starts with an apostrophe before a trigger gets one more, so that `unneutralise`
    gives every text back exactly."""
    return "'" + text if needs_neutralising(text) or _NEUTRALISED.match(text) else text


def escape_apostrophe(text: str) -> str:
    """For .xlsx, where formulas are prevented by the cell type: only the apostrophe escape."""
    return "'" + text if _NEUTRALISED.match(text) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise`: an apostrophe followed by a formula trigger is dropped."""
    return _NEUTRALISED.sub("", text, count=1)


def xlsx_text(text: str) -> str:
    """Text as an .xlsx file holds it (OOXML's ST_Xstring, as Excel writes it): a control character
    that XML cannot carry becomes `_xHHHH_`, and a text that already holds such a sequence gets
    its underscore written as `_x005F_`, so `from_xlsx_text` gives every text back exactly."""
    if "_x" in text:
        text = _XSTRING_ESCAPE.sub(lambda m: "_x005F" + m.group(0), text)
    return _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def from_xlsx_text(text: str) -> str:
    """Undo `xlsx_text` (and read Excel's own escapes): `_xHHHH_` is the character U+HHHH."""
    if "_x" not in text:
        return text
    return _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(0)[2:6], 16)), text)


# --- reading -------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def takes(description: str):
    """Mark a cell parser with what a cell of it takes: an N_() text, translated where it is shown
    (the import wizard's column list, a template's header notes)."""
    def mark(parse: Callable) -> Callable:
        parse.takes = description
        return parse
    return mark


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "…"


def parse_text(value: Any, *, max_length: int | None = None) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        # NFC, as the domain stores names: a decomposed (NFD) "Trường" in a file is the stored "Trường"
        text = unicodedata.normalize("NFC", unneutralise(str(value).strip()))
    if "\x00" in text:   # a CSV can carry it; no database column can hold it (PostgreSQL refuses it)
        raise CellError(_("This cell contains a NUL character (code 0), which cannot be stored. Remove it."))
    if max_length is not None and len(text) > max_length:
        raise CellError(_("The text is {length} characters long; at most {limit} fit. Shorten it.")
                        .format(length=len(text), limit=max_length))
    return text


def text(max_length: int | None = None) -> Callable[[Any], str | None]:
    def parse(value: Any) -> str | None:
        return parse_text(value, max_length=max_length)

    parse.max_length = max_length   # what it takes is said with the limit (columns.Column.takes_text)
    return takes(N_("Text"))(parse)


takes(N_("Text"))(parse_text)


MAX_INT = 2**63 - 1          # BIGINT, the widest integer column
NUMBER_JUNK = re.compile(r"[\s,_₩원]|KRW", re.IGNORECASE)   # separators and currency a number may carry


@takes(N_("A whole number, such as 2026"))
def parse_int(value: Any) -> int | None:
    """A whole number; thousands separators (comma, space), ₩ and 원 are ignored."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“{value}” is not a whole number. Write digits only, for example 1,250,000.")
                        .format(value=_shown(value)))
    if isinstance(value, int):
        return _within_range(value, value)
    if isinstance(value, float):
        if value.is_integer():
            return _within_range(Decimal(value), value)
        raise CellError(_("{value} is not a whole number. Round it to a whole number.")
                        .format(value=_shown(value)))
    raw = str(value).strip()
    cleaned = NUMBER_JUNK.sub("", raw)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():   # also NaN, sNaN and Infinity
        raise CellError(_("“{value}” is not a whole number. Write digits only, for example 1,250,000.")
                        .format(value=_shown(raw)))
    if number.adjusted() > 18:   # 1e1000000: rounding or comparing it would overflow the decimal context
        return _within_range(MAX_INT + 1, raw)
    if number != number.to_integral_value():
        raise CellError(_("{value} is not a whole number. Round it to a whole number.")
                        .format(value=_shown(raw)))
    return _within_range(-number if negative else number, raw)


def _within_range(number: Decimal | int, shown: Any) -> int:
    """`number` as an int, or CellError beyond what a 64-bit database column holds."""
    if abs(number) > MAX_INT:
        raise CellError(_("{value} is too large a number to keep. Check the number of digits.")
                        .format(value=_shown(shown)))
    return int(number)


@takes(N_("A year with four digits, such as 2026"))
def parse_year(value: Any) -> int | None:
    """A year (domain.inputs.require_year: the one rule of a plausible year)."""
    from hubdesk.domain.inputs import require_year
    from hubdesk.errors import DomainError

    year = parse_int(value)
    if year is None:
        return None
    try:
        return require_year(year, "year")
    except DomainError as exc:
        raise CellError(exc.message) from None


@takes(N_("Zero or a positive whole number, such as 1,250,000 (commas, ₩ and 원 are ignored)"))
def parse_non_negative_int(value: Any) -> int | None:
    number = parse_int(value)
    if number is not None and number < 0:
        raise CellError(_("{value} is negative. Write zero or a positive number.").format(value=number))
    return number


_TRUE = {"true", "yes", "y", "1", "t", "o", "x", "✓", "✔", "예", "네", "참", "có", "đúng"}
_FALSE = {"false", "no", "n", "0", "f", "-", "아니오", "아니요", "거짓", "không", "sai"}


@takes(N_("Yes or no (예 / 아니오)"))
def parse_bool(value: Any) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = unneutralise(str(value).strip()).casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(_("“{value}” is not yes or no. Write yes or no (예 / 아니오).").format(value=_shown(value)))


# Excel's serial day 0 is 1899-12-30 (taking its 1900 leap-year bug into account).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?$"),
    re.compile(r"^(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<d>\d{1,2})\s*[./]\s*(?P<m>\d{1,2})\s*[./]\s*(?P<y>\d{4})$"),  # 14.03.2026 / 14/03/2026 (vi)
]
_TIME = re.compile(r"^(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?$")
_AMPM = re.compile(r"^(?P<ap>오전|오후|AM|PM)\s*(?P<rest>.+)$|^(?P<rest2>.+?)\s*(?P<ap2>AM|PM|오전|오후)$",
                   re.IGNORECASE)


def _from_serial(number: float) -> dt.datetime:
    if not 1 <= number < 2958466:
        raise CellError(_("{value} is not a date. Write it as 2026-03-14.").format(value=_shown(number)))
    return _EXCEL_EPOCH + dt.timedelta(days=number)


def _date_from_text(raw: str) -> dt.date | None:
    for pattern in _DATE_PATTERNS:
        m = pattern.match(raw)
        if m:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return None
    return None


@takes(N_("A date, such as 2026-03-14 (2026.3.14 and 2026년 3월 14일 work too)"))
def parse_date(value: Any) -> dt.date | None:
    """A date: a real spreadsheet date, an Excel serial number, or text such as 2026-03-14,
    2026.3.14, 2026/03/14, 2026년 3월 14일, 20260314 or 14.03.2026."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value).date()
    raw = unneutralise(str(value).strip())
    day = _date_from_text(raw)
    if day is None and " " in raw:  # a date-time given where a date is expected: keep the date
        head, _sep, tail = raw.partition(" ")
        if _TIME.match(tail.strip()):
            day = _date_from_text(head)
    if day is None:
        raise CellError(_("“{value}” is not a date. Write it as 2026-03-14.").format(value=_shown(raw)))
    return day


@takes(N_("A date and time, such as 2026-03-14 09:00"))
def parse_datetime(value: Any) -> dt.datetime | None:
    """A wall-clock date and time (naive; the caller knows the time zone): a real spreadsheet
    date-time, an Excel serial number, or text such as 2026-03-14 09:00 or 2026-03-14T09:00."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        return _round_second(value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _round_second(_from_serial(value))
    raw = unneutralise(str(value).strip())
    day_part, time_part = raw, ""
    for sep in ("T", " "):
        if sep in raw:
            day_part, _sep, time_part = raw.partition(sep)
            break
    day = _date_from_text(day_part.strip())
    clock = _parse_clock(time_part.strip()) if time_part.strip() else dt.time()
    if day is None or clock is None:
        raise CellError(_("“{value}” is not a date and time. Write it as 2026-03-14 09:00.")
                        .format(value=_shown(raw)))
    return dt.datetime.combine(day, clock)


@takes(N_("A time of day, such as 09:30"))
def parse_time(value: Any) -> dt.time | None:
    """A time of day: a real spreadsheet time, a fraction of a day, or text such as 09:30 or 오후 2:00."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:
        return _round_second(dt.datetime(2000, 1, 1) + dt.timedelta(days=value)).time()
    raw = unneutralise(str(value).strip())
    found = _parse_clock(raw)
    if found is None:
        raise CellError(_("“{value}” is not a time of day. Write it as 09:30.").format(value=_shown(raw)))
    return found


def _round_second(moment: dt.datetime) -> dt.datetime:
    """Spreadsheet date-times are floating point: round to the nearest second."""
    if not moment.microsecond:
        return moment
    return moment.replace(microsecond=0) + dt.timedelta(seconds=1 if moment.microsecond >= 500_000 else 0)


def _parse_clock(raw: str) -> dt.time | None:
    pm = None
    m = _AMPM.match(raw)
    if m:
        marker = (m["ap"] or m["ap2"]).upper()
        pm = marker in ("PM", "오후")
        raw = (m["rest"] or m["rest2"]).strip()
    m = _TIME.match(raw)
    if not m:
        return None
    hour, minute, second = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if pm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if pm else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        return None


def _label_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def enum_parser(enum_cls: type[enum.Enum], labels: Mapping[enum.Enum, Iterable[str]] | None = None
                ) -> Callable[[Any], enum.Enum | None]:
    """A parser for a closed set of values, accepted by value (`research_institute`), by English
    label (`Research institute`) or by any label given for a member (Korean, Vietnamese)."""
    lookup: dict[str, enum.Enum] = {}
    for member in enum_cls:
        lookup[_label_key(str(member.value))] = member
        lookup[_label_key(member.name)] = member
        for label in (labels or {}).get(member, ()):
            lookup[_label_key(label)] = member
    choices = ", ".join(str(m.value) for m in enum_cls)

    def parse(value: Any) -> enum.Enum | None:
        if is_blank(value):
            return None
        raw = unneutralise(str(value).strip())
        member = lookup.get(_label_key(raw))
        if member is None:
            raise CellError(_("“{value}” is not one of the allowed values: {choices}.")
                            .format(value=_shown(raw), choices=choices))
        return member

    parse.enum_cls = enum_cls
    parse.labels = labels or {}
    return takes(N_("One of: {choices}"))(parse)


# --- writing -------------------------------------------------------------------------------


def to_csv_text(value: Any) -> str:
    """How a value is written in a CSV cell (read back by the parsers above)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if not value.second else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return neutralise(str(value))
