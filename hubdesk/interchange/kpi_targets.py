"""KPI targets, in and out: one row per program (blank for the foundation as a whole), year,
quarter (blank for a yearly target) and KPI, with the target value.

A row sets the target through `hubdesk.domain.kpi_targets.set_kpi_target` (creating it or
changing its value); a row whose uid names an existing target changes that target
(`update_kpi_target`). The KPI is its code (companies_supported) or its label. A rate is a ratio
(0.65) or a percentage (65%). Import the programs first.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import KpiTarget, Program
from hubdesk.domain import kpi_targets
from hubdesk.i18n import N_, _
from hubdesk.interchange.cells import NUMBER_JUNK, CellError, is_blank, parse_year, takes, text, unneutralise
from hubdesk.interchange.columns import Column
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.programs import PROGRAM_REFERENCE, optional_program, program_reference
from hubdesk.interchange.records import ProgramRecordImporter

@takes(N_("A number, such as 12, 1,250,000, 0.65 or 65%"))
def parse_number(value: Any) -> float | None:
    """A number: 12, 1,250,000, 0.65 or 65% (= 0.65)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“{value}” is not a number. Write digits, for example 12 or 0.65.").format(value=value))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        raw = NUMBER_JUNK.sub("", unneutralise(str(value).strip()))
        percent = raw.endswith("%")
        try:
            number = float(Decimal(raw.rstrip("%")))
        except (InvalidOperation, ValueError):
            raise CellError(_("“{value}” is not a number. Write digits, for example 12 or 0.65.")
                            .format(value=str(value).strip()[:40])) from None
        if percent:
            number /= 100
    if not math.isfinite(number):
        raise CellError(_("“{value}” is not a number. Write digits, for example 12 or 0.65.").format(value=value))
    return number


@takes(N_("A quarter: 1, 2, 3 or 4, or empty for a target of the whole year"))
def parse_target_quarter(value: Any) -> int | None:
    from hubdesk.interchange.kpis import parse_quarter

    quarter = parse_quarter(value)
    return quarter.quarter if hasattr(quarter, "quarter") else quarter


C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    *PROGRAM_REFERENCE,
    C("year", "연도", parse_year, required=True, aliases=("목표연도", "year")),
    C("quarter", "분기", parse_target_quarter, aliases=("period",)),
    C("kpi", "지표", text(), required=True, aliases=("KPI", "성과지표", "지표코드")),
    C("target_value", "목표값", parse_number, required=True, aliases=("목표", "target")),
]


class Importer(ProgramRecordImporter):
    model = KpiTarget
    columns = COLUMNS

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        pid = optional_program(self.programs, values)
        data = kpi_targets.KpiTargetInput(values["year"], values["kpi"], values["target_value"],
                                          values.get("quarter"), pid)
        code = kpi_targets.require_kpi_code(values["kpi"])
        key = (pid, values["year"], values.get("quarter"), code)
        if (earlier := self.earlier_row(key, row)) is not None:
            raise RowProblems([("kpi", _("The same target (program, year, quarter and KPI) is already on row "
                                         "{row}. Keep one row per target.").format(row=earlier))])
        tid = self.by_uid.get(values.get("uid") or "")
        if tid is not None:
            row_obj = kpi_targets.get_kpi_target(self.session, tid)
            before = (row_obj.program_id, row_obj.year, row_obj.quarter, row_obj.kpi, row_obj.target_value)
            kpi_targets.update_kpi_target(self.session, tid, data)
            after = (row_obj.program_id, row_obj.year, row_obj.quarter, row_obj.kpi, row_obj.target_value)
            return "unchanged" if before == after else "updated"
        existing = kpi_targets.find_kpi_target(self.session, *key)
        if existing is not None:
            if existing.target_value == float(values["target_value"]):
                return "unchanged"
            kpi_targets.set_kpi_target(self.session, data)
            return "updated"
        target = kpi_targets.set_kpi_target(self.session, data)
        self.adopt_uid(target, values)
        return "created"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(KpiTarget, Program).outerjoin(Program, Program.id == KpiTarget.program_id)
            .order_by(KpiTarget.year, Program.fiscal_year.is_not(None), Program.fiscal_year, Program.name,
                      KpiTarget.quarter.is_not(None), KpiTarget.quarter, KpiTarget.kpi, KpiTarget.id))
    for target, program in session.execute(stmt):
        yield [target.uid, *program_reference(program), target.year, target.quarter, target.kpi, target.target_value]
