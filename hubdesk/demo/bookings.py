"""Demo bookings over the five quarters up to and including the current one, with status history.

The bookings respect the booking rules (docs/ARCHITECTURE.md) by construction: on each resource they
are laid out one after another, each starting no earlier than the previous one's end plus the
changeover buffer (none between bookings of the same campaign); days touched by a maintenance or
requalification window are skipped; lengths are whole units within the resource's minimum and
maximum; a booking touching a public holiday or closure day carries `holiday_override`; named people
hold a qualification valid until long after the booking ends; the requalification of every resource
is due after the current quarter. Cancelled, rejected and no-show bookings keep their slot free of
others too, so the invariant holds for every status, not only the active ones.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from hubdesk.demo import series
from hubdesk.demo.context import KST, UTC, Context, OrgRef
from hubdesk.demo.facilities import ResourceSpec, user_pools

_STAFF = ("시설운영팀 박정민", "시설운영팀 이수현", "품질관리팀 최영훈", "바이오혁신센터 한지원")

_PURPOSES = {
    "gmp": ("임상시험용 의약품 제조", "한약제제 시생산 배치", "화장품 원료 GMP 생산", "기술이전 공정 밸리데이션 배치",
            "천연물 신약 비임상 시료 제조"),
    "cpf": ("줄기세포치료제 임상 1상 제조", "면역세포 배양 (NK 세포)", "첨단재생의료 임상연구용 세포처리",
            "연골세포 치료제 제조", "세포은행 (MCB) 구축"),
    "pilot": ("감초 추출물 시제품 생산", "홍삼 농축액 파일럿 배치", "황기 추출 분말화", "당귀 추출물 스케일업 시험",
              "천연 화장품 원료 동결건조"),
    "qc": ("원료 생약 지표성분 함량 시험", "중금속 시험", "잔류농약 분석", "안정성 시험 시료 분석",
           "미생물 한도 시험", "엔도톡신 시험", "세포 특성 분석", "수출용 성적서 시험"),
}
_PURPOSES_VI = ("Phân tích hàm lượng hoạt chất dược liệu nhập khẩu", "Kiểm nghiệm kim loại nặng lô xuất khẩu",
                "Thử nghiệm độ ổn định mỹ phẩm")
_PURPOSES_EN = ("Stability testing of an export batch", "Heavy metal testing for buyer audit",
                "Marker compound assay of a ginseng extract")
_CAMPAIGN_PREFIX = {"gmp": "GMP", "cpf": "CELL", "pilot": "PP", "qc": "QC"}

_PAST = (("completed", 0.86), ("cancelled", 0.93), ("no_show", 0.96), ("rejected", 1.0))
_FUTURE = (("requested", 0.30), ("approved", 0.52), ("confirmed", 0.92), ("cancelled", 0.97), ("rejected", 1.0))


def closed_days(ctx: Context) -> set[dt.date]:
    """Public holidays (the `holidays` package) and the demo's closure days over the horizon."""
    from hubdesk.domain.calendar import public_holiday_name

    start, end = ctx.horizon
    out = set()
    day = start
    while day <= end:
        if public_holiday_name(day) is not None or (day.month, day.day) in ((5, 20), (12, 31)):
            out.add(day)
        day += dt.timedelta(days=1)
    return out


