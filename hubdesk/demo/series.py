"""Demo series: a weekly booking series (an organization's standing Thursday slot on an
instrument, its holiday dates skipped as the series dialog skips them) and a monthly maintenance
series (an early-morning calibration before the working day) on the same instrument. Their dates
come from the app's own rule (`domain.booking_series.occurrences`); the other bookings of the
instrument start after the series' slot on its days (`reserved`)."""

from __future__ import annotations

import datetime as dt
import random

from hubdesk.db.enums import RecurFrequency
from hubdesk.demo.context import KST, UTC, Context
from hubdesk.demo.facilities import ResourceSpec
from hubdesk.domain import clock
from hubdesk.domain.booking_series import Rule, occurrences

SLOT = (dt.time(10, 0), 13)                 # the weekly series: Thursdays from 10:00, three hours or so
CALIBRATION = (dt.time(7, 0), dt.time(9, 0))


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, KST).astimezone(UTC)


def _rule_row(rule: Rule) -> dict:
    return {"frequency": rule.frequency, "repeat_interval": rule.interval,
            "weekdays": ",".join(map(str, rule.weekdays)) or None, "starts_on": rule.starts_on,
            "until_on": rule.until_on, "occurrence_count": rule.count, "start_time": rule.start_time,
            "end_time": rule.end_time, "timezone": clock.DEFAULT_ZONE}


def maintenance(ctx: Context, spec: ResourceSpec) -> None:
    """A monthly calibration, 07:00-09:00 on the 15th, over the horizon and a quarter after it
    (a day with a whole-day window is skipped)."""
    start, end = ctx.horizon
    rule = Rule(RecurFrequency.MONTHLY, dt.date(start.year, start.month, 15), *CALIBRATION,
                until_on=end + dt.timedelta(days=92))
    row = ctx.writer.add("maintenance_series", {"resource_id": spec.id, "kind": "maintenance",
                                                "note": "월간 정기 검교정", **_rule_row(rule)},
                         stamp=ctx.stamp_on(start - dt.timedelta(days=20)))
    for day in occurrences(rule):
        if day in spec.blocked:
            continue
        ctx.writer.add("maintenance_window", {
            "resource_id": spec.id, "kind": "maintenance", "starts_at": _at(day, CALIBRATION[0]),
            "ends_at": _at(day, CALIBRATION[1]), "note": "월간 정기 검교정", "series_id": row["id"],
        }, stamp=ctx.stamp_on(start - dt.timedelta(days=20)))


def weekly_bookings(ctx: Context, maker, spec: ResourceSpec, org, closed: set[dt.date],
                    rng: random.Random) -> dict[dt.date, int]:
    """A weekly series on Thursdays from eight weeks ago to the end of the demo's horizon (the
    current quarter, as every demo booking); returns the days it holds and the hour from which the
    instrument is free again on each (after the changeover)."""
    hours = max(spec.min_units, min(3, spec.max_units))
    rule = Rule(RecurFrequency.WEEKLY, ctx.today - dt.timedelta(days=ctx.today.weekday() + 4 + 7 * 7),
                SLOT[0], dt.time(SLOT[0].hour + hours), weekdays=(3,), until_on=ctx.horizon[1])
    row = ctx.writer.add("booking_series", {
        "resource_id": spec.id, "organization_id": org.id, "purpose": "주간 정기 분석 (시리즈)", "campaign": None,
        "holiday_override": False, "requested_by": org.contacts[0][1] if org.contacts else None, **_rule_row(rule),
    }, stamp=ctx.stamp_on(rule.starts_on - dt.timedelta(days=10)))
    reserved = {}
    for day in occurrences(rule):
        if day in closed or day in spec.blocked:      # skipped, as the series dialog skips them
            continue
        maker.booking(rng, spec, org, _at(day, SLOT[0]), _at(day, rule.end_time), hours, None, False,
                      series_id=row["id"], purpose="주간 정기 분석 (시리즈)")
        reserved[day] = SLOT[0].hour + hours + int(spec.changeover_hours + 0.999)
    return reserved
