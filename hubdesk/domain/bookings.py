"""Booking a resource: check a request, create it, move it, and walk it through its statuses.

Every function takes a Session and never commits; call it inside `with db.write() as s:`.
Concurrency, the one guarded path of every write that creates or moves a booking (the app, the
import, a move on the timeline, an approval):
- SQLite: the write transaction starts with BEGIN IMMEDIATE, so writers are serialized by the
  database file lock before they read anything; the check and the write happen under it.
- PostgreSQL: the resource row is locked (`SELECT ... FOR NO KEY UPDATE`, `lock_resource`) before
  the conflict check and held until the commit, so two sessions booking the same resource take
  turns and the second one sees the first one's booking. A change to an existing booking locks the
  booking's row first, then its resource (one order everywhere, so two changes never wait on each
  other). A write that books several resources in one transaction (an import) first takes
  `lock_several_resources`, so two of them take turns instead of each holding a resource the other
  waits for. Below all of that, the exclusion constraint `ex_booking_no_overlap` (migration
  0006) refuses two active bookings of one resource whose times overlap; should it ever fire, the
  error becomes the overlap sentence (`refusal_for`, run by `Database.write` and the importer).
  The changeover buffer between bookings stays the rule's alone.

Decisions behind the rules (docs/ARCHITECTURE.md states the rules; these details are settled here):
- Changeover: two active bookings of a resource must be at least its changeover hours apart,
  whichever comes first; none between bookings of the same non-empty campaign (compared
  ignoring case and surrounding spaces), which still may not overlap.
- Maintenance and requalification windows block the booked time itself (no changeover added).
- Requalification is overdue when last_qualified_on + requalification_days is before the last
  local day of the booking, or when an interval is set and the resource was never qualified.
- Hour resources: a whole number of hours, starting at any minute. Day resources: from local
  midnight of the first day to local midnight after the last day (facility time zone).
- A person's qualification (their own, or one held by their organization) must be granted by the
  booking's first local day and valid until its last local day. A booking ending at midnight
  does not touch the next day (for holidays and qualifications alike).
- Status flow: see hubdesk.domain.booking_status. Approval re-checks every rule and freezes the
  fee; only requested, approved and confirmed bookings can be moved; a moved booking with a
  frozen fee keeps its frozen price per unit.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from sqlalchemy import select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from hubdesk.db.audit import current_actor
from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from hubdesk.db.ids import get_row, is_possible_id
from hubdesk.db.schema import (BOOKING_NO_OVERLAP, Booking, BookingStatusChange, Contact, Organization, Resource,
                               new_uid, utcnow)
from hubdesk.domain import booking_times as bt
from hubdesk.domain import subsidies
from hubdesk.domain.booking_rules import BookingRequest, RuleProblem, conflict_problem, evaluate, shape_problems
from hubdesk.domain.booking_status import (FEE_FROZEN_STATUSES, MOVABLE_STATUSES, TRANSITIONS, allowed_moves,
                                           forbidden_move_message, is_active, status_label)
from hubdesk.domain.fees import booking_fee, fee_for
from hubdesk.errors import DomainError
from hubdesk.i18n import _

__all__ = [
    "BookingRefused", "BookingRequest", "RuleProblem", "allowed_transitions", "booking_fee", "booking_problems",
    "change_status", "check_booking", "create_booking", "estimate_fee", "lock_resource", "lock_several_resources",
    "new_booking", "refusal_for", "update_booking_times",
]


class BookingRefused(DomainError):
    """A booking broke one or more rules; `problems` lists them all, the message is the first."""

    def __init__(self, problems: list[RuleProblem]):
        first = problems[0]
        super().__init__(first.message, field=first.field, conflict=first.conflict, code=first.code)
        self.problems = problems


def _raise_if(problems: list[RuleProblem]) -> None:
    if problems:
        raise BookingRefused(problems)


def lock_resource(session: Session, resource_id: int) -> Resource | None:
    """Load the resource with a row lock (PostgreSQL; SQLite already holds the write lock).
    NO KEY UPDATE: it serializes bookers of this resource but does not block rows that merely
    reference it."""
    if not is_possible_id(resource_id):
        return None
    # with its facility (its time zone: every rule reads it), in the same round trip; the lock is
    # on the resource row alone
    return session.scalars(select(Resource).where(Resource.id == resource_id)
                           .options(joinedload(Resource.facility))
                           .with_for_update(key_share=True, of=Resource)
                           .execution_options(populate_existing=True)).one_or_none()


# The key of the PostgreSQL advisory lock that writes booking several resources take in turn.
SEVERAL_RESOURCES_LOCK = 0x6875_6264_0001


def lock_several_resources(session: Session) -> None:
    """Before a transaction books several resources (an import): on PostgreSQL, wait for any other
    such transaction to finish. Each of them locks its resources in the order of its rows; without
    this, two could each hold a resource the other waits for (a deadlock, one of them refused). A
    write of one booking locks only its resource and needs none of this; SQLite serializes all
    writers anyway. Held until the end of the transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEVERAL_RESOURCES_LOCK})


