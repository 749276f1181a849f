"""The booking rules other modules used to copy, now defined once in the domain: the changeover
tail the timeline draws, the statuses that carry a frozen fee, creating a booking in another
status (the import), and the quarter lock for bulk writes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hubdesk.db.enums import BookingStatus
from hubdesk.db.schema import Booking, IssuedReport
from hubdesk.domain import report_lock
from hubdesk.domain.booking_rules import changeover_tail
from hubdesk.domain.booking_status import FEE_FROZEN_STATUSES, MOVABLE_STATUSES, TRANSITIONS
from hubdesk.domain.bookings import (BookingRefused, BookingRequest, booking_problems, change_status,
                                     create_booking, new_booking)
from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst

S = BookingStatus
TWO_HOURS = dt.timedelta(hours=2)


def test_changeover_tail():
    assert changeover_tail(2, S.CONFIRMED, "lot-1") == TWO_HOURS
    assert changeover_tail(2, S.CONFIRMED, "lot-1", "LOT-1 ") == dt.timedelta(0)   # same campaign follows
    assert changeover_tail(2, S.CONFIRMED, None, None) == TWO_HOURS                 # no campaign is not shared
    assert changeover_tail(2, S.COMPLETED, "lot-1") == dt.timedelta(0)              # holds no slot
    assert changeover_tail(None, S.REQUESTED, None) == dt.timedelta(0)
    assert changeover_tail(1.5, S.REQUESTED, "a", "b") == dt.timedelta(minutes=90)


def test_fee_frozen_statuses_are_those_reached_through_approval():
    reached = {S.APPROVED}
    while True:
        more = {t for s in reached for t in TRANSITIONS[s] if t is not S.CANCELLED} - reached
        if not more:
            break
        reached |= more
    assert set(FEE_FROZEN_STATUSES) == reached
    assert set(MOVABLE_STATUSES) == {S.REQUESTED, S.APPROVED, S.CONFIRMED}


def test_a_booking_approved_later_freezes_the_same_fee_as_one_created_approved(db):
    with db.write() as s:
        w = booking_world(s, fee_per_unit_krw=40_000)
        one = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 3, 9), kst(2026, 3, 3, 12)))
        change_status(s, one.id, S.APPROVED)
        two = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 4, 9), kst(2026, 3, 4, 12)),
                             status=S.APPROVED, note="imported", requested_by="importer")
        assert one.fee_krw == two.fee_krw == 120_000
        assert [(h.from_status, h.to_status, h.note) for h in two.history] == [(None, S.APPROVED, "imported")]
        assert two.requested_by == "importer"
        given = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 5, 9), kst(2026, 3, 5, 10)),
                               status=S.COMPLETED, fee_krw=1)
        assert given.fee_krw == 1                      # a fee from elsewhere (the file) is kept
        requested = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 6, 9),
                                                     kst(2026, 3, 6, 10)))
        assert requested.fee_krw is None               # an estimate until approved


def test_history_is_checked_for_its_shape_only(db):
    with db.write() as s:
        w = booking_world(s)
        create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 3, 9), kst(2026, 3, 3, 12)))
        overlapping = BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 3, 10), kst(2026, 3, 3, 11))
        assert [p.code for p in booking_problems(s, overlapping, w.resource, S.REQUESTED)] == ["overlap"]
        assert booking_problems(s, overlapping, w.resource, S.CANCELLED) == []
        ragged = BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 3, 10), kst(2026, 3, 3, 10, 30))
        assert [p.code for p in booking_problems(s, ragged, w.resource, S.COMPLETED)] == ["whole_units"]
        with pytest.raises(BookingRefused, match="already booked"):
            create_booking(s, overlapping, status=S.CONFIRMED)
        row = new_booking(s, overlapping, w.resource, status=S.COMPLETED)
        assert row not in s and (row.units, row.fee_krw) == (1, 50_000) and row.uid


def test_bulk_lock_check_uses_the_hooks_sentence(db):
    with db.write() as s:
        w = booking_world(s)
        s.add(IssuedReport(year=2026, quarter=1, figures={}, issued_at=dt.datetime(2026, 4, 10, tzinfo=dt.timezone.utc)))
    with db.write() as s:
        check = report_lock.BulkLockCheck(s)
        check.check(dt.date(2026, 4, 1))                           # Q2 is open
        with pytest.raises(DomainError) as bulk:
            check.check(dt.date(2026, 3, 31))
        with pytest.raises(DomainError) as hook:
            create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 3, 9), kst(2026, 3, 3, 12)))
    assert bulk.value.message == hook.value.message and bulk.value.code == hook.value.code == "quarter_locked"
    assert "2026Q1 were issued" in bulk.value.message
    assert str(report_lock.locked_error(Quarter(2026, 1), dt.datetime(2026, 4, 10, tzinfo=dt.timezone.utc))) == \
        bulk.value.message
    with db.read() as s:
        assert s.scalars(select(Booking)).all() == []               # the refused booking was not left pending
