"""Expenditures, in and out: one row per spend, against the program's budget line of the year
spent, its funding source and its cost item.

A row updates the expenditure with the same uid, else it adds one — through
`hubdesk.domain.budgets` (add_expenditure / update_expenditure; with the cost item left blank,
record_expenditure finds the only line of that source). Expenditures have no natural key: a file
without uids imported twice records the spends twice. Import the programs and their budget
lines first.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import Expenditure, Program
from hubdesk.domain import budgets
from hubdesk.i18n import _
from hubdesk.interchange.budget_lines import CATEGORY, SOURCE
from hubdesk.interchange.cells import parse_date, parse_non_negative_int, text
from hubdesk.interchange.columns import Column
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.programs import PROGRAM_REFERENCE, program_reference, require_program
from hubdesk.interchange.records import ProgramRecordImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    *PROGRAM_REFERENCE,
    C("spent_on", "집행일", parse_date, required=True, aliases=("집행일자", "지출일", "date", "spent on")),
    SOURCE,
    CATEGORY,
    C("amount_krw", "집행액", parse_non_negative_int, required=True, aliases=("금액", "지출액", "amount")),
    C("description", "적요", text(), aliases=("내용", "비고", "description")),
]


class Importer(ProgramRecordImporter):
    model = Expenditure
    columns = COLUMNS
    field_columns = {"program_id": "program", "budget_line_id": "category"}

    def _line(self, pid: int, values: dict[str, Any]) -> int:
        year = values["spent_on"].year
        line = budgets.find_budget_line(self.session, pid, year, values["source"], values["category"])
        if line is None:
            raise RowProblems([("category", _("The program has no {year} budget line for this source and cost "
                                              "item. Import or add the budget line first.").format(year=year))])
        return line.id

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        pid = require_program(self.programs, values)
        uid = values.get("uid")
        if uid:
            if (earlier := self.earlier_row(uid, row)) is not None:
                raise RowProblems([("uid", _("This uid is already on row {row}. Keep one row per expenditure.")
                                    .format(row=earlier))])
        eid = self.by_uid.get(uid or "")
        if eid is None:
            if values.get("category") is None:
                spend = budgets.record_expenditure(self.session, pid, amount_krw=values["amount_krw"],
                                                   source=values["source"], spent_on=values["spent_on"],
                                                   description=values.get("description"))
            else:
                spend = budgets.add_expenditure(self.session, budgets.ExpenditureInput(
                    self._line(pid, values), values["spent_on"], values["amount_krw"], values.get("description")))
            self.adopt_uid(spend, values)
            return "created"
        spend = budgets.get_expenditure(self.session, eid)
        if values.get("category") is None:
            values = dict(values, category=spend.category)
        line_id = self._line(pid, values)
        description = values["description"] if values.get("description") is not None else spend.description
        if (spend.budget_line_id, spend.spent_on, spend.amount_krw, spend.description) == \
                (line_id, values["spent_on"], values["amount_krw"], description):
            return "unchanged"
        budgets.update_expenditure(self.session, eid, budgets.ExpenditureInput(
            line_id, values["spent_on"], values["amount_krw"], description))
        return "updated"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(Expenditure, Program).join(Program, Program.id == Expenditure.program_id)
            .order_by(Program.fiscal_year, Program.name, Program.id, Expenditure.spent_on, Expenditure.id)
            .execution_options(yield_per=1000))
    for spend, program in session.execute(stmt):
        yield [spend.uid, *program_reference(program), spend.spent_on, spend.source, spend.category,
               spend.amount_krw, spend.description]
