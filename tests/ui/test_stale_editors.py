"""One editor per record, and no stale overwrite (issue 13): a double-click opens one editor of an
organization, opening it again brings that editor forward, and of two editors of one record the
one that saves second is refused with the sentence and can reload the other person's values."""

from __future__ import annotations

import pytest


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
