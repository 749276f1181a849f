"""The Facilities area's Booking quotas tab driven as a person would: add an organization's quota
on a resource, see it listed, a second quota for the same organization refused with the sentence
under the form, edit it, then a booking past it refused by the booking rules, and remove it."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(db):
    from tests.factories import booking_world

    with db.write() as s:
        w = booking_world(s, name="HPLC #2")
        return db, w.org_id, w.resource_id


def test_add_edit_and_remove_a_booking_quota(qtbot, monkeypatch, world, shown_messages):
    from hubdesk.domain.bookings import BookingRequest, check_booking
    from hubdesk.ui.facilities import dialog as facility_dialogs
    from hubdesk.ui.facilities.view import FacilitiesView
    from tests.factories import kst
    from tests.ui.views import shown_view

    db, org_id, resource_id = world
    view = shown_view(qtbot, FacilitiesView, db, (1200, 800), user_name="Park Jiyoung")
    view.select_resource(resource_id)
    view.tabs.setCurrentWidget(view.quotas)
    assert view.tabs.tabText(3) == "Booking quotas" and view.quotas.add_button.isEnabled()
    view.add_quota()
    d = view._dialog
    d.org_combo.setCurrentIndex(d.org_combo.findData(org_id))
    d.hours_spin.setValue(3)
    d.save()
    assert view.quotas_model.rowCount() == 1
    assert view.quotas_model.index(0, 1).data() == "3 hours"
    view.add_quota()
    d = view._dialog
    d.org_combo.setCurrentIndex(d.org_combo.findData(org_id))
    d.save()                                             # one quota per organization and resource
    assert "already has a quota" in d.problem_label.text() and d.isVisible()
    d.reject()
    with db.read() as s:
        problems = check_booking(s, BookingRequest(resource_id, org_id, kst(2026, 9, 1, 9), kst(2026, 9, 1, 13)))
    assert [p.code for p in problems] == ["quota"]

    view.quotas.table.selectRow(0)
    view.edit_quota()
    d = view._dialog
    assert d.hours_spin.value() == 3
    d.hours_spin.setValue(10)
    d.save()
    assert view.quotas_model.index(0, 1).data() == "10 hours"
    monkeypatch.setattr(facility_dialogs, "ask_remove", lambda *_a: True)
    view.quotas.table.selectRow(0)
    view.remove_quota()
    assert view.quotas_model.rowCount() == 0
