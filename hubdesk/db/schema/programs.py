"""Government programs: budget lines by fiscal year, funding source and cost item, expenditures
against a line, participating organizations, milestones, KPI targets and events.

Rules (amounts, dates within the program's fiscal years, consistency of an expenditure with its
line, one KPI target per program/year/quarter/KPI also when program or quarter is NULL) live in
the domain modules `hubdesk.domain.programs`, `budgets`, `participants`, `milestones`, `events`
and `kpi_targets`; the constraints here only back them up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import (EventKind, ExpenseCategory, Funder, FundingSource, ParticipantRole,
                              ProgramStatus)
from hubdesk.db.schema.base import Base, MainRow, enum_column


class Program(MainRow, Base):
    """A program runs for fiscal years `fiscal_year` .. `last_fiscal_year` (one year when NULL)."""

    __tablename__ = "program"
    __table_args__ = (
        CheckConstraint("last_fiscal_year IS NULL OR last_fiscal_year >= fiscal_year", name="years_order"),
        CheckConstraint("starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on", name="dates_order"),
        Index("ix_program_fiscal_year", "fiscal_year"),
    )
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    funder: Mapped[Funder] = mapped_column(enum_column(Funder, "funder"))
    status: Mapped[ProgramStatus] = mapped_column(enum_column(ProgramStatus, "program_status"),
                                                  default=ProgramStatus.ACTIVE)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    last_fiscal_year: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    manager: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    milestones: Mapped[list["Milestone"]] = relationship(back_populates="program",
                                                         cascade="all, delete-orphan",
                                                         order_by="Milestone.due_on")
    budget_lines: Mapped[list["BudgetLine"]] = relationship(back_populates="program",
                                                            cascade="all, delete-orphan")
    expenditures: Mapped[list["Expenditure"]] = relationship(back_populates="program",
                                                             cascade="all, delete-orphan")
    participants: Mapped[list["Participant"]] = relationship(back_populates="program",
                                                             cascade="all, delete-orphan")

    @property
    def years(self) -> range:
        return range(self.fiscal_year, (self.last_fiscal_year or self.fiscal_year) + 1)


class BudgetLine(MainRow, Base):
    """The budget of one program for one fiscal year, funding source and cost item."""

    __tablename__ = "budget_line"
    __table_args__ = (
        CheckConstraint("amount_krw >= 0", name="amount_positive"),
        UniqueConstraint("program_id", "fiscal_year", "source", "category"),
        Index("ix_budget_line_fiscal_year", "fiscal_year"),
    )
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    source: Mapped[FundingSource] = mapped_column(enum_column(FundingSource, "funding_source"))
    category: Mapped[ExpenseCategory] = mapped_column(enum_column(ExpenseCategory, "expense_category"))
    amount_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship(back_populates="budget_lines")


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
    """A spend against a budget line; `program_id`, `source` and `category` repeat the line's
    (kept equal by `hubdesk.domain.budgets`) so reports group without a join."""

    __tablename__ = "expenditure"
    __table_args__ = (
        CheckConstraint("amount_krw >= 0", name="amount_positive"),
        Index("ix_expenditure_program_spent", "program_id", "spent_on"),
    )
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id", ondelete="RESTRICT"), index=True)
    spent_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[FundingSource] = mapped_column(enum_column(FundingSource, "funding_source"))
    category: Mapped[ExpenseCategory] = mapped_column(enum_column(ExpenseCategory, "expense_category"))
    amount_krw: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship(back_populates="expenditures")
    budget_line: Mapped[BudgetLine] = relationship()


class Participant(MainRow, Base):
    """An organization taking part in a program (beneficiary, cohort member or partner)."""

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("program_id", "organization_id", "role"),
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="dates_order"),
        Index("ix_participant_organization_id", "organization_id"),
    )
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    role: Mapped[ParticipantRole] = mapped_column(enum_column(ParticipantRole, "participant_role"))
    joined_on: Mapped[dt.date] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship(back_populates="participants")


class KpiTarget(MainRow, Base):
    """A target for one KPI (codes in `hubdesk.domain.kpi_codes`) for a year or one quarter, for
    the foundation (program NULL) or one program. Unique also where program or quarter is NULL:
    `hubdesk.domain.kpi_targets` enforces that (databases let NULLs repeat)."""

    __tablename__ = "kpi_target"
    __table_args__ = (
        CheckConstraint("quarter IS NULL OR quarter BETWEEN 1 AND 4", name="quarter_range"),
        UniqueConstraint("program_id", "year", "quarter", "kpi"),
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
    description: Mapped[str | None] = mapped_column(Text)
    participants: Mapped[int] = mapped_column(Integer, default=0)
    buyer_meetings: Mapped[int] = mapped_column(Integer, default=0)
    export_consultations: Mapped[int] = mapped_column(Integer, default=0)
    export_consultation_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    export_contracts: Mapped[int] = mapped_column(Integer, default=0)
    export_contract_krw: Mapped[int] = mapped_column(BigInteger, default=0)

    program: Mapped[Program | None] = relationship()
    attendees: Mapped[list["EventParticipant"]] = relationship(back_populates="event",
                                                               cascade="all, delete-orphan",
                                                               order_by="EventParticipant.id")


class EventParticipant(MainRow, Base):
    """An organization that took part in an event (the event's counts stay the reported figures)."""

    __tablename__ = "event_participant"
    __table_args__ = (UniqueConstraint("event_id", "organization_id"),)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"),
                                                 index=True)
    note: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="attendees")
