"""Booking series and recurring maintenance through hubdesk.domain.booking_series, on SQLite and
PostgreSQL: the dates a rule gives (monthly on the 31st, the cap), the preview with the booking
editor's rule check, booking a series across Chuseok with a holiday and a conflict skipped,
refused whole without the skip, and changing and cancelling a series from a date."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.audit import acting_as
from hubdesk.db.enums import BookingStatus, BookingUnit, RecurFrequency, Role, WindowKind
from hubdesk.db.schema import Booking, BookingSeries, MaintenanceSeries, MaintenanceWindow
from hubdesk.domain import booking_series as S
from hubdesk.domain.bookings import BookingRequest, change_status, check_booking, create_booking
from hubdesk.errors import DomainError
from tests.factories import booking_world, make_org, kst

D = dt.date
T = dt.time


def weekly_thu_fri(until=D(2026, 10, 8), **changes) -> S.Rule:
    values = dict(frequency=RecurFrequency.WEEKLY, starts_on=D(2026, 9, 10), start_time=T(10), end_time=T(12),
                  weekdays=(3, 4), until_on=until)
    values.update(changes)
    return S.Rule(**values)


def bookings_of(s, series_id):
    return list(s.scalars(select(Booking).where(Booking.series_id == series_id).order_by(Booking.starts_at)))


def local_days(bookings):
    return [b.starts_at.astimezone(kst(2026, 1, 1).tzinfo).date() for b in bookings]


# ---------------------------------------------------------------- dates


def test_weekly_dates_on_the_chosen_weekdays():
    assert S.occurrences(weekly_thu_fri()) == [D(2026, 9, 10), D(2026, 9, 11), D(2026, 9, 17), D(2026, 9, 18),
                                               D(2026, 9, 24), D(2026, 9, 25), D(2026, 10, 1), D(2026, 10, 2),
                                               D(2026, 10, 8)]
    every_other = weekly_thu_fri(weekdays=(), interval=2, until_on=None, count=3)   # the start's weekday
    assert S.occurrences(every_other) == [D(2026, 9, 10), D(2026, 9, 24), D(2026, 10, 8)]


def test_monthly_on_the_31st_falls_on_the_last_day_of_shorter_months():
    rule = S.Rule(RecurFrequency.MONTHLY, D(2026, 1, 31), T(9), T(10), count=6)
    assert S.occurrences(rule) == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30),
                                   D(2026, 5, 31), D(2026, 6, 30)]
    on_the_15th = S.Rule(RecurFrequency.MONTHLY, D(2026, 1, 15), T(9), T(10), interval=3, until_on=D(2026, 12, 31))
    assert S.occurrences(on_the_15th) == [D(2026, 1, 15), D(2026, 4, 15), D(2026, 7, 15), D(2026, 10, 15)]
    leap = S.Rule(RecurFrequency.YEARLY, D(2028, 2, 29), T(9), T(10), count=2)
    assert S.occurrences(leap) == [D(2028, 2, 29), D(2029, 2, 28)]


def test_a_series_is_capped_with_a_sentence():
    daily = S.Rule(RecurFrequency.DAILY, D(2026, 1, 1), T(9), T(10), until_on=D(2027, 1, 1))   # 366 days
    assert len(S.occurrences(daily)) == S.MAX_OCCURRENCES
    with pytest.raises(DomainError, match="more than 366 times") as exc:
        S.occurrences(S.Rule(RecurFrequency.DAILY, D(2026, 1, 1), T(9), T(10), until_on=D(2027, 1, 2)))
    assert exc.value.field == "until_on"
    with pytest.raises(DomainError, match="between 1 and 366 times"):
        S.occurrences(S.Rule(RecurFrequency.DAILY, D(2026, 1, 1), T(9), T(10), count=367))
    with pytest.raises(DomainError, match="an end date or a number of times"):
        S.occurrences(S.Rule(RecurFrequency.DAILY, D(2026, 1, 1), T(9), T(10)))
    with pytest.raises(DomainError, match="before it starts"):
        S.occurrences(S.Rule(RecurFrequency.DAILY, D(2026, 1, 1), T(9), T(10), until_on=D(2025, 12, 1)))


# ---------------------------------------------------------------- booking a series


def _world_with_a_conflict(s):
    """The usual world, and another organization's booking on Thursday 1 October 10:00-12:00."""
    w = booking_world(s)
    other = make_org(s, "Daehan Cell", user_class=w.user_class)
    taken = create_booking(s, BookingRequest(w.resource_id, other.id, kst(2026, 10, 1, 10), kst(2026, 10, 1, 12)))
    return w, taken


