"""Status changes of a booking, shared by the list, the approvals queue, the timeline's context
menu and the booking dialog. Which moves are offered comes from the domain
(`allowed_transitions`); the change itself is `change_status`, written through `write_op`."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from hubdesk.db.enums import BookingStatus
from hubdesk.i18n import N_, _

S = BookingStatus

# target status -> the verb on its button / menu entry, in the order they are offered
STATUS_ACTIONS: dict[BookingStatus, str] = {
    S.APPROVED: N_("Approve"),
    S.REJECTED: N_("Reject"),
    S.CONFIRMED: N_("Confirm"),
    S.IN_USE: N_("Check in"),
    S.COMPLETED: N_("Complete"),
    S.CANCELLED: N_("Cancel booking"),
    S.NO_SHOW: N_("Mark as no-show"),
}

# moves that cannot be undone are asked about first
ASK_FIRST = (S.REJECTED, S.CANCELLED, S.NO_SHOW)


def action_text(status: BookingStatus) -> str:
    return _(STATUS_ACTIONS[status])


def _ask_confirm_status(parent: QWidget | None, booking_id: int, status: BookingStatus) -> bool:
    questions = {
        S.REJECTED: _("Reject booking number {id}? This cannot be undone."),
        S.CANCELLED: _("Cancel booking number {id}? This cannot be undone."),
        S.NO_SHOW: _("Record booking number {id} as a no-show? This cannot be undone."),
    }
    answer = QMessageBox.question(parent, action_text(status), questions[status].format(id=booking_id),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


ask_confirm_status: Callable[[QWidget | None, int, BookingStatus], bool] = _ask_confirm_status  # tests replace it


def _ask_confirm_move(parent: QWidget | None, booking_id: int, span: str) -> bool:
    answer = QMessageBox.question(parent, _("Move booking"),
                                  _("Move booking number {id} to {span}?").format(id=booking_id, span=span),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


ask_confirm_move: Callable[[QWidget | None, int, str], bool] = _ask_confirm_move  # tests replace it


def move_booking(context, parent: QWidget | None, booking_id: int, starts_at, ends_at, *,
                 version: int | None = None) -> bool:
    """Ask, then move an open booking to new times (every rule re-checked by the domain; a
    refusal is shown as its sentence, e.g. the conflicting booking and its changeover). Given the
    `version` the timeline drew, a move of a booking someone changed since is refused."""
    from hubdesk.domain.bookings import update_booking_times
    from hubdesk.ui.common.display import format_datetime
    from hubdesk.ui.common.operations import Change, write_op

    span = _("{start} – {end}").format(start=format_datetime(starts_at), end=format_datetime(ends_at))
    if not ask_confirm_move(parent, booking_id, span):
        return False
    based_on = {("booking", booking_id): version} if version is not None else None
    return write_op(context, parent, update_booking_times, booking_id, starts_at, ends_at, changes=Change.BOOKING,
                    done=_("Booking number {id} is moved to {span}.").format(id=booking_id, span=span),
                    based_on=based_on).ok


def allowed_statuses(db, booking_id: int) -> list[BookingStatus]:
    """The statuses booking `booking_id` may move to now ([] when it does not exist)."""
    from hubdesk.db.schema import Booking
    from hubdesk.domain.bookings import allowed_transitions

    with db.read() as s:
        booking = s.get(Booking, booking_id)
        return allowed_transitions(booking) if booking is not None else []


def change_booking_status(context, parent: QWidget | None, booking_id: int, status: BookingStatus,
                          note: str | None = None, *, based_on=None, reload=None) -> bool:
    """Ask when the move is final, change the status, tell everyone. Returns True when changed; a
    refusal (a rule, a permission, the database) is shown as its sentence. An editor passes the
    version it shows (`based_on`) and its `reload` (see `operations.write_op`)."""
    from hubdesk.domain.bookings import change_status
    from hubdesk.ui.common.display import format_krw
    from hubdesk.ui.common.labels import label
    from hubdesk.ui.common.operations import Change, write_op

    if status in ASK_FIRST and not ask_confirm_status(parent, booking_id, status):
        return False

    def done(booking) -> str:
        if status == S.APPROVED:
            return _("Booking number {id} is approved; its fee is {fee}.").format(id=booking_id,
                                                                                  fee=format_krw(booking.fee_krw))
        return _("Booking number {id} is now {status}.").format(id=booking_id, status=label(status))

    return write_op(context, parent, change_status, booking_id, status, note=note, changes=Change.BOOKING,
                    done=done, based_on=based_on, reload=reload).ok
