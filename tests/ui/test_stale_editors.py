"""One editor per record, and no stale overwrite (issue 13): a double-click opens one editor of an
organization, opening it again brings that editor forward, and of two editors of one record the
one that saves second is refused with the sentence and can reload the other person's values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _open_editors(dialog_class) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, dialog_class) and w.isVisible()]


def _double_click_row(qtbot, table, row: int) -> None:
    """A person's double-click on the row, as the window system delivers it: press and release,
    then the double-click (QTest.mouseDClick sends only the last; a view takes a double-click
    without the press before it for a press). The view emits doubleClicked and activated."""
    rect = table.visualRect(table.model().index(row, 0))
    assert rect.isValid()
    qtbot.wait(QApplication.doubleClickInterval() + 50)    # not the second half of an earlier one
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    qtbot.wait(50)


def test_double_click_opens_one_editor_and_opening_again_brings_it_forward(qtbot, small_db):
    from hubdesk.ui.organizations.dialog import OrganizationDialog
    from hubdesk.ui.organizations.view import OrganizationsView
    from tests.ui.views import shown_view

    view = shown_view(qtbot, OrganizationsView, small_db)
    qtbot.waitUntil(lambda: not view.model.is_loading and view.model.rowCount() == 5, timeout=3000)
    row = next(r for r in range(5) if view.model.index(r, 0).data() == "Cellgen Therapeutics")
    org_id = view.model.id_at(row)

    _double_click_row(qtbot, view.table, row)
    editors = _open_editors(OrganizationDialog)
    assert len(editors) == 1
    first = editors[0]
    qtbot.addWidget(first)
    assert first.org_id == org_id

    _double_click_row(qtbot, view.table, row)            # again, with the editor open
    view.context.open("organization", org_id)            # and from another screen (the bus)
    QTest.keyClick(view.table, Qt.Key.Key_Return)        # and with Enter on the row
    assert _open_editors(OrganizationDialog) == [first]
    assert view.context.editors.find("organization", org_id) is first

    first.reject()                                       # closed: the next opening is a new editor
    assert view.context.editors.find("organization", org_id) is None
    _double_click_row(qtbot, view.table, row)
    editors = _open_editors(OrganizationDialog)
    assert len(editors) == 1 and editors[0] is not first
    qtbot.addWidget(editors[0])
    editors[0].reject()


def test_double_click_on_a_booking_opens_one_editor(qtbot, small_db):
    from hubdesk.ui.bookings.dialog import BookingDialog
    from tests.ui.views import shown_bookings_view

    view = shown_bookings_view(qtbot, small_db)
    table = view.list.table
    qtbot.waitUntil(lambda: not view.list.model.is_loading and view.list.model.rowCount() > 0, timeout=3000)
    _double_click_row(qtbot, table, 0)
    _double_click_row(qtbot, table, 0)
    editors = _open_editors(BookingDialog)
    assert len(editors) == 1
    qtbot.addWidget(editors[0])
    editors[0].reject()


@pytest.fixture
def minji(small_db):
    from hubdesk.db.enums import Role
    from hubdesk.db.schema import User

    with small_db.write() as s:
        s.add(User(username="minji", display_name="Kim Minji", role=Role.STAFF))
    return small_db


def test_the_stale_editor_shows_who_changed_the_record_and_reloads_their_value(qtbot, minji, monkeypatch,
                                                                               shown_messages):
    """The defect of issue 13: two editors of Hanbang Bio; Kim Minji sets its user class in the
    first and saves; the second still shows the old class, and its save used to put the old class
    back without a word (audit 1 → null)."""
    from sqlalchemy import select

    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import Role
    from hubdesk.db.schema import Organization, UserClass
    from hubdesk.ui.common import stale
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    db = minji
    with db.write() as s:
        org = s.scalar(select(Organization).where(Organization.name == "한방바이오 주식회사"))
        old_class = org.user_class_id
        new_class = UserClass(code="academic_x", name="Academic")
        s.add(new_class)
        s.flush()
        org_id, new_class_id = org.id, new_class.id
    # two people, each with the interface open (two contexts: two registries)
    first = OrganizationDialog(AppContext(db=db, user_name="Kim Minji"), org_id)
    second = OrganizationDialog(AppContext(db=db, user_name="Park Jun"), org_id)
    for dialog in (first, second):
        qtbot.addWidget(dialog)
        dialog.show()

    combo = first.profile.user_class_combo
    combo.setCurrentIndex(combo.findData(new_class_id))
    with acting_as("minji", Role.STAFF):
        assert first.save() is True

    other = second.profile.user_class_combo
    assert other.currentData() == old_class                         # still the old value on screen
    second.profile.phone_edit.setText("043-123-4567")                # Park Jun's own change
    questions: list[str] = []
    answers = iter([False, True])                                    # keep editing, then reload
    monkeypatch.setattr(stale, "ask_reload", lambda parent, sentence: questions.append(sentence) or next(answers))

    assert second.save() is False
    sentence = questions[-1]
    assert sentence.startswith("Kim Minji changed this organization at ")
    assert sentence.endswith("after you opened it. Reload it to see their change, then make yours again.")
    assert second.general_problem.text() == sentence and not second.general_problem.isHidden()
    assert second.profile.phone_edit.text() == "043-123-4567"      # kept editing: nothing typed is lost
    assert second.isVisible()
    with db.read() as s:                                             # nothing was overwritten
        row = s.get(Organization, org_id)
        assert (row.user_class_id, row.phone) == (new_class_id, None)

    assert second.save() is False                                    # asked again; this time: Reload
    assert len(questions) == 2
    assert other.currentData() == new_class_id                       # her value is on screen now
    assert second.profile.phone_edit.text() == ""
    assert second.general_problem.isHidden()
    assert not second.is_modified()

    second.profile.phone_edit.setText("043-123-4567")               # made again on her change: saved
    assert second.save() is True
    with db.read() as s:
        row = s.get(Organization, org_id)
        assert (row.user_class_id, row.phone) == (new_class_id, "043-123-4567")
    assert shown_messages == []


def test_a_budget_line_editor_reopens_with_the_other_persons_amount(qtbot, minji, monkeypatch, shown_messages):
    """A form without a load() of its own reloads by a fresh editor in its place (the registry
    remembers how it was made): the Programs area's budget line."""
    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import Role
    from hubdesk.db.schema import BudgetLine
    from hubdesk.ui.common import stale
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.programs.dialog import BudgetLineDialog
    from hubdesk.ui.programs.view import ProgramsView
    from tests.factories import make_program
    from tests.ui.views import shown_view

    db = minji
    with acting_as("minji", Role.ADMIN), db.write() as s:
        program = make_program(s, "Export support", budgets={"national": 100_000_000})
        program_id, line_id = program.id, program.lines["national"].id
    view = shown_view(qtbot, ProgramsView, db)
    assert view.open_record("program", program_id)
    view.edit_budget_line(line_id)
    mine = view._dialog
    assert view.edit_budget_line(line_id) is None and view._dialog is mine     # one editor per line
    assert mine.amount_edit.text() == "100,000,000"

    # (RecordDialogs delete themselves once closed: not handed to qtbot)
    theirs = BudgetLineDialog(AppContext(db=db, user_name="Kim Minji"), program_id, [2026], line_id)
    theirs.amount_edit.setText("120,000,000")
    with acting_as("minji", Role.MANAGER):
        assert theirs.save()

    mine.amount_edit.setText("90,000,000")
    monkeypatch.setattr(stale, "ask_reload", lambda parent, sentence: sentence.startswith(
        "Kim Minji changed this budget line at "))
    assert mine.save() is False
    with db.read() as s:
        assert s.get(BudgetLine, line_id).amount_krw == 120_000_000      # hers, not overwritten
    fresh = view.context.editors.find("budget_line", line_id)
    assert fresh is not None and fresh is not mine and fresh.isVisible() and not mine.isVisible()
    assert fresh.amount_edit.text() == "120,000,000"
    fresh.amount_edit.setText("90,000,000")                             # made again on her change
    assert fresh.save()
    with db.read() as s:
        assert s.get(BudgetLine, line_id).amount_krw == 90_000_000
    assert shown_messages == []


