"""Organizations of every kind, their contacts, certifications, interactions and quarterly KPIs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import (CertificationType, GrowthStage, InteractionKind, OrgKind, OrgStatus,
                              Sector, SupportType)
from hubdesk.db.schema.base import Base, MainRow, enum_column


class UserClass(MainRow, Base):
    """A class of user for facility fees (member company, non-member, academic, public...).

    `name` is the foundation's own (Korean) name; `name_en` the English one, shown when the
    interface is not in Korean (see `hubdesk.domain.organizations.user_class_label`)."""

    __tablename__ = "user_class"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))


class Organization(MainRow, Base):
    __tablename__ = "organization"
    __table_args__ = (
        Index("ix_organization_name", "name"),
        Index("ix_organization_kind_name", "kind", "name"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind, "org_kind"))
    sector: Mapped[Sector | None] = mapped_column(enum_column(Sector, "sector"))
    growth_stage: Mapped[GrowthStage | None] = mapped_column(enum_column(GrowthStage, "growth_stage"))
    status: Mapped[OrgStatus] = mapped_column(enum_column(OrgStatus, "org_status"),
                                              default=OrgStatus.MEMBER)
    region: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="KR")
    business_no: Mapped[str | None] = mapped_column(String(12), unique=True)
    corporate_no: Mapped[str | None] = mapped_column(String(14))
    vn_tax_code: Mapped[str | None] = mapped_column(String(14))
    user_class_id: Mapped[int | None] = mapped_column(ForeignKey("user_class.id"))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    member_since: Mapped[dt.date | None] = mapped_column(Date)
    agreement_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    moved_in_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    # Archived: hidden from the choices of new work (booking dialog, import of new bookings) and
    # from lists unless asked for; kept in history and reports. Never deleted while referenced.
    archived_on: Mapped[dt.date | None] = mapped_column(Date)

    user_class: Mapped[UserClass | None] = relationship()
    contacts: Mapped[list["Contact"]] = relationship(back_populates="organization",
                                                     cascade="all, delete-orphan")
    certifications: Mapped[list["Certification"]] = relationship(back_populates="organization",
                                                                 cascade="all, delete-orphan")


class Contact(MainRow, Base):
    __tablename__ = "contact"
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"),
                                                 index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(5))

    organization: Mapped[Organization] = relationship(back_populates="contacts")


class Certification(MainRow, Base):
    __tablename__ = "certification"
    __table_args__ = (
        CheckConstraint("expires_on IS NULL OR expires_on >= issued_on", name="expiry_after_issue"),
        # the certifications near expiry: a range of expiries, each asked "renewed?" (domain.certifications)
        Index("ix_certification_expires_on", "expires_on"),
        Index("ix_certification_organization_type", "organization_id", "type"),
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"),
                                                 index=True)
    type: Mapped[CertificationType] = mapped_column(enum_column(CertificationType, "certification_type"))
    number: Mapped[str | None] = mapped_column(String(100))
    issuer: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[dt.date] = mapped_column(Date, index=True)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)

    organization: Mapped[Organization] = relationship(back_populates="certifications")


class Interaction(MainRow, Base):
    """A meeting, consultation, support given or event attendance with an organization."""

    __tablename__ = "interaction"
    __table_args__ = (
        Index("ix_interaction_occurred_on_kind", "occurred_on", "kind"),
        CheckConstraint("kind <> 'support' OR support_type IS NOT NULL", name="support_has_type"),
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"),
                                                 index=True)
    kind: Mapped[InteractionKind] = mapped_column(enum_column(InteractionKind, "interaction_kind"))
    support_type: Mapped[SupportType | None] = mapped_column(enum_column(SupportType, "support_type"))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)
    staff: Mapped[str | None] = mapped_column(String(200))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))

    organization: Mapped[Organization] = relationship()


class KpiValue(MainRow, Base):
    """An organization's growth figures for one quarter (KRW amounts are whole won)."""

    __tablename__ = "kpi_value"
    __table_args__ = (
        UniqueConstraint("organization_id", "year", "quarter"),
        Index("ix_kpi_value_year_quarter", "year", "quarter"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter_range"),
        CheckConstraint("headcount IS NULL OR headcount >= 0", name="headcount_positive"),
        CheckConstraint("permanent_hires IS NULL OR new_hires IS NULL OR permanent_hires <= new_hires",
                        name="permanent_within_hires"),
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    headcount: Mapped[int | None] = mapped_column(Integer)
    new_hires: Mapped[int | None] = mapped_column(Integer)
    permanent_hires: Mapped[int | None] = mapped_column(Integer)
    sales_krw: Mapped[int | None] = mapped_column(BigInteger)
    exports_krw: Mapped[int | None] = mapped_column(BigInteger)
    investment_agreed_krw: Mapped[int | None] = mapped_column(BigInteger)
    investment_executed_krw: Mapped[int | None] = mapped_column(BigInteger)
    patents_filed: Mapped[int | None] = mapped_column(Integer)
    patents_registered: Mapped[int | None] = mapped_column(Integer)

    organization: Mapped[Organization] = relationship()
