"""What the Programs screen shows, read into plain data (no Qt, no rules of its own): the list of
programs with their execution, one program's page (budget lines, execution by source and by cost
item, expenditures, participants, milestones, events), its KPI targets, and the records the editor
dialogs start from. Statuses, rates and achievement come from hubdesk.domain (programs, budgets,
milestones, kpis)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hubdesk.domain import clock
from hubdesk.db.enums import FundingSource


def load_programs(db) -> list[dict]:
    """Every program, newest fiscal year first, with its budget, spend and execution rate."""
    with db.read() as s:
        return [_program_row(p, budget, spent) for p, budget, spent in _programs(s)]


def _programs(s):
    from hubdesk.domain.budgets import programs_with_totals

    return programs_with_totals(s)


def _program_row(p, budget: int, total: int) -> dict:
    return {"id": p.id, "name": p.name, "name_en": p.name_en, "funder": p.funder,
            "fiscal_year": p.fiscal_year, "years": _years_text(p.fiscal_year, p.last_fiscal_year),
            "status": p.status, "budget_krw": budget, "spent_krw": total,
            "rate": total / budget if budget else None, "manager": p.manager}


def load_area(db, program_id: int | None, *, today: dt.date | None = None) -> tuple[list[dict], ProgramPage | None]:
    """What the area shows on opening (or after a change), in one read transaction: the programs
    with their budget and spend, and the page of program `program_id` (the first one when it is
    None or gone; None when there are no programs). The page's program is the list's row, read
    once (three statements in all)."""
    with db.read() as s:
        programs = _programs(s)
        rows = [_program_row(p, budget, spent) for p, budget, spent in programs]
        chosen = next((p for p, _b, _s in programs if p.id == program_id), programs[0][0] if programs else None)
        return rows, (_page(s, chosen, today or clock.today()) if chosen is not None else None)


def _years_text(first: int, last: int | None) -> str:
    return f"{first}–{last}" if last and last != first else str(first)


@dataclass
class ProgramPage:
    program_id: int
    name: str
    funder: object
    fiscal_year: int
    manager: str | None
    description: str | None
    execution: dict[FundingSource, object]          # domain Execution per source
    years: list[int] = field(default_factory=list)
    last_fiscal_year: int | None = None
    status: object = None
    name_en: str | None = None
    by_category: list[dict] = field(default_factory=list)   # cost item, budget, spent, rate
    budget_lines: list[dict] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
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
    """The program's page as it opens: its fields, budget lines with their spend, execution by
    source and by cost item, and milestones (with derived status; the timeline draws them). Its
    other tabs are read when they are first shown (`load_tab`), its KPI targets by `load_targets`."""
    from hubdesk.domain import programs as domain

    with db.read() as s:
        return _page(s, domain.get_program(s, program_id), today or clock.today())


def _page(s, p, today: dt.date) -> ProgramPage:
    from sqlalchemy import select

    from hubdesk.db.schema import Milestone
    from hubdesk.domain import programs as domain
    from hubdesk.domain.budgets import program_budget

    budget = program_budget(s, p.id)
    page = ProgramPage(p.id, p.name, p.funder, p.fiscal_year, p.manager, p.description, budget.by_source,
                       years=list(p.years), last_fiscal_year=p.last_fiscal_year, status=p.status, name_en=p.name_en)
    for category, e in budget.by_category.items():
        page.by_category.append({"id": len(page.by_category) + 1, "category": category, "budget_krw": e.budget,
                                 "spent_krw": e.spent, "rate": e.rate})
    for line, spent in budget.lines:
        page.budget_lines.append({"id": line.id, "fiscal_year": line.fiscal_year, "source": line.source,
                                  "category": line.category, "amount_krw": line.amount_krw,
                                  "spent_krw": spent, "rate": spent / line.amount_krw if line.amount_krw
                                  else None, "note": line.note})
    for m in s.scalars(select(Milestone).where(Milestone.program_id == p.id).order_by(Milestone.due_on, Milestone.id)):
        page.milestones.append({"id": m.id, "title": m.title, "due_on": m.due_on, "started_on": m.started_on,
                                "done_on": m.done_on, "owner": m.owner, "status": domain.milestone_status(m, today)})
    year_quarter = actuals_quarter(p.fiscal_year, today)
    page.figures_quarter = str(year_quarter) if year_quarter else None
    return page


# the tabs of a program's page read when first shown (the Budget tab and the milestones come with
# the page: the execution bars and the timeline show them at once)
TAB_READS = ("expenditures", "participants", "events", "subsidies")


def load_tab(db, program_id: int, key: str) -> list[dict]:
    """The rows of the program's tab `key` (one of `TAB_READS`): one statement."""
    with db.read() as s:
        return _TAB_READERS[key](s, program_id)