def _get_booking(session: Session, booking_id: int, *options: Any) -> Booking:
    """The booking, its row locked on PostgreSQL until the end of the transaction (before its
    resource: the order every change of a booking takes) and read afresh under that lock;
    `options` (joined loads) bring what the caller needs in the same round trip."""
    booking = None
    if is_possible_id(booking_id):
        booking = session.scalars(select(Booking).where(Booking.id == booking_id).options(*options)
                                  .with_for_update(key_share=True, of=Booking)
                                  .execution_options(populate_existing=True)).unique().one_or_none()
    if booking is None:
        raise DomainError(_("Booking number {id} does not exist. It may have been deleted; refresh "
                            "the list.").format(id=booking_id), code="booking_missing")
    return booking


def _request_of(booking: Booking, **changes) -> BookingRequest:
    values: dict[str, Any] = dict(resource_id=booking.resource_id, organization_id=booking.organization_id,
                  starts_at=booking.starts_at, ends_at=booking.ends_at, purpose=booking.purpose,
                  campaign=booking.campaign, people=[p.id for p in booking.people],
                  holiday_override=booking.holiday_override)
    values.update(changes)
    return BookingRequest(**values)


def check_booking(session: Session, request: BookingRequest, *, exclude_booking_id: int | None = None,
                  now: dt.datetime | None = None) -> list[RuleProblem]:
    """Every rule the request breaks, in the current language ([] = it can be saved).
    `now` is accepted for symmetry; no booking rule depends on the clock."""
    return evaluate(session, request, exclude_booking_id=exclude_booking_id)


def _require_bookable(organization: Organization) -> None:
    """A request is refused up front for an archived organization, and for one without a user class
    (its fee could not be computed, so the booking could never be approved)."""
    from hubdesk.domain.organizations import require_active

    require_active(organization)
    if organization.user_class_id is None:
        raise DomainError(_("{organization} has no user class, so its fee cannot be computed and the booking "
                            "could not be approved. Set the organization's user class on its page first, "
                            "then request the booking.").format(organization=organization.name),
                          field="organization_id", code="no_user_class")


def booking_problems(session: Session, request: BookingRequest, resource: Resource | None,
                     status: BookingStatus = BookingStatus.REQUESTED) -> list[RuleProblem]:
    """The rules a booking in `status` breaks: every rule for one that holds its slot; for history
    (completed, cancelled, rejected, no show — recorded, e.g. by an import) only the rules of its
    own shape (it ends after it starts and lasts whole units)."""
    if is_active(status) or resource is None:
        return evaluate(session, request, resource)
    return shape_problems(resource, bt.require_aware(request.starts_at, "starts_at"),
                          bt.require_aware(request.ends_at, "ends_at"))


def new_booking(session: Session, request: BookingRequest, resource: Resource, *,
                status: BookingStatus = BookingStatus.REQUESTED, fee_krw: int | None = None,
                requested_by: str | None = None, uid: str | None = None) -> Booking:
    """The Booking row of a checked request, not yet added to the session (a bulk insert may take
    its columns): its units, its campaign as stored, and — for a status that carries a frozen fee
    — that fee (`fee_krw` when given, else at today's rate; DomainError when no rate applies)."""
    units = bt.whole_units(resource, request.starts_at, request.ends_at)
    assert units is not None, "booking_problems() refuses a length that is not whole units"
    split = None
    if fee_krw is None and status in FEE_FROZEN_STATUSES:
        fee_krw = fee_for(session, resource, cast(Organization, session.get(Organization, request.organization_id)),
                          units)
    if fee_krw is not None:
        split = subsidies.split_fee(session, organization_id=request.organization_id, resource=resource,
                                    starts_at=request.starts_at, units=units, full_krw=fee_krw)
    subsidised = split is not None and split.subsidy_id is not None
    return Booking(resource_id=resource.id, organization_id=request.organization_id, starts_at=request.starts_at,
                   ends_at=request.ends_at, units=units, purpose=request.purpose,
                   campaign=(request.campaign or "").strip() or None, status=status, fee_krw=fee_krw,
                   subsidy_id=split.subsidy_id if subsidised and split else None,
                   subsidy_krw=split.subsidy_krw if subsidised and split else None,
                   subsidised_units=split.subsidised_units if subsidised and split else None,
                   holiday_override=request.holiday_override, requested_by=requested_by or current_actor(),
                   uid=uid or new_uid())