def test_weekly_series_across_chuseok_skips_the_holidays_and_the_conflict_and_books_the_rest(any_db):
    with any_db.write() as s:
        w, taken = _world_with_a_conflict(s)
        template = S.SeriesTemplate(w.resource_id, w.org_id, weekly_thu_fri(), purpose="Cell expansion",
                                    people=(w.alice.id,))
        found = S.preview(s, template)
        problems = {o.day: [p.code for p in o.problems] for o in found if o.problems}
        assert problems == {D(2026, 9, 24): ["holiday"], D(2026, 9, 25): ["holiday"], D(2026, 10, 1): ["overlap"]}
        by_day = {o.day: o for o in found}
        assert "The day preceding Chuseok" in by_day[D(2026, 9, 24)].problems[0].message
        assert by_day[D(2026, 10, 1)].problems[0].booking_id == taken.id
        outcome = S.create(s, template, skip_conflicts=True)
        series_id = outcome.series.id
        assert [o.day for o in outcome.skipped] == [D(2026, 9, 24), D(2026, 9, 25), D(2026, 10, 1)]
    with any_db.read() as s:
        booked = bookings_of(s, series_id)
        assert local_days(booked) == [D(2026, 9, 10), D(2026, 9, 11), D(2026, 9, 17), D(2026, 9, 18),
                                      D(2026, 10, 2), D(2026, 10, 8)]
        assert {(b.status, b.purpose, b.units, tuple(p.id for p in b.people)) for b in booked} == {
            (BookingStatus.REQUESTED, "Cell expansion", 2, (w.alice.id,))}
        assert booked[0].starts_at == kst(2026, 9, 10, 10) and booked[0].ends_at == kst(2026, 9, 10, 12)
        series = s.get(BookingSeries, series_id)
        assert (series.frequency, series.weekdays, series.until_on, series.timezone) == (
            RecurFrequency.WEEKLY, "3,4", D(2026, 10, 8), "Asia/Seoul")
        assert S.rule_of(series) == weekly_thu_fri()


def test_a_series_with_problems_is_refused_whole_without_the_skip(any_db):
    with any_db.write() as s:
        w, _taken = _world_with_a_conflict(s)
        template = S.SeriesTemplate(w.resource_id, w.org_id, weekly_thu_fri())
        with pytest.raises(DomainError, match="3 of the 9 dates have problems, so nothing was booked") as exc:
            S.create(s, template, skip_conflicts=False)
        assert "2026-09-24" in exc.value.message
    with any_db.read() as s:
        assert s.scalar(select(func.count()).select_from(BookingSeries)) == 0
        assert s.scalar(select(func.count()).select_from(Booking)) == 1     # only the one already there


def test_a_series_overlapping_itself_is_a_problem_of_its_later_dates(db):
    with db.write() as s:
        w = booking_world(s, booking_unit=BookingUnit.DAY, max_units=5)
        two_days = S.Rule(RecurFrequency.DAILY, D(2026, 7, 6), T(0), T(0), count=3)   # each one day: fine
        assert all(not o.problems for o in S.preview(s, S.SeriesTemplate(w.resource_id, w.org_id, two_days)))
        overnight = S.Rule(RecurFrequency.DAILY, D(2026, 7, 6), T(9), T(8), count=3)   # 23 h, next day 8:00
        found = S.preview(s, S.SeriesTemplate(w.resource_id, w.org_id, overnight))
        assert "whole_units" in [p.code for p in found[0].problems]   # a day resource is booked in days
    with db.write() as s:
        hours = booking_world(s, name="Bioreactor 2", changeover_hours=2)
        overnight = S.Rule(RecurFrequency.DAILY, D(2026, 7, 6), T(9), T(8), count=3)
        found = S.preview(s, S.SeriesTemplate(hours.resource_id, hours.org_id, overnight))
        assert [[p.code for p in o.problems] for o in found] == [[], ["series_overlap"], []]


def test_only_staff_and_up_book_a_series(db):
    with db.write() as s:
        w = booking_world(s)
    template = S.SeriesTemplate(w.resource_id, w.org_id, weekly_thu_fri(until=D(2026, 9, 18)))
    with acting_as("visitor", Role.VIEWER), pytest.raises(DomainError, match="does not allow"):
        with db.write() as s:
            S.create(s, template, skip_conflicts=False)
    with acting_as("clerk", Role.STAFF), db.write() as s:
        assert len(S.create(s, template, skip_conflicts=False).booked) == 4


