"""One clock on the screens: with the PC on Los Angeles time and the clock held at 00:30 on
3 December in Seoul (still 2 December in Los Angeles), the dashboard, the case page, the default
dates of forms and the booking timeline all say 3 December; a facility in another zone is snapped
on the timeline in its own zone, and the booking dialog keeps that span as it is."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from hubdesk.domain import clock

NEAR_MIDNIGHT = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.timezone.utc)
SEOUL_DAY = dt.date(2026, 12, 3)


@pytest.fixture
def pc_in_los_angeles(monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    with clock.fixed(NEAR_MIDNIGHT):
        yield
    monkeypatch.undo()
    time.tzset()


def test_every_screen_says_the_same_today(qtbot, context, small_db, pc_in_los_angeles):
    from sqlalchemy import select

    from hubdesk.db.schema import ClinicalCase, Organization
    from hubdesk.formatting import format_date
    from hubdesk.ui.cases.dialog import CaseDialog
    from hubdesk.ui.dashboard.view import DashboardView
    from hubdesk.ui.organizations.record_dialogs import CertificationDialog, InteractionDialog
    from tests.ui.views import shown_bookings_view

    assert dt.datetime.fromtimestamp(NEAR_MIDNIGHT.timestamp()).date() == dt.date(2026, 12, 2)  # the PC's day
    dashboard = DashboardView(context)
    qtbot.addWidget(dashboard)
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20000)
    assert dashboard.subtitle.text().startswith(format_date(SEOUL_DAY))

    with small_db.read() as s:
        case_id = s.scalar(select(ClinicalCase.id))
        org_id = s.scalar(select(Organization.id))
    case = CaseDialog(context, case_id)
    qtbot.addWidget(case)
    assert case.today == SEOUL_DAY

    certification = CertificationDialog(context, org_id)
    interaction = InteractionDialog(context, org_id)
    for dialog in (certification, interaction):
        qtbot.addWidget(dialog)
    assert certification.issued_edit.value() == SEOUL_DAY
    assert interaction.date_edit.value() == SEOUL_DAY

    bookings = shown_bookings_view(qtbot, small_db)
    bookings.timeline_today()
    assert bookings.timeline.anchor == SEOUL_DAY


def test_a_facility_in_another_zone_snaps_in_its_own_zone_and_the_dialog_keeps_the_span(qtbot, db):
    from hubdesk.db.enums import BookingUnit
    from hubdesk.ui.bookings.dialog import BookingDialog
    from hubdesk.ui.bookings.queries import TimelineData, load_resources
    from hubdesk.ui.bookings.timeline_geometry import WEEK, TimelineGeometry
    from hubdesk.ui.context import AppContext
    from tests.factories import booking_world

    with db.write() as s:
        w = booking_world(s, booking_unit=BookingUnit.DAY, max_units=10)
        w.facility.timezone = "America/Los_Angeles"
        resource_id = w.resource_id
    resources = load_resources(db)
    la = clock.zone("America/Los_Angeles")

    geo = TimelineGeometry(None, width=lambda: geo.LABEL_WIDTH + 1 + 700.0)
    assert geo.zone == clock.zone("Asia/Seoul")              # the axis is the foundation's
    geo.scale, geo.anchor = WEEK, dt.date(2026, 12, 9)
    geo.data = TimelineData(start=geo.start, end=geo.end, resources=resources)
    noon = dt.datetime(2026, 12, 9, 12, tzinfo=geo.zone)
    start, end = geo.selection_span(0, geo.x_of(noon), geo.x_of(noon + dt.timedelta(days=1)))
    assert start.astimezone(la).time() == dt.time(0) and end.astimezone(la).time() == dt.time(0)
    assert start.astimezone(la).date() == dt.date(2026, 12, 8)   # Seoul's noon is the evening before in LA

    context = AppContext(db=db, user_name="Tester")
    dialog = BookingDialog(context, resource_id=resource_id, starts_at=start, ends_at=end)
    qtbot.addWidget(dialog)
    assert dialog.timezone == "America/Los_Angeles"
    assert dialog.span() == (start, end)                  # snapped once, the same in both

    with clock.fixed(NEAR_MIDNIGHT):
        fresh = BookingDialog(context, resource_id=resource_id)
        qtbot.addWidget(fresh)
        first, _last = fresh.span()
    assert first == dt.datetime(2026, 12, 3, tzinfo=la)   # tomorrow in Los Angeles, where it is still 12-02
