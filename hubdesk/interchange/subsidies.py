"""Facility subsidies of programs, in and out: one row per subsidy, its program, kind (share of
the fee in percent, hours per period, amount in won per period), value, period, validity and the
resources it is limited to (codes or names separated by “;”, empty: every resource).

A row updates the subsidy with the same uid, else it adds one — through
`hubdesk.domain.subsidies.save_subsidy`, with the form's checks. Import programs and resources
first.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hubdesk.db.enums import SubsidyKind, SubsidyPeriod
from hubdesk.db.schema import FacilitySubsidy, Program, Resource, SubsidyResource
from hubdesk.domain import subsidies
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_date, parse_non_negative_int, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import ResourceLookup
from hubdesk.interchange.programs import PROGRAM_REFERENCE, program_reference, require_program
from hubdesk.interchange.records import ProgramRecordImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    *PROGRAM_REFERENCE,
    C("kind", "지원방식", enum_parser(SubsidyKind, labels_for(SubsidyKind)), required=True,
      aliases=("지원 유형", "유형", "kind")),
    C("value", "지원값", parse_non_negative_int, required=True, aliases=("지원량", "value")),
    C("period", "기간단위", enum_parser(SubsidyPeriod, labels_for(SubsidyPeriod)), aliases=("기간", "period")),
    C("valid_from", "적용 시작일", parse_date, aliases=("시작일", "valid from")),
    C("valid_to", "적용 종료일", parse_date, aliases=("종료일", "valid to")),
    C("resources", "대상 장비", text(), aliases=("장비", "resources")),
    C("note", "비고", text(), aliases=("메모",)),
]
_FIELDS = ("kind", "value", "period", "valid_from", "valid_to", "note")


class Importer(ProgramRecordImporter):
    model = FacilitySubsidy
    columns = COLUMNS
    field_columns = {"program_id": "program", "kind": "kind", "value": "value", "valid_to": "valid_to",
                     "resources": "resources"}

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.resources = ResourceLookup(session)

    def _resource_ids(self, cell: str | None) -> list[int]:
        names = [n.strip() for n in (cell or "").split(";") if n.strip()]
        return [self.resources.require(name, None, column="resources") for name in names]

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        pid = require_program(self.programs, values)
        resource_ids = self._resource_ids(values.get("resources"))
        fields = {f: values.get(f) for f in _FIELDS}
        fields["period"] = fields["period"] or SubsidyPeriod.YEAR
        existing_id = self.by_uid.get(values.get("uid") or "")
        if existing_id is None:
            subsidy = subsidies.save_subsidy(self.session, pid, None, resource_ids=resource_ids, **fields)
            self.adopt_uid(subsidy, values)
            return "created"
        subsidy = self.session.get_one(FacilitySubsidy, existing_id)
        if subsidy.program_id != pid:
            raise RowProblems([("program", _("This subsidy belongs to another program in the database. Correct "
                                             "the program, or clear the uid."))])
        if (all(getattr(subsidy, f) == v for f, v in fields.items())
                and sorted(r.resource_id for r in subsidy.resources) == sorted(resource_ids)):
            return "unchanged"
        subsidies.save_subsidy(self.session, pid, existing_id, resource_ids=resource_ids, **fields)
        return "updated"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(FacilitySubsidy, Program).join(Program, Program.id == FacilitySubsidy.program_id)
            .options(selectinload(FacilitySubsidy.resources).joinedload(SubsidyResource.resource))
            .order_by(Program.fiscal_year, Program.name, Program.id, FacilitySubsidy.id))
    for subsidy, program in session.execute(stmt):
        names = sorted(_name(r.resource) for r in subsidy.resources)
        yield [subsidy.uid, *program_reference(program), subsidy.kind, subsidy.value, subsidy.period,
               subsidy.valid_from, subsidy.valid_to, "; ".join(names) or None, subsidy.note]


def _name(resource: Resource) -> str:
    return resource.code or resource.name
