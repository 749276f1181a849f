"""Facilities, their bookable resources, rates, maintenance windows and qualifications."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import (BookingUnit, CleanroomGrade, FacilityKind, IncidentKind, ResourceKind, ResourceStatus,
                              WindowKind)
from hubdesk.db.schema.base import Base, MainRow, UTCDateTime, enum_column
from hubdesk.db.schema.network import Contact, Organization, UserClass


class Facility(MainRow, Base):
    __tablename__ = "facility"
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[FacilityKind] = mapped_column(enum_column(FacilityKind, "facility_kind"))
    licence_no: Mapped[str | None] = mapped_column(String(100))
    licence_authority: Mapped[str | None] = mapped_column(String(200))
    licence_expires_on: Mapped[dt.date | None] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Seoul")
    address: Mapped[str | None] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))

    resources: Mapped[list["Resource"]] = relationship(back_populates="facility",
                                                       cascade="all, delete-orphan")
    operator: Mapped[Organization | None] = relationship()


class Resource(MainRow, Base):
    """A bookable suite, room or piece of equipment."""

    __tablename__ = "resource"
    __table_args__ = (
        CheckConstraint("changeover_hours >= 0", name="changeover_positive"),
        CheckConstraint("min_units >= 1 AND max_units >= min_units", name="units_range"),
        CheckConstraint("requalification_days IS NULL OR requalification_days > 0",
                        name="requalification_positive"),
    )
    facility_id: Mapped[int] = mapped_column(ForeignKey("facility.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    code: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[ResourceKind] = mapped_column(enum_column(ResourceKind, "resource_kind"))
    cleanroom_grade: Mapped[CleanroomGrade | None] = mapped_column(enum_column(CleanroomGrade, "cleanroom_grade"))
    booking_unit: Mapped[BookingUnit] = mapped_column(enum_column(BookingUnit, "booking_unit"))
    changeover_hours: Mapped[float] = mapped_column(Float, default=0.0)
    min_units: Mapped[int] = mapped_column(Integer, default=1)
    max_units: Mapped[int] = mapped_column(Integer, default=30)
    requalification_days: Mapped[int | None] = mapped_column(Integer)
    last_qualified_on: Mapped[dt.date | None] = mapped_column(Date)
    requires_qualification: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[ResourceStatus] = mapped_column(enum_column(ResourceStatus, "resource_status"),
                                                   default=ResourceStatus.AVAILABLE)

    facility: Mapped[Facility] = relationship(back_populates="resources")
    rates: Mapped[list["ResourceRate"]] = relationship(back_populates="resource",
                                                       cascade="all, delete-orphan")


class ResourceRate(MainRow, Base):
    """Fee per booking unit (whole KRW) of a resource for one user class."""

    __tablename__ = "resource_rate"
    __table_args__ = (
        UniqueConstraint("resource_id", "user_class_id"),
        CheckConstraint("fee_per_unit_krw >= 0", name="fee_positive"),
    )
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    user_class_id: Mapped[int] = mapped_column(ForeignKey("user_class.id", ondelete="CASCADE"))
    fee_per_unit_krw: Mapped[int] = mapped_column(BigInteger)

    resource: Mapped[Resource] = relationship(back_populates="rates")
    user_class: Mapped[UserClass] = relationship()


class MaintenanceWindow(MainRow, Base):
    __tablename__ = "maintenance_window"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_maintenance_window_resource_starts", "resource_id", "starts_at"),
    )
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    kind: Mapped[WindowKind] = mapped_column(enum_column(WindowKind, "window_kind"),
                                             default=WindowKind.MAINTENANCE)
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)
    # the maintenance series it is an occurrence of (hubdesk.domain.booking_series), if any
    series_id: Mapped[int | None] = mapped_column(ForeignKey("maintenance_series.id", ondelete="SET NULL"),
                                                  index=True)

    resource: Mapped[Resource] = relationship()


class ResourceIncident(MainRow, Base):
    """An entry of a resource's incident and intervention log: a breakdown, deviation, repair or
    calibration, with the downtime it caused (open-ended while the resource is still down)."""

    __tablename__ = "resource_incident"
    __table_args__ = (
        CheckConstraint("down_until IS NULL OR down_from IS NOT NULL", name="downtime_has_start"),
        CheckConstraint("down_until IS NULL OR down_until > down_from", name="downtime_ends_after_start"),
        Index("ix_resource_incident_resource_occurred", "resource_id", "occurred_at"),
    )
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    kind: Mapped[IncidentKind] = mapped_column(enum_column(IncidentKind, "incident_kind"))
    description: Mapped[str] = mapped_column(Text)
    reported_by: Mapped[str | None] = mapped_column(String(200))
    down_from: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    down_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    voids_qualification: Mapped[bool] = mapped_column(Boolean, default=False)

    resource: Mapped[Resource] = relationship()


class Qualification(MainRow, Base):
    """A person (contact) or a whole organization cleared to use a resource, until a date."""

    __tablename__ = "qualification"
    __table_args__ = (
        CheckConstraint("contact_id IS NOT NULL OR organization_id IS NOT NULL", name="holder_given"),
        Index("ix_qualification_resource_contact", "resource_id", "contact_id"),
    )
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    granted_on: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)

    resource: Mapped[Resource] = relationship()
    contact: Mapped[Contact | None] = relationship()
    organization: Mapped[Organization | None] = relationship()


class ClosureDay(MainRow, Base):
    """A day the foundation's facilities are closed in addition to public holidays."""

    __tablename__ = "closure_day"
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))
