"""Demo facility subsidies and booking quotas: two programs of the current year subsidise their
beneficiaries' facility use (one a number of instrument hours per quarter, one a share of every fee
on the GMP suites), and two organizations have a yearly quota on an instrument they use a lot.

Written after the bookings: the bookings are bulk rows, so their frozen fees are split here with
the domain's own rule (`domain.subsidies.split_fee`, oldest booking first, so that a quota runs
out the way approvals would have used it) and each split written back in one UPDATE. The quotas
are set above what the organizations booked, so the demo data keeps to them."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select, update

from hubdesk.db.schema import Booking, Participant, Resource
from hubdesk.demo.context import Context
from hubdesk.demo.facilities import ResourceSpec
from hubdesk.domain import subsidies


@dataclasses.dataclass
class Subsidy:
    id: int
    program_id: int


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


def _split_fees(ctx: Context) -> None:
    session = ctx.writer.session
    members = select(Participant.organization_id).where(Participant.role.in_(subsidies.SUBSIDISED_ROLES))
    resources: dict[int, Resource] = {}
    rows = session.execute(
        select(Booking.id, Booking.organization_id, Booking.resource_id, Booking.starts_at, Booking.units,
               Booking.fee_krw)
        .where(Booking.fee_krw.is_not(None), Booking.organization_id.in_(members))
        .order_by(Booking.starts_at, Booking.id)).all()
    for bid, org_id, rid, starts_at, units, fee in rows:
        resource = resources.get(rid)
        if resource is None:
            resource = resources[rid] = session.get_one(Resource, rid)
        split = subsidies.split_fee(session, organization_id=org_id, resource=resource, starts_at=starts_at,
                                    units=units, full_krw=fee, exclude_booking_id=bid)
        if split.subsidy_id is not None:
            table = Booking.__table__
            session.execute(update(table).where(table.c.id == bid).values(   # the row's stamps kept: deterministic
                subsidy_id=split.subsidy_id, subsidy_krw=split.subsidy_krw,
                subsidised_units=split.subsidised_units, updated_at=table.c.updated_at))


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
