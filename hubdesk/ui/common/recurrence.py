"""What a booking series and a maintenance series share on screen: the rule's controls
(`RuleEditor`: how often, every how many, which weekdays, from which date until a date or for a
number of times, the times of day), the preview of its dates with each one's problems in words
(`OccurrenceTableModel`), and the dialog around them (`SeriesDialog`), which books the dates
without problems and skips the others, or cancels.

The rule is the domain's (`hubdesk.domain.booking_series.Rule`); the dialog is given how to read
the preview (an area's `queries.py`) and how to write (through `write_op`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QRadioButton, QSpinBox,
                               QTableView, QTimeEdit, QWidget)

from hubdesk.db.enums import RecurFrequency
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _, babel_locale, ngettext
from hubdesk.ui.common.forms import grow_to_fit, pydate, qdate
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.layouts import muted_label, styled_label, vbox
from hubdesk.ui.common.rows_table_model import RowsTableModel
from hubdesk.ui.common.widgets import configure_table_view

PREVIEW_DELAY_MS = 250
MAX_INTERVAL = 99
MAX_COUNT = 366

_UNITS = {RecurFrequency.DAILY: N_("day(s)"), RecurFrequency.WEEKLY: N_("week(s)"),
          RecurFrequency.MONTHLY: N_("month(s)"), RecurFrequency.YEARLY: N_("year(s)")}


def weekday_names(width: str = "abbreviated") -> list[str]:
    """Monday … Sunday in the interface language (Babel's names; index 0 is Monday)."""
    from babel.dates import get_day_names

    names = get_day_names(width, locale=babel_locale())
    return [names[i] for i in range(7)]


def _qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


def _pytime(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


class RuleEditor(QWidget):
    """The controls of a recurrence rule; `changed` on every edit, `rule()` the domain's Rule."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, with_times: bool = True):
        super().__init__(parent)
        self.frequency_combo = QComboBox(self)
        self.frequency_combo.setObjectName("seriesFrequency")
        for frequency in RecurFrequency:
            self.frequency_combo.addItem("", frequency)
        self.frequency_combo.setCurrentIndex(1)
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setObjectName("seriesInterval")
        self.interval_spin.setRange(1, MAX_INTERVAL)
        self.unit_label = QLabel(self)
        self.weekday_checks = [QCheckBox(self) for _ in range(7)]
        for i, check in enumerate(self.weekday_checks):
            check.setObjectName(f"seriesWeekday{i}")
        self.weekdays_row = QWidget(self)
        row = QHBoxLayout(self.weekdays_row)
        row.setContentsMargins(0, 0, 0, 0)
        for check in self.weekday_checks:
            row.addWidget(check)
        row.addStretch(1)
        self.starts_edit = self._date_edit("seriesStartsOn")
        self.until_radio = QRadioButton(self)
        self.until_radio.setObjectName("seriesUntilChoice")
        self.until_edit = self._date_edit("seriesUntil")
        self.count_radio = QRadioButton(self)
        self.count_radio.setObjectName("seriesCountChoice")
        self.count_spin = QSpinBox(self)
        self.count_spin.setObjectName("seriesCount")
        self.count_spin.setRange(1, MAX_COUNT)
        self.count_spin.setValue(10)
        self.count_unit = QLabel(self)
        group = QButtonGroup(self)
        group.addButton(self.until_radio)
        group.addButton(self.count_radio)
        self.until_radio.setChecked(True)
        self.start_time = QTimeEdit(self)
        self.start_time.setObjectName("seriesStartTime")
        self.end_time = QTimeEdit(self)
        self.end_time.setObjectName("seriesEndTime")
        for edit in (self.start_time, self.end_time):
            edit.setDisplayFormat("HH:mm")
        self.start_time.setTime(QTime(9, 0))
        self.end_time.setTime(QTime(11, 0))
        self.times_note = muted_label(self, wrap=True)

        every = QHBoxLayout()
        every.addWidget(self.frequency_combo)
        self.every_label = QLabel(self)
        every.addWidget(self.every_label)
        every.addWidget(self.interval_spin)
        every.addWidget(self.unit_label)
        every.addStretch(1)
        ends = QHBoxLayout()
        for w in (self.until_radio, self.until_edit, self.count_radio, self.count_spin, self.count_unit):
            ends.addWidget(w)
        ends.addStretch(1)
        times = QHBoxLayout()
        self.dash = QLabel("–", self)
        for w in (self.start_time, self.dash, self.end_time):
            times.addWidget(w)
        times.addStretch(1)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.row_labels = {key: QLabel(self) for key in ("repeat", "weekdays", "starts", "ends", "times")}
        self.form.addRow(self.row_labels["repeat"], every)
        self.form.addRow(self.row_labels["weekdays"], self.weekdays_row)
        self.form.addRow(self.row_labels["starts"], self.starts_edit)
        self.form.addRow(self.row_labels["ends"], ends)
        self.form.addRow(self.row_labels["times"], times)
        self.form.addRow("", self.times_note)
        self._with_times = with_times
        self.set_times_visible(with_times)

        self.frequency_combo.currentIndexChanged.connect(self._frequency_changed)
        for signal in (self.interval_spin.valueChanged, self.starts_edit.dateChanged, self.until_edit.dateChanged,
                       self.count_spin.valueChanged, self.until_radio.toggled, self.start_time.timeChanged,
                       self.end_time.timeChanged):
            signal.connect(lambda *_a: self.changed.emit())
        for check in self.weekday_checks:
            check.toggled.connect(lambda *_a: self.changed.emit())
        self.until_radio.toggled.connect(self._ends_changed)
        self._ends_changed()
        self.retranslate_ui()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def set_times_visible(self, visible: bool) -> None:
        """A day resource books whole days: no times of day (00:00–00:00)."""
        self._with_times = visible
        for w in (self.start_time, self.dash, self.end_time, self.row_labels["times"], self.times_note):
            w.setVisible(visible)
        if not visible:
            self.start_time.setTime(QTime(0, 0))
            self.end_time.setTime(QTime(0, 0))

    def frequency(self) -> RecurFrequency:
        return RecurFrequency(self.frequency_combo.currentData())

    def _frequency_changed(self, *_args) -> None:
        weekly = self.frequency() == RecurFrequency.WEEKLY
        self.weekdays_row.setVisible(weekly)
        self.row_labels["weekdays"].setVisible(weekly)
        self.unit_label.setText(_(_UNITS[self.frequency()]))
        self.changed.emit()

    def _ends_changed(self, *_args) -> None:
        self.until_edit.setEnabled(self.until_radio.isChecked())
        self.count_spin.setEnabled(self.count_radio.isChecked())

    def set_rule(self, rule) -> None:
        """Show a domain Rule."""
        self.blockSignals(True)
        self.frequency_combo.setCurrentIndex(max(0, self.frequency_combo.findData(RecurFrequency(rule.frequency))))
        self.interval_spin.setValue(rule.interval)
        for i, check in enumerate(self.weekday_checks):
            check.setChecked(i in rule.weekdays)
        self.starts_edit.setDate(qdate(rule.starts_on))
        if rule.until_on is not None:
            self.until_radio.setChecked(True)
            self.until_edit.setDate(qdate(rule.until_on))
        else:
            self.count_radio.setChecked(True)
            self.count_spin.setValue(rule.count or 1)
        self.start_time.setTime(_qtime(rule.start_time))
        self.end_time.setTime(_qtime(rule.end_time))
        self.blockSignals(False)
        self._frequency_changed()
        self._ends_changed()

    def set_start(self, day: dt.date, start: dt.time | None = None, end: dt.time | None = None) -> None:
        """Start the rule on `day` (its weekday chosen), until four weeks later, at the given times."""
        self.blockSignals(True)
        self.starts_edit.setDate(qdate(day))
        self.until_edit.setDate(qdate(day + dt.timedelta(weeks=4)))
        for i, check in enumerate(self.weekday_checks):
            check.setChecked(i == day.weekday())
        if start is not None:
            self.start_time.setTime(_qtime(start))
        if end is not None:
            self.end_time.setTime(_qtime(end))
        self.blockSignals(False)
        self.changed.emit()

    def rule(self):
        from hubdesk.domain.booking_series import Rule

        weekly = self.frequency() == RecurFrequency.WEEKLY
        return Rule(frequency=self.frequency(), starts_on=pydate(self.starts_edit.date()),
                    start_time=_pytime(self.start_time.time()), end_time=_pytime(self.end_time.time()),
                    interval=self.interval_spin.value(),
                    weekdays=tuple(i for i, c in enumerate(self.weekday_checks) if c.isChecked()) if weekly else (),
                    until_on=pydate(self.until_edit.date()) if self.until_radio.isChecked() else None,
                    count=self.count_spin.value() if self.count_radio.isChecked() else None)

    def retranslate_ui(self) -> None:
        for i, frequency in enumerate(RecurFrequency):
            self.frequency_combo.setItemText(i, label(frequency))
        texts = {"repeat": _("Repeats"), "weekdays": _("On"), "starts": _("Starts on"), "ends": _("Ends"),
                 "times": _("Time of day")}
        for key, text in texts.items():
            self.row_labels[key].setText(text)
        self.every_label.setText(_("every"))
        self.unit_label.setText(_(_UNITS[self.frequency()]))
        for check, name in zip(self.weekday_checks, weekday_names()):
            check.setText(name)
        self.until_radio.setText(_("on"))
        self.count_radio.setText(_("after"))
        self.count_unit.setText(_("times"))
        self.times_note.setText(_("An end at or before the start is on the next day."))
        self._frequency_changed()


def _date_text(day: dt.date) -> str:
    from hubdesk.ui.common.display import format_date

    return f"{format_date(day)} ({weekday_names()[day.weekday()]})"


class OccurrenceTableModel(RowsTableModel):
    """One row per date of a series: the date, the times, and its problems in words (or that it
    can be booked). Rows with problems are drawn in the problem colour."""

    COL_DATE, COL_TIMES, COL_PROBLEMS = range(3)
    columns = (
        LazyColumn("day", N_("Date"), render=_date_text),
        LazyColumn("times", N_("Time")),
        LazyColumn("problems", N_("Problems")),
    )

    def display(self, column: LazyColumn, value: Any, row) -> str:
        if column.key == "problems":
            return "\n".join(value) if value else _("Can be booked")
        return super().display(column, value, row)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            if self._rows[index.row()].get("problems"):
                return QColor("#b91c1c")
        return super().data(index, role)


def occurrence_rows(found: Sequence, zone: str) -> list[dict]:
    """The preview's rows from the domain's occurrences."""
    from hubdesk.domain import clock

    tz = clock.zone(zone)
    rows = []
    for i, o in enumerate(found):
        start, end = o.starts_at.astimezone(tz), o.ends_at.astimezone(tz)
        rows.append(dict(id=i + 1, day=o.day, times=f"{start:%H:%M}–{end:%H:%M}",
                         problems=[p.message for p in o.problems]))
    return rows


class SeriesDialog(QDialog):
    """A rule, its preview and "Book the N without problems (skip M)" / "Cancel".

    `preview(rule)` returns the domain's occurrences (read through an area's queries);
    `write(rule, skip)` writes through `write_op` and returns its OpResult; `zone` says in which
    zone the times are shown; `extra_rows` are (label text getter, widget) shown above the rule."""

    def __init__(self, context, parent: QWidget | None, *, title: Callable[[], str], summary: Callable[[], str],
                 preview: Callable, write: Callable, zone: Callable[[], str], book_text: Callable[[int, int], str],
                 extra_rows: Sequence[tuple[Callable[[], str], QWidget]] = (), with_times: bool = True):
        super().__init__(parent)
        self.setObjectName("seriesDialog")
        self.context = context
        self._title, self._summary, self._preview, self._write = title, summary, preview, write
        self._zone, self._book_text = zone, book_text
        self.found: list = []
        self.summary_label = muted_label(self, wrap=True)
        self.extra_form = QFormLayout()
        self._extra = [(text, QLabel(self), widget) for text, widget in extra_rows]
        for _text, label_widget, widget in self._extra:
            self.extra_form.addRow(label_widget, widget)
        self.rule_editor = RuleEditor(self, with_times=with_times)
        self.problem_label = styled_label(self, "fieldProblem", wrap=True)
        self.problem_label.hide()
        self.count_label = muted_label(self, wrap=True)
        self.model = OccurrenceTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("seriesPreview")
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(OccurrenceTableModel.COL_DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OccurrenceTableModel.COL_TIMES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(OccurrenceTableModel.COL_PROBLEMS, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(260)
        self.buttons = QDialogButtonBox(self)
        self.book_button = QPushButton(self)
        self.book_button.setObjectName("bookSeriesButton")
        self.buttons.addButton(self.book_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.book_button.clicked.connect(self.book)
        self.buttons.rejected.connect(self.reject)
        vbox(self, self.summary_label, self.extra_form, self.rule_editor, self.problem_label, self.count_label,
             (self.table, 1), self.buttons)
        self.setMinimumWidth(760)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.rule_editor.changed.connect(self._timer.start)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def schedule_preview(self) -> None:
        self._timer.start()

    def refresh_preview(self) -> None:
        """Read the rule's dates and their problems now (the timer calls this)."""
        self._timer.stop()
        self.found = []
        message = None
        try:
            self.found = list(self._preview(self.rule_editor.rule()))
        except DomainError as exc:
            message = exc.message
        self.problem_label.setText(message or "")
        self.problem_label.setVisible(message is not None)
        self.model.set_rows(occurrence_rows(self.found, self._zone()))
        self._update_counts()
        grow_to_fit(self)

    def counts(self) -> tuple[int, int]:
        """(dates without problems, dates with problems) of the preview shown."""
        bad = sum(1 for o in self.found if o.problems)
        return len(self.found) - bad, bad

    def _update_counts(self) -> None:
        good, bad = self.counts()
        self.book_button.setText(self._book_text(good, bad))
        self.book_button.setEnabled(good > 0)
        total = good + bad
        self.count_label.setText(ngettext("{count} date; {bad} with problems, listed in red.",
                                          "{count} dates; {bad} with problems, listed in red.", total)
                                 .format(count=total, bad=bad) if total else "")

    def book(self) -> None:
        self._timer.stop()
        self.refresh_preview()            # what is written is what the person sees
        good, bad = self.counts()
        if good == 0:
            return
        result = self._write(self.rule_editor.rule(), bad > 0)
        if result is not None and result.ok:
            self.accept()
        else:
            self.refresh_preview()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(self._title())
        self.summary_label.setText(self._summary())
        for text, label_widget, _widget in self._extra:
            label_widget.setText(text())
        self.rule_editor.retranslate_ui()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        if self.model.rowCount():
            self.model.set_rows(occurrence_rows(self.found, self._zone()))
        self._update_counts()


def book_text(good: int, bad: int) -> str:
    """The booking series' button: how many are booked, how many skipped."""
    if bad == 0:
        return ngettext("Book the {count} date", "Book the {count} dates", good).format(count=good)
    return ngettext("Book the {count} without problems (skip {skipped})",
                    "Book the {count} without problems (skip {skipped})", good).format(count=good, skipped=bad)

