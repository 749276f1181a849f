"""The Programs area's Facility subsidies tab driven as a person would: add a subsidy of hours
per quarter on one resource (a share over 100% is refused with the sentence under the form and
the form kept), see it listed, edit it, and remove it; then a booking of a participant shows in
the booking editor how its fee splits before saving."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

TODAY = dt.date(2026, 8, 20)


@pytest.fixture
def world(db):
    from hubdesk.db.enums import ParticipantRole
    from hubdesk.domain.participants import ParticipantInput, add_participant
    from tests.factories import booking_world, make_program

    with db.write() as s:
        w = booking_world(s, fee_per_unit_krw=50_000)
        program = make_program(s, "Bio voucher 2026", fiscal_year=2026)
        add_participant(s, program.id, ParticipantInput(organization_id=w.org_id, role=ParticipantRole.BENEFICIARY,
                                                        joined_on=dt.date(2026, 1, 1)))
        return db, {"program": program.id, "resource": w.resource_id, "org": w.org_id}


@pytest.fixture
def view(qtbot, world):
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.programs.view import ProgramsView

    db, _ids = world
    v = ProgramsView(AppContext(db=db, user_name="Tester"), today=TODAY)
    qtbot.addWidget(v)
    v.resize(1300, 860)
    v.show()
    return v


def test_add_edit_and_remove_a_facility_subsidy(monkeypatch, qtmodeltester, view, world, shown_messages):
    from hubdesk.db.enums import SubsidyKind, SubsidyPeriod
    from hubdesk.db.schema import FacilitySubsidy
    from hubdesk.ui.programs import dialog as dialogs

    db, ids = world
    view.tabs.setCurrentIndex(view.SUBSIDIES_TAB)
    assert view.tabs.tabText(view.SUBSIDIES_TAB) == "Subsidies"
    view.new_subsidy()
    d = view._dialog
    d.kind_combo.setCurrentIndex(d.kind_combo.findData(SubsidyKind.SHARE))
    d.value_spin.setValue(120)
    assert not d.save()                                           # refused, the form kept
    assert "at most 100%" in d.problem.text() and d.value_spin.value() == 120
    d.kind_combo.setCurrentIndex(d.kind_combo.findData(SubsidyKind.HOURS))
    assert d.value_spin.suffix() == " hours"
    d.value_spin.setValue(8)
    d.period_combo.setCurrentIndex(d.period_combo.findData(SubsidyPeriod.QUARTER))
    item = next(d.resources_list.item(i) for i in range(d.resources_list.count())
                if d.resources_list.item(i).data(Qt.ItemDataRole.UserRole) == ids["resource"])
    item.setCheckState(Qt.CheckState.Checked)
    assert d.save()
    assert view.subsidies_model.rowCount() == 1
    qtmodeltester.check(view.subsidies_model, force_py=True)
    row = view.subsidies_model.rows()[0]
    assert row["what"] == "8 hours (Per quarter)" and row["resources"] == "Suite B-1"
    with db.read() as s:
        subsidy = s.query(FacilitySubsidy).one()
        assert (subsidy.kind, subsidy.value, [r.resource_id for r in subsidy.resources]) == (
            SubsidyKind.HOURS, 8, [ids["resource"]])
        subsidy_id = subsidy.id

    view.edit_subsidy(subsidy_id)
    d = view._dialog
    assert d.value_spin.value() == 8 and d.resource_ids() == [ids["resource"]]
    d.value_spin.setValue(3)
    assert d.save()
    assert view.subsidies_model.rows()[0]["what"] == "3 hours (Per quarter)"

    monkeypatch.setattr(dialogs, "ask_remove", lambda *_a: True)
    view.subsidies_tab.select_id(subsidy_id)
    assert view.remove_subsidy(subsidy_id)
    assert view.subsidies_model.rowCount() == 0


def test_the_booking_editor_says_how_the_fee_splits_before_saving(qtbot, world):
    from hubdesk.db.enums import SubsidyKind, SubsidyPeriod
    from hubdesk.domain.subsidies import save_subsidy
    from hubdesk.ui.bookings.dialog import BookingDialog
    from hubdesk.ui.context import AppContext
    from tests.factories import kst

    db, ids = world
    with db.write() as s:
        save_subsidy(s, ids["program"], None, kind=SubsidyKind.HOURS, value=3, period=SubsidyPeriod.QUARTER)
    dialog = BookingDialog(AppContext(db=db, user_name="Tester"), resource_id=ids["resource"],
                           starts_at=kst(2026, 9, 1, 9), ends_at=kst(2026, 9, 1, 14), organization_id=ids["org"])
    qtbot.addWidget(dialog)
    dialog.check_now()
    assert dialog.fee_label.text() == ("₩250,000 (estimate)\n3 of 5 hours are subsidised by Bio voucher 2026; "
                                       "2 hours at the normal rate.")
