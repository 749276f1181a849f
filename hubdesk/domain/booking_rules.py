"""Every rule a booking must satisfy, each reported as a RuleProblem with a sentence to show.

`evaluate()` returns all problems of a request (the UI shows them before saving);
hubdesk.domain.bookings turns the first into a DomainError when saving.

The conflict search never loads a resource's whole history. Active bookings of one resource
never overlap each other (that is what these rules guarantee), so only two kinds of booking can
collide with a new span [start, end) widened by the changeover buffer to [lo, hi):
those starting inside [lo, hi) — an index range on booking(resource_id, status, starts_at) —
and, per active status, the one latest booking starting before lo — one index seek each; all
in one statement.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Iterable, Protocol, TypeVar

from sqlalchemy import (Boolean, Date, Integer, String, Text, and_, bindparam, cast, literal_column, null, or_,
                        select, type_coerce, union_all)
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.orm import Session

from hubdesk.db.enums import (ACTIVE_BOOKING_STATUSES, BookingStatus, IncidentKind, ResourceStatus, SubsidyPeriod,
                              WindowKind)
from hubdesk.db.ids import get_row, is_possible_id
from hubdesk.db.schema import (Booking, ClosureDay, Contact, MaintenanceWindow, Organization, Qualification,
                               Resource, ResourceIncident)
from hubdesk.db.schema.base import UTCDateTime
from hubdesk.domain import booking_times as bt
from hubdesk.domain.booking_status import is_active
from hubdesk.domain import calendar
from hubdesk.domain.facilities import requalification_due, requalification_overdue
from hubdesk.domain import incidents, subsidies
from hubdesk.enum_labels import label
from hubdesk.domain.texts import text_problem
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext


B = TypeVar("B", bound="BookingFact")
T = TypeVar("T")


@dataclasses.dataclass
class BookingRequest:
    """What someone asks to book. Times are timezone-aware; `people` are contact ids."""

    resource_id: int
    organization_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str | None = None
    campaign: str | None = None
    people: list[int] = dataclasses.field(default_factory=list)
    holiday_override: bool = False


@dataclasses.dataclass(frozen=True)
class RuleProblem:
    """One broken rule: a stable `code`, a translated sentence, the input at fault and the
    conflicting record (a booking or a maintenance window) when there is one."""

    code: str
    message: str
    field: str | None = None
    booking_id: int | None = None
    window_id: int | None = None

    @property
    def conflict(self) -> int | None:
        return self.booking_id if self.booking_id is not None else self.window_id

    def __str__(self) -> str:
        return self.message


def normalize_campaign(campaign: str | None) -> str | None:
    text = (campaign or "").strip()
    return text.casefold() if text else None


def same_campaign(a: str | None, b: str | None) -> bool:
    ca, cb = normalize_campaign(a), normalize_campaign(b)
    return ca is not None and ca == cb


def changeover_buffer(hours: float | None) -> dt.timedelta:
    """A resource's changeover hours as a length of time."""
    return dt.timedelta(hours=float(hours or 0))


def changeover(resource: Resource) -> dt.timedelta:
    return changeover_buffer(resource.changeover_hours)


def changeover_tail(hours: float | None, status: BookingStatus, campaign: str | None,
                    next_campaign: str | None = None) -> dt.timedelta:
    """How long the resource stays blocked for changeover after a booking: its changeover for a
    booking that holds its slot, none when the next booking of the resource (`next_campaign`, None
    when there is none) belongs to the same campaign, none for a booking that holds no slot."""
    if not is_active(status) or same_campaign(campaign, next_campaign):
        return dt.timedelta(0)
    return changeover_buffer(hours)


# ---------------------------------------------------------------- conflict search


