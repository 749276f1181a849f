"""Booking series on screen: "Repeat…" in a new booking's editor opens the series dialog (the
rule, the preview of every date with its problems in words, "Book the N without problems (skip
M)"); a booking that belongs to a series offers "Change from this date…" (the same dialog on the
series' rule, from the booking's day) and "Cancel from this date…". Every write goes through
`write_op`, the preview reads through `queries.py`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from hubdesk.i18n import _, ngettext
from hubdesk.ui.bookings import queries
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.recurrence import SeriesDialog, book_text

SERIES_CHANGES = (Change.BOOKING_SERIES, Change.BOOKING)


def book_series(session, template, skip_conflicts: bool):
    from hubdesk.domain import booking_series

    return booking_series.create(session, template, skip_conflicts)


def change_series(session, series_id: int, from_day: dt.date, rule, skip_conflicts: bool):
    from hubdesk.domain import booking_series

    return booking_series.change_from(session, series_id, from_day, rule, skip_conflicts=skip_conflicts)


def cancel_series(session, series_id: int, from_day: dt.date, reason: str | None):
    from hubdesk.domain import booking_series

    return booking_series.cancel_from(session, series_id, from_day, reason)


def _done(outcome) -> str:
    return ngettext("{count} booking of the series is booked; {skipped} date skipped.",
                    "{count} bookings of the series are booked; {skipped} dates skipped.",
                    len(outcome.booked) + len(outcome.moved)).format(
        count=len(outcome.booked) + len(outcome.moved), skipped=len(outcome.skipped))


def new_series_dialog(context, parent: QWidget | None, request, *, zone: str, day_unit: bool,
                      resource: str, organization: str) -> SeriesDialog:
    """The series dialog for the booking in a new booking's editor: the same resource,
    organization, people, purpose and campaign, on the rule chosen."""
    from hubdesk.domain import clock
    from hubdesk.domain.booking_series import SeriesTemplate

    tz = clock.zone(zone)
    start, end = request.starts_at.astimezone(tz), request.ends_at.astimezone(tz)

    def template(rule):
        return SeriesTemplate(resource_id=request.resource_id, organization_id=request.organization_id, rule=rule,
                              purpose=request.purpose, campaign=request.campaign, people=tuple(request.people),
                              holiday_override=request.holiday_override)

    def write(rule, skip):
        return write_op(context, dialog, book_series, template(rule), skip, changes=SERIES_CHANGES, done=_done)

    dialog = SeriesDialog(
        context, parent, title=lambda: _("New booking series"),
        summary=lambda: _("{resource} for {organization}. Each date is checked by the same rules as a single "
                          "booking.").format(resource=resource, organization=organization),
        preview=lambda rule: queries.series_preview(context.db, template(rule)),
        write=write, zone=lambda: zone, book_text=book_text, with_times=not day_unit)
    dialog.rule_editor.set_start(start.date(), None if day_unit else start.time(),
                                 None if day_unit else end.time())
    dialog.refresh_preview()
    return dialog


def change_series_dialog(context, parent: QWidget | None, info: "queries.SeriesInfo",
                         day_unit: bool) -> SeriesDialog:
    """The series dialog on the series' rule from the booking's day on."""
    import dataclasses

    rule = info.rule
    if rule.count is not None:                 # the dates left from this day on
        from hubdesk.domain.booking_series import occurrences

        left = sum(1 for d in occurrences(rule) if d >= info.day)
        rule = dataclasses.replace(rule, count=max(1, left))
    rule = dataclasses.replace(rule, starts_on=max(rule.starts_on, info.day))

    def write(new_rule, skip):
        return write_op(context, dialog, change_series, info.id, info.day, new_rule, skip, changes=SERIES_CHANGES,
                        done=_done)

    def change_text(good: int, bad: int) -> str:
        if bad == 0:
            return ngettext("Change the {count} date", "Change the {count} dates", good).format(count=good)
        return ngettext("Change the {count} without problems (skip {skipped})",
                        "Change the {count} without problems (skip {skipped})", good).format(count=good, skipped=bad)

    dialog = SeriesDialog(
        context, parent, title=lambda: _("Change the series from {day}").format(day=info.day),
        summary=lambda: _("{resource} for {organization}. Bookings before {day} stay as they are; open bookings "
                          "from {day} on are moved to the new times or cancelled, and new dates are requested.")
        .format(resource=info.resource, organization=info.organization, day=info.day),
        preview=lambda new_rule: queries.series_change_preview(context.db, info.id, info.day, new_rule),
        write=write, zone=lambda: info.zone, book_text=change_text, with_times=not day_unit)
    dialog.rule_editor.set_rule(rule)
    dialog.refresh_preview()
    return dialog


def _ask_cancel_reason(parent: QWidget | None, info: "queries.SeriesInfo", count: int) -> str | None:
    text, ok = QInputDialog.getText(
        parent, _("Cancel the series from {day}").format(day=info.day),
        ngettext("{count} open booking of the series from {day} on will be cancelled. Bookings in use or already "
                 "closed stay as they are. Why is it cancelled?",
                 "{count} open bookings of the series from {day} on will be cancelled. Bookings in use or "
                 "already closed stay as they are. Why are they cancelled?", count)
        .format(count=count, day=info.day), QLineEdit.EchoMode.Normal, "")
    return text if ok else None


ask_cancel_reason = _ask_cancel_reason  # tests replace it


def cancel_series_from(context, parent: QWidget | None, info: "queries.SeriesInfo") -> bool:
    """Ask why, then cancel the series' open bookings from the booking's day on."""
    reason = ask_cancel_reason(parent, info, queries.open_series_bookings(context.db, info.id, info.day))
    if reason is None:
        return False
    result = write_op(context, parent, cancel_series, info.id, info.day, reason.strip() or None,
                      changes=SERIES_CHANGES,
                      done=lambda outcome: ngettext("{count} booking of the series is cancelled.",
                                                    "{count} bookings of the series are cancelled.",
                                                    len(outcome.cancelled)).format(count=len(outcome.cancelled)))
    return result.ok