class _Maker:
    """Turns slots into booking rows, status history and named people."""

    def __init__(self, ctx: Context, closed: set[dt.date]):
        self.ctx = ctx
        self.w = ctx.writer
        self.now = ctx.now
        self.closed = closed
        self.count = 0
        self.campaign_seq = 0
        start, end = ctx.horizon
        self.midnight = {}
        day = start - dt.timedelta(days=1)
        while day <= end + dt.timedelta(days=120):
            self.midnight[day] = dt.datetime.combine(day, dt.time(0), KST).astimezone(UTC)
            day += dt.timedelta(days=1)

    def booking(self, rng: random.Random, spec: ResourceSpec, org: OrgRef, starts: dt.datetime,
                ends: dt.datetime, units: int, campaign: str | None, override: bool, *,
                series_id: int | None = None, purpose: str | None = None) -> None:
        now = self.now
        if ends <= now:
            r = rng.random()
            status = next(s for s, p in _PAST if r < p)
        elif starts <= now:
            status = "in_use"
        else:
            r = rng.random()
            status = next(s for s, p in _FUTURE if r < p)
        if status == "completed":
            path = ["requested", "approved", "confirmed", "in_use", "completed"]
        elif status == "in_use":
            path = ["requested", "approved", "confirmed", "in_use"]
        elif status == "no_show":
            path = ["requested", "approved", "confirmed", "no_show"]
        elif status == "rejected":
            path = ["requested", "rejected"]
        elif status == "cancelled":
            path = ["requested", "approved", "confirmed"][:rng.randint(1, 3)] + ["cancelled"]
        else:
            path = ["requested", "approved", "confirmed"][:["requested", "approved", "confirmed"].index(status) + 1]

        lead_days = rng.randint(3, 40) if spec.unit == "day" else rng.randint(1, 21)
        requested_at = starts - dt.timedelta(days=lead_days, minutes=rng.randint(0, 600))
        if requested_at >= now:
            requested_at = now - dt.timedelta(minutes=rng.randint(60, 4000))
        limit = min(starts, now)
        span = max(0, int((limit - requested_at).total_seconds()))
        times: list[dt.datetime] = [requested_at]
        for i, st in enumerate(path[1:], start=1):
            if st == "in_use":
                t = starts
            elif st == "completed":
                t = ends
            elif st == "no_show":
                t = starts + dt.timedelta(minutes=30)
            else:  # approved, confirmed, rejected, cancelled: between the request and the start / now
                t = requested_at + dt.timedelta(seconds=int(span * (0.25 * i if st != "cancelled" else 0.9)))
            times.append(max(t, times[-1]))

        who = spec.qualified.get(org.id) if spec.requires_qualification else None
        requester = who[1] if who else (org.contacts[0][1] if org.contacts else None)
        fee = spec.rates[org.user_class] * units if "approved" in path else None
        if purpose is not None:
            pass
        elif org.language == "vi":
            purpose = rng.choice(_PURPOSES_VI)
        elif org.language == "en":
            purpose = rng.choice(_PURPOSES_EN)
        else:
            purpose = rng.choice(_PURPOSES[spec.users])
        row = self.w.add("booking", {
            "resource_id": spec.id, "organization_id": org.id, "starts_at": starts, "ends_at": ends,
            "units": units, "purpose": purpose, "campaign": campaign, "status": status, "fee_krw": fee,
            "holiday_override": override, "requested_by": requester, "series_id": series_id,
        }, stamp=times[0], updated=times[-1])
        bid = row["id"]
        prev = None
        for st, t in zip(path, times):
            self.w.add("booking_status_change", {
                "booking_id": bid, "from_status": prev, "to_status": st, "changed_at": t,
                "changed_by": requester if st in ("requested", "cancelled") else rng.choice(_STAFF),
                "note": None,
            })
            prev = st
        if who:
            self.w.add("booking_person", {"booking_id": bid, "contact_id": who[0]})
        self.count += 1

    def campaign(self, spec: ResourceSpec, day: dt.date) -> str:
        self.campaign_seq += 1
        return f"{_CAMPAIGN_PREFIX[spec.users]}-{day:%y%m}-{self.campaign_seq:05d}"


def _org_chooser(rng: random.Random, spec: ResourceSpec, pools: dict[str, list[OrgRef]], by_id):
    if spec.requires_qualification:
        pool = [by_id[i] for i in sorted(spec.qualified)]
    else:
        pool = pools[spec.users]
    regulars = rng.sample(pool, min(len(pool), 30))

    def choose() -> OrgRef:
        return rng.choice(regulars) if rng.random() < 0.6 else rng.choice(pool)
    return choose


