"""The reads behind an organization box (`ui/common/organization_box.py`), shared by the areas'
queries (a new booking's box offers active organizations, the Reports area's every one): the
organizations whose name holds what was typed, and those booked most recently (what a box opens
on). No Qt."""

from __future__ import annotations

import unicodedata

from sqlalchemy import case, or_, select

CHOICES = 50     # how many organizations a box lists at once


def organizations_matching(session, text: str, limit: int = CHOICES, *,
                           archived: bool = False) -> list[tuple[int, str]]:
    """(id, name) of at most `limit` organizations whose name or English name holds `text`
    (ignoring case, also for letters beyond ASCII that begin a word), names starting with it first,
    then by name; archived ones only with `archived`. Nothing for an empty text."""
    from hubdesk.db.schema import Organization
    from hubdesk.ui.common.list_filters import escape_like

    # typed with an input method the text may come decomposed; names are stored composed
    key = unicodedata.normalize("NFC", text or "").strip().lower()
    if not key:
        return []
    pattern = escape_like(key)
    # SQLite's lower() (and PostgreSQL's under the C locale) folds ASCII only: "đại" would miss
    # "Đại học"; capital letters in names begin words, so the text is also tried so capitalised
    variants = dict.fromkeys(escape_like(v) for v in (key, key[:1].upper() + key[1:],
                                                      " ".join(w[:1].upper() + w[1:] for w in key.split(" "))))
    query = (select(Organization.id, Organization.name)
             .where(or_(*(column.ilike(f"%{v}%", escape="\\") for v in variants
                          for column in (Organization.name, Organization.name_en))))
             .order_by(case((Organization.name.ilike(f"{pattern}%", escape="\\"), 0), else_=1),
                       Organization.name, Organization.id)
             .limit(limit))
    if not archived:
        query = query.where(Organization.archived_on.is_(None))
    return [(oid, name) for oid, name in session.execute(query)]


def organizations_booked_lately(session, limit: int = CHOICES, *, archived: bool = False) -> list[tuple[int, str]]:
    """(id, name) of at most `limit` organizations of the latest bookings (by id, the primary key,
    newest first: a few per organization at most); archived ones only with `archived`."""
    from hubdesk.db.schema import Booking, Organization

    latest = select(Booking.id, Booking.organization_id).order_by(Booking.id.desc()).limit(limit * 8).subquery()
    query = (select(Organization.id, Organization.name).join(latest, latest.c.organization_id == Organization.id)
             .order_by(latest.c.id.desc()))
    if not archived:
        query = query.where(Organization.archived_on.is_(None))
    return list(dict.fromkeys((oid, name) for oid, name in session.execute(query)))[:limit]