def _expenditures(s, program_id: int) -> list[dict]:
    from sqlalchemy import select

    from hubdesk.db.schema import Expenditure

    return [{"id": e.id, "spent_on": e.spent_on, "source": e.source, "amount_krw": e.amount_krw,
             "category": e.category, "description": e.description, "budget_line_id": e.budget_line_id,
             "fiscal_year": e.spent_on.year}
            for e in s.scalars(select(Expenditure).where(Expenditure.program_id == program_id)
                               .order_by(Expenditure.spent_on.desc(), Expenditure.id.desc()))]


def _participants(s, program_id: int) -> list[dict]:
    from hubdesk.domain.participants import participants_of

    return [{"id": part.id, "organization": org.name, "organization_id": org.id, "role": part.role,
             "joined_on": part.joined_on, "left_on": part.left_on, "note": part.note}
            for part, org in participants_of(s, program_id)]


def _events(s, program_id: int) -> list[dict]:
    from sqlalchemy import func, select

    from hubdesk.db.schema import Event, EventParticipant

    # the organizations that took part, counted with the events (not one statement per event)
    attended = (select(func.count(EventParticipant.id)).where(EventParticipant.event_id == Event.id)
                .correlate(Event).scalar_subquery())
    return [{"id": ev.id, "name": ev.name, "kind": ev.kind, "held_on": ev.held_on, "location": ev.location,
             "participants": ev.participants, "organizations": organizations or 0,
             "buyer_meetings": ev.buyer_meetings, "export_contracts": ev.export_contracts,
             "export_contract_krw": ev.export_contract_krw}
            for ev, organizations in s.execute(select(Event, attended).where(Event.program_id == program_id)
                                               .order_by(Event.held_on.desc(), Event.id))]


def load_targets(db, program_id: int | None, fiscal_year: int | None, *, today: dt.date | None = None,
                 figures_cache: dict | None = None) -> list[dict]:
    """The program's KPI targets (the foundation's own with `program_id` None) with the foundation's actual figure and actual ÷ target: annual
    targets against the year to date (`actuals_quarter`), quarter targets against their quarter
    (None for a quarter not begun). `figures_cache` keeps each quarter's figures between calls."""
    from sqlalchemy import select

    from hubdesk.db.schema import KpiTarget
    from hubdesk.domain.kpi_codes import KPI_DEFS
    from hubdesk.domain.kpis import quarter_figures
    from hubdesk.domain.quarters import Quarter

    today = today or clock.today()
    cache = figures_cache if figures_cache is not None else {}
    out: list[dict] = []
    with db.read() as s:
        owner = KpiTarget.program_id.is_(None) if program_id is None else KpiTarget.program_id == program_id
        targets = s.scalars(select(KpiTarget).where(owner)
                            .order_by(KpiTarget.year.desc(), KpiTarget.quarter.is_not(None), KpiTarget.quarter,
                                      KpiTarget.id)).all()

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


# --- what the editor dialogs start from ---------------------------------------------------------

def load_program_record(db, program_id: int) -> dict:
    """A program's own fields, for its dialog."""
    from hubdesk.domain.programs import get_program

    with db.read() as s:
        p = get_program(s, program_id)
        return {"id": p.id, "version": p.version, "name": p.name, "name_en": p.name_en, "funder": p.funder, "fiscal_year": p.fiscal_year,
                "last_fiscal_year": p.last_fiscal_year, "starts_on": p.starts_on, "ends_on": p.ends_on,
                "manager": p.manager, "status": p.status, "description": p.description}


