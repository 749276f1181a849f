"""Bookings as .ics: parsed back with icalendar, times in the facility's zone with its VTIMEZONE."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from hubdesk.db.enums import BookingStatus, BookingUnit
from hubdesk.db.schema import Booking
from hubdesk.errors import DomainError
from hubdesk.interchange.calendar_export import export_calendar
from tests.factories import booking_world, kst, make_facility, make_resource


def _booking(s, w, resource, start, end, status=BookingStatus.CONFIRMED, units=1, **fields):
    b = Booking(resource=resource, organization=w.org, starts_at=start, ends_at=end, units=units, status=status,
                **fields)
    s.add(b)
    s.flush()
    return b


def test_resource_calendar_has_events_in_the_facility_zone(db, tmp_path):
    with db.write() as s:
        w = booking_world(s)
        hanoi = make_facility(s, "Hanoi partner lab", timezone="Asia/Ho_Chi_Minh")
        hanoi_room = make_resource(s, hanoi, "QC room", booking_unit=BookingUnit.DAY)
        a = _booking(s, w, w.resource, kst(2026, 3, 3, 9), kst(2026, 3, 3, 12), units=3,
                     purpose="Fill & finish", campaign="LOT-7")
        b = _booking(s, w, w.resource, kst(2026, 3, 4, 14), kst(2026, 3, 4, 15), status=BookingStatus.CANCELLED)
        _booking(s, w, hanoi_room, dt.datetime(2026, 3, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
                 dt.datetime(2026, 3, 7, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), units=2)
        hanoi_hplc = make_resource(s, hanoi, "HPLC")
        _booking(s, w, hanoi_hplc, dt.datetime(2026, 3, 9, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
                 dt.datetime(2026, 3, 9, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), units=2)
        resource_id, org_id, uid_a, uid_b = w.resource_id, w.org_id, a.uid, b.uid
    path = tmp_path / "suite.ics"

    assert export_calendar(db, path, resource_id=resource_id) == 2

    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["version"]) == "2.0" and "hubdesk" in str(cal["prodid"])
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Seoul"]
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    first = events[f"{uid_a}@hubdesk"]
    start = first.decoded("dtstart")
    assert start == kst(2026, 3, 3, 9) and start.tzinfo.key == "Asia/Seoul"
    assert first["dtstart"].params["TZID"] == "Asia/Seoul"
    assert first.decoded("dtend") == kst(2026, 3, 3, 12)
    assert str(first["summary"]) == "Suite B-1 – Hanbit Bio"
    assert str(first["location"]) == "GMP Plant 1"
    assert str(first["status"]) == "CONFIRMED"
    assert "Fill & finish" in str(first["description"]) and "LOT-7" in str(first["description"])
    assert str(events[f"{uid_b}@hubdesk"]["status"]) == "CANCELLED"

    org_path = tmp_path / "org.ics"
    assert export_calendar(db, org_path, organization_id=org_id) == 4
    cal = Calendar.from_ical(org_path.read_bytes())
    assert sorted(str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")) == ["Asia/Ho_Chi_Minh", "Asia/Seoul"]
    day = next(e for e in cal.walk("VEVENT") if "QC room" in str(e["summary"]))
    assert day.decoded("dtstart") == dt.date(2026, 3, 5) and day.decoded("dtend") == dt.date(2026, 3, 7)
    hplc = next(e for e in cal.walk("VEVENT") if "HPLC" in str(e["summary"]))
    assert hplc["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert hplc.decoded("dtstart").astimezone(dt.timezone.utc) == dt.datetime(2026, 3, 9, 1, tzinfo=dt.timezone.utc)


def test_calendar_needs_one_existing_target(db, tmp_path):
    with pytest.raises(DomainError, match="either a resource or an organization"):
        export_calendar(db, tmp_path / "x.ics")
    with pytest.raises(DomainError, match="does not exist"):
        export_calendar(db, tmp_path / "x.ics", resource_id=999)
