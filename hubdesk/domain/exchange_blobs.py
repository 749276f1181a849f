"""The documents' bytes in a change package (issues 16 and 19).

An `attachment` travels like every main row, but the bytes it names (`document_blob` and its
`document_chunk` pieces, named by their SHA-256, not main rows) must travel with it, or the
receiving PC would hold a document without content. A package lists in its header (`blobs`:
sha256 → size) the content of every attachment row it holds, once per hash; the file carries the
pieces (`hubdesk.interchange.exchange_package`). On arrival each content the receiver lacks is
stored with `documents.store_blob`, which refuses bytes that do not hash to their name, before any
attachment row is written, in the package's one transaction: a package whose documents were altered
is refused whole.
"""

from __future__ import annotations

import tempfile
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import DocumentBlob
from hubdesk.domain import documents
from hubdesk.domain import exchange_rows as rows
from hubdesk.errors import DomainError
from hubdesk.i18n import _

ATTACHMENT = "attachment"
# (sha256, size, the pieces of its bytes in order), as the package file gives them
Blobs = Iterable[tuple[str, int, Iterable[bytes]]]


def _named(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """sha256 → the name of an attachment that names it, for the attachment rows among `records`."""
    found: dict[str, str] = {}
    for rec in records:
        if rec.get("op") == "row" and rec.get("table") == ATTACHMENT:
            state = rec.get("state") or {}
            if isinstance(state.get("sha256"), str):
                found.setdefault(state["sha256"], str(state.get("name") or state["sha256"][:12]))
    return found


def _stored(session: Session, shas: Iterable[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for part in rows.chunks(sorted(set(shas))):
        sizes.update(session.execute(select(DocumentBlob.sha256, DocumentBlob.size)
                                     .where(DocumentBlob.sha256.in_(part))).all())
    return sizes


def blobs_for(session: Session, records: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The contents (sha256 → size) the attachment rows among a package's records name, for its header."""
    return dict(sorted(_stored(session, _named(records)).items()))


def store_incoming(session: Session, header: dict[str, Any], records: list[dict[str, Any]],
                   blobs: Blobs | None) -> int:
    """Store the documents a package carries that this database lacks, each hashed again (bytes that do
    not match their hash refuse the package); refuse a package whose attachments name a content that is
    neither here nor in it. How many were stored."""
    declared = {str(k): int(v) for k, v in (header.get("blobs") or {}).items()}
    names = _named(records)
    here = set(_stored(session, set(declared) | set(names)))
    stored = 0
    for sha, size, pieces in blobs or ():
        if sha not in declared or size != declared[sha]:
            raise DomainError(_("This change package carries a document its header does not list. Write the package "
                                "again on the PC it came from; nothing was changed."), code="damaged")
        if sha in here:
            continue                                     # the same content is stored once: its pieces are skipped
        with tempfile.SpooledTemporaryFile(max_size=documents.CHUNK_SIZE) as spool:
            for piece in pieces:
                spool.write(piece)
            spool.seek(0)
            documents.store_blob(session, spool, names.get(sha, sha[:12]), sha)
        here.add(sha)
        stored += 1
    lacking = [sha for sha in names if sha not in here]
    if lacking:
        raise DomainError(_("This change package holds the document {name} without its content. Write the package "
                            "again with this version of hubdesk on the PC it came from; nothing was changed.")
                          .format(name=names[lacking[0]]), code="blob_missing")
    return stored