def create_booking(session: Session, request: BookingRequest, *, actor: str | None = None,
                   now: dt.datetime | None = None, status: BookingStatus | str = BookingStatus.REQUESTED,
                   fee_krw: int | None = None, requested_by: str | None = None, uid: str | None = None,
                   note: str | None = None) -> Booking:
    """Insert the booking, or raise BookingRefused (a DomainError) with all problems.

    A new booking is requested. A booking recorded in another status (an import) is checked by
    `booking_problems` and gets its frozen fee (`new_booking`); its history starts at that status."""
    now = now or utcnow()
    actor = actor or current_actor()
    status = BookingStatus(status)
    resource = lock_resource(session, request.resource_id)
    organization = get_row(session, Organization, request.organization_id)
    if organization is not None and is_active(status):   # new work; history may be recorded
        _require_bookable(organization)
    _raise_if(booking_problems(session, request, resource, status))
    assert resource is not None, "booking_problems() refuses a resource that does not exist"
    booking = new_booking(session, request, resource, status=status, fee_krw=fee_krw,
                          requested_by=requested_by or actor, uid=uid)
    booking.resource = resource
    booking.organization = cast(Organization, session.get(Organization, request.organization_id))
    booking.people = cast(list[Contact], [session.get(Contact, cid) for cid in dict.fromkeys(request.people)])
    booking.history.append(BookingStatusChange(from_status=None, to_status=status, changed_at=now,
                                               changed_by=actor, note=note))
    session.add(booking)
    try:
        session.flush()
    except DomainError:
        session.expunge(booking)   # refused by a rule checked at flush (the report lock): not left pending
        raise
    return booking


def update_booking_times(session: Session, booking_id: int, starts_at: dt.datetime, ends_at: dt.datetime,
                         *, holiday_override: bool | None = None, actor: str | None = None,
                         now: dt.datetime | None = None) -> Booking:
    """Move (reschedule or resize) an open booking, re-checked against every rule except itself.
    A frozen fee keeps its frozen price per unit and follows a changed number of units."""
    booking = _get_booking(session, booking_id)
    if booking.status not in MOVABLE_STATUSES:
        raise DomainError(_("A booking that is {status} cannot be moved. Make a new booking instead.")
                          .format(status=status_label(booking.status)), code="not_movable")
    resource = lock_resource(session, booking.resource_id)
    override = booking.holiday_override if holiday_override is None else holiday_override
    request = _request_of(booking, starts_at=starts_at, ends_at=ends_at, holiday_override=override)
    _raise_if(evaluate(session, request, resource, exclude_booking_id=booking.id))
    assert resource is not None, "the booking's resource exists (a foreign key)"
    units = bt.whole_units(resource, starts_at, ends_at)
    assert units is not None, "evaluate() refuses a length that is not whole units"
    if booking.fee_krw is not None and units != booking.units:
        booking.fee_krw = booking.fee_krw // booking.units * units
    booking.starts_at, booking.ends_at, booking.units = starts_at, ends_at, units
    booking.holiday_override = override
    if booking.fee_krw is not None:
        subsidies.freeze_split(session, booking, resource)
    session.flush()
    return booking


def allowed_transitions(booking: Booking) -> list[BookingStatus]:
    """The statuses the booking may move to now (for the UI's buttons)."""
    return allowed_moves(booking.status)


def change_status(session: Session, booking_id: int, new_status: BookingStatus | str, *,
                  actor: str | None = None, note: str | None = None,
                  now: dt.datetime | None = None) -> Booking:
    """Move the booking to `new_status`, recording the change. Approval re-checks the rules and
    freezes the fee; a forbidden move raises DomainError naming the allowed ones."""
    now = now or utcnow()
    actor = actor or current_actor()
    # with its organization and people, which the re-check and the fee read, in the same round trip
    booking = _get_booking(session, booking_id, joinedload(Booking.organization), joinedload(Booking.people))
    try:
        target = BookingStatus(new_status)
    except ValueError:
        raise DomainError(_("“{value}” is not a booking status. Choose one of: {choices}.")
                          .format(value=new_status, choices=", ".join(s.value for s in BookingStatus)),
                          field="status", code="invalid_choice") from None
    current = booking.status
    if target not in TRANSITIONS[current]:
        raise DomainError(forbidden_move_message(current, target), field="status", code="forbidden_move")
    # held while the rules run: the session keeps a row only while something refers to it, and the
    # fee below needs the organization the check reads (else it is read twice, a round trip more)
    held = booking.organization if target == BookingStatus.APPROVED else None  # noqa: F841
    if target == BookingStatus.APPROVED or (is_active(target) and not is_active(current)):
        resource = lock_resource(session, booking.resource_id)
        _raise_if(evaluate(session, _request_of(booking), resource, exclude_booking_id=booking.id))
    if target == BookingStatus.APPROVED:
        booking.fee_krw = fee_for(session, booking.resource, booking.organization, booking.units)
        subsidies.freeze_split(session, booking, booking.resource)
    booking.status = target
    # added through the backref, which does not load the history only to append to it (a round
    # trip); `booking.history` read afterwards loads it with this change
    session.add(BookingStatusChange(booking=booking, from_status=current, to_status=target, changed_at=now,
                                    changed_by=actor, note=note))
    session.flush()
    return booking


