"""The Bookings area driven as a person would: book a resource through the dialog, see a
conflict with its changeover explained before saving, approve (the fee is frozen and shown),
cancel, use the filters and the approvals queue."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from tests.factories import kst


@pytest.fixture
def world(db):
    from tests.factories import booking_world, make_org

    with db.write() as s:
        w = booking_world(s, fee_per_unit_krw=50_000, changeover_hours=2)
        other = make_org(s, "Cellgen Therapeutics", user_class=w.user_class)
        ids = dict(resource_id=w.resource_id, org_id=w.org_id, other_id=other.id, alice=w.alice.id)
    return db, ids


@pytest.fixture
def view(qtbot, world):
    from tests.ui.views import shown_bookings_view

    db, _ids = world
    v = shown_bookings_view(qtbot, db)
    return v


def _fill(qtbot, dialog, name, start, end):
    """The organization chosen by typing the start of its name in lower case; then the times."""
    from hubdesk.ui.facilities.dialog import to_qdatetime
    from tests.ui.views import choose_organization

    choose_organization(qtbot, dialog.org_combo, name[:5].lower(), name)
    dialog.starts_edit.setDateTime(to_qdatetime(start, dialog.timezone))
    dialog.ends_edit.setDateTime(to_qdatetime(end, dialog.timezone))


def test_models_pass_the_model_tester(qtmodeltester, view, world):
    from hubdesk.domain.bookings import BookingRequest, create_booking
    from hubdesk.ui.bookings.table_model import BookingsTableModel

    db, ids = world
    with db.write() as s:
        for day in (9, 10, 11):
            create_booking(s, BookingRequest(ids["resource_id"], ids["org_id"], kst(2026, 3, day, 9), kst(2026, 3, day, 11)))
    view.refresh()
    assert view.model.rowCount() == 3
    qtmodeltester.check(view.model, force_py=True)
    view.model.sort(BookingsTableModel.COL_ORGANIZATION, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(view.model, force_py=True)
    view.approvals_model.reload()
    qtmodeltester.check(view.approvals_model, force_py=True)
    view.open_record("booking", view.model.id_at(0))
    qtmodeltester.check(view._dialog.history_model, force_py=True)


def test_book_see_the_conflict_named_approve_and_cancel(qtbot, view, world, shown_messages, monkeypatch):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.db.schema import Booking
    from hubdesk.ui.bookings import actions

    db, ids = world
    messages: list[str] = []
    view.context.bus.status_message.connect(messages.append)

    # 1. a first booking through the dialog: no rule broken, the fee estimate is shown
    view.new_record()
    dialog = view._dialog
    _fill(qtbot, dialog, "Hanbit Bio", kst(2026, 3, 10, 9), kst(2026, 3, 10, 12))
    dialog.purpose_edit.setText("Pilot batch")
    dialog.check_now()
    assert dialog.problem_texts == []
    assert not dialog.ok_label.isHidden()
    assert dialog.fee_label.text() == "₩150,000 (estimate)"
    dialog.save()
    assert not dialog.isVisible()
    assert view.model.rowCount() == 1
    first_id = view.model.id_at(0)

    # 2. an overlapping one: the sentence names the other booking, its organization and the changeover
    view.new_record()
    dialog = view._dialog
    _fill(qtbot, dialog, "Cellgen Therapeutics", kst(2026, 3, 10, 13), kst(2026, 3, 10, 15))
    assert dialog.problem_texts == ["Choose the organization that books."]        # before the edits were checked
    qtbot.waitUntil(lambda: any("booked by" in t for t in dialog.problem_texts), timeout=3000)   # checked while editing (debounced)
    text = " ".join(dialog.problem_texts)
    assert "Suite B-1 is booked by Hanbit Bio on 2026-03-10 09:00–12:00 (Asia/Seoul)" in text
    assert "changeover of 2 hours" in text
    assert not dialog.problems_label.isHidden()
    assert dialog.problems[0].booking_id == first_id
    dialog.save()                                                       # refused, the form stays
    assert dialog.isVisible() and "changeover" in shown_messages[-1][1]
    assert view.model.rowCount() == 1
    _fill(qtbot, dialog, "Cellgen Therapeutics", kst(2026, 3, 10, 14), kst(2026, 3, 10, 16))   # after the changeover
    dialog.check_now()
    assert dialog.problem_texts == []
    dialog.save()
    assert view.model.rowCount() == 2

    # 3. approve the first from the list: only the allowed moves are enabled; the fee is frozen and shown
    assert view.list.select_id(first_id)
    buttons = view.list.status_buttons.buttons
    enabled = {s for s, b in buttons.items() if b.isEnabled()}
    assert enabled == {BookingStatus.APPROVED, BookingStatus.REJECTED, BookingStatus.CANCELLED}
    buttons[BookingStatus.APPROVED].click()
    assert messages[-1] == f"Booking number {first_id} is approved; its fee is ₩150,000."
    with db.read() as s:
        booking = s.get(Booking, first_id)
        assert (booking.status, booking.fee_krw) == (BookingStatus.APPROVED, 150_000)
    view.list.select_id(first_id)
    enabled = {s for s, b in buttons.items() if b.isEnabled()}
    assert enabled == {BookingStatus.CONFIRMED, BookingStatus.CANCELLED, BookingStatus.NO_SHOW}

    # 4. the dialog of the approved booking shows the frozen fee, its history and the allowed moves
    view.open_record("booking", first_id)
    opened = view._dialog
    assert opened.fee_label.text() == "₩150,000 (fixed when approved)"
    assert opened.history_model.rowCount() == 2
    visible = {s for s, b in opened.status_buttons.items() if not b.isHidden()}
    assert visible == {BookingStatus.CONFIRMED, BookingStatus.CANCELLED, BookingStatus.NO_SHOW}
    opened.reject()

    # 5. cancel it: asked first ("no" keeps it), then cancelled
    monkeypatch.setattr(actions, "ask_confirm_status", lambda parent, bid, status: False)
    buttons[BookingStatus.CANCELLED].click()
    with db.read() as s:
        assert s.get(Booking, first_id).status == BookingStatus.APPROVED
    monkeypatch.setattr(actions, "ask_confirm_status", lambda parent, bid, status: True)
    view.list.select_id(first_id)
    buttons[BookingStatus.CANCELLED].click()
    with db.read() as s:
        assert s.get(Booking, first_id).status == BookingStatus.CANCELLED
    view.list.select_id(first_id)
    assert not any(b.isEnabled() for b in buttons.values())             # final


def test_approvals_queue_oldest_request_first_and_permission_refusal(qtbot, view, world, shown_messages):
    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import BookingStatus, Role
    from hubdesk.domain.bookings import BookingRequest, create_booking

    db, ids = world
    made = []
    for day in (12, 11, 10):                  # requested in this order: the 12th is the oldest request
        with db.write() as s:
            made.append(create_booking(s, BookingRequest(ids["resource_id"], ids["org_id"],
                                                         kst(2026, 3, day, 9), kst(2026, 3, day, 11))).id)
    view.refresh()
    view.tabs.setCurrentIndex(view.APPROVALS_TAB)
    queue = view.approvals_model
    assert [queue.id_at(r) for r in range(queue.rowCount())] == made
    view.approvals.select_id(made[0])
    approve = view.approvals.status_buttons.buttons[BookingStatus.APPROVED]
    assert approve.isEnabled()
    with acting_as("clerk", Role.STAFF):
        approve.click()
    assert "Only a manager or an administrator can approve" in shown_messages[-1][1]
    approve.click()
    assert [queue.id_at(r) for r in range(queue.rowCount())] == made[1:]


def test_holiday_override_box_appears_only_when_needed(qtbot, view, world):
    db, ids = world
    view.new_record()
    dialog = view._dialog
    _fill(qtbot, dialog, "Hanbit Bio", kst(2026, 3, 10, 9), kst(2026, 3, 10, 11))
    dialog.check_now()
    assert dialog.holiday_check.isHidden()
    _fill(qtbot, dialog, "Hanbit Bio", kst(2026, 3, 1, 9), kst(2026, 3, 1, 11))        # Independence Movement Day
    dialog.check_now()
    assert not dialog.holiday_check.isHidden()
    assert any("public holiday" in t for t in dialog.problem_texts)
    dialog.holiday_check.setChecked(True)
    dialog.check_now()
    assert dialog.problem_texts == []
    dialog.save()
    assert view.model.rowCount() == 1


def test_filters_by_status_resource_organization_and_dates(view, world):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking

    db, ids = world
    with db.write() as s:
        a = create_booking(s, BookingRequest(ids["resource_id"], ids["org_id"], kst(2026, 3, 10, 9), kst(2026, 3, 10, 11)))
        create_booking(s, BookingRequest(ids["resource_id"], ids["other_id"], kst(2026, 4, 7, 9), kst(2026, 4, 7, 11)))
        change_status(s, a.id, BookingStatus.APPROVED)
    view.refresh()
    assert view.model.rowCount() == 2
    view.status_filter.set_value(BookingStatus.APPROVED)
    assert [view.model.id_at(r) for r in range(view.model.rowCount())] == [a.id]
    view.status_filter.set_value(None)
    view.organization_filter.set_value(ids["other_id"])
    assert view.model.rowCount() == 1 and view.model.index(0, 4).data() == "Cellgen Therapeutics"
    view.organization_filter.set_value(None)
    view.resource_filter.set_value(ids["resource_id"])
    view.from_edit.set_value(dt.date(2026, 4, 1))
    assert view.model.rowCount() == 1
    view.to_edit.set_value(dt.date(2026, 4, 6))
    assert view.model.rowCount() == 0
    view.from_edit.set_value(None)
    view.to_edit.set_value(None)
    assert "2 bookings" in view.list.count_label.text()
    # times are shown in the facility's zone
    row = view.model.row_of_id(a.id)
    assert view.model.index(row, 1).data().endswith("09:00")


def test_the_organization_filter_is_filled_when_first_used_and_kept_up_to_date(view, world):
    """Opening the list does not read every organization; the filter reads them on first use
    (here `set_value`; also its popup or focus) and again after a change once it has them."""
    from tests.factories import make_org

    db, ids = world
    combo = view.organization_filter
    assert combo.count() == 1                                   # "All organizations" only
    view.refresh()                                              # a data change before first use
    assert combo.count() == 1
    combo.set_value(ids["other_id"])
    filled = combo.count()
    assert filled == 3 and combo.currentData() == ids["other_id"]
    assert [view.model.id_at(r) for r in range(view.model.rowCount())] == []   # no booking yet
    with db.write() as s:
        make_org(s, "Newly Added Bio")
    view.refresh()
    assert combo.count() == filled + 1 and combo.findText("Newly Added Bio") > 0
    assert combo.currentData() == ids["other_id"]               # the choice is kept


def test_switching_to_korean_and_back_retranslates_the_open_screens(qtbot, view, world):
    from hubdesk.ui.facilities.view import FacilitiesView

    facilities = FacilitiesView(view.context)
    qtbot.addWidget(facilities)
    view.new_record()
    dialog = view._dialog
    try:
        view.context.set_language("ko")
        assert view.title.text() == "예약"
        assert view.tabs.tabText(view.TIMELINE_TAB) == "타임라인"
        assert view.model.headerData(view.model.COL_RESOURCE, Qt.Orientation.Horizontal) == "자원"
        assert view.list.status_buttons.buttons[next(iter(view.list.status_buttons.buttons))].text() == "승인"
        assert dialog.windowTitle() == "새 예약"
        assert facilities.title.text() == "시설"
        assert facilities.tabs.tabText(0) == "정비 기간"
    finally:
        view.context.set_language("en")
    assert view.title.text() == "Bookings" and dialog.windowTitle() == "New booking"
    assert facilities.title.text() == "Facilities"


def test_a_day_resource_is_booked_by_first_and_last_day(qtbot, view, world):
    from hubdesk.db.enums import BookingUnit
    from tests.factories import make_rate, make_resource

    db, ids = world
    with db.write() as s:
        from hubdesk.db.schema import Facility, Organization
        from sqlalchemy import select

        facility = s.scalars(select(Facility)).first()
        dryer = make_resource(s, facility, "Freeze dryer", booking_unit=BookingUnit.DAY, max_units=7)
        make_rate(s, dryer, s.get(Organization, ids["org_id"]).user_class, 300_000)
        dryer_id = dryer.id
    view.refresh()
    dialog = view.open_dialog(resource_id=dryer_id, starts_at=kst(2026, 3, 10), ends_at=kst(2026, 3, 12),
                              organization_id=ids["org_id"])
    assert dialog.ends_edit.date().toString("yyyy-MM-dd") == "2026-03-11"      # the last day, not the day after
    assert dialog.row_labels["ends"].text() == "Last day (Asia/Seoul)"
    request = dialog.request()
    assert (request.starts_at, request.ends_at) == (kst(2026, 3, 10), kst(2026, 3, 12))
    dialog.check_now()
    assert dialog.problem_texts == [] and dialog.fee_label.text() == "₩600,000 (estimate)"
    dialog.save()
    with db.read() as s:
        from hubdesk.db.schema import Booking

        booking = s.get(Booking, view.model.id_at(0))
        assert (booking.resource_id, booking.units) == (dryer_id, 2)


def test_list_and_timeline_queries_on_sqlite_and_postgresql(qtbot, qtmodeltester, any_db):
    """The same SQL (joins, filters, sorting, the timeline's window) on both databases."""
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
    from hubdesk.ui.bookings.table_model import ApprovalsTableModel, BookingsTableModel
    from hubdesk.ui.bookings.queries import load_resources, load_window
    from tests.factories import booking_world, make_org

    with any_db.write() as s:
        w = booking_world(s, changeover_hours=2)
        other = make_org(s, "Cellgen Therapeutics", user_class=w.user_class)
        a = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 10, 9), kst(2026, 3, 10, 11)))
        b = create_booking(s, BookingRequest(w.resource_id, other.id, kst(2026, 3, 11, 9), kst(2026, 3, 11, 12)))
        change_status(s, a.id, BookingStatus.APPROVED)
        ids = (a.id, b.id, w.resource_id, other.id)
    model = BookingsTableModel(any_db)
    model.reload()
    assert [model.id_at(r) for r in range(2)] == [ids[1], ids[0]]                 # newest first
    model.sort(BookingsTableModel.COL_ORGANIZATION, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, BookingsTableModel.COL_ORGANIZATION).data() for r in range(2)] == [
        "Cellgen Therapeutics", "Hanbit Bio"]
    model.set_filter("organization_id", ids[3])
    model.set_date_range(dt.date(2026, 3, 11), dt.date(2026, 3, 11))
    assert model.rowCount() == 1 and model.index(0, BookingsTableModel.COL_STARTS).data().endswith("09:00")
    qtmodeltester.check(model, force_py=True)
    queue = ApprovalsTableModel(any_db)
    queue.reload()
    assert [queue.id_at(r) for r in range(queue.rowCount())] == [ids[1]]

    data = load_window(any_db, kst(2026, 3, 9), kst(2026, 3, 16), load_resources(any_db))
    spans = {x.id: (x.starts_at, x.changeover_until) for x in data.bookings}
    assert spans == {ids[0]: (kst(2026, 3, 10, 9), kst(2026, 3, 10, 13)),
                     ids[1]: (kst(2026, 3, 11, 9), kst(2026, 3, 11, 14))}


