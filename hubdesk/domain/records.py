"""Changing and removing one record, the same way for every kind.

`assign` writes only the fields whose value changes (so an unchanged save does not count as a
change); `remove_row` has nothing to do when the record is already gone (someone else removed
it) and is refused with the rule's sentence while the record is still in use."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from sqlalchemy.orm import Session

from hubdesk.db.ids import get_row
from hubdesk.errors import DomainError

R = TypeVar("R")


def assign(session: Session, row: R, values: dict[str, Any]) -> R:
    """Set the row's fields from checked `values` where they differ, flush, and give the row back."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
    session.flush()
    return row


def remove_row(session: Session, model: type, row_id: Any,
               in_use: Callable[[Any], str | None] | None = None) -> None:
    """Delete the row (flushed). `in_use(row)` gives the sentence that refuses it, or None."""
    row = get_row(session, model, row_id)
    if row is None:
        return
    refusal = in_use(row) if in_use is not None else None
    if refusal:
        raise DomainError(refusal, code="in_use")
    session.delete(row)
    session.flush()