# ---------------------------------------------------------------- change and cancel from a date


def _booked_series(s, w, **rule_changes):
    template = S.SeriesTemplate(w.resource_id, w.org_id, weekly_thu_fri(**rule_changes), people=(w.alice.id,))
    return S.create(s, template, skip_conflicts=True)


def test_cancel_from_a_date_cancels_the_open_bookings_and_keeps_earlier_and_used_ones(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        outcome = _booked_series(s, w, until=D(2026, 9, 18))     # 10, 11, 17, 18 September
        series_id = outcome.series.id
        b10, b11, b17, b18 = outcome.booked
        change_status(s, b17.id, BookingStatus.APPROVED)
        for status in (BookingStatus.APPROVED, BookingStatus.CONFIRMED, BookingStatus.IN_USE):
            change_status(s, b18.id, status)
    with any_db.write() as s:
        result = S.cancel_from(s, series_id, D(2026, 9, 11), "Project paused")
        assert [b.id for b in result.cancelled] == [b11.id, b17.id]     # requested and approved
        assert [b.id for b in result.kept] == [b18.id]                  # in use: only completing is allowed
    with any_db.read() as s:
        assert [b.status for b in bookings_of(s, series_id)] == [
            BookingStatus.REQUESTED, BookingStatus.CANCELLED, BookingStatus.CANCELLED, BookingStatus.IN_USE]
        assert s.get(Booking, b11.id).history[-1].note == "Project paused"
        assert s.get(BookingSeries, series_id).until_on == D(2026, 9, 10)


def test_change_from_a_date_moves_open_bookings_and_splits_the_series(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        outcome = _booked_series(s, w, until=D(2026, 9, 18))
        series_id = outcome.series.id
        b10, b11, b17, b18 = outcome.booked
        change_status(s, b17.id, BookingStatus.APPROVED)
        fee = s.get(Booking, b17.id).fee_krw
    with any_db.write() as s:
        # from 17 September: Thursdays only, 14:00-17:00, four times (17, 24 Sept, 1, 8 Oct); 24 September
        # is the day before Chuseok, so it is skipped
        new_rule = S.Rule(RecurFrequency.WEEKLY, D(2026, 9, 17), T(14), T(17), weekdays=(3,), count=4)
        with pytest.raises(DomainError, match="1 of the 4 dates has a problem"):
            S.change_from(s, series_id, D(2026, 9, 17), new_rule)
    with any_db.write() as s:
        result = S.change_from(s, series_id, D(2026, 9, 17), new_rule, skip_conflicts=True)
        new_id = result.series.id
        assert new_id != series_id
        assert [b.id for b in result.moved] == [b17.id]
        assert [b.id for b in result.cancelled] == [b18.id]             # Friday is no longer in the rule
        assert [o.day for o in result.skipped] == [D(2026, 9, 24)]
        assert local_days(result.booked) == [D(2026, 10, 1), D(2026, 10, 8)]
    with any_db.read() as s:
        moved = s.get(Booking, b17.id)
        assert (moved.starts_at, moved.ends_at, moved.status, moved.series_id) == (
            kst(2026, 9, 17, 14), kst(2026, 9, 17, 17), BookingStatus.APPROVED, new_id)
        assert moved.fee_krw == fee // 2 * 3                           # the frozen price per unit kept
        assert [p.id for p in s.get(Booking, bookings_of(s, new_id)[-1].id).people] == [w.alice.id]
        old = bookings_of(s, series_id)
        assert [b.id for b in old] == [b10.id, b11.id, b18.id]          # untouched, and the cancelled one
        assert s.get(Booking, b10.id).starts_at == kst(2026, 9, 10, 10)
        assert s.get(BookingSeries, series_id).until_on == D(2026, 9, 16)
        assert S.rule_of(s.get(BookingSeries, new_id)) == new_rule


# ---------------------------------------------------------------- recurring maintenance


def test_monthly_calibration_series_skips_a_booked_date_and_removes_from_a_date(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 31, 8), kst(2026, 3, 31, 10)))
        rule = S.Rule(RecurFrequency.MONTHLY, D(2026, 1, 31), T(7), T(9), count=4)
        with pytest.raises(DomainError, match="1 of the 4 dates has a problem"):
            S.create_maintenance(s, w.resource_id, WindowKind.MAINTENANCE, "Calibration", rule, skip_conflicts=False)
        outcome = S.create_maintenance(s, w.resource_id, "maintenance", "Calibration", rule, skip_conflicts=True)
        series_id = outcome.series.id
        assert [o.day for o in outcome.skipped] == [D(2026, 3, 31)]
        assert [w_.starts_at for w_ in outcome.booked] == [kst(2026, 1, 31, 7), kst(2026, 2, 28, 7),
                                                            kst(2026, 4, 30, 7)]
        # the windows block bookings like any other
        blocked = check_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 2, 28, 8), kst(2026, 2, 28, 9)))
        assert "window_maintenance" in [p.code for p in blocked]
    with any_db.write() as s:
        S.remove_maintenance_from(s, series_id, D(2026, 2, 1))
    with any_db.read() as s:
        windows = list(s.scalars(select(MaintenanceWindow).where(MaintenanceWindow.series_id == series_id)))
        assert [w_.starts_at for w_ in windows] == [kst(2026, 1, 31, 7)]
        assert s.get(MaintenanceSeries, series_id).until_on == D(2026, 1, 31)