def test_a_program_editor_reloads_in_place(qtbot, minji, monkeypatch):
    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import Role
    from hubdesk.ui.common import stale
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.programs.dialog import ProgramDialog
    from tests.factories import make_program

    db = minji
    with db.write() as s:
        program_id = make_program(s, "Export support", manager="Park Jiwoo").id
    mine = ProgramDialog(AppContext(db=db), program_id)
    theirs = ProgramDialog(AppContext(db=db), program_id)
    for dialog in (mine, theirs):     # they delete themselves once closed: not handed to qtbot
        dialog.show()
    theirs.manager_edit.setText("Kim Minji")
    with acting_as("minji", Role.MANAGER):
        assert theirs.save()
    mine.description_edit.setPlainText("Buyer meetings in Hanoi")
    sentences: list[str] = []
    monkeypatch.setattr(stale, "ask_reload", lambda parent, sentence: sentences.append(sentence) or True)
    with acting_as("jun", Role.MANAGER):
        assert mine.save() is False
    assert sentences[0].startswith("Kim Minji changed this program at ")
    assert mine.isVisible() and mine.manager_edit.text() == "Kim Minji"
    assert mine.description_edit.toPlainText() == ""
    with acting_as("jun", Role.MANAGER):
        assert mine.save()


def test_the_dashboard_opens_one_booking_editor_per_double_click(qtbot, main_window):
    from hubdesk.ui.bookings.dialog import BookingDialog

    dashboard = main_window.show_area("dashboard")
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20000)
    panel = dashboard.panels["approvals"]                    # the requested booking
    assert panel.model.rowCount() == 1
    _double_click_row(qtbot, panel.table, 0)                # opens it in the Bookings area
    assert main_window.current_view() is not dashboard
    main_window.show_area("dashboard")
    _double_click_row(qtbot, panel.table, 0)                # again: the same editor comes forward
    editors = _open_editors(BookingDialog)
    assert len(editors) == 1 and editors[0].booking_id == panel.model.id_at(0)
    editors[0].reject()


