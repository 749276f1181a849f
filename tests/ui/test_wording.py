"""Words that read right in each language (issue 13): a date range is "From [date] to [date]" in
English but "[date] 부터 [date] 까지" in Korean; the dashboard's "Due" (a date) and "Deadline"
(what is due) are two words in every language; Vietnamese names the people on a booking."""

from __future__ import annotations

import pytest

from hubdesk import i18n


@pytest.fixture
def restore_language():
    before = i18n.get_language()
    yield
    i18n.set_language(before)


@pytest.mark.parametrize("lang, words", [
    ("ko", ["{start}", "부터", "{end}", "까지"]),
    ("vi", ["Từ", "{start}", "đến", "{end}"]),
    ("en", ["From", "{start}", "to", "{end}"]),
])
def test_a_date_range_reads_around_its_fields(qtbot, restore_language, lang, words):
    from hubdesk.ui.common.date_edit import DateRangeFilter

    i18n.set_language("vi" if lang != "vi" else "ko")
    row = DateRangeFilter()
    qtbot.addWidget(row)
    i18n.set_language(lang)  # a live switch lays the row out again
    row.retranslate_ui()
    row.show()
    assert row.words() == words
    # the labels stand where the words say: left to right on screen as well
    xs = [row._row.itemAt(i).widget().x() for i in range(row._row.count())]
    assert xs == sorted(xs)


def test_the_bookings_and_audit_filters_use_the_range(qtbot, context, restore_language):
    from hubdesk.ui.audit.view import AuditView
    from hubdesk.ui.bookings.view import BookingsView

    bookings, audit = BookingsView(context), AuditView(context)
    for view in (bookings, audit):
        qtbot.addWidget(view)
    context.set_language("ko")
    for view in (bookings, audit):
        assert view.date_range.words() == ["{start}", "부터", "{end}", "까지"]
        assert view.from_edit is view.date_range.from_edit and view.to_edit is view.date_range.to_edit
    # the tab of requests waiting for a decision is not the "Approve" button's word
    assert bookings.tabs.tabText(bookings.APPROVALS_TAB) == "승인 대기" != i18n._("Approve")
    context.set_language("vi")
    assert bookings.tabs.tabText(bookings.APPROVALS_TAB) == "Chờ phê duyệt" != i18n._("Approve")
    context.set_language("en")
    assert bookings.date_range.words() == ["From", "{start}", "to", "{end}"]
    assert bookings.tabs.tabText(bookings.APPROVALS_TAB) == "Approvals"


@pytest.mark.parametrize("lang", ["ko", "vi", "en"])
def test_due_and_deadline_are_two_words_on_the_dashboard(qtbot, context, restore_language, lang):
    from PySide6.QtCore import Qt

    from hubdesk.ui.dashboard.table_model import DeadlinesTableModel

    context.set_language(lang)
    model = DeadlinesTableModel()
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
               for c in range(model.columnCount())]
    due, deadline = headers[DeadlinesTableModel.COL_DUE], headers[DeadlinesTableModel.COL_WHAT]
    assert due and deadline and due != deadline
    assert len(set(headers)) == len(headers)


def test_vietnamese_names_the_people_on_a_booking_not_their_number(restore_language):
    i18n.set_language("vi")
    assert i18n._("People") == "Nhân sự"
    i18n.set_language("ko")
    assert i18n._("Due") != i18n._("Deadline")


def test_the_fee_field_writes_the_won_as_every_amount(qtbot, context, restore_language):
    from hubdesk.formatting import format_krw
    from hubdesk.ui.settings.view import SettingsView

    view = SettingsView(context)
    qtbot.addWidget(view)
    spin = view.classes.fee_spin
    spin.setValue(150_000)
    for lang in ("ko", "vi", "en"):
        context.set_language(lang)
        assert spin.text() == format_krw(150_000, lang), lang  # 150,000원 / 150.000 ₩ / ₩150,000
