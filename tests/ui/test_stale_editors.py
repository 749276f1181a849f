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
