"""Budgets: budget lines (a program's money for one fiscal year, funding source and cost item),
expenditures against a line, and execution (spent ÷ budget) by source and by cost item.

Rules:
- a line's fiscal year is one of its program's years; one line per program, year, source and
  cost item; its amount is a whole number of won, 0 or more;
- an expenditure is always against a line: more than 0 won, spent within the line's fiscal year;
  its program, source and cost item are the line's (copied here, never typed);
- a line with expenditures cannot be removed, nor moved to another year; changing its source or
  cost item moves its expenditures along.

Sources and cost items: `hubdesk.db.enums.FundingSource` and `ExpenseCategory` (its docstring
gives the settlement items the list follows). Rates are ratios (0.25 = 25 %).

The KPI "budget execution, local funds" adds provincial and city money (지방비): see
`KPI_SOURCE_GROUPS`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubdesk.db.enums import ExpenseCategory, FundingSource
from hubdesk.db.ids import get_row
from hubdesk.db.schema import BudgetLine, Expenditure, Program
from hubdesk.domain.inputs import MAX_AMOUNT_KRW, optional_text, require_amount, require_choice, require_date
from hubdesk.enum_labels import label
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

# KPI code suffix -> the sources it adds up (codes stay as issued reports store them).
KPI_SOURCE_GROUPS: dict[str, tuple[FundingSource, ...]] = {
    "national": (FundingSource.NATIONAL,),
    "local": (FundingSource.PROVINCIAL, FundingSource.CITY),
    "private": (FundingSource.PRIVATE,),
}


@dataclass(frozen=True)
class BudgetLineInput:
    fiscal_year: int
    source: FundingSource | str
    category: ExpenseCategory | str
    amount_krw: int
    note: str | None = None


@dataclass(frozen=True)
class ExpenditureInput:
    budget_line_id: int
    spent_on: dt.date
    amount_krw: int
    description: str | None = None


@dataclass(frozen=True)
class Execution:
    budget: int
    spent: int
    rate: float | None  # spent ÷ budget; None when the budget is 0

    def as_dict(self) -> dict:
        return {"budget": self.budget, "spent": self.spent, "rate": self.rate}


def _program(session: Session, program_id: int) -> Program:
    from hubdesk.domain.programs import get_program

    return get_program(session, program_id)


def get_budget_line(session: Session, line_id: int) -> BudgetLine:
    line = get_row(session, BudgetLine, line_id)
    if line is None:
        raise DomainError(_("This budget line no longer exists. Refresh the list."), field="budget_line_id",
                          code="not_found")
    return line


def get_expenditure(session: Session, expenditure_id: int) -> Expenditure:
    row = get_row(session, Expenditure, expenditure_id)
    if row is None:
        raise DomainError(_("This expenditure no longer exists. Refresh the list."), code="not_found")
    return row


def find_budget_line(session: Session, program_id: int, fiscal_year: int, source: FundingSource,
                     category: ExpenseCategory) -> BudgetLine | None:
    return session.scalars(select(BudgetLine).where(
        BudgetLine.program_id == program_id, BudgetLine.fiscal_year == fiscal_year,
        BudgetLine.source == source, BudgetLine.category == category)).first()


def budget_lines(session: Session, program_id: int, fiscal_year: int | None = None) -> list[BudgetLine]:
    """The program's lines by year, source and cost item (in the enums' order)."""
    query = select(BudgetLine).where(BudgetLine.program_id == program_id)
    if fiscal_year is not None:
        query = query.where(BudgetLine.fiscal_year == fiscal_year)
    return sorted(session.scalars(query), key=_line_order)


_SOURCE_ORDER = {m: i for i, m in enumerate(FundingSource)}
_CATEGORY_ORDER = {m: i for i, m in enumerate(ExpenseCategory)}


def _line_order(line: BudgetLine) -> tuple[int, int, int]:
    return line.fiscal_year, _SOURCE_ORDER[line.source], _CATEGORY_ORDER[line.category]


class _LineValues(TypedDict):
    fiscal_year: int
    source: FundingSource
    category: ExpenseCategory
    amount_krw: int
    note: str | None


def _line_values(session: Session, program: Program, data: BudgetLineInput, line_id: int | None) -> _LineValues:
    from hubdesk.domain.programs import require_program_year

    values: _LineValues = {
        "fiscal_year": require_program_year(program, data.fiscal_year),
        "source": require_choice(FundingSource, data.source, "source"),
        "category": require_choice(ExpenseCategory, data.category, "category"),
        "amount_krw": require_amount(data.amount_krw, "amount_krw"),
        "note": optional_text(BudgetLine, "note", data.note),
    }
    same = find_budget_line(session, program.id, values["fiscal_year"], values["source"], values["category"])
    if same is not None and same.id != line_id:
        raise DomainError(_("Program “{name}” already has a {year} budget line for {source}, {category}. Change "
                            "that line instead.").format(name=program.name, year=values["fiscal_year"],
                                                         source=label(values["source"]),
                                                         category=label(values["category"])),
                          field="category", code="duplicate")
    return values


def add_budget_line(session: Session, program_id: int, data: BudgetLineInput) -> BudgetLine:
    """Add a budget line to a program."""
    program = _program(session, program_id)
    line = BudgetLine(program_id=program.id, **_line_values(session, program, data, None))
    session.add(line)
    session.flush()
    return line


def _spent_count(session: Session, line_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Expenditure)
                          .where(Expenditure.budget_line_id == line_id)) or 0


def update_budget_line(session: Session, line_id: int, data: BudgetLineInput) -> BudgetLine:
    """Change a line's year, source, cost item, amount or note. Its expenditures follow a change of
    source or cost item; a line with expenditures keeps its year."""
    line = get_budget_line(session, line_id)
    program = _program(session, line.program_id)
    values = _line_values(session, program, data, line.id)
    count = _spent_count(session, line.id)
    if count and values["fiscal_year"] != line.fiscal_year:
        raise DomainError(ngettext(
            "This budget line has {count} expenditure in {year}, so it stays in {year}. Add a line for the "
            "other year instead.",
            "This budget line has {count} expenditures in {year}, so it stays in {year}. Add a line for the "
            "other year instead.", count).format(count=count, year=line.fiscal_year),
            field="fiscal_year", code="has_expenditures")
    for key, value in values.items():
        setattr(line, key, value)
    if count:
        for row in session.scalars(select(Expenditure).where(Expenditure.budget_line_id == line.id)):
            row.source, row.category = line.source, line.category
    session.flush()
    return line


def remove_budget_line(session: Session, line_id: int) -> None:
    """Remove a line; refused while it has expenditures."""
    line = get_budget_line(session, line_id)
    count = _spent_count(session, line.id)
    if count:
        raise DomainError(ngettext(
            "This budget line has {count} expenditure, so it cannot be removed. Move or remove the "
            "expenditure first.",
            "This budget line has {count} expenditures, so it cannot be removed. Move or remove the "
            "expenditures first.", count).format(count=count), field="budget_line_id", code="has_expenditures")
    session.delete(line)
    session.flush()


# --- expenditures -------------------------------------------------------------------------------

def _expenditure_values(session: Session, data: ExpenditureInput) -> dict[str, Any]:
    line = get_budget_line(session, data.budget_line_id)
    amount = require_amount(data.amount_krw, "amount_krw", positive=True)
    spent_on = require_date(data.spent_on, "spent_on")
    if spent_on.year != line.fiscal_year:
        raise DomainError(_("{date} is outside fiscal year {year} of this budget line. Enter a date between "
                            "{first} and {last}, or choose a budget line of {other}.")
                          .format(date=spent_on.isoformat(), year=line.fiscal_year,
                                  first=dt.date(line.fiscal_year, 1, 1).isoformat(),
                                  last=dt.date(line.fiscal_year, 12, 31).isoformat(), other=spent_on.year),
                          field="spent_on", code="outside_fiscal_year")
    return {"budget_line_id": line.id, "program_id": line.program_id, "source": line.source,
            "category": line.category, "spent_on": spent_on, "amount_krw": amount,
            "description": optional_text(Expenditure, "description", data.description)}


def add_expenditure(session: Session, data: ExpenditureInput) -> Expenditure:
    """Record a spend against a budget line: more than 0 won, within the line's fiscal year."""
    row = Expenditure(**_expenditure_values(session, data))
    session.add(row)
    session.flush()
    return row


