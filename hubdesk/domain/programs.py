"""Programs: create, update and remove a government program.

A program is named once per fiscal year (name + first fiscal year is how spreadsheets refer to
it) and runs for the fiscal years `fiscal_year` .. `last_fiscal_year` (fiscal year = calendar
year). Its money is in `hubdesk.domain.budgets`, its milestones in `hubdesk.domain.milestones`,
its organizations in `hubdesk.domain.participants`.

    program = create_program(session, ProgramInput(name="2026 바이오헬스", funder="motie", fiscal_year=2026))

Every function takes a write Session and raises DomainError (a sentence and `field=`) on bad
input. The names at the end of this module are re-exported for older callers: use
`hubdesk.domain.milestones` and `hubdesk.domain.budgets` in new code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hubdesk.db.enums import Funder, ProgramStatus
from hubdesk.db.ids import get_row
from hubdesk.db.schema import BudgetLine, Expenditure, KpiTarget, Program
from hubdesk.domain.inputs import (MAX_AMOUNT_KRW, optional_text, require_choice, require_date, require_year,
                                   required_text)
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext


@dataclass(frozen=True)
class ProgramInput:
    """What a person gives for a program. Enum fields take a member or its stored value."""

    name: str
    funder: Funder | str
    fiscal_year: int
    last_fiscal_year: int | None = None      # None: the program runs for one fiscal year
    name_en: str | None = None
    status: ProgramStatus | str = ProgramStatus.ACTIVE
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    manager: str | None = None
    description: str | None = None


def get_program(session: Session, program_id: int) -> Program:
    program = get_row(session, Program, program_id)
    if program is None:
        raise DomainError(_("This program no longer exists. Refresh the list."), field="program_id",
                          code="not_found")
    return program


def find_program(session: Session, name: str, fiscal_year: int) -> Program | None:
    """The program called `name` (case and surrounding spaces ignored) whose first fiscal year is
    `fiscal_year`."""
    key = (name or "").strip().casefold()
    for program in session.scalars(select(Program).where(Program.fiscal_year == fiscal_year)):
        if program.name.strip().casefold() == key:
            return program
    return None


class _ProgramValues(TypedDict):
    name: str
    name_en: str | None
    funder: Funder
    status: ProgramStatus
    fiscal_year: int
    last_fiscal_year: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    manager: str | None
    description: str | None


def _validated(session: Session, data: ProgramInput, program_id: int | None) -> _ProgramValues:
    values: _ProgramValues = {
        "name": required_text(Program, "name", data.name, _("The program has no name. Enter its name.")),
        "name_en": optional_text(Program, "name_en", data.name_en),
        "funder": require_choice(Funder, data.funder, "funder"),
        "status": require_choice(ProgramStatus, data.status or ProgramStatus.ACTIVE, "status"),
        "fiscal_year": require_year(data.fiscal_year, "fiscal_year"),
        "last_fiscal_year": (require_year(data.last_fiscal_year, "last_fiscal_year")
                             if data.last_fiscal_year is not None else None),
        "starts_on": require_date(data.starts_on, "starts_on", required=False),
        "ends_on": require_date(data.ends_on, "ends_on", required=False),
        "manager": optional_text(Program, "manager", data.manager),
        "description": optional_text(Program, "description", data.description),
    }
    first, last = values["fiscal_year"], values["last_fiscal_year"]
    if last is not None and last < first:
        raise DomainError(_("The last fiscal year {last} is before the first fiscal year {first}. Correct "
                            "one of the two.").format(last=last, first=first), field="last_fiscal_year",
                          code="years_order")
    if last == first:
        values["last_fiscal_year"] = None
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        raise DomainError(_("The program ends on {end}, before it starts on {start}. Correct one of the two "
                            "dates.").format(end=values["ends_on"].isoformat(), start=values["starts_on"].isoformat()),
                          field="ends_on", code="dates_order")
    same = find_program(session, values["name"], first)
    if same is not None and same.id != program_id:
        raise DomainError(_("A program “{name}” of fiscal year {year} already exists. Give this one another "
                            "name, or edit that program.").format(name=values["name"], year=first),
                          field="name", code="duplicate")
    return values


def create_program(session: Session, data: ProgramInput) -> Program:
    """Create a program (its budget lines come after, through hubdesk.domain.budgets)."""
    program = Program(**_validated(session, data, None))
    session.add(program)
    session.flush()
    return program


def update_program(session: Session, program_id: int, data: ProgramInput) -> Program:
    """Change a program. Its years cannot shrink past a year that has budget lines, expenditures
    or KPI targets."""
    program = get_program(session, program_id)
    values = _validated(session, data, program.id)
    first, last = values["fiscal_year"], values["last_fiscal_year"] or values["fiscal_year"]
    outside = session.execute(select(func.min(BudgetLine.fiscal_year), func.max(BudgetLine.fiscal_year))
                              .where(BudgetLine.program_id == program.id,
                                     or_(BudgetLine.fiscal_year < first, BudgetLine.fiscal_year > last))).one()
    targets = session.scalar(select(func.min(KpiTarget.year)).where(
        KpiTarget.program_id == program.id, or_(KpiTarget.year < first, KpiTarget.year > last)))
    year = outside[0] if outside[0] is not None else targets
    if year is not None:
        raise DomainError(_("The program has budget lines or KPI targets for {year}, outside the fiscal years "
                            "{first}–{last}. Keep {year} in the program's years, or remove those first.")
                          .format(year=year, first=first, last=last), field="fiscal_year", code="years_in_use")
    for key, value in values.items():
        setattr(program, key, value)
    session.flush()
    return program


def remove_program(session: Session, program_id: int) -> None:
    """Remove a program with its budget lines, milestones, participants and targets. Refused while
    it has expenditures: money spent stays on record."""
    program = get_program(session, program_id)
    spent = session.scalar(select(func.count()).select_from(Expenditure)
                           .where(Expenditure.program_id == program.id)) or 0
    if spent:
        raise DomainError(ngettext(
            "Program “{name}” has {count} expenditure, so it cannot be removed. Remove the expenditure "
            "first, or mark the program closed.",
            "Program “{name}” has {count} expenditures, so it cannot be removed. Remove the expenditures "
            "first, or mark the program closed.", spent).format(name=program.name, count=spent),
            field="program_id", code="has_expenditures")
    session.delete(program)
    session.flush()


def require_program_year(program: Program, year: int, field: str = "fiscal_year") -> int:
    """`year` if it is one of the program's fiscal years, else DomainError."""
    year = require_year(year, field)
    if year not in program.years:
        raise DomainError(_("{year} is not one of the fiscal years of program “{name}” ({first}–{last}). "
                            "Enter one of those years, or extend the program's years.")
                          .format(year=year, name=program.name, first=program.years[0], last=program.years[-1]),
                          field=field, code="outside_program_years")
    return year


# Re-exported for older callers (screens, reports, imports): the rules live in these modules.
from hubdesk.domain.budgets import (Execution, budget_execution, execution_for_year,  # noqa: E402
                                    record_expenditure)
from hubdesk.domain.milestones import (AT_RISK_DAYS, MilestoneStatus, mark_milestone_done,  # noqa: E402
                                       milestone_on_time_rate, milestone_status)

__all__ = [
    "AT_RISK_DAYS", "Execution", "MAX_AMOUNT_KRW", "MilestoneStatus", "ProgramInput", "budget_execution",
    "create_program", "execution_for_year", "find_program", "get_program", "mark_milestone_done",
    "milestone_on_time_rate", "milestone_status", "record_expenditure", "remove_program",
    "require_program_year", "update_program",
]
