"""People using hubdesk, the audit trail, settings and issued (locked) quarterly reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hubdesk.db.enums import AuditAction, Role
from hubdesk.db.schema.base import Base, MainRow, UTCDateTime, enum_column, utcnow

class User(MainRow, Base):
    __tablename__ = "app_user"
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # the operating-system account an administrator mapped to this one: the command line run by
    # that OS user acts as this account without a password (hubdesk users map-os-account)
    os_account: Mapped[str | None] = mapped_column(String(200), unique=True)


class SignInThrottle(Base):
    """Failed sign-ins of one account name from one source (see hubdesk.domain.sign_in_throttle):
    kept apart from the accounts, so that a name nobody has is slowed down the same way. The name
    is stored as a digest: a password typed into the name field by mistake is not kept."""

    __tablename__ = "sign_in_throttle"
    __table_args__ = (UniqueConstraint("account_key", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    wait_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

class AuditEvent(Base):
    """Who changed what, when, with the changed fields before and after. Written by one session hook."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_at", "at"),
        Index("ix_audit_event_entity", "entity", "entity_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_uid: Mapped[str | None] = mapped_column(String(36))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)

class IssuedReport(MainRow, Base):
    """A quarterly report that was issued: the figures it used are stored and the quarter is locked."""

    __tablename__ = "issued_report"
    __table_args__ = (UniqueConstraint("year", "quarter"),)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    issued_by: Mapped[str | None] = mapped_column(String(200))
    figures: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    # 1 for the first issue of a quarter; each reopening makes the next issue one revision higher
    # (printed on the report's cover as "Revision 2" ...).
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    organization_id = None  # issued reports are foundation-wide


class ReportReopening(MainRow, Base):
    """An administrator reopened an issued quarter: who, when (`created_at`), why, and which
    revision of the report was withdrawn. Kept for good; the next issue is `revision + 1`."""

    __tablename__ = "report_reopening"
    __table_args__ = (Index("ix_report_reopening_year_quarter", "year", "quarter"),)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    reopened_by: Mapped[str | None] = mapped_column(String(200))

    organization_id = None  # foundation-wide
