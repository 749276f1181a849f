"""The booking timeline: what it lays out for a week (bookings, changeover tails, maintenance,
closed days), drag-create, the context menu and double-click, and the day/week/month navigation."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.factories import kst

from hubdesk.domain import clock

MONDAY = dt.date(2026, 3, 9)


@pytest.fixture
def world(db):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
    from tests.factories import booking_world, make_closure_day, make_resource, make_window

    with db.write() as s:
        w = booking_world(s, changeover_hours=2)
        second = make_resource(s, w.facility, "Isolator 2")
        make_window(s, second, kst(2026, 3, 10, 8), kst(2026, 3, 10, 18), note="Filter change")
        make_closure_day(s, dt.date(2026, 3, 13), "Foundation day")
        b1 = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 9, 9), kst(2026, 3, 9, 13)))
        b2 = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 11, 10), kst(2026, 3, 11, 12)))
        b3 = create_booking(s, BookingRequest(second.id, w.org_id, kst(2026, 3, 12, 9), kst(2026, 3, 12, 10)))
        outside = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 17, 9), kst(2026, 3, 17, 10)))
        change_status(s, b2.id, BookingStatus.APPROVED)
        change_status(s, b3.id, BookingStatus.CANCELLED)
        ids = dict(resource=w.resource_id, second=second.id, org=w.org_id, b1=b1.id, b2=b2.id, b3=b3.id,
                   outside=outside.id)
    return db, ids


@pytest.fixture
def view(qtbot, world):
    from tests.ui.views import shown_bookings_view

    db, _ids = world
    v = shown_bookings_view(qtbot, db, (1400, 700))
    v.tabs.setCurrentIndex(v.TIMELINE_TAB)
    v.show_timeline_at(MONDAY + dt.timedelta(days=2), "week")
    qtbot.waitUntil(lambda: v.timeline.width() > 1000)
    return v


def test_week_lays_out_bookings_changeovers_windows_and_closed_days(view, world):
    from hubdesk.db.enums import BookingStatus

    db, ids = world
    tl = view.timeline
    assert tl.start == kst(2026, 3, 9) and tl.end == kst(2026, 3, 16)
    bookings = {i.record_id: i for i in tl.items() if i.kind == "booking"}
    assert set(bookings) == {ids["b1"], ids["b2"]}          # cancelled hidden, next week not fetched
    day_width = tl.chart_width / 7
    hour = day_width / 24
    b1 = bookings[ids["b1"]].rect
    assert b1.left() == pytest.approx(tl.chart_left + 9 * hour, abs=0.5)
    assert b1.width() == pytest.approx(4 * hour, abs=0.5)
    rows = [r.name for r in tl.data.resources]
    assert rows == ["Isolator 2", "Suite B-1"]
    assert tl.row_top(1) <= b1.top() and b1.bottom() <= tl.row_top(2)     # second row = Suite B-1
    b2 = bookings[ids["b2"]].rect
    assert b2.left() == pytest.approx(tl.chart_left + 2 * day_width + 10 * hour, abs=0.5)
    assert bookings[ids["b2"]].status == BookingStatus.APPROVED
    tails = {i.record_id: i.rect for i in tl.items() if i.kind == "changeover"}
    assert tails[ids["b1"]].left() == pytest.approx(b1.right(), abs=0.5)
    assert tails[ids["b1"]].width() == pytest.approx(2 * hour, abs=0.5)    # the 2-hour changeover
    window = next(i for i in tl.items() if i.kind == "window")
    assert window.resource_id == ids["second"]
    assert tl.row_top(0) <= window.rect.top() and window.rect.bottom() <= tl.row_top(1)
    assert window.rect.left() == pytest.approx(tl.chart_left + day_width + 8 * hour, abs=0.5)
    closed = [i for i in tl.items() if i.kind == "closed"]
    assert [c.text for c in closed] == ["Foundation day"]
    assert closed[0].rect.left() == pytest.approx(tl.chart_left + 4 * day_width, abs=0.5)

    # painted: the booking's fill colour is on screen where its rectangle is
    from hubdesk.ui.bookings.timeline_paint import STATUS_STYLE

    image = tl.grab().toImage()
    fill = STATUS_STYLE[BookingStatus.APPROVED][0]
    colours = {image.pixelColor(int(b2.left()) + dx, int(b2.center().y()) + dy).name()
               for dx in range(2, int(b2.width()) - 2) for dy in (-3, -2, 2, 3)}
    assert fill in colours

    # showing inactive bookings brings the cancelled one back
    view.inactive_check.setChecked(True)
    assert ids["b3"] in {i.record_id for i in tl.items() if i.kind == "booking"}


def test_status_patterns_differ_so_black_and_white_still_tells_them_apart():
    from hubdesk.ui.bookings.timeline_paint import STATUS_EDGE, STATUS_STYLE

    looks = {(pattern, STATUS_EDGE.get(status)) for status, (_fill, pattern) in STATUS_STYLE.items()}
    assert len(looks) == len(STATUS_STYLE)


def test_drag_on_a_row_opens_the_dialog_prefilled(qtbot, view, world):
    db, ids = world
    tl = view.timeline
    hour = tl.chart_width / 7 / 24
    y = int(tl.row_top(1) + tl.ROW_HEIGHT / 2)                   # Suite B-1
    x0 = int(tl.chart_left + 24 * hour * 5 + 14.2 * hour)       # Saturday 14:12 → snapped to 14:00
    x1 = int(tl.chart_left + 24 * hour * 5 + 16.6 * hour)       # 16:36 → 17:00
    with qtbot.waitSignal(tl.span_selected) as signal:
        qtbot.mousePress(tl, Qt.MouseButton.LeftButton, pos=QPoint(x0, y))
        qtbot.mouseMove(tl, QPoint(x1, y))
        qtbot.mouseRelease(tl, Qt.MouseButton.LeftButton, pos=QPoint(x1, y))
    assert signal.args == [ids["resource"], kst(2026, 3, 14, 14), kst(2026, 3, 14, 17)]
    dialog = view._dialog
    assert dialog.isVisible()
    request = dialog.request()
    assert (request.resource_id, request.starts_at, request.ends_at) == (
        ids["resource"], kst(2026, 3, 14, 14), kst(2026, 3, 14, 17))


def test_context_menu_offers_only_allowed_moves_and_double_click_opens(qtbot, view, world, monkeypatch):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking

    db, ids = world
    tl = view.timeline
    rect = tl.booking_rect(ids["b2"])
    with qtbot.waitSignal(tl.booking_menu_requested) as signal:
        from PySide6.QtGui import QContextMenuEvent
        from PySide6.QtWidgets import QApplication

        pos = rect.center().toPoint()
        QApplication.sendEvent(tl, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, tl.mapToGlobal(pos)))
    assert signal.args[0] == ids["b2"]
    menu = view.status_menu(ids["b2"])                       # what the right-click shows
    enabled = {a.data() for a in menu.actions() if a.data() is not None and a.isEnabled()}
    assert enabled == {BookingStatus.CONFIRMED, BookingStatus.CANCELLED, BookingStatus.NO_SHOW}
    confirm = next(a for a in menu.actions() if a.data() == BookingStatus.CONFIRMED)
    confirm.trigger()
    with db.read() as s:
        assert s.get(Booking, ids["b2"]).status == BookingStatus.CONFIRMED
    assert tl.items()                                        # reloaded after the change

    with qtbot.waitSignal(tl.booking_activated) as opened:
        qtbot.mouseDClick(tl, Qt.MouseButton.LeftButton, pos=tl.booking_rect(ids["b1"]).center().toPoint())
    assert opened.args == [ids["b1"]]
    assert view._dialog.booking_id == ids["b1"]


def test_scales_and_navigation(view, world):
    tl = view.timeline
    view.set_scale("day")
    assert (tl.start, tl.end) == (kst(2026, 3, 11), kst(2026, 3, 12))
    assert [i.record_id for i in tl.items() if i.kind == "booking"] == [world[1]["b2"]]
    view.move_timeline(-1)
    assert tl.start == kst(2026, 3, 10)
    view.set_scale("month")
    assert (tl.start, tl.end) == (kst(2026, 3, 1), kst(2026, 4, 1))
    assert len([i for i in tl.items() if i.kind == "booking"]) == 3        # the next week's too
    assert any(i.kind == "closed" and i.text for i in tl.items())         # 1 March is a public holiday
    view.move_timeline(+1)
    assert tl.start == kst(2026, 4, 1)
    view.timeline_today()
    assert tl.start.date() <= clock.today() < tl.end.date()


def test_dragging_a_booking_moves_it_and_a_conflict_is_explained(qtbot, view, world, monkeypatch, shown_messages):
    from hubdesk.db.schema import Booking
    from hubdesk.ui.bookings import actions

    db, ids = world
    tl = view.timeline
    hour = tl.chart_width / 7 / 24
    asked = []
    monkeypatch.setattr(actions, "ask_confirm_move", lambda parent, bid, span: asked.append(span) or True)

    def drag(booking_id, hours):
        start = tl.booking_rect(booking_id).center().toPoint()
        end = QPoint(int(start.x() + hours * hour), start.y())
        qtbot.mousePress(tl, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(tl, end)
        qtbot.mouseRelease(tl, Qt.MouseButton.LeftButton, pos=end)

    with qtbot.waitSignal(tl.booking_move_requested) as signal:
        drag(ids["b1"], 24.2)                          # one day later, snapped to whole hours
    assert signal.args == [ids["b1"], kst(2026, 3, 10, 9), kst(2026, 3, 10, 13)]
    with db.read() as s:
        b1 = s.get(Booking, ids["b1"])
        assert (b1.starts_at, b1.ends_at) == (kst(2026, 3, 10, 9), kst(2026, 3, 10, 13))
    assert asked and view.timeline.booking_rect(ids["b1"]).left() == pytest.approx(
        tl.chart_left + 33 * hour, abs=0.5)

    drag(ids["b1"], 23)                                # onto Wednesday 08:00–12:00, over booking b2
    assert "already booked" in shown_messages[-1][1]
    with db.read() as s:
        assert s.get(Booking, ids["b1"]).starts_at == kst(2026, 3, 10, 9)     # unchanged


def test_dragging_a_booking_someone_changed_since_the_timeline_was_drawn_is_refused(qtbot, view, world, monkeypatch,
                                                                                   shown_messages):
    """Another person (another PC: this screen hears nothing of it) moves booking b1 an hour
    later; dragging b1 as drawn would put back a time built on the old one: refused with the
    sentence, the booking keeps their move."""
    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import Role
    from hubdesk.db.schema import Booking, User
    from hubdesk.domain.bookings import update_booking_times
    from hubdesk.ui.bookings import actions

    db, ids = world
    with db.write() as s:
        s.add(User(username="minji", display_name="Kim Minji", role=Role.STAFF))
    with acting_as("minji", Role.STAFF), db.write() as s:
        update_booking_times(s, ids["b1"], kst(2026, 3, 9, 10), kst(2026, 3, 9, 14))
    monkeypatch.setattr(actions, "ask_confirm_move", lambda parent, bid, span: True)
    tl = view.timeline
    start = tl.booking_rect(ids["b1"]).center().toPoint()             # still drawn at 09:00
    end = QPoint(int(start.x() + 48 * tl.chart_width / 7 / 24), start.y())
    qtbot.mousePress(tl, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(tl, end)
    qtbot.mouseRelease(tl, Qt.MouseButton.LeftButton, pos=end)
    assert shown_messages[-1][1].startswith("Kim Minji changed this booking at ")
    with db.read() as s:
        b1 = s.get(Booking, ids["b1"])
        assert (b1.starts_at, b1.ends_at) == (kst(2026, 3, 9, 10), kst(2026, 3, 9, 14))


def test_page_keys_move_the_timeline(qtbot, view):
    tl = view.timeline
    tl.setFocus()
    qtbot.keyClick(tl, Qt.Key.Key_PageDown)
    assert tl.start == kst(2026, 3, 16)
    qtbot.keyClick(tl, Qt.Key.Key_PageUp)
    qtbot.keyClick(tl, Qt.Key.Key_PageUp)
    assert tl.start == kst(2026, 3, 2)


def test_the_geometry_works_without_a_widget_and_keeps_days_equal_across_a_clock_change():
    from zoneinfo import ZoneInfo

    from hubdesk.ui.bookings.timeline_geometry import MONTH, WEEK, TimelineGeometry, step, window_for

    berlin = ZoneInfo("Europe/Berlin")             # clocks go forward on Sunday 29 March 2026
    geo = TimelineGeometry(berlin, width=lambda: geo.LABEL_WIDTH + 1 + 700.0)
    geo.scale, geo.anchor = WEEK, dt.date(2026, 3, 25)
    assert (geo.first_day, len(geo.days)) == (dt.date(2026, 3, 23), 7)
    assert geo.chart_width == 700.0
    sunday = dt.datetime(2026, 3, 29, tzinfo=berlin)
    monday = dt.datetime(2026, 3, 30, tzinfo=berlin)
    assert geo.x_of(geo.start) == geo.chart_left and geo.x_of(geo.end) == pytest.approx(geo.chart_left + 700)
    assert geo.x_of(monday) - geo.x_of(sunday) == pytest.approx(100)      # 23 hours, one day wide
    noon = dt.datetime(2026, 3, 29, 12, tzinfo=berlin)
    assert geo.instant_at(geo.x_of(noon)) == noon
    assert geo.row_at(geo.HEADER_HEIGHT - 1) == -1 and geo.row_at(geo.row_top(0) + 1) == -1   # no rows yet
    assert window_for(MONTH, dt.date(2026, 12, 9)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert step(MONTH, dt.date(2026, 12, 9), +1) == dt.date(2027, 1, 1)
