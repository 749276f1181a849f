"""Checks shared by the program modules (programs, budgets, participants, milestones, events, KPI
targets): a whole number of won, a count, a year, a choice from a closed set, a text that fits.
Each raises DomainError with a sentence and `field=`."""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Any, Literal, TypeVar, overload

from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import _

E = TypeVar("E", bound=enum.Enum)

# One amount is at most ~1,000 trillion won: far above any program, and sums of many such rows
# still fit the 64-bit integers the databases add them up in.
MAX_AMOUNT_KRW = 10**15 - 1
MAX_COUNT = 2**31 - 1   # INTEGER columns (32 bits on PostgreSQL)
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _whole(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DomainError(_("“{value}” is not a whole number. Enter it with digits only.").format(value=value),
                          field=field, code="not_whole")
    if isinstance(value, float):
        if not value.is_integer():
            raise DomainError(_("“{value}” is not a whole number. Enter it without decimals.").format(value=value),
                              field=field, code="not_whole")
        value = int(value)
    return value


def _not_too_large(value: float, limit: int, field: str) -> None:
    if value > limit:
        raise DomainError(_("{value} is too large a number to keep. Check the number of digits.")
                          .format(value=value), field=field, code="too_large")


def require_amount(value: Any, field: str, *, positive: bool = False) -> int:
    """A whole number of won, 0 or more (more than 0 with `positive`), at most MAX_AMOUNT_KRW."""
    if value is None:
        value = 0
    amount = _whole(value, field)
    if positive and amount <= 0:
        raise DomainError(_("The amount must be more than 0 won. Enter the amount spent."),
                          field=field, code="not_positive")
    if amount < 0:
        raise DomainError(_("The amount {value} won is negative. Enter 0 or more.").format(value=amount),
                          field=field, code="negative")
    if amount > MAX_AMOUNT_KRW:
        raise DomainError(_("The amount {value} won is more than one entry can be (at most {max} won). "
                            "Check the number of digits.").format(value=amount, max=MAX_AMOUNT_KRW),
                          field=field, code="too_large")
    return amount


def require_count(value: Any, field: str) -> int:
    """A number of people, meetings or contracts: 0 or more."""
    if value is None:
        value = 0
    count = _whole(value, field)
    if count < 0:
        raise DomainError(_("The number {value} is negative. Enter 0 or more.").format(value=count),
                          field=field, code="negative")
    _not_too_large(count, MAX_COUNT, field)
    return count


def require_year(value: Any, field: str) -> int:
    if value is None:
        raise DomainError(_("The year is missing. Fill it in, for example 2026."), field=field, code="required")
    year = _whole(value, field)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(_("{value} is not a plausible year. Enter the year with four digits, for example "
                            "2026.").format(value=value), field=field, code="invalid_year")
    return year


@overload
def require_date(value: Any, field: str, *, required: Literal[True] = ...) -> dt.date: ...
@overload
def require_date(value: Any, field: str, *, required: bool) -> dt.date | None: ...
def require_date(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainError(_("The date is missing or not a date. Enter a date such as 2026-03-31."),
                          field=field, code="invalid_date")
    return value


def require_choice(enum_cls: type[E], value: Any, field: str) -> E:
    """A member of `enum_cls` from a member, its stored value or its label in the current language."""
    if isinstance(value, enum_cls):
        return value
    text = str(value or "").strip()
    try:
        return enum_cls(text)
    except ValueError:
        pass
    from hubdesk.enum_labels import label

    for member in enum_cls:
        if text and text.casefold() in (label(member).casefold(), member.name.casefold()):
            return member
    choices = ", ".join(label(m) for m in enum_cls)
    if not text:
        raise DomainError(_("This field is required. Choose one of: {choices}.").format(choices=choices),
                          field=field, code="required")
    raise DomainError(_("“{value}” is not a known choice for this field. Choose one of: {choices}.")
                      .format(value=value, choices=choices), field=field, code="invalid_choice")


def optional_text(row_cls: Any, column: str, value: Any, *, field: str | None = None) -> str | None:
    """Trimmed text (None when blank) that fits `row_cls.column`."""
    value = clean_text(value)
    if value is not None and not isinstance(value, str):
        value = str(value)
    require_storable(row_cls, column, value, field=field or column)
    return value


def required_text(row_cls: Any, column: str, value: Any, message: str, *, field: str | None = None) -> str:
    value = optional_text(row_cls, column, value, field=field)
    if value is None:
        raise DomainError(message, field=field or column, code="required")
    return value


def require_finite(value: Any, field: str) -> float:
    """A number 0 or more (targets may be rates such as 0.65)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DomainError(_("“{value}” is not a number. Enter the target with digits.").format(value=value),
                          field=field, code="not_number")
    if value < 0:
        raise DomainError(_("The target {value} is negative. Enter 0 or more.").format(value=value),
                          field=field, code="negative")
    _not_too_large(value, MAX_AMOUNT_KRW, field)
    return float(value)


__all__ = ["MAX_AMOUNT_KRW", "MAX_COUNT", "optional_text", "require_amount", "require_choice", "require_count",
           "require_date", "require_finite", "require_year", "required_text"]
