"""Organizations taking part in a program: beneficiaries (수혜기업), cohort members (참여기업)
and partners (협력기관).

Rules: one entry per program, organization and role; the organization exists; it leaves
(`left_on`) on or after the day it joined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.enums import ParticipantRole
from hubdesk.db.ids import get_row
from hubdesk.db.schema import Organization, Participant
from hubdesk.domain.inputs import optional_text, require_choice, require_date
from hubdesk.enum_labels import label
from hubdesk.errors import DomainError
from hubdesk.i18n import _


@dataclass(frozen=True)
class ParticipantInput:
    organization_id: int
    role: ParticipantRole | str
    joined_on: dt.date
    left_on: dt.date | None = None
    note: str | None = None


def require_organization(session: Session, organization_id: int, field: str = "organization_id") -> Organization:
    org = get_row(session, Organization, organization_id)
    if org is None:
        raise DomainError(_("This organization no longer exists. Refresh the list and choose it again."),
                          field=field, code="not_found")
    return org


def get_participant(session: Session, participant_id: int) -> Participant:
    row = get_row(session, Participant, participant_id)
    if row is None:
        raise DomainError(_("This participant entry no longer exists. Refresh the list."), code="not_found")
    return row


class _ParticipantValues(TypedDict):
    organization_id: int
    role: ParticipantRole
    joined_on: dt.date
    left_on: dt.date | None
    note: str | None


def _values(session: Session, program_id: int, data: ParticipantInput,
            current_id: int | None) -> _ParticipantValues:
    org = require_organization(session, data.organization_id)
    values: _ParticipantValues = {"organization_id": org.id, "role": require_choice(ParticipantRole, data.role, "role"),
              "joined_on": require_date(data.joined_on, "joined_on"),
              "left_on": require_date(data.left_on, "left_on", required=False),
              "note": optional_text(Participant, "note", data.note)}
    if values["left_on"] and values["left_on"] < values["joined_on"]:
        raise DomainError(_("The leaving date {left} is before the joining date {joined}. Correct one of the "
                            "two.").format(left=values["left_on"].isoformat(), joined=values["joined_on"].isoformat()),
                          field="left_on", code="dates_order")
    same = session.scalars(select(Participant.id).where(
        Participant.program_id == program_id, Participant.organization_id == org.id,
        Participant.role == values["role"])).first()
    if same is not None and same != current_id:
        raise DomainError(_("{organization} is already in this program as {role}. Edit that entry instead.")
                          .format(organization=org.name, role=label(values["role"])),
                          field="organization_id", code="duplicate")
    return values


def add_participant(session: Session, program_id: int, data: ParticipantInput) -> Participant:
    from hubdesk.domain.programs import get_program

    program = get_program(session, program_id)
    row = Participant(program_id=program.id, **_values(session, program.id, data, None))
    session.add(row)
    session.flush()
    return row


def update_participant(session: Session, participant_id: int, data: ParticipantInput) -> Participant:
    row = get_participant(session, participant_id)
    for key, value in _values(session, row.program_id, data, row.id).items():
        setattr(row, key, value)
    session.flush()
    return row


def remove_participant(session: Session, participant_id: int) -> None:
    session.delete(get_participant(session, participant_id))
    session.flush()


def participants_of(session: Session, program_id: int) -> list[tuple[Participant, Organization]]:
    """The program's participants with their organizations, by role then organization name."""
    order = {m: i for i, m in enumerate(ParticipantRole)}
    rows = session.execute(select(Participant, Organization)
                           .join(Organization, Organization.id == Participant.organization_id)
                           .where(Participant.program_id == program_id)).all()
    return sorted(((p, o) for p, o in rows), key=lambda r: (order[r[0].role], r[1].name, r[0].id))


# The roles whose organizations report company KPIs; partners (universities, institutes, hospitals)
# help run a program and are not asked for a company's figures.
REPORTING_ROLES = (ParticipantRole.BENEFICIARY, ParticipantRole.COHORT_MEMBER)


def reporting_organizations(session: Session, program_id: int, first_day: dt.date, last_day: dt.date) -> list[int]:
    """Ids of the organizations a program asks for KPI figures for the days `first_day`..`last_day`:
    beneficiaries and cohort members taking part on at least one of those days (joined on or before
    the last, not left before the first), not archived; each once, by organization name."""
    rows = session.execute(
        select(Organization.id, Organization.name)
        .join(Participant, Participant.organization_id == Organization.id)
        .where(Participant.program_id == program_id,
               Participant.role.in_(REPORTING_ROLES),
               Participant.joined_on <= last_day,
               (Participant.left_on.is_(None)) | (Participant.left_on >= first_day),
               Organization.archived_on.is_(None))
        .distinct().order_by(Organization.name, Organization.id)).all()
    return [oid for oid, _name in rows]


__all__ = ["REPORTING_ROLES", "ParticipantInput", "add_participant", "get_participant", "participants_of",
           "remove_participant", "reporting_organizations", "require_organization", "update_participant"]
