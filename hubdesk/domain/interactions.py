"""Interactions with organizations: meetings, consultations, support given (with its type) and
event attendance. Record, correct and remove; an interaction dated in an issued quarter is locked
(hubdesk.domain.report_lock)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from hubdesk.domain import clock
from hubdesk.db.enums import InteractionKind, SupportType
from hubdesk.db.ids import get_row
from hubdesk.db.schema import Event, Interaction
from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import _

__all__ = ["get_interaction", "record_interaction", "remove_interaction", "update_interaction"]


def _choices(enum_cls) -> str:
    return ", ".join(m.value for m in enum_cls)


def _member(enum_cls, value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value if isinstance(value, enum_cls) else enum_cls(str(value).strip())


def _checked(session: Session, kind, occurred_on: dt.date | None, support_type, summary, staff,
             event_id: int | None, today: dt.date) -> tuple[InteractionKind, SupportType | None]:
    try:
        kind_m = _member(InteractionKind, kind)
    except ValueError:
        kind_m = None
    if kind_m is None:
        raise DomainError(_("“{value}” is not a kind of interaction. Choose one of: {choices}.")
                          .format(value=kind, choices=_choices(InteractionKind)),
                          field="kind", code="invalid_choice")
    try:
        support_m = _member(SupportType, support_type)
    except ValueError:
        raise DomainError(_("“{value}” is not a type of support. Choose one of: {choices}.")
                          .format(value=support_type, choices=_choices(SupportType)),
                          field="support_type", code="invalid_choice") from None
    if kind_m is InteractionKind.SUPPORT and support_m is None:
        raise DomainError(_("Support given needs its type (equipment use, prototype, testing, "
                            "consulting, certification or marketing). Choose one."),
                          field="support_type", code="required")
    if kind_m is not InteractionKind.SUPPORT and support_m is not None:
        raise DomainError(_("Only support given has a support type. Choose the kind “support”, "
                            "or clear the support type."), field="support_type", code="not_support")
    if occurred_on is None:
        raise DomainError(_("Enter the day of the interaction."), field="occurred_on", code="required")
    if occurred_on > today:
        raise DomainError(_("The interaction date {date} is in the future. Record it on or after the "
                            "day it happens.").format(date=occurred_on.isoformat()),
                          field="occurred_on", code="future")
    if event_id is not None and get_row(session, Event, event_id) is None:
        raise DomainError(_("The chosen event no longer exists. Choose another one."),
                          field="event_id", code="not_found")
    for fname, value in (("summary", summary), ("staff", staff)):
        require_storable(Interaction, fname, clean_text(value))
    return kind_m, support_m


def get_interaction(session: Session, interaction_id: int) -> Interaction:
    row = get_row(session, Interaction, interaction_id)
    if row is None:
        raise DomainError(_("This interaction no longer exists. Refresh the list."), code="not_found")
    return row


def record_interaction(session: Session, org_id: int, kind: InteractionKind | str, occurred_on: dt.date, *,
                       support_type: SupportType | str | None = None, summary: str | None = None,
                       staff: str | None = None, event_id: int | None = None,
                       today: dt.date | None = None) -> Interaction:
    """A meeting, consultation, support given (needs its support type) or event attendance."""
    from hubdesk.domain.organizations import get_organization

    get_organization(session, org_id)
    kind_m, support_m = _checked(session, kind, occurred_on, support_type, summary, staff, event_id,
                                 today or clock.today())
    interaction = Interaction(organization_id=org_id, kind=kind_m, support_type=support_m,
                              occurred_on=occurred_on, summary=clean_text(summary), staff=clean_text(staff),
                              event_id=event_id)
    session.add(interaction)
    session.flush()
    return interaction


def update_interaction(session: Session, interaction_id: int, kind: InteractionKind | str,
                       occurred_on: dt.date, *, support_type: SupportType | str | None = None,
                       summary: str | None = None, staff: str | None = None, event_id: int | None = None,
                       today: dt.date | None = None) -> Interaction:
    """Correct an interaction with the same checks as recording it."""
    row = get_interaction(session, interaction_id)
    kind_m, support_m = _checked(session, kind, occurred_on, support_type, summary, staff, event_id,
                                 today or clock.today())
    row.kind, row.support_type, row.occurred_on = kind_m, support_m, occurred_on
    row.summary, row.staff, row.event_id = clean_text(summary), clean_text(staff), event_id
    session.flush()
    return row


def remove_interaction(session: Session, interaction_id: int) -> None:
    session.delete(get_interaction(session, interaction_id))
    session.flush()
