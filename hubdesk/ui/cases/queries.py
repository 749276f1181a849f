"""What the Clinical entry screens show, read in one session into plain data (no Qt, no rules):
the pipeline board's cards and one case's page. The rules stay in hubdesk.domain.cases; this
module only asks it (allowed_transitions, review_days) while the session is open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hubdesk.domain import clock
from hubdesk.db.enums import CaseOutcome, CaseStage, Pathway, RiskLevel

BOARD_STAGES: tuple[CaseStage, ...] = tuple(s for s in CaseStage if s is not CaseStage.CLOSED)
CARDS_PER_COLUMN = 6  # a column shows the cases longest in their stage first, then "n more"


@dataclass(frozen=True)
class CaseCard:
    case_id: int
    organization: str
    product: str
    pathway: Pathway
    risk_level: RiskLevel
    stage: CaseStage
    days_in_stage: int
    review_days_used: int | None     # None before submission
    review_days_stopped: int
    next_deadline: dt.date | None


@dataclass
class BoardColumn:
    stage: CaseStage
    total: int = 0
    cards: list[CaseCard] = field(default_factory=list)


def load_board(db, *, pathway: Pathway | None = None, risk_level: RiskLevel | None = None,
               today: dt.date | None = None) -> list[BoardColumn]:
    """Open cases by stage (every open stage present), longest in stage first; a column holds its
    first CARDS_PER_COLUMN cards and the count of all. Three statements: the open cases with the
    day each entered its stage, the shown cards' cases with their organization's name, their clock
    stops."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import selectinload

    from hubdesk.db.schema import CaseStageChange, ClinicalCase, Organization
    from hubdesk.domain.cases import review_days

    today = today or clock.today()
    columns = {s: BoardColumn(s) for s in BOARD_STAGES}
    with db.read() as s:
        # the day each case entered its stage: a GROUP BY over every stage change, 0.8-1 ms on huge
        # (2,321 changes, SQLite and PostgreSQL); a correlated max() per open case through
        # ix_case_stage_change_case_id measured slower (PostgreSQL runs it twice, for ORDER BY too)
        entered = (select(CaseStageChange.case_id, func.max(CaseStageChange.changed_on).label("since"))
                   .group_by(CaseStageChange.case_id).subquery())
        c = ClinicalCase
        query = (select(c.id, c.stage, entered.c.since)
                 .outerjoin(entered, entered.c.case_id == c.id)
                 .where(c.stage != CaseStage.CLOSED))
        if pathway is not None:
            query = query.where(c.pathway == pathway)
        if risk_level is not None:
            query = query.where(c.risk_level == risk_level)
        rows = s.execute(query.order_by(func.coalesce(entered.c.since, c.opened_on), c.id)).all()
        counts: dict[CaseStage, int] = {}
        since: dict[int, dt.date | None] = {}
        for case_id, stage, entered_on in rows:
            stage = CaseStage(stage)
            counts[stage] = counts.get(stage, 0) + 1
            if counts[stage] <= CARDS_PER_COLUMN:
                since[case_id] = entered_on
        shown: dict[int, tuple[ClinicalCase, str]] = {}
        ids = list(since)
        for i in range(0, len(ids), 500):
            for case, name in s.execute(select(ClinicalCase, Organization.name)
                                        .join(Organization, Organization.id == ClinicalCase.organization_id)
                                        .where(ClinicalCase.id.in_(ids[i:i + 500]))
                                        .options(selectinload(ClinicalCase.clock_stops))):
                shown[case.id] = (case, name)
        for stage, n in counts.items():
            columns[stage].total = n
        for case_id, entered_on in since.items():  # longest in its stage first
            case, name = shown[case_id]
            review = review_days(case, today) if case.submitted_on is not None else None
            columns[case.stage].cards.append(CaseCard(
                case.id, name, case.product, case.pathway, case.risk_level,
                case.stage, max((today - (entered_on or case.opened_on)).days, 0),
                review.days_used if review else None, review.days_stopped if review else 0, case.next_deadline))
    return [columns[s] for s in BOARD_STAGES]


