"""What the dashboard shows, gathered in one read session (no Qt: it runs in a background worker).

Values stay raw (dates, enums, codes); texts are made when shown, so a language switch needs no
new query.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from hubdesk.domain import clock

LIST_LIMIT = 200
TILE_KPIS = ("companies_supported", "utilisation_rate", "new_jobs", "sales_krw", "investment_executed_krw",
             "case_submissions")
TREND_KPI = "companies_supported"
TREND_QUARTERS = 6


@dataclass
class Tile:
    kpi: str
    value: float | int | None
    target: float | None
    pct: float | None


@dataclass
class DashboardData:
    today: dt.date
    quarter: str
    bookings_today: list[dict] = field(default_factory=list)
    bookings_week: list[dict] = field(default_factory=list)
    week_count: int = 0
    approvals: list[dict] = field(default_factory=list)
    approvals_count: int = 0
    booking_conflicts: int = 0      # bookings an exchange left in conflict (issue 16)
    milestones: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    licences: list[dict] = field(default_factory=list)
    certifications: list[dict] = field(default_factory=list)   # near or past expiry (one line each)
    certifications_count: int = 0                               # all of them (the list shows the first)
    overdue: list[dict] = field(default_factory=list)           # invoices past their due date, owed
    certification_lead_days: int = 90
    tiles: list[Tile] = field(default_factory=list)
    trend: list[tuple[int, int, float]] = field(default_factory=list)   # (year, quarter, value)
    trend_target: float | None = None


def _local_day_bounds(day: dt.date, days: int, tz: str | None) -> tuple[dt.datetime, dt.datetime]:
    zone = clock.zone(tz)
    start = dt.datetime.combine(day, dt.time(0), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(0), zone)
    return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class LookBack:
    """How long before a span its bookings may have started: no booking is longer than its
    resource's maximum units (a domain rule). `hours` bounds the bookings of hour-booked resources
    (most of them: hours), `days` those of day-booked ones (up to months), so that "overlaps this
    week" reads a day back through the start index for most bookings, and months back only for the
    day-booked resources' (one day-booked resource allowing 90 days once made every booking of three
    months before the week a candidate: 188,000 index entries on huge for 14,000 rows)."""

    hours: dt.timedelta
    days: dt.timedelta


def _longest_booking(session) -> LookBack:
    from sqlalchemy import case, func, select

    from hubdesk.db.enums import BookingUnit
    from hubdesk.db.schema import Resource

    def longest(unit: BookingUnit):
        return func.max(case((Resource.booking_unit == unit, Resource.max_units)))

    days, hours = session.execute(select(longest(BookingUnit.DAY), longest(BookingUnit.HOUR))).one()
    return LookBack(hours=dt.timedelta(days=-(-int(hours or 0) // 24) + 1), days=dt.timedelta(days=int(days or 0) + 1))


def _listed_statuses() -> tuple:
    """The statuses of the bookings the week's and today's lists show: the active ones and the
    completed ones."""
    from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus

    return ACTIVE_BOOKING_STATUSES + (BookingStatus.COMPLETED,)


def _overlapping(day_arm: bool):
    """The active (or completed) bookings over `:lo`..`:hi`, as a subquery of their ids and starts: a
    day back (`:near`) through the start index for the hour-booked resources' bookings and, with
    `day_arm`, for the day-booked ones months back (`:far`) through their resources' index
    (`LookBack`, `_span_params`)."""
    from sqlalchemy import union_all

    return union_all(_near_arm(_listed_statuses()), *([_day_arm()] if day_arm else [])).subquery()


def _near_arm(statuses):
    """The bookings of `statuses` over `:lo`..`:hi` that started from `:near` on (ids and starts)."""
    from sqlalchemy import bindparam, select

    from hubdesk.db.schema import Booking

    lo, hi, near = bindparam("lo"), bindparam("hi"), bindparam("near")
    return (select(Booking.id, Booking.starts_at)
            .where(Booking.starts_at < hi, Booking.ends_at > lo, Booking.status.in_(statuses), Booking.starts_at >= near))


def _day_arm():
    """The day-booked resources' active (or completed) bookings over `:lo`..`:hi` that started
    before the hour-booked ones' bound (`:far`..`:near`): a second range of the start, disjoint from
    the first. Their status is told by what it is not: a NOT IN leads no index, so SQLite reads them
    through (resource, start) instead of walking months of every resource's starts in the (status,
    start, …) index (30 ms on huge) (the same bookings: the statuses are an enumeration)."""
    from sqlalchemy import bindparam, select

    from hubdesk.db.enums import BookingStatus, BookingUnit
    from hubdesk.db.schema import Booking, Resource

    listed = _listed_statuses()
    unwanted = [status for status in BookingStatus if status not in listed]
    day_resources = select(Resource.id).where(Resource.booking_unit == BookingUnit.DAY)
    return (select(Booking.id, Booking.starts_at)
            .where(Booking.starts_at < bindparam("hi"), Booking.ends_at > bindparam("lo"),
                   Booking.status.not_in(unwanted), Booking.starts_at < bindparam("near"),
                   Booking.starts_at >= bindparam("far"), Booking.resource_id.in_(day_resources)))


def _first_by_status(day_arm: bool, limit: int):
    """`_overlapping`'s first `limit` bookings by their start, for PostgreSQL: the first `limit` of
    each status (each a walk of the (status, start, …) index in order that stops there), merged.
    Over all the statuses at once PostgreSQL read and sorted every booking of the span (14,000 a
    week on huge: 10 ms, where these take 1); SQLite's top-N over the covering index is as quick as
    these (3 ms), so it keeps the one range."""
    from sqlalchemy import select, union_all

    arms = []
    for status in _listed_statuses():
        near = _near_arm((status,))
        first = near.order_by(near.selected_columns.starts_at, near.selected_columns.id).limit(limit).subquery()
        arms.append(select(first.c.id, first.c.starts_at))
    if day_arm:
        arms.append(_day_arm())
    return union_all(*arms).subquery()


def _span_params(start: dt.datetime, end: dt.datetime, longest: LookBack) -> dict:
    """The values of `_overlapping`'s parameters for the span `start`..`end`."""
    return {"lo": start, "hi": end, "near": start - longest.hours, "far": start - longest.days}


