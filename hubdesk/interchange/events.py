"""Events with their outcomes and participating organizations, in and out.

A row updates the event with the same uid, else the event with the same name on the same day,
else it creates one — through `hubdesk.domain.events` (counts 0 or more, contracts at most the
consultations, …). The program is optional. `attendees` lists the organizations that took part,
separated by “;” or new lines, each by business registration number or exact name; a blank cell
keeps the current list. Import organizations and programs first.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hubdesk.db.enums import EventKind
from hubdesk.db.schema import Event, Organization, Program
from hubdesk.domain import events
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_date, parse_non_negative_int, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import canonical_business_no
from hubdesk.interchange.programs import PROGRAM_REFERENCE, optional_program, program_reference
from hubdesk.interchange.records import ProgramRecordImporter

COUNTS = ("participants", "buyer_meetings", "export_consultations", "export_consultation_krw", "export_contracts",
          "export_contract_krw")

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("name", "행사명", text(300), required=True, aliases=("행사", "event", "event name")),
    C("kind", "행사유형", enum_parser(EventKind, labels_for(EventKind)), required=True, aliases=("유형", "구분", "kind")),
    C("held_on", "개최일", parse_date, required=True, aliases=("일자", "행사일", "date")),
    *PROGRAM_REFERENCE,
    C("location", "장소", text(300), aliases=("개최장소", "place")),
    C("description", "내용", text(), aliases=("설명", "비고")),
    C("participants", "참가자수", parse_non_negative_int, aliases=("참가인원", "참석자수")),
    C("buyer_meetings", "바이어 상담", parse_non_negative_int, aliases=("바이어상담", "구매상담")),
    C("export_consultations", "수출상담 건수", parse_non_negative_int, aliases=("수출상담건수", "상담건수")),
    C("export_consultation_krw", "수출상담액", parse_non_negative_int, aliases=("상담액",)),
    C("export_contracts", "수출계약 건수", parse_non_negative_int, aliases=("수출계약건수", "계약건수")),
    C("export_contract_krw", "수출계약액", parse_non_negative_int, aliases=("계약액",)),
    C("attendees", "참여기관", text(), aliases=("참여기업", "참가기업", "participating organizations")),
]
_FIELDS = ("name", "kind", "held_on", "location", "description", *COUNTS)
_SPLIT = re.compile(r"[;\n]+")


class Importer(ProgramRecordImporter):
    model = Event
    columns = COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.by_key = {(n.strip().casefold(), d): i for i, n, d in session.execute(
            select(Event.id, Event.name, Event.held_on))}

    def _attendees(self, cell: str) -> tuple[events.AttendeeInput, ...]:
        found: list[events.AttendeeInput] = []
        for token in (t.strip() for t in _SPLIT.split(cell)):
            if not token:
                continue
            oid = None
            if re.fullmatch(r"[\d\s-]{10,14}", token):
                bno = canonical_business_no(token, "attendees")
                oid = self.orgs.by_business_no.get(bno)
            else:
                oid = self.orgs.by_exact_name(token, "attendees")
            if oid is None:
                raise RowProblems([("attendees", _("No organization “{value}” is in the database. Import or create "
                                                   "the organization first, or correct the list.").format(value=token))])
            found.append(events.AttendeeInput(oid))
        return tuple(found)

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        key = (values["name"].strip().casefold(), values["held_on"])
        if (earlier := self.earlier_row(key, row)) is not None:
            raise RowProblems([("name", _("The event “{name}” on this day is already on row {row}. Keep one row "
                                          "per event.").format(name=values["name"], row=earlier))])
        pid = optional_program(self.programs, values)
        attendees = self._attendees(values["attendees"]) if values.get("attendees") else None
        eid = self.by_uid.get(values.get("uid") or "") or self.by_key.get(key)
        event = events.get_event(self.session, eid) if eid is not None else None
        current = {f: getattr(event, f) for f in _FIELDS} if event is not None else {}
        merged = {f: values[f] if values.get(f) is not None else current.get(f) for f in _FIELDS}
        for f in COUNTS:
            merged[f] = merged[f] or 0
        if pid is None and event is not None and "program" not in values and "program_uid" not in values:
            pid = event.program_id
        data = events.EventInput(program_id=pid, attendees=attendees, **merged)
        if event is None:
            event = events.create_event(self.session, data)
            self.adopt_uid(event, values)
            self.by_key[key] = event.id
            return "created"
        same_people = attendees is None or sorted(a.organization_id for a in attendees) == sorted(
            a.organization_id for a in event.attendees)
        if merged == current and event.program_id == pid and same_people:
            return "unchanged"
        events.update_event(self.session, event.id, data)
        return "updated"


def export_records(session: Session) -> Iterator[list[Any]]:
    orgs = {oid: bno or name for oid, name, bno in session.execute(
        select(Organization.id, Organization.name, Organization.business_no))}
    stmt = (select(Event, Program).outerjoin(Program, Program.id == Event.program_id)
            .options(selectinload(Event.attendees)).order_by(Event.held_on, Event.name, Event.id))
    for event, program in session.execute(stmt):
        attendees = "; ".join(sorted(orgs[a.organization_id] for a in event.attendees)) or None
        yield [event.uid, event.name, event.kind, event.held_on, *program_reference(program), event.location,
               event.description, *(getattr(event, f) for f in COUNTS), attendees]