def update_expenditure(session: Session, expenditure_id: int, data: ExpenditureInput) -> Expenditure:
    """Change a spend (also to another line, of the same program or another)."""
    row = get_expenditure(session, expenditure_id)
    for key, value in _expenditure_values(session, data).items():
        setattr(row, key, value)
    session.flush()
    return row


def remove_expenditure(session: Session, expenditure_id: int) -> None:
    session.delete(get_expenditure(session, expenditure_id))
    session.flush()


def record_expenditure(session: Session, program_id: int, *, amount_krw: int, source: FundingSource | str,
                       spent_on: dt.date, category: ExpenseCategory | str | None = None,
                       description: str | None = None) -> Expenditure:
    """Record a spend on a program by source (and cost item), finding its budget line of the year
    spent: the line with that source and cost item, or the only line with that source. A cost item
    that is not one of `ExpenseCategory` is kept at the front of the description."""
    program = _program(session, program_id)
    require_amount(amount_krw, "amount_krw", positive=True)
    source_m = require_choice(FundingSource, source, "source")
    spent_on = require_date(spent_on, "spent_on")
    if spent_on.year not in program.years:
        first, last = program.years[0], program.years[-1]
        raise DomainError(_("{date} is outside the fiscal years of program {name}. Enter a date between {first} "
                            "and {last}.").format(date=spent_on.isoformat(), name=program.name,
                                                  first=dt.date(first, 1, 1).isoformat(),
                                                  last=dt.date(last, 12, 31).isoformat()),
                          field="spent_on", code="outside_fiscal_year")
    category_m = None
    if category not in (None, ""):
        try:
            category_m = require_choice(ExpenseCategory, category, "category")
        except DomainError:
            pass
    lines = [l for l in budget_lines(session, program.id, spent_on.year) if l.source is source_m]
    if category_m is not None and any(l.category is category_m for l in lines):
        lines = [l for l in lines if l.category is category_m]
    elif category not in (None, "") and str(category).strip():
        # Not a cost item of a line: keep what was typed with the description.
        text = str(category).strip()
        description = f"[{text}] {description}" if description else f"[{text}]"
    if not lines:
        raise DomainError(_("Program “{name}” has no {year} budget line for {source}. Add that budget line "
                            "first.").format(name=program.name, year=spent_on.year, source=label(source_m)),
                          field="source", code="no_budget_line")
    if len(lines) > 1:
        raise DomainError(_("Program “{name}” has several {year} budget lines for {source}. Choose the cost "
                            "item.").format(name=program.name, year=spent_on.year, source=label(source_m)),
                          field="category", code="several_lines")
    return add_expenditure(session, ExpenditureInput(lines[0].id, spent_on, amount_krw, description))


