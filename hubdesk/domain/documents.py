"""Documents attached to records, kept inside the database (the one home of their rules).

A document's bytes are a content-addressed blob (`document_blob`, keyed by their SHA-256) stored in
pieces (`document_chunk`, `CHUNK_SIZE` each): the same file attached twice is stored once, and a
backup, a restore or an exchange between PCs carries the documents with the records. `attach` reads
the file twice in pieces, never whole: once to hash it (nothing is written when the content is
already stored), once to write it while hashing again (a file that changed in between is refused).
The blob, its pieces and the attachment row are written in the caller's one transaction: a process
killed while attaching leaves nothing behind.

An attachment puts a blob on one record (`DocumentOwner`): its name as given (made safe only when it
is written out as a file, `safe_file_name`), kind, date (correspondence), media type, who added it
and when. Replacing a document adds a new attachment naming the one it replaces; the earlier versions
are kept. Removing one is an administrator's act and flags the row (audited like every change).

Rules: a file larger than the foundation's size limit (`settings.document_size_limit`) is refused
from its size before anything is read; a name is not empty; correspondence has a date; the owner
exists. Every write function takes a write Session and never commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Iterator

from sqlalchemy import Table, and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from hubdesk.db.audit import current_actor, current_role
from hubdesk.db.enums import DocumentKind, DocumentOwner, Role
from hubdesk.db.ids import get_row
from hubdesk.db.schema import (Attachment, CaseDocument, Certification, ClinicalCase, DocumentBlob, DocumentChunk,
                               Event, Facility, Organization, Program, Resource, utcnow)
from hubdesk.db.schema.documents import CHUNK_SIZE, OWNER_COLUMNS
from hubdesk.domain import clock, settings
from hubdesk.domain.texts import require_storable
from hubdesk.errors import DomainError
from hubdesk.formatting import format_file_size
from hubdesk.i18n import N_, _

__all__ = ["CHUNK_SIZE", "DocumentRow", "OWNER_MODELS", "attach", "blob_chunks", "check_size", "current_documents",
           "find", "missing_evidence", "open_copy", "read_into", "remove", "replace", "safe_file_name",
           "save_copy", "store_blob", "submitted_in", "verify", "versions"]

CORRESPONDENCE = frozenset({DocumentKind.CORRESPONDENCE_IN, DocumentKind.CORRESPONDENCE_OUT})
OWNER_MODELS: dict[DocumentOwner, type] = {
    DocumentOwner.ORGANIZATION: Organization, DocumentOwner.CASE: ClinicalCase,
    DocumentOwner.CASE_ITEM: CaseDocument, DocumentOwner.FACILITY: Facility,
    DocumentOwner.RESOURCE: Resource, DocumentOwner.PROGRAM: Program, DocumentOwner.EVENT: Event,
}
_OWNER_NAMES: dict[DocumentOwner, str] = {
    DocumentOwner.ORGANIZATION: N_("organization"), DocumentOwner.CASE: N_("clinical-entry case"),
    DocumentOwner.CASE_ITEM: N_("checklist item"), DocumentOwner.FACILITY: N_("facility"),
    DocumentOwner.RESOURCE: N_("resource"), DocumentOwner.PROGRAM: N_("program"),
    DocumentOwner.EVENT: N_("event"),
}
DEFAULT_MEDIA_TYPE = "application/octet-stream"
Source = Path | str | BinaryIO


def owner_title(owner: DocumentOwner) -> str:
    return _(_OWNER_NAMES[DocumentOwner(owner)])


# --- the size limit ---------------------------------------------------------------------------

def check_size(session: Session, name: str, size: int) -> None:
    """Refuse a file larger than the foundation's limit, with a sentence naming it."""
    limit = settings.document_size_limit(session)
    if size > limit:
        raise DomainError(_("{name} is {size}, larger than the {limit} a document may be. Attach a smaller "
                            "file, or ask an administrator to raise the limit in Settings.")
                          .format(name=name, size=format_file_size(size), limit=format_file_size(limit)),
                          field="file", code="too_large")


