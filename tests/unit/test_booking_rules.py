"""Every booking rule, on both sides of its boundary, on a real SQLite file (and the key ones on
PostgreSQL too through `any_db`)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import event, select, update

from hubdesk.db.enums import BookingStatus, BookingUnit, ResourceStatus, WindowKind
from hubdesk.db.schema import Booking, BookingStatusChange, Organization, Resource, ResourceRate
from hubdesk.domain.booking_status import TRANSITIONS
from hubdesk.domain.bookings import (BookingRequest, allowed_transitions, booking_fee, change_status,
                                     check_booking, create_booking, estimate_fee, update_booking_times)
from hubdesk.errors import DomainError
from tests.factories import (booking_world, kst, make_closure_day, make_contact, make_facility,
                             make_org, make_qualification, make_resource, make_window)

S = BookingStatus
DAY = dt.date(2026, 11, 24)  # a Tuesday, no holiday


def world(db, **resource_fields):
    with db.write() as s:
        return booking_world(s, **resource_fields)


def request(w, start, end, **kw) -> BookingRequest:
    return BookingRequest(resource_id=kw.pop("resource_id", w.resource_id),
                          organization_id=kw.pop("organization_id", w.org_id),
                          starts_at=start, ends_at=end, **kw)


def book(db, w, start, end, **kw) -> int:
    with db.write() as s:
        return create_booking(s, request(w, start, end, **kw), actor="tester").id


def problems(db, w, start, end, **kw):
    with db.read() as s:
        return check_booking(s, request(w, start, end, **kw))


def codes(db, w, start, end, **kw) -> list[str]:
    return [p.code for p in problems(db, w, start, end, **kw)]


def h(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return kst(day.year, day.month, day.day, hour, minute)


# ---------------------------------------------------------------- overlap and changeover


def test_touching_bookings_without_changeover_are_allowed_overlap_is_not(any_db):
    w = world(any_db)
    first = book(any_db, w, h(9), h(12))
    assert codes(any_db, w, h(12), h(15)) == []
    assert codes(any_db, w, h(6), h(9)) == []
    found = problems(any_db, w, h(11), h(14))
    assert [(p.code, p.booking_id) for p in found] == [("overlap", first)]
    assert "Hanbit Bio" in found[0].message and "Suite B-1" in found[0].message
    assert "2026-11-24 09:00–12:00" in found[0].message and "Asia/Seoul" in found[0].message
    assert codes(any_db, w, h(8), h(13)) == ["overlap"]  # covering it entirely


def test_changeover_buffer_applies_on_both_sides(any_db):
    w = world(any_db, changeover_hours=2)
    first = book(any_db, w, h(9), h(12))
    assert codes(any_db, w, h(14), h(16)) == []           # exactly 2 h after
    assert codes(any_db, w, h(5), h(7)) == []             # exactly 2 h before
    after = problems(any_db, w, h(13), h(15))
    before = problems(any_db, w, h(6), h(8))
    for found in (after, before):
        assert [(p.code, p.booking_id) for p in found] == [("changeover", first)]
        assert "changeover of 2 hours" in found[0].message
        assert "Hanbit Bio" in found[0].message and "09:00–12:00" in found[0].message


def test_fractional_changeover_is_named_in_the_sentence(db):
    w = world(db, changeover_hours=1.5)
    book(db, w, h(9), h(12))
    assert "1.5 hours" in problems(db, w, h(13), h(14))[0].message
    assert codes(db, w, h(13, 30), h(14, 30)) == []


def test_same_campaign_needs_no_changeover_but_still_cannot_overlap(any_db):
    w = world(any_db, changeover_hours=4)
    book(any_db, w, h(9), h(12), campaign="LOT-7")
    assert codes(any_db, w, h(12), h(14), campaign="LOT-7") == []
    assert codes(any_db, w, h(12), h(14), campaign=" lot-7 ") == []   # same campaign, typed loosely
    assert codes(any_db, w, h(11), h(14), campaign="LOT-7") == ["overlap"]
    assert codes(any_db, w, h(12), h(14), campaign="LOT-8") == ["changeover"]
    assert codes(any_db, w, h(12), h(14)) == ["changeover"]
    assert codes(any_db, w, h(12), h(14), campaign="  ") == ["changeover"]   # empty is no campaign


def test_no_campaign_on_either_side_is_not_a_shared_campaign(db):
    w = world(db, changeover_hours=1)
    book(db, w, h(9), h(12))
    assert codes(db, w, h(12), h(14)) == ["changeover"]


@pytest.mark.parametrize("status", [S.REJECTED, S.CANCELLED, S.NO_SHOW, S.COMPLETED])
def test_closed_bookings_free_their_slot(db, status):
    w = world(db, changeover_hours=2)
    first = book(db, w, h(9), h(12))
    with db.write() as s:
        s.execute(update(Booking).where(Booking.id == first).values(status=status))
    assert codes(db, w, h(9), h(12)) == []


@pytest.mark.parametrize("status", [S.REQUESTED, S.APPROVED, S.CONFIRMED, S.IN_USE])
def test_every_active_status_holds_its_slot(db, status):
    w = world(db)
    first = book(db, w, h(9), h(12))
    with db.write() as s:
        s.execute(update(Booking).where(Booking.id == first).values(status=status))
    assert codes(db, w, h(10), h(11)) == ["overlap"]


def test_other_resources_do_not_conflict(db):
    w = world(db, changeover_hours=2)
    book(db, w, h(9), h(12))
    with db.write() as s:
        other = make_resource(s, s.get(Resource, w.resource_id).facility, "Suite B-2").id
    assert codes(db, w, h(9), h(12), resource_id=other) == []


def test_a_long_booking_far_before_the_window_is_still_found(db):
    """The search seeks the latest earlier booking instead of scanning back a fixed distance."""
    w = world(db, booking_unit=BookingUnit.DAY, max_units=60)
    long_one = book(db, w, kst(2026, 10, 1), kst(2026, 11, 29), holiday_override=True)
    for start in range(2, 8):  # closed bookings between do not hide it
        with db.write() as s:
            s.add(Booking(resource_id=w.resource_id, organization_id=w.org_id, units=1,
                          starts_at=kst(2026, 11, start), ends_at=kst(2026, 11, start + 1),
                          status=S.CANCELLED))
    found = problems(db, w, kst(2026, 11, 26), kst(2026, 11, 27))
    assert [(p.code, p.booking_id) for p in found] == [("overlap", long_one)]


def test_conflicts_name_every_colliding_booking(db):
    w = world(db)
    a = book(db, w, h(8), h(10))
    b = book(db, w, h(11), h(13))
    assert [p.booking_id for p in problems(db, w, h(9), h(12))] == [a, b]


# ---------------------------------------------------------------- maintenance and resource state


@pytest.mark.parametrize("kind, words", [(WindowKind.MAINTENANCE, "closed for maintenance"),
                                         (WindowKind.REQUALIFICATION, "being requalified")])
def test_no_booking_over_a_maintenance_or_requalification_window(db, kind, words):
    w = world(db, changeover_hours=3)
    with db.write() as s:
        window = make_window(s, s.get(Resource, w.resource_id), h(9), h(12), kind=kind).id
    assert codes(db, w, h(12), h(14)) == []   # no changeover needed next to a window
    assert codes(db, w, h(7), h(9)) == []
    found = problems(db, w, h(11), h(13))
    assert [(p.code, p.window_id, p.conflict) for p in found] == [(f"window_{kind.value}", window, window)]
    assert words in found[0].message and "09:00–12:00" in found[0].message


def test_requalification_due_on_the_last_day_is_still_fine_one_day_later_is_overdue(db):
    w = world(db, requalification_days=30, last_qualified_on=DAY - dt.timedelta(days=30))
    assert codes(db, w, h(9), h(17)) == []
    assert codes(db, w, h(0), h(0, day=DAY + dt.timedelta(days=1))) == []   # ends at midnight: last day is DAY
    late = problems(db, w, h(9, day=DAY + dt.timedelta(days=1)), h(10, day=DAY + dt.timedelta(days=1)))
    assert [p.code for p in late] == ["requalification_overdue"]
    assert "2026-11-24" in late[0].message and "2026-10-25" in late[0].message


def test_never_qualified_resource_with_an_interval_cannot_be_booked(db):
    w = world(db, requalification_days=180)
    found = problems(db, w, h(9), h(10))
    assert [p.code for p in found] == ["requalification_overdue"]
    assert "every 180 days" in found[0].message


def test_resource_without_requalification_interval_needs_none(db):
    w = world(db, requalification_days=None, last_qualified_on=None)
    assert codes(db, w, h(9), h(10)) == []


@pytest.mark.parametrize("status, code", [(ResourceStatus.OUT_OF_SERVICE, "out_of_service"),
                                          (ResourceStatus.RETIRED, "retired")])
def test_out_of_service_or_retired_resource_cannot_be_booked(db, status, code):
    w = world(db, status=status)
    assert codes(db, w, h(9), h(10)) == [code]


# ---------------------------------------------------------------- qualifications of people


def _qualified_world(db, valid_until, *, org_level=False):
    w = world(db, requires_qualification=True)
    with db.write() as s:
        resource = s.get(Resource, w.resource_id)
        if org_level:
            make_qualification(s, resource, organization=s.get(Organization, w.org_id), valid_until=valid_until)
        else:
            make_qualification(s, resource, contact=w.alice, valid_until=valid_until)
    return w


def test_qualification_valid_until_the_last_day_is_enough(db):
    w = _qualified_world(db, DAY)
    assert codes(db, w, h(9), h(17), people=[w.alice.id]) == []


def test_qualification_expiring_the_day_before_is_not(db):
    w = _qualified_world(db, DAY - dt.timedelta(days=1))
    found = problems(db, w, h(9), h(17), people=[w.alice.id])
    assert [p.code for p in found] == ["not_qualified"]
    assert "Alice Kim" in found[0].message and "2026-11-24" in found[0].message


def test_qualification_must_cover_the_last_day_of_a_multi_day_booking(db):
    w = _qualified_world(db, DAY)
    assert codes(db, w, h(9), h(9, day=DAY + dt.timedelta(days=1)), people=[w.alice.id]) == ["not_qualified"]


def test_qualification_granted_after_the_booking_starts_does_not_cover_it(db):
    w = world(db, requires_qualification=True)
    with db.write() as s:
        make_qualification(s, s.get(Resource, w.resource_id), contact=w.alice,
                           granted_on=DAY + dt.timedelta(days=1))
    assert codes(db, w, h(9), h(10), people=[w.alice.id]) == ["not_qualified"]


def test_organization_level_qualification_covers_its_contacts_only(db):
    w = _qualified_world(db, DAY, org_level=True)
    assert codes(db, w, h(9), h(10), people=[w.alice.id, w.bob.id]) == []
    with db.write() as s:
        stranger = make_contact(s, make_org(s, "Other Co"), "Chi Nguyen").id
    found = problems(db, w, h(9), h(10), people=[w.alice.id, stranger])
    assert [p.code for p in found] == ["not_qualified"] and "Chi Nguyen" in found[0].message


def test_every_person_is_checked_and_each_unqualified_one_reported(db):
    w = _qualified_world(db, DAY)
    found = problems(db, w, h(9), h(10), people=[w.alice.id, w.bob.id])
    assert [p.code for p in found] == ["not_qualified"] and "Bob Lee" in found[0].message


def test_no_qualification_needed_when_the_resource_does_not_require_one(db):
    w = world(db, requires_qualification=False)
    assert codes(db, w, h(9), h(10), people=[w.alice.id, w.bob.id]) == []


def test_unknown_contact_is_reported(db):
    w = world(db)
    assert codes(db, w, h(9), h(10), people=[987654]) == ["contact_missing"]


# ---------------------------------------------------------------- length and units


def test_minimum_and_maximum_length_in_hours(db):
    w = world(db, min_units=2, max_units=4)
    assert codes(db, w, h(9), h(10)) == ["too_short"]
    assert codes(db, w, h(9), h(11)) == []
    assert codes(db, w, h(9), h(13)) == []
    found = problems(db, w, h(9), h(14))
    assert [p.code for p in found] == ["too_long"] and "at most 4 hours" in found[0].message


def test_hour_bookings_are_whole_hours_but_may_start_at_any_minute(db):
    w = world(db)
    assert codes(db, w, h(9), h(10, 30)) == ["whole_units"]
    assert codes(db, w, h(9, 30), h(11, 30)) == []
    with db.write() as s:
        assert create_booking(s, request(w, h(9, 30), h(11, 30))).units == 2


def test_day_bookings_run_from_local_midnight_to_local_midnight(db):
    w = world(db, booking_unit=BookingUnit.DAY, min_units=2, max_units=5)
    assert codes(db, w, kst(2026, 11, 23), kst(2026, 11, 26)) == []
    assert codes(db, w, kst(2026, 11, 23, 9), kst(2026, 11, 26)) == ["whole_units"]
    assert codes(db, w, kst(2026, 11, 23), kst(2026, 11, 24)) == ["too_short"]
    assert codes(db, w, kst(2026, 11, 23), kst(2026, 11, 29)) == ["too_long"]
    utc_midnight = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)   # 09:00 in Seoul
    assert codes(db, w, utc_midnight, utc_midnight + dt.timedelta(days=3)) == ["whole_units"]
    with db.write() as s:
        assert create_booking(s, request(w, kst(2026, 11, 23), kst(2026, 11, 26))).units == 3


def test_day_bookings_follow_the_facility_time_zone(db):
    from zoneinfo import ZoneInfo

    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    w = world(db, booking_unit=BookingUnit.DAY)
    with db.write() as s:
        facility = make_facility(s, "Hanoi pilot plant", timezone="Asia/Ho_Chi_Minh")
        resource = make_resource(s, facility, "Pilot line", booking_unit=BookingUnit.DAY).id
    local = dt.datetime(2026, 11, 23, tzinfo=hanoi)
    assert codes(db, w, local, local + dt.timedelta(days=2), resource_id=resource) == []
    assert codes(db, w, kst(2026, 11, 23), kst(2026, 11, 25), resource_id=resource) == ["whole_units"]


def test_end_must_follow_start(db):
    w = world(db)
    assert codes(db, w, h(10), h(10)) == ["ends_before_start"]
    assert codes(db, w, h(10), h(9)) == ["ends_before_start"]


def test_naive_times_are_refused_as_a_programming_error(db):
    w = world(db)
    with pytest.raises(ValueError):
        problems(db, w, dt.datetime(2026, 11, 24, 9), dt.datetime(2026, 11, 24, 10))


def test_organization_and_resource_must_exist(db):
    w = world(db)
    assert codes(db, w, h(9), h(10), organization_id=424242) == ["organization_missing"]
    assert codes(db, w, h(9), h(10), resource_id=424242) == ["resource_missing"]


# ---------------------------------------------------------------- holidays


def test_public_holiday_needs_an_override(db):
    w = world(db)
    christmas = dt.date(2026, 12, 25)
    found = problems(db, w, h(9, day=christmas), h(12, day=christmas))
    assert [p.code for p in found] == ["holiday"] and "2026-12-25 (Christmas Day)" in found[0].message
    assert codes(db, w, h(9, day=christmas), h(12, day=christmas), holiday_override=True) == []


@pytest.mark.parametrize("lang, name", [("ko", "기독탄신일"), ("vi", "Lễ Giáng sinh")])
def test_the_holiday_is_named_in_the_interface_language(db, lang, name):
    from hubdesk import i18n

    w = world(db)
    christmas = dt.date(2026, 12, 25)
    before = i18n.get_language()
    i18n.set_language(lang)
    try:
        found = problems(db, w, h(9, day=christmas), h(12, day=christmas))
    finally:
        i18n.set_language(before)
    assert [p.code for p in found] == ["holiday"]
    assert name in found[0].message and "Christmas" not in found[0].message


def test_holidays_are_local_dates_of_the_facility(db):
    w = world(db)
    eve, christmas = dt.date(2026, 12, 24), dt.date(2026, 12, 25)
    assert codes(db, w, h(22, day=eve), h(0, day=christmas)) == []            # ends at midnight
    # 00:00–02:00 in Seoul on the 25th is still the 24th in UTC
    assert codes(db, w, h(0, day=christmas), h(2, day=christmas)) == ["holiday"]
    assert codes(db, w, h(22, day=eve), h(1, day=christmas)) == ["holiday"]


def test_foundation_closure_day_needs_an_override_too(db):
    w = world(db)
    with db.write() as s:
        make_closure_day(s, DAY, "Foundation anniversary")
    found = problems(db, w, h(9), h(10))
    assert [p.code for p in found] == ["holiday"] and "Foundation anniversary" in found[0].message
    assert codes(db, w, h(9), h(10), holiday_override=True) == []


def test_several_holidays_are_named_together(db):
    w = world(db, booking_unit=BookingUnit.DAY)
    found = problems(db, w, kst(2026, 9, 23), kst(2026, 9, 28))
    assert [p.code for p in found] == ["holiday"]
    assert "which are public holidays" in found[0].message
    assert "2026-09-24" in found[0].message and "2026-09-26" in found[0].message


# ---------------------------------------------------------------- creating


def test_create_inserts_a_requested_booking_with_units_people_and_history(any_db):
    w = world(any_db)
    with any_db.write() as s:
        booking = create_booking(s, request(w, h(9), h(12), purpose="Fill run", campaign="LOT-1",
                                            people=[w.alice.id, w.bob.id]), actor="kim")
        booking_id = booking.id
    with any_db.read() as s:
        booking = s.get(Booking, booking_id)
        assert (booking.status, booking.units, booking.fee_krw, booking.requested_by) == (S.REQUESTED, 3, None, "kim")
        assert booking.starts_at == h(9) and booking.starts_at.tzinfo is not None
        assert sorted(p.name for p in booking.people) == ["Alice Kim", "Bob Lee"]
        assert [(c.from_status, c.to_status, c.changed_by) for c in booking.history] == [(None, S.REQUESTED, "kim")]


def test_create_refuses_with_every_problem_attached(db):
    w = world(db, changeover_hours=1, requires_qualification=True)
    first = book(db, w, h(9), h(12))
    with pytest.raises(DomainError) as caught, db.write() as s:
        create_booking(s, request(w, h(12), h(13, 30), people=[w.alice.id]))
    err = caught.value
    assert [p.code for p in err.problems] == ["whole_units", "changeover", "not_qualified"]
    assert str(err) == err.problems[0].message and err.code == "whole_units"
    assert err.problems[1].booking_id == first
    with db.read() as s:
        assert s.scalar(select(Booking.id).where(Booking.id != first)) is None


def test_conflicting_create_carries_the_conflicting_booking(db):
    w = world(db)
    first = book(db, w, h(9), h(12))
    with pytest.raises(DomainError) as caught, db.write() as s:
        create_booking(s, request(w, h(10), h(11)))
    assert caught.value.conflict == first and caught.value.code == "overlap"


# ---------------------------------------------------------------- rescheduling


def test_reschedule_checks_against_others_but_not_itself(any_db):
    w = world(any_db, changeover_hours=1)
    first = book(any_db, w, h(9), h(11))
    second = book(any_db, w, h(14), h(16))
    with any_db.write() as s:
        moved = update_booking_times(s, first, h(10), h(13))      # overlaps its own old time
        assert (moved.starts_at, moved.units) == (h(10), 3)
    with pytest.raises(DomainError) as caught, any_db.write() as s:
        update_booking_times(s, first, h(10), h(14))              # changeover before `second`
    assert caught.value.code == "changeover" and caught.value.conflict == second
    with any_db.read() as s:
        assert s.get(Booking, first).ends_at == h(13)


def test_reschedule_keeps_the_frozen_price_per_unit(db):
    w = world(db, fee_per_unit_krw=50_000)
    first = book(db, w, h(9), h(11))
    with db.write() as s:
        change_status(s, first, S.APPROVED)
        s.execute(update(ResourceRate).values(fee_per_unit_krw=80_000))
    with db.write() as s:
        assert update_booking_times(s, first, h(9), h(12)).fee_krw == 150_000


def test_reschedule_onto_a_holiday_needs_the_override(db):
    w = world(db)
    first = book(db, w, h(9), h(11))
    christmas = dt.date(2026, 12, 25)
    with pytest.raises(DomainError), db.write() as s:
        update_booking_times(s, first, h(9, day=christmas), h(11, day=christmas))
    with db.write() as s:
        assert update_booking_times(s, first, h(9, day=christmas), h(11, day=christmas),
                                    holiday_override=True).holiday_override is True


@pytest.mark.parametrize("status", [S.IN_USE, S.COMPLETED, S.CANCELLED, S.REJECTED, S.NO_SHOW])
def test_only_open_bookings_can_be_moved(db, status):
    w = world(db)
    first = book(db, w, h(9), h(11))
    with db.write() as s:
        s.execute(update(Booking).where(Booking.id == first).values(status=status))
    with pytest.raises(DomainError) as caught, db.write() as s:
        update_booking_times(s, first, h(13), h(15))
    assert caught.value.code == "not_movable"


# ---------------------------------------------------------------- status flow

PATH = {
    S.REQUESTED: [], S.APPROVED: [S.APPROVED], S.REJECTED: [S.REJECTED],
    S.CONFIRMED: [S.APPROVED, S.CONFIRMED], S.IN_USE: [S.APPROVED, S.CONFIRMED, S.IN_USE],
    S.COMPLETED: [S.APPROVED, S.CONFIRMED, S.IN_USE, S.COMPLETED], S.CANCELLED: [S.CANCELLED],
    S.NO_SHOW: [S.APPROVED, S.NO_SHOW],
}
ALLOWED = {
    (S.REQUESTED, S.APPROVED), (S.REQUESTED, S.REJECTED), (S.REQUESTED, S.CANCELLED),
    (S.APPROVED, S.CONFIRMED), (S.APPROVED, S.CANCELLED), (S.APPROVED, S.NO_SHOW),
    (S.CONFIRMED, S.IN_USE), (S.CONFIRMED, S.CANCELLED), (S.CONFIRMED, S.NO_SHOW),
    (S.IN_USE, S.COMPLETED),
}


def test_transition_table_is_the_documented_one():
    assert {(a, b) for a, moves in TRANSITIONS.items() for b in moves} == ALLOWED


def _booking_in(db, w, status, hour):
    booking_id = book(db, w, h(hour), h(hour + 1))
    with db.write() as s:
        for step in PATH[status]:
            change_status(s, booking_id, step, actor="walker")
    return booking_id


@pytest.mark.parametrize("current", list(S))
def test_every_status_move_from(db, current):
    """Each of the 8 × 8 moves, on a fresh booking in `current` status per move."""
    w = world(db)
    at = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
    for i, target in enumerate(S):
        booking_id = _booking_in(db, w, current, 2 * i)
        if (current, target) in ALLOWED:
            with db.write() as s:
                change_status(s, booking_id, target, actor="boss", note="ok", now=at)
            with db.read() as s:
                booking = s.get(Booking, booking_id)
                assert booking.status == target
                last = booking.history[-1]
                assert (last.from_status, last.to_status, last.changed_by, last.note, last.changed_at) == (
                    current, target, "boss", "ok", at)
        else:
            with pytest.raises(DomainError) as caught, db.write() as s:
                change_status(s, booking_id, target)
            assert caught.value.code == "forbidden_move", (current, target)
            with db.read() as s:
                assert s.get(Booking, booking_id).status == current
                assert len(s.get(Booking, booking_id).history) == len(PATH[current]) + 1


def test_forbidden_move_says_which_moves_are_allowed(db):
    w = world(db)
    booking_id = _booking_in(db, w, S.APPROVED, 9)
    with pytest.raises(DomainError) as caught, db.write() as s:
        change_status(s, booking_id, S.COMPLETED)
    assert str(caught.value) == ("A booking that is approved cannot become completed. "
                                 "It can only become confirmed, cancelled, or no show.")
    done = _booking_in(db, w, S.COMPLETED, 12)
    with pytest.raises(DomainError) as caught, db.write() as s:
        change_status(s, done, S.CANCELLED)
    assert "final" in str(caught.value)


def test_allowed_transitions_for_the_ui(db):
    w = world(db)
    for i, status in enumerate(S):
        booking_id = _booking_in(db, w, status, 2 * i)
        with db.read() as s:
            assert set(allowed_transitions(s.get(Booking, booking_id))) == {b for a, b in ALLOWED if a == status}


def test_status_history_is_kept_in_order(any_db):
    w = world(any_db)
    booking_id = _booking_in(any_db, w, S.COMPLETED, 9)
    with any_db.read() as s:
        rows = s.scalars(select(BookingStatusChange).where(BookingStatusChange.booking_id == booking_id)
                         .order_by(BookingStatusChange.id)).all()
        assert [(r.from_status, r.to_status) for r in rows] == [
            (None, S.REQUESTED), (S.REQUESTED, S.APPROVED), (S.APPROVED, S.CONFIRMED),
            (S.CONFIRMED, S.IN_USE), (S.IN_USE, S.COMPLETED)]


def test_approval_rechecks_the_rules(db):
    w = world(db)
    booking_id = book(db, w, h(9), h(12))
    with db.write() as s:
        make_window(s, s.get(Resource, w.resource_id), h(11), h(15))
    with pytest.raises(DomainError) as caught, db.write() as s:
        change_status(s, booking_id, S.APPROVED)
    assert caught.value.code == "window_maintenance"
    with db.write() as s:   # it can still be cancelled
        assert change_status(s, booking_id, S.CANCELLED).status == S.CANCELLED


# ---------------------------------------------------------------- fees


def test_fee_is_estimated_before_and_frozen_at_approval(any_db):
    w = world(any_db, fee_per_unit_krw=50_000)
    booking_id = book(any_db, w, h(9), h(12))
    with any_db.read() as s:
        assert estimate_fee(s, request(w, h(9), h(12))) == 150_000
        booking = s.get(Booking, booking_id)
        assert booking.fee_krw is None and booking_fee(s, booking) == 150_000
    with any_db.write() as s:
        assert change_status(s, booking_id, S.APPROVED).fee_krw == 150_000
    with any_db.write() as s:
        s.execute(update(ResourceRate).where(ResourceRate.resource_id == w.resource_id)
                  .values(fee_per_unit_krw=99_000))
    with any_db.write() as s:
        change_status(s, booking_id, S.CONFIRMED)
    with any_db.read() as s:
        booking = s.get(Booking, booking_id)
        assert booking.fee_krw == 150_000 and booking_fee(s, booking) == 150_000
        assert estimate_fee(s, request(w, h(13), h(16))) == 297_000


def test_fee_uses_the_rate_of_the_organization_user_class(db):
    from tests.factories import make_rate, make_user_class

    w = world(db, fee_per_unit_krw=50_000)
    with db.write() as s:
        academic = make_user_class(s, name="Academic")
        make_rate(s, s.get(Resource, w.resource_id), academic, 20_000)
        university = make_org(s, "Daegu University", user_class=academic).id
    with db.read() as s:
        assert estimate_fee(s, request(w, h(9), h(12), organization_id=university)) == 60_000


def test_approval_without_a_rate_tells_the_admin_to_set_one(db):
    from tests.factories import make_user_class

    w = world(db)
    with db.write() as s:
        guest = make_org(s, "Guest Lab", user_class=make_user_class(s, name="Guest")).id
    booking_id = book(db, w, h(9), h(12), organization_id=guest)
    with pytest.raises(DomainError) as caught, db.write() as s:
        change_status(s, booking_id, S.APPROVED)
    assert caught.value.code == "no_rate" and "set a rate" in str(caught.value) and "Guest" in str(caught.value)
    with db.read() as s:
        booking = s.get(Booking, booking_id)
        assert (booking.status, booking.fee_krw) == (S.REQUESTED, None)
        with pytest.raises(DomainError):
            estimate_fee(s, request(w, h(9), h(12), organization_id=guest))


def test_organization_without_user_class_is_told_to_get_one(db):
    w = world(db)
    with db.write() as s:
        plain = make_org(s, "No Class Co").id
    with db.read() as s, pytest.raises(DomainError) as caught:
        estimate_fee(s, request(w, h(9), h(12), organization_id=plain))
    assert caught.value.code == "no_user_class"


def test_estimate_of_a_broken_length_names_the_length_problem(db):
    w = world(db)
    with db.read() as s, pytest.raises(DomainError) as caught:
        estimate_fee(s, request(w, h(9), h(9, 30)))
    assert caught.value.code == "whole_units"


# ---------------------------------------------------------------- the conflict search uses indexes


def test_conflict_queries_use_indexes_not_table_scans(db):
    """Every booking query of a check is answered from an index (SQLite's plan), so the check
    stays about constant in time however many bookings there are."""
    w = world(db, changeover_hours=2)
    book(db, w, h(9), h(12))
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "FROM booking" in statement:
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        problems(db, w, h(13), h(15))
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert statements
    plans = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                      parameters))
            assert "SCAN booking" not in plan, plan
            assert re.search(r"USING (COVERING )?INDEX ix_booking_resource|USING INTEGER PRIMARY KEY", plan), plan
            plans.append(plan)
    assert any("ix_booking_resource_status_starts" in plan for plan in plans), plans