# --- execution -----------------------------------------------------------------------------------

def _rate(spent: int, budget: int) -> float | None:
    return spent / budget if budget else None


def _execution_of(budget: int, spent: int) -> Execution:
    return Execution(budget, spent, _rate(spent, budget))


def combine(executions: list[Execution]) -> Execution:
    budget = sum(e.budget for e in executions)
    spent = sum(e.spent for e in executions)
    return Execution(budget, spent, _rate(spent, budget))


def _lines_spent(session: Session, where: list, as_of: dt.date | None) -> list[tuple[BudgetLine, int]]:
    """The budget lines `where` selects, each with its spend (up to and including `as_of`): one
    statement, from which execution by source, by cost item and by line are all summed."""
    spent = (select(func.coalesce(func.sum(Expenditure.amount_krw), 0))
             .where(Expenditure.budget_line_id == BudgetLine.id))
    if as_of is not None:
        spent = spent.where(Expenditure.spent_on <= as_of)
    rows = session.execute(select(BudgetLine, spent.scalar_subquery()).where(*where))
    return sorted(((line, int(total or 0)) for line, total in rows), key=lambda pair: _line_order(pair[0]))


def _grouped(lines: list[tuple[BudgetLine, int]], key: str) -> dict[Any, tuple[int, int]]:
    """(budget, spent) by the lines' `key` (source or category)."""
    found: dict[Any, tuple[int, int]] = {}
    for line, spent in lines:
        budget, total = found.get(getattr(line, key), (0, 0))
        found[getattr(line, key)] = (budget + int(line.amount_krw or 0), total + spent)
    return found


def _execution(session: Session, key: str, where: list, as_of: dt.date | None) -> dict[Any, tuple[int, int]]:
    return _grouped(_lines_spent(session, where, as_of), key)


def _where(program_id: int | None, fiscal_year: int | None) -> list:
    where = []
    if program_id is not None:
        where.append(BudgetLine.program_id == program_id)
    if fiscal_year is not None:
        where.append(BudgetLine.fiscal_year == fiscal_year)
    return where


def execution_by_source(session: Session, program_id: int, *, fiscal_year: int | None = None,
                        as_of: dt.date | None = None) -> dict[FundingSource, Execution]:
    """Budget and spend (up to and including `as_of`) of a program by source, every source listed;
    one fiscal year, or all the program's years when `fiscal_year` is None."""
    _program(session, program_id)
    found = _execution(session, "source", _where(program_id, fiscal_year), as_of)
    return {s: _execution_of(*found.get(s, (0, 0))) for s in FundingSource}


