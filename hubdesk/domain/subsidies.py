"""Facility subsidies and booking quotas: the one home of how a fee splits between a program and
the organization, and of the quota that caps booking.

A program's facility subsidy (`FacilitySubsidy`) applies to the organizations taking part in the
program as beneficiaries or cohort members on the booking's first local day, on the resources it
lists (all when it lists none), while it is valid (`valid_from`..`valid_to`, open ends allowed):
- share: the program pays `value` percent of every fee (rounded down to the won);
- hours: the program pays in full the first `value` booked hours of each organization in each
  period (calendar year or quarter of the booking's first local day); a day unit counts 24 hours;
- amount: the program pays fees up to `value` won per organization per period.
When a quota runs out in the middle of a booking the fee splits: the whole units still within it
are subsidised, the rest is at the normal rate. When several subsidies apply, the one paying the
most is taken (the lowest id on a tie); one booking has at most one subsidy.

What a subsidy has already paid is what the bookings approved under it record (approved,
confirmed, in use or completed: `USED_STATUSES`); the split is frozen on the booking with its fee
at approval (`Booking.subsidy_id`, `subsidy_krw`, `subsidised_units`; the organization pays
`fee_krw - subsidy_krw`), and worked out again when a booking with a frozen fee is moved.

A booking quota (`BookingQuota`) caps booking outright: an organization may hold at most `hours`
hours of one resource per period (active and completed bookings count); the booking rules refuse
one that would go past it (`quota_statement`, `quota_refusal`).

Periods are read in the booked resource's zone.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
from typing import Callable, Iterable, Iterator

from sqlalchemy import Select, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from hubdesk.db.enums import (ACTIVE_BOOKING_STATUSES, BookingStatus, BookingUnit, ParticipantRole, SubsidyKind,
                              SubsidyPeriod)
from hubdesk.db.ids import get_row
from hubdesk.db.schema import (Booking, BookingQuota, FacilitySubsidy, Organization, Participant, Program,
                               Resource, SubsidyResource)
from hubdesk.domain import booking_times as bt
from hubdesk.domain.inputs import optional_text, require_amount, require_choice, require_date
from hubdesk.domain.quarters import Quarter
from hubdesk.domain.records import remove_row
from hubdesk.enum_labels import label
from hubdesk.errors import DomainError
from hubdesk.formatting import format_krw, format_number, format_percent
from hubdesk.i18n import _, ngettext

# The roles in a program that a facility subsidy pays for (partners are not subsidised).
SUBSIDISED_ROLES = (ParticipantRole.BENEFICIARY, ParticipantRole.COHORT_MEMBER)
# The statuses whose frozen subsidy counts as paid out (the same as the counted bookings).
PAID_STATUSES = (BookingStatus.APPROVED, BookingStatus.CONFIRMED, BookingStatus.IN_USE, BookingStatus.COMPLETED)
# The statuses whose hours count against a booking quota: held, or used.
QUOTA_STATUSES = (*ACTIVE_BOOKING_STATUSES, BookingStatus.COMPLETED)


# --- periods ------------------------------------------------------------------------------------------

def period_of(period: SubsidyPeriod | str, day: dt.date) -> tuple[dt.date, dt.date, str]:
    """(first day, day after the last, name) of the year or quarter holding `day`."""
    if SubsidyPeriod(period) == SubsidyPeriod.QUARTER:
        q = Quarter.of(day)
        return q.start, q.end_exclusive, str(q)
    return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1), str(day.year)


def _instants(start: dt.date, end: dt.date, tz) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time(0), tz).astimezone(dt.timezone.utc),
            dt.datetime.combine(end, dt.time(0), tz).astimezone(dt.timezone.utc))


def unit_hours(resource: Resource) -> int:
    """Hours one booking unit of the resource counts for (a day: 24)."""
    return 24 if resource.booking_unit == BookingUnit.DAY else 1


def units_text(n: int, unit: BookingUnit | str) -> str:
    if BookingUnit(unit) == BookingUnit.DAY:
        return ngettext("{n} day", "{n} days", n).format(n=n)
    return ngettext("{n} hour", "{n} hours", n).format(n=n)


# --- the fee split ----------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class FeeSplit:
    """A booking's fee split: the full fee, the part a subsidy pays, the part the organization
    pays; which subsidy (None: none applies), how many units it covers, and what is left of its
    hours or amount for the period after this booking (None for a share)."""

    full_krw: int
    subsidy_krw: int
    units: int
    unit: BookingUnit
    subsidised_units: int = 0
    subsidy_id: int | None = None
    program: str | None = None
    kind: SubsidyKind | None = None
    share: int | None = None
    period: str | None = None
    left_after: int | None = None

    @property
    def pays_krw(self) -> int:
        return self.full_krw - self.subsidy_krw

    def sentence(self) -> str | None:
        """What the booking editor says before saving; None when no subsidy applies."""
        if self.subsidy_id is None:
            return None
        if self.kind == SubsidyKind.SHARE:
            return _("{program} pays {share} of the fee: {subsidy} of {fee}; the organization pays {pays}.").format(
                program=self.program, share=format_percent((self.share or 0) / 100, decimals=0), subsidy=format_krw(self.subsidy_krw),
                fee=format_krw(self.full_krw), pays=format_krw(self.pays_krw))
        if self.subsidy_krw == 0:
            return _("The subsidy of {program} for {period} is used up: the whole booking is at the normal "
                     "rate.").format(program=self.program, period=self.period)
        if self.kind == SubsidyKind.AMOUNT:
            return _("{program} pays {subsidy} of the fee of {fee}; {left} of its subsidy for {period} is left "
                     "after this booking.").format(program=self.program, subsidy=format_krw(self.subsidy_krw),
                                                   fee=format_krw(self.full_krw), left=format_krw(self.left_after),
                                                   period=self.period)
        left = format_number(self.left_after or 0)
        if self.subsidised_units == self.units:
            return _("All {whole} are subsidised by {program}; {left} subsidised hours are left for {period} after "
                     "this booking.").format(whole=units_text(self.units, self.unit), program=self.program,
                                             left=left, period=self.period)
        return _("{part} of {whole} are subsidised by {program}; {rest} at the normal rate.").format(
            part=format_number(self.subsidised_units), whole=units_text(self.units, self.unit),
            program=self.program, rest=units_text(self.units - self.subsidised_units, self.unit))


def _paid_columns(period: str, exclude: BindParameter[int]):
    """(hours, won) a subsidy (the enclosing query's FacilitySubsidy) paid for the organization
    (`:org`) in its bookings starting in [`:<period>_start`, `:<period>_end`): two scalar subqueries."""
    conditions = [Booking.subsidy_id == FacilitySubsidy.id, Booking.organization_id == bindparam("org"),
                  Booking.starts_at >= bindparam(f"{period}_start"), Booking.starts_at < bindparam(f"{period}_end"),
                  Booking.status.in_(PAID_STATUSES), Booking.id != exclude]
    hours = func.sum(Booking.subsidised_units * case((Resource.booking_unit == BookingUnit.DAY, 24), else_=1))
    return (select(func.coalesce(hours, 0)).select_from(Booking).join(Resource, Resource.id == Booking.resource_id)
            .where(*conditions).scalar_subquery(),
            select(func.coalesce(func.sum(Booking.subsidy_krw), 0)).where(*conditions).scalar_subquery())


_PAID_PERIODS = (SubsidyPeriod.YEAR, SubsidyPeriod.QUARTER)


@functools.cache
def _candidates_statement(with_paid: bool) -> Select:
    """The subsidies that apply (and, `with_paid`, what each paid in the year and the quarter), built
    once per shape (its parameters bound at each run): building it was most of a fee split's time
    when many bookings are split at once (the demo, which keeps what was paid in memory)."""
    org: BindParameter[int] = bindparam("org")
    resource: BindParameter[int] = bindparam("resource")
    day: BindParameter[dt.date] = bindparam("day")
    listed = exists().where(SubsidyResource.subsidy_id == FacilitySubsidy.id)
    listed_here = exists().where(SubsidyResource.subsidy_id == FacilitySubsidy.id,
                                 SubsidyResource.resource_id == resource)
    member = exists().where(Participant.program_id == FacilitySubsidy.program_id,
                            Participant.organization_id == org,
                            Participant.role.in_(SUBSIDISED_ROLES), Participant.joined_on <= day,
                            or_(Participant.left_on.is_(None), Participant.left_on >= day))
    exclude: BindParameter[int] = bindparam("exclude")
    paid = [column for period in _PAID_PERIODS for column in _paid_columns(period.value, exclude)] if with_paid else []
    return (select(FacilitySubsidy, Program.name, *paid).join(Program, Program.id == FacilitySubsidy.program_id)
            .where(member, or_(~listed, listed_here),
                   or_(FacilitySubsidy.valid_from.is_(None), FacilitySubsidy.valid_from <= day),
                   or_(FacilitySubsidy.valid_to.is_(None), FacilitySubsidy.valid_to >= day))
            .order_by(FacilitySubsidy.id))


Candidate = tuple[FacilitySubsidy, str, dict[SubsidyPeriod, tuple[int, int]]]


def _candidates(session: Session, organization_id: int, resource: Resource, day: dt.date,
                exclude_booking_id: int | None) -> list[Candidate]:
    """The subsidies that apply to the organization on the resource on `day`, with their
    program's name and the (hours, won) each paid for the organization in the year and in the
    quarter of `day` (one statement, however many subsidies apply)."""
    tz = bt.resource_zone(resource)
    params: dict[str, object] = {"org": organization_id, "resource": resource.id, "day": day,
                                 # ids are positive: -1 excludes no booking
                                 "exclude": exclude_booking_id if exclude_booking_id is not None else -1}
    for period in _PAID_PERIODS:
        params[f"{period.value}_start"], params[f"{period.value}_end"] = _instants(*period_of(period, day)[:2], tz)
    rows = session.execute(_candidates_statement(True), params)
    return [(row[0], row[1], {period: (int(row[2 + 2 * i] or 0), int(row[3 + 2 * i] or 0))
                              for i, period in enumerate(_PAID_PERIODS)}) for row in rows]


def _applying(session: Session, organization_id: int, resource_id: int, day: dt.date
              ) -> list[tuple[FacilitySubsidy, str]]:
    """The subsidies that apply to the organization on the resource on `day`, with their
    program's name (one statement; what they paid is not read)."""
    rows = session.execute(_candidates_statement(False), {"org": organization_id, "resource": resource_id, "day": day})
    return [(subsidy, name) for subsidy, name in rows]


PaidSoFar = Callable[[FacilitySubsidy, dt.date, dt.date], tuple[int, int]]


def split_fee(session: Session, *, organization_id: int, resource: Resource, starts_at: dt.datetime,
              units: int, full_krw: int, exclude_booking_id: int | None = None) -> FeeSplit:
    """How a booking's fee of `full_krw` for `units` units splits (see the module's rules).
    `exclude_booking_id`: the booking itself, when it is being approved or moved."""
    tz = bt.resource_zone(resource)
    day = bt.first_day(starts_at, tz)
    if full_krw <= 0 or units <= 0:
        return FeeSplit(full_krw=full_krw, subsidy_krw=0, units=units, unit=BookingUnit(resource.booking_unit))

    found = _candidates(session, organization_id, resource, day, exclude_booking_id)
    paid_in = {subsidy.id: paid for subsidy, _program, paid in found}

    def paid(subsidy: FacilitySubsidy, _start: dt.date, _end: dt.date) -> tuple[int, int]:
        return paid_in[subsidy.id][SubsidyPeriod(subsidy.period)]

    return _best_split([(subsidy, program) for subsidy, program, _paid in found], paid, resource=resource,
                       day=day, units=units, full_krw=full_krw)


def _best_split(candidates: list[tuple[FacilitySubsidy, str]], paid: PaidSoFar, *, resource: Resource,
                day: dt.date, units: int, full_krw: int) -> FeeSplit:
    """The split paying most among the subsidies that apply; `paid(subsidy, start, end)`: the
    (hours, won) it paid already in the period [start, end) of local days."""
    best = FeeSplit(full_krw=full_krw, subsidy_krw=0, units=units, unit=BookingUnit(resource.booking_unit))
    if full_krw <= 0 or units <= 0:
        return best
    per_unit = full_krw // units
    hours_per_unit = unit_hours(resource)
    for subsidy, program in candidates:
        kind = SubsidyKind(subsidy.kind)
        if kind == SubsidyKind.SHARE:
            amount = full_krw * int(subsidy.value) // 100
            split = dataclasses.replace(best, subsidy_krw=amount, subsidised_units=units, subsidy_id=subsidy.id,
                                        program=program, kind=kind, share=int(subsidy.value))
        else:
            start, end, name = period_of(subsidy.period, day)
            hours, krw = paid(subsidy, start, end)
            if kind == SubsidyKind.HOURS:
                left = max(0, int(subsidy.value) - hours)
                covered = min(units, left // hours_per_unit)
                split = dataclasses.replace(best, subsidy_krw=covered * per_unit, subsidised_units=covered,
                                            subsidy_id=subsidy.id, program=program, kind=kind, period=name,
                                            left_after=left - covered * hours_per_unit)
            else:
                left = max(0, int(subsidy.value) - krw)
                amount = min(full_krw, left)
                split = dataclasses.replace(best, subsidy_krw=amount,
                                            subsidised_units=amount // per_unit if per_unit else units,
                                            subsidy_id=subsidy.id, program=program, kind=kind, period=name,
                                            left_after=left - amount)
        if best.subsidy_id is None or split.subsidy_krw > best.subsidy_krw:
            best = split
    return best


@dataclasses.dataclass(frozen=True)
class FeeToSplit:
    """A booking whose frozen fee is to be split by `split_fees_in_order`."""

    booking_id: int
    organization_id: int
    resource: Resource
    starts_at: dt.datetime
    units: int
    full_krw: int
    counts: bool            # its status is one whose subsidy counts against the period (PAID_STATUSES)


def split_fees_in_order(session: Session, bookings: Iterable[FeeToSplit]) -> Iterator[tuple[int, FeeSplit]]:
    """(booking id, split) of many bookings, in the order given (their start), as `split_fee` would
    give them one after another with each split recorded before the next: the subsidies that apply
    are read once per organization, resource and day, and what each subsidy paid in a period is
    kept in memory. So the bookings must be all of those organizations' bookings with a fee,
    none split yet (a whole database filled at once: the demo). A booking counts in the period of
    its own first local day."""
    candidates: dict[tuple[int, int, dt.date], list[tuple[FacilitySubsidy, str]]] = {}
    tally: dict[tuple[int, int, dt.date], list[int]] = {}
    for b in bookings:
        day = bt.first_day(b.starts_at, bt.resource_zone(b.resource))
        key = (b.organization_id, b.resource.id, day)
        if key not in candidates:
            candidates[key] = _applying(session, b.organization_id, b.resource.id, day)
        found = candidates[key]

        def paid(subsidy: FacilitySubsidy, start: dt.date, _end: dt.date, org: int = b.organization_id
                 ) -> tuple[int, int]:
            hours, krw = tally.get((subsidy.id, org, start), (0, 0))
            return hours, krw

        split = _best_split(found, paid, resource=b.resource, day=day, units=b.units, full_krw=b.full_krw)
        if split.subsidy_id is not None and b.counts:
            subsidy = next(s for s, _name in found if s.id == split.subsidy_id)
            start = period_of(subsidy.period, day)[0]
            total = tally.setdefault((subsidy.id, b.organization_id, start), [0, 0])
            total[0] += split.subsidised_units * unit_hours(b.resource)
            total[1] += split.subsidy_krw
        yield b.booking_id, split


def freeze_split(session: Session, booking: Booking, resource: Resource) -> FeeSplit:
    """Record on the booking how its frozen fee splits (at approval, or when a booking with a
    frozen fee is moved or recorded)."""
    if booking.fee_krw is None:
        booking.subsidy_id = booking.subsidy_krw = booking.subsidised_units = None
        return FeeSplit(full_krw=0, subsidy_krw=0, units=booking.units, unit=BookingUnit(resource.booking_unit))
    # the booking's own pending change (its fee, its times) is not flushed for the read: it is
    # excluded from the sums anyway, and flushing it first would write the row twice
    with session.no_autoflush:
        split = split_fee(session, organization_id=booking.organization_id, resource=resource,
                          starts_at=booking.starts_at, units=booking.units, full_krw=booking.fee_krw,
                          exclude_booking_id=booking.id)
    booking.subsidy_id = split.subsidy_id
    booking.subsidy_krw = split.subsidy_krw if split.subsidy_id is not None else None
    booking.subsidised_units = split.subsidised_units if split.subsidy_id is not None else None
    return split


def frozen_split(booking: Booking) -> tuple[int | None, int, int | None]:
    """(full fee, subsidised part, part the organization pays) of a booking as frozen (None when
    no fee is frozen)."""
    if booking.fee_krw is None:
        return None, 0, None
    subsidy = booking.subsidy_krw or 0
    return booking.fee_krw, subsidy, booking.fee_krw - subsidy


# --- the quota that caps booking --------------------------------------------------------------------

@functools.cache
def quota_statement() -> Select:
    """The organization's quota of the resource with the units it already booked, as one SELECT of
    (quota id, period, hours, units booked in the year, units booked in the quarter of the booking's
    first local day), for `quota_refusal`; the booking rules read it with their other facts in one
    statement. Built once (SQLAlchemy's compiled cache is hit); its parameters: `quota_params`."""
    org: BindParameter[int] = bindparam("org")
    sums = []
    for period in QUOTA_PERIODS:
        # `+ 0`: the resource's bookings by status and start (ix_booking_resource_status_starts), as
        # every rule reads them, not the organization's bookings of every resource in the period
        conditions = [Booking.resource_id == bindparam("resource"), Booking.organization_id + 0 == org,
                      Booking.status.in_(QUOTA_STATUSES), Booking.starts_at >= bindparam(f"{period.value}_start"),
                      Booking.starts_at < bindparam(f"{period.value}_end"), Booking.id != bindparam("exclude")]
        sums.append(select(func.coalesce(func.sum(Booking.units), 0)).where(*conditions).scalar_subquery())
    return select(BookingQuota.id, BookingQuota.period, BookingQuota.hours, *sums).where(
        BookingQuota.organization_id == org, BookingQuota.resource_id == bindparam("resource"))


def quota_params(resource: Resource, organization_id: int, starts_at: dt.datetime,
                 exclude_booking_id: int | None = None) -> dict[str, object]:
    """The parameters of `quota_statement` for a booking of the resource by the organization
    starting at `starts_at` (`exclude_booking_id`: the booking itself, when it is being moved)."""
    tz = bt.resource_zone(resource)
    day = bt.first_day(starts_at, tz)
    # ids are positive: -1 excludes no booking
    params: dict[str, object] = {"org": organization_id, "resource": resource.id,
                                 "exclude": exclude_booking_id if exclude_booking_id is not None else -1}
    for period in QUOTA_PERIODS:
        params[f"{period.value}_start"], params[f"{period.value}_end"] = _instants(*period_of(period, day)[:2], tz)
    return params


# the periods `quota_statement` sums the booked units over, in its column order
QUOTA_PERIODS = (SubsidyPeriod.YEAR, SubsidyPeriod.QUARTER)


def quota_refusal(resource: Resource, organization_name: str, starts_at: dt.datetime, units: int | None,
                  period: SubsidyPeriod | str, hours: int, used_units: dict[SubsidyPeriod, int]) -> str | None:
    """The sentence refusing a booking of `units` that takes the organization past its quota of
    `hours` of the resource per `period` (`used_units`: what it booked in each period), or None."""
    if units is None:
        return None
    period = SubsidyPeriod(period)
    used = int(used_units[period]) * unit_hours(resource)
    wanted = units * unit_hours(resource)
    if used + wanted <= int(hours):
        return None
    day = bt.first_day(starts_at, bt.resource_zone(resource))
    return _("{organization} may book {resource} for at most {quota} hours in {period}: {used} hours are already "
             "booked, so {wanted} more would go past the quota. Book a shorter time, or ask a manager to raise "
             "the quota.").format(organization=organization_name, resource=resource.name,
                                  quota=format_number(int(hours)), period=period_of(period, day)[2],
                                  used=format_number(used), wanted=format_number(wanted))


# --- keeping subsidies and quotas ---------------------------------------------------------------------

def _resources(session: Session, resource_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(int(r) for r in resource_ids or ()))
    if ids:
        found = set(session.scalars(select(Resource.id).where(Resource.id.in_(ids))))
        if len(found) != len(ids):
            raise DomainError(_("A resource chosen for the subsidy no longer exists. Refresh the list and choose "
                                "the resources again."), field="resources", code="not_found")
    return ids


def save_subsidy(session: Session, program_id: int, subsidy_id: int | None, *, kind: SubsidyKind | str,
                 value: int, period: SubsidyPeriod | str = SubsidyPeriod.YEAR, valid_from: dt.date | None = None,
                 valid_to: dt.date | None = None, resource_ids: Iterable[int] = (),
                 note: str | None = None) -> FacilitySubsidy:
    """Create (subsidy_id None) or change a program's facility subsidy; returns it (flushed)."""
    from hubdesk.domain.programs import get_program

    program = get_program(session, program_id)
    kind = require_choice(SubsidyKind, kind, "kind")
    period = require_choice(SubsidyPeriod, period or SubsidyPeriod.YEAR, "period")
    value = require_amount(value, "value")
    if value <= 0:
        raise DomainError(_("Enter how much the program pays: a share in percent, a number of hours or an "
                            "amount in won, more than 0."), field="value", code="not_positive")
    if kind == SubsidyKind.SHARE and value > 100:
        raise DomainError(_("A share of the fee is at most 100%. Enter a percentage from 1 to 100."),
                          field="value", code="too_large")
    valid_from = require_date(valid_from, "valid_from", required=False)
    valid_to = require_date(valid_to, "valid_to", required=False)
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(_("The subsidy ends on {end}, before it starts on {start}. Correct one of the two dates.")
                          .format(end=valid_to.isoformat(), start=valid_from.isoformat()),
                          field="valid_to", code="dates_order")
    ids = _resources(session, resource_ids)
    note = optional_text(FacilitySubsidy, "note", note)
    if subsidy_id is None:
        subsidy = FacilitySubsidy(program_id=program.id)
        session.add(subsidy)
    else:
        found = get_row(session, FacilitySubsidy, subsidy_id)
        if found is None or found.program_id != program.id:
            raise DomainError(_("This facility subsidy no longer exists. Refresh the list."), code="not_found")
        subsidy = found
    subsidy.kind, subsidy.value, subsidy.period = kind, value, period
    subsidy.valid_from, subsidy.valid_to, subsidy.note = valid_from, valid_to, note
    kept = {r.resource_id: r for r in subsidy.resources}
    subsidy.resources = [kept.get(rid) or SubsidyResource(resource_id=rid) for rid in ids]
    session.flush()
    return subsidy


def _subsidy_in_use(subsidy: FacilitySubsidy) -> str | None:
    from sqlalchemy.orm import object_session

    session = object_session(subsidy)
    assert session is not None
    if session.scalar(select(Booking.id).where(Booking.subsidy_id == subsidy.id).limit(1)) is None:
        return None
    return _("Bookings were approved with this subsidy, so it cannot be removed: their fees name it. Set the "
             "date it ends instead.")


def remove_subsidy(session: Session, subsidy_id: int) -> None:
    remove_row(session, FacilitySubsidy, subsidy_id, _subsidy_in_use)


def subsidies_of(session: Session, program_id: int) -> list[FacilitySubsidy]:
    return list(session.scalars(select(FacilitySubsidy).where(FacilitySubsidy.program_id == program_id)
                                .order_by(FacilitySubsidy.valid_from, FacilitySubsidy.id)))


def describe(subsidy: FacilitySubsidy) -> str:
    """'30% of the fee', '100 hours per year', '₩5,000,000 per quarter'."""
    if subsidy.kind == SubsidyKind.SHARE:
        return _("{share} of the fee").format(share=format_percent(subsidy.value / 100, decimals=0))
    if subsidy.kind == SubsidyKind.HOURS:
        what = ngettext("{n} hour", "{n} hours", int(subsidy.value)).format(n=format_number(subsidy.value))
    else:
        what = format_krw(subsidy.value)
    return _("{what} ({period})").format(what=what, period=label(subsidy.period))


def save_quota(session: Session, quota_id: int | None, *, organization_id: int, resource_id: int, hours: int,
               period: SubsidyPeriod | str = SubsidyPeriod.YEAR, note: str | None = None) -> BookingQuota:
    """Create (quota_id None) or change the booking quota of an organization on a resource."""
    from hubdesk.domain.participants import require_organization

    org = require_organization(session, organization_id)
    if get_row(session, Resource, resource_id) is None:
        raise DomainError(_("The resource chosen no longer exists. Refresh the list and choose it again."),
                          field="resource_id", code="not_found")
    period = require_choice(SubsidyPeriod, period or SubsidyPeriod.YEAR, "period")
    hours = require_amount(hours, "hours")
    same = session.scalar(select(BookingQuota).where(BookingQuota.organization_id == org.id,
                                                     BookingQuota.resource_id == resource_id))
    if same is not None and same.id != quota_id:
        raise DomainError(_("{organization} already has a quota on this resource. Edit that quota instead.")
                          .format(organization=org.name), field="resource_id", code="duplicate")
    if quota_id is None:
        quota = BookingQuota(organization_id=org.id, resource_id=resource_id)
        session.add(quota)
    else:
        found = get_row(session, BookingQuota, quota_id)
        if found is None:
            raise DomainError(_("This booking quota no longer exists. Refresh the list."), code="not_found")
        quota = found
        quota.organization_id, quota.resource_id = org.id, resource_id
    quota.hours, quota.period = hours, period
    quota.note = optional_text(BookingQuota, "note", note)
    session.flush()
    return quota


def remove_quota(session: Session, quota_id: int) -> None:
    remove_row(session, BookingQuota, quota_id)


def quotas(session: Session) -> list[BookingQuota]:
    return list(session.scalars(select(BookingQuota).order_by(BookingQuota.organization_id, BookingQuota.resource_id)))


def subsidy_paid_by_program(session: Session, start: dt.date, end_exclusive: dt.date) -> list[dict]:
    """Per program, the subsidy frozen on the counted bookings starting in the period (first
    local day, as the usage figures count): program, bookings, subsidised units, won."""
    from hubdesk.domain.usage import starts_within

    rows = session.execute(
        select(Program.id, Program.name, func.count(Booking.id), func.coalesce(func.sum(Booking.subsidy_krw), 0))
        .join(FacilitySubsidy, FacilitySubsidy.id == Booking.subsidy_id)
        .join(Program, Program.id == FacilitySubsidy.program_id)
        .where(Booking.status.in_(PAID_STATUSES), starts_within(session, start, end_exclusive),
               and_(Booking.subsidy_krw.is_not(None), Booking.subsidy_krw > 0))
        .group_by(Program.id, Program.name).order_by(Program.name, Program.id))
    return [{"program_id": pid, "program": name, "bookings": int(n), "subsidy_krw": int(krw or 0)}
            for pid, name, n, krw in rows]
