"""The one field for a date that may be empty, used by every form and filter that has one.

`OptionalDateEdit` is a `QDateEdit` whose minimum date stands for "no date": it shows blank there
(or a text the owner gives, such as "Any date" in a filter). `value()` is a `datetime.date` or
None and `value_changed(object)` says so on every change. An empty field opens its calendar on
today's month rather than on its minimum, and the Delete key empties it again.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDateEdit, QWidget

from hubdesk.domain import clock
from hubdesk.i18n import _

EMPTY_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date field that may stay empty (shown blank, or as `empty_text`, at its minimum date)."""

    value_changed = Signal(object)         # dt.date or None

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = " "):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(empty_text)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setDate(EMPTY_DATE)
        self.calendarWidget().installEventFilter(self)
        self.dateChanged.connect(lambda _d: self.value_changed.emit(self.value()))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setToolTip(_("Press Delete to leave the date empty."))

    def value(self) -> dt.date | None:
        d = self.date()
        return None if d == EMPTY_DATE else dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(EMPTY_DATE if value is None else QDate(value.year, value.month, value.day))

    def clear_value(self) -> None:
        self.set_value(None)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Delete:
            self.clear_value()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.value() is None:
            today = clock.today()
            self.calendarWidget().setCurrentPage(today.year, today.month)
        return super().eventFilter(watched, event)
