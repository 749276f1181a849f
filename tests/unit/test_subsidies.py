"""Facility subsidies and booking quotas through hubdesk.domain.subsidies, on SQLite and
PostgreSQL: a quota of subsidised hours runs out in the middle of a booking and the fee frozen at
approval splits (hours within it subsidised, the rest at the normal rate); the booking editor's
sentence says so before saving; a share and an amount split too; a booking quota refuses a booking
past it with a sentence; the usage figures and the quarterly figures show the subsidy."""

from __future__ import annotations

import datetime as dt

import pytest

from hubdesk.db.enums import BookingStatus, ParticipantRole, SubsidyKind, SubsidyPeriod
from hubdesk.db.schema import Booking
from hubdesk.domain import subsidies as S
from hubdesk.domain.bookings import (BookingRefused, BookingRequest, change_status, check_and_estimate,
                                     create_booking, update_booking_times)
from hubdesk.domain.participants import ParticipantInput, add_participant
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst, make_program, make_resource


def _world(s, *, participant=True):
    w = booking_world(s, fee_per_unit_krw=50_000)
    w.program = make_program(s, "Bio voucher 2026")
    if participant:
        add_participant(s, w.program.id, ParticipantInput(organization_id=w.org_id, role=ParticipantRole.BENEFICIARY,
                                                          joined_on=dt.date(2026, 1, 1)))
    return w


def _book(s, w, start, end, *, approve=True):
    booking = create_booking(s, BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                               starts_at=start, ends_at=end))
    if approve:
        change_status(s, booking.id, BookingStatus.APPROVED)
    return booking


def test_a_quota_of_hours_runs_out_in_the_middle_of_a_booking_and_the_fee_splits(any_db):
    with any_db.write() as s:
        w = _world(s)
        S.save_subsidy(s, w.program.id, None, kind=SubsidyKind.HOURS, value=8, period=SubsidyPeriod.QUARTER,
                       valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31), resource_ids=[w.resource_id])
        first = _book(s, w, kst(2026, 5, 4, 9), kst(2026, 5, 4, 14))            # 5 h, all within the 8
        assert (first.fee_krw, first.subsidy_krw, first.subsidised_units) == (250_000, 250_000, 5)
        assert S.frozen_split(first) == (250_000, 250_000, 0)
        # the editor says it before saving: 3 of the next 5 hours are left in the quota
        request = BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                 starts_at=kst(2026, 5, 6, 9), ends_at=kst(2026, 5, 6, 14))
        problems, fee, why, split = check_and_estimate(s, request)
        assert (problems, fee, why) == ([], 250_000, None)
        assert (split.full_krw, split.subsidy_krw, split.pays_krw, split.subsidised_units) == (
            250_000, 150_000, 100_000, 3)
        assert split.sentence() == ("3 of 5 hours are subsidised by Bio voucher 2026; 2 hours at the normal rate.")
        second = _book(s, w, kst(2026, 5, 6, 9), kst(2026, 5, 6, 14))
        assert (second.fee_krw, second.subsidy_krw, second.subsidised_units) == (250_000, 150_000, 3)
        assert S.frozen_split(second) == (250_000, 150_000, 100_000)
        # the quota is used up for the quarter: a third booking pays the normal rate ...
        third = _book(s, w, kst(2026, 5, 8, 9), kst(2026, 5, 8, 11))
        assert (third.subsidy_krw, third.subsidised_units, third.subsidy_id) == (0, 0, second.subsidy_id)
        # ... and the next quarter starts afresh
        july = _book(s, w, kst(2026, 7, 1, 9), kst(2026, 7, 1, 11))
        assert july.subsidy_krw == 100_000
        # a cancelled booking gives its hours back; moving a booking works the split out again
        change_status(s, first.id, BookingStatus.CANCELLED)
        moved = update_booking_times(s, third.id, kst(2026, 5, 8, 9), kst(2026, 5, 8, 12))
        assert (moved.fee_krw, moved.subsidy_krw, moved.subsidised_units) == (150_000, 150_000, 3)
        # what each program paid, per the usage figures' period
        assert S.subsidy_paid_by_program(s, dt.date(2026, 4, 1), dt.date(2026, 7, 1)) == [
            {"program_id": w.program.id, "program": "Bio voucher 2026", "bookings": 2, "subsidy_krw": 300_000}]


