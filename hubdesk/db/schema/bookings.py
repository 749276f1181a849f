"""Bookings of resources, the people on them and their status history."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, ForeignKey, Index, Integer,
                        String, Table, Text, column, func, text)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from hubdesk.db.schema.base import Base, MainRow, UTCDateTime, enum_column
from hubdesk.db.schema.facilities import Resource
from hubdesk.db.schema.network import Contact, Organization

if TYPE_CHECKING:
    from hubdesk.db.schema.accounts import User
    from hubdesk.db.schema.series import BookingSeries

booking_person = Table(
    "booking_person",
    Base.metadata,
    Column("booking_id", ForeignKey("booking.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
)


# PostgreSQL refuses two active bookings of one resource whose times overlap (migration 0006, which
# also creates the btree_gist extension the `resource_id WITH =` part needs). The changeover buffer
# and everything else stays the domain's rule (hubdesk.domain.booking_rules); this is the floor
# under it, for a path that would write without the resource lock. SQLite has no such constraint:
# its write lock (BEGIN IMMEDIATE) serializes every writer, and the domain checks under it.
BOOKING_NO_OVERLAP = "ex_booking_no_overlap"


class Booking(MainRow, Base):
    __tablename__ = "booking"
    __table_args__ = (
        ExcludeConstraint(
            ("resource_id", "="), (func.tstzrange(column("starts_at"), column("ends_at")), "&&"),
            name=BOOKING_NO_OVERLAP, using="gist",
            where=text("status IN (" + ", ".join(f"'{s.value}'" for s in ACTIVE_BOOKING_STATUSES) + ")"),
        ).ddl_if(dialect="postgresql"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("units >= 1", name="units_positive"),
        CheckConstraint("fee_krw IS NULL OR fee_krw >= 0", name="fee_positive"),
        CheckConstraint("subsidy_krw IS NULL OR (subsidy_krw >= 0 AND subsidy_krw <= fee_krw)",
                        name="subsidy_within_fee"),
        Index("ix_booking_subsidy_org_starts", "subsidy_id", "organization_id", "starts_at"),
        Index("ix_booking_resource_starts", "resource_id", "starts_at"),
        Index("ix_booking_resource_ends", "resource_id", "ends_at"),
        # the conflict check seeks the latest active booking of a resource before an instant
        Index("ix_booking_resource_status_starts", "resource_id", "status", "starts_at"),
        Index("ix_booking_organization_starts", "organization_id", "starts_at"),
        Index("ix_booking_starts", "starts_at"),
        Index("ix_booking_status_starts", "status", "starts_at"),
        # the facility KPIs (hubdesk.domain.utilisation) read a period's counted bookings from this
        # index alone: no lookup of the wide booking row for each of a quarter's ~200k bookings. On
        # PostgreSQL it carries the id too (SQLite's indexes hold the rowid): the Dashboard's first
        # bookings of a week by their start come from it alone (migration 0016)
        Index("ix_booking_kpi", "status", "starts_at", "ends_at", "resource_id", "organization_id", "fee_krw",
              postgresql_include=["id"]),
    )
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="RESTRICT"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    units: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str | None] = mapped_column(Text)
    campaign: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[BookingStatus] = mapped_column(enum_column(BookingStatus, "booking_status"),
                                                  default=BookingStatus.REQUESTED)
    fee_krw: Mapped[int | None] = mapped_column(BigInteger)
    # the fee frozen at approval splits into the subsidised part (paid by a program's facility
    # subsidy, hubdesk.domain.subsidies) and the rest, which the organization pays
    subsidy_id: Mapped[int | None] = mapped_column(ForeignKey("facility_subsidy.id", ondelete="RESTRICT"))
    subsidy_krw: Mapped[int | None] = mapped_column(BigInteger)
    subsidised_units: Mapped[int | None] = mapped_column(Integer)
    holiday_override: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by: Mapped[str | None] = mapped_column(String(200))
    # the booking series it was booked as part of (hubdesk.domain.booking_series), if any
    series_id: Mapped[int | None] = mapped_column(ForeignKey("booking_series.id", ondelete="SET NULL"), index=True)

    resource: Mapped[Resource] = relationship()
    organization: Mapped[Organization] = relationship()
    series: Mapped["BookingSeries | None"] = relationship("BookingSeries")
    people: Mapped[list[Contact]] = relationship(secondary=booking_person)
    history: Mapped[list["BookingStatusChange"]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="BookingStatusChange.id")


class BookingStatusChange(Base):
    __tablename__ = "booking_status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[BookingStatus | None] = mapped_column(enum_column(BookingStatus, "booking_status_from"))
    to_status: Mapped[BookingStatus] = mapped_column(enum_column(BookingStatus, "booking_status_to"))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    changed_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    booking: Mapped[Booking] = relationship(back_populates="history")
    # the account of who made the change, when there is one (its display name for the history, read
    # with it in one statement: the booking editor); nothing is written through it
    account: Mapped["User | None"] = relationship(
        "User", primaryjoin="foreign(BookingStatusChange.changed_by) == User.username", viewonly=True)