@functools.lru_cache(maxsize=16)
def _bookings_statement(day_arm: bool, counted: bool, limit: int, by_status: bool = False):
    """`_bookings`' statement, built once per shape (its values are parameters): building it took
    more of the Dashboard's time than SQLite took to run it. `by_status`: the first ones merged
    from each status' first ones (`_first_by_status`, PostgreSQL)."""
    from sqlalchemy import func, select

    from hubdesk.db.schema import Booking, Facility, Organization, Resource

    over = _overlapping(day_arm)
    candidates = _first_by_status(day_arm, limit) if by_status else over
    first = (select(candidates.c.id, candidates.c.starts_at).order_by(candidates.c.starts_at, candidates.c.id)
             .limit(limit).subquery())
    extra = [select(func.count()).select_from(over).scalar_subquery()] if counted else []
    return (select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.status, Resource.name, Organization.name,
                   Facility.timezone, *extra)
            .join(first, first.c.id == Booking.id)
            .join(Resource, Resource.id == Booking.resource_id)
            .join(Facility, Facility.id == Resource.facility_id)
            .join(Organization, Organization.id == Booking.organization_id)
            .order_by(first.c.starts_at, first.c.id))


def _bookings(session, start: dt.datetime, end: dt.datetime, longest: LookBack, *, limit: int = LIST_LIMIT,
              counted: bool = True):
    """The first `limit` bookings over `start`..`end` by their start, with their names, and (with
    `counted`) how many there are in all, from one statement: (count, rows), or the rows alone. The
    count is a subquery of its own, not a window over the rows: a window would sort every booking
    of the week where the first ones take a top-N sort, and no booking's id comes back to Python
    only to be counted (14,000 a week on huge)."""
    statement = _bookings_statement(longest.days > longest.hours, counted, limit,
                                    session.get_bind().dialect.name == "postgresql")
    found = session.execute(statement, _span_params(start, end, longest)).all()
    rows = [dict(id=r[0], starts_at=r[1], ends_at=r[2], status=r[3], resource=r[4], organization=r[5], tz=r[6])
            for r in found]
    if not counted:
        return rows
    return (found[0][7] if found else 0), rows


def _approvals(session, limit: int = LIST_LIMIT):
    """The first `limit` bookings waiting for approval by their start, with how many there are in
    all (a subquery of the same statement, as the week's): (count, rows)."""
    from sqlalchemy import func, select

    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking, Facility, Organization, Resource

    now = clock.utc_now()
    cond = [Booking.status == BookingStatus.REQUESTED, Booking.ends_at > now]
    count = select(func.count()).select_from(Booking).where(*cond).scalar_subquery()
    found = session.execute(
        select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.status, Resource.name, Organization.name,
               Facility.timezone, Booking.requested_by, count)
        .join(Resource, Resource.id == Booking.resource_id)
        .join(Facility, Facility.id == Resource.facility_id)
        .join(Organization, Organization.id == Booking.organization_id)
        .where(*cond).order_by(Booking.starts_at, Booking.id).limit(limit)).all()
    return (found[0][8] if found else 0), [
        dict(id=r[0], starts_at=r[1], ends_at=r[2], status=r[3], resource=r[4], organization=r[5], tz=r[6],
             requested_by=r[7]) for r in found]