def _build_candidate_ids():
    """The ids of the bookings that may collide with [lo, hi) on one resource, as one statement
    built once (bind parameters: resource, lo, hi, exclude)."""
    def of_resource(*conditions):
        return select(Booking.id).where(Booking.resource_id == bindparam("resource"),
                                        Booking.id != bindparam("exclude"), *conditions)

    parts = [of_resource(Booking.status.in_(ACTIVE_BOOKING_STATUSES), Booking.starts_at >= bindparam("lo"),
                         Booking.starts_at < bindparam("hi"))]
    for status in ACTIVE_BOOKING_STATUSES:
        latest = (of_resource(Booking.status == status, Booking.starts_at < bindparam("lo"))
                  .order_by(Booking.starts_at.desc()).limit(1).subquery())
        parts.append(select(latest.c.id))
    return union_all(*parts)


_CANDIDATE_IDS = _build_candidate_ids()
_CANDIDATES = select(Booking).where(Booking.id.in_(_CANDIDATE_IDS)).order_by(Booking.starts_at)


def _candidate_params(resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime,
                      exclude_booking_id: int | None) -> dict:
    buffer = changeover(resource)
    return dict(resource=resource.id, lo=starts_at - buffer, hi=ends_at + buffer,
                exclude=exclude_booking_id if exclude_booking_id is not None else -1)


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class BookingFact(Protocol):
    """What the conflict rule reads of another booking (a Booking, or a row of the rules' facts)."""

    @property
    def id(self) -> int: ...
    @property
    def starts_at(self) -> dt.datetime: ...
    @property
    def ends_at(self) -> dt.datetime: ...
    @property
    def campaign(self) -> str | None: ...
    @property
    def organization(self) -> _Named: ...


def _colliding(resource: Resource, candidates: Iterable[B], starts_at: dt.datetime, ends_at: dt.datetime,
               campaign: str | None) -> list[B]:
    """Those of the candidates (`_CANDIDATE_IDS`) that the span plus changeover collides with."""
    buffer = changeover(resource)
    result = []
    for other in candidates:
        gap = dt.timedelta(0) if same_campaign(campaign, other.campaign) else buffer
        if other.starts_at < ends_at + gap and other.ends_at > starts_at - gap:
            result.append(other)
    return result


def conflicting_bookings(session: Session, resource: Resource, starts_at: dt.datetime,
                         ends_at: dt.datetime, campaign: str | None = None,
                         exclude_booking_id: int | None = None) -> list[Booking]:
    """Active bookings of the resource that the span plus changeover would collide with."""
    rows = session.scalars(_CANDIDATES, _candidate_params(resource, starts_at, ends_at, exclude_booking_id))
    return _colliding(resource, rows, starts_at, ends_at, campaign)


def conflict_problem(resource: Resource, other: BookingFact, starts_at: dt.datetime,
                     ends_at: dt.datetime) -> RuleProblem:
    """The sentence for a booking of [starts_at, ends_at) that `other`, an active booking of the same
    resource, overlaps (code overlap) or comes closer to than the changeover (code changeover)."""
    tz = bt.resource_zone(resource)
    values = dict(resource=resource.name, organization=other.organization.name,
                  span=bt.format_span(other.starts_at, other.ends_at, tz), zone=tz.key)
    if other.starts_at < ends_at and other.ends_at > starts_at:
        message = _("{resource} is already booked by {organization} on {span} ({zone}). "
                    "Choose another time or another resource.").format(**values)
        return RuleProblem("overlap", message, field="starts_at", booking_id=other.id)
    hours = float(resource.changeover_hours)
    message = ngettext(
        "{resource} is booked by {organization} on {span} ({zone}), and it needs a changeover "
        "of {hours} hour between two bookings of different campaigns. Move the booking so that "
        "the changeover time stays free.",
        "{resource} is booked by {organization} on {span} ({zone}), and it needs a changeover "
        "of {hours} hours between two bookings of different campaigns. Move the booking so that "
        "the changeover time stays free.",
        int(hours) if hours.is_integer() else 2,
    ).format(hours=bt.format_hours(hours), **values)
    return RuleProblem("changeover", message, field="starts_at", booking_id=other.id)


