"""Collect one quarter's figures into plain, JSON-serialisable data (headless).

`gather_quarter()` returns a dict that `hubdesk.reports.quarterly.render_figures()` prints. It lives
in the domain, below the reports, because issuing a quarter (`report_lock`) stores these figures. Nothing in it is
translated: enum values, ISO dates and numbers are stored, so the same figures print in any
language, and an issued quarter's figures (stored by `hubdesk.domain.report_lock`) print the same
way years later. Long lists are capped (the full lists belong in the Excel export) and what was
left out is counted, so totals stay complete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hubdesk.domain import clock
from hubdesk.db.enums import CaseStage, OrgStatus
from hubdesk.db.schema import (Certification, ClinicalCase, Event, Expenditure, Milestone, Organization,
                               Program, Setting)
from hubdesk.domain import usage
from hubdesk.domain.quarters import Quarter

FIGURES_VERSION = 1
APPENDIX_BOOKING_ROWS = 400   # about ten pages
LIST_ROWS = 150               # members, certifications, events, deadlines, late milestones
OPEN_CASE_ROWS = 300

Progress = Callable[[float, str], None]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _val(e) -> str | None:
    return None if e is None else str(getattr(e, "value", e))


def foundation(session: Session) -> dict:
    """The foundation's name and logo path from the Setting rows (None when not set)."""
    rows = dict(session.execute(select(Setting.key, Setting.value)
                                .where(Setting.key.in_(("foundation_name", "foundation_logo")))).all())
    return {"name": rows.get("foundation_name") or None, "logo": rows.get("foundation_logo") or None}


def _capped(rows: list, limit: int) -> dict:
    return {"rows": rows[:limit], "more": max(len(rows) - limit, 0), "total": len(rows)}


# --- summary (KPIs) -------------------------------------------------------------------------

def kpi_figures(session: Session, q: Quarter, today: dt.date) -> dict:
    """`hubdesk.domain.kpis.quarter_figures` as a dict: quarter_values, ytd_values, breakdowns and
    achievement (per target: kpi, scope, actual, target, pct)."""
    from hubdesk.domain import kpis

    return kpis.quarter_figures(session, q, today=today).to_dict()


# --- organizations --------------------------------------------------------------------------

def organizations(session: Session, q: Quarter, k: dict) -> dict:
    in_q = lambda col: (col >= q.start) & (col <= q.end)  # noqa: E731
    new_members = [
        {"name": n, "kind": _val(k), "sector": _val(s), "status": _val(st), "since": _iso(d)}
        for n, k, s, st, d in session.execute(
            select(Organization.name, Organization.kind, Organization.sector, Organization.status,
                   Organization.member_since)
            .where(in_q(Organization.member_since)).order_by(Organization.member_since, Organization.name))]
    attractions = [
        {"name": n, "kind": _val(k), "sector": _val(s), "agreement": _iso(a), "moved_in": _iso(m)}
        for n, k, s, a, m in session.execute(
            select(Organization.name, Organization.kind, Organization.sector,
                   Organization.agreement_signed_on, Organization.moved_in_on)
            .where(or_(in_q(Organization.agreement_signed_on), in_q(Organization.moved_in_on)))
            .order_by(Organization.name))]
    network = ((Organization.status.not_in((OrgStatus.PROSPECT, OrgStatus.INACTIVE)))
               & (or_(Organization.member_since.is_(None), Organization.member_since <= q.end)))

    def counts(col) -> list[list]:
        rows: Any = session.execute(select(col, func.count()).where(network).group_by(col)).all()
        return sorted(([_val(v), int(n)] for v, n in rows), key=lambda r: (-r[1], r[0] or ""))

    certs = [
        {"organization": o, "type": _val(t), "number": num, "issuer": iss, "issued_on": _iso(d)}
        for o, t, num, iss, d in session.execute(
            select(Organization.name, Certification.type, Certification.number, Certification.issuer,
                   Certification.issued_on)
            .join(Organization, Organization.id == Certification.organization_id)
            .where(in_q(Certification.issued_on))
            .order_by(Certification.issued_on, Organization.name))]
    cert_counts = (k["breakdowns"].get("certifications_by_type") or {}).get("quarter") or {}
    return {
        "new_members": _capped(new_members, LIST_ROWS),
        "attractions": _capped(attractions, LIST_ROWS),
        "agreements": k["quarter_values"].get("agreements_signed"),
        "moved_in": k["quarter_values"].get("tenants_moved_in"),
        "by_kind": counts(Organization.kind),
        "by_sector": counts(Organization.sector),
        "by_stage": counts(Organization.growth_stage),
        "certifications": _capped(certs, LIST_ROWS),
        "certifications_by_type": sorted(([t, n] for t, n in cert_counts.items()), key=lambda r: (-r[1], r[0])),
    }


