"""Events (networking days, buyer meetings, export consultations, seminars, exhibitions): create,
edit, remove, with the organizations that took part and the outcomes reported in the quarterly
KPIs (participants, buyer meetings, export consultations and contracts with their amounts).

Rules: counts are 0 or more; amounts are whole won within `MAX_AMOUNT_KRW`; export contracts are
at most the export consultations (a contract is signed with a buyer consulted at the event), and
an amount needs a number (no won for 0 consultations or 0 contracts); an organization is listed
once per event; the program, when given, exists. An event in an issued quarter is locked
(`hubdesk.domain.report_lock`), and so are its participants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from hubdesk.db.enums import EventKind
from hubdesk.db.ids import get_row
from hubdesk.db.schema import Event, EventParticipant
from hubdesk.domain.inputs import (optional_text, require_amount, require_choice, require_count, require_date,
                                   required_text)
from hubdesk.errors import DomainError
from hubdesk.i18n import _

COUNTS = ("participants", "buyer_meetings", "export_consultations", "export_contracts")
AMOUNTS = ("export_consultation_krw", "export_contract_krw")


@dataclass(frozen=True)
class AttendeeInput:
    organization_id: int
    note: str | None = None


@dataclass(frozen=True)
class EventInput:
    name: str
    kind: EventKind | str
    held_on: dt.date
    program_id: int | None = None
    location: str | None = None
    description: str | None = None
    participants: int = 0
    buyer_meetings: int = 0
    export_consultations: int = 0
    export_consultation_krw: int = 0
    export_contracts: int = 0
    export_contract_krw: int = 0
    # The organizations that took part; None leaves them as they are when editing.
    attendees: tuple[AttendeeInput, ...] | None = field(default=None)


def get_event(session: Session, event_id: int) -> Event:
    event = get_row(session, Event, event_id)
    if event is None:
        raise DomainError(_("This event no longer exists. Refresh the list."), code="not_found")
    return event


def _values(session: Session, data: EventInput) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": required_text(Event, "name", data.name, _("The event has no name. Enter its name.")),
        "kind": require_choice(EventKind, data.kind, "kind"),
        "held_on": require_date(data.held_on, "held_on"),
        "location": optional_text(Event, "location", data.location),
        "description": optional_text(Event, "description", data.description),
        "program_id": None,
    }
    if data.program_id is not None:
        from hubdesk.domain.programs import get_program

        values["program_id"] = get_program(session, data.program_id).id
    numbers: dict[str, int] = {}
    for name in COUNTS:
        numbers[name] = require_count(getattr(data, name), name)
    for name in AMOUNTS:
        numbers[name] = require_amount(getattr(data, name), name)
    values.update(numbers)
    if numbers["export_contracts"] > numbers["export_consultations"]:
        raise DomainError(_("{contracts} export contracts is more than the {consultations} export consultations. "
                            "A contract follows a consultation: correct one of the two numbers.")
                          .format(contracts=values["export_contracts"],
                                  consultations=values["export_consultations"]),
                          field="export_contracts", code="contracts_over_consultations")
    if values["export_consultation_krw"] and not values["export_consultations"]:
        raise DomainError(_("An amount of {amount} won is given for 0 export consultations. Enter their number, "
                            "or clear the amount.").format(amount=values["export_consultation_krw"]),
                          field="export_consultations", code="amount_without_count")
    if values["export_contract_krw"] and not values["export_contracts"]:
        raise DomainError(_("An amount of {amount} won is given for 0 export contracts. Enter their number, "
                            "or clear the amount.").format(amount=values["export_contract_krw"]),
                          field="export_contracts", code="amount_without_count")
    return values


def _set_attendees(session: Session, event: Event, attendees: tuple[AttendeeInput, ...]) -> None:
    from hubdesk.domain.participants import require_organization

    wanted: dict[int, str | None] = {}
    for attendee in attendees:
        org = require_organization(session, attendee.organization_id, "attendees")
        if org.id in wanted:
            raise DomainError(_("{organization} is listed twice among the event's participants. List it once.")
                              .format(organization=org.name), field="attendees", code="duplicate")
        wanted[org.id] = optional_text(EventParticipant, "note", attendee.note, field="attendees")
    current = {a.organization_id: a for a in event.attendees}
    for oid, row in current.items():
        if oid not in wanted:
            event.attendees.remove(row)
    for oid, note in wanted.items():
        if oid in current:
            if current[oid].note != note:
                current[oid].note = note
        else:
            event.attendees.append(EventParticipant(organization_id=oid, note=note))


def create_event(session: Session, data: EventInput) -> Event:
    event = Event(**_values(session, data))
    session.add(event)
    if data.attendees:
        _set_attendees(session, event, data.attendees)
    session.flush()
    return event


def update_event(session: Session, event_id: int, data: EventInput) -> Event:
    event = get_event(session, event_id)
    for key, value in _values(session, data).items():
        if getattr(event, key) != value:
            setattr(event, key, value)
    if data.attendees is not None:
        _set_attendees(session, event, data.attendees)
    session.flush()
    return event


def remove_event(session: Session, event_id: int) -> None:
    session.delete(get_event(session, event_id))
    session.flush()


__all__ = ["AttendeeInput", "EventInput", "create_event", "get_event", "remove_event", "update_event"]