def _milestones(session, today: dt.date) -> list[dict]:
    from sqlalchemy import select

    from hubdesk.db.schema import Milestone, Program
    from hubdesk.domain.programs import AT_RISK_DAYS, MilestoneStatus, milestone_status

    horizon = today + dt.timedelta(days=AT_RISK_DAYS)
    out = []
    for m, program in session.execute(
            select(Milestone, Program.name).join(Program, Program.id == Milestone.program_id)
            .where(Milestone.done_on.is_(None), Milestone.due_on <= horizon)
            .order_by(Milestone.due_on, Milestone.id).limit(LIST_LIMIT)):
        status = milestone_status(m, today)
        if status in (MilestoneStatus.LATE, MilestoneStatus.AT_RISK):
            out.append(dict(id=m.id, program_id=m.program_id, title=m.title, program=program, due_on=m.due_on,
                            status=status, days_left=(m.due_on - today).days))
    return out


def _deadlines(session, today: dt.date) -> list[dict]:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from hubdesk.db.schema import ClinicalCase
    from hubdesk.domain import cases

    rows = []
    deadlines = cases.upcoming_deadlines(session, today=today, within_days=30)
    ids = [d.case_id for d in deadlines]
    clocks = {}
    if ids:
        # the review clocks' stops with their cases (one statement, not one per case)
        for case in session.scalars(select(ClinicalCase).where(ClinicalCase.id.in_(ids))
                                    .options(selectinload(ClinicalCase.clock_stops))):
            if case.submitted_on is not None:
                clocks[case.id] = cases.review_days(case, today)
    for d in deadlines:
        review = clocks.get(d.case_id)
        rows.append(dict(id=d.case_id, product=d.product, organization=d.organization_name, stage=d.stage,
                         due_on=d.due_on, note=d.note, days_left=d.days_left,
                         days_used=review.days_used if review else None,
                         days_stopped=review.days_stopped if review else None))
    return rows


def _licences(session, today: dt.date) -> list[dict]:
    from hubdesk.domain.licences import licence_alerts

    return [dict(id=a.facility_id, facility=a.facility_name, kind=a.kind, licence_no=a.licence_no,
                 expires_on=a.expires_on, days_left=a.days_left, renewal_due_on=a.renewal_due_on)
            for a in licence_alerts(session, today=today)]


def _certifications(session, today: dt.date, data: DashboardData) -> None:
    """Certifications within the lead time of Settings, the earliest expiries first (as many as the
    other lists show) with their count; a row opens its organization."""
    from hubdesk.domain.certifications import expiry_lead_days, first_expiring_certifications

    data.certification_lead_days = expiry_lead_days(session)
    data.certifications_count, alerts = first_expiring_certifications(session, today, data.certification_lead_days,
                                                                      LIST_LIMIT)
    data.certifications = [
        dict(id=a.organization_id, certification_id=a.certification_id, organization=a.organization_name,
             type=a.type, number=a.number, expires_on=a.expires_on, days_left=a.days_left,
             attachment_id=a.attachment_id, file_name=a.file_name)
        for a in alerts]


def _kpis(session, today: dt.date, data: DashboardData) -> None:
    from hubdesk.domain import kpis
    from hubdesk.domain.quarters import Quarter

    quarter = Quarter.of(today)
    figures = kpis.tile_figures(session, quarter, TILE_KPIS, today=today)    # only what the tiles show
    achieved = {a.kpi: a for a in figures.achievement}
    for code in TILE_KPIS:
        a = achieved.get(code)
        value = figures.ytd_values.get(code) if a is not None and a.scope == "year" else figures.quarter_values.get(code)
        data.tiles.append(Tile(code, value, a.target if a else None, a.pct if a else None))
    quarters = [quarter]
    while len(quarters) < TREND_QUARTERS:
        quarters.append(quarters[-1].previous())
    quarters.reverse()
    counts = kpis.companies_supported(session, [kpis.Period.quarter(q) for q in quarters])   # one statement
    data.trend = [(q.year, q.quarter, float(count)) for q, count in zip(quarters, counts)]
    target = achieved.get(TREND_KPI)
    data.trend_target = target.target if target is not None and target.scope == "quarter" else None


def local_today(tz: str | None = None) -> dt.date:
    """Today for the foundation (the clock's zone), or in the zone `tz`."""
    return clock.today(tz)


