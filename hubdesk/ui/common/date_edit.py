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
        # the calendar pop-up is made when first needed (a click, a key, calendarWidget()), not
        # here: two date fields on a list's filter row cost ~15 ms each to open the area
        self._calendar_watched = False
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

    def calendarWidget(self):  # noqa: N802 - Qt's name
        calendar = super().calendarWidget()
        if not self._calendar_watched and calendar is not None:
            self._calendar_watched = True
            calendar.installEventFilter(self)   # opened on an empty field: today's month
        return calendar

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name (a click may open the pop-up)
        self.calendarWidget()
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Delete:
            self.clear_value()
            return
        self.calendarWidget()          # F4 or Alt+Down may open the pop-up
        super().keyPressEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._calendar_watched and watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.value() is None:
            today = clock.today()
            self.calendarWidget().setCurrentPage(today.year, today.month)
        return super().eventFilter(watched, event)


class DateRangeFilter(QWidget):
    """Two `OptionalDateEdit`s laid out as the language says a range: en "From [date] to [date]",
    ko "[date] 부터 [date] 까지", vi "Từ [date] đến [date]". The words around the fields come from
    one translated sentence, so each language puts them before or after the fields; the row is
    laid out again when the language changes (`retranslate_ui`)."""

    def __init__(self, parent: QWidget | None = None):
        from PySide6.QtWidgets import QHBoxLayout

        super().__init__(parent)
        self.from_edit = OptionalDateEdit(self)
        self.to_edit = OptionalDateEdit(self)
        for edit in (self.from_edit, self.to_edit):
            edit.setMinimumWidth(120)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._labels: list = []
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        import string

        from PySide6.QtWidgets import QLabel

        # TRANSLATORS: a date range filter; {start} and {end} are the two date fields, the words
        # around them are shown as labels before or after each field, in this order.
        template = _("From {start} to {end}")
        while self._row.count():
            self._row.takeAt(0)
        for label in self._labels:
            label.hide()
            label.setParent(None)
            label.deleteLater()
        self._labels = []
        fields = {"start": self.from_edit, "end": self.to_edit}
        for literal, field, _spec, _conversion in string.Formatter().parse(template):
            if literal.strip():
                label = QLabel(literal.strip(), self)
                self._labels.append(label)
                self._row.addWidget(label)
            if field in fields:
                self._row.addWidget(fields.pop(field))
        for edit in fields.values():  # a translation that lost a field still shows it
            self._row.addWidget(edit)
        for edit in (self.from_edit, self.to_edit):
            edit.retranslate_ui()

    def words(self) -> list[str]:
        """The row as read from left to right, the fields as "{start}" and "{end}" (tests)."""
        from PySide6.QtWidgets import QLabel

        out = []
        for i in range(self._row.count()):
            widget = self._row.itemAt(i).widget()
            if widget is self.from_edit:
                out.append("{start}")
            elif widget is self.to_edit:
                out.append("{end}")
            elif isinstance(widget, QLabel):
                out.append(widget.text())
        return out
