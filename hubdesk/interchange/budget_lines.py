"""Budget lines of programs, in and out: one row per program, fiscal year, funding source and
cost item (국비/도비/시·군비/민간부담금 × 인건비/운영비/…).

A row updates the line with the same uid, else the program's line with the same year, source
and cost item, else it adds one — through `hubdesk.domain.budgets`. Blank amount or note keeps
the current value. Import the programs first.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.enums import ExpenseCategory, FundingSource
from hubdesk.db.schema import BudgetLine, Program
from hubdesk.domain import budgets
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_year, parse_non_negative_int, text
from hubdesk.interchange.columns import Column
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.programs import PROGRAM_REFERENCE, program_reference, require_program
from hubdesk.interchange.records import ProgramRecordImporter

C = Column
SOURCE = C("source", "재원", enum_parser(FundingSource, labels_for(FundingSource)), required=True,
           aliases=("재원구분", "funding source"))
CATEGORY = C("category", "비목", enum_parser(ExpenseCategory, labels_for(ExpenseCategory)),
             aliases=("세목", "cost item", "예산과목"))
COLUMNS = [
    C("uid", "고유ID", text(36)),
    *PROGRAM_REFERENCE,
    C("fiscal_year", "회계연도", parse_year, required=True, aliases=("연도", "year")),
    SOURCE,
    C("category", CATEGORY.ko, CATEGORY.parse, required=True, aliases=CATEGORY.aliases),
    C("amount_krw", "예산액", parse_non_negative_int, required=True, aliases=("예산", "금액", "budget", "amount")),
    C("note", "비고", text(), aliases=("메모",)),
]


class Importer(ProgramRecordImporter):
    model = BudgetLine
    columns = COLUMNS

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        pid = require_program(self.programs, values)
        key = (pid, values["fiscal_year"], values["source"], values["category"])
        if (earlier := self.earlier_row(key, row)) is not None:
            raise RowProblems([("category", _("This budget line (the same program, year, source and cost item) "
                                              "is already on row {row}. Keep one row per line.").format(row=earlier))])
        lid = self.by_uid.get(values.get("uid") or "")
        line = self.session.get(BudgetLine, lid) if lid is not None else None
        if line is None:
            line = budgets.find_budget_line(self.session, *key)
        if line is not None and line.program_id != pid:
            raise RowProblems([("program", _("This budget line belongs to another program in the database. "
                                             "Correct the program, or clear the uid."))])
        if line is None:
            data = budgets.BudgetLineInput(values["fiscal_year"], values["source"], values["category"],
                                           values["amount_krw"], values.get("note"))
            line = budgets.add_budget_line(self.session, pid, data)
            self.adopt_uid(line, values)
            return "created"
        merged = budgets.BudgetLineInput(values["fiscal_year"], values["source"], values["category"],
                                         values["amount_krw"] if values.get("amount_krw") is not None else line.amount_krw,
                                         values["note"] if values.get("note") is not None else line.note)
        if (line.fiscal_year, line.source, line.category, line.amount_krw, line.note) == \
                (merged.fiscal_year, merged.source, merged.category, merged.amount_krw, merged.note):
            return "unchanged"
        budgets.update_budget_line(self.session, line.id, merged)
        return "updated"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(BudgetLine, Program).join(Program, Program.id == BudgetLine.program_id)
            .order_by(Program.fiscal_year, Program.name, Program.id, BudgetLine.fiscal_year, BudgetLine.source,
                      BudgetLine.category, BudgetLine.id))
    for line, program in session.execute(stmt):
        yield [line.uid, *program_reference(program), line.fiscal_year, line.source, line.category,
               line.amount_krw, line.note]