@dataclass(frozen=True)
class TransitionChoice:
    to_stage: CaseStage
    outcome: CaseOutcome | None
    label: str
    allowed: bool
    reason: str | None


@dataclass
class CasePage:
    case_id: int
    organization: str
    product: str
    pathway: Pathway
    modality: object
    risk_level: RiskLevel
    stage: CaseStage
    outcome: CaseOutcome | None
    opened_on: dt.date
    submitted_on: dt.date | None
    approved_on: dt.date | None
    partner_hospital: str | None
    hospital_pending: bool
    facility: str | None
    authority_ref: str | None
    supplement_count: int
    next_deadline: dt.date | None
    next_deadline_note: str | None
    clock_total: int
    clock_stopped: int
    clock_used: int
    clock_stopped_now: bool
    history: list[dict]
    documents: list[dict]
    stops: list[dict]
    transitions: list[TransitionChoice]
    partner_hospital_id: int | None = None
    facility_id: int | None = None
    version: int = 1            # the row version shown (hubdesk.domain.versions)
    missing_evidence: str | None = None   # what the checklist lacks before submission (a sentence)


def load_case(db, case_id: int, *, today: dt.date | None = None) -> CasePage:
    """Everything the case page shows; transitions are asked while the session is open."""
    from hubdesk.domain import cases as domain
    from hubdesk.domain.case_templates import PRE_SUBMISSION_STAGES

    today = today or clock.today()
    with db.read() as s:
        case = domain.get_case(s, case_id)
        review = domain.review_days(case, today)
        transitions = [TransitionChoice(t.to_stage, t.outcome, t.label, t.allowed, t.reason)
                       for t in domain.allowed_transitions(s, case, today)]
        from hubdesk.domain.accounts import display_names

        names = display_names(s, {h.changed_by for h in case.history})
        history = [{"id": h.id, "changed_on": h.changed_on, "from_stage": h.from_stage, "to_stage": h.to_stage,
                    "changed_by": names.get(h.changed_by, h.changed_by), "note": h.note} for h in case.history]
        files = attachment_counts(s, [d.id for d in case.documents])
        documents = [checklist_row(d, files.get(d.id, 0)) for d in case.documents]
        missing = domain.missing_evidence_sentence(s, case.id) if case.stage in PRE_SUBMISSION_STAGES else None
        stops = [{"id": st.id, "stopped_on": st.stopped_on, "due_on": st.due_on, "resumed_on": st.resumed_on,
                  "reason": st.reason} for st in case.clock_stops]
        return CasePage(
            case.id, case.organization.name, case.product, case.pathway, case.modality, case.risk_level,
            case.stage, case.outcome, case.opened_on, case.submitted_on, case.approved_on,
            case.partner_hospital.name if case.partner_hospital else None,
            bool(case.hospital_designation_pending),
            case.manufacturing_facility.name if case.manufacturing_facility else None,
            case.authority_ref, case.supplement_count or 0, case.next_deadline, case.next_deadline_note,
            review.days_total, review.days_stopped, review.days_used,
            case.stage is CaseStage.SUPPLEMENT_REQUESTED, history, documents, stops, transitions,
            case.partner_hospital_id, case.manufacturing_facility_id, case.version, missing)


def checklist_row(item, files: int) -> dict:
    """One row of the checklist as the page shows it."""
    from hubdesk.domain.case_templates import document_title

    return {"id": item.id, "code": item.code, "title": document_title(item.code), "done": bool(item.done),
            "done_by": item.done_by, "done_at": item.done_at, "requires_document": bool(item.requires_document),
            "files": files}


def attachment_counts(session, item_ids: list[int]) -> dict[int, int]:
    """How many documents (current versions, not removed) each checklist item has."""
    from hubdesk.db.enums import DocumentOwner
    from hubdesk.domain import documents

    counts: dict[int, int] = {}
    for row in documents.current_documents(session, DocumentOwner.CASE_ITEM, item_ids):
        assert row.case_document_id is not None
        counts[row.case_document_id] = counts.get(row.case_document_id, 0) + 1
    return counts