def execution_by_category(session: Session, program_id: int, *, fiscal_year: int | None = None,
                          as_of: dt.date | None = None) -> dict[ExpenseCategory, Execution]:
    """Budget and spend of a program by cost item: only the items that have a line, in the enum's order."""
    _program(session, program_id)
    found = _execution(session, "category", _where(program_id, fiscal_year), as_of)
    return {c: _execution_of(*found[c]) for c in ExpenseCategory if c in found}


def budget_execution(session: Session, program_id: int, as_of: dt.date | None = None
                     ) -> dict[FundingSource, Execution]:
    """Cumulative spend ÷ budget by funding source over all the program's years."""
    return execution_by_source(session, program_id, as_of=as_of)


def execution_for_year(session: Session, year: int, as_of: dt.date | None = None
                       ) -> dict[FundingSource, Execution]:
    """Budget execution of the budget lines of fiscal year `year` of all programs, by source."""
    found = _execution(session, "source", _where(None, year), as_of)
    return {s: _execution_of(*found.get(s, (0, 0))) for s in FundingSource}


def kpi_execution(execution: dict[FundingSource, Execution]) -> dict[str, Execution]:
    """Execution by KPI group (national, local = provincial + city, private)."""
    return {group: combine([execution[s] for s in sources]) for group, sources in KPI_SOURCE_GROUPS.items()}


def _with_program_sums(query):
    """`query` (over `Program`) with each program's budget and spend over all its years: each table
    summed once by program and joined (on PostgreSQL a quarter of the time of a sum per program)."""
    budget = (select(BudgetLine.program_id, func.sum(BudgetLine.amount_krw).label("total"))
              .group_by(BudgetLine.program_id).subquery())
    spent = (select(Expenditure.program_id, func.sum(Expenditure.amount_krw).label("total"))
             .group_by(Expenditure.program_id).subquery())
    return (query.add_columns(func.coalesce(budget.c.total, 0), func.coalesce(spent.c.total, 0))
            .outerjoin(budget, budget.c.program_id == Program.id).outerjoin(spent, spent.c.program_id == Program.id))


def programs_with_totals(session: Session) -> list[tuple[Program, int, int]]:
    """Every program, newest fiscal year first then by name, with its budget and spend over all its
    years: one statement."""
    query = _with_program_sums(select(Program)).order_by(Program.fiscal_year.desc(), Program.name)
    return [(p, int(b or 0), int(s or 0)) for p, b, s in session.execute(query)]


def program_budget_totals(session: Session) -> dict[int, tuple[int, int]]:
    """(budget, spent) of every program over all its years, by program id."""
    return {pid: (int(b or 0), int(s or 0)) for pid, b, s in session.execute(_with_program_sums(select(Program.id)))}


@dataclass
class ProgramBudget:
    """A program's budget as its page shows it: each line with its spend (in `budget_lines`'
    order), execution by source (every source) and by cost item (those with a line)."""
    lines: list[tuple[BudgetLine, int]]
    by_source: dict[FundingSource, Execution]
    by_category: dict[ExpenseCategory, Execution]


def program_budget(session: Session, program_id: int) -> ProgramBudget:
    """The program's lines with their spend and its execution by source and by cost item over all
    its years, summed from one statement (what `execution_by_source`, `execution_by_category`
    and the lines' spend give, read once)."""
    lines = _lines_spent(session, _where(program_id, None), None)
    by_source, by_category = _grouped(lines, "source"), _grouped(lines, "category")
    return ProgramBudget(lines, {s: _execution_of(*by_source.get(s, (0, 0))) for s in FundingSource},
                         {c: _execution_of(*by_category[c]) for c in ExpenseCategory if c in by_category})


__all__ = [
    "BudgetLineInput", "Execution", "ExpenditureInput", "KPI_SOURCE_GROUPS", "MAX_AMOUNT_KRW", "ProgramBudget",
    "add_budget_line", "add_expenditure", "budget_execution", "budget_lines", "combine", "execution_by_category",
    "execution_by_source", "execution_for_year", "find_budget_line", "get_budget_line", "get_expenditure",
    "kpi_execution", "program_budget", "program_budget_totals", "programs_with_totals", "record_expenditure",
    "remove_budget_line", "remove_expenditure", "update_budget_line", "update_expenditure",
]
