"""Organizations taking part in programs, in and out: one row per program, organization and role
(수혜기업, 참여기업, 협력기관).

A row updates the entry with the same uid, else the one with the same program, organization and
role, else it adds one — through `hubdesk.domain.participants`. The organization is named by
its business registration number or exact name (or uid). Import organizations and programs
first.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.enums import ParticipantRole
from hubdesk.db.schema import Organization, Participant, Program
from hubdesk.domain import participants
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_date, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import organization_reference
from hubdesk.interchange.programs import PROGRAM_REFERENCE, program_reference, require_program
from hubdesk.interchange.records import ProgramRecordImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    *PROGRAM_REFERENCE,
    *organization_reference(),
    C("role", "참여구분", enum_parser(ParticipantRole, labels_for(ParticipantRole)), required=True,
      aliases=("역할", "구분")),
    C("joined_on", "참여일", parse_date, required=True, aliases=("협약일", "선정일", "joined")),
    C("left_on", "종료일", parse_date, aliases=("중도탈락일", "left")),
    C("note", "비고", text(), aliases=("메모",)),
]
_FIELDS = ("role", "joined_on", "left_on", "note")


class Importer(ProgramRecordImporter):
    model = Participant
    columns = COLUMNS
    field_columns = {"program_id": "program", "organization_id": "organization"}

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.by_key = {(p, o, r): i for i, p, o, r in session.execute(
            select(Participant.id, Participant.program_id, Participant.organization_id, Participant.role))}

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        pid = require_program(self.programs, values)
        oid = self.orgs.require(values)
        key = (pid, oid, values["role"])
        if (earlier := self.earlier_row(key, row)) is not None:
            raise RowProblems([("role", _("This organization is already on row {row} with the same program and "
                                          "role. Keep one row per entry.").format(row=earlier))])
        entry_id = self.by_uid.get(values.get("uid") or "") or self.by_key.get(key)
        if entry_id is None:
            data = participants.ParticipantInput(oid, values["role"], values["joined_on"], values.get("left_on"),
                                                 values.get("note"))
            entry = participants.add_participant(self.session, pid, data)
            self.adopt_uid(entry, values)
            self.by_key[key] = entry.id
            return "created"
        entry = participants.get_participant(self.session, entry_id)
        if entry.program_id != pid:
            raise RowProblems([("program", _("This entry belongs to another program in the database. Correct the "
                                             "program, or clear the uid."))])
        merged = {f: values[f] if values.get(f) is not None else getattr(entry, f) for f in _FIELDS}
        if entry.organization_id == oid and all(getattr(entry, f) == v for f, v in merged.items()):
            return "unchanged"
        participants.update_participant(self.session, entry.id, participants.ParticipantInput(oid, **merged))
        return "updated"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(Participant, Program, Organization)
            .join(Program, Program.id == Participant.program_id)
            .join(Organization, Organization.id == Participant.organization_id)
            .order_by(Program.fiscal_year, Program.name, Program.id, Participant.role, Organization.name,
                      Participant.id))
    for entry, program, org in session.execute(stmt):
        yield [entry.uid, *program_reference(program), org.name, org.uid, org.business_no, entry.role,
               entry.joined_on, entry.left_on, entry.note]
