"""Looking a row up by an id that came from outside (a form, a file, a command line).

Primary keys are INTEGER columns: 32 bits on PostgreSQL, 64 bits on SQLite. An id outside that
range cannot name a row, but handing it to the database raises a driver error (OverflowError on
SQLite, "integer out of range" on PostgreSQL) instead of finding nothing. `get_row` finds nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

ID_MIN, ID_MAX = -2**31, 2**31 - 1
T = TypeVar("T")


def is_possible_id(value: Any) -> bool:
    """Whether `value` is an int that an INTEGER primary key can hold (on every backend)."""
    return isinstance(value, int) and not isinstance(value, bool) and ID_MIN <= value <= ID_MAX


def parse_id(text: str) -> int | None:
    """The id a person typed (a command-line argument, a search), or None when `text` is not one:
    only ASCII digits count ("²" and "٣" are digits to `str.isdigit` but `int()` refuses the first),
    and only a value an id can have (twenty digits name no row)."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if is_possible_id(value) else None


def get_row(session: Session, model: type[T], row_id: Any, **options: Any) -> T | None:
    """`session.get(model, row_id)`, or None when `row_id` cannot be an id at all."""
    if not is_possible_id(row_id):
        return None
    return session.get(model, row_id, **options)
