"""What the Reports screen reads for its organization box (no Qt, no rules of its own): a
profile or a usage statement may be of any organization, archived ones too."""

from __future__ import annotations

from hubdesk.ui.common.organization_search import CHOICES, organizations_booked_lately, organizations_matching


def organizations_to_report(session, text: str = "", limit: int = CHOICES) -> list[tuple[int, str]]:
    """(id, name) of at most `limit` organizations for the Reports area's box: with `text`, those
    whose name or English name holds it (names starting with it first); without, those booked most
    recently (whose usage statements are printed most)."""
    if (text or "").strip():
        return organizations_matching(session, text, limit, archived=True)
    return organizations_booked_lately(session, limit, archived=True)


def organization_to_report(session, organization_id: int) -> tuple[int, str] | None:
    """(id, name) of an organization (archived or not), None when there is none with that id."""
    from sqlalchemy import select

    from hubdesk.db.ids import is_possible_id
    from hubdesk.db.schema import Organization

    if not is_possible_id(organization_id):
        return None
    row = session.execute(select(Organization.id, Organization.name).where(Organization.id == organization_id)).first()
    return (row[0], row[1]) if row is not None else None
