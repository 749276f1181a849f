"""A resource's incident and intervention log: breakdowns, deviations, repairs and calibrations,
the downtime they cause, and the qualification they may void.

Every function takes a Session and never commits (call it inside `db.write()`, or through the
interface's `write_op`); the permission, audit and report-lock hooks of that session apply.

Rules:
- An incident belongs to a resource that exists, has a kind (breakdown, deviation, repair,
  calibration), a time it occurred (timezone-aware) and a description.
- Its downtime is optional. When given it has a start; its end may stay open while the resource
  is still down, and when given it is after the start.
- Downtime is not bookable: the booking rules refuse an active booking that overlaps it, open
  downtime to the end of time (`booking_check_where`, `booking_check`, used by `booking_rules`), and utilisation
  takes the days it touches out of bookable time like a maintenance window (`downtime_rows`).
- An incident that voids qualification makes the resource need requalification from the local day
  the incident occurred: until its "last qualified on" day is that day or later, requalification
  is overdue and no booking ending on or after that day is accepted (`voided_on`). Nothing on
  the resource is overwritten: removing the incident, or recording the requalification, lifts it.
- Active bookings inside a downtime are not changed: they are listed (`bookings_in_downtime`) for
  the person to move or cancel.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Protocol, TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, IncidentKind
from hubdesk.db.ids import get_row
from hubdesk.db.schema import Booking, Facility, Resource, ResourceIncident
from hubdesk.domain import booking_times as bt
from hubdesk.domain.records import remove_row
from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import _

I = TypeVar("I", bound="IncidentFact")

__all__ = [
    "IncidentFact", "booking_check", "booking_check_where", "bookings_in_downtime", "downtime_rows", "incidents_of", "remove_incident",
    "save_incident", "voided_on",
]


def _aware(value: dt.datetime | None, field: str) -> dt.datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{field} must be a timezone-aware datetime, got {value!r}")
    return value


def save_incident(session: Session, resource_id: int, incident_id: int | None, *, occurred_at: dt.datetime,
                  kind: IncidentKind | str | None, description: str | None, reported_by: str | None = None,
                  down_from: dt.datetime | None = None, down_until: dt.datetime | None = None,
                  voids_qualification: bool = False) -> ResourceIncident:
    """Create (incident_id None) or change an incident of a resource; returns it (flushed)."""
    _aware(occurred_at, "occurred_at")
    _aware(down_from, "down_from")
    _aware(down_until, "down_until")
    if get_row(session, Resource, resource_id) is None:
        raise DomainError(_("Resource number {id} does not exist. It may have been removed; refresh the "
                            "list.").format(id=resource_id), field="resource_id", code="missing")
    try:
        kind = IncidentKind(kind) if kind else None
    except ValueError:
        kind = None
    if kind is None:
        raise DomainError(_("Choose what kind of incident this is: breakdown, deviation, repair or calibration."),
                          field="kind")
    description = clean_text(description)
    if not description:
        raise DomainError(_("Describe what happened, in a few words at least."), field="description")
    require_storable(ResourceIncident, "description", description)
    reported_by = clean_text(reported_by) or None
    require_storable(ResourceIncident, "reported_by", reported_by)
    if down_until is not None and down_from is None:
        raise DomainError(_("The downtime has an end but no start. Give the time the resource went down, "
                            "or clear the end."), field="down_from")
    if down_from is not None and down_until is not None and down_until <= down_from:
        raise DomainError(_("The downtime must end after it starts. Check the start and end times, or leave "
                            "the end open while the resource is still down."), field="down_until")
    found: ResourceIncident | None
    if incident_id is None:
        found = ResourceIncident(resource_id=resource_id)
        session.add(found)
    else:
        found = get_row(session, ResourceIncident, incident_id)
        if found is None or found.resource_id != resource_id:
            raise DomainError(_("Incident number {id} does not exist. It may have been removed; refresh the "
                                "list.").format(id=incident_id), code="missing")
    incident = found
    incident.occurred_at, incident.kind, incident.description = occurred_at, kind, description
    incident.reported_by, incident.down_from, incident.down_until = reported_by, down_from, down_until
    incident.voids_qualification = bool(voids_qualification)
    session.flush()
    return incident


def remove_incident(session: Session, incident_id: int) -> None:
    remove_row(session, ResourceIncident, incident_id)


def incidents_of(session: Session, resource_id: int) -> list[ResourceIncident]:
    """The resource's incidents, the latest first."""
    return list(session.scalars(select(ResourceIncident).where(ResourceIncident.resource_id == resource_id)
                                .order_by(ResourceIncident.occurred_at.desc(), ResourceIncident.id.desc())))


