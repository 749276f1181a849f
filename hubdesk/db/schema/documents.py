"""Documents kept inside the database: content-addressed blobs in pieces, and the attachments that
put a blob on a record (hubdesk.domain.documents).

`document_blob` is one stored content, keyed by the SHA-256 of its bytes (hex), so the same file
attached twice is stored once; `document_chunk` holds its bytes in pieces of `CHUNK_SIZE` (the last
one shorter), written one at a time so a large file is never held in memory. Neither is a main row:
they are the same on every PC that has the content, named by the hash alone.

`attachment` (a main row) puts a blob on exactly one record: one owner column of
`OWNER_COLUMNS` holds that record's id (ordinary foreign keys, so that an exchange between PCs maps
them like any other). A new version of a document is a new attachment whose `replaces_id` names the
one it replaces; the earlier versions are kept. A removed attachment stays in the table, flagged.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer,
                        LargeBinary, PrimaryKeyConstraint, String)
from sqlalchemy.orm import Mapped, mapped_column

from hubdesk.db.enums import DocumentKind, DocumentOwner
from hubdesk.db.schema.base import Base, MainRow, UTCDateTime, enum_column

CHUNK_SIZE = 1024 * 1024   # bytes of one stored piece

# The record kind each owner column points to, in the order the columns are declared.
OWNER_COLUMNS: dict[DocumentOwner, str] = {
    DocumentOwner.ORGANIZATION: "organization_id",
    DocumentOwner.CASE: "case_id",
    DocumentOwner.CASE_ITEM: "case_document_id",
    DocumentOwner.FACILITY: "facility_id",
    DocumentOwner.RESOURCE: "resource_id",
    DocumentOwner.PROGRAM: "program_id",
    DocumentOwner.EVENT: "event_id",
}

ONE_OWNER = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in OWNER_COLUMNS.values()) + " = 1"


class DocumentBlob(Base):
    __tablename__ = "document_blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class DocumentChunk(Base):
    __tablename__ = "document_chunk"
    __table_args__ = (PrimaryKeyConstraint("sha256", "idx"),)
    sha256: Mapped[str] = mapped_column(ForeignKey("document_blob.sha256", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(MainRow, Base):
    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="exactly_one_owner"),
        CheckConstraint("size >= 0", name="size_not_negative"),
        Index("ix_attachment_organization_id", "organization_id"),
        Index("ix_attachment_case_id", "case_id"),
        Index("ix_attachment_case_document_id", "case_document_id"),
        Index("ix_attachment_facility_id", "facility_id"),
        Index("ix_attachment_resource_id", "resource_id"),
        Index("ix_attachment_program_id", "program_id"),
        Index("ix_attachment_event_id", "event_id"),
        Index("ix_attachment_sha256", "sha256"),
        Index("ix_attachment_added_at", "added_at"),
        Index("ix_attachment_certification_id", "certification_id"),   # a certification's certificate files
    )
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("clinical_case.id", ondelete="CASCADE"))
    case_document_id: Mapped[int | None] = mapped_column(ForeignKey("case_document.id", ondelete="CASCADE"))
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facility.id", ondelete="CASCADE"))
    resource_id: Mapped[int | None] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    dated_on: Mapped[dt.date | None] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(ForeignKey("document_blob.sha256", ondelete="RESTRICT"))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120))
    certification_id: Mapped[int | None] = mapped_column(ForeignKey("certification.id", ondelete="SET NULL"))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id", ondelete="RESTRICT"),
                                                    unique=True)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_by: Mapped[str | None] = mapped_column(String(200))
    removed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    @property
    def owner(self) -> tuple[DocumentOwner, int]:
        for kind, column in OWNER_COLUMNS.items():
            value = getattr(self, column)
            if value is not None:
                return kind, value
        raise ValueError("an attachment without an owner")
