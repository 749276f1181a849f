"""What the document panel and the document search show, read in one short session each; the
bytes are read back by hubdesk.domain.documents (a copy to open, a copy to save)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


def _as_dict(row) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "kind": row.kind, "dated_on": row.dated_on,
            "added_at": row.added_at, "added_by": row.added_by, "size": row.size,
            "media_type": row.media_type, "owner": row.owner, "owner_id": row.owner_id,
            "owner_name": row.owner_name, "version": row.version, "replaces_id": row.replaces_id,
            "certification_id": row.certification_id, "valid_until": row.certificate_expires_on}


def documents_of(db, owner, owner_id: int) -> list[dict[str, Any]]:
    """The current documents of one record, by name."""
    from hubdesk.domain import documents

    with db.read() as s:
        return [_as_dict(r) for r in documents.document_rows(s, owner, owner_id)]


def find_documents(db, *, text: str | None = None, kind=None, owner=None, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, limit: int | None = 5000) -> list[dict[str, Any]]:
    from hubdesk.domain import documents

    with db.read() as s:
        return [_as_dict(r) for r in documents.find(s, text=text, kind=kind, owner=owner, date_from=date_from,
                                                     date_to=date_to, limit=limit)]


def versions_of(db, attachment_id: int) -> list[dict[str, Any]]:
    from hubdesk.domain import documents

    with db.read() as s:
        return [{"id": a.id, "name": a.name, "size": a.size, "added_by": a.added_by, "added_at": a.added_at}
                for a in documents.versions(s, attachment_id)]


def copy_to_open(db, attachment_id: int) -> Path:
    """A temporary copy of the document for the system's viewer."""
    from hubdesk.domain import documents

    with db.read() as s:
        return documents.open_copy(s, attachment_id)


def save_copy(db, attachment_id: int, folder: str | Path) -> Path:
    from hubdesk.domain import documents

    with db.read() as s:
        return documents.save_copy(s, attachment_id, folder)


def size_limit(db) -> int:
    from hubdesk.domain import settings

    with db.read() as s:
        return settings.document_size_limit(s)


def is_admin() -> bool:
    from hubdesk.db.audit import current_role
    from hubdesk.db.enums import Role

    return current_role() is Role.ADMIN


def case_of_item(db, item_id: int) -> int:
    """The case a checklist item belongs to."""
    from hubdesk.db.schema import CaseDocument

    with db.read() as s:
        return s.get_one(CaseDocument, item_id).case_id


def certifications_of(db, org_id: int) -> list[tuple[int, str]]:
    """The organization's certifications, newest first, as a certificate's file may name them:
    "KGMP · KGMP-7 · until 1 Jan 2028"."""
    from sqlalchemy import select

    from hubdesk.db.schema import Certification
    from hubdesk.enum_labels import label
    from hubdesk.formatting import format_date
    from hubdesk.i18n import _

    with db.read() as s:
        rows = s.execute(select(Certification.id, Certification.type, Certification.number, Certification.expires_on)
                         .where(Certification.organization_id == org_id)
                         .order_by(Certification.issued_on.desc(), Certification.id.desc())).all()
    out = []
    for cert_id, cert_type, number, expires_on in rows:
        parts = [label(cert_type)] + ([number] if number else [])
        if expires_on is not None:
            parts.append(_("valid until {date}").format(date=format_date(expires_on)))
        out.append((cert_id, " · ".join(parts)))
    return out