def check_and_estimate(session: Session, request: BookingRequest, *, exclude_booking_id: int | None = None,
                       estimate: bool = True
                       ) -> tuple[list[RuleProblem], int | None, str | None, subsidies.FeeSplit | None]:
    """`check_booking` and, when `estimate` and the length is whole units, `estimate_fee` and how
    that fee would split with a subsidy, as the booking editor shows them while you edit:
    (problems, fee or None, the sentence why there is no fee or None, the split or None). The
    resource and the organization are read once for all: the session keeps a row only while
    something refers to it, so the estimate used to read them again (three statements more per
    check, each a round trip on a server)."""

    resource = get_row(session, Resource, request.resource_id, options=[joinedload(Resource.facility)])
    organization = get_row(session, Organization, request.organization_id)   # held for the estimate
    problems = evaluate(session, request, resource, exclude_booking_id=exclude_booking_id)
    fee, why, split = None, None, None
    if estimate and not any(p.code == "whole_units" for p in problems):
        try:
            fee = estimate_fee(session, request)
        except DomainError as exc:
            why = exc.message
    if fee is not None and resource is not None and organization is not None:
        units = bt.whole_units(resource, request.starts_at, request.ends_at)
        if units:
            split = subsidies.split_fee(session, organization_id=organization.id, resource=resource,
                                        starts_at=request.starts_at, units=units, full_krw=fee,
                                        exclude_booking_id=exclude_booking_id)
    return problems, fee, why, split


def estimate_fee(session: Session, request: BookingRequest) -> int:
    """What the request would cost at today's rate (whole KRW). DomainError when the length is
    not whole units or no rate applies."""
    resource = get_row(session, Resource, request.resource_id)
    organization = get_row(session, Organization, request.organization_id)
    if resource is None or organization is None or request.ends_at <= request.starts_at:
        _raise_if(evaluate(session, request, resource))
    assert resource is not None and organization is not None, "refused just above"
    units = bt.whole_units(resource, request.starts_at, request.ends_at)
    if units is None:
        _raise_if([p for p in evaluate(session, request, resource) if p.code == "whole_units"])
    assert units is not None, "refused just above"
    return fee_for(session, resource, organization, units)


# The detail PostgreSQL gives when the exclusion constraint refuses a row: the new key, then the
# existing one, each `(resource_id, ["start","end"))`.
_KEY = re.compile(r'=\((\d+), [\[(]"([^"]+)","([^"]+)"[\])]\)')


def refusal_for(bind: Engine | Connection, error: IntegrityError) -> BookingRefused | None:
    """The overlap sentence for the database's own refusal of two active bookings of one resource at
    overlapping times (PostgreSQL's `ex_booking_no_overlap`); None for any other error. The rules
    above it keep that from happening, so a path that wrote without them is the only way here.
    `bind` reads the booking already there (the failed transaction cannot)."""
    diag = getattr(getattr(error, "orig", None), "diag", None)
    if getattr(diag, "constraint_name", None) != BOOKING_NO_OVERLAP:
        return None
    problem = None
    keys = _KEY.findall(getattr(diag, "message_detail", None) or "")
    if len(keys) == 2:
        try:
            (resource_id, start, end), (_rid, other_start, other_end) = (
                (int(k[0]), dt.datetime.fromisoformat(k[1]), dt.datetime.fromisoformat(k[2])) for k in keys)
        except ValueError:
            pass
        else:
            with Session(bind) as session:
                resource = get_row(session, Resource, resource_id)
                other = session.scalars(select(Booking).where(
                    Booking.resource_id == resource_id, Booking.starts_at == other_start,
                    Booking.ends_at == other_end, Booking.status.in_(ACTIVE_BOOKING_STATUSES)).limit(1)).first()
                if resource is not None and other is not None:
                    problem = conflict_problem(resource, other, start, end)
    if problem is None:
        problem = RuleProblem("overlap", _("The resource is already booked at an overlapping time by a booking "
                                           "saved at the same moment. Choose another time or another resource."),
                              field="starts_at")
    return BookingRefused([problem])
