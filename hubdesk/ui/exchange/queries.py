"""What the exchange window shows, read in one short session each (no rules, no writes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hubdesk.db.database import Database
    from hubdesk.domain.exchange_conflicts import ConflictView


def installations(db: "Database") -> list[dict[str, Any]]:
    """Each known installation (this one first) with what it sent and received."""
    from hubdesk.domain.exchange_clock import status

    with db.read() as session:
        return status(session, find_changes=False)


def conflicts(db: "Database") -> list["ConflictView"]:
    from hubdesk.domain.exchange_conflicts import conflicts as waiting

    with db.read() as session:
        return waiting(session)
