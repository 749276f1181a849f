"""A resource's incident log in the Facilities area, driven as a person would: the form refuses
with sentences and stays filled, a saved downtime names the bookings inside it, an open downtime
stands out, an incident voiding the qualification marks the resource overdue, edit and remove."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDateTime, Qt

from hubdesk.domain import clock


@pytest.fixture
def incident_db(db):
    from hubdesk.domain.bookings import BookingRequest, create_booking
    from tests.factories import booking_world, kst

    with db.write() as s:
        w = booking_world(s, name="Bioreactor 50 L", requalification_days=365,
                          last_qualified_on=clock.today() - dt.timedelta(days=10))
        for day in (2, 3, 9):                 # 2027-03: Tuesday, Wednesday and the next Tuesday
            create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2027, 3, day, 9), kst(2027, 3, day, 12)))
    return db


@pytest.fixture
def view(qtbot, incident_db):
    from hubdesk.ui.facilities.view import FacilitiesView
    from tests.ui.views import shown_view

    view = shown_view(qtbot, FacilitiesView, incident_db, (1200, 800), user_name="Park Jiyoung")
    view.select_resource(view.resources_model.rows()[0]["id"])
    view.tabs.setCurrentWidget(view.incidents)
    return view


def _when(text: str) -> QDateTime:
    return QDateTime.fromString(text, "yyyy-MM-dd HH:mm")


def test_add_an_incident_with_downtime_and_see_the_bookings_inside_it(qtmodeltester, view, shown_messages,
                                                                     monkeypatch):
    from hubdesk.db.enums import IncidentKind
    from hubdesk.ui.facilities.table_model import AlertRole, IncidentsTableModel, ResourcesTableModel

    assert view.tabs.tabText(2) == "Incidents" and view.incidents_model.rowCount() == 0
    view.add_incident()
    dialog = view._dialog
    assert dialog.reported_edit.text() == "Park Jiyoung"             # the person signed in
    assert not dialog.down_from_edit.isEnabled()                      # no downtime until ticked
    dialog.save()
    assert "Choose what kind of incident" in shown_messages[-1][1] and dialog.isVisible()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(IncidentKind.BREAKDOWN))
    dialog.save()
    assert "Describe what happened" in shown_messages[-1][1]
    dialog.description_edit.setPlainText("Agitator motor stopped mid-run")
    dialog.occurred_edit.setDateTime(_when("2027-03-02 10:30"))
    dialog.down_check.setChecked(True)
    dialog.down_from_edit.setDateTime(_when("2027-03-02 10:30"))
    dialog.ended_check.setChecked(True)
    dialog.down_until_edit.setDateTime(_when("2027-03-02 10:00"))
    dialog.save()
    assert "must end after it starts" in shown_messages[-1][1] and view.incidents_model.rowCount() == 0
    dialog.ended_check.setChecked(False)                              # still down: the end stays open
    dialog.voids_check.setChecked(True)
    dialog.save()
    assert not dialog.isVisible()
    title, text = shown_messages[-1]
    assert title == "Bookings inside the downtime"
    assert text.startswith("3 bookings fall inside this downtime: move or cancel them.")
    assert "Hanbit Bio" in text and len(dialog.flagged_bookings) == 3

    model = view.incidents_model
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, IncidentsTableModel.COL_KIND).data() == "Breakdown"
    assert model.index(0, IncidentsTableModel.COL_DOWNTIME).data().startswith("since ")
    assert model.index(0, IncidentsTableModel.COL_DOWNTIME).data(AlertRole) is True
    assert model.index(0, IncidentsTableModel.COL_QUALIFICATION).data() == "Voided: requalify"
    assert "still down" in model.index(0, IncidentsTableModel.COL_DOWNTIME).data(Qt.ItemDataRole.ToolTipRole)
    requalify = view.resources_model.index(0, ResourcesTableModel.COL_REQUALIFY)
    assert requalify.data(AlertRole) is False                         # the incident is in 2027: not yet

    # edit: the downtime ended before the second booking; only the first is still inside it
    view.incidents.table.setCurrentIndex(model.index(0, 0))
    view.edit_incident()
    dialog = view._dialog
    assert dialog.down_check.isChecked() and not dialog.ended_check.isChecked()
    assert dialog.description_edit.toPlainText() == "Agitator motor stopped mid-run"
    dialog.ended_check.setChecked(True)
    dialog.down_until_edit.setDateTime(_when("2027-03-02 17:00"))
    dialog.voids_check.setChecked(False)
    dialog.save()
    assert shown_messages[-1][1].startswith("1 booking falls inside this downtime: move or cancel it.")
    assert " – " in model.index(0, IncidentsTableModel.COL_DOWNTIME).data()
    assert model.index(0, IncidentsTableModel.COL_DOWNTIME).data(AlertRole) is False

    # remove, after the question
    from hubdesk.ui.facilities import dialog as dialogs

    view.incidents.table.setCurrentIndex(model.index(0, 0))
    monkeypatch.setattr(dialogs, "ask_remove", lambda parent, text: True)
    view.remove_incident()
    assert model.rowCount() == 0


def test_an_incident_voiding_qualification_today_marks_the_resource_overdue(view, shown_messages):
    from hubdesk.db.enums import IncidentKind
    from hubdesk.ui.facilities.table_model import AlertRole, ResourcesTableModel

    view.add_incident()
    dialog = view._dialog
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(IncidentKind.DEVIATION))
    dialog.description_edit.setPlainText("Pressure cascade lost for 20 minutes")
    dialog.voids_check.setChecked(True)
    dialog.save()                                                     # no downtime: no bookings named
    assert not shown_messages
    requalify = view.resources_model.index(0, ResourcesTableModel.COL_REQUALIFY)
    assert requalify.data(AlertRole) is True
    assert view.resources_model.rows()[0]["requalification_due"] <= clock.today()