def test_people_without_a_qualification_are_named_before_saving(qtbot, view, world):
    from sqlalchemy import update

    from hubdesk.db.schema import Contact, Resource
    from tests.factories import make_qualification

    db, ids = world
    with db.write() as s:
        s.execute(update(Resource).where(Resource.id == ids["resource_id"]).values(requires_qualification=True))
        make_qualification(s, s.get(Resource, ids["resource_id"]), contact=s.get(Contact, ids["alice"]))
    view.new_record()
    dialog = view._dialog
    _fill(qtbot, dialog, "Hanbit Bio", kst(2026, 3, 10, 9), kst(2026, 3, 10, 11))
    people = {dialog.people_list.item(i).text(): dialog.people_list.item(i) for i in range(dialog.people_list.count())}
    assert set(people) == {"Alice Kim", "Bob Lee"}                    # the organization's contacts
    people["Alice Kim"].setCheckState(Qt.CheckState.Checked)
    dialog.check_now()
    assert dialog.problem_texts == []
    people["Bob Lee"].setCheckState(Qt.CheckState.Checked)
    dialog.check_now()
    assert dialog.problem_texts == ["Bob Lee holds no qualification for Suite B-1 valid until 2026-03-10, the last "
                                    "day of the booking. Record a valid qualification or take Bob Lee off the "
                                    "booking."]


def test_requested_bookings_show_the_fee_estimate_until_approval_freezes_it(view, world):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
    from hubdesk.ui.bookings.table_model import BookingsTableModel

    db, ids = world
    with db.write() as s:
        booking = create_booking(s, BookingRequest(ids["resource_id"], ids["org_id"], kst(2026, 3, 10, 9),
                                                   kst(2026, 3, 10, 12)))
    view.refresh()
    view.tabs.setCurrentIndex(view.APPROVALS_TAB)
    queue = view.approvals_model
    assert queue.index(0, BookingsTableModel.COL_FEE).data() == "₩150,000 (estimate)"
    with db.write() as s:
        change_status(s, booking.id, BookingStatus.APPROVED)
    view.refresh()
    assert view.model.index(0, BookingsTableModel.COL_FEE).data() == "₩150,000"