def load_record(db, kind: str, record_id: int) -> dict:
    """One budget line, expenditure, participant, milestone or KPI target as a mapping of its columns."""
    from hubdesk.db.schema import BudgetLine, Expenditure, KpiTarget, Milestone, Participant
    from hubdesk.errors import DomainError
    from hubdesk.i18n import _

    table = {"budget_line": BudgetLine, "expenditure": Expenditure, "participant": Participant,
             "milestone": Milestone, "kpi_target": KpiTarget}[kind]
    with db.read() as s:
        row = s.get(table, record_id)
        if row is None:
            raise DomainError(_("This record no longer exists. Refresh the list."), code="not_found")
        return {c.key: getattr(row, c.key) for c in table.__mapper__.column_attrs}


def _subsidies(s, program_id: int) -> list[dict]:
    """The program's facility subsidies with the resources they are limited to (one statement)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from hubdesk.db.schema import FacilitySubsidy, SubsidyResource
    from hubdesk.domain.subsidies import describe

    rows = []
    for sub in s.scalars(select(FacilitySubsidy).where(FacilitySubsidy.program_id == program_id)
                         .options(selectinload(FacilitySubsidy.resources).joinedload(SubsidyResource.resource))
                         .order_by(FacilitySubsidy.valid_from, FacilitySubsidy.id)):
        rows.append({"id": sub.id, "kind": sub.kind, "value": sub.value, "period": sub.period,
                     "what": describe(sub), "valid_from": sub.valid_from, "valid_to": sub.valid_to,
                     "resources": ", ".join(sorted(r.resource.code or r.resource.name for r in sub.resources)),
                     "note": sub.note})
    return rows


def load_subsidy(db, subsidy_id: int) -> dict:
    """A facility subsidy's columns and the ids of the resources it is limited to."""
    from hubdesk.db.schema import FacilitySubsidy
    from hubdesk.errors import DomainError
    from hubdesk.i18n import _

    with db.read() as s:
        row = s.get(FacilitySubsidy, subsidy_id)
        if row is None:
            raise DomainError(_("This record no longer exists. Refresh the list."), code="not_found")
        values = {c.key: getattr(row, c.key) for c in FacilitySubsidy.__mapper__.column_attrs}
        values["resource_ids"] = [r.resource_id for r in row.resources]
        return values


def load_resource_choices(db) -> list[tuple[int, str]]:
    """(id, "name (code) · facility") of every resource that is not retired."""
    from sqlalchemy import select

    from hubdesk.db.enums import ResourceStatus
    from hubdesk.db.schema import Facility, Resource

    with db.read() as s:
        return [(rid, f"{name} ({code}) · {facility}" if code else f"{name} · {facility}")
                for rid, name, code, facility in s.execute(
                    select(Resource.id, Resource.name, Resource.code, Facility.name)
                    .join(Facility, Facility.id == Resource.facility_id)
                    .where(Resource.status != ResourceStatus.RETIRED).order_by(Facility.name, Resource.name))]


def load_event(db, event_id: int) -> dict:
    """An event's fields with the ids of the organizations that took part."""
    from hubdesk.domain.events import get_event

    with db.read() as s:
        ev = get_event(s, event_id)
        values = {c.key: getattr(ev, c.key) for c in type(ev).__mapper__.column_attrs}
        values["attendees"] = [a.organization_id for a in ev.attendees]
        return values


def load_organization_choices(db) -> list[tuple[int, str]]:
    """(id, name) of the organizations one can pick, by name. Organizations have no archived flag,
    so every organization is offered."""
    from sqlalchemy import select

    from hubdesk.db.schema import Organization

    with db.read() as s:
        return [(oid, name) for oid, name in s.execute(select(Organization.id, Organization.name)
                                                          .order_by(Organization.name, Organization.id))]


def load_budget_line_choices(db, program_id: int) -> list[dict]:
    """The program's budget lines (id, year, source, cost item, amount) for the expenditure form."""
    from hubdesk.domain.budgets import budget_lines

    with db.read() as s:
        return [{"id": l.id, "fiscal_year": l.fiscal_year, "source": l.source, "category": l.category,
                 "amount_krw": l.amount_krw} for l in budget_lines(s, program_id)]


_TAB_READERS = {"expenditures": _expenditures, "participants": _participants, "events": _events,
                "subsidies": _subsidies}
