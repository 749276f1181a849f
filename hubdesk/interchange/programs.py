"""Programs, in and out.

A row is one program: it updates the program with the same uid, else the program with the same
name and first fiscal year, else it creates one — through `hubdesk.domain.programs`
(create_program / update_program), so the rules are the screen's. A blank cell keeps the
current value. Import programs before their budget lines, expenditures, participants,
milestones, events and KPI targets, which name their program the same way (name, and first
fiscal year when names repeat; or the program's uid).
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.enums import Funder, ProgramStatus
from hubdesk.db.schema import Program
from hubdesk.domain import programs
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_date, parse_int, parse_year, text
from hubdesk.interchange.columns import Column
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import ProgramLookup
from hubdesk.interchange.records import RowImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("name", "사업명", text(), required=True, aliases=("program", "program name", "사업", "과제명")),
    C("fiscal_year", "회계연도", parse_year, required=True, aliases=("사업연도", "연도", "첫 회계연도", "year")),
    C("last_fiscal_year", "마지막 회계연도", parse_year, aliases=("종료연도", "last year")),
    C("name_en", "영문 사업명", text(), aliases=("english name", "영문명")),
    C("funder", "주관부처", enum_parser(Funder, labels_for(Funder)), required=True,
      aliases=("지원기관", "부처", "funding body")),
    C("status", "상태", enum_parser(ProgramStatus, labels_for(ProgramStatus)), aliases=("진행상태",)),
    C("starts_on", "사업 시작일", parse_date, aliases=("시작일", "start")),
    C("ends_on", "사업 종료일", parse_date, aliases=("종료일", "end")),
    C("manager", "담당자", text(200), aliases=("책임자", "사업책임자")),
    C("description", "설명", text(), aliases=("사업내용", "비고")),
]
_FIELDS = ("name", "fiscal_year", "last_fiscal_year", "name_en", "funder", "status", "starts_on", "ends_on",
           "manager", "description")


# Columns naming a program in the other kinds; `program_year` is its first fiscal year.
PROGRAM_REFERENCE = [
    C("program", "사업명", text(), aliases=("program name", "사업", "과제명")),
    C("program_uid", "사업 고유ID", text(36)),
    C("program_year", "사업 회계연도", parse_int, aliases=("사업연도", "program year")),
]


def require_program(lookup: ProgramLookup, values: dict[str, Any]) -> int:
    return lookup.require(values, year_key="program_year")


def optional_program(lookup: ProgramLookup, values: dict[str, Any]) -> int | None:
    """The program a row names, or None when it names none (a record of the whole foundation)."""
    if values.get("program") or values.get("program_uid"):
        return require_program(lookup, values)
    return None


def program_reference(program: Program | None) -> list[Any]:
    if program is None:
        return [None, None, None]
    return [program.name, program.uid, program.fiscal_year]


class Importer(RowImporter):
    columns = COLUMNS

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        key = (values["name"].strip().casefold(), values["fiscal_year"])
        if (earlier := self.earlier_row(key, row)) is not None:
            raise RowProblems([("name", _("The program “{name}” of {year} is already on row {row}. Keep one row "
                                          "per program.").format(name=values["name"], year=values["fiscal_year"],
                                                                 row=earlier))])
        uid = values.get("uid")
        pid = self.programs.by_uid.get(uid or "")
        if pid is None:
            pid = self.programs.find({"program": values["name"], "fiscal_year": values["fiscal_year"]})
        if pid is None:
            data = programs.ProgramInput(**{f: values.get(f) for f in _FIELDS
                                            if values.get(f) is not None})
            program = programs.create_program(self.session, data)
            if uid and uid not in self.programs.by_uid:
                program.uid = uid
                self.session.flush()
            self.programs.add(program.id, program.uid, program.name, program.fiscal_year)
            return "created"
        program = programs.get_program(self.session, pid)
        current = {f: getattr(program, f) for f in _FIELDS}
        merged = {f: values[f] if values.get(f) is not None else current[f] for f in _FIELDS}
        if merged["last_fiscal_year"] == merged["fiscal_year"]:
            merged["last_fiscal_year"] = None
        if merged == current:
            return "unchanged"
        programs.update_program(self.session, pid, programs.ProgramInput(**merged))
        self.programs.add(program.id, program.uid, program.name, program.fiscal_year)
        return "updated"


def export_records(session: Session) -> Iterator[list[Any]]:
    for p in session.scalars(select(Program).order_by(Program.fiscal_year, Program.name, Program.id)):
        yield [p.uid, p.name, p.fiscal_year, p.last_fiscal_year, p.name_en, p.funder, p.status, p.starts_on,
               p.ends_on, p.manager, p.description]


__all__ = ["COLUMNS", "Importer", "PROGRAM_REFERENCE", "export_records", "optional_program", "program_reference",
           "require_program"]
