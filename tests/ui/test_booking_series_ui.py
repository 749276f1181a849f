"""Booking series driven as a person would: a new booking's "Repeat…" opens the series dialog, the
rule is set (Thursdays and Fridays across Chuseok), the preview lists each date with its problem
in words (the holidays, the conflict with another organization's booking), "Book the 6 without
problems (skip 3)" books the series; the booking editor of one of them offers "Cancel from this
date…" and "Change from this date…"; the timeline marks the series and highlights it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QTime
from sqlalchemy import select

from tests.factories import kst


@pytest.fixture
def world(db):
    from hubdesk.domain.bookings import BookingRequest, create_booking
    from tests.factories import booking_world, make_org

    with db.write() as s:
        w = booking_world(s)
        other = make_org(s, "Cellgen Therapeutics", user_class=w.user_class)
        taken = create_booking(s, BookingRequest(w.resource_id, other.id, kst(2026, 10, 1, 10), kst(2026, 10, 1, 12)))
        ids = dict(resource_id=w.resource_id, org_id=w.org_id, alice=w.alice.id, taken=taken.id)
    return db, ids


@pytest.fixture
def view(qtbot, world):
    from tests.ui.views import shown_bookings_view

    return shown_bookings_view(qtbot, world[0])


def open_series_dialog(qtbot, view, ids):
    """A new booking on Thursday 10 September 2026 10:00-12:00 for the organization, then Repeat…"""
    from hubdesk.ui.facilities.dialog import to_qdatetime
    from tests.ui.views import choose_organization

    view.new_record()
    dialog = view._dialog
    choose_organization(qtbot, dialog.org_combo, "hanbit", "Hanbit Bio")
    dialog.starts_edit.setDateTime(to_qdatetime(kst(2026, 9, 10, 10), dialog.timezone))
    dialog.ends_edit.setDateTime(to_qdatetime(kst(2026, 9, 10, 12), dialog.timezone))
    dialog.purpose_edit.setText("Cell expansion")
    dialog.repeat_button.click()
    return dialog, dialog._series_dialog


def set_thursdays_and_fridays_until(series, day: dt.date) -> None:
    editor = series.rule_editor
    editor.frequency_combo.setCurrentIndex(editor.frequency_combo.findData("weekly"))
    editor.weekday_checks[4].setChecked(True)          # Friday besides the Thursday of the start
    editor.until_radio.setChecked(True)
    editor.until_edit.setDate(QDate(day.year, day.month, day.day))
    series.refresh_preview()


def test_repeat_previews_the_problems_and_books_the_series(qtbot, view, world):
    from hubdesk.db.schema import Booking, BookingSeries

    db, ids = world
    editor, series = open_series_dialog(qtbot, view, ids)
    assert series.isVisible() and series.rule_editor.start_time.time() == QTime(10, 0)
    set_thursdays_and_fridays_until(series, dt.date(2026, 10, 8))
    rows = series.model.rows()
    assert [r["day"] for r in rows] == [dt.date(2026, 9, d) for d in (10, 11, 17, 18, 24, 25)] + [
        dt.date(2026, 10, d) for d in (1, 2, 8)]
    problems = {r["day"]: r["problems"] for r in rows if r["problems"]}
    assert set(problems) == {dt.date(2026, 9, 24), dt.date(2026, 9, 25), dt.date(2026, 10, 1)}
    assert "The day preceding Chuseok" in problems[dt.date(2026, 9, 24)][0]
    assert "already booked by Cellgen Therapeutics" in problems[dt.date(2026, 10, 1)][0]
    assert series.model.data(series.model.index(0, 2)) == "Can be booked"
    assert series.book_button.text() == "Book the 6 without problems (skip 3)"
    series.book_button.click()
    assert not series.isVisible() and not editor.isVisible()     # the booking editor closes with it
    with db.read() as s:
        (series_id,) = s.scalars(select(BookingSeries.id)).all()
        booked = s.scalars(select(Booking).where(Booking.series_id == series_id)).all()
        assert len(booked) == 6 and {b.purpose for b in booked} == {"Cell expansion"}
        first_id = min(b.id for b in booked)
    # the timeline marks the series and highlights its other bookings when one is selected
    view.tabs.setCurrentIndex(view.TIMELINE_TAB)
    view.show_timeline_at(dt.date(2026, 9, 14), "month")
    drawn = [b for b in view.timeline.data.bookings if b.series_id == series_id]
    assert len(drawn) == 4                                       # September: 10, 11, 17, 18
    view.timeline.highlight_series_of(first_id)
    assert view.timeline.highlighted_series == series_id


def test_cancel_and_change_from_a_date_in_the_booking_editor(qtbot, view, world, monkeypatch):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking
    from hubdesk.ui.bookings import series_dialog

    db, ids = world
    _editor, series = open_series_dialog(qtbot, view, ids)
    set_thursdays_and_fridays_until(series, dt.date(2026, 9, 18))
    assert series.book_button.text() == "Book the 4 dates"
    series.book_button.click()
    with db.read() as s:
        b10, b11, b17, b18 = [b.id for b in s.scalars(select(Booking).where(Booking.series_id.is_not(None))
                                                      .order_by(Booking.starts_at))]
    # change from Friday 11 September: Fridays only, 14:00-16:00, until 18 September
    editor = view.open_dialog(b11)
    assert editor.series is not None and not editor.change_series_button.isHidden()
    editor.change_series_button.click()
    change = editor._series_dialog
    assert change.rule_editor.starts_edit.date() == QDate(2026, 9, 11)
    rule_editor = change.rule_editor
    rule_editor.weekday_checks[3].setChecked(False)
    rule_editor.start_time.setTime(QTime(14, 0))
    rule_editor.end_time.setTime(QTime(16, 0))
    change.refresh_preview()
    assert [r["day"] for r in change.model.rows()] == [dt.date(2026, 9, 11), dt.date(2026, 9, 18)]
    assert change.book_button.text() == "Change the 2 dates"
    change.book_button.click()
    with db.read() as s:
        assert s.get(Booking, b11).starts_at == kst(2026, 9, 11, 14)
        assert s.get(Booking, b17).status == BookingStatus.CANCELLED        # Thursday dropped
        assert s.get(Booking, b10).starts_at == kst(2026, 9, 10, 10)        # before the date: untouched
    # cancel from Friday 18 September, with a reason
    monkeypatch.setattr(series_dialog, "ask_cancel_reason", lambda parent, info, count: "Project paused" if count == 1 else None)
    editor = view.open_dialog(b18)
    editor.cancel_series_button.click()
    with db.read() as s:
        assert s.get(Booking, b18).status == BookingStatus.CANCELLED
        assert s.get(Booking, b18).history[-1].note == "Project paused"
        assert s.get(Booking, b11).status == BookingStatus.REQUESTED


def test_recurring_maintenance_in_facilities(qtbot, db, monkeypatch):
    from hubdesk.db.schema import MaintenanceWindow
    from hubdesk.domain.bookings import BookingRequest, create_booking
    from hubdesk.ui.facilities import maintenance_series
    from hubdesk.ui.facilities.view import FacilitiesView
    from tests.factories import booking_world
    from tests.ui.views import shown_view

    with db.write() as s:
        w = booking_world(s)
        create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2027, 3, 31, 8), kst(2027, 3, 31, 10)))
    view = shown_view(qtbot, FacilitiesView, db, (1200, 800))
    view.select_resource(w.resource_id)
    assert view.recurring_button.isEnabled() and not view.remove_series_button.isEnabled()
    view.recurring_button.click()
    dialog = view._dialog
    editor = dialog.rule_editor
    editor.starts_edit.setDate(QDate(2027, 1, 31))      # monthly on the 31st, four times, 07:00-09:00
    editor.count_spin.setValue(4)
    dialog.note_edit.setText("Monthly calibration")
    dialog.refresh_preview()
    rows = dialog.model.rows()
    assert [r["day"] for r in rows] == [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31),
                                        dt.date(2027, 4, 30)]
    assert [bool(r["problems"]) for r in rows] == [False, False, True, False]
    assert "is booked by Hanbit Bio" in rows[2]["problems"][0]
    assert dialog.book_button.text() == "Add the 3 without problems (skip 1)"
    dialog.book_button.click()
    assert [r["note"] for r in view.windows_model.rows()] == ["Monthly calibration"] * 3
    # remove the series from the window of 28 February on
    monkeypatch.setattr(maintenance_series, "ask_remove_series", lambda parent, day: True)
    row = next(i for i, r in enumerate(view.windows_model.rows()) if r["day"] == dt.date(2027, 2, 28))
    view.windows.table.selectRow(row)
    assert view.remove_series_button.isEnabled()
    view.remove_series_button.click()
    with db.read() as s:
        assert [w_.starts_at for w_ in s.query(MaintenanceWindow).all()] == [kst(2027, 1, 31, 7)]


def test_a_maintenance_series_changed_from_a_window_in_facilities(qtbot, db):
    from hubdesk.db.schema import MaintenanceSeries, MaintenanceWindow
    from hubdesk.domain import booking_series as S
    from hubdesk.ui.facilities.view import FacilitiesView
    from tests.factories import booking_world
    from tests.ui.views import shown_view

    with db.write() as s:
        w = booking_world(s)
        rule = S.Rule("weekly", dt.date(2027, 3, 1), dt.time(7), dt.time(9), weekdays=(0,), count=4)   # Mondays
        series_id = S.create_maintenance(s, w.resource_id, "maintenance", "Cleaning", rule, False).series.id
    view = shown_view(qtbot, FacilitiesView, db, (1200, 800))
    view.select_resource(w.resource_id)
    assert not view.change_series_button.isEnabled()
    row = next(i for i, r in enumerate(view.windows_model.rows()) if r["day"] == dt.date(2027, 3, 15))
    view.windows.table.selectRow(row)
    assert view.change_series_button.isEnabled() and view.change_series_button.text().startswith("Change the series")
    view.change_series_button.click()
    dialog = view._dialog
    assert "2027-03-15" in dialog.windowTitle() and dialog.note_edit.text() == "Cleaning"
    assert [r["day"] for r in dialog.model.rows()] == [dt.date(2027, 3, 15), dt.date(2027, 3, 22)]  # the dates left
    dialog.rule_editor.count_spin.setValue(3)
    dialog.note_edit.setText("Cleaning, longer")
    dialog.refresh_preview()
    assert dialog.book_button.text() == "Change to the 3 windows"
    dialog.book_button.click()
    with db.read() as s:
        windows = s.query(MaintenanceWindow).order_by(MaintenanceWindow.starts_at).all()
        assert [(x.starts_at, x.note) for x in windows] == [
            (kst(2027, 3, 1, 7), "Cleaning"), (kst(2027, 3, 8, 7), "Cleaning"), (kst(2027, 3, 15, 7), "Cleaning, longer"),
            (kst(2027, 3, 22, 7), "Cleaning, longer"), (kst(2027, 3, 29, 7), "Cleaning, longer")]
        assert s.get(MaintenanceSeries, series_id).until_on == dt.date(2027, 3, 8)
        assert len({x.series_id for x in windows}) == 2


def test_the_timeline_legend_explains_the_series_mark_and_wraps_rather_than_drops(qtbot):
    from hubdesk.ui.bookings.timeline_legend import TimelineLegendWidget

    legend = TimelineLegendWidget()
    qtbot.addWidget(legend)
    assert ("series", "Booking series") in legend.entries
    narrow = legend.sizeHint().width() // 2
    lines = legend.lines(narrow)
    assert len(lines) >= 2 and sum(len(line) for line in lines) == len(legend.entries)   # every entry shown
    assert legend.heightForWidth(narrow) == len(lines) * legend.heightForWidth(legend.sizeHint().width())