# --- facilities -----------------------------------------------------------------------------

def facilities(session: Session, q: Quarter, as_of: dt.date, k: dict) -> dict:
    from hubdesk.domain.licences import licence_alerts
    from hubdesk.domain.subsidies import subsidy_paid_by_program

    qv = k["quarter_values"]
    util = (k["breakdowns"].get("utilisation_by_resource") or {}).get("quarter") or []
    days = (k["breakdowns"].get("utilisation_days") or {}).get("quarter") or {}
    booked = usage.per_resource(session, q.start, q.end_exclusive)
    empty = {"bookings": 0, "units": 0, "hours": 0.0, "fees": 0}
    rows = []
    for r in util:
        b = booked.get(r["resource_id"], empty)
        rows.append({"resource": r["resource"], "facility": r["facility"], "kind": _val(r["kind"]),
                     "booked_days": r["booked_days"], "bookable_days": r["bookable_days"], "rate": r["rate"],
                     "bookings": b["bookings"], "units": b["units"], "hours": b["hours"], "fees": b["fees"]})
    alerts = [{"facility": a.facility_name, "kind": _val(a.kind), "licence_no": a.licence_no,
               "authority": a.authority, "expires_on": _iso(a.expires_on), "days_left": a.days_left,
               "renewal_due_on": _iso(a.renewal_due_on)} for a in licence_alerts(session, today=as_of)]
    return {
        "resources": rows,
        "booked_days": days.get("booked", 0),
        "bookable_days": days.get("bookable", 0),
        "utilisation": qv.get("utilisation_rate"),
        "bookings": sum(r["bookings"] for r in rows),
        "equipment_hours": qv.get("equipment_hours"),
        "user_companies": qv.get("facility_user_companies"),
        "fee_revenue": qv.get("fee_revenue_krw"),
        "licences": alerts,
        # what programs' facility subsidies paid of the quarter's counted bookings (domain.subsidies)
        "subsidies": [{"program": r["program"], "bookings": r["bookings"], "subsidy_krw": r["subsidy_krw"]}
                      for r in subsidy_paid_by_program(session, q.start, q.end_exclusive)],
    }


# --- clinical entry -------------------------------------------------------------------------

def clinical(session: Session, q: Quarter, as_of: dt.date, k: dict) -> dict:
    from hubdesk.db.enums import Pathway
    from hubdesk.domain import cases, documents

    b = k["breakdowns"]
    by_stage = b.get("cases_by_stage") or {}
    sub, app = b.get("submissions_by_pathway") or {}, b.get("approvals_by_pathway") or {}
    pathways = [{"pathway": p.value, "submissions": (sub.get("quarter") or {}).get(p.value, 0),
                 "approvals": (app.get("quarter") or {}).get(p.value, 0),
                 "submissions_ytd": (sub.get("ytd") or {}).get(p.value, 0),
                 "approvals_ytd": (app.get("ytd") or {}).get(p.value, 0)} for p in Pathway]
    deadlines = [{"organization": d.organization_name, "product": d.product, "stage": _val(d.stage),
                  "due_on": _iso(d.due_on), "note": d.note, "days_left": d.days_left}
                 for d in cases.upcoming_deadlines(session, today=as_of, within_days=30)]
    return {
        "by_stage": [[s.value, int(by_stage.get(s.value, 0))] for s in CaseStage],
        "pathways": pathways,
        "median_review_days": k["quarter_values"].get("median_review_days"),
        "median_review_days_ytd": k["ytd_values"].get("median_review_days"),
        "documents_submitted": documents.submitted_in(session, q.start, q.end),
        "deadlines": _capped(deadlines, LIST_ROWS),
    }


# --- programs -------------------------------------------------------------------------------

