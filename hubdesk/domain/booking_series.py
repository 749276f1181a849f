"""Booking series and recurring maintenance: a recurrence rule, its dates, a preview of each
occurrence with the booking rules it breaks, booking the series, and changing or cancelling it
from one date on.

Every function takes a Session and never commits (call it inside `db.write()`, or through the
interface's `write_op`); the permission, audit and report-lock hooks of that session apply.

Decisions:
- A rule is daily, weekly on chosen weekdays (Monday = 0; none chosen = the start date's
  weekday), monthly on the start date's day of the month, or yearly, every `interval` of them,
  from a start date until an end date or for a number of times; `occurrences()` uses
  `dateutil.rrule`. A series has at most `MAX_OCCURRENCES` (366) dates; more is refused with a
  sentence, never cut short silently.
- Monthly on the 29th, 30th or 31st (yearly on 29 February): in a month without that day the
  occurrence falls on the month's last day (31 January, 28 February, 31 March, 30 April…), so that
  "the end of every month" stays monthly instead of skipping months.
- Each occurrence runs from the start time to the end time of its local day, in the zone of the
  resource's facility as bookings use it (stored on the series); an end at or before the start is
  on the next day, so 00:00–00:00 books one whole day of a day resource.
- The preview checks every occurrence with the booking editor's own rule check
  (`booking_rules.evaluate`: holidays and closure days, maintenance, incidents, changeover,
  overlaps with other bookings, qualifications, length) and adds overlaps among the series' own
  occurrences (each against the earlier ones that would be booked).
- `create` books every occurrence without problems through `bookings.create_booking` (which
  checks each again under the resource lock). If any occurrence has problems it refuses the whole
  series, nothing written, unless the person chose to skip them.
- `change_from` and `cancel_from` act on the bookings of the series whose first local day is on or
  after the date; earlier ones are untouched. Cancelling follows the status flow
  (`booking_status`): requested, approved and confirmed bookings are cancelled; a booking in use or
  already final is left as it is and reported. A change moves the open booking of a date that the
  new rule keeps (it keeps its status and frozen price per unit, as a move on the timeline does),
  cancels the open bookings of dates it drops and books its new dates as requests. A change from a
  date after the series' start splits it, as calendars do: the old series ends the day before, a
  new series holds the new rule from that date on.
- The people on the bookings are on each booking, not on the series: a new series takes the
  people given; a change takes the people of the series' first changed booking.
- Recurring maintenance uses the same rule and `occurrences()`; its windows are checked against
  the active bookings and the other windows of the resource, with the same choice to skip.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from itertools import islice
from typing import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.audit import current_actor
from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, RecurFrequency, WindowKind
from hubdesk.db.ids import get_row
from hubdesk.db.schema import (MAX_OCCURRENCES, Booking, BookingSeries, MaintenanceSeries, MaintenanceWindow,
                               Resource)
from hubdesk.domain import booking_times as bt
from hubdesk.domain.booking_rules import BookingRequest, RuleProblem, changeover, evaluate, same_campaign
from hubdesk.domain.booking_status import MOVABLE_STATUSES, TRANSITIONS
from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

__all__ = [
    "MAX_OCCURRENCES", "Occurrence", "Rule", "SeriesOutcome", "SeriesTemplate", "cancel_from", "change_from",
    "change_preview",
    "change_maintenance_from", "create", "create_maintenance", "maintenance_change_preview",
    "record_maintenance_series", "record_series", "maintenance_preview", "occurrences", "preview", "remove_maintenance_from",
    "rule_of", "series_bookings",
]

MAX_INTERVAL = 99


@dataclasses.dataclass(frozen=True)
class Rule:
    """A recurrence rule (see the module's decisions). Exactly one of `until_on` and `count`."""

    frequency: RecurFrequency
    starts_on: dt.date
    start_time: dt.time
    end_time: dt.time
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    until_on: dt.date | None = None
    count: int | None = None


@dataclasses.dataclass(frozen=True)
class SeriesTemplate:
    """What every booking of a new series books (a `BookingRequest` without its times)."""

    resource_id: int
    organization_id: int
    rule: Rule
    purpose: str | None = None
    campaign: str | None = None
    people: tuple[int, ...] = ()
    holiday_override: bool = False


@dataclasses.dataclass(frozen=True)
class Occurrence:
    """One date of a series, its times and the rules it breaks ([] = it can be booked)."""

    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    problems: tuple[RuleProblem, ...] = ()


@dataclasses.dataclass
class SeriesOutcome:
    """What a write did: the series (for a change, the one holding the new rule), the bookings or
    windows booked, moved and cancelled, the occurrences skipped for their problems and the
    bookings left as they were (in use or final)."""

    series: BookingSeries | MaintenanceSeries | None
    booked: list = dataclasses.field(default_factory=list)
    moved: list = dataclasses.field(default_factory=list)
    cancelled: list = dataclasses.field(default_factory=list)
    skipped: list[Occurrence] = dataclasses.field(default_factory=list)
    kept: list = dataclasses.field(default_factory=list)


# ---------------------------------------------------------------- the rule and its dates


def _check_rule(rule: Rule) -> None:
    try:
        RecurFrequency(rule.frequency)
    except ValueError:
        raise DomainError(_("Choose how often the series repeats: daily, weekly, monthly or yearly."),
                          field="frequency", code="invalid_choice") from None
    if not 1 <= rule.interval <= MAX_INTERVAL:
        raise DomainError(_("The series repeats every {min} to {max} periods. Enter a number in that range.")
                          .format(min=1, max=MAX_INTERVAL), field="interval", code="out_of_range")
    if any(not 0 <= d <= 6 for d in rule.weekdays):
        raise ValueError(f"weekdays are 0 (Monday) to 6 (Sunday), got {rule.weekdays!r}")
    if (rule.until_on is None) == (rule.count is None):
        raise DomainError(_("Say when the series ends: an end date or a number of times."),
                          field="until_on", code="required")
    if rule.until_on is not None and rule.until_on < rule.starts_on:
        raise DomainError(_("The series ends on {until}, before it starts on {start}. Choose a later end date.")
                          .format(until=rule.until_on, start=rule.starts_on), field="until_on", code="out_of_range")
    if rule.count is not None and not 1 <= rule.count <= MAX_OCCURRENCES:
        raise DomainError(_("A series happens between {min} and {max} times. Enter a number in that range.")
                          .format(min=1, max=MAX_OCCURRENCES), field="count", code="out_of_range")


def occurrences(rule: Rule) -> list[dt.date]:
    """The local dates of the rule, in order. DomainError for a rule that cannot be followed or
    that gives more than MAX_OCCURRENCES dates (or none)."""
    from dateutil import rrule as rr

    _check_rule(rule)
    frequency = RecurFrequency(rule.frequency)
    start = dt.datetime.combine(rule.starts_on, dt.time(0, 0))
    options: dict = dict(dtstart=start, interval=rule.interval)
    if rule.until_on is not None:
        options["until"] = dt.datetime.combine(rule.until_on, dt.time(0, 0))
    else:
        options["count"] = rule.count
    day = rule.starts_on.day
    if frequency == RecurFrequency.DAILY:
        found = rr.rrule(rr.DAILY, **options)
    elif frequency == RecurFrequency.WEEKLY:
        found = rr.rrule(rr.WEEKLY, byweekday=sorted(set(rule.weekdays)) or [rule.starts_on.weekday()], **options)
    elif frequency == RecurFrequency.MONTHLY:
        # on the 29th-31st, the month's last day in a shorter month (the first of the day and -1)
        found = rr.rrule(rr.MONTHLY, bymonthday=(day, -1) if day > 28 else day,
                         bysetpos=1 if day > 28 else None, **options)
    else:
        found = rr.rrule(rr.YEARLY, bymonth=rule.starts_on.month, bymonthday=(day, -1) if day > 28 else day,
                         bysetpos=1 if day > 28 else None, **options)
    days = [d.date() for d in islice(found, MAX_OCCURRENCES + 1)]
    if len(days) > MAX_OCCURRENCES:
        raise DomainError(_("This series would happen more than {max} times. Choose an earlier end date or a "
                            "number of times, or make two series.").format(max=MAX_OCCURRENCES),
                          field="until_on", code="too_many")
    if not days:
        raise DomainError(_("This series has no date between its start and its end. Choose other weekdays or a "
                            "later end date."), field="until_on", code="empty")
    return days


def times_of(rule: Rule, day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """An occurrence's start and end (aware, UTC) on local `day`."""
    starts = dt.datetime.combine(day, rule.start_time, tzinfo=tz)
    end_day = day if rule.end_time > rule.start_time else day + dt.timedelta(days=1)
    ends = dt.datetime.combine(end_day, rule.end_time, tzinfo=tz)
    return starts.astimezone(dt.timezone.utc), ends.astimezone(dt.timezone.utc)


def rule_of(series: BookingSeries | MaintenanceSeries) -> Rule:
    """The rule a stored series holds."""
    weekdays = tuple(int(d) for d in (series.weekdays or "").split(",") if d.strip())
    return Rule(frequency=series.frequency, starts_on=series.starts_on, start_time=series.start_time,
                end_time=series.end_time, interval=series.repeat_interval, weekdays=weekdays,
                until_on=series.until_on, count=series.occurrence_count)


def _store_rule(series: BookingSeries | MaintenanceSeries, rule: Rule, zone_name: str) -> None:
    series.frequency = RecurFrequency(rule.frequency)
    series.repeat_interval = rule.interval
    series.weekdays = (",".join(str(d) for d in sorted(set(rule.weekdays)))
                       if rule.frequency == RecurFrequency.WEEKLY and rule.weekdays else None)
    series.starts_on, series.until_on, series.occurrence_count = rule.starts_on, rule.until_on, rule.count
    series.start_time, series.end_time, series.timezone = rule.start_time, rule.end_time, zone_name


def _resource(session: Session, resource_id: int) -> Resource:
    resource = get_row(session, Resource, resource_id)
    if resource is None:
        raise DomainError(_("The resource chosen (number {id}) does not exist. Choose the resource again.")
                          .format(id=resource_id), field="resource_id", code="resource_missing")
    return resource


# ---------------------------------------------------------------- booking series


def _overlaps_own(resource: Resource, campaign: str | None, starts_at: dt.datetime, ends_at: dt.datetime,
                  earlier: Sequence[Occurrence]) -> list[RuleProblem]:
    """The series' own earlier occurrence this one overlaps, or comes closer to than the changeover."""
    gap = dt.timedelta(0) if same_campaign(campaign, campaign) else changeover(resource)
    tz = bt.resource_zone(resource)
    for other in earlier:
        if other.starts_at < ends_at + gap and other.ends_at > starts_at - gap:
            return [RuleProblem("series_overlap", _(
                "This occurrence overlaps the series' own booking on {span} ({zone}), or leaves less than the "
                "changeover time after it. Make the bookings shorter or further apart.").format(
                span=bt.format_span(other.starts_at, other.ends_at, tz), zone=tz.key), field="starts_at")]
    return []


def _request(template: SeriesTemplate, starts_at: dt.datetime, ends_at: dt.datetime) -> BookingRequest:
    return BookingRequest(resource_id=template.resource_id, organization_id=template.organization_id,
                          starts_at=starts_at, ends_at=ends_at, purpose=template.purpose, campaign=template.campaign,
                          people=list(template.people), holiday_override=template.holiday_override)


def _zone_of(resource: Resource) -> ZoneInfo:
    return bt.resource_zone(resource)


def preview(session: Session, template: SeriesTemplate, *, exclude_series_id: int | None = None,
            exclude_booking_ids: Sequence[int] = ()) -> list[Occurrence]:
    """Every occurrence of the template's rule with the rules it breaks, as the booking editor
    checks them, plus overlaps among the series' own occurrences. `exclude_booking_ids`: bookings
    a change will move or cancel, which do not stand in the way of the new times."""
    resource = _resource(session, template.resource_id)
    tz = _zone_of(resource)
    excluded = set(exclude_booking_ids)
    result: list[Occurrence] = []
    for day in occurrences(template.rule):
        starts_at, ends_at = times_of(template.rule, day, tz)
        problems = [p for p in evaluate(session, _request(template, starts_at, ends_at), resource)
                    if p.booking_id is None or p.booking_id not in excluded]
        problems += _overlaps_own(resource, template.campaign, starts_at, ends_at,
                                  [o for o in result if not o.problems])
        result.append(Occurrence(day, starts_at, ends_at, tuple(problems)))
    return result


def _refuse_problems(occurrences_: Sequence[Occurrence]) -> None:
    bad = [o for o in occurrences_ if o.problems]
    if bad:
        first = bad[0]
        raise DomainError(ngettext(
            "{count} of the {total} dates has a problem, so nothing was booked. The first, {day}: {problem} "
            "Book the others and skip it, or change the series.",
            "{count} of the {total} dates have problems, so nothing was booked. The first, {day}: {problem} "
            "Book the others and skip them, or change the series.", len(bad)).format(
            count=len(bad), total=len(occurrences_), day=first.day, problem=first.problems[0].message),
            code="series_problems")
    if not occurrences_:
        raise DomainError(_("This series has no date to book. Change the series."), code="empty")


def _nothing_left() -> DomainError:
    return DomainError(_("Every date of this series has a problem, so there is nothing to book. Change the "
                         "series or its times."), code="series_problems")


def _book(session: Session, template: SeriesTemplate, series: BookingSeries, occurrence: Occurrence) -> Booking:
    from hubdesk.domain.bookings import create_booking

    booking = create_booking(session, _request(template, occurrence.starts_at, occurrence.ends_at))
    booking.series_id = series.id
    return booking


def create(session: Session, template: SeriesTemplate, skip_conflicts: bool) -> SeriesOutcome:
    """Save the series and book every occurrence without problems. With any problem and
    `skip_conflicts` false, DomainError and nothing written; with it true, the occurrences with
    problems are skipped (DomainError when none is left)."""
    from hubdesk.domain.bookings import lock_resource

    lock_resource(session, template.resource_id)
    resource = _resource(session, template.resource_id)
    found = preview(session, template)
    if not skip_conflicts:
        _refuse_problems(found)
    good = [o for o in found if not o.problems]
    if not good:
        raise _nothing_left()
    series = _add_series(session, template, resource)
    outcome = SeriesOutcome(series, skipped=[o for o in found if o.problems])
    for occurrence in good:
        outcome.booked.append(_book(session, template, series, occurrence))
    session.flush()
    return outcome


def record_series(session: Session, template: SeriesTemplate, *, uid: str | None = None) -> BookingSeries:
    """Store a series' rule and template without booking anything (an import, whose bookings come
    in their own rows and name the series by its uid). The rule is checked as for a new series."""
    occurrences(template.rule)
    resource = _resource(session, template.resource_id)
    return _add_series(session, template, resource, uid)


def _add_series(session: Session, template: SeriesTemplate, resource: Resource, uid: str | None = None
                ) -> BookingSeries:
    """The series row of `template` (its texts checked, its rule stored in the resource's zone), added
    and flushed: what a new series and an imported one both store."""
    purpose, campaign = clean_text(template.purpose), clean_text(template.campaign)
    require_storable(BookingSeries, "purpose", purpose)
    require_storable(BookingSeries, "campaign", campaign)
    series = BookingSeries(resource_id=template.resource_id, organization_id=template.organization_id,
                           purpose=purpose, campaign=campaign, holiday_override=template.holiday_override,
                           requested_by=current_actor())
    if uid:
        series.uid = uid
    _store_rule(series, template.rule, _zone_of(resource).key)
    session.add(series)
    session.flush()
    return series


def _series(session: Session, series_id: int) -> BookingSeries:
    series = get_row(session, BookingSeries, series_id)
    if series is None:
        raise DomainError(_("Booking series number {id} does not exist. It may have been removed; refresh the "
                            "bookings.").format(id=series_id), code="series_missing")
    return series


def series_bookings(session: Session, series_id: int, from_day: dt.date | None = None) -> list[Booking]:
    """The bookings of the series, in time order; from `from_day` on (their first local day) when given."""
    series = _series(session, series_id)
    rows = list(session.scalars(select(Booking).where(Booking.series_id == series_id)
                                .order_by(Booking.starts_at)))
    if from_day is None:
        return rows
    tz = bt.zone(series.timezone)
    return [b for b in rows if bt.first_day(b.starts_at, tz) >= from_day]


def _end_before(series: BookingSeries | MaintenanceSeries, from_day: dt.date) -> None:
    """The series ends the day before `from_day` (its dates before stay what they were)."""
    rule = rule_of(series)
    if rule.count is not None:
        kept = [d for d in occurrences(rule) if d < from_day]
        series.occurrence_count, series.until_on = None, (kept[-1] if kept else from_day - dt.timedelta(days=1))
    else:
        series.until_on = from_day - dt.timedelta(days=1)


def cancel_from(session: Session, series_id: int, from_day: dt.date, reason: str | None = None) -> SeriesOutcome:
    """Cancel the series' open bookings from `from_day` on (requested, approved, confirmed); a booking
    in use or final is left as it is (`kept`). The series then ends the day before."""
    from hubdesk.domain.bookings import change_status

    series = _series(session, series_id)
    reason = clean_text(reason)
    outcome = SeriesOutcome(series)
    for booking in series_bookings(session, series_id, from_day):
        if BookingStatus.CANCELLED in TRANSITIONS[booking.status]:
            outcome.cancelled.append(change_status(session, booking.id, BookingStatus.CANCELLED, note=reason))
        else:
            outcome.kept.append(booking)
    if from_day > series.starts_on:
        _end_before(series, from_day)
    session.flush()
    return outcome


def _change_plan(session: Session, series: BookingSeries, from_day: dt.date, rule: Rule
                 ) -> tuple[SeriesTemplate, list[Booking], list[Booking], list[Occurrence]]:
    """For a change from `from_day`: the template, the open bookings it may move or cancel, the
    bookings it leaves as they are (in use or final) and the new rule's occurrences (without the
    dates of those), with their problems."""
    if rule.starts_on < from_day:
        raise DomainError(_("The changed series starts on {start}, before {day}, the date it is changed from. "
                            "Start it on or after that date.").format(start=rule.starts_on, day=from_day),
                          field="starts_on", code="out_of_range")
    later = series_bookings(session, series.id, from_day)
    open_ = [b for b in later if b.status in MOVABLE_STATUSES]
    kept = [b for b in later if b.status not in MOVABLE_STATUSES]
    template = SeriesTemplate(resource_id=series.resource_id, organization_id=series.organization_id, rule=rule,
                              purpose=series.purpose, campaign=series.campaign,
                              people=tuple(p.id for p in (open_[0].people if open_ else [])),
                              holiday_override=series.holiday_override)
    found = preview(session, template, exclude_booking_ids=[b.id for b in open_])
    tz = bt.zone(series.timezone)
    kept_days = {bt.first_day(b.starts_at, tz) for b in kept}
    return template, open_, kept, [o for o in found if o.day not in kept_days]   # a used date stays as it is


def change_preview(session: Session, series_id: int, from_day: dt.date, rule: Rule) -> list[Occurrence]:
    """What `change_from` would book: each date of the new rule with its problems (the series' own
    bookings it moves or cancels do not stand in the way)."""
    return _change_plan(session, _series(session, series_id), from_day, rule)[3]


def change_from(session: Session, series_id: int, from_day: dt.date, rule: Rule, *,
                skip_conflicts: bool = False) -> SeriesOutcome:
    """Follow `rule` (starting on or after `from_day`) instead of the series' rule from `from_day`
    on: move the open booking of each date both have, cancel the open bookings of dates the new rule
    drops, book its new dates. Refused whole when an occurrence has problems, unless skipped."""
    from hubdesk.domain.bookings import change_status, create_booking, lock_resource, update_booking_times

    series = _series(session, series_id)
    lock_resource(session, series.resource_id)
    template, open_, kept, found = _change_plan(session, series, from_day, rule)
    if not skip_conflicts:
        _refuse_problems(found)
    good = [o for o in found if not o.problems]
    if not good and not open_:
        raise _nothing_left()
    tz = bt.zone(series.timezone)
    if from_day > series.starts_on:                            # split: the old rule ends the day before
        _end_before(series, from_day)
        target = BookingSeries(resource_id=series.resource_id, organization_id=series.organization_id,
                               purpose=series.purpose, campaign=series.campaign,
                               holiday_override=series.holiday_override, requested_by=current_actor())
        session.add(target)
    else:
        target = series
    _store_rule(target, rule, series.timezone)
    session.flush()
    outcome = SeriesOutcome(target, skipped=[o for o in found if o.problems], kept=kept)
    by_day = {bt.first_day(b.starts_at, tz): b for b in open_}
    wanted = {o.day for o in good}
    for day, booking in by_day.items():          # first free the dates the new rule drops
        if day not in wanted:
            outcome.cancelled.append(change_status(session, booking.id, BookingStatus.CANCELLED,
                                                   note=_("The booking series was changed.")))
    for occurrence in good:
        existing = by_day.get(occurrence.day)
        if existing is not None:
            moved = update_booking_times(session, existing.id, occurrence.starts_at, occurrence.ends_at)
            moved.series_id = target.id
            outcome.moved.append(moved)
        else:
            new = create_booking(session, _request(template, occurrence.starts_at, occurrence.ends_at))
            new.series_id = target.id
            outcome.booked.append(new)
    session.flush()
    return outcome


# ---------------------------------------------------------------- recurring maintenance


def _window_problems(session: Session, resource: Resource, starts_at: dt.datetime,
                     ends_at: dt.datetime, exclude_window_ids: Sequence[int] = ()) -> list[RuleProblem]:
    """What a maintenance occurrence would collide with: active bookings and other windows."""
    tz = bt.resource_zone(resource)
    problems = []
    bookings = session.scalars(select(Booking).where(
        Booking.resource_id == resource.id, Booking.status.in_(ACTIVE_BOOKING_STATUSES),
        Booking.starts_at < ends_at, Booking.ends_at > starts_at).order_by(Booking.starts_at))
    for booking in bookings:
        problems.append(RuleProblem("booked", _(
            "{resource} is booked by {organization} on {span} ({zone}). Move or cancel that booking first, or "
            "skip this date.").format(resource=resource.name, organization=booking.organization.name,
                                      span=bt.format_span(booking.starts_at, booking.ends_at, tz), zone=tz.key),
            field="starts_at", booking_id=booking.id))
    windows = session.scalars(select(MaintenanceWindow).where(
        MaintenanceWindow.resource_id == resource.id, MaintenanceWindow.starts_at < ends_at,
        MaintenanceWindow.ends_at > starts_at, MaintenanceWindow.id.not_in(list(exclude_window_ids))))
    for window in windows:
        problems.append(RuleProblem("window", _(
            "{resource} already has a maintenance or requalification window on {span} ({zone}). Skip this date "
            "or change that window.").format(resource=resource.name, zone=tz.key,
                                             span=bt.format_span(window.starts_at, window.ends_at, tz)),
            field="starts_at", window_id=window.id))
    return problems


def maintenance_preview(session: Session, resource_id: int, rule: Rule, *,
                        exclude_window_ids: Sequence[int] = ()) -> list[Occurrence]:
    """Every occurrence of a maintenance rule with the bookings and windows it would collide with
    (`exclude_window_ids`: the windows a change from a date replaces)."""
    resource = _resource(session, resource_id)
    tz = bt.resource_zone(resource)
    result: list[Occurrence] = []
    for day in occurrences(rule):
        starts_at, ends_at = times_of(rule, day, tz)
        problems = _window_problems(session, resource, starts_at, ends_at, exclude_window_ids)
        if any(o.starts_at < ends_at and o.ends_at > starts_at for o in result):
            problems.append(RuleProblem("series_overlap", _(
                "This occurrence overlaps the series' own window before it. Make the windows shorter or "
                "further apart."), field="starts_at"))
        result.append(Occurrence(day, starts_at, ends_at, tuple(problems)))
    return result


def create_maintenance(session: Session, resource_id: int, kind: WindowKind | str, note: str | None, rule: Rule,
                       skip_conflicts: bool) -> SeriesOutcome:
    """Save a maintenance series and one window per occurrence without problems (refused whole when
    one has problems and `skip_conflicts` is false)."""
    from hubdesk.domain.bookings import lock_resource
    from hubdesk.domain.facilities import save_window

    lock_resource(session, resource_id)
    resource = _resource(session, resource_id)
    kind = _window_kind(kind)
    found = maintenance_preview(session, resource_id, rule)
    if not skip_conflicts:
        _refuse_problems(found)
    good = [o for o in found if not o.problems]
    if not good:
        raise _nothing_left()
    note = clean_text(note)
    series = MaintenanceSeries(resource_id=resource_id, kind=kind, note=note)
    _store_rule(series, rule, bt.resource_zone(resource).key)
    session.add(series)
    session.flush()
    outcome = SeriesOutcome(series, skipped=[o for o in found if o.problems])
    for occurrence in good:
        window = save_window(session, resource_id, None, kind=kind, starts_at=occurrence.starts_at,
                             ends_at=occurrence.ends_at, note=note)
        window.series_id = series.id
        outcome.booked.append(window)
    session.flush()
    return outcome


def _window_kind(kind: WindowKind | str) -> WindowKind:
    try:
        return WindowKind(kind)
    except ValueError:
        raise DomainError(_("Choose whether the windows are for maintenance or requalification."),
                          field="kind", code="invalid_choice") from None


def record_maintenance_series(session: Session, resource_id: int, kind: WindowKind | str, note: str | None,
                              rule: Rule, *, uid: str | None = None) -> MaintenanceSeries:
    """Store a maintenance series' rule without making its windows (an import, whose windows come in
    their own rows and name the series by its uid). The rule is checked as for a new series."""
    occurrences(rule)
    resource = _resource(session, resource_id)
    note = clean_text(note)
    require_storable(MaintenanceSeries, "note", note)
    series = MaintenanceSeries(resource_id=resource_id, kind=_window_kind(kind), note=note)
    if uid:
        series.uid = uid
    _store_rule(series, rule, bt.resource_zone(resource).key)
    session.add(series)
    session.flush()
    return series


def _maintenance_series(session: Session, series_id: int) -> MaintenanceSeries:
    series = get_row(session, MaintenanceSeries, series_id)
    if series is None:
        raise DomainError(_("Maintenance series number {id} does not exist. It may have been removed; refresh "
                            "the list.").format(id=series_id), code="series_missing")
    return series


def _windows_from(session: Session, series: MaintenanceSeries, from_day: dt.date) -> list[MaintenanceWindow]:
    tz = bt.zone(series.timezone)
    windows = session.scalars(select(MaintenanceWindow).where(MaintenanceWindow.series_id == series.id))
    return [w for w in windows if bt.first_day(w.starts_at, tz) >= from_day]


def maintenance_change_preview(session: Session, series_id: int, from_day: dt.date, rule: Rule) -> list[Occurrence]:
    """What `change_maintenance_from` would add: each date of the new rule with what is in its way
    (the series' own windows it replaces are not)."""
    series = _maintenance_series(session, series_id)
    _check_change_start(rule, from_day)
    return maintenance_preview(session, series.resource_id, rule,
                               exclude_window_ids=[w.id for w in _windows_from(session, series, from_day)])


def _check_change_start(rule: Rule, from_day: dt.date) -> None:
    if rule.starts_on < from_day:
        raise DomainError(_("The changed series starts on {start}, before {day}, the date it is changed from. "
                            "Start it on or after that date.").format(start=rule.starts_on, day=from_day),
                          field="starts_on", code="out_of_range")


def change_maintenance_from(session: Session, series_id: int, from_day: dt.date, rule: Rule, *,
                            kind: WindowKind | str | None = None, note: str | None = None,
                            skip_conflicts: bool = False) -> SeriesOutcome:
    """Follow `rule` (starting on or after `from_day`) instead of the maintenance series' rule from
    `from_day` on: its windows from that day are replaced by the new rule's (`cancelled`, then
    `booked`); earlier windows stay. A change from a later date than the series' start splits it:
    the old rule ends the day before and a new series holds the new one. Refused whole when an
    occurrence has problems, unless skipped. `kind` and `note`: the new windows' (the series'
    when None)."""
    from hubdesk.domain.bookings import lock_resource
    from hubdesk.domain.facilities import save_window

    series = _maintenance_series(session, series_id)
    lock_resource(session, series.resource_id)
    found = maintenance_change_preview(session, series_id, from_day, rule)
    if not skip_conflicts:
        _refuse_problems(found)
    good = [o for o in found if not o.problems]
    if not good:
        raise _nothing_left()
    kind = _window_kind(kind) if kind is not None else WindowKind(series.kind)
    note = clean_text(note) if note is not None else series.note
    require_storable(MaintenanceSeries, "note", note)
    outcome = SeriesOutcome(series, skipped=[o for o in found if o.problems])
    for window in _windows_from(session, series, from_day):
        outcome.cancelled.append(window)
        session.delete(window)
    session.flush()
    if from_day > series.starts_on:                            # split: the old rule ends the day before
        _end_before(series, from_day)
        target = MaintenanceSeries(resource_id=series.resource_id)
        session.add(target)
    else:
        target = series
    target.kind, target.note = kind, note
    _store_rule(target, rule, series.timezone)
    session.flush()
    outcome.series = target
    for occurrence in good:
        window = save_window(session, series.resource_id, None, kind=kind, starts_at=occurrence.starts_at,
                             ends_at=occurrence.ends_at, note=note)
        window.series_id = target.id
        outcome.booked.append(window)
    session.flush()
    return outcome


def remove_maintenance_from(session: Session, series_id: int, from_day: dt.date) -> SeriesOutcome:
    """Remove the maintenance series' windows from `from_day` on; the series ends the day before
    (and is removed when nothing of it is left)."""
    series = _maintenance_series(session, series_id)
    tz = bt.zone(series.timezone)
    outcome = SeriesOutcome(series)
    windows = session.scalars(select(MaintenanceWindow).where(MaintenanceWindow.series_id == series_id))
    for window in windows:
        if bt.first_day(window.starts_at, tz) >= from_day:
            outcome.cancelled.append(window)
            session.delete(window)
    if from_day > series.starts_on:
        _end_before(series, from_day)
    else:
        session.delete(series)
        outcome.series = None
    session.flush()
    return outcome
