"""Facility subsidies of programs, and booking quotas per organization and resource.

The rules (who a subsidy applies to, how a fee splits, what a quota refuses) live in
`hubdesk.domain.subsidies`; the constraints here only back them up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import SubsidyKind, SubsidyPeriod
from hubdesk.db.schema.base import Base, MainRow, enum_column
from hubdesk.db.schema.facilities import Resource
from hubdesk.db.schema.network import Organization
from hubdesk.db.schema.programs import Program


class FacilitySubsidy(MainRow, Base):
    """A program pays part of its participating organizations' facility fees: a share of each fee
    (`value` percent), or so many hours or won per organization per `period`; on the resources
    listed in `resources` (all resources when none is listed), from `valid_from` to `valid_to`."""

    __tablename__ = "facility_subsidy"
    __table_args__ = (
        CheckConstraint("value > 0", name="value_positive"),
        CheckConstraint("kind <> 'share' OR value <= 100", name="share_at_most_100"),
        CheckConstraint("valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to", name="dates_order"),
        Index("ix_facility_subsidy_program_id", "program_id"),
    )
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    kind: Mapped[SubsidyKind] = mapped_column(enum_column(SubsidyKind, "subsidy_kind"))
    value: Mapped[int] = mapped_column(BigInteger)
    period: Mapped[SubsidyPeriod] = mapped_column(enum_column(SubsidyPeriod, "subsidy_period"),
                                                  default=SubsidyPeriod.YEAR)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    program: Mapped[Program] = relationship()
    resources: Mapped[list["SubsidyResource"]] = relationship(back_populates="subsidy",
                                                              cascade="all, delete-orphan")


class SubsidyResource(MainRow, Base):
    """One resource a subsidy is limited to (a main row, so that it travels between offices)."""

    __tablename__ = "facility_subsidy_resource"
    __table_args__ = (UniqueConstraint("subsidy_id", "resource_id"),)
    subsidy_id: Mapped[int] = mapped_column(ForeignKey("facility_subsidy.id", ondelete="CASCADE"))
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))

    subsidy: Mapped[FacilitySubsidy] = relationship(back_populates="resources")
    resource: Mapped[Resource] = relationship()


class BookingQuota(MainRow, Base):
    """At most `hours` booked hours of a resource per organization per period: a booking past it
    is refused."""

    __tablename__ = "booking_quota"
    __table_args__ = (
        UniqueConstraint("organization_id", "resource_id"),
        CheckConstraint("hours >= 0", name="hours_positive"),
        Index("ix_booking_quota_resource_id", "resource_id"),
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    period: Mapped[SubsidyPeriod] = mapped_column(enum_column(SubsidyPeriod, "quota_period"),
                                                  default=SubsidyPeriod.YEAR)
    hours: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    resource: Mapped[Resource] = relationship()