def _day_resource(m: _Maker, spec: ResourceSpec, choose, rng: random.Random) -> None:
    start, end = m.ctx.horizon
    changeover_days = math.ceil(spec.changeover_hours / 24.0)
    typical_max = min(spec.max_units, spec.min_units + 6)
    day = start + dt.timedelta(days=rng.randint(0, 4))
    while day <= end:
        day += dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5, 8)))
        org = choose()
        n = 1 if rng.random() < 0.7 else rng.randint(2, 3)
        name = m.campaign(spec, day)
        placed = 0
        for _i in range(n):
            units = min(rng.randint(spec.min_units, typical_max), rng.randint(spec.min_units, typical_max))
            span = [day + dt.timedelta(days=k) for k in range(units)]
            if span[-1] > end:
                break
            clash = [d for d in span if d in spec.blocked]
            if clash:
                if placed == 0:
                    day = max(clash) + dt.timedelta(days=1)
                break
            override = any(d in m.closed for d in span)
            m.booking(rng, spec, org, m.midnight[day], m.midnight[day + dt.timedelta(days=units)], units,
                      name, override)
            placed += 1
            day += dt.timedelta(days=units)  # the same campaign continues without changeover
        if placed:
            day += dt.timedelta(days=changeover_days)


def _hour_resource(m: _Maker, spec: ResourceSpec, choose, rng: random.Random, per_day: float,
                   reserved: dict[dt.date, int] | None = None) -> None:
    """`reserved`: days a series holds the morning, and the hour from which the resource is free."""
    start, end = m.ctx.horizon
    changeover = math.ceil(spec.changeover_hours)
    hi = min(spec.max_units, max(spec.min_units, 4))
    base, frac = int(per_day), per_day - int(per_day)
    day = start
    one_day = dt.timedelta(days=1)
    while day <= end:
        this = day
        day += one_day
        if this.weekday() >= 5 or this in spec.blocked:
            continue
        override = this in m.closed
        if override and rng.random() > 0.05:
            continue
        k = base + (1 if rng.random() < frac else 0)
        cursor = (reserved or {}).get(this, 9)
        midnight = m.midnight[this]
        for i in range(k):
            s = cursor + rng.choice((0, 0, 0, 1, 1, 2))
            units = rng.randint(spec.min_units, hi)
            if s + units > 18:
                break
            m.booking(rng, spec, choose(), midnight + dt.timedelta(hours=s),
                      midnight + dt.timedelta(hours=s + units), units, None, override)
            cursor = s + units + changeover


def build(ctx: Context, specs: list[ResourceSpec]) -> int:
    closed = closed_days(ctx)
    m = _Maker(ctx, closed)
    pools = user_pools(ctx)
    by_id = {o.id: o for o in ctx.orgs}
    bookable = [s for s in specs if s.bookable and (not s.requires_qualification or s.qualified)]
    for spec in bookable:
        if spec.unit == "day":
            rng = ctx.rng(f"booking:{spec.id}")
            _day_resource(m, spec, _org_chooser(rng, spec, pools, by_id), rng)
    hour_specs = [s for s in bookable if s.unit == "hour"]
    start, end = ctx.horizon
    working = sum(1 for i in range((end - start).days + 1)
                  if (start + dt.timedelta(days=i)).weekday() < 5 and start + dt.timedelta(days=i) not in closed)
    for i, spec in enumerate(hour_specs):
        # Spread what is left of the target over the instruments left (self-correcting).
        remaining = max(0, ctx.size.bookings - m.count)
        per_day = min(3.0, remaining / max(1, (len(hour_specs) - i) * working * 0.97))
        rng = ctx.rng(f"booking:{spec.id}")
        choose = _org_chooser(rng, spec, pools, by_id)
        reserved = None
        if i == 0:        # the first instrument: a weekly booking series and a monthly calibration series
            series.maintenance(ctx, spec)
            reserved = series.weekly_bookings(ctx, m, spec, choose(), closed, ctx.rng("series"))
        _hour_resource(m, spec, choose, rng, per_day, reserved)
    return m.count
