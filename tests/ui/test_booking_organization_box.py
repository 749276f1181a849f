"""A new booking's organization box (hubdesk.ui.common.organization_box): it opens on the
organizations booked most recently, not on every one, and lists the organizations whose name holds
what one types, Korean and Vietnamese names as typed and Latin letters in either case; the arrow
keys and Enter choose one."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from tests.factories import kst

NAMES = ("한빛바이오 주식회사", "한국생명공학", "Công ty TNHH Sài Gòn Bio", "Osong Cell Labs", "Biowell 50%")


@pytest.fixture
def world(db):
    from hubdesk.domain.bookings import BookingRequest, create_booking
    from tests.factories import booking_world, make_contact, make_org

    with db.write() as s:
        w = booking_world(s)
        orgs = {name: make_org(s, name, user_class=w.user_class) for name in NAMES}
        make_contact(s, orgs["한빛바이오 주식회사"], "김지수")
        archived = make_org(s, "Osong Archive Bio", user_class=w.user_class)
        # booked in this order: Osong Cell Labs first, the Vietnamese company last; then archived
        for day, name in enumerate(("Osong Cell Labs", "한국생명공학", "Công ty TNHH Sài Gòn Bio"), start=3):
            create_booking(s, BookingRequest(w.resource_id, orgs[name].id, kst(2026, 3, day, 9), kst(2026, 3, day, 11)))
        create_booking(s, BookingRequest(w.resource_id, archived.id, kst(2026, 3, 10, 9), kst(2026, 3, 10, 11)))
        archived.archived_on = dt.date(2026, 3, 11)
        ids = {name: org.id for name, org in orgs.items()} | {"Hanbit Bio": w.org_id, "archived": archived.id,
                                                               "resource": w.resource_id}
    return db, ids


@pytest.fixture
def dialog(qtbot, world):
    from hubdesk.ui.bookings.dialog import BookingDialog
    from hubdesk.ui.context import AppContext

    db, ids = world
    d = BookingDialog(AppContext(db=db, user_name="Tester"), resource_id=ids["resource"],
                      starts_at=kst(2026, 4, 7, 9), ends_at=kst(2026, 4, 7, 11))
    qtbot.addWidget(d)
    d.show()
    return d


def listed(box) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def test_it_opens_on_the_organizations_booked_most_recently_newest_first(dialog):
    box = dialog.org_combo
    assert box.isEditable() and box.currentData() is None
    # not every organization: those never booked (Hanbit Bio, 한빛바이오…) and the archived one are found by typing
    assert listed(box) == ["", "Công ty TNHH Sài Gòn Bio", "한국생명공학", "Osong Cell Labs"]
    assert box.lineEdit().placeholderText() == "Type part of the name"


@pytest.mark.parametrize("typed, chosen, others", [
    ("바이오", "한빛바이오 주식회사", {"한국생명공학"}),                 # Korean, in the middle of the name
    ("sài gòn", "Công ty TNHH Sài Gòn Bio", {"Osong Cell Labs"}),     # Vietnamese, in lower case
    ("HANBIT", "Hanbit Bio", {"Osong Cell Labs"}),                    # Latin letters in either case
])
def test_typing_part_of_a_name_lists_the_matches_and_the_keyboard_chooses(qtbot, dialog, world, typed, chosen,
                                                                            others):
    from hubdesk.db.schema import Booking
    from tests.ui.views import choose_organization

    db, ids = world
    box = dialog.org_combo
    choose_organization(qtbot, box, typed, chosen)
    popup_names = [box.matches.item(r).text() for r in range(box.matches.rowCount())]
    assert chosen in popup_names and not others & set(popup_names), popup_names
    assert box.currentData() == ids[chosen] and dialog.isVisible()       # Enter chose; it did not save
    dialog.check_now()
    assert "Choose the organization that books." not in dialog.problem_texts
    if chosen == "한빛바이오 주식회사":
        assert [dialog.people_list.item(i).text() for i in range(dialog.people_list.count())] == ["김지수"]
    with db.read() as s:
        assert s.query(Booking).count() == 4                           # nothing was booked by the Enter


def test_bio_lists_names_starting_with_it_first_and_not_the_archived_one(qtbot, dialog, world):
    box = dialog.org_combo
    qtbot.keyClicks(box.lineEdit(), "bio")
    qtbot.waitUntil(lambda: box.completer_.popup().isVisible(), timeout=3000)
    names = [box.matches.item(r).text() for r in range(box.matches.rowCount())]
    assert names == ["Biowell 50%", "Công ty TNHH Sài Gòn Bio", "Hanbit Bio"], names
    assert "Osong Archive Bio" not in names
    qtbot.keyClick(box.completer_.popup(), Qt.Key.Key_Escape)
    assert not box.completer_.popup().isVisible() and box.currentData() is None


def test_leaving_the_box_keeps_only_an_organization_that_was_chosen(qtbot, dialog, world):
    _db, ids = world
    box, line = dialog.org_combo, dialog.org_combo.lineEdit()
    qtbot.keyClicks(line, "hanbit bio")                  # a whole name typed, not chosen from the list
    qtbot.waitUntil(lambda: box.completer_.popup().isVisible(), timeout=3000)
    qtbot.keyClick(box.completer_.popup(), Qt.Key.Key_Escape)
    dialog.purpose_edit.setFocus()
    line.editingFinished.emit()                          # as when the focus leaves (no focus offscreen)
    assert box.currentData() == ids["Hanbit Bio"] and box.currentText() == "Hanbit Bio"
    line.selectAll()
    qtbot.keyClicks(line, "no such company")
    box.search_now()
    assert not box.completer_.popup().isVisible()        # nothing matches: no list
    line.editingFinished.emit()
    assert box.currentText() == "Hanbit Bio" and box.currentData() == ids["Hanbit Bio"]


def test_the_query_finds_by_any_part_of_the_name_on_sqlite_and_postgresql(any_db):
    """`%` and `_` typed are letters, not wildcards; the English name is searched too; at most `limit`."""
    from hubdesk.ui.bookings.queries import organization_to_book, organizations_to_book
    from tests.factories import make_org

    with any_db.write() as s:
        ids = {name: make_org(s, name).id for name in NAMES}
        english = make_org(s, "한방제약", name_en="Hanbang Pharma").id
        make_org(s, "Đại học Y Dược Huế")
        archived = make_org(s, "Osong Archive Bio", archived_on=dt.date(2026, 1, 5)).id
    with any_db.read() as s:
        def names(text, limit=50):
            return [name for _oid, name in organizations_to_book(s, text, limit)]
        assert names("50%") == ["Biowell 50%"] and names("_") == [] and names("%") == ["Biowell 50%"]
        assert names("바이오") == ["한빛바이오 주식회사"]
        assert names("SÀI GÒN") == names("sài gòn") == ["Công ty TNHH Sài Gòn Bio"]
        assert names("pharma") == ["한방제약"]
        # Đ is not ASCII: SQLite's lower() keeps it, so the capitalised word is tried too
        assert names("đại học") == names("ĐẠI HỌC") == names("y dược huế") == ["Đại học Y Dược Huế"]
        assert names("bio") == ["Biowell 50%", "Công ty TNHH Sài Gòn Bio"]     # starting with it first
        assert names("bio", limit=1) == ["Biowell 50%"]
        assert names("") == []                                                  # nothing booked yet
        assert organization_to_book(s, english) == (english, "한방제약")
        assert organization_to_book(s, archived) is None and organization_to_book(s, 2**40) is None
        assert ids["Osong Cell Labs"] in [oid for oid, _name in organizations_to_book(s, "osong")]
