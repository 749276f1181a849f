"""Programs: derived milestone status, budget execution by funding source, expenditures.

Fiscal year = calendar year. Rates are ratios (0.25 = 25 %); `hubdesk.formatting.format_percent`
shows them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import cast

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from hubdesk.db.enums import FundingSource
from hubdesk.db.ids import get_row
from hubdesk.db.schema import Expenditure, Milestone, Program
from hubdesk.domain.texts import require_storable
from hubdesk.errors import DomainError
from hubdesk.i18n import N_, _

AT_RISK_DAYS = 14


# One expenditure is at most ~1,000 trillion won: far above any program, and sums of many such
# rows still fit the 64-bit integers the databases add them up in.
MAX_AMOUNT_KRW = 10**15 - 1


class MilestoneStatus(enum.StrEnum):
    DONE = "done"
    LATE = "late"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    MilestoneStatus.DONE: N_("Done"),
    MilestoneStatus.LATE: N_("Late"),
    MilestoneStatus.AT_RISK: N_("At risk"),
    MilestoneStatus.ON_TRACK: N_("On track"),
}


def milestone_status(milestone: Milestone, today: dt.date | None = None) -> MilestoneStatus:
    """done if done_on; late if due_on < today; at risk if due within 14 days and not started;
    else on track. (A milestone due today and not done is not late yet.)"""
    today = today or dt.date.today()
    if milestone.done_on is not None:
        return MilestoneStatus.DONE
    if milestone.due_on < today:
        return MilestoneStatus.LATE
    if milestone.started_on is None and (milestone.due_on - today).days <= AT_RISK_DAYS:
        return MilestoneStatus.AT_RISK
    return MilestoneStatus.ON_TRACK


def get_program(session: Session, program_id: int) -> Program:
    program = get_row(session, Program, program_id)
    if program is None:
        raise DomainError(_("This program no longer exists. Refresh the list."), code="not_found")
    return program


def mark_milestone_done(session: Session, milestone_id: int, done_on: dt.date | None = None, *,
                        today: dt.date | None = None) -> Milestone:
    """Record that a milestone was reached on `done_on` (default today); not in the future."""
    today = today or dt.date.today()
    done_on = done_on or today
    milestone = get_row(session, Milestone, milestone_id)
    if milestone is None:
        raise DomainError(_("This milestone no longer exists. Refresh the list."), code="not_found")
    if done_on > today:
        raise DomainError(_("The completion date {date} is in the future. Mark the milestone done on "
                            "or after the day it is reached.").format(date=done_on.isoformat()),
                          field="done_on", code="future")
    if milestone.started_on is not None and done_on < milestone.started_on:
        raise DomainError(_("The completion date {done} is before the milestone started on {started}. "
                            "Correct the date.").format(done=done_on.isoformat(),
                                                        started=milestone.started_on.isoformat()),
                          field="done_on", code="dates")
    milestone.done_on = done_on
    session.flush()
    return milestone


@dataclass(frozen=True)
class Execution:
    budget: int
    spent: int
    rate: float | None  # spent ÷ budget; None when the budget is 0

    def as_dict(self) -> dict:
        return {"budget": self.budget, "spent": self.spent, "rate": self.rate}


def budget_of(program: Program, source: FundingSource) -> int:
    return {FundingSource.NATIONAL: program.budget_national_krw,
            FundingSource.LOCAL: program.budget_local_krw,
            FundingSource.PRIVATE: program.budget_private_krw}[source] or 0


def _rate(spent: int, budget: int) -> float | None:
    return spent / budget if budget else None


def budget_execution(session: Session, program_id: int, as_of: dt.date | None = None
                     ) -> dict[FundingSource, Execution]:
    """Cumulative spend ÷ annual budget, by funding source (spend up to and including `as_of`)."""
    program = get_program(session, program_id)
    query = (select(Expenditure.source, func.coalesce(func.sum(Expenditure.amount_krw), 0))
             .where(Expenditure.program_id == program_id).group_by(Expenditure.source))
    if as_of is not None:
        query = query.where(Expenditure.spent_on <= as_of)
    spent = {FundingSource(src): int(total) for src, total in session.execute(query)}
    return {src: Execution(budget_of(program, src), spent.get(src, 0),
                           _rate(spent.get(src, 0), budget_of(program, src)))
            for src in FundingSource}


def execution_for_year(session: Session, year: int, as_of: dt.date | None = None
                       ) -> dict[FundingSource, Execution]:
    """Budget execution of all programs of fiscal year `year` together, by funding source."""
    budgets = session.execute(select(
        func.coalesce(func.sum(Program.budget_national_krw), 0),
        func.coalesce(func.sum(Program.budget_local_krw), 0),
        func.coalesce(func.sum(Program.budget_private_krw), 0)).where(Program.fiscal_year == year)).one()
    query = (select(Expenditure.source, func.coalesce(func.sum(Expenditure.amount_krw), 0))
             .join(Program, Program.id == Expenditure.program_id)
             .where(Program.fiscal_year == year).group_by(Expenditure.source))
    if as_of is not None:
        query = query.where(Expenditure.spent_on <= as_of)
    spent = {FundingSource(src): int(total) for src, total in session.execute(query)}
    budget = dict(zip((FundingSource.NATIONAL, FundingSource.LOCAL, FundingSource.PRIVATE),
                      (int(b) for b in budgets)))
    return {src: Execution(budget[src], spent.get(src, 0), _rate(spent.get(src, 0), budget[src]))
            for src in FundingSource}


def record_expenditure(session: Session, program_id: int, *, amount_krw: int | float,
                       source: FundingSource | str, spent_on: dt.date, category: str | None = None,
                       description: str | None = None) -> Expenditure:
    """Record a spend: a positive whole number of won, from a funding source, within the
    program's fiscal year."""
    program = get_program(session, program_id)
    if isinstance(amount_krw, bool) or not isinstance(amount_krw, int):
        if isinstance(amount_krw, float) and amount_krw.is_integer():
            amount_krw = int(amount_krw)
        else:
            raise DomainError(_("The amount “{value}” is not a whole number of won. Enter it without "
                                "decimals.").format(value=amount_krw), field="amount_krw", code="not_whole")
    if amount_krw <= 0:
        raise DomainError(_("The amount must be more than 0 won. Enter the amount spent."),
                          field="amount_krw", code="not_positive")
    if amount_krw > MAX_AMOUNT_KRW:
        raise DomainError(_("The amount {value} won is more than one expenditure can be (at most {max} won). "
                            "Check the number of digits.").format(value=amount_krw, max=MAX_AMOUNT_KRW),
                          field="amount_krw", code="too_large")
    try:
        source_m = source if isinstance(source, FundingSource) else FundingSource(str(source).strip())
    except ValueError:
        raise DomainError(_("“{value}” is not a funding source. Choose national, local or private.")
                          .format(value=source), field="source", code="invalid_choice") from None
    if spent_on.year != program.fiscal_year:
        raise DomainError(_("{date} is outside fiscal year {year} of program {name}. Enter a date "
                            "between {first} and {last}, or record it on that year's program.")
                          .format(date=spent_on.isoformat(), year=program.fiscal_year, name=program.name,
                                  first=dt.date(program.fiscal_year, 1, 1).isoformat(),
                                  last=dt.date(program.fiscal_year, 12, 31).isoformat()),
                          field="spent_on", code="outside_fiscal_year")
    require_storable(Expenditure, "category", category or None)
    require_storable(Expenditure, "description", description or None)
    expenditure = Expenditure(program_id=program_id, amount_krw=amount_krw, source=source_m,
                              spent_on=spent_on, category=category or None, description=description or None)
    session.add(expenditure)
    session.flush()
    return expenditure


def milestone_on_time_rate(session: Session, start: dt.date, end: dt.date, *,
                           today: dt.date | None = None) -> float | None:
    """Share of the milestones due between `start` and `end` (inclusive) that were done on or
    before their due date. Milestones not done whose due date is still ahead (on or after
    `today`) are left out: they can still be on time. None when no milestone counts."""
    today = today or dt.date.today()
    counted = (Milestone.done_on.is_not(None)) | (Milestone.due_on < today)
    on_time = case((Milestone.done_on <= Milestone.due_on, 1), else_=0)
    total, good = cast("tuple[int, int]", session.execute(
        select(func.count(), func.coalesce(func.sum(on_time), 0))
        .where(Milestone.due_on >= start, Milestone.due_on <= end, counted)).one())
    return int(good) / int(total) if total else None


__all__ = [
    "AT_RISK_DAYS", "Execution", "MilestoneStatus", "budget_execution", "budget_of", "execution_for_year",
    "get_program", "mark_milestone_done", "milestone_on_time_rate", "milestone_status", "record_expenditure",
]
