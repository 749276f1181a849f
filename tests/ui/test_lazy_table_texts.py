"""The texts a lazy list shows are kept with their pages (formatted once, not on every paint): they
must stay exactly what the formatters give, in every language, across a language switch, a data
change and pages leaving the cache."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.factories import kst

LANGS = ("en", "ko", "vi")


@pytest.fixture
def world(db):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
    from tests.factories import booking_world, make_facility, make_rate, make_resource

    with db.write() as s:
        w = booking_world(s, fee_per_unit_krw=50_000)
        hanoi = make_facility(s, "Hanoi Lab", timezone="Asia/Ho_Chi_Minh")
        hplc = make_resource(s, hanoi, "HPLC #2")
        make_rate(s, hplc, w.user_class, 1_234_567)
        requested = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 10, 9), kst(2026, 3, 10, 12)))
        approved = create_booking(s, BookingRequest(w.resource_id, w.org_id, kst(2026, 3, 11, 9), kst(2026, 3, 11, 10)))
        change_status(s, approved.id, BookingStatus.APPROVED)
        # 00:30 on the 12th in Seoul is 22:30 on the 11th in Hanoi: another zone, another day
        late = create_booking(s, BookingRequest(hplc.id, w.org_id, kst(2026, 3, 12, 0, 30), kst(2026, 3, 12, 2, 30)))
        ids = dict(requested=requested.id, approved=approved.id, late=late.id)
    return db, ids


@pytest.fixture
def view(qtbot, world):
    from tests.ui.views import shown_bookings_view

    db, _ids = world
    v = shown_bookings_view(qtbot, db)
    qtbot.waitExposed(v)
    yield v
    v.context.set_language("en")


def _shown(model, role=Qt.ItemDataRole.DisplayRole) -> list[list[str]]:
    return [[model.index(r, c).data(role) for c in range(model.columnCount())] for r in range(model.rowCount())]


def _plain(model) -> list[list[str]]:
    """The same cells formatted now, straight from the row, without anything kept."""
    return [[model.display(col, model.row_data(r).get(col.key), model.row_data(r)) for col in model.columns]
            for r in range(model.rowCount())]


def _cell(view, booking_id: int, column: int) -> str:
    model = view.model
    return model.index(model.row_of_id(booking_id), column).data()


def test_texts_match_the_formatters_in_every_language_and_after_switching(qtbot, view, world):
    from hubdesk import formatting
    from hubdesk.ui.bookings.table_model import BookingsTableModel as M

    _db, ids = world
    model = view.model
    view.list.table.viewport().repaint()                # painted: the texts are kept now
    before = {}
    for lang in (*LANGS, "en"):
        view.context.set_language(lang)                 # the view re-emits dataChanged for what it shows
        view.list.table.viewport().repaint()
        shown = _shown(model)
        assert shown == _plain(model) == _shown(model, Qt.ItemDataRole.ToolTipRole)
        for r in range(model.rowCount()):
            row = model.row_data(r)
            assert shown[r][M.COL_STARTS] == formatting.format_datetime(row["starts_at"], row["timezone"], lang)
            assert shown[r][M.COL_ENDS] == formatting.format_datetime(row["ends_at"], row["timezone"], lang)
        if lang in before:
            assert shown == before[lang]                 # back to English: byte for byte the same
        before[lang] = shown
    literal = {
        "en": ("Mar 10, 2026 09:00", "₩150,000 (estimate)", "₩50,000", "Mar 11, 2026 22:30", "Requested"),
        "ko": ("2026. 3. 10. 09:00", "150,000원(예상)", "50,000원", "2026. 3. 11. 22:30", "신청됨"),
        "vi": ("10 thg 3, 2026 09:00", "150.000\xa0₩ (ước tính)", "50.000\xa0₩", "11 thg 3, 2026 22:30", None),
    }
    for lang, (starts, estimate, fee, late, status) in literal.items():
        view.context.set_language(lang)
        assert _cell(view, ids["requested"], M.COL_STARTS) == starts
        assert _cell(view, ids["requested"], M.COL_FEE) == estimate
        assert _cell(view, ids["approved"], M.COL_FEE) == fee
        assert _cell(view, ids["late"], M.COL_STARTS) == late      # shown in the facility's zone (Hanoi)
        if status is not None:
            assert _cell(view, ids["requested"], M.COL_STATUS) == status


def test_a_page_is_formatted_once_and_its_texts_follow_changes(qtbot, view, world, monkeypatch):
    from hubdesk import i18n
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain.bookings import change_status
    from hubdesk.ui.bookings.table_model import BookingsTableModel as M

    db, ids = world
    model, table = view.model, view.list.table
    calls = []
    display = model.display
    monkeypatch.setattr(model, "display", lambda *a: calls.append(a) or display(*a))
    model.forget_texts()                                       # (shown already: the view painted on show)
    table.viewport().repaint()
    first = len(calls)
    assert first == model.rowCount() * model.columnCount()     # every shown cell formatted once
    for _ in range(3):
        table.viewport().repaint()
    _shown(model)
    assert len(calls) == first                                 # repaints reuse the texts
    with i18n.language("ko"):                                  # no dataChanged needed: the language is checked
        assert _cell(view, ids["approved"], M.COL_FEE) == "50,000원"
    assert _cell(view, ids["approved"], M.COL_FEE) == "₩50,000"
    with db.write() as s:
        change_status(s, ids["requested"], BookingStatus.APPROVED)
    view.refresh()                                             # a reload drops the pages and their texts
    assert _cell(view, ids["requested"], M.COL_STATUS) == "Approved"
    assert _cell(view, ids["requested"], M.COL_FEE) == "₩150,000"      # frozen on approval, no estimate
    assert _shown(model) == _plain(model)


def test_texts_leave_with_their_page_and_come_back_the_same(db, world):
    from hubdesk.ui.bookings.table_model import BookingsTableModel

    model = BookingsTableModel(db)
    model.PAGE_SIZE, model.MAX_PAGES = 1, 2                    # three rows, two pages kept
    model.reload()
    first = _shown(model)
    assert model.cached_pages == 2
    assert _shown(model) == first == _plain(model)
    model.forget_texts()
    assert _shown(model) == first


def test_a_dashboard_list_keeps_its_texts_but_never_shows_a_stale_one():
    """The Dashboard's lists keep each cell's text once made (RowsTableModel.keep_texts): what they
    show is always what `display()` gives now, after a language switch, new rows, or a row changed
    in place and announced with dataChanged."""
    import datetime as dt

    from hubdesk import i18n
    from hubdesk.db.enums import BookingStatus
    from hubdesk.ui.dashboard.table_model import BookingsListTableModel

    def row(i: int, status: BookingStatus) -> dict:
        return dict(id=i, starts_at=dt.datetime(2026, 3, 10, 0, 30, tzinfo=dt.timezone.utc), status=status,
                    resource=f"HPLC #{i}", organization="Saebom", tz="Asia/Seoul")

    def fresh(model) -> list[list[str]]:     # what display() gives now, nothing kept
        return [[model.display(c, r.get(c.key), r) for c in model.columns] for r in model.rows()]

    model = BookingsListTableModel()
    assert model.keep_texts
    model.set_rows([row(1, BookingStatus.APPROVED), row(2, BookingStatus.REQUESTED)])
    try:
        for lang in LANGS:
            i18n.set_language(lang)
            assert _shown(model) == fresh(model)
            assert _shown(model, Qt.ItemDataRole.ToolTipRole) == fresh(model)
        english = _shown(model)
        i18n.set_language("ko")
        assert _shown(model) != english and _shown(model) == fresh(model)
        model.set_rows([row(3, BookingStatus.CONFIRMED)])
        assert _shown(model) == fresh(model) and "HPLC #3" in _shown(model)[0]
        model._rows[0] = row(3, BookingStatus.CANCELLED)           # changed in place, then announced
        model.dataChanged.emit(model.index(0, 0), model.index(0, model.columnCount() - 1))
        assert _shown(model) == fresh(model)
    finally:
        i18n.set_language("en")
