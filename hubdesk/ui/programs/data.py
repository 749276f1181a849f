"""What the Programs screen shows, read into plain data (no Qt, no rules of its own): the list of
programs with their execution, and one program's page. Statuses, rates and achievement come from
hubdesk.domain (programs, budgets, milestones, kpis)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hubdesk.db.enums import FundingSource


def load_programs(db) -> list[dict]:
    """Every program, newest fiscal year first, with its budget, spend and execution rate."""
    from sqlalchemy import select

    from hubdesk.db.schema import Program
    from hubdesk.domain.budgets import program_budget_totals

    with db.read() as s:
        totals = program_budget_totals(s)
        rows = []
        for p in s.scalars(select(Program).order_by(Program.fiscal_year.desc(), Program.name)):
            budget, total = totals.get(p.id, (0, 0))
            rows.append({"id": p.id, "name": p.name, "funder": p.funder, "fiscal_year": p.fiscal_year,
                         "budget_krw": budget, "spent_krw": total, "rate": total / budget if budget else None,
                         "manager": p.manager})
    return rows


@dataclass
class ProgramPage:
    program_id: int
    name: str
    funder: object
    fiscal_year: int
    manager: str | None
    description: str | None
    execution: dict[FundingSource, object]          # domain Execution per source
    milestones: list[dict] = field(default_factory=list)
    expenditures: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    figures_quarter: str | None = None               # the quarter whose figures are the actuals


def actuals_quarter(fiscal_year: int, today: dt.date):
    """The quarter whose year-to-date figures are compared with a fiscal year's annual targets:
    the last quarter of the year that has begun (None for a year still ahead)."""
    from hubdesk.domain.quarters import Quarter

    if fiscal_year > today.year:
        return None
    if fiscal_year < today.year:
        return Quarter(fiscal_year, 4)
    return Quarter.of(today)


def load_program(db, program_id: int, *, today: dt.date | None = None) -> ProgramPage:
    """The program's budget execution, milestones (with derived status), expenditures and events;
    its KPI targets are read apart (`load_targets`), when they are looked at."""
    from sqlalchemy import select

    from hubdesk.db.schema import Event, Expenditure, Milestone
    from hubdesk.domain import programs as domain

    today = today or dt.date.today()
    with db.read() as s:
        p = domain.get_program(s, program_id)
        page = ProgramPage(p.id, p.name, p.funder, p.fiscal_year, p.manager, p.description,
                           domain.budget_execution(s, p.id))
        for m in s.scalars(select(Milestone).where(Milestone.program_id == p.id)
                           .order_by(Milestone.due_on, Milestone.id)):
            page.milestones.append({"id": m.id, "title": m.title, "due_on": m.due_on, "started_on": m.started_on,
                                    "done_on": m.done_on, "owner": m.owner,
                                    "status": domain.milestone_status(m, today)})
        for e in s.scalars(select(Expenditure).where(Expenditure.program_id == p.id)
                           .order_by(Expenditure.spent_on.desc(), Expenditure.id.desc())):
            page.expenditures.append({"id": e.id, "spent_on": e.spent_on, "source": e.source,
                                      "amount_krw": e.amount_krw, "category": e.category,
                                      "description": e.description})
        for ev in s.scalars(select(Event).where(Event.program_id == p.id).order_by(Event.held_on.desc())):
            page.events.append({"id": ev.id, "name": ev.name, "kind": ev.kind, "held_on": ev.held_on,
                                "location": ev.location, "participants": ev.participants,
                                "buyer_meetings": ev.buyer_meetings, "export_contracts": ev.export_contracts,
                                "export_contract_krw": ev.export_contract_krw})
        year_quarter = actuals_quarter(p.fiscal_year, today)
        page.figures_quarter = str(year_quarter) if year_quarter else None
    return page


def load_targets(db, program_id: int, fiscal_year: int, *, today: dt.date | None = None,
                 figures_cache: dict | None = None) -> list[dict]:
    """The program's KPI targets with the foundation's actual figure and actual ÷ target: annual
    targets against the year to date (`actuals_quarter`), quarter targets against their quarter
    (None for a quarter not begun). `figures_cache` keeps each quarter's figures between calls."""
    from sqlalchemy import select

    from hubdesk.db.schema import KpiTarget
    from hubdesk.domain.kpi_codes import KPI_DEFS
    from hubdesk.domain.kpis import quarter_figures
    from hubdesk.domain.quarters import Quarter

    today = today or dt.date.today()
    cache = figures_cache if figures_cache is not None else {}
    out: list[dict] = []
    with db.read() as s:
        targets = s.scalars(select(KpiTarget).where(KpiTarget.program_id == program_id)
                            .order_by(KpiTarget.quarter.is_not(None), KpiTarget.quarter, KpiTarget.id)).all()

        def figures(q: Quarter):
            key = str(q)
            if key not in cache:
                cache[key] = quarter_figures(s, q, today=today)
            return cache[key]

        for t in targets:
            if t.quarter is None:
                q, scope = actuals_quarter(t.year, today), "year"
            else:
                q = Quarter(t.year, t.quarter)
                q, scope = (q if q.start <= today else None), "quarter"
            actual = None
            if q is not None:
                f = figures(q)
                actual = (f.ytd_values if scope == "year" else f.quarter_values).get(t.kpi)
            pct = actual / t.target_value if actual is not None and t.target_value else None
            kdef = KPI_DEFS.get(t.kpi)
            out.append({"id": t.id, "kpi": t.kpi, "unit": kdef.unit if kdef else "count", "year": t.year,
                        "quarter": t.quarter, "target": t.target_value, "actual": actual, "achievement": pct})
    return out
