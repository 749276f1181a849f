"""Demo incident log: a handful of incidents on the resources (breakdowns, a deviation, a repair,
a calibration), one whose downtime is still open and voids the resource's qualification (the
resource shows as down and due for requalification), written before the bookings so that the
bookings keep clear of every downtime (`ResourceSpec.blocked`), as the booking rules want."""

from __future__ import annotations

import datetime as dt

from hubdesk.demo.context import KST, UTC, Context
from hubdesk.demo.facilities import ResourceSpec


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), KST).astimezone(UTC)


def _block(spec: ResourceSpec, first: dt.date, last: dt.date) -> None:
    spec.blocked.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))


def build(ctx: Context, specs: list[ResourceSpec]) -> None:
    rng = ctx.rng("incidents")
    w = ctx.writer
    today = ctx.today
    _start, horizon_end = ctx.horizon
    hour_specs = [s for s in specs if s.bookable and s.unit == "hour"]
    day_specs = [s for s in specs if s.bookable and s.unit == "day"]
    if not hour_specs or not day_specs:
        return
    down, calibrated = rng.sample(hour_specs, 2) if len(hour_specs) > 1 else (hour_specs[0], hour_specs[0])
    repaired = rng.choice(day_specs)
    reporters = ("박지영", "김민수", "이서연", "Nguyễn Văn An")

    def add(spec: ResourceSpec, occurred: dt.datetime, kind: str, description: str, *,
            down_from: dt.datetime | None = None, down_until: dt.datetime | None = None,
            voids: bool = False) -> None:
        w.add("resource_incident", {
            "resource_id": spec.id, "occurred_at": occurred, "kind": kind, "description": description,
            "reported_by": rng.choice(reporters), "down_from": down_from, "down_until": down_until,
            "voids_qualification": voids,
        }, stamp=ctx.stamp_on(min(occurred.astimezone(KST).date(), today)))
        if down_from is not None:
            first = down_from.astimezone(KST).date()
            last = ((down_until - dt.timedelta(seconds=1)).astimezone(KST).date() if down_until
                    else horizon_end + dt.timedelta(days=400))   # open: every later day
            _block(spec, first, max(first, last))

    # still down: the motor failed three days ago, the part is on order; requalify after the repair
    failed = today - dt.timedelta(days=3)
    add(down, _at(failed, 10, 40), "breakdown", "구동 모터 정지, 교체 부품 발주 중 (재적격성 평가 필요)",
        down_from=_at(failed, 10, 40), voids=True)
    # a repair with two days of downtime some weeks ago, and the deviation that led to it
    broke = today - dt.timedelta(days=rng.randint(30, 50))
    add(repaired, _at(broke, 14, 5), "deviation", "차압 기준 이탈 20분, 원인 조사 후 HVAC 점검 요청")
    add(repaired, _at(broke + dt.timedelta(days=1), 9), "repair", "HVAC 댐퍼 교체 및 차압 재설정",
        down_from=_at(broke + dt.timedelta(days=1), 0), down_until=_at(broke + dt.timedelta(days=3), 0))
    # calibrations: one done last month (a morning down), one planned next week
    done = today - dt.timedelta(days=rng.randint(15, 28))
    add(calibrated, _at(done, 9), "calibration", "정기 검교정 (외부 기관), 적합",
        down_from=_at(done, 9), down_until=_at(done, 12))
    planned = today + dt.timedelta(days=rng.randint(6, 9))
    add(calibrated, _at(planned, 9), "calibration", "예정된 정기 검교정",
        down_from=_at(planned, 9), down_until=_at(planned, 13))
