"""The one optional-date field (`ui/common/date_edit.py`): empty by default, a date or None as its
value, a signal on every change, Delete empties it, an empty field's calendar opens on today's
month, and its hint follows the interface language."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from hubdesk.domain import clock


def test_empty_by_default_and_a_date_or_none_after(qtbot):
    from hubdesk.ui.common.date_edit import OptionalDateEdit

    edit = OptionalDateEdit(empty_text="Any date")
    qtbot.addWidget(edit)
    seen = []
    edit.value_changed.connect(seen.append)
    assert edit.value() is None and edit.text() == "Any date"
    edit.set_value(dt.date(1962, 5, 4))                    # an old founding date still fits
    assert edit.value() == dt.date(1962, 5, 4) and edit.text() == "1962-05-04"
    edit.set_value(None)
    assert edit.value() is None
    assert seen == [dt.date(1962, 5, 4), None]


def test_delete_empties_the_field_and_an_empty_calendar_opens_on_today(qtbot):
    from hubdesk.ui.common.date_edit import OptionalDateEdit

    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.set_value(dt.date(2026, 3, 9))
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.value() is None and edit.text().strip() == ""

    calendar = edit.calendarWidget()
    popup = calendar.window()                               # the calendar's pop-up window
    assert popup is not edit.window()
    popup.show()
    today = clock.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert edit.value() is None                             # opening it chose nothing
    popup.hide()
    edit.set_value(dt.date(2024, 2, 29))
    calendar.setCurrentPage(2024, 2)
    popup.show()
    assert (calendar.yearShown(), calendar.monthShown()) == (2024, 2)     # a date keeps its month
    popup.hide()


def test_the_hint_follows_the_interface_language(qtbot):
    from hubdesk import i18n
    from hubdesk.ui.common.date_edit import OptionalDateEdit
    from hubdesk.ui.common.i18n_qt import install_qt_translators

    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    english = edit.toolTip()
    assert "Delete" in english
    try:
        i18n.set_language("ko")
        install_qt_translators("ko")
        qtbot.waitUntil(lambda: edit.toolTip() != english)
        assert edit.toolTip() == i18n._("Press Delete to leave the date empty.")
    finally:
        i18n.set_language("en")
        install_qt_translators("en")
    qtbot.waitUntil(lambda: edit.toolTip() == english)


def test_the_calendar_is_made_on_the_first_click_and_opens_on_today(qtbot):
    """The pop-up calendar is not built with the field (an area with date filters opens faster);
    a click on the field's arrow builds and opens it, on today's month when the field is empty."""
    from PySide6.QtWidgets import QCalendarWidget, QStyle, QStyleOptionSpinBox

    from hubdesk.ui.common.date_edit import OptionalDateEdit

    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    assert edit.findChild(QCalendarWidget) is None
    option = QStyleOptionSpinBox()
    edit.initStyleOption(option)
    arrow = edit.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option,
                                        QStyle.SubControl.SC_SpinBoxDown, edit)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow.center())
    calendar = edit.findChild(QCalendarWidget)
    assert calendar is not None
    qtbot.waitUntil(lambda: calendar.isVisible(), timeout=3000)
    today = clock.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert edit.value() is None
    calendar.window().hide()
