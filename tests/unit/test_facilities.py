"""Facilities, resources, windows and qualifications through hubdesk.domain.facilities, on real
databases: each check refuses with a sentence and writes nothing; requalification due dates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.audit import acting_as
from hubdesk.db.enums import (BookingStatus, BookingUnit, FacilityKind, ResourceKind, ResourceStatus, Role,
                              WindowKind)
from hubdesk.db.schema import Booking, Facility, MaintenanceWindow, Qualification, Resource
from hubdesk.domain import facilities as F
from hubdesk.domain.bookings import BookingRequest, check_booking
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst, make_contact, make_facility, make_org, make_resource

RESOURCE = dict(kind=ResourceKind.SUITE, booking_unit=BookingUnit.HOUR)


def count(s, model) -> int:
    return s.scalar(select(func.count()).select_from(model))


def test_requalification_due_and_overdue():
    day = dt.date(2026, 3, 1)
    assert F.requalification_due(day, 30) == dt.date(2026, 3, 31)
    assert F.requalification_due(day, None) is None and F.requalification_due(None, 30) is None
    assert not F.requalification_overdue(day, 30, dt.date(2026, 3, 31))       # due that day: still fine
    assert F.requalification_overdue(day, 30, dt.date(2026, 4, 1))
    assert F.requalification_overdue(None, 30, day)                             # never qualified
    assert not F.requalification_overdue(None, None, day)                       # no interval: never due


def test_the_booking_rule_uses_the_same_due_date(db):
    with db.write() as s:
        w = booking_world(s, requalification_days=30, last_qualified_on=dt.date(2026, 3, 1))
        request = lambda d: BookingRequest(w.resource_id, w.org_id, kst(2026, 3, d, 9), kst(2026, 3, d, 10))  # noqa: E731
        assert not [p for p in check_booking(s, request(31)) if p.code == "requalification_overdue"]
        problems = [p for p in check_booking(s, request(30)) if p.code == "requalification_overdue"]
        assert not problems
        w.resource.last_qualified_on = dt.date(2026, 2, 1)   # due 2026-03-03
        problems = [p for p in check_booking(s, request(4)) if p.code == "requalification_overdue"]
        assert problems and "must be requalified by 2026-03-03" in problems[0].message


def test_facility_needs_a_name_and_a_real_time_zone(any_db):
    with any_db.write() as s:
        with pytest.raises(DomainError, match="Give the facility a name") as exc:
            F.save_facility(s, None, name="  ", kind=FacilityKind.GMP_PLANT)
        assert exc.value.field == "name"
        with pytest.raises(DomainError, match="“Mars/Olympus” is not a time zone") as exc:
            F.save_facility(s, None, name="Osong", kind=FacilityKind.GMP_PLANT, timezone="Mars/Olympus")
        assert exc.value.field == "timezone"
        with pytest.raises(DomainError, match="at most 300 characters"):
            F.save_facility(s, None, name="x" * 301, kind=FacilityKind.GMP_PLANT)
        assert count(s, Facility) == 0
        f = F.save_facility(s, None, name=" Osong  GMP ", kind="gmp_plant", licence_no=" L-1 ", timezone="",
                            licence_expires_on=dt.date(2027, 1, 1))
        assert (f.name, f.kind, f.licence_no, f.timezone) == ("Osong  GMP", FacilityKind.GMP_PLANT, "L-1",
                                                              "Asia/Seoul")
        again = F.save_facility(s, f.id, name="Osong", kind=FacilityKind.CELL_PROCESSING, timezone="Asia/Ho_Chi_Minh")
        assert again is f and (f.name, f.timezone, f.licence_no) == ("Osong", "Asia/Ho_Chi_Minh", None)
        with pytest.raises(DomainError, match="Facility number 999 does not exist"):
            F.save_facility(s, 999, name="Ghost", kind=FacilityKind.GMP_PLANT)


def test_only_an_administrator_changes_facilities(db):
    with db.write() as s:
        facility_id = make_facility(s, "Osong").id
    with acting_as("clerk", Role.STAFF), pytest.raises(DomainError, match="does not allow"):
        with db.write() as s:
            F.save_facility(s, facility_id, name="Renamed", kind=FacilityKind.GMP_PLANT)
    with db.read() as s:
        assert s.get(Facility, facility_id).name == "Osong"


def test_resource_checks(any_db):
    with any_db.write() as s:
        facility = make_facility(s)
        with pytest.raises(DomainError, match="Give the resource a name"):
            F.save_resource(s, facility.id, None, name="", **RESOURCE)
        with pytest.raises(DomainError, match="maximum number of units must be at least the minimum") as exc:
            F.save_resource(s, facility.id, None, name="Freeze dryer", min_units=3, max_units=2, **RESOURCE)
        assert exc.value.field == "max_units"
        with pytest.raises(DomainError, match="at least one unit"):
            F.save_resource(s, facility.id, None, name="Freeze dryer", min_units=0, **RESOURCE)
        with pytest.raises(DomainError, match="changeover cannot be negative"):
            F.save_resource(s, facility.id, None, name="Freeze dryer", changeover_hours=-1, **RESOURCE)
        with pytest.raises(DomainError, match="Facility number 4040 does not exist"):
            F.save_resource(s, 4040, None, name="Freeze dryer", **RESOURCE)
        assert count(s, Resource) == 0
        r = F.save_resource(s, facility.id, None, name="Freeze dryer", code=" FD-1 ", min_units=1, max_units=7,
                            changeover_hours=1.5, requalification_days=0, status="available", **RESOURCE)
        assert (r.code, r.requalification_days, r.changeover_hours, r.facility_id) == ("FD-1", None, 1.5, facility.id)
        F.save_resource(s, facility.id, r.id, name="Freeze dryer", requalification_days=365,
                        last_qualified_on=dt.date(2026, 1, 5), status=ResourceStatus.OUT_OF_SERVICE, **RESOURCE)
        assert (r.requalification_days, r.status) == (365, ResourceStatus.OUT_OF_SERVICE)


def test_booked_resource_and_facility_with_resources_are_not_removed(db):
    with db.write() as s:
        w = booking_world(s)
        s.add(Booking(resource=w.resource, organization=w.org, starts_at=kst(2026, 3, 3, 9),
                      ends_at=kst(2026, 3, 3, 10), units=1, status=BookingStatus.REQUESTED))
        spare = make_resource(s, w.facility, "Spare")
        with pytest.raises(DomainError, match="Suite B-1 has 1 booking.*retired"):
            F.remove_resource(s, w.resource_id)
        with pytest.raises(DomainError, match="GMP Plant 1 still has 2 resources"):
            F.remove_facility(s, w.facility.id)
        F.remove_resource(s, spare.id)
        assert s.get(Resource, spare.id) is None and s.get(Resource, w.resource_id) is not None
        empty = make_facility(s, "Empty")
        F.remove_facility(s, empty.id)
        assert s.get(Facility, empty.id) is None


def test_window_must_end_after_it_starts(any_db):
    with any_db.write() as s:
        resource = make_resource(s)
        with pytest.raises(DomainError, match="must end after it starts") as exc:
            F.save_window(s, resource.id, None, kind=WindowKind.MAINTENANCE, starts_at=kst(2026, 6, 1, 9),
                          ends_at=kst(2026, 6, 1, 8))
        assert exc.value.field == "ends_at"
        with pytest.raises(ValueError, match="timezone-aware"):
            F.save_window(s, resource.id, None, kind=WindowKind.MAINTENANCE, starts_at=dt.datetime(2026, 6, 1),
                          ends_at=kst(2026, 6, 2))
        assert count(s, MaintenanceWindow) == 0
        w = F.save_window(s, resource.id, None, kind="requalification", starts_at=kst(2026, 6, 1, 9),
                          ends_at=kst(2026, 6, 2, 18), note="  ")
        assert w.kind is WindowKind.REQUALIFICATION and w.note is None
        F.save_window(s, resource.id, w.id, kind=WindowKind.REQUALIFICATION, starts_at=w.starts_at,
                      ends_at=w.ends_at, note="Annual")
        assert w.note == "Annual"
        F.remove_window(s, w.id)
        F.remove_window(s, w.id)          # already gone: nothing to do
        assert count(s, MaintenanceWindow) == 0


def test_qualification_checks(any_db):
    with any_db.write() as s:
        resource = make_resource(s)
        org, other = make_org(s, "Hanbit Bio"), make_org(s, "Other Co")
        alice, stranger = make_contact(s, org, "Alice Kim"), make_contact(s, other, "Stranger")
        dates = dict(granted_on=dt.date(2026, 1, 1), valid_until=dt.date(2026, 12, 31))
        with pytest.raises(DomainError, match="Choose the organization"):
            F.save_qualification(s, resource.id, None, organization_id=None, **dates)
        with pytest.raises(DomainError, match="valid until a day on or after") as exc:
            F.save_qualification(s, resource.id, None, organization_id=org.id, granted_on=dt.date(2026, 2, 1),
                                 valid_until=dt.date(2026, 1, 31))
        assert exc.value.field == "valid_until"
        with pytest.raises(DomainError, match="not one of the organization's contacts"):
            F.save_qualification(s, resource.id, None, organization_id=org.id, contact_id=stranger.id, **dates)
        with pytest.raises(DomainError, match="Organization number 777 does not exist"):
            F.save_qualification(s, resource.id, None, organization_id=777, **dates)
        assert count(s, Qualification) == 0
        q = F.save_qualification(s, resource.id, None, organization_id=org.id, contact_id=alice.id, **dates)
        F.save_qualification(s, resource.id, q.id, organization_id=org.id, contact_id=None, **dates)
        assert (q.contact_id, q.organization_id) == (None, org.id)
        F.remove_qualification(s, q.id)
        assert count(s, Qualification) == 0
