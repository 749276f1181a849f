"""A resource's incident log through hubdesk.domain.incidents, on SQLite and PostgreSQL: the checks
refuse with a sentence and write nothing; downtime blocks bookings and comes out of utilisation;
an incident voiding qualification blocks the resource until it is requalified; bookings inside a
downtime are listed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.audit import acting_as
from hubdesk.db.enums import BookingStatus, IncidentKind, Role
from hubdesk.db.schema import ResourceIncident
from hubdesk.domain import incidents as I
from hubdesk.domain.bookings import BookingRequest, change_status, check_booking, create_booking
from hubdesk.domain.utilisation import facility_figures
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst


def count(s) -> int:
    return s.scalar(select(func.count()).select_from(ResourceIncident))


def _incident(s, resource_id, **fields):
    values = dict(occurred_at=kst(2026, 5, 4, 8), kind=IncidentKind.BREAKDOWN,
                  description="HVAC fan failure", reported_by="Park Jiyoung")
    values.update(fields)
    return I.save_incident(s, resource_id, None, **values)


def test_checks_refuse_with_a_sentence_and_write_nothing(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        with pytest.raises(DomainError, match="Resource number 999 does not exist"):
            _incident(s, 999)
        with pytest.raises(DomainError, match="Choose what kind of incident") as exc:
            _incident(s, w.resource_id, kind="explosion")
        assert exc.value.field == "kind"
        with pytest.raises(DomainError, match="Describe what happened") as exc:
            _incident(s, w.resource_id, description="   ")
        assert exc.value.field == "description"
        with pytest.raises(DomainError, match="must end after it starts") as exc:
            _incident(s, w.resource_id, down_from=kst(2026, 5, 4, 9), down_until=kst(2026, 5, 4, 9))
        assert exc.value.field == "down_until"
        with pytest.raises(DomainError, match="has an end but no start") as exc:
            _incident(s, w.resource_id, down_until=kst(2026, 5, 4, 9))
        assert exc.value.field == "down_from"
        assert count(s) == 0
        incident = _incident(s, w.resource_id, down_from=kst(2026, 5, 4, 8))        # open downtime
        assert (incident.kind, incident.down_until, incident.reported_by) == (
            IncidentKind.BREAKDOWN, None, "Park Jiyoung")
        changed = I.save_incident(s, w.resource_id, incident.id, occurred_at=kst(2026, 5, 4, 8),
                                  kind="repair", description=" Fan replaced ", down_from=kst(2026, 5, 4, 8),
                                  down_until=kst(2026, 5, 6, 18))
        assert changed is incident and (incident.kind, incident.description) == (IncidentKind.REPAIR, "Fan replaced")
        assert [i.id for i in I.incidents_of(s, w.resource_id)] == [incident.id]
        I.remove_incident(s, incident.id)
        assert count(s) == 0


def test_only_managers_write_incidents(db):
    with db.write() as s:
        resource_id = booking_world(s).resource_id
    with acting_as("clerk", Role.STAFF), pytest.raises(DomainError, match="does not allow"):
        with db.write() as s:
            _incident(s, resource_id)
    with acting_as("boss", Role.MANAGER), db.write() as s:
        _incident(s, resource_id)


def test_downtime_is_not_bookable_and_open_downtime_blocks_everything_after(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        request = lambda d, h=9: BookingRequest(w.resource_id, w.org_id, kst(2026, 5, d, h), kst(2026, 5, d, h + 1))  # noqa: E731
        _incident(s, w.resource_id, down_from=kst(2026, 5, 4, 8), down_until=kst(2026, 5, 5, 12))
        problems = [p for p in check_booking(s, request(4)) if p.code == "incident_downtime"]
        assert problems and "is down on 2026-05-04 08:00–2026-05-05 12:00 (Asia/Seoul)" in problems[0].message
        assert "HVAC fan failure" in problems[0].message
        assert not [p for p in check_booking(s, request(5, 13)) if p.code == "incident_downtime"]
        _incident(s, w.resource_id, kind=IncidentKind.DEVIATION, description="Particle count out of limits",
                  occurred_at=kst(2026, 5, 11, 7), down_from=kst(2026, 5, 11, 7))
        later = [p for p in check_booking(s, request(28)) if p.code == "incident_downtime"]
        assert later and "no end recorded" in later[0].message and "Particle count" in later[0].message
        assert not [p for p in check_booking(s, request(8)) if p.code == "incident_downtime"]
        with pytest.raises(DomainError, match="is down on"):
            create_booking(s, request(4, 10))


def test_bookings_inside_a_downtime_are_listed(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        made = [create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 6, d, 9), kst(2026, 6, d, 12)))
                for d in (8, 9, 10, 16)]
        change_status(s, made[1].id, BookingStatus.CANCELLED)
        incident = _incident(s, w.resource_id, down_from=kst(2026, 6, 8, 10), down_until=kst(2026, 6, 11))
        assert [b.id for b in I.bookings_in_downtime(s, incident.id)] == [made[0].id, made[2].id]
        still_down = _incident(s, w.resource_id, down_from=kst(2026, 6, 10, 11))
        assert [b.id for b in I.bookings_in_downtime(s, still_down.id)] == [made[2].id, made[3].id]
        assert I.bookings_in_downtime(s, _incident(s, w.resource_id).id) == []        # no downtime


def test_downtime_lowers_utilisation(any_db):
    start, end = dt.date(2026, 6, 15), dt.date(2026, 6, 24)      # no holiday in it
    with any_db.write() as s:
        w = booking_world(s)
        before = facility_figures(s, start, end).bookable_days
        _incident(s, w.resource_id, down_from=kst(2026, 6, 16, 15), down_until=kst(2026, 6, 18, 10))   # 3 days
        assert facility_figures(s, start, end).bookable_days == before - 3
        _incident(s, w.resource_id, down_from=kst(2026, 6, 22, 9))            # open: to the end of the period
        assert facility_figures(s, start, end).bookable_days == before - 6


def test_an_incident_voiding_qualification_blocks_the_resource_until_requalified(any_db):
    with any_db.write() as s:
        w = booking_world(s, requalification_days=365, last_qualified_on=dt.date(2026, 1, 10))
        request = lambda d: BookingRequest(w.resource_id, w.org_id, kst(2026, 5, d, 9), kst(2026, 5, d, 10))  # noqa: E731
        codes = lambda d: {p.code for p in check_booking(s, request(d))}  # noqa: E731
        assert "qualification_voided" not in codes(20)
        _incident(s, w.resource_id, kind=IncidentKind.DEVIATION, description="Pressure cascade lost",
                  occurred_at=kst(2026, 5, 12, 23), voids_qualification=True)
        assert "qualification_voided" not in codes(11)                          # before the incident
        problems = [p for p in check_booking(s, request(20)) if p.code == "qualification_voided"]
        assert problems and "An incident on 2026-05-12" in problems[0].message
        assert "Pressure cascade lost" in problems[0].message
        assert I.voided_on(s, [w.resource])[w.resource_id][0] == dt.date(2026, 5, 12)
        w.resource.last_qualified_on = dt.date(2026, 5, 14)                     # requalified
        s.flush()
        assert "qualification_voided" not in codes(20)
        assert I.voided_on(s, [w.resource]) == {}
