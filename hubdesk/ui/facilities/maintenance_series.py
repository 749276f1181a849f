"""Recurring maintenance on screen (Facilities › Maintenance windows): "Recurring…" opens the
series dialog with the rule's controls, the kind of window and a note, and the preview of every
date with the bookings or windows in its way; "Change the series from this date…" opens it on the
selected window's series from its day on (earlier windows stay; a later date splits the series);
"Remove the series from this date…" removes the selected window's series from its day on. Writes go through `write_op`, reads through `queries.py`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWidget

from hubdesk.db.enums import WindowKind
from hubdesk.i18n import _, ngettext
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.recurrence import SeriesDialog
from hubdesk.ui.facilities import queries

SERIES_CHANGES = (Change.MAINTENANCE_SERIES, Change.MAINTENANCE_WINDOW)


def add_maintenance_series(session, resource_id: int, kind, note: str | None, rule, skip_conflicts: bool):
    from hubdesk.domain import booking_series

    return booking_series.create_maintenance(session, resource_id, kind, note, rule, skip_conflicts)


def remove_maintenance_series_from(session, series_id: int, from_day: dt.date):
    from hubdesk.domain import booking_series

    return booking_series.remove_maintenance_from(session, series_id, from_day)


def change_maintenance_series_from(session, series_id: int, from_day: dt.date, rule, kind, note: str | None,
                                   skip_conflicts: bool):
    from hubdesk.domain import booking_series

    return booking_series.change_maintenance_from(session, series_id, from_day, rule, kind=kind, note=note,
                                                  skip_conflicts=skip_conflicts)


def windows_text(good: int, bad: int) -> str:
    if bad == 0:
        return ngettext("Add the {count} window", "Add the {count} windows", good).format(count=good)
    return ngettext("Add the {count} without problems (skip {skipped})",
                    "Add the {count} without problems (skip {skipped})", good).format(count=good, skipped=bad)


def _kind_and_note() -> tuple[QComboBox, QLineEdit]:
    kind_combo = QComboBox()
    kind_combo.setObjectName("seriesWindowKind")
    for kind in WindowKind:
        kind_combo.addItem(label(kind), kind)
    note_edit = QLineEdit()
    note_edit.setObjectName("seriesNote")
    return kind_combo, note_edit


def _adopt(dialog: SeriesDialog, kind_combo: QComboBox, note_edit: QLineEdit) -> None:
    kind_combo.setParent(dialog, kind_combo.windowFlags())
    note_edit.setParent(dialog, note_edit.windowFlags())
    dialog.kind_combo, dialog.note_edit = kind_combo, note_edit


def maintenance_series_dialog(context, parent: QWidget | None, resource_id: int) -> SeriesDialog:
    """The series dialog for recurring maintenance or requalification of a resource."""
    from hubdesk.domain import clock

    name, zone, day_unit = queries.resource_zone(context.db, resource_id)
    kind_combo, note_edit = _kind_and_note()

    def write(rule, skip):
        return write_op(context, dialog, add_maintenance_series, resource_id, kind_combo.currentData(),
                        note_edit.text().strip() or None, rule, skip, changes=SERIES_CHANGES,
                        done=lambda outcome: ngettext("{count} window of the series is added; {skipped} date "
                                                      "skipped.", "{count} windows of the series are added; "
                                                      "{skipped} dates skipped.", len(outcome.booked))
                        .format(count=len(outcome.booked), skipped=len(outcome.skipped)))

    dialog = SeriesDialog(
        context, parent, title=lambda: _("Recurring maintenance of {resource}").format(resource=name),
        summary=lambda: _("One window on each date. A date on which the resource is booked or already has a "
                          "window can be skipped."),
        preview=lambda rule: queries.maintenance_preview(context.db, resource_id, rule), write=write,
        zone=lambda: zone, book_text=windows_text,
        extra_rows=((lambda: _("Kind"), kind_combo), (lambda: _("Note"), note_edit)), with_times=not day_unit)
    _adopt(dialog, kind_combo, note_edit)
    dialog.rule_editor.frequency_combo.setCurrentIndex(dialog.rule_editor.frequency_combo.findData("monthly"))
    dialog.rule_editor.set_start(clock.today(zone) + dt.timedelta(days=1), dt.time(7, 0), dt.time(9, 0))
    dialog.rule_editor.count_radio.setChecked(True)
    dialog.rule_editor.count_spin.setValue(12)
    dialog.refresh_preview()
    return dialog


def change_maintenance_series_dialog(context, parent: QWidget | None, series_id: int, day: dt.date) -> SeriesDialog:
    """The series dialog on the maintenance series' rule from the selected window's day on."""
    import dataclasses

    from hubdesk.domain.booking_series import occurrences

    info = queries.maintenance_series_info(context.db, series_id)
    name, zone, day_unit = queries.resource_zone(context.db, info["resource_id"])
    rule = info["rule"]
    if rule.count is not None:                 # the dates left from this day on
        rule = dataclasses.replace(rule, count=max(1, sum(1 for d in occurrences(rule) if d >= day)))
    rule = dataclasses.replace(rule, starts_on=max(rule.starts_on, day))
    kind_combo, note_edit = _kind_and_note()
    kind_combo.setCurrentIndex(max(0, kind_combo.findData(info["kind"])))
    note_edit.setText(info["note"] or "")

    def write(new_rule, skip):
        return write_op(context, dialog, change_maintenance_series_from, series_id, day, new_rule,
                        kind_combo.currentData(), note_edit.text().strip() or None, skip, changes=SERIES_CHANGES,
                        done=lambda outcome: ngettext("The series is changed from {day}: {count} window.",
                                                      "The series is changed from {day}: {count} windows.",
                                                      len(outcome.booked))
                        .format(day=day, count=len(outcome.booked)))

    def change_text(good: int, bad: int) -> str:
        if bad == 0:
            return ngettext("Change to the {count} window", "Change to the {count} windows", good).format(count=good)
        return ngettext("Change to the {count} without problems (skip {skipped})",
                        "Change to the {count} without problems (skip {skipped})", good).format(count=good,
                                                                                               skipped=bad)

    dialog = SeriesDialog(
        context, parent, title=lambda: _("Change the maintenance of {resource} from {day}").format(
            resource=name, day=day),
        summary=lambda: _("Windows before {day} stay as they are; the series' windows from {day} on are replaced by "
                          "the new rule's.").format(day=day),
        preview=lambda new_rule: queries.maintenance_change_preview(context.db, series_id, day, new_rule),
        write=write, zone=lambda: zone, book_text=change_text,
        extra_rows=((lambda: _("Kind"), kind_combo), (lambda: _("Note"), note_edit)), with_times=not day_unit)
    _adopt(dialog, kind_combo, note_edit)
    dialog.rule_editor.set_rule(rule)
    dialog.refresh_preview()
    return dialog


def _ask_remove_series(parent: QWidget | None, day: dt.date) -> bool:
    answer = QMessageBox.question(parent, _("Remove the series from this date"), _(
        "Remove every window of this series from {day} on? The windows before stay.").format(day=day))
    return answer == QMessageBox.StandardButton.Yes


ask_remove_series = _ask_remove_series  # tests replace it


def remove_series_from(context, parent: QWidget | None, series_id: int, day: dt.date) -> bool:
    if not ask_remove_series(parent, day):
        return False
    return write_op(context, parent, remove_maintenance_series_from, series_id, day, changes=SERIES_CHANGES,
                    done=lambda outcome: ngettext("{count} window of the series is removed.",
                                                  "{count} windows of the series are removed.",
                                                  len(outcome.cancelled)).format(count=len(outcome.cancelled))).ok
