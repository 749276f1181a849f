"""Removing one record by id, the same way for every kind: nothing to do when it is already gone
(someone else removed it), refused with the rule's sentence while it is still in use."""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy.orm import Session

from hubdesk.db.ids import get_row
from hubdesk.errors import DomainError


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
