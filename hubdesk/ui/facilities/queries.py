"""What the Facilities area reads, as plain rows (dicts with an "id"): one short read session per
list. Writes and rules are hubdesk.domain.facilities (called from dialog.py through `write_op`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hubdesk.domain import clock
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.domain.facilities import requalification_due, requalification_overdue
from hubdesk.domain.incidents import voided_on
from hubdesk.domain.licences import RENEWAL_LEAD_DAYS


def area_opening(db, today: dt.date | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """What the area shows first, in one read transaction: the facilities, the first one's
    resources, the first resource's maintenance windows (the tab shown first)."""
    with db.read() as s:
        found = _facilities(s, today)
        first_resources = _resources(s, found[0]["id"], today) if found else []
        first_windows = _windows(s, first_resources[0]["id"]) if first_resources else []
    return found, first_resources, first_windows


def facilities(db, today: dt.date | None = None) -> list[dict]:
    with db.read() as s:
        return _facilities(s, today)


def _facilities(s, today: dt.date | None = None) -> list[dict]:
    from hubdesk.db.schema import Facility, Organization, Resource
    from sqlalchemy import func

    today = today or clock.today()
    # each facility's resources counted in the same statement
    resources = (select(func.count(Resource.id)).where(Resource.facility_id == Facility.id)
                 .correlate(Facility).scalar_subquery())
    rows = s.execute(select(Facility, Organization.name, resources).outerjoin(
        Organization, Organization.id == Facility.operator_id).order_by(Facility.name, Facility.id)).all()
    result = []
    for f, operator, count in rows:
        days_left = (f.licence_expires_on - today).days if f.licence_expires_on else None
        result.append(dict(id=f.id, name=f.name, kind=f.kind, licence_no=f.licence_no,
                           licence_authority=f.licence_authority, licence_expires_on=f.licence_expires_on,
                           days_left=days_left,
                           alert=days_left is not None and days_left <= RENEWAL_LEAD_DAYS,
                           timezone=f.timezone, operator=operator, resources=count or 0))
    return result


def resources(db, facility_id: int | None, today: dt.date | None = None) -> list[dict]:
    if facility_id is None:
        return []
    with db.read() as s:
        return _resources(s, facility_id, today)


def _resources(s, facility_id: int, today: dt.date | None = None) -> list[dict]:
    from hubdesk.db.schema import Resource, ResourceRate, UserClass

    today = today or clock.today()
    found = s.scalars(select(Resource).where(Resource.facility_id == facility_id)
                      .order_by(Resource.name, Resource.id)).all()
    rates: dict[int, list[tuple[str, int]]] = {}
    for rid, uc, fee in s.execute(select(ResourceRate.resource_id, UserClass.name, ResourceRate.fee_per_unit_krw)
                                  .join(UserClass, UserClass.id == ResourceRate.user_class_id)
                                  .where(ResourceRate.resource_id.in_([r.id for r in found]))
                                  .order_by(UserClass.name)):
        rates.setdefault(rid, []).append((uc, fee))
    voided = voided_on(s, found)        # an incident voided the qualification: due that day
    result = []
    for r in found:
        due = requalification_due(r.last_qualified_on, r.requalification_days)
        overdue = requalification_overdue(r.last_qualified_on, r.requalification_days, today)
        if r.id in voided:
            day = voided[r.id][0]
            due, overdue = (day if due is None else min(due, day)), overdue or day <= today
        result.append(dict(id=r.id, name=r.name, code=r.code, kind=r.kind, grade=r.cleanroom_grade,
                           unit=r.booking_unit, changeover=r.changeover_hours, min_units=r.min_units,
                           max_units=r.max_units, requalification_due=due, requalification_overdue=overdue,
                           requires_qualification=r.requires_qualification, status=r.status,
                           rates=rates.get(r.id, [])))
    return result


def windows(db, resource_id: int | None) -> list[dict]:
    if resource_id is None:
        return []
    with db.read() as s:
        return _windows(s, resource_id)


def _windows(s, resource_id: int) -> list[dict]:
    from hubdesk.db.schema import Facility, MaintenanceWindow, Resource

    rows = s.execute(select(MaintenanceWindow, Facility.timezone)
                     .join(Resource, Resource.id == MaintenanceWindow.resource_id)
                     .join(Facility, Facility.id == Resource.facility_id)
                     .where(MaintenanceWindow.resource_id == resource_id)
                     .order_by(MaintenanceWindow.starts_at.desc())).all()
    return [dict(id=w.id, kind=w.kind, starts_at=w.starts_at, ends_at=w.ends_at, note=w.note, timezone=tz,
                 series_id=w.series_id, day=w.starts_at.astimezone(clock.zone(tz)).date()) for w, tz in rows]


def resource_zone(db, resource_id: int) -> tuple[str, str, bool]:
    """The resource's name, the zone its times are in, and whether it is booked by the day."""
    from hubdesk.db.enums import BookingUnit
    from hubdesk.db.schema import Facility, Resource

    with db.read() as s:
        name, zone, unit = s.execute(select(Resource.name, Facility.timezone, Resource.booking_unit)
                                     .join(Facility, Facility.id == Resource.facility_id)
                                     .where(Resource.id == resource_id)).one()
    return name, clock.zone(zone).key, unit == BookingUnit.DAY