def test_share_and_amount_subsidies_and_who_they_apply_to(any_db):
    with any_db.write() as s:
        w = _world(s)
        other = make_resource(s, w.facility, "Suite C")
        S.save_subsidy(s, w.program.id, None, kind=SubsidyKind.SHARE, value=30, resource_ids=[other.id])
        amount = S.save_subsidy(s, w.program.id, None, kind=SubsidyKind.AMOUNT, value=120_000,
                                period=SubsidyPeriod.YEAR)
        a = _book(s, w, kst(2026, 5, 4, 9), kst(2026, 5, 4, 11))                   # 100,000: all paid
        assert (a.subsidy_id, a.subsidy_krw) == (amount.id, 100_000)
        request = BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                 starts_at=kst(2026, 5, 5, 9), ends_at=kst(2026, 5, 5, 12))
        split = check_and_estimate(s, request)[3]
        assert (split.subsidy_krw, split.pays_krw, split.left_after) == (20_000, 130_000, 0)
        assert split.sentence() == ("Bio voucher 2026 pays ₩20,000 of the fee of ₩150,000; ₩0 of its subsidy "
                                    "for 2026 is left after this booking.")
        # the share applies only on the resource it lists: there it pays more than the spent amount
        split = S.split_fee(s, organization_id=w.org_id, resource=other, starts_at=kst(2026, 5, 5, 9), units=3,
                            full_krw=150_000)
        assert (split.kind, split.subsidy_krw, split.pays_krw) == (SubsidyKind.SHARE, 45_000, 105_000)
        # an organization outside the program gets nothing; nor does one after its subsidy ended
        assert S.split_fee(s, organization_id=w.org_id, resource=other, starts_at=kst(2025, 5, 5, 9), units=3,
                           full_krw=150_000).subsidy_id is None
        with pytest.raises(DomainError, match="cannot be removed"):
            S.remove_subsidy(s, amount.id)
        with pytest.raises(DomainError, match="at most 100%") as exc:
            S.save_subsidy(s, w.program.id, None, kind="share", value=120)
        assert exc.value.field == "value"
        with pytest.raises(DomainError, match="before it starts"):
            S.save_subsidy(s, w.program.id, None, kind="hours", value=5, valid_from=dt.date(2026, 5, 1),
                           valid_to=dt.date(2026, 4, 1))


def test_a_booking_quota_refuses_a_booking_past_it(any_db):
    with any_db.write() as s:
        w = _world(s, participant=False)
        S.save_quota(s, None, organization_id=w.org_id, resource_id=w.resource_id, hours=6,
                     period=SubsidyPeriod.QUARTER)
        _book(s, w, kst(2026, 5, 4, 9), kst(2026, 5, 4, 13), approve=False)       # 4 of 6 hours
        with pytest.raises(BookingRefused) as exc:
            _book(s, w, kst(2026, 5, 6, 9), kst(2026, 5, 6, 12), approve=False)   # 3 more: 7 > 6
        assert exc.value.code == "quota"
        assert exc.value.message == ("Hanbit Bio may book Suite B-1 for at most 6 hours in 2026Q2: 4 hours are "
                                     "already booked, so 3 more would go past the quota. Book a shorter time, or "
                                     "ask a manager to raise the quota.")
        ok = _book(s, w, kst(2026, 5, 6, 9), kst(2026, 5, 6, 11), approve=False)   # 2 more: exactly 6
        assert ok.units == 2
        _book(s, w, kst(2026, 7, 1, 9), kst(2026, 7, 1, 15), approve=False)         # a new quarter
        with pytest.raises(DomainError, match="already has a quota"):
            S.save_quota(s, None, organization_id=w.org_id, resource_id=w.resource_id, hours=10)
        assert s.query(Booking).count() == 3