def _overlapping(start: dt.datetime | BindParameter[dt.datetime], end: dt.datetime | BindParameter[dt.datetime] | None):
    """Conditions of an incident whose downtime overlaps [start, end) (end None: open)."""
    conditions = [ResourceIncident.down_from.is_not(None),
                  or_(ResourceIncident.down_until.is_(None), ResourceIncident.down_until > start)]
    if end is not None:
        conditions.append(ResourceIncident.down_from < end)
    return conditions


def downtime_rows(session: Session, start: dt.datetime, end: dt.datetime
                  ) -> list[tuple[int, dt.datetime, dt.datetime | None, str | None]]:
    """(resource id, down from, down until or None, facility time zone) of every downtime that
    overlaps [start, end): for utilisation."""
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(
        select(ResourceIncident.resource_id, ResourceIncident.down_from, ResourceIncident.down_until,
               Facility.timezone)
        .join(Resource, Resource.id == ResourceIncident.resource_id)
        .join(Facility, Facility.id == Resource.facility_id)
        .where(*_overlapping(start, end))) if r[1] is not None]


def bookings_in_downtime(session: Session, incident_id: int) -> list[Booking]:
    """The active bookings of the incident's resource that fall inside its downtime (to be moved
    or cancelled), earliest first; [] when it has no downtime."""
    incident = get_row(session, ResourceIncident, incident_id)
    if incident is None or incident.down_from is None:
        return []
    conditions = [Booking.resource_id == incident.resource_id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
                  Booking.ends_at > incident.down_from]
    if incident.down_until is not None:
        conditions.append(Booking.starts_at < incident.down_until)
    return list(session.scalars(select(Booking).where(*conditions).order_by(Booking.starts_at, Booking.id)))


def voided_on(session: Session, resources: Iterable[Resource]) -> dict[int, tuple[dt.date, ResourceIncident]]:
    """Per resource whose qualification an incident voided and which was not requalified since:
    the local day of the latest such incident, and the incident. A resource is requalified when its
    `last_qualified_on` is that day or later."""
    by_id = {r.id: r for r in resources}
    if not by_id:
        return {}
    latest = (select(ResourceIncident.resource_id, func.max(ResourceIncident.occurred_at).label("at"))
              .where(ResourceIncident.voids_qualification.is_(True), ResourceIncident.resource_id.in_(by_id))
              .group_by(ResourceIncident.resource_id).subquery())
    found: dict[int, tuple[dt.date, ResourceIncident]] = {}
    for incident in session.scalars(select(ResourceIncident).join(
            latest, (latest.c.resource_id == ResourceIncident.resource_id) & (latest.c.at == ResourceIncident.occurred_at))
            .where(ResourceIncident.voids_qualification.is_(True))):
        still = _still_voided(by_id[incident.resource_id], incident)
        if still is not None:
            found[incident.resource_id] = still
    return found


def _still_voided(resource: Resource, incident: I) -> tuple[dt.date, I] | None:
    """(the incident's local day, the incident) when `resource` was not requalified on or after it."""
    day = incident.occurred_at.astimezone(bt.resource_zone(resource)).date()
    if resource.last_qualified_on is None or resource.last_qualified_on < day:
        return day, incident
    return None


class IncidentFact(Protocol):
    """What the booking rules read of an incident (a ResourceIncident, or a row the rules read
    with their other facts in one statement)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> IncidentKind: ...
    @property
    def description(self) -> str: ...
    @property
    def occurred_at(self) -> dt.datetime: ...
    @property
    def down_from(self) -> dt.datetime | None: ...
    @property
    def down_until(self) -> dt.datetime | None: ...
    @property
    def voids_qualification(self) -> bool: ...


def booking_check_where(resource_id: int | BindParameter[int], starts_at: dt.datetime | BindParameter[dt.datetime],
                        ends_at: dt.datetime | BindParameter[dt.datetime]):
    """The condition on ResourceIncident of the incidents `booking_check` needs: the resource's
    incidents whose downtime overlaps [starts_at, ends_at), and those that void its qualification
    (values, or bound parameters in a statement built once)."""
    return and_(ResourceIncident.resource_id == resource_id,
                or_(and_(*_overlapping(starts_at, ends_at)), ResourceIncident.voids_qualification.is_(True)))


def booking_check(resource: Resource, rows: Iterable[I], starts_at: dt.datetime, ends_at: dt.datetime
                  ) -> tuple[list[I], tuple[dt.date, I] | None]:
    """What the booking rules ask of the incidents `rows` (those `booking_check_where` selects):
    those whose downtime overlaps the span (earliest first), and the voided qualification of
    `resource` as `voided_on` gives it."""
    rows = list(rows)
    down = sorted((i for i in rows if i.down_from is not None and i.down_from < ends_at
                   and (i.down_until is None or i.down_until > starts_at)), key=lambda i: (i.down_from, i.id))
    voiding = [i for i in rows if i.voids_qualification]
    latest = max(voiding, key=lambda i: (i.occurred_at, i.id)) if voiding else None
    return down, (_still_voided(resource, latest) if latest is not None else None)
