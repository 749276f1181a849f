"""Facilities and what belongs to them: resources, maintenance / requalification windows and
qualifications — created, changed and removed here, each refused with a sentence when it breaks a
rule — and when a resource's requalification falls due.

Every function takes a write Session and never commits (call it inside `db.write()`, or through
the interface's `write_op`); the permission, audit and report-lock hooks of that session apply.

Rules:
- A facility has a name and a real time zone (an IANA name; empty: the foundation's, see `clock`).
- A resource has a name; it is booked in at least one unit, and its maximum is at least its
  minimum; changeover hours are 0 or more; "requalify every N days" is empty or N > 0.
- A window ends after it starts (times are timezone-aware).
- A qualification names an organization (and optionally one of its people) and is valid until a
  day on or after the day it was granted.
- Requalification is due `requalification_days` after `last_qualified_on`; it is overdue on a day
  after that, or at once when an interval is set and the resource was never qualified.
- A resource that has bookings, and a facility that has resources, cannot be removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubdesk.db.enums import (BookingUnit, CleanroomGrade, FacilityKind, ResourceKind, ResourceStatus,
                              WindowKind)
from hubdesk.db.ids import get_row
from hubdesk.db.schema import (Booking, Contact, Facility, MaintenanceWindow, Organization, Qualification,
                               Resource)
from hubdesk.db.schema.base import Base
from hubdesk.domain import clock
from hubdesk.domain.records import remove_row
from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _, ngettext

__all__ = [
    "remove_facility", "remove_qualification", "remove_resource", "remove_window",
    "requalification_due", "requalification_overdue", "save_facility", "save_qualification", "save_resource",
    "save_window",
]


# --- requalification ------------------------------------------------------------------------------

def requalification_due(last_qualified_on: dt.date | None, requalification_days: int | None) -> dt.date | None:
    """The day the resource must be requalified by (None: no interval set, or never qualified)."""
    if not requalification_days or last_qualified_on is None:
        return None
    return last_qualified_on + dt.timedelta(days=requalification_days)


def requalification_overdue(last_qualified_on: dt.date | None, requalification_days: int | None,
                            on: dt.date) -> bool:
    """Whether the resource may not be used on `on` for want of requalification: its due day is
    before `on`, or an interval is set and it was never qualified."""
    if not requalification_days:
        return False
    due = requalification_due(last_qualified_on, requalification_days)
    return due is None or due < on


# --- lookups --------------------------------------------------------------------------------------

_MISSING = {
    Facility: N_("Facility number {id} does not exist. It may have been removed; refresh the list."),
    Resource: N_("Resource number {id} does not exist. It may have been removed; refresh the list."),
    MaintenanceWindow: N_("Maintenance window number {id} does not exist. It may have been removed; refresh "
                          "the list."),
    Qualification: N_("Qualification number {id} does not exist. It may have been removed; refresh the list."),
    Organization: N_("Organization number {id} does not exist. It may have been removed; choose the "
                     "organization again."),
}


def _require(session: Session, model: type[Base], record_id: int | None) -> Any:
    row = get_row(session, model, record_id) if record_id is not None else None
    if row is None:
        raise DomainError(_(_MISSING[model]).format(id=record_id), code="missing")
    return row


def _record(session: Session, model: type, record_id: int | None, **owner: int):
    """The record to save: the existing one, or a new one (added) of the owner (`resource_id=…`,
    `facility_id=…`), which must exist."""
    if owner:
        (key, owner_id), = owner.items()
        _require(session, Resource if key == "resource_id" else Facility, owner_id)
    if record_id is not None:
        return _require(session, model, record_id)
    row = model(**owner)
    session.add(row)
    return row


def _name(row_cls: type, value: str | None, message: str) -> str:
    name = clean_text(value)
    if not name:
        raise DomainError(message, field="name")
    require_storable(row_cls, "name", name)
    return name


# --- facilities -----------------------------------------------------------------------------------

def check_timezone(zone: str | None, *, field: str = "timezone") -> str:
    """The zone name, trimmed (the foundation's zone when empty); a DomainError when it is no time zone."""
    return clock.check_zone(zone, field=field)


def save_facility(session: Session, facility_id: int | None, *, name: str, kind: FacilityKind | str,
                  licence_no: str | None = None, licence_authority: str | None = None,
                  licence_expires_on: dt.date | None = None, timezone: str | None = None) -> Facility:
    """Create (facility_id None) or change a facility; returns it (flushed, with its id)."""
    name = _name(Facility, name, _("Give the facility a name."))
    zone = check_timezone(timezone)
    licence_no, licence_authority = clean_text(licence_no), clean_text(licence_authority)
    require_storable(Facility, "licence_no", licence_no)
    require_storable(Facility, "licence_authority", licence_authority)
    facility = _record(session, Facility, facility_id)
    facility.name, facility.kind, facility.timezone = name, FacilityKind(kind), zone
    facility.licence_no, facility.licence_authority = licence_no, licence_authority
    facility.licence_expires_on = licence_expires_on
    session.flush()
    return facility


def remove_facility(session: Session, facility_id: int) -> None:
    """Remove a facility that has no resources (remove or move its resources first)."""
    def in_use(facility: Facility) -> str | None:
        count = session.scalar(select(func.count(Resource.id)).where(Resource.facility_id == facility.id)) or 0
        return ngettext("{facility} still has {count} resource. Remove the resource first.",
                        "{facility} still has {count} resources. Remove the resources first.",
                        count).format(facility=facility.name, count=count) if count else None

    remove_row(session, Facility, facility_id, in_use)


# --- resources ------------------------------------------------------------------------------------

def save_resource(session: Session, facility_id: int, resource_id: int | None, *, name: str,
                  kind: ResourceKind | str, booking_unit: BookingUnit | str, code: str | None = None,
                  cleanroom_grade: CleanroomGrade | str | None = None, changeover_hours: float = 0.0,
                  min_units: int = 1, max_units: int = 24, requalification_days: int | None = None,
                  last_qualified_on: dt.date | None = None, requires_qualification: bool = False,
                  status: ResourceStatus | str = ResourceStatus.AVAILABLE) -> Resource:
    """Create (resource_id None) a resource of the facility, or change one (its facility stays)."""
    name = _name(Resource, name, _("Give the resource a name."))
    code = clean_text(code)
    require_storable(Resource, "code", code)
    if min_units < 1:
        raise DomainError(_("A booking lasts at least one unit. Set the minimum to 1 or more."), field="min_units")
    if max_units < min_units:
        raise DomainError(_("The maximum number of units must be at least the minimum. Check both numbers."),
                          field="max_units")
    if changeover_hours is None or changeover_hours < 0:
        raise DomainError(_("The changeover cannot be negative. Enter 0 hours or more."), field="changeover_hours")
    if requalification_days is not None and requalification_days < 0:
        raise DomainError(_("Requalification days cannot be negative. Leave them empty when the resource "
                            "needs no requalification."), field="requalification_days")
    resource = _record(session, Resource, resource_id, facility_id=facility_id)
    resource.name, resource.code = name, code
    resource.kind, resource.booking_unit = ResourceKind(kind), BookingUnit(booking_unit)
    resource.cleanroom_grade = CleanroomGrade(cleanroom_grade) if cleanroom_grade else None
    resource.changeover_hours = float(changeover_hours)
    resource.min_units, resource.max_units = int(min_units), int(max_units)
    resource.requalification_days = int(requalification_days) if requalification_days else None
    resource.last_qualified_on = last_qualified_on
    resource.requires_qualification = bool(requires_qualification)
    resource.status = ResourceStatus(status)
    session.flush()
    return resource


def remove_resource(session: Session, resource_id: int) -> None:
    """Remove a resource that was never booked (a booked one is retired instead, keeping its history)."""
    def in_use(resource: Resource) -> str | None:
        count = session.scalar(select(func.count(Booking.id)).where(Booking.resource_id == resource.id)) or 0
        return ngettext(
            "{resource} has {count} booking, which must keep its resource. Set its status to retired instead.",
            "{resource} has {count} bookings, which must keep their resource. Set its status to retired instead.",
            count).format(resource=resource.name, count=count) if count else None

    remove_row(session, Resource, resource_id, in_use)


# --- maintenance and requalification windows ------------------------------------------------------

def save_window(session: Session, resource_id: int, window_id: int | None, *, kind: WindowKind | str,
                starts_at: dt.datetime, ends_at: dt.datetime, note: str | None = None) -> MaintenanceWindow:
    """Create (window_id None) or change a maintenance or requalification window of a resource."""
    for value, what in ((starts_at, "starts_at"), (ends_at, "ends_at")):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    if ends_at <= starts_at:
        raise DomainError(_("The window must end after it starts. Check the start and end times."),
                          field="ends_at")
    note = clean_text(note)
    require_storable(MaintenanceWindow, "note", note)
    window = _record(session, MaintenanceWindow, window_id, resource_id=resource_id)
    window.kind, window.starts_at, window.ends_at, window.note = WindowKind(kind), starts_at, ends_at, note
    session.flush()
    return window


def remove_window(session: Session, window_id: int) -> None:
    remove_row(session, MaintenanceWindow, window_id)


# --- qualifications -------------------------------------------------------------------------------

def save_qualification(session: Session, resource_id: int, qualification_id: int | None, *,
                       organization_id: int | None, contact_id: int | None = None,
                       granted_on: dt.date, valid_until: dt.date) -> Qualification:
    """Create (qualification_id None) or change who is cleared to use a resource: an organization,
    and one of its people (contact_id) or the whole organization (contact_id None)."""
    if organization_id is None:
        raise DomainError(_("Choose the organization that is qualified, and the person if only one is."),
                          field="organization_id")
    if valid_until < granted_on:
        raise DomainError(_("The qualification must be valid until a day on or after the day it was "
                            "granted. Check the dates."), field="valid_until")
    _require(session, Organization, organization_id)
    if contact_id is not None:
        contact = get_row(session, Contact, contact_id)
        if contact is None or contact.organization_id != organization_id:
            raise DomainError(_("The person chosen is not one of the organization's contacts. Choose the "
                                "person again."), field="contact_id")
    qualification = _record(session, Qualification, qualification_id, resource_id=resource_id)
    qualification.organization_id, qualification.contact_id = organization_id, contact_id
    qualification.granted_on, qualification.valid_until = granted_on, valid_until
    session.flush()
    return qualification


def remove_qualification(session: Session, qualification_id: int) -> None:
    remove_row(session, Qualification, qualification_id)
