"""Government programs: budgets by source, milestones, expenditures, KPI targets and events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String,
                        Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import EventKind, Funder, FundingSource
from hubdesk.db.schema.base import Base, MainRow, enum_column


class Program(MainRow, Base):
    __tablename__ = "program"
    __table_args__ = (
        CheckConstraint("budget_national_krw >= 0 AND budget_local_krw >= 0 AND budget_private_krw >= 0",
                        name="budget_positive"),
        Index("ix_program_fiscal_year", "fiscal_year"),
    )
    name: Mapped[str] = mapped_column(String(300))
    funder: Mapped[Funder] = mapped_column(enum_column(Funder, "funder"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    budget_national_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_local_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_private_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    manager: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    milestones: Mapped[list["Milestone"]] = relationship(back_populates="program",
                                                         cascade="all, delete-orphan",
                                                         order_by="Milestone.due_on")
    expenditures: Mapped[list["Expenditure"]] = relationship(back_populates="program",
                                                             cascade="all, delete-orphan")


class Milestone(MainRow, Base):
    """Its status is derived (done, late, at risk, on track), never typed."""

    __tablename__ = "milestone"
    __table_args__ = (Index("ix_milestone_due_on", "due_on"),)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[dt.date] = mapped_column(Date)
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    owner: Mapped[str | None] = mapped_column(String(200))

    program: Mapped[Program] = relationship(back_populates="milestones")


class Expenditure(MainRow, Base):
    __tablename__ = "expenditure"
    __table_args__ = (
        CheckConstraint("amount_krw >= 0", name="amount_positive"),
        Index("ix_expenditure_program_spent", "program_id", "spent_on"),
    )
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    spent_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[FundingSource] = mapped_column(enum_column(FundingSource, "funding_source"))
    amount_krw: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship(back_populates="expenditures")


class KpiTarget(MainRow, Base):
    """A target for one KPI (codes in `hubdesk.domain.kpis.KPI_CODES`) for a year or one quarter."""

    __tablename__ = "kpi_target"
    __table_args__ = (
        CheckConstraint("quarter IS NULL OR quarter BETWEEN 1 AND 4", name="quarter_range"),
        Index("ix_kpi_target_year", "year", "kpi"),
    )
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int | None] = mapped_column(Integer)
    kpi: Mapped[str] = mapped_column(String(60))
    target_value: Mapped[float] = mapped_column(Float)


class Event(MainRow, Base):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_held_on", "held_on"),
        CheckConstraint("participants >= 0", name="participants_positive"),
    )
    program_id: Mapped[int | None] = mapped_column(ForeignKey("program.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(300))
    participants: Mapped[int] = mapped_column(Integer, default=0)
    buyer_meetings: Mapped[int] = mapped_column(Integer, default=0)
    export_consultations: Mapped[int] = mapped_column(Integer, default=0)
    export_consultation_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    export_contracts: Mapped[int] = mapped_column(Integer, default=0)
    export_contract_krw: Mapped[int] = mapped_column(BigInteger, default=0)

    program: Mapped[Program | None] = relationship()