# ---------------------------------------------------------------- the rules one by one


def slot_problems(session: Session, resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime,
                  campaign: str | None = None, exclude_booking_id: int | None = None) -> list[RuleProblem]:
    """What keeps the span from being held on the resource: the active bookings it collides with
    (changeover included) and the maintenance or requalification windows over it. A booking that
    arrives from another PC in a change package (hubdesk.domain.exchange_apply) is checked by this."""
    problems = [conflict_problem(resource, other, starts_at, ends_at)
                for other in conflicting_bookings(session, resource, starts_at, ends_at, campaign,
                                                  exclude_booking_id=exclude_booking_id)]
    return problems + _window_problems(session, resource, starts_at, ends_at)


def _resource_state_problems(resource: Resource, last_day: dt.date) -> list[RuleProblem]:
    problems = []
    if resource.status == ResourceStatus.OUT_OF_SERVICE:
        problems.append(RuleProblem("out_of_service", _(
            "{resource} is out of service. Choose another resource, or put it back in service "
            "first.").format(resource=resource.name), field="resource_id"))
    elif resource.status == ResourceStatus.RETIRED:
        problems.append(RuleProblem("retired", _(
            "{resource} is retired and can no longer be booked. Choose another resource.")
            .format(resource=resource.name), field="resource_id"))
    days = resource.requalification_days
    if requalification_overdue(resource.last_qualified_on, days, last_day):
        due = requalification_due(resource.last_qualified_on, days)
        if due is None:
            problems.append(RuleProblem("requalification_overdue", ngettext(
                "{resource} must be requalified every {days} day but has never been qualified. "
                "Record its qualification before booking it.",
                "{resource} must be requalified every {days} days but has never been qualified. "
                "Record its qualification before booking it.", days or 0)
                .format(resource=resource.name, days=days), field="resource_id"))
        else:
            problems.append(RuleProblem("requalification_overdue", _(
                "{resource} was last qualified on {qualified} and must be requalified by {due}, "
                "before this booking ends. Record the requalification first, or book an "
                "earlier time.").format(resource=resource.name, qualified=resource.last_qualified_on,
                                        due=due), field="resource_id"))
    return problems


_WINDOWS = (select(MaintenanceWindow)
            .where(MaintenanceWindow.resource_id == bindparam("resource"),
                   MaintenanceWindow.starts_at < bindparam("end"), MaintenanceWindow.ends_at > bindparam("start"))
            .order_by(MaintenanceWindow.starts_at))