def maintenance_preview(db, resource_id: int, rule) -> list:
    """The dates of a maintenance series with what each would collide with (`booking_series`)."""
    from hubdesk.domain import booking_series

    with db.read() as s:
        return booking_series.maintenance_preview(s, resource_id, rule)


def maintenance_change_preview(db, series_id: int, from_day: dt.date, rule) -> list:
    """The dates a change of the maintenance series from `from_day` would add, with what is in
    their way (`booking_series.maintenance_change_preview`)."""
    from hubdesk.domain import booking_series

    with db.read() as s:
        return booking_series.maintenance_change_preview(s, series_id, from_day, rule)


def maintenance_series_info(db, series_id: int) -> dict:
    """A maintenance series' rule, kind, note, resource and zone, for the change dialog."""
    from hubdesk.db.schema import MaintenanceSeries
    from hubdesk.domain import booking_series

    with db.read() as s:
        series = s.get_one(MaintenanceSeries, series_id)
        return {"id": series.id, "rule": booking_series.rule_of(series), "kind": series.kind, "note": series.note,
                "resource_id": series.resource_id, "zone": series.timezone}


def qualifications(db, resource_id: int | None, today: dt.date | None = None) -> list[dict]:
    from hubdesk.db.schema import Contact, Organization, Qualification

    today = today or clock.today()
    if resource_id is None:
        return []
    with db.read() as s:
        rows = s.execute(select(Qualification, Contact.name, Organization.name)
                         .outerjoin(Contact, Contact.id == Qualification.contact_id)
                         .outerjoin(Organization, Organization.id == Qualification.organization_id)
                         .where(Qualification.resource_id == resource_id)
                         .order_by(Qualification.valid_until.desc())).all()
        return [dict(id=q.id, contact_id=q.contact_id, organization_id=q.organization_id,
                     holder=contact or org or "", person=contact, organization=org, granted_on=q.granted_on,
                     valid_until=q.valid_until, expired=q.valid_until < today) for q, contact, org in rows]


def organizations(db) -> list[tuple[int, str]]:
    from hubdesk.db.schema import Organization

    with db.read() as s:
        return [tuple(r) for r in s.execute(select(Organization.id, Organization.name)
                                            .order_by(Organization.name, Organization.id))]


def incidents(db, resource_id: int | None) -> list[dict]:
    """The resource's incident log, the latest first (hubdesk.domain.incidents)."""
    from hubdesk.db.schema import Facility, Resource
    from hubdesk.domain.incidents import incidents_of

    if resource_id is None:
        return []
    with db.read() as s:
        tz = s.scalar(select(Facility.timezone).join(Resource, Resource.facility_id == Facility.id)
                      .where(Resource.id == resource_id))
        return [dict(id=i.id, occurred_at=i.occurred_at, kind=i.kind, description=i.description,
                     reported_by=i.reported_by, down_from=i.down_from, down_until=i.down_until,
                     down_open=i.down_from is not None and i.down_until is None,
                     voids_qualification=i.voids_qualification, timezone=tz)
                for i in incidents_of(s, resource_id)]


def bookings_in_downtime(db, incident_id: int) -> list[dict]:
    """The active bookings inside an incident's downtime, for the person to move or cancel."""
    from hubdesk.db.schema import Organization
    from hubdesk.domain.incidents import bookings_in_downtime as found

    with db.read() as s:
        rows = found(s, incident_id)
        names = dict(s.execute(select(Organization.id, Organization.name)
                               .where(Organization.id.in_({b.organization_id for b in rows}))).all())
        return [dict(id=b.id, starts_at=b.starts_at, ends_at=b.ends_at, status=b.status,
                     organization=names.get(b.organization_id, "")) for b in rows]


def quotas(db, resource_id: int | None) -> list[dict]:
    """The booking quotas of organizations on the resource (hubdesk.domain.subsidies)."""
    from hubdesk.db.schema import BookingQuota, Organization

    if resource_id is None:
        return []
    with db.read() as s:
        return [dict(id=q.id, organization=name, hours=q.hours, period=q.period, note=q.note)
                for q, name in s.execute(select(BookingQuota, Organization.name)
                                         .join(Organization, Organization.id == BookingQuota.organization_id)
                                         .where(BookingQuota.resource_id == resource_id)
                                         .order_by(Organization.name, BookingQuota.id))]


def quota(db, quota_id: int) -> dict:
    from hubdesk.db.schema import BookingQuota

    with db.read() as s:
        q = s.get(BookingQuota, quota_id)
        if q is None:
            raise DomainError(_("This booking quota no longer exists. Refresh the list."), code="not_found")
        return dict(id=q.id, version=q.version, organization_id=q.organization_id, hours=q.hours, period=q.period,
                    note=q.note)


def organization_choices(db) -> list[tuple[int, str]]:
    """(id, name) of the organizations not archived, by name."""
    from hubdesk.db.schema import Organization

    with db.read() as s:
        return [(oid, name) for oid, name in s.execute(
            select(Organization.id, Organization.name).where(Organization.archived_on.is_(None))
            .order_by(Organization.name, Organization.id))]
