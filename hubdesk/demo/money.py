"""Demo facility subsidies, booking quotas and invoices: two programs of the current year subsidise
their beneficiaries' facility use (one a number of instrument hours per quarter, one a share of
every fee on the GMP suites), two organizations have a yearly quota on an instrument they use a
lot, and the last two ended quarters are invoiced (through `domain.invoices`: drafted, issued a
few days after the quarter, most paid, some in part, some not and overdue).

Written after the bookings: the bookings are bulk rows, so their frozen fees are split here with
the domain's own rule (`domain.subsidies.split_fee`, oldest booking first, so that a quota runs
out the way approvals would have used it) and each split written back in one UPDATE. The quotas
are set above what the organizations booked, so the demo data keeps to them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import bindparam, func, select, update

from hubdesk.db.enums import BookingStatus
from hubdesk.db.schema import Booking, Participant, Resource
from hubdesk.demo.context import Context
from hubdesk.demo.facilities import ResourceSpec
from hubdesk.domain import subsidies




def _add_subsidy(ctx: Context, program_id: int, kind: str, value: int, period: str, resources: list[int],
                 note: str) -> None:
    year = ctx.today.year
    row = ctx.writer.add("facility_subsidy", {
        "program_id": program_id, "kind": kind, "value": value, "period": period,
        "valid_from": dt.date(year - 1, 1, 1), "valid_to": dt.date(year, 12, 31), "note": note,
    }, stamp=ctx.stamp_on(min(ctx.today, dt.date(year, 1, 10))))
    for rid in resources:
        ctx.writer.add("facility_subsidy_resource", {"subsidy_id": row["id"], "resource_id": rid},
                       stamp=ctx.stamp_on(min(ctx.today, dt.date(year, 1, 10))))


def build(ctx: Context, specs: list[ResourceSpec]) -> None:
    current = [pid for pid, fiscal, _funder in ctx.programs if fiscal in (ctx.today.year, ctx.today.year - 1)]
    hour_specs = [s.id for s in specs if s.bookable and s.unit == "hour"]
    gmp_specs = [s.id for s in specs if s.bookable and s.users == "gmp"]
    if len(current) >= 1 and hour_specs:
        _add_subsidy(ctx, current[0], "hours", 40, "quarter", hour_specs[:6],
                     "분석장비 이용 바우처: 참여기업당 분기 40시간")
    if len(current) >= 2 and gmp_specs:
        _add_subsidy(ctx, current[1], "share", 30, "year", gmp_specs, "GMP 시설 이용료 30% 지원")
    ctx.writer.flush()
    _split_fees(ctx)
    _quotas(ctx, hour_specs)
    ctx.writer.flush()
    _invoices(ctx)


# at most this many organizations are invoiced per quarter (the large sizes stay quick to make)
INVOICED_PER_QUARTER = 40


def _invoices(ctx: Context) -> None:
    """The last two ended quarters' invoices, as `domain.invoices` would issue them a few days after
    each quarter: the lines are the domain's own draft (`draft_lines`), numbered in issue order
    without gaps, written as bulk rows like the rest of the demo (stamped on the day, not the clock)."""
    from hubdesk.domain import invoices
    from hubdesk.domain.usage import starts_within
    from hubdesk.domain.utilisation import FEE_STATUSES

    session = ctx.writer.session
    w = ctx.writer
    rng = ctx.rng("invoices")
    rules = invoices.policy(session)
    numbers: dict[int, int] = {}
    ended = [q for q in ctx.quarters if q.end < ctx.today][-2:]
    for q in ended:
        issued_on = min(ctx.today, q.end_exclusive + dt.timedelta(days=4))
        period = invoices.parse_period(str(q))
        orgs = session.scalars(
            select(Booking.organization_id).where(
                Booking.status.in_((*FEE_STATUSES, BookingStatus.NO_SHOW)), Booking.fee_krw.is_not(None),
                starts_within(session, q.start, q.end_exclusive))
            .group_by(Booking.organization_id).order_by(Booking.organization_id).limit(INVOICED_PER_QUARTER)).all()
        for org_id in orgs:
            lines = invoices.draft_lines(session, org_id, period, rules)
            if not lines:
                continue
            numbers[issued_on.year] = numbers.get(issued_on.year, 0) + 1
            total = sum(line.amount_krw for line in lines)
            stamp = ctx.stamp_on(issued_on)
            row = w.add("invoice", {
                "organization_id": org_id, "period": period.name, "kind": "invoice", "status": "issued",
                "number": f"INV-{issued_on.year:04d}-{numbers[issued_on.year]:04d}", "corrects_id": None,
                "issued_on": issued_on, "due_on": issued_on + dt.timedelta(days=rules.due_days),
                "total_krw": total, "note": None}, stamp=stamp)
            for line in lines:
                w.add("invoice_line", {"invoice_id": row["id"], **dataclasses.asdict(line)}, stamp=stamp)
            r = rng.random()
            if r < 0.6 and total > 0:             # paid in full, within the month
                paid_on = min(ctx.today, issued_on + dt.timedelta(days=rng.randint(3, 28)))
                w.add("invoice_payment", {"invoice_id": row["id"], "paid_on": paid_on, "amount_krw": total,
                                          "note": None}, stamp=ctx.stamp_on(paid_on))
            elif r < 0.75 and total > 1:          # a first part paid; the rest is owed (overdue after a month)
                paid_on = min(ctx.today, issued_on + dt.timedelta(days=rng.randint(3, 20)))
                w.add("invoice_payment", {"invoice_id": row["id"], "paid_on": paid_on, "amount_krw": total // 2,
                                          "note": None}, stamp=ctx.stamp_on(paid_on))


def _split_fees(ctx: Context) -> None:
    """The fee splits of the subsidised organizations' bookings, in start order, through
    `subsidies.split_fees_in_order` (the domain's rule, its sums kept in memory), written by
    primary key in one bulk update (the rows' stamps kept: deterministic)."""
    session = ctx.writer.session
    members = select(Participant.organization_id).where(Participant.role.in_(subsidies.SUBSIDISED_ROLES))
    resources = {r.id: r for r in session.scalars(select(Resource))}
    rows = session.execute(
        select(Booking.id, Booking.organization_id, Booking.resource_id, Booking.starts_at, Booking.units,
               Booking.fee_krw, Booking.status)
        .where(Booking.fee_krw.is_not(None), Booking.organization_id.in_(members))
        .order_by(Booking.starts_at, Booking.id)).all()
    todo = (subsidies.FeeToSplit(bid, org_id, resources[rid], starts_at, units, fee,
                                 BookingStatus(status) in subsidies.PAID_STATUSES)
            for bid, org_id, rid, starts_at, units, fee, status in rows)
    table = Booking.__table__
    changes = [{"b_id": bid, "subsidy_id": split.subsidy_id, "subsidy_krw": split.subsidy_krw,
                "subsidised_units": split.subsidised_units}
               for bid, split in subsidies.split_fees_in_order(session, todo) if split.subsidy_id is not None]
    if changes:
        session.connection().execute(
            update(table).where(table.c.id == bindparam("b_id")).values(
                subsidy_id=bindparam("subsidy_id"), subsidy_krw=bindparam("subsidy_krw"),
                subsidised_units=bindparam("subsidised_units"), updated_at=table.c.updated_at), changes)


def _quotas(ctx: Context, hour_specs: list[int]) -> None:
    """A yearly quota for the two organizations that book one instrument most, above all they
    booked in the demo's five quarters (so that the demo keeps to it), rounded up to ten hours."""
    if not hour_specs:
        return
    session = ctx.writer.session
    rid = hour_specs[0]
    most = session.execute(
        select(Booking.organization_id, func.sum(Booking.units))
        .where(Booking.resource_id == rid, Booking.status.in_(subsidies.QUOTA_STATUSES))
        .group_by(Booking.organization_id).order_by(func.sum(Booking.units).desc(), Booking.organization_id)
        .limit(2)).all()
    for org_id, hours in most:
        ctx.writer.add("booking_quota", {"organization_id": org_id, "resource_id": rid, "period": "year",
                                         "hours": (int(hours) // 10 + 2) * 10,
                                         "note": "연간 장비 이용 한도 (운영위원회 결정)"}, stamp=ctx.stamp)