def test_a_contact_form_is_refused_when_someone_corrected_the_contact(qtbot, minji, monkeypatch):
    """The contact form corrects a contact (it was add-only before): the second of two forms of the
    same contact is refused and reloads the other person's phone number."""
    from hubdesk.db.audit import acting_as
    from hubdesk.db.enums import Role
    from hubdesk.db.schema import Contact
    from hubdesk.domain.organizations import ContactInput, add_contact
    from hubdesk.ui.common import stale
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations.record_dialogs import ContactDialog
    from tests.factories import make_org

    db = minji
    with acting_as("minji", Role.ADMIN), db.write() as s:
        org_id = make_org(s, "Daehan Bio").id
        contact_id = add_contact(s, org_id, ContactInput("Lee Sora", None, None, None, "010-1111-2222")).id
    mine = ContactDialog(AppContext(db=db), org_id, record_id=contact_id)
    theirs = ContactDialog(AppContext(db=db), org_id, record_id=contact_id)
    qtbot.addWidget(mine)
    qtbot.addWidget(theirs)
    theirs.phone_edit.setText("010-3333-4444")
    with acting_as("minji", Role.ADMIN):
        assert theirs.save()
    mine.title_edit.setText("CEO")
    sentences: list[str] = []
    monkeypatch.setattr(stale, "ask_reload", lambda parent, sentence: sentences.append(sentence) or True)
    with acting_as("jun", Role.MANAGER):
        assert mine.save() is False
    assert sentences[0].startswith("Kim Minji changed this contact at ")
    with db.read() as s:
        assert s.get(Contact, contact_id).phone == "010-3333-4444"
    assert mine.phone_edit.text() == "010-3333-4444" and mine.title_edit.text() == ""
    mine.title_edit.setText("CEO")
    with acting_as("jun", Role.MANAGER):
        assert mine.save()
    with db.read() as s:
        row = s.get(Contact, contact_id)
        assert (row.title, row.phone) == ("CEO", "010-3333-4444")