def test_a_maintenance_series_changed_from_a_date_keeps_the_windows_before_it(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        rule = S.Rule(RecurFrequency.WEEKLY, D(2026, 9, 7), T(7), T(9), weekdays=(0,), count=6)   # Mondays
        series_id = S.create_maintenance(s, w.resource_id, "maintenance", "Cleaning", rule,
                                         skip_conflicts=False).series.id
        # a booking on a Tuesday 07:00 stands in the way of the new rule's third date
        create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 10, 6, 7), kst(2026, 10, 6, 8)))
    new_rule = S.Rule(RecurFrequency.WEEKLY, D(2026, 9, 21), T(6), T(8), weekdays=(1,), until_on=D(2026, 10, 13))
    with any_db.write() as s:
        with pytest.raises(DomainError, match="before 2026-09-21"):
            S.change_maintenance_from(s, series_id, D(2026, 9, 21), S.Rule(RecurFrequency.WEEKLY, D(2026, 9, 14),
                                                                           T(6), T(8), weekdays=(1,), count=2))
        preview = S.maintenance_change_preview(s, series_id, D(2026, 9, 21), new_rule)
        # the series' own Monday windows do not stand in the way; the booking does
        assert [(o.day, bool(o.problems)) for o in preview] == [(D(2026, 9, 22), False), (D(2026, 9, 29), False),
                                                                (D(2026, 10, 6), True), (D(2026, 10, 13), False)]
        with pytest.raises(DomainError, match="1 of the 4 dates has a problem"):
            S.change_maintenance_from(s, series_id, D(2026, 9, 21), new_rule)
        outcome = S.change_maintenance_from(s, series_id, D(2026, 9, 21), new_rule, note="Deep cleaning",
                                            skip_conflicts=True)
        new_id = outcome.series.id
        assert new_id != series_id and len(outcome.cancelled) == 4 and len(outcome.booked) == 3
    with any_db.read() as s:
        def starts(sid):
            return [x.starts_at for x in s.scalars(select(MaintenanceWindow).where(MaintenanceWindow.series_id == sid)
                                                    .order_by(MaintenanceWindow.starts_at))]
        assert starts(series_id) == [kst(2026, 9, 7, 7), kst(2026, 9, 14, 7)]            # earlier windows kept
        assert starts(new_id) == [kst(2026, 9, 22, 6), kst(2026, 9, 29, 6), kst(2026, 10, 13, 6)]
        old, new = s.get(MaintenanceSeries, series_id), s.get(MaintenanceSeries, new_id)
        assert (old.until_on, old.occurrence_count) == (D(2026, 9, 14), None)
        assert (new.note, new.kind, S.rule_of(new)) == ("Deep cleaning", WindowKind.MAINTENANCE, new_rule)
    # changed from its first date, the series itself takes the new rule
    with any_db.write() as s:
        again = S.change_maintenance_from(s, new_id, D(2026, 9, 21), S.Rule(
            RecurFrequency.WEEKLY, D(2026, 9, 21), T(6), T(7), weekdays=(1,), count=2))
        assert again.series.id == new_id and len(again.cancelled) == 3 and len(again.booked) == 2
