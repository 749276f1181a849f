"""The booking status flow: which moves are allowed, and the status names people read.

    requested ─→ approved ─→ confirmed ─→ in use ─→ completed
        │            │            │
        ├→ rejected  ├→ cancelled ├→ cancelled
        └→ cancelled └→ no show   └→ no show

Rejected, completed, cancelled and no show are final. A booking can be cancelled while it is
open (requested, approved, confirmed); a no-show is recorded for a booking that was granted
(approved or confirmed) but not used. A booking in use can only be completed.
"""

from __future__ import annotations

from babel.lists import format_list

from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from hubdesk.i18n import N_, _, babel_locale

S = BookingStatus

TRANSITIONS: dict[BookingStatus, tuple[BookingStatus, ...]] = {
    S.REQUESTED: (S.APPROVED, S.REJECTED, S.CANCELLED),
    S.APPROVED: (S.CONFIRMED, S.CANCELLED, S.NO_SHOW),
    S.CONFIRMED: (S.IN_USE, S.CANCELLED, S.NO_SHOW),
    S.IN_USE: (S.COMPLETED,),
    S.REJECTED: (),
    S.COMPLETED: (),
    S.CANCELLED: (),
    S.NO_SHOW: (),
}

FINAL_STATUSES = tuple(s for s, moves in TRANSITIONS.items() if not moves)

# Statuses whose booked time (start and end) may still be moved.
MOVABLE_STATUSES = (S.REQUESTED, S.APPROVED, S.CONFIRMED)

# Statuses that carry a frozen fee: the fee is frozen on approval, so every status reached through
# approval has one (a cancelled booking may or may not have been approved: it carries none of its own).
FEE_FROZEN_STATUSES = (S.APPROVED, S.CONFIRMED, S.IN_USE, S.COMPLETED, S.NO_SHOW)

_LABELS = {
    S.REQUESTED: N_("requested"),
    S.APPROVED: N_("approved"),
    S.REJECTED: N_("rejected"),
    S.CONFIRMED: N_("confirmed"),
    S.IN_USE: N_("in use"),
    S.COMPLETED: N_("completed"),
    S.CANCELLED: N_("cancelled"),
    S.NO_SHOW: N_("no show"),
}


def status_label(status: BookingStatus | str) -> str:
    """The status's name in the current language."""
    return _(_LABELS[BookingStatus(status)])


def is_active(status: BookingStatus | str) -> bool:
    """Whether a booking in this status holds its time slot."""
    return BookingStatus(status) in ACTIVE_BOOKING_STATUSES


def allowed_moves(status: BookingStatus | str) -> list[BookingStatus]:
    return list(TRANSITIONS[BookingStatus(status)])


def forbidden_move_message(current: BookingStatus, target: BookingStatus) -> str:
    """A sentence saying that current → target is not allowed and which moves are."""
    moves = TRANSITIONS[current]
    if not moves:
        return _("This booking is {current}, which is final: it cannot become {target}. "
                 "Make a new booking instead.").format(current=status_label(current),
                                                       target=status_label(target))
    allowed = format_list([status_label(m) for m in moves], style="or", locale=babel_locale())
    return _("A booking that is {current} cannot become {target}. It can only become {allowed}.").format(
        current=status_label(current), target=status_label(target), allowed=allowed)