class WindowFact(Protocol):
    """What the rules read of a maintenance or requalification window (a MaintenanceWindow, or a
    row of the rules' facts)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> WindowKind: ...
    @property
    def starts_at(self) -> dt.datetime: ...
    @property
    def ends_at(self) -> dt.datetime: ...


def _window_problems(session: Session, resource: Resource, starts_at: dt.datetime,
                     ends_at: dt.datetime) -> list[RuleProblem]:
    windows = session.scalars(_WINDOWS, dict(resource=resource.id, start=starts_at, end=ends_at))
    return _window_problems_of(resource, windows)


def _window_problems_of(resource: Resource, windows: Iterable[WindowFact]) -> list[RuleProblem]:
    tz = bt.resource_zone(resource)
    problems = []
    for window in windows:
        values = dict(resource=resource.name, span=bt.format_span(window.starts_at, window.ends_at, tz),
                      zone=tz.key)
        if window.kind == WindowKind.REQUALIFICATION:
            message = _("{resource} is being requalified on {span} ({zone}). Choose a time outside "
                        "the requalification window.").format(**values)
        else:
            message = _("{resource} is closed for maintenance on {span} ({zone}). Choose a time "
                        "outside the maintenance window.").format(**values)
        problems.append(RuleProblem(f"window_{window.kind.value}", message, field="starts_at",
                                    window_id=window.id))
    return problems


def _incident_problems(resource: Resource, rows: Iterable[incidents.IncidentFact], starts_at: dt.datetime,
                       ends_at: dt.datetime, last: dt.date) -> list[RuleProblem]:
    """Downtime after an incident, and a qualification an incident voided (`domain.incidents`)."""
    tz = bt.resource_zone(resource)
    problems = []
    down, voided = incidents.booking_check(resource, rows, starts_at, ends_at)
    for incident in down:
        assert incident.down_from is not None     # only incidents with a downtime overlap a span
        values = dict(resource=resource.name, kind=label(incident.kind), description=incident.description,
                      zone=tz.key)
        if incident.down_until is None:
            message = _("{resource} has been down since {start} ({zone}) after an incident ({kind}: "
                        "{description}), with no end recorded. Record the end of the downtime first, or "
                        "choose another resource.").format(start=bt.format_instant(incident.down_from, tz),
                                                           **values)
        else:
            message = _("{resource} is down on {span} ({zone}) after an incident ({kind}: {description}). "
                        "Choose a time outside the downtime.").format(
                span=bt.format_span(incident.down_from, incident.down_until, tz), **values)
        problems.append(RuleProblem("incident_downtime", message, field="starts_at"))
    if voided is not None and voided[0] <= last:
        day, incident = voided
        problems.append(RuleProblem("qualification_voided", _(
            "An incident on {day} ({kind}: {description}) voided the qualification of {resource}. Record its "
            "requalification (last qualified on {day} or later) before booking it.").format(
            day=day, kind=label(incident.kind), description=incident.description, resource=resource.name),
            field="resource_id"))
    return problems


def _length_problems(resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime) -> list[RuleProblem]:
    units = bt.whole_units(resource, starts_at, ends_at)
    is_day = resource.booking_unit.value == "day"
    if units is None:
        if is_day:
            tz = bt.resource_zone(resource)
            message = _("{resource} is booked in whole days: the booking must start and end at "
                        "midnight ({zone}). Choose whole days.").format(resource=resource.name, zone=tz.key)
        else:
            message = _("{resource} is booked in whole hours: the booking must last a whole number "
                        "of hours. Adjust the end time.").format(resource=resource.name)
        return [RuleProblem("whole_units", message, field="ends_at")]
    if units < resource.min_units:
        n = resource.min_units
        message = (ngettext("A booking of {resource} must last at least {count} day.",
                            "A booking of {resource} must last at least {count} days.", n) if is_day else
                   ngettext("A booking of {resource} must last at least {count} hour.",
                            "A booking of {resource} must last at least {count} hours.", n))
        return [RuleProblem("too_short", message.format(resource=resource.name, count=n), field="ends_at")]
    if units > resource.max_units:
        n = resource.max_units
        message = (ngettext("A booking of {resource} may last at most {count} day. Split it into "
                            "several bookings or shorten it.",
                            "A booking of {resource} may last at most {count} days. Split it into "
                            "several bookings or shorten it.", n) if is_day else
                   ngettext("A booking of {resource} may last at most {count} hour. Split it into "
                            "several bookings or shorten it.",
                            "A booking of {resource} may last at most {count} hours. Split it into "
                            "several bookings or shorten it.", n))
        return [RuleProblem("too_long", message.format(resource=resource.name, count=n), field="ends_at")]
    return []


def shape_problems(resource: Resource, starts_at: dt.datetime, ends_at: dt.datetime) -> list[RuleProblem]:
    """The rules about a booking's own shape, which also bind a booking that holds no slot
    (history: completed, cancelled…): it ends after it starts and lasts whole units."""
    if ends_at <= starts_at:
        return [_ends_before_start()]
    return [p for p in _length_problems(resource, starts_at, ends_at) if p.code == "whole_units"]


def _ends_before_start() -> RuleProblem:
    return RuleProblem("ends_before_start", _(
        "The booking must end after it starts. Check the start and end times."), field="ends_at")


def _holiday_problems(closed: dict[dt.date, str]) -> list[RuleProblem]:
    if not closed:
        return []
    days = ", ".join(f"{day.isoformat()} ({name})" for day, name in sorted(closed.items()))
    message = ngettext(
        "The booking falls on {days}, a public holiday or foundation closure day. Choose another "
        "day, or confirm that this booking is to go ahead on the holiday.",
        "The booking falls on {days}, which are public holidays or foundation closure days. "
        "Choose other days, or confirm that this booking is to go ahead on the holidays.",
        len(closed)).format(days=days)
    return [RuleProblem("holiday", message, field="holiday_override")]


# the statements the rules run for each check, built once with bound parameters (SQLAlchemy's
# compiled cache is hit: building a statement anew costs more than running it on SQLite)
_RESOURCE = select(Resource).options(joinedload(Resource.facility)).where(Resource.id == bindparam("id"))
_CONTACT = select(Contact).where(Contact.id == bindparam("id"))
_QUALIFIED = (select(Qualification.id)
              .where(Qualification.resource_id == bindparam("resource"),
                     or_(Qualification.contact_id == bindparam("contact"),
                         and_(Qualification.contact_id.is_(None),
                              Qualification.organization_id == bindparam("organization"))),
                     Qualification.granted_on <= bindparam("first"), Qualification.valid_until >= bindparam("last"))
              .limit(1))


def _get(session: Session, model: type[T], statement, row_id: object) -> T | None:
    """The `model` row of `statement` (`_RESOURCE`, `_CONTACT`) with the id, or None (also for an id
    no row can have, as `get_row`); as `session.get` when the session holds the row already."""
    if not is_possible_id(row_id):
        return None
    if session.identity_key(model, row_id) in session.identity_map:
        return session.get(model, row_id)
    return session.scalars(statement, {"id": row_id}).first()


def _people_problems(session: Session, resource: Resource, people: Iterable[int],
                     first: dt.date, last: dt.date) -> list[RuleProblem]:
    problems = []
    for contact_id in dict.fromkeys(people):
        contact = _get(session, Contact, _CONTACT, contact_id)
        if contact is None:
            problems.append(RuleProblem("contact_missing", _(
                "Contact number {id} does not exist. Choose the people on the booking again.")
                .format(id=contact_id), field="people"))
            continue
        if not resource.requires_qualification:
            continue
        found = session.scalar(_QUALIFIED, dict(resource=resource.id, contact=contact.id,
                                                organization=contact.organization_id, first=first, last=last))
        if found is None:
            problems.append(RuleProblem("not_qualified", _(
                "{person} holds no qualification for {resource} valid until {day}, the last day of "
                "the booking. Record a valid qualification or take {person} off the booking.")
                .format(person=contact.name, resource=resource.name, day=last), field="people"))
    return problems


# ---------------------------------------------------------------- the facts, in one statement


@dataclasses.dataclass(frozen=True)
class _Window:
    id: int
    kind: WindowKind
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class _Incident:
    id: int
    kind: IncidentKind
    description: str
    occurred_at: dt.datetime
    down_from: dt.datetime | None
    down_until: dt.datetime | None
    voids_qualification: bool


@dataclasses.dataclass(frozen=True)
class _Organization:
    name: str


@dataclasses.dataclass(frozen=True)
class _Booking:
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    campaign: str | None
    organization: _Organization


@dataclasses.dataclass(frozen=True)
class _Quota:
    period: SubsidyPeriod
    hours: int
    used_units: dict[SubsidyPeriod, int]


@dataclasses.dataclass
class _Facts:
    """What blocks a request, as `_read_facts` reads it in one statement."""

    organization_name: str | None = None      # None: no such organization
    windows: list[_Window] = dataclasses.field(default_factory=list)
    incidents: list[_Incident] = dataclasses.field(default_factory=list)
    quota: _Quota | None = None
    closure: dict[dt.date, str] = dataclasses.field(default_factory=dict)
    bookings: list[_Booking] = dataclasses.field(default_factory=list)    # the candidates, by start


# the columns of a fact row: its kind, then these (NULL where a kind has no such value)
_FACT_COLUMNS = dict(id=Integer(), start=UTCDateTime(), end=UTCDateTime(), at=UTCDateTime(), day=Date(),
                     flag=Boolean(), n1=Integer(), n2=Integer(), n3=Integer(), t1=String(), t2=Text())


def _fact(kind: str, **values):
    """A typed fact row's columns (one branch of `_read_facts`'s UNION ALL)."""
    return [literal_column(f"'{kind}'", String()).label("kind"),
            *((type_coerce(values[name], type_) if name in values else cast(null(), type_)).label(name)
              for name, type_ in _FACT_COLUMNS.items())]


@functools.cache
def _facts_statement(with_organization: bool, with_quota: bool, with_closure: bool):
    """`_read_facts`'s UNION ALL, built once per shape with bound parameters (`_facts_params`), so that
    SQLAlchemy's compiled cache is hit: building and compiling it was most of a rule check's time."""
    resource: BindParameter[int] = bindparam("resource")
    start: BindParameter[dt.datetime] = bindparam("start")
    end: BindParameter[dt.datetime] = bindparam("end")
    first: BindParameter[dt.date] = bindparam("first")
    last: BindParameter[dt.date] = bindparam("last")
    parts = [select(*_fact("window", id=MaintenanceWindow.id, start=MaintenanceWindow.starts_at,
                                 end=MaintenanceWindow.ends_at, t1=MaintenanceWindow.kind))
             .where(MaintenanceWindow.resource_id == resource, MaintenanceWindow.starts_at < end,
                    MaintenanceWindow.ends_at > start),
             select(*_fact("incident", id=ResourceIncident.id, start=ResourceIncident.down_from,
                           end=ResourceIncident.down_until, at=ResourceIncident.occurred_at,
                           flag=ResourceIncident.voids_qualification, t1=ResourceIncident.kind,
                           t2=ResourceIncident.description))
             .where(incidents.booking_check_where(resource, start, end))]
    if with_organization:
        parts.append(select(*_fact("organization", id=Organization.id, t1=Organization.name))
                     .where(Organization.id == bindparam("org")))
    if with_quota:
        q = subsidies.quota_statement().subquery()
        qid, period, hours, *used = q.c
        parts.append(select(*_fact("quota", id=qid, t1=period, n1=hours, n2=used[0], n3=used[1])))
    parts.append(select(*_fact("booking", id=Booking.id, start=Booking.starts_at, end=Booking.ends_at,
                               t1=Booking.campaign, t2=Organization.name))
                 .join(Organization, Organization.id == Booking.organization_id)
                 .where(Booking.id.in_(_CANDIDATE_IDS)))
    if with_closure:
        parts.append(select(*_fact("closure", day=ClosureDay.day, t1=ClosureDay.name))
                     .where(calendar.closure_days_where(first, last)))
    return union_all(*parts)


def _read_facts(session: Session, request: BookingRequest, resource: Resource, starts_at: dt.datetime,
                ends_at: dt.datetime, first: dt.date, last: dt.date, exclude_booking_id: int | None) -> _Facts:
    """The organization (that it exists, and its name), the maintenance windows over the span, the
    resource's incidents (downtime over the span, a voided qualification), the organization's quota
    of the resource with the units it booked in its year and quarter, and the closure days: one
    UNION ALL statement of typed rows (a round trip each on a server)."""
    with_organization = is_possible_id(request.organization_id)
    with_quota = with_organization and bt.whole_units(resource, starts_at, ends_at) is not None
    params = _candidate_params(resource, starts_at, ends_at, exclude_booking_id)
    params.update(start=starts_at, end=ends_at, first=first, last=last)
    if with_quota:
        params.update(subsidies.quota_params(resource, request.organization_id, starts_at, exclude_booking_id))
    elif with_organization:
        params["org"] = request.organization_id
    statement = _facts_statement(with_organization, with_quota, not request.holiday_override)
    facts = _Facts()
    for row in session.execute(statement, params):
        if row.kind == "organization":
            facts.organization_name = row.t1
        elif row.kind == "window":
            facts.windows.append(_Window(row.id, WindowKind(row.t1), row.start, row.end))
        elif row.kind == "incident":
            facts.incidents.append(_Incident(row.id, IncidentKind(row.t1), row.t2, row.at, row.start, row.end,
                                             bool(row.flag)))
        elif row.kind == "quota":
            facts.quota = _Quota(SubsidyPeriod(row.t1), int(row.n1),
                                 dict(zip(subsidies.QUOTA_PERIODS, (int(row.n2), int(row.n3)))))
        elif row.kind == "closure":
            facts.closure[row.day] = row.t1
        elif row.kind == "booking":
            facts.bookings.append(_Booking(row.id, row.start, row.end, row.t1, _Organization(row.t2)))
    facts.windows.sort(key=lambda w: (w.starts_at, w.id))
    facts.bookings.sort(key=lambda b: (b.starts_at, b.id))
    return facts


def evaluate(session: Session, request: BookingRequest, resource: Resource | None = None, *,
             exclude_booking_id: int | None = None) -> list[RuleProblem]:
    """All problems of the request ([] = it may be saved). `resource` may be passed already
    loaded (and locked) by the caller."""
    try:
        starts_at = bt.require_aware(request.starts_at, "starts_at")
        ends_at = bt.require_aware(request.ends_at, "ends_at")
    except DomainError as exc:   # a time no booking can have: nothing else is worth checking
        return [RuleProblem(exc.code or "out_of_range", exc.message, field=exc.field)]
    problems: list[RuleProblem] = []
    for name, value in (("purpose", request.purpose), ("campaign", (request.campaign or "").strip() or None)):
        message = text_problem(Booking, name, value)
        if message is not None:
            problems.append(RuleProblem("invalid_text", message, field=name))
    if resource is None:
        resource = _get(session, Resource, _RESOURCE, request.resource_id)
    if resource is None:
        problems.append(RuleProblem("resource_missing", _(
            "The resource chosen (number {id}) does not exist. Choose the resource again.")
            .format(id=request.resource_id), field="resource_id"))
    facts = None
    if resource is not None and ends_at > starts_at:
        tz = bt.resource_zone(resource)
        first, last = bt.first_day(starts_at, tz), bt.last_day(ends_at, tz)
        facts = _read_facts(session, request, resource, starts_at, ends_at, first, last, exclude_booking_id)
        organization_found = facts.organization_name is not None
    else:
        organization_found = get_row(session, Organization, request.organization_id) is not None
    if not organization_found:
        problems.append(RuleProblem("organization_missing", _(
            "The organization chosen (number {id}) does not exist. Choose the organization again.")
            .format(id=request.organization_id), field="organization_id"))
    if ends_at <= starts_at:
        problems.append(_ends_before_start())
    if resource is None or facts is None:
        return problems
    problems += _resource_state_problems(resource, last)
    problems += _length_problems(resource, starts_at, ends_at)
    problems += _window_problems_of(resource, facts.windows)
    problems += _incident_problems(resource, facts.incidents, starts_at, ends_at, last)
    if facts.quota is not None:
        quota = subsidies.quota_refusal(resource, facts.organization_name or str(request.organization_id),
                                        starts_at, bt.whole_units(resource, starts_at, ends_at),
                                        facts.quota.period, facts.quota.hours, facts.quota.used_units)
        if quota is not None:
            problems.append(RuleProblem("quota", quota, field="ends_at"))
    for other in _colliding(resource, facts.bookings, starts_at, ends_at, request.campaign):
        problems.append(conflict_problem(resource, other, starts_at, ends_at))
    if not request.holiday_override:
        problems += _holiday_problems(calendar.closed_days_with(first, last, facts.closure))
    problems += _people_problems(session, resource, request.people, first, last)
    return problems
