"""The Facilities area driven as a person would: licences near expiry stand out, a resource's
maintenance windows and qualifications are added, edited and removed through dialogs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from hubdesk.domain import clock


@pytest.fixture
def facility_db(db):
    from hubdesk.db.enums import FacilityKind
    from tests.factories import (kst, make_contact, make_facility, make_org, make_qualification, make_rate,
                                 make_resource, make_user_class, make_window)

    today = clock.today()
    with db.write() as s:
        uc = make_user_class(s, name="Member company")
        org = make_org(s, "Hanbit Bio", user_class=uc)
        alice = make_contact(s, org, "Alice Kim")
        cpf = make_facility(s, "Osong Cell Processing Center", kind=FacilityKind.CELL_PROCESSING,
                            licence_no="CPF-01", licence_authority="MFDS",
                            licence_expires_on=today + dt.timedelta(days=60))
        make_facility(s, "Jecheon GMP Plant", licence_no="GMP-7", licence_expires_on=today + dt.timedelta(days=400))
        suite = make_resource(s, cpf, "Cleanroom suite A", changeover_hours=2, requalification_days=365,
                              last_qualified_on=today - dt.timedelta(days=400))
        make_resource(s, cpf, "Isolator 2", requalification_days=365, last_qualified_on=today)
        make_rate(s, suite, uc, 80_000)
        make_window(s, suite, kst(2026, 5, 4, 9), kst(2026, 5, 4, 18), note="HVAC filter change")
        make_qualification(s, suite, contact=alice, valid_until=today + dt.timedelta(days=100))
    return db


@pytest.fixture
def facilities_view(qtbot, facility_db):
    from hubdesk.ui.facilities.view import FacilitiesView
    from tests.ui.views import shown_view

    return shown_view(qtbot, FacilitiesView, facility_db, (1200, 800))


def select_osong(view, *, resource: bool = False) -> None:
    """Select the cell processing center (and, with `resource`, its first resource, the suite)."""
    view.select_facility(next(r["id"] for r in view.facilities_model.rows() if r["name"].startswith("Osong")))
    if resource:
        view.select_resource(view.resources_model.rows()[0]["id"])


def test_every_model_passes_the_model_tester(qtmodeltester, facilities_view):
    view = facilities_view
    select_osong(view)
    view.tabs.setCurrentWidget(view.qualifications)           # its list is read when its tab is shown
    for model in (view.facilities_model, view.resources_model, view.windows_model, view.qualifications_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_licence_expiring_within_120_days_is_marked(facilities_view):
    from hubdesk.ui.facilities.table_model import AlertRole, FacilitiesTableModel

    model = facilities_view.facilities_model
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    near = model.index(rows["Osong Cell Processing Center"], FacilitiesTableModel.COL_EXPIRES)
    far = model.index(rows["Jecheon GMP Plant"], FacilitiesTableModel.COL_EXPIRES)
    assert near.data(AlertRole) is True and far.data(AlertRole) is False
    assert near.data(Qt.ItemDataRole.DecorationRole) is not None          # the warning icon
    assert near.data(Qt.ItemDataRole.ForegroundRole) is not None           # and the alert colour
    assert far.data(Qt.ItemDataRole.DecorationRole) is None
    assert "60 days" in near.data(Qt.ItemDataRole.ToolTipRole)
    assert not facilities_view.alert_label.isHidden()
    assert "1 facility licence" in facilities_view.alert_label.text()


def test_resources_show_their_settings_and_the_overdue_requalification(facilities_view):
    from hubdesk.ui.facilities.table_model import AlertRole, ResourcesTableModel

    view = facilities_view
    view.select_facility(next(r["id"] for r in view.facilities_model.rows()
                              if r["name"] == "Osong Cell Processing Center"))
    model = view.resources_model
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == ["Cleanroom suite A", "Isolator 2"]
    assert model.index(0, ResourcesTableModel.COL_CHANGEOVER).data() == "2 hours"
    assert "Member company: ₩80,000" in model.index(0, ResourcesTableModel.COL_RATES).data()
    assert model.index(0, ResourcesTableModel.COL_REQUALIFY).data(AlertRole) is True
    assert model.index(1, ResourcesTableModel.COL_REQUALIFY).data(AlertRole) is False
    assert "Cleanroom suite A" in view.resources_caption.text() or "Osong" in view.resources_caption.text()


def test_add_edit_remove_a_maintenance_window(qtbot, facilities_view, shown_messages, monkeypatch):
    from PySide6.QtCore import QDateTime

    from hubdesk.db.enums import WindowKind
    from hubdesk.ui.facilities import dialog as dialogs

    view = facilities_view
    select_osong(view, resource=True)
    assert view.windows_model.rowCount() == 1
    view.add_window()
    dialog = view._dialog
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(WindowKind.REQUALIFICATION))
    dialog.starts_edit.setDateTime(QDateTime.fromString("2026-06-01 09:00", "yyyy-MM-dd HH:mm"))
    dialog.ends_edit.setDateTime(QDateTime.fromString("2026-06-01 08:00", "yyyy-MM-dd HH:mm"))
    dialog.save()                                                     # ends before it starts
    assert shown_messages and "end after it starts" in shown_messages[-1][1]
    assert dialog.isVisible() and view.windows_model.rowCount() == 1  # the form stays filled
    dialog.ends_edit.setDateTime(QDateTime.fromString("2026-06-02 18:00", "yyyy-MM-dd HH:mm"))
    dialog.save()
    assert view.windows_model.rowCount() == 2
    rows = view.windows_model.rows()
    added = next(r for r in rows if r["kind"] == WindowKind.REQUALIFICATION)
    assert added["starts_at"] == dt.datetime(2026, 6, 1, 0, 0, tzinfo=dt.timezone.utc)   # 09:00 KST

    # edit: the note
    row = rows.index(added)
    view.windows.table.setCurrentIndex(view.windows_model.index(row, 0))
    view.edit_window()
    view._dialog.note_edit.setText("Annual requalification")
    view._dialog.save()
    assert any(r["note"] == "Annual requalification" for r in view.windows_model.rows())

    # remove: asked first; "no" keeps it
    row = next(i for i, r in enumerate(view.windows_model.rows()) if r["kind"] == WindowKind.REQUALIFICATION)
    view.windows.table.setCurrentIndex(view.windows_model.index(row, 0))
    monkeypatch.setattr(dialogs, "ask_remove", lambda parent, text: False)
    view.remove_window()
    assert view.windows_model.rowCount() == 2
    monkeypatch.setattr(dialogs, "ask_remove", lambda parent, text: True)
    view.remove_window()
    assert view.windows_model.rowCount() == 1


def test_add_a_qualification_and_a_refused_write_is_shown(qtbot, facilities_view, shown_messages, monkeypatch):
    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import Role
    from hubdesk.ui.facilities import dialog as dialogs

    view = facilities_view
    select_osong(view, resource=True)
    view.tabs.setCurrentWidget(view.qualifications)           # as a person does: the tab first
    assert view.qualifications_model.rowCount() == 1
    view.add_qualification()
    dialog = view._dialog
    dialog.save()                                                     # nobody chosen
    assert "Choose the organization" in shown_messages[-1][1]
    dialog.org_combo.setCurrentIndex(dialog.org_combo.findText("Hanbit Bio"))
    with acting_as("clerk", Role.STAFF):                              # staff may not change qualifications
        dialog.save()
    assert "does not allow" in shown_messages[-1][1] and dialog.isVisible()
    dialog.save()
    assert view.qualifications_model.rowCount() == 2
    holders = {r["holder"] for r in view.qualifications_model.rows()}
    assert holders == {"Alice Kim", "Hanbit Bio"}

    # a person of the organization: chosen among its contacts
    view.add_qualification()
    dialog = view._dialog
    dialog.org_combo.setCurrentIndex(dialog.org_combo.findText("Hanbit Bio"))
    assert [dialog.person_combo.itemText(i) for i in range(dialog.person_combo.count())] == [
        "The whole organization", "Alice Kim"]
    dialog.person_combo.setCurrentIndex(1)
    dialog.save()
    rows = view.qualifications_model.rows()
    assert len(rows) == 3 and sum(r["person"] == "Alice Kim" and r["organization"] == "Hanbit Bio" for r in rows) == 1
    view.qualifications.table.setCurrentIndex(view.qualifications_model.index(
        next(i for i, r in enumerate(rows) if r["organization"] == "Hanbit Bio" and r["person"]), 0))
    view.edit_qualification()
    assert view._dialog.person_combo.currentText() == "Alice Kim"          # opened as saved
    view._dialog.reject()

    view.qualifications.table.setCurrentIndex(view.qualifications_model.index(0, 0))
    monkeypatch.setattr(dialogs, "ask_remove", lambda parent, text: True)
    view.remove_qualification()
    assert view.qualifications_model.rowCount() == 2


def test_open_record_selects_the_resource(facilities_view):
    view = facilities_view
    isolator = None
    for f in view.facilities_model.rows():
        view.select_facility(f["id"])
        for r in view.resources_model.rows():
            if r["name"] == "Isolator 2":
                isolator = r["id"]
    view.select_facility(next(r["id"] for r in view.facilities_model.rows() if r["name"].startswith("Jecheon")))
    assert view.open_record("resource", isolator) is True
    assert view.selected_resource_id() == isolator
    assert view.open_record("booking", 1) is False


def test_edit_a_licence_add_a_resource_and_record_its_requalification(qtbot, facilities_view, shown_messages):
    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import BookingUnit, Role
    from hubdesk.ui.facilities.table_model import AlertRole, FacilitiesTableModel, ResourcesTableModel

    view = facilities_view
    jecheon = next(r["id"] for r in view.facilities_model.rows() if r["name"] == "Jecheon GMP Plant")
    view.select_facility(jecheon)
    view.edit_facility(jecheon)
    dialog = view._dialog
    soon = clock.today() + dt.timedelta(days=30)
    dialog.expiry_edit.set_value(soon)
    with acting_as("clerk", Role.STAFF):                  # only an administrator changes facilities
        dialog.save()
    assert "does not allow" in shown_messages[-1][1] and dialog.isVisible()
    dialog.timezone_edit.setText("Mars/Olympus")
    dialog.save()
    assert "is not a time zone" in shown_messages[-1][1]
    dialog.timezone_edit.setText("Asia/Seoul")
    dialog.save()
    assert not dialog.isVisible()
    row = next(i for i, r in enumerate(view.facilities_model.rows()) if r["id"] == jecheon)
    assert view.facilities_model.index(row, FacilitiesTableModel.COL_EXPIRES).data(AlertRole) is True
    assert "2 facility licences" in view.alert_label.text()

    # a new day-unit resource in the selected facility
    assert view.selected_facility_id() == jecheon
    view.new_record()
    dialog = view._dialog
    dialog.name_edit.setText("Freeze dryer")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(BookingUnit.DAY))
    dialog.min_spin.setValue(3)
    dialog.max_spin.setValue(2)
    dialog.save()
    assert "at least the minimum" in shown_messages[-1][1]
    dialog.max_spin.setValue(7)
    dialog.save()
    assert [r["name"] for r in view.resources_model.rows()] == ["Freeze dryer"]
    assert view.resources_model.index(0, ResourcesTableModel.COL_UNIT).data() == "Day"

    # record the overdue requalification of Cleanroom suite A: the alert goes away
    osong = next(r["id"] for r in view.facilities_model.rows() if r["name"].startswith("Osong"))
    view.select_facility(osong)
    suite = view.resources_model.rows()[0]["id"]
    assert view.resources_model.index(0, ResourcesTableModel.COL_REQUALIFY).data(AlertRole) is True
    view.edit_resource(suite)
    dialog = view._dialog
    today = clock.today()
    dialog.qualified_edit.set_value(today)
    dialog.save()
    assert view.selected_resource_id() == suite
    assert view.resources_model.index(0, ResourcesTableModel.COL_REQUALIFY).data(AlertRole) is False


def test_a_hidden_tab_reads_its_list_when_made_current_and_a_closed_view_reads_nothing(qtbot, facilities_view):
    from sqlalchemy import event

    view = facilities_view
    db = view.context.db
    select_osong(view, resource=True)
    hidden = (view.qualifications, view.incidents, view.quotas)
    assert all(pane.table.model() is None for pane in hidden)    # no model: Qt's layout has nothing to read
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    def lists_read(table: str) -> list[str]:
        return [sql for sql in seen if f"FROM {table} " in sql + " "]

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        qtbot.wait(300)                                          # Qt's timers and layouts run
        assert seen == []
        view.tabs.setCurrentWidget(view.qualifications)          # a person opens the tab
        assert view.qualifications.table.model() is view.qualifications_model
        assert view.qualifications_model.rowCount() == 1 and len(lists_read("qualification")) == 1
        view.tabs.setCurrentWidget(view.windows)                 # back: the windows were kept, not read again
        assert view.windows_model.rowCount() == 1 and lists_read("maintenance_window") == []

        # another resource chosen: the list shown is read, the hidden ones emptied until shown
        isolator = next(r["id"] for r in view.resources_model.rows() if r["name"] == "Isolator 2")
        view.select_resource(isolator)
        assert view.windows_model.rowCount() == 0 and len(lists_read("maintenance_window")) == 1
        assert view.qualifications_model.rowCount() == 0 and len(lists_read("qualification")) == 1
        view.tabs.setCurrentWidget(view.qualifications)
        assert len(lists_read("qualification")) == 2 and view.qualifications.add_button.isEnabled()

        view.close()
        seen.clear()
        qtbot.wait(300)
        assert seen == []                                        # a closed view reads nothing
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)


def test_the_cell_texts_kept_for_painting_follow_a_language_switch(facilities_view):
    from hubdesk.i18n import ngettext

    view = facilities_view
    select_osong(view, resource=True)
    model = view.resources_model
    row = next(r for r in range(model.rowCount()) if model.index(r, model.COL_NAME).data() == "Cleanroom suite A")
    cell = model.index(row, model.COL_CHANGEOVER)
    assert cell.data() == "2 hours"
    try:
        view.context.set_language("ko")
        korean = ngettext("{hours} hour", "{hours} hours", 2).format(hours="2")
        assert korean != "2 hours" and cell.data() == korean
    finally:
        view.context.set_language("en")
    assert cell.data() == "2 hours"