def _overdue_invoices(session, today: dt.date) -> list[dict]:
    """Issued invoices past their due date with something owed (`domain.invoices.overdue`); the
    row's id is the organization's, whose page lists its invoices."""
    from hubdesk.domain.invoices import overdue

    return [{"id": r["organization_id"], "invoice_id": r["id"], "number": r["number"],
             "organization": r["organization"], "due_on": r["due_on"], "days_overdue": r["days_overdue"],
             "outstanding_krw": r["outstanding_krw"]} for r in overdue(session, today)]


def _booking_lists(session, today: dt.date, tz: str | None, data: DashboardData) -> None:
    """This week's and today's bookings, those waiting for approval, the exchange's conflicts."""
    from hubdesk.db.database import without_parallel_workers
    from hubdesk.domain.exchange_conflicts import booking_conflict_count

    without_parallel_workers(session)
    longest = _longest_booking(session)
    # the week's first bookings with their count, then today's first ones: one statement each
    monday = today - dt.timedelta(days=today.weekday())
    data.week_count, data.bookings_week = _bookings(session, *_local_day_bounds(monday, 7, tz), longest)
    data.bookings_today = _bookings(session, *_local_day_bounds(today, 1, tz), longest, counted=False)
    data.approvals_count, data.approvals = _approvals(session)
    data.booking_conflicts = booking_conflict_count(session)


def _attention_lists(session, today: dt.date, _tz: str | None, data: DashboardData) -> None:
    """Milestones, case deadlines, licences and certifications near expiry, overdue invoices."""
    data.milestones = _milestones(session, today)
    data.deadlines = _deadlines(session, today)
    data.licences = _licences(session, today)
    _certifications(session, today, data)
    data.overdue = _overdue_invoices(session, today)


# The lists in two parts, each read on a connection of its own, so that the Dashboard reads them
# at once (on a server, each statement's round trip is waited for in parallel with the other
# part's) and shows each part as it comes: the fields of DashboardData each fills, and whether the
# part reads in a transaction. The bookings' does: its SET LOCAL lasts until the transaction's end
# (without it, PostgreSQL counts the week's bookings with two parallel workers: 20 ms instead of
# 3). The other part's statements read independent lists, each as committed when it begins: on a
# server without a transaction around them (`Database.read(transaction=False)`), which saves the
# BEGIN's and the COMMIT's round trips.
LIST_PARTS = {
    "bookings": (_booking_lists, ("week_count", "bookings_week", "bookings_today", "approvals_count", "approvals",
                                  "booking_conflicts"), True),
    "attention": (_attention_lists, ("milestones", "deadlines", "licences", "certification_lead_days",
                                     "certifications", "certifications_count", "overdue"), False),
}


def gather_part(db, part: str, today: dt.date, tz: str | None = None) -> dict:
    """One part of the lists (a key of LIST_PARTS) in a read transaction: its fields' values."""
    from hubdesk.domain.quarters import Quarter

    read, fields, transaction = LIST_PARTS[part]
    data = DashboardData(today=today, quarter=str(Quarter.of(today)))
    with db.read(transaction=transaction) as session:
        read(session, today, tz, data)
    return {name: getattr(data, name) for name in fields}


def gather_lists(db, today: dt.date | None = None, tz: str | None = None, progress=None) -> DashboardData:
    """The lists (bookings, approvals, milestones, deadlines, licences…), part after part (headless
    use and tests; the Dashboard reads the parts at once): quick even on a large database."""
    from hubdesk.domain.quarters import Quarter

    today = today or local_today(tz)
    data = DashboardData(today=today, quarter=str(Quarter.of(today)))
    for i, part in enumerate(LIST_PARTS, 1):
        for name, value in gather_part(db, part, today, tz).items():
            setattr(data, name, value)
        if progress is not None:
            progress(i, len(LIST_PARTS), "")
    return data


def gather_kpis(db, today: dt.date | None = None, tz: str | None = None) -> DashboardData:
    """The quarter's KPI tiles and the trend (the tiles' figures only; the facility use over the
    year's bookings is the slow part)."""
    from hubdesk.domain.quarters import Quarter

    today = today or local_today(tz)
    data = DashboardData(today=today, quarter=str(Quarter.of(today)))
    with db.read() as session:
        _kpis(session, today, data)
    return data


def gather(db, today: dt.date | None = None, tz: str | None = None, progress=None) -> DashboardData:
    """Everything at once (headless use and tests)."""
    data = gather_lists(db, today, tz, progress)
    kpis = gather_kpis(db, data.today, tz)
    data.tiles, data.trend, data.trend_target = kpis.tiles, kpis.trend, kpis.trend_target
    return data