def programs(session: Session, q: Quarter, as_of: dt.date, k: dict) -> dict:
    from hubdesk.domain import programs as prog

    counts = {s.value: 0 for s in prog.MilestoneStatus}
    late = []
    for m, pname in session.execute(
            select(Milestone, Program.name).join(Program, Program.id == Milestone.program_id)
            .where(Program.fiscal_year == q.year).order_by(Milestone.due_on, Milestone.id)):
        status = prog.milestone_status(m, today=as_of)
        counts[status.value] += 1
        if status is prog.MilestoneStatus.LATE:
            late.append({"program": pname, "title": m.title, "due_on": _iso(m.due_on), "owner": m.owner,
                         "days_late": (as_of - m.due_on).days})
    execution = (k["breakdowns"].get("budget_by_source") or {}).get("quarter") or {}
    budget = [{"source": src, "budget": e["budget"], "spent": e["spent"], "rate": e["rate"]}
              for src, e in execution.items()]
    on_time = k["quarter_values"].get("milestone_on_time_rate")
    spent_rows = [{"program": name, "funder": _val(funder), "source": _val(src), "amount": int(total),
                   "count": int(n)}
                  for name, funder, src, total, n in session.execute(
                      select(Program.name, Program.funder, Expenditure.source, func.sum(Expenditure.amount_krw),
                             func.count(Expenditure.id))
                      .join(Program, Program.id == Expenditure.program_id)
                      .where(Expenditure.spent_on >= q.start, Expenditure.spent_on <= q.end)
                      .group_by(Program.id, Program.name, Program.funder, Expenditure.source)
                      .order_by(Program.name, Program.id, Expenditure.source))]
    events = [{"name": e.name, "kind": _val(e.kind), "held_on": _iso(e.held_on), "participants": e.participants,
               "buyer_meetings": e.buyer_meetings, "export_consultations": e.export_consultations,
               "export_consultation_krw": e.export_consultation_krw, "export_contracts": e.export_contracts,
               "export_contract_krw": e.export_contract_krw}
              for e in session.scalars(select(Event).where(Event.held_on >= q.start, Event.held_on <= q.end)
                                       .order_by(Event.held_on, Event.name, Event.id))]
    totals = {k: sum(int(e[k] or 0) for e in events)
              for k in ("participants", "buyer_meetings", "export_consultations", "export_consultation_krw",
                        "export_contracts", "export_contract_krw")}
    totals["events"] = len(events)
    return {
        "milestones": counts,
        "on_time_rate": on_time,
        "late": _capped(late, LIST_ROWS),
        "budget": budget,
        "expenditures": spent_rows,
        "expenditure_total": sum(r["amount"] for r in spent_rows),
        "events": _capped(events, LIST_ROWS),
        "event_totals": totals,
    }


# --- appendix -------------------------------------------------------------------------------

def appendix(session: Session, q: Quarter) -> dict:
    rows = usage.bookings_by_org_resource(session, q.start, q.end_exclusive)
    shown = rows[:APPENDIX_BOOKING_ROWS]
    rest = rows[APPENDIX_BOOKING_ROWS:]
    slim = [{k: r[k] for k in ("organization", "resource", "unit", "bookings", "units", "fees")} for r in shown]
    open_cases = [{"organization": o, "product": p, "pathway": _val(pw), "stage": _val(st),
                   "opened_on": _iso(op), "next_deadline": _iso(nd)}
                  for o, p, pw, st, op, nd in session.execute(
                      select(Organization.name, ClinicalCase.product, ClinicalCase.pathway, ClinicalCase.stage,
                             ClinicalCase.opened_on, ClinicalCase.next_deadline)
                      .join(Organization, Organization.id == ClinicalCase.organization_id)
                      .where(ClinicalCase.stage != CaseStage.CLOSED)
                      .order_by(Organization.name, ClinicalCase.opened_on, ClinicalCase.id))]
    return {
        "bookings": {"rows": slim, "more": len(rest),
                     "more_bookings": sum(r["bookings"] for r in rest),
                     "more_units": sum(r["units"] for r in rest),
                     "more_fees": sum(r["fees"] for r in rest),
                     "total_bookings": sum(r["bookings"] for r in rows),
                     "total_units": sum(r["units"] for r in rows),
                     "total_fees": sum(r["fees"] for r in rows)},
        "open_cases": _capped(open_cases, OPEN_CASE_ROWS),
    }


# --- the whole quarter ----------------------------------------------------------------------

def gather_quarter(session: Session, quarter: Quarter | str, *, today: dt.date | None = None,
                   progress: Progress | None = None) -> dict:
    """All figures of the quarterly report as plain data. `today` fixes the clock (what is late,
    what expires soon: judged on the earlier of today and the quarter's last day)."""
    q = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    today = today or clock.today()
    as_of = min(today, q.end)
    step = progress or (lambda _f, _m: None)
    from hubdesk.i18n import _

    figures: dict = {"version": FIGURES_VERSION, "quarter": str(q), "year": q.year, "q": q.quarter,
                     "as_of": as_of.isoformat(), "foundation": foundation(session)}
    step(0.05, _("Collecting the key figures…"))
    k = figures["kpis"] = kpi_figures(session, q, today)
    step(0.25, _("Collecting organizations…"))
    figures["organizations"] = organizations(session, q, k)
    step(0.30, _("Collecting facility use…"))
    figures["facilities"] = facilities(session, q, as_of, k)
    step(0.35, _("Collecting clinical-entry cases…"))
    figures["clinical"] = clinical(session, q, as_of, k)
    step(0.40, _("Collecting programs…"))
    figures["programs"] = programs(session, q, as_of, k)
    step(0.45, _("Collecting the appendix tables…"))
    figures["appendix"] = appendix(session, q)
    return figures
