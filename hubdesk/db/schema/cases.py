"""Clinical-entry cases: stage history, review-clock stops and document checklists."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, false,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import CaseOutcome, CaseStage, Modality, Pathway, RiskLevel
from hubdesk.db.schema.base import Base, MainRow, UTCDateTime, enum_column
from hubdesk.db.schema.facilities import Facility
from hubdesk.db.schema.network import Organization


class ClinicalCase(MainRow, Base):
    __tablename__ = "clinical_case"
    __table_args__ = (
        Index("ix_clinical_case_stage", "stage"),
        # 2 = hubdesk.domain.cases.SUPPLEMENT_MAX_COUNT (the schema cannot import the domain, which
        # imports it; tests/unit/test_supplement_limits.py keeps the two equal)
        CheckConstraint("supplement_count BETWEEN 0 AND 2", name="supplements_at_most_two"),
        CheckConstraint("(stage = 'closed') = (outcome IS NOT NULL)", name="outcome_iff_closed"),
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"),
                                                 index=True)
    product: Mapped[str] = mapped_column(String(300))
    pathway: Mapped[Pathway] = mapped_column(enum_column(Pathway, "pathway"))
    modality: Mapped[Modality] = mapped_column(enum_column(Modality, "modality"))
    risk_level: Mapped[RiskLevel] = mapped_column(enum_column(RiskLevel, "risk_level"))
    partner_hospital_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"))
    hospital_designation_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    manufacturing_facility_id: Mapped[int | None] = mapped_column(
        ForeignKey("facility.id", ondelete="SET NULL"))
    stage: Mapped[CaseStage] = mapped_column(enum_column(CaseStage, "case_stage"), default=CaseStage.INTAKE)
    outcome: Mapped[CaseOutcome | None] = mapped_column(enum_column(CaseOutcome, "case_outcome"))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    authority_ref: Mapped[str | None] = mapped_column(String(100))
    committee_ref: Mapped[str | None] = mapped_column(String(100))
    next_deadline: Mapped[dt.date | None] = mapped_column(Date)
    next_deadline_note: Mapped[str | None] = mapped_column(String(300))
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)

    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])
    partner_hospital: Mapped[Organization | None] = relationship(foreign_keys=[partner_hospital_id])
    manufacturing_facility: Mapped[Facility | None] = relationship()
    history: Mapped[list["CaseStageChange"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseStageChange.id")
    clock_stops: Mapped[list["ReviewClockStop"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ReviewClockStop.id")
    documents: Mapped[list["CaseDocument"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseDocument.id")


class CaseStageChange(Base):
    __tablename__ = "case_stage_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("clinical_case.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[CaseStage | None] = mapped_column(enum_column(CaseStage, "case_stage_from"))
    to_stage: Mapped[CaseStage] = mapped_column(enum_column(CaseStage, "case_stage_to"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    changed_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[ClinicalCase] = relationship(back_populates="history")


class ReviewClockStop(MainRow, Base):
    """The review clock stopped for a supplement request; `due_on` is at most
    hubdesk.domain.cases.SUPPLEMENT_MAX_DAYS days after `stopped_on`."""

    __tablename__ = "review_clock_stop"
    __table_args__ = (
        CheckConstraint("resumed_on IS NULL OR resumed_on >= stopped_on", name="resume_after_stop"),
        CheckConstraint("due_on >= stopped_on", name="due_after_stop"),
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("clinical_case.id", ondelete="CASCADE"), index=True)
    stopped_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    resumed_on: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[ClinicalCase] = relationship(back_populates="clock_stops")


class CaseDocument(MainRow, Base):
    """One item of a case's document checklist (from its pathway template)."""

    __tablename__ = "case_document"
    __table_args__ = (UniqueConstraint("case_id", "code"),)
    case_id: Mapped[int] = mapped_column(ForeignKey("clinical_case.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(60))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_by: Mapped[str | None] = mapped_column(String(200))
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)
    # the case cannot be submitted until a document is attached to this item
    # (hubdesk.domain.case_templates.EVIDENCE_GATE)
    requires_document: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    case: Mapped[ClinicalCase] = relationship(back_populates="documents")
