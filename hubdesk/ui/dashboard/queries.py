"""What the dashboard shows, gathered in one read session (no Qt: it runs in a background worker).

Values stay raw (dates, enums, codes); texts are made when shown, so a language switch needs no
new query.
"""

from __future__ import annotations

import datetime as dt
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


def _bookings(session, start: dt.datetime, end: dt.datetime, longest: LookBack, *, statuses=None,
              limit: int = LIST_LIMIT, within: tuple[dt.datetime, dt.datetime] | None = None):
    """The bookings over `start`..`end` (`longest`: `_longest_booking`) with their count; with
    `within` (a span inside start..end), also those of that span, from the same two statements:
    (count, rows, span's rows)."""
    from sqlalchemy import and_, case, select, union_all

    from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, BookingUnit
    from hubdesk.db.schema import Booking, Facility, Organization, Resource

    wanted = statuses or ACTIVE_BOOKING_STATUSES + (BookingStatus.COMPLETED,)
    overlaps = [Booking.starts_at < end, Booking.ends_at > start, Booking.status.in_(wanted)]
    # one pass for the ids (count and order), then the shown rows with their names
    lo, hi = within if within is not None else (start, end)
    # the span's bookings are among these (it lies inside start..end): told in SQL (an integer per
    # booking; their times read into Python cost more than a round trip)
    in_span = case((and_(Booking.starts_at < hi, Booking.ends_at > lo), 1), else_=0)
    columns = (Booking.id, in_span.label("in_span"), Booking.starts_at)
    near = start - longest.hours
    if longest.days > longest.hours:
        # the day-booked resources' bookings that started before the hour-booked ones' bound: a
        # second range of the start, disjoint from the first
        # (PostgreSQL reads them through the (resource, status, start) index; SQLite still walks the
        # range of starts, whose entries the covering index answers without the table)
        day_resources = select(Resource.id).where(Resource.booking_unit == BookingUnit.DAY)
        both = union_all(
            select(*columns).where(*overlaps, Booking.starts_at >= near),
            select(*columns).where(*overlaps, Booking.starts_at < near, Booking.starts_at >= start - longest.days,
                                   Booking.resource_id.in_(day_resources))).subquery()
        ids_query = select(both.c.id, both.c.in_span).order_by(both.c.starts_at, both.c.id)
    else:
        ids_query = (select(Booking.id, in_span).where(*overlaps, Booking.starts_at >= near)
                     .order_by(Booking.starts_at, Booking.id))
    found_ids = session.execute(ids_query).all()
    ids = [r[0] for r in found_ids]
    shown = ids[:limit]
    inner: list[int] = []
    if within is not None:
        inner = [i for i, inside in found_ids if inside][:limit]
        listed = set(shown)
        shown = shown + [i for i in inner if i not in listed]
    if not shown:
        return (len(ids), [], []) if within is not None else (len(ids), [])
    found = {r[0]: r for r in session.execute(
        select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.status, Resource.name, Organization.name,
               Facility.timezone)
        .join(Resource, Resource.id == Booking.resource_id)
        .join(Facility, Facility.id == Resource.facility_id)
        .join(Organization, Organization.id == Booking.organization_id)
        .where(Booking.id.in_(shown)))}

    def rows(chosen):
        return [dict(id=r[0], starts_at=r[1], ends_at=r[2], status=r[3], resource=r[4], organization=r[5],
                     tz=r[6]) for r in (found[i] for i in chosen if i in found)]
    if within is not None:
        return len(ids), rows(ids[:limit]), rows(inner)
    return len(ids), rows(shown)


def _approvals(session, limit: int = LIST_LIMIT):
    from sqlalchemy import func, select

    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking, Facility, Organization, Resource

    now = clock.utc_now()
    cond = [Booking.status == BookingStatus.REQUESTED, Booking.ends_at > now]
    count = session.scalar(select(func.count()).select_from(Booking).where(*cond)) or 0
    rows = session.execute(
        select(Booking.id, Booking.starts_at, Booking.ends_at, Booking.status, Resource.name, Organization.name,
               Facility.timezone, Booking.requested_by)
        .join(Resource, Resource.id == Booking.resource_id)
        .join(Facility, Facility.id == Resource.facility_id)
        .join(Organization, Organization.id == Booking.organization_id)
        .where(*cond).order_by(Booking.starts_at, Booking.id).limit(limit))
    return count, [dict(id=r[0], starts_at=r[1], ends_at=r[2], status=r[3], resource=r[4], organization=r[5],
                        tz=r[6], requested_by=r[7]) for r in rows]


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
    """Certifications within the lead time of Settings; a row opens its organization."""
    from hubdesk.domain.certifications import expiring_certifications, expiry_lead_days

    data.certification_lead_days = expiry_lead_days(session)
    data.certifications = [
        dict(id=a.organization_id, certification_id=a.certification_id, organization=a.organization_name,
             type=a.type, number=a.number, expires_on=a.expires_on, days_left=a.days_left,
             attachment_id=a.attachment_id, file_name=a.file_name)
        for a in expiring_certifications(session, today, data.certification_lead_days)]


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


def gather_lists(db, today: dt.date | None = None, tz: str | None = None, progress=None) -> DashboardData:
    """The lists (bookings, approvals, milestones, deadlines, licences): quick even on a large database."""
    from hubdesk.domain.quarters import Quarter

    today = today or local_today(tz)
    data = DashboardData(today=today, quarter=str(Quarter.of(today)))
    steps = 5

    def step(i: int) -> None:
        if progress is not None:
            progress(i, steps, "")

    with db.read() as session:
        longest = _longest_booking(session)
        # today's bookings are among the week's: read with them (two statements, not four)
        day = _local_day_bounds(today, 1, tz)
        step(1)
        monday = today - dt.timedelta(days=today.weekday())
        start, end = _local_day_bounds(monday, 7, tz)
        data.week_count, data.bookings_week, data.bookings_today = _bookings(session, start, end, longest,
                                                                             within=day)
        step(2)
        data.approvals_count, data.approvals = _approvals(session)
        from hubdesk.domain.exchange_conflicts import booking_conflict_count

        data.booking_conflicts = booking_conflict_count(session)
        step(3)
        data.milestones = _milestones(session, today)
        data.deadlines = _deadlines(session, today)
        step(4)
        data.licences = _licences(session, today)
        _certifications(session, today, data)
        data.overdue = _overdue_invoices(session, today)
        step(5)
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
