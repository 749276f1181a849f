"""Who did something is shown as a person reads it, through one helper (ui.common.display.person):
an account's display name, or "root (this PC's account)" for a change made without an account,
never the raw "os:root"; in the booking history, the case history and the audit trail."""

from __future__ import annotations

import getpass

from hubdesk.db import audit
from hubdesk.db.enums import BookingStatus, Role
from hubdesk.i18n import language
from hubdesk.ui.common.display import person


def test_the_helper_says_who_in_words():
    assert person("os:root") == "root (this PC's account)"
    assert person("minji", {"minji": "Kim Minji"}) == "Kim Minji"
    assert person("lee") == "lee" and person(None) == ""
    with language("ko"):
        assert "root" in person("os:root") and "os:" not in person("os:root")


def test_booking_history_names_the_people(qtbot, db):
    from hubdesk.domain.accounts import create_user
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
    from hubdesk.ui.audit.table_model import AuditTableModel
    from hubdesk.ui.bookings.dialog import BookingDialog
    from hubdesk.ui.context import AppContext
    from tests.factories import booking_world, kst

    with db.write() as s:                                   # as this PC's account, like the demo
        w = booking_world(s)
        create_user(s, username="minji", display_name="Kim Minji", role=Role.ADMIN, password=None)
        booking = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 9, 9), kst(2026, 3, 9, 11)))
        booking_id = booking.id
    audit.set_actor("minji", Role.ADMIN)
    try:
        with db.write() as s:
            change_status(s, booking_id, BookingStatus.APPROVED)
    finally:
        audit.set_actor(None)

    dialog = BookingDialog(AppContext(db=db, user_name="Tester"), booking_id)
    qtbot.addWidget(dialog)
    model = dialog.history_model
    shown = [model.index(r, model.COL_BY).data() for r in range(model.rowCount())]
    assert shown == [f"{getpass.getuser()} (this PC's account)", "Kim Minji"]
    assert not any(text.startswith("os:") for text in shown)

    trail = AuditTableModel(db)
    trail.ensure_loaded()
    who = {trail.index(r, trail.COL_ACTOR).data() for r in range(trail.rowCount())}
    assert who == {f"{getpass.getuser()} (this PC's account)", "minji"}
