"""Bookings an exchange left in conflict are shown where people look (issue 16): on the real
Bookings view of the receiving PC, the kept booking is marked in red on the timeline with a tooltip
naming the conflict, and the approvals tab says how many are in conflict, with a link that opens the
exchange conflicts; once resolved, the marks go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from sqlalchemy import select

from hubdesk.db.schema import Booking, Organization, Resource
from hubdesk.domain.booking_rules import BookingRequest
from hubdesk.domain.bookings import create_booking
from tests.exchange_sites import Site, joined_pair, send
from tests.factories import kst

SLOT = kst(2027, 3, 2, 9), kst(2027, 3, 2, 12)


def double_booked(folder: Path, template: Path) -> tuple[Site, Site]:
    """A and B from one start, each booking the same slot offline; A's package applied on B."""
    a, b = joined_pair(folder, template)
    for site in (a, b):
        with site.db.write() as s:
            org = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one()
            resource = s.scalars(select(Resource.id)).first()
            create_booking(s, BookingRequest(resource_id=resource, organization_id=org.id, starts_at=SLOT[0],
                                             ends_at=SLOT[1], purpose=f"run of {site.name}"))
    assert [c["kind"] for c in send(a, b).conflicts] == ["booking"]
    return a, b


@pytest.fixture
def pcs(tmp_path, _migrated_sqlite_template):
    a, b = double_booked(tmp_path, _migrated_sqlite_template)
    yield a, b
    a.db.dispose()
    b.db.dispose()


def _red_pixels(image, rect) -> int:
    red = 0
    for x in range(int(rect.left()) - 1, int(rect.right()) + 2):
        for y in range(int(rect.top()) - 1, int(rect.bottom()) + 2):
            colour = QColor(image.pixel(x, y))
            if colour.red() > 180 and colour.green() < 90 and colour.blue() < 90:
                red += 1
    return red


def test_a_booking_conflict_is_marked_on_the_timeline_and_the_approvals(qtbot, pcs, monkeypatch):
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.exchange import dialog as exchange_dialog

    _a, b = pcs
    view = BookingsView(AppContext(db=b.db, user_name="김민지"))
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.tabs.setCurrentIndex(view.APPROVALS_TAB)
    assert view.conflict_banner.isVisible()
    assert "1 booking is in conflict after an exchange" in view.conflict_banner.text()

    view.tabs.setCurrentIndex(view.TIMELINE_TAB)
    view.show_timeline_at(dt.date(2027, 3, 2), "week")
    qtbot.waitUntil(lambda: any(bk.conflict for bk in view.timeline.data.bookings), timeout=5000)
    [kept] = [bk for bk in view.timeline.data.bookings if bk.conflict]
    with b.db.read() as s:
        assert s.scalar(select(Booking.purpose).where(Booking.id == kept.id)) == "run of GMP centre PC"
    item = next(i for i in view.timeline.items() if i.kind == "booking" and i.source.id == kept.id)
    tip = view.timeline.tooltip_for(item)
    assert "In conflict after an exchange with Cluster office" in tip and "move or cancel one" in tip
    image = view.timeline.grab().toImage()
    assert _red_pixels(image, item.rect) > 40              # the red outline, hatching and corner are drawn

    opened = []
    monkeypatch.setattr(exchange_dialog.ExchangeDialog, "exec", lambda self: opened.append(self) or 0)
    view.tabs.setCurrentIndex(view.APPROVALS_TAB)
    view.conflict_banner.linkActivated.emit("exchange")
    assert len(opened) == 1 and opened[0]._conflicts          # the exchange window, listing the conflict

    from hubdesk.domain.exchange_conflicts import conflicts, resolve

    with b.db.write() as s:
        resolve(s, conflicts(s)[0].id, "mine")
    view.refresh(choices=False)
    assert not view.conflict_banner.isVisible()
    view.tabs.setCurrentIndex(view.TIMELINE_TAB)
    qtbot.waitUntil(lambda: not any(bk.conflict for bk in view.timeline.data.bookings), timeout=5000)


def test_the_dashboard_approvals_panel_says_so_and_opens_the_conflicts(qtbot, pcs, monkeypatch):
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.dashboard.view import DashboardView
    from hubdesk.ui.exchange import dialog as exchange_dialog

    a, _b = pcs
    view = DashboardView(AppContext(db=a.db, user_name="Kim"))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20000)
    assert not view.panels["approvals"].notice.isVisible()   # A has not received B's booking yet
    send(_b, a)
    view.refresh()
    qtbot.waitUntil(lambda: view.is_loaded and view.panels["approvals"].notice.isVisible(), timeout=20000)
    assert "1 booking is in conflict after an exchange" in view.panels["approvals"].notice.text()
    opened = []
    monkeypatch.setattr(exchange_dialog.ExchangeDialog, "exec", lambda self: opened.append(self) or 0)
    view.panels["approvals"].notice.linkActivated.emit("exchange")
    assert len(opened) == 1 and opened[0]._conflicts