def _source_size(source: Source) -> int | None:
    if isinstance(source, (str, Path)):
        return Path(source).stat().st_size
    if source.seekable():
        here = source.tell()
        end = source.seek(0, os.SEEK_END)
        source.seek(here)
        return end - here
    return None


# --- storing a blob ---------------------------------------------------------------------------

def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        piece = stream.read(CHUNK_SIZE)
        if not piece:
            return
        yield piece


def _hash(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for piece in _pieces(stream):
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size


def _store(session: Session, stream: IO[bytes], name: str, *, expected: str | None = None) -> tuple[str, int]:
    """Store the stream's bytes as a blob unless the same content is already stored; its hash and size.
    With `expected` (an exchange), bytes whose hash is another are refused before anything is written,
    and the size limit (a rule for what people attach here) is not applied."""
    start = stream.tell()
    sha, size = _hash(stream)
    if expected is not None and sha != expected:
        raise DomainError(_("The copy of the document {name} in this change package does not match its SHA-256 "
                            "fingerprint: the package was altered after it was written. Write the package again "
                            "on the PC it came from and copy it once more; nothing was changed.").format(name=name),
                          code="blob_hash")
    if expected is None:
        check_size(session, name, size)
    if session.get(DocumentBlob, sha) is not None:
        return sha, size
    stream.seek(start)
    session.execute(insert(_table(DocumentBlob)), {"sha256": sha, "size": size, "created_at": utcnow()})
    digest, written = hashlib.sha256(), 0
    for index, piece in enumerate(_pieces(stream)):
        digest.update(piece)
        written += len(piece)
        session.execute(insert(_table(DocumentChunk)), {"sha256": sha, "idx": index, "data": piece})
    if digest.hexdigest() != sha or written != size:
        raise DomainError(_("{name} changed while it was being stored. Wait until the program writing it has "
                            "finished, then attach it again.").format(name=name), field="file", code="changed")
    return sha, size


def store_blob(session: Session, stream: IO[bytes], name: str, expected: str) -> tuple[str, int]:
    """Store a seekable stream's bytes as the blob named `expected` (nothing new when it is already
    stored): its SHA-256 and size. For an exchange between PCs that carries blobs beside the
    attachment rows: the receiving side stores each one this way, before the attachment rows that
    name it; bytes that do not hash to `expected` are refused before anything is written (and hashed
    again as they are written)."""
    return _store(session, stream, name, expected=expected)


def _table(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined]


# --- attaching, replacing, removing ------------------------------------------------------------

def _check_owner(session: Session, owner: DocumentOwner | str, owner_id: int) -> DocumentOwner:
    try:
        owner = DocumentOwner(owner)
    except ValueError:
        raise DomainError(_("Documents cannot be attached to “{owner}”.").format(owner=owner),
                          field="owner") from None
    if get_row(session, OWNER_MODELS[owner], owner_id) is None:
        raise DomainError(_("The {record} number {id} does not exist any more. Refresh the list and try "
                            "again.").format(record=owner_title(owner), id=owner_id), field="owner")
    return owner


def _check_fields(session: Session, name: str, kind: DocumentKind | str, dated_on: dt.date | None,
                  certification_id: int | None) -> tuple[str, DocumentKind]:
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise DomainError(_("Give the document a name."), field="name")
    require_storable(Attachment, "name", name)
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise DomainError(_("Choose what kind of document this is."), field="kind") from None
    if kind in CORRESPONDENCE and dated_on is None:
        raise DomainError(_("Give the date of the letter: correspondence is kept with the day it was sent "
                            "or received."), field="dated_on")
    if certification_id is not None and get_row(session, Certification, certification_id) is None:
        raise DomainError(_("The certification this document proves does not exist any more. Refresh and "
                            "try again."), field="certification")
    return name, kind


def attach(session: Session, owner: DocumentOwner | str, owner_id: int, source: Source, *,
           name: str | None = None, kind: DocumentKind | str = DocumentKind.OTHER,
           dated_on: dt.date | None = None, media_type: str | None = None,
           certification_id: int | None = None, actor: str | None = None,
           _replaces: Attachment | None = None) -> Attachment:
    """Attach the file at a path, or the bytes of a binary stream, to one record."""
    owner = _check_owner(session, owner, owner_id)
    if name is None:
        name = Path(source).name if isinstance(source, (str, Path)) else getattr(source, "name", "")
        name = Path(str(name)).name
    name, kind = _check_fields(session, name, kind, dated_on, certification_id)
    try:
        size = _source_size(source)
    except OSError:
        raise DomainError(_("{name} cannot be read. Check that the file exists and that you may open it.")
                          .format(name=name), field="file", code="unreadable") from None
    if size is not None:
        check_size(session, name, size)   # before reading anything
    if isinstance(source, (str, Path)):
        try:
            with open(source, "rb") as stream:
                sha, size = _store(session, stream, name)
        except OSError:
            raise DomainError(_("{name} cannot be read. Check that the file exists and that you may open it.")
                              .format(name=name), field="file", code="unreadable") from None
    elif source.seekable():
        sha, size = _store(session, source, name)
    else:
        with tempfile.SpooledTemporaryFile(max_size=CHUNK_SIZE) as spool:
            limit = settings.document_size_limit(session)
            copied = 0
            for piece in _pieces(source):
                copied += len(piece)
                if copied > limit:
                    check_size(session, name, copied)
                spool.write(piece)
            spool.seek(0)
            sha, size = _store(session, spool, name)
    row = Attachment(name=name, kind=kind, dated_on=dated_on, sha256=sha, size=size,
                     media_type=media_type or mimetypes.guess_type(name)[0] or DEFAULT_MEDIA_TYPE,
                     certification_id=certification_id, added_by=actor or current_actor(),
                     added_at=clock.utc_now(), removed=False,
                     replaces_id=_replaces.id if _replaces is not None else None)
    setattr(row, OWNER_COLUMNS[owner], owner_id)
    session.add(row)
    session.flush()
    return row


def get_attachment(session: Session, attachment_id: int) -> Attachment:
    row = get_row(session, Attachment, attachment_id)
    if row is None:
        raise DomainError(_("This document does not exist any more. Refresh the list."), code="missing")
    return row


def _successor(session: Session, attachment_id: int) -> Attachment | None:
    return session.scalar(select(Attachment).where(Attachment.replaces_id == attachment_id))


def replace(session: Session, attachment_id: int, source: Source, *, name: str | None = None,
            actor: str | None = None) -> Attachment:
    """A new version of the document: the same record, kind, date and certification; the earlier
    version is kept (the new one names it in `replaces_id`)."""
    old = get_attachment(session, attachment_id)
    if old.removed:
        raise DomainError(_("{name} was removed; it cannot get a new version.").format(name=old.name),
                          code="removed")
    newer = _successor(session, old.id)
    if newer is not None:
        raise DomainError(_("{name} already has a newer version, added by {who}. Refresh the list and replace "
                            "the newest version.").format(name=old.name, who=newer.added_by), code="replaced")
    owner, owner_id = old.owner
    return attach(session, owner, owner_id, source, name=name, kind=old.kind, dated_on=old.dated_on,
                  certification_id=old.certification_id, actor=actor, _replaces=old)


def remove(session: Session, attachment_id: int, *, actor: str | None = None) -> Attachment:
    """Remove a document (administrators only): flagged with who and when, never deleted, so the audit
    trail and the earlier versions keep their file."""
    if current_role() is not Role.ADMIN:
        raise DomainError(_("Only an administrator can remove a document. Ask an administrator, or add a "
                            "new version instead."), code="permission")
    row = get_attachment(session, attachment_id)
    if not row.removed:
        row.removed = True
        row.removed_by = actor or current_actor()
        row.removed_at = clock.utc_now()
        session.flush()
    return row


def versions(session: Session, attachment_id: int) -> list[Attachment]:
    """Every version of the document `attachment_id` belongs to, the newest first."""
    row = get_attachment(session, attachment_id)
    newest = row
    while (newer := _successor(session, newest.id)) is not None:
        newest = newer
    chain = [newest]
    while chain[-1].replaces_id is not None:
        chain.append(session.get_one(Attachment, chain[-1].replaces_id))
    return chain


def _current_clause():
    newer = aliased(Attachment)
    return and_(Attachment.removed.is_(False),
                ~select(newer.id).where(newer.replaces_id == Attachment.id).exists())


def current_documents(session: Session, owner: DocumentOwner | str, owner_ids: int | list[int]) -> list[Attachment]:
    """The documents (newest versions, not removed) of one record or several of one kind, by name."""
    column = getattr(Attachment, OWNER_COLUMNS[DocumentOwner(owner)])
    ids = [owner_ids] if isinstance(owner_ids, int) else list(owner_ids)
    if not ids:
        return []
    return list(session.scalars(select(Attachment).where(column.in_(ids), _current_clause())
                                .order_by(Attachment.name, Attachment.id)))


# --- reading back -----------------------------------------------------------------------------

def blob_chunks(session: Session, sha256: str) -> Iterator[bytes]:
    """The stored bytes of a blob, one piece at a time (one statement per piece: never the whole file)."""
    size = session.scalar(select(DocumentBlob.size).where(DocumentBlob.sha256 == sha256))
    if size is None:
        raise DomainError(_("The content of this document is missing from the database. Restore a backup, "
                            "or attach the file again."), code="missing_content")
    count = -(-size // CHUNK_SIZE)
    for index in range(count):
        data = session.scalar(select(DocumentChunk.data).where(DocumentChunk.sha256 == sha256,
                                                                DocumentChunk.idx == index))
        if data is None:
            raise DomainError(_("Part of this document is missing from the database. Run “hubdesk check”, "
                                "then restore a backup or attach the file again."), code="missing_content")
        yield bytes(data)


def read_into(session: Session, attachment_id: int, out: IO[bytes]) -> int:
    """Write the document's bytes to a binary stream; the number of bytes written."""
    row = get_attachment(session, attachment_id)
    written = 0
    for piece in blob_chunks(session, row.sha256):
        out.write(piece)
        written += len(piece)
    return written


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_MAX_NAME_BYTES = 240


def safe_file_name(name: str) -> str:
    """A file name that any of Windows, macOS and Linux accept and that stays inside the folder it
    is written to: no path separators or characters Windows refuses (each becomes “_”), no leading
    dot (a hidden file, or “..”), no trailing dot or space, not a reserved Windows device name, at
    most 240 bytes in UTF-8 (the extension kept). Korean, Vietnamese and emoji are kept (NFC)."""
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", name or ""))
    text = text.strip().lstrip(".").strip().rstrip(". ")
    if not text:
        text = "document"
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    if stem.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
        stem = "_" + stem
    if len(text.encode()) > _MAX_NAME_BYTES:
        suffix = f".{ext}" if dot and len(ext.encode()) < 20 else ""
        room = _MAX_NAME_BYTES - len(suffix.encode())
        stem = (stem if suffix else text).encode()[:room].decode(errors="ignore").rstrip(". ")
        text = stem + suffix
    return text


def _free_path(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while target.exists():
        target = folder / f"{stem} ({number}){suffix}"
        number += 1
    return target


def save_copy(session: Session, attachment_id: int, folder: Path | str) -> Path:
    """Write the document into `folder` under its name made safe (`safe_file_name`; “name (2).pdf”
    when a file of that name is there). Never writes outside `folder`."""
    from hubdesk.output_files import replacing

    row = get_attachment(session, attachment_id)
    base = Path(folder).resolve()
    if not base.is_dir():
        raise DomainError(_("The folder {folder} does not exist. Choose another folder.").format(folder=base),
                          code="no_folder")
    target = _free_path(base, safe_file_name(row.name))
    if target.resolve().parent != base:   # safe_file_name makes this impossible; kept as the last word
        raise DomainError(_("{name} cannot be saved under that name. Rename it and try again.")
                          .format(name=row.name), code="unsafe_name")
    with replacing(target) as tmp, open(tmp, "wb") as out:
        read_into(session, row.id, out)
    return target


def open_copy(session: Session, attachment_id: int) -> Path:
    """A copy of the document in a new temporary folder, for the system's viewer to open."""
    folder = Path(tempfile.mkdtemp(prefix="hubdesk-document-"))
    return save_copy(session, attachment_id, folder)


# --- finding ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    kind: DocumentKind
    dated_on: dt.date | None
    added_at: dt.datetime
    added_by: str
    size: int
    media_type: str
    owner: DocumentOwner
    owner_id: int
    owner_name: str
    version: int               # row version, for an editor's stale check
    replaces_id: int | None
    certification_id: int | None
    certificate_expires_on: dt.date | None

    @property
    def owner_title(self) -> str:
        return owner_title(self.owner)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=clock.foundation_zone())


def find(session: Session, *, text: str | None = None, kind: DocumentKind | str | None = None,
         date_from: dt.date | None = None, date_to: dt.date | None = None,
         owner: DocumentOwner | str | None = None, owner_id: int | None = None,
         limit: int | None = None) -> list[DocumentRow]:
    """Current documents (newest versions, not removed) across the records, in one statement:
    by a part of the name, kind, date (the letter's date, else the day it was added; both ends
    included) and the kind of record (and which one); the newest first."""
    case_of_item = aliased(ClinicalCase)
    owner_name = case(
        (Attachment.organization_id.is_not(None), Organization.name),
        (Attachment.case_id.is_not(None), ClinicalCase.product),
        (Attachment.case_document_id.is_not(None), case_of_item.product),
        (Attachment.facility_id.is_not(None), Facility.name),
        (Attachment.resource_id.is_not(None), Resource.name),
        (Attachment.program_id.is_not(None), Program.name),
        else_=Event.name)
    query = (select(Attachment, owner_name, CaseDocument.code, Certification.expires_on)
             .outerjoin(Organization, Organization.id == Attachment.organization_id)
             .outerjoin(ClinicalCase, ClinicalCase.id == Attachment.case_id)
             .outerjoin(CaseDocument, CaseDocument.id == Attachment.case_document_id)
             .outerjoin(case_of_item, case_of_item.id == CaseDocument.case_id)
             .outerjoin(Facility, Facility.id == Attachment.facility_id)
             .outerjoin(Resource, Resource.id == Attachment.resource_id)
             .outerjoin(Program, Program.id == Attachment.program_id)
             .outerjoin(Event, Event.id == Attachment.event_id)
             .outerjoin(Certification, Certification.id == Attachment.certification_id)
             .where(_current_clause()))
    if text and text.strip():
        needle = unicodedata.normalize("NFC", text.strip()).lower()
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(Attachment.name).like(f"%{escaped}%", escape="\\"))
    if kind:
        query = query.where(Attachment.kind == DocumentKind(kind))
    if owner:
        column = getattr(Attachment, OWNER_COLUMNS[DocumentOwner(owner)])
        query = query.where(column == owner_id if owner_id is not None else column.is_not(None))
    if date_from is not None:
        query = query.where(or_(Attachment.dated_on >= date_from,
                                and_(Attachment.dated_on.is_(None), Attachment.added_at >= _day_start(date_from))))
    if date_to is not None:
        after = date_to + dt.timedelta(days=1)
        query = query.where(or_(Attachment.dated_on <= date_to,
                                and_(Attachment.dated_on.is_(None), Attachment.added_at < _day_start(after))))
    query = query.order_by(Attachment.added_at.desc(), Attachment.id.desc())
    if limit is not None:
        query = query.limit(limit)
    out = []
    for row, name, item_code, expires_on in session.execute(query):
        owner_kind, oid = row.owner
        shown = name or ""
        if owner_kind is DocumentOwner.CASE_ITEM and item_code:
            from hubdesk.domain.case_templates import document_title

            shown = f"{shown} · {document_title(item_code)}"
        out.append(DocumentRow(id=row.id, name=row.name, kind=row.kind, dated_on=row.dated_on,
                               added_at=row.added_at, added_by=row.added_by, size=row.size,
                               media_type=row.media_type, owner=owner_kind, owner_id=oid, owner_name=shown,
                               version=row.version, replaces_id=row.replaces_id,
                               certification_id=row.certification_id, certificate_expires_on=expires_on))
    return out


def document_rows(session: Session, owner: DocumentOwner | str, owner_id: int) -> list[DocumentRow]:
    """`find` for one record, by name."""
    rows = find(session, owner=owner, owner_id=owner_id)
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


# --- checklist evidence and figures -----------------------------------------------------------

def missing_evidence(session: Session, case_id: int) -> list[CaseDocument]:
    """The checklist items of a case that require a document and have none (current, not removed)."""
    has_one = select(Attachment.id).where(Attachment.case_document_id == CaseDocument.id,
                                          Attachment.removed.is_(False)).exists()
    return list(session.scalars(select(CaseDocument).where(CaseDocument.case_id == case_id,
                                                           CaseDocument.requires_document.is_(True), ~has_one)
                                .order_by(CaseDocument.id)))


def submitted_in(session: Session, start: dt.date, end: dt.date) -> int:
    """Documents of clinical-entry cases (on the case or one of its checklist items, not removed)
    dated, or else added, from `start` to `end` inclusive: every version counts, each was handed in."""
    after = end + dt.timedelta(days=1)
    return session.scalar(
        select(func.count(Attachment.id))
        .where(or_(Attachment.case_id.is_not(None), Attachment.case_document_id.is_not(None)),
               Attachment.removed.is_(False),
               or_(and_(Attachment.dated_on.is_not(None), Attachment.dated_on >= start, Attachment.dated_on <= end),
                   and_(Attachment.dated_on.is_(None), Attachment.added_at >= _day_start(start),
                        Attachment.added_at < _day_start(after))))) or 0


# --- verifying --------------------------------------------------------------------------------

def verify(session: Session) -> list[str]:
    """Hash every stored blob again, piece by piece: a sentence for each whose bytes do not match its
    name (the SHA-256) or size, or that misses pieces; [] when every document is intact."""
    problems: list[str] = []
    blobs = session.execute(select(DocumentBlob.sha256, DocumentBlob.size).order_by(DocumentBlob.sha256)).all()
    for sha, size in blobs:
        digest, total, count = hashlib.sha256(), 0, 0
        while (data := session.scalar(select(DocumentChunk.data).where(DocumentChunk.sha256 == sha,
                                                                      DocumentChunk.idx == count))) is not None:
            digest.update(data)
            total += len(data)
            count += 1
        pieces = session.scalar(select(func.count()).where(DocumentChunk.sha256 == sha)) or 0
        if digest.hexdigest() != sha or total != size or pieces != count:
            names = session.scalars(select(Attachment.name).where(Attachment.sha256 == sha).limit(3)).all()
            problems.append(_("stored document {sha} ({names}) does not match its hash or size: {size} bytes "
                              "expected, {found} found in {count} pieces; restore it from a backup")
                            .format(sha=sha[:12], names=", ".join(names) or "-", size=size, found=total,
                                    count=pieces))
    return problems


def forget_unused_blobs(session: Session) -> int:
    """Delete blobs no attachment refers to (none is left by the app, which never deletes an attachment;
    an exchange or a repair may); how many."""
    unused = select(DocumentBlob.sha256).where(~select(Attachment.id).where(
        Attachment.sha256 == DocumentBlob.sha256).exists())
    shas = list(session.scalars(unused))
    for sha in shas:
        session.execute(delete(_table(DocumentChunk)).where(DocumentChunk.sha256 == sha))
        session.execute(delete(_table(DocumentBlob)).where(DocumentBlob.sha256 == sha))
    return len(shas)
