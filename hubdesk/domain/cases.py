"""Clinical-entry cases: opening, stage moves, supplement requests, review clock and deadlines.

Rules (docs/ARCHITECTURE.md, "Clinical-entry cases"):
- A case follows its pathway's stage template (`case_templates.stage_template`): forward one stage
  at a time; before submission it may go back one stage (a correction); after submission the only
  way back is "supplement requested" → "under review" (`resume_review`).
- Entering "manufacturing readiness" needs the case's manufacturing facility to hold a licence
  valid on the day of the move.
- An ARM case enters "partner hospital designated" and "submitted" only with a partner hospital,
  or with the designation marked pending. IND cases have no such condition.
- Closing needs an outcome: "completed" from "in conduct" only; "withdrawn" and "rejected" from
  any open stage.
- A supplement request stops the review clock, lasts at most SUPPLEMENT_MAX_DAYS (30) days and
  happens at most SUPPLEMENT_MAX_COUNT (two) times.
- Review days run from submission to approval (or closing, or today) minus the stopped days.

Every move is dated (`on`, default today) and may not be dated before the case's last move.
Functions never commit: the caller's `Database.write()` does.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from hubdesk.domain import clock
from hubdesk.db.audit import current_actor
from hubdesk.db.enums import CaseOutcome, CaseStage, Modality, OrgKind, Pathway, RiskLevel
from hubdesk.db.ids import get_row
from hubdesk.db.schema import (CaseDocument, CaseStageChange, ClinicalCase, Facility, Organization,
                               ReviewClockStop, utcnow)
from hubdesk.domain.case_templates import (EVIDENCE_GATE, PRE_SUBMISSION_STAGES, REVIEW_DAYS_TARGET, REVIEW_STAGES,
                                           deadline_title,
                                           display_stages, document_checklist, document_title,
                                           outcome_title, pathway_title, stage_template, stage_title)
from hubdesk.domain.licences import licence_valid
from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.formatting import format_date as _date
from hubdesk.i18n import N_, _, ngettext

#: A supplement extension lasts at most this many days, and a case gets at most this many. The
#: database repeats the count in a CHECK (db/schema/cases.py; a test keeps the two equal).
SUPPLEMENT_MAX_DAYS = 30
SUPPLEMENT_MAX_COUNT = 2

_MAIN_ORDER = {s: i for i, s in enumerate(CaseStage)}  # enum order is the main-line order

_CLOSE_LABELS = {
    CaseOutcome.COMPLETED: N_("Close the case as completed"),
    CaseOutcome.WITHDRAWN: N_("Withdraw the case"),
    CaseOutcome.REJECTED: N_("Close the case as rejected"),
}


def _coerce(enum_cls, value, field: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise DomainError(_("“{value}” is not a valid choice. Choose one from the list.")
                          .format(value=value), field=field) from None


# --- opening ----------------------------------------------------------------------------------

def _check_hospital(session: Session, hospital_id: int | None) -> None:
    if hospital_id is None:
        return
    org = get_row(session, Organization, hospital_id)
    if org is None:
        raise DomainError(_("The partner hospital no longer exists. Choose another hospital."),
                          field="partner_hospital_id")
    if org.kind is not OrgKind.HOSPITAL:
        raise DomainError(_("{name} is not a hospital. Choose a hospital as the partner hospital.")
                          .format(name=org.name), field="partner_hospital_id")


def _check_facility(session: Session, facility_id: int | None) -> None:
    if facility_id is not None and get_row(session, Facility, facility_id) is None:
        raise DomainError(_("The manufacturing facility no longer exists. Choose another facility."),
                          field="manufacturing_facility_id")


def open_case(session: Session, *, organization_id: int, product: str, pathway: Pathway,
              modality: Modality, risk_level: RiskLevel, opened_on: dt.date | None = None,
              partner_hospital_id: int | None = None, manufacturing_facility_id: int | None = None,
              hospital_designation_pending: bool = False, actor: str | None = None) -> ClinicalCase:
    """Open a case at intake, with its pathway's document checklist and the first history row."""
    pathway = _coerce(Pathway, pathway, "pathway")
    modality = _coerce(Modality, modality, "modality")
    risk_level = _coerce(RiskLevel, risk_level, "risk_level")
    product = clean_text(product) or ""
    if not product:
        raise DomainError(_("Give the name of the product the case is about."), field="product")
    require_storable(ClinicalCase, "product", product)
    if get_row(session, Organization, organization_id) is None:
        raise DomainError(_("The organization of the case no longer exists. Choose another organization."),
                          field="organization_id")
    _check_hospital(session, partner_hospital_id)
    _check_facility(session, manufacturing_facility_id)
    opened_on = opened_on or clock.today()
    case = ClinicalCase(
        organization_id=organization_id, product=product, pathway=pathway, modality=modality,
        risk_level=risk_level, opened_on=opened_on, partner_hospital_id=partner_hospital_id,
        hospital_designation_pending=bool(hospital_designation_pending and partner_hospital_id is None),
        manufacturing_facility_id=manufacturing_facility_id, stage=CaseStage.INTAKE,
        supplement_count=0,
    )
    case.documents = [CaseDocument(code=d.code, done=False)
                      for d in document_checklist(pathway, modality, risk_level)]
    case.history = [CaseStageChange(from_stage=None, to_stage=CaseStage.INTAKE, changed_on=opened_on,
                                    changed_by=actor or current_actor())]
    session.add(case)
    session.flush()
    return case


def get_case(session: Session, case_id: int, *, for_update: bool = False) -> ClinicalCase:
    """The case, or DomainError. `for_update` locks its row on PostgreSQL (SQLite's write
    transaction already holds the database lock), so two people moving one case are serialised."""
    case = get_row(session, ClinicalCase, case_id, with_for_update=True if for_update else None)
    if case is None:
        raise DomainError(_("The case no longer exists. Refresh the list and try again."), field="case")
    return case


def set_partner_hospital(session: Session, case_id: int, hospital_id: int | None, *,
                         pending: bool = False) -> ClinicalCase:
    """Designate the partner hospital (clears the pending mark), or clear it and mark it pending."""
    case = get_case(session, case_id, for_update=True)
    _check_hospital(session, hospital_id)
    case.partner_hospital_id = hospital_id
    case.hospital_designation_pending = bool(pending and hospital_id is None)
    return case


def set_manufacturing_facility(session: Session, case_id: int, facility_id: int | None) -> ClinicalCase:
    case = get_case(session, case_id, for_update=True)
    _check_facility(session, facility_id)
    case.manufacturing_facility_id = facility_id
    return case


# --- transitions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    """A move the case could make; `reason` says why not when `allowed` is False."""

    to_stage: CaseStage
    allowed: bool
    reason: str | None = None
    outcome: CaseOutcome | None = None  # for moves to CLOSED

    @property
    def label(self) -> str:
        if self.outcome is not None:
            return _(_CLOSE_LABELS[self.outcome])
        return stage_title(self.to_stage)


def _next_in(template: tuple[CaseStage, ...], stage: CaseStage) -> CaseStage | None:
    later = [s for s in template if _MAIN_ORDER[s] > _MAIN_ORDER[stage]]
    return later[0] if later else None


def _previous_in(template: tuple[CaseStage, ...], stage: CaseStage) -> CaseStage | None:
    earlier = [s for s in template if _MAIN_ORDER[s] < _MAIN_ORDER[stage]]
    return earlier[-1] if earlier else None


def _entry_refusal(case: ClinicalCase, to: CaseStage, on: dt.date) -> str | None:
    """Why the case may not enter `to` on a forward move (None = it may)."""
    if to is CaseStage.MANUFACTURING_READINESS:
        # by id, not the relationship: the id may have been changed in this session
        session = object_session(case)
        fid = case.manufacturing_facility_id
        if fid is None:
            facility = None
        elif session is not None:
            facility = session.get(Facility, fid)
        else:  # a detached case: whatever was loaded with it
            facility = case.manufacturing_facility
        if facility is None:
            return _("Choose the manufacturing facility of the case before confirming manufacturing "
                     "readiness.")
        if facility.licence_expires_on is None:
            return _("The licence expiry of {facility} is not recorded. Record its licence before "
                     "confirming manufacturing readiness.").format(facility=facility.name)
        if not licence_valid(facility, on):
            return _("The licence of {facility} expired on {date}. Manufacturing readiness needs a valid "
                     "licence: renew it or choose another facility.").format(
                facility=facility.name, date=_date(facility.licence_expires_on))
    if to in (CaseStage.HOSPITAL_DESIGNATED, CaseStage.SUBMITTED) and case.pathway is not Pathway.IND:
        if case.partner_hospital_id is None and not case.hospital_designation_pending:
            return _("The case has no designated partner hospital. Designate one, or mark the designation "
                     "as pending, before moving the case to “{stage}”.").format(stage=stage_title(to))
    if to is EVIDENCE_GATE:
        session = object_session(case)
        if session is not None and case.id is not None:
            return missing_evidence_sentence(session, case.id, to)
    return None


def missing_evidence_sentence(session: Session, case_id: int, stage: CaseStage = EVIDENCE_GATE) -> str | None:
    """What the checklist still lacks before the case may enter `stage` (the evidence gate): the items
    that require a document and have none, in a sentence; None when nothing is missing."""
    from hubdesk.domain.documents import missing_evidence

    missing = missing_evidence(session, case_id)
    if not missing:
        return None
    titles = "; ".join(f"“{document_title(d.code)}”" for d in missing)
    return ngettext("{count} checklist item needs a document before the case can move to “{stage}”: "
                    "{items}. Attach it on the checklist.",
                    "{count} checklist items need a document before the case can move to “{stage}”: "
                    "{items}. Attach them on the checklist.",
                    len(missing)).format(count=len(missing), stage=stage_title(stage), items=titles)


def _refusal(case: ClinicalCase, to: CaseStage, outcome: CaseOutcome | None, on: dt.date) -> str | None:
    """Why the case may not move to `to` (with `outcome` when closing) on `on`; None = it may."""
    current = case.stage
    if current is CaseStage.CLOSED:
        return _("The case is closed and cannot move any more. Open a new case instead.")
    if to is CaseStage.CLOSED:
        if outcome is None:
            return _("Choose an outcome to close the case: completed, withdrawn or rejected.")
        if outcome is CaseOutcome.COMPLETED and current is not CaseStage.IN_CONDUCT:
            return _("Only a case in conduct can be closed as completed. Withdraw or reject it instead.")
        return None
    if to is current:
        return _("The case is already at the stage “{stage}”.").format(stage=stage_title(to))
    if to is CaseStage.SUPPLEMENT_REQUESTED:
        if current is not CaseStage.UNDER_REVIEW:
            return _("A supplement can be requested only while the case is under review.")
        if case.supplement_count >= SUPPLEMENT_MAX_COUNT:
            return ngettext("This case has already had {count} supplement request, the most allowed. "
                            "Ask the authority for a decision instead.",
                            "This case has already had {count} supplement requests, the most allowed. "
                            "Ask the authority for a decision instead.",
                            case.supplement_count).format(count=case.supplement_count)
        return None
    if current is CaseStage.SUPPLEMENT_REQUESTED:
        if to is CaseStage.UNDER_REVIEW:
            return None
        return _("The review clock is stopped for a supplement. Resume the review before moving the case "
                 "to “{stage}”.").format(stage=stage_title(to))
    template = stage_template(case.pathway, case.risk_level)
    if to not in template:
        return _("The pathway “{pathway}” has no stage “{stage}”.").format(
            pathway=pathway_title(case.pathway), stage=stage_title(to))
    following = _next_in(template, current)
    if to is following:
        return _entry_refusal(case, to, on)
    if _MAIN_ORDER[to] > _MAIN_ORDER[current]:
        return _("Move the case one stage at a time: after “{current}” comes “{next}”.").format(
            current=stage_title(current), next=stage_title(cast(CaseStage, following)))
    if current not in PRE_SUBMISSION_STAGES:
        return _("A submitted case cannot go back to “{stage}”. Withdraw it and open a new case if it "
                 "must start again.").format(stage=stage_title(to))
    previous = _previous_in(template, current)
    if to is not previous:
        return _("A case goes back one stage at a time: before “{current}” comes “{previous}”.").format(
            current=stage_title(current), previous=stage_title(cast(CaseStage, previous)))
    return None


def allowed_transitions(session_or_case: Session | ClinicalCase,
                        case: ClinicalCase | int | dt.date | None = None,
                        today: dt.date | None = None) -> list[Transition]:
    """Every move of the case's template, allowed or not (with the reason), closing moves last.

    Call it as `allowed_transitions(session, case_or_id, today)` or, with a loaded case,
    `allowed_transitions(case, today)`.
    """
    if isinstance(session_or_case, ClinicalCase):
        if isinstance(case, dt.date):
            today = case
        case = session_or_case
    elif not isinstance(case, ClinicalCase):
        case = get_case(session_or_case, cast(int, case))
    today = today or clock.today()
    out: list[Transition] = []
    for stage in display_stages(case.pathway, case.risk_level):
        if stage is case.stage or stage is CaseStage.CLOSED:
            continue
        reason = _refusal(case, stage, None, today)
        out.append(Transition(stage, reason is None, reason))
    for outcome in CaseOutcome:
        reason = _refusal(case, CaseStage.CLOSED, outcome, today)
        out.append(Transition(CaseStage.CLOSED, reason is None, reason, outcome))
    return out


def _last_change_on(case: ClinicalCase) -> dt.date:
    return max((h.changed_on for h in case.history), default=case.opened_on)


def _check_date(case: ClinicalCase, on: dt.date) -> None:
    last = _last_change_on(case)
    if on < last:
        raise DomainError(_("The move cannot be dated {on}: the case reached its current stage on {last}. "
                            "Choose a date on or after that day.").format(on=_date(on), last=_date(last)),
                          field="on")


def _record(case: ClinicalCase, to: CaseStage, on: dt.date, actor: str | None, note: str | None) -> None:
    case.history.append(CaseStageChange(from_stage=case.stage, to_stage=to, changed_on=on,
                                        changed_by=actor or current_actor(), note=note))
    case.stage = to


def _open_stop(case: ClinicalCase) -> ReviewClockStop | None:
    return next((s for s in reversed(case.clock_stops) if s.resumed_on is None), None)


def move_case(session: Session, case_id: int, to_stage: CaseStage, *, on: dt.date | None = None,
              actor: str | None = None, note: str | None = None, outcome: CaseOutcome | None = None,
              due_on: dt.date | None = None) -> ClinicalCase:
    """Move a case to another stage, or raise DomainError saying why it may not.

    A move to "supplement requested" needs `due_on` (see `request_supplement`); a move back to
    "under review" from it resumes the review (`resume_review`); a move to CLOSED needs `outcome`.
    """
    require_storable(CaseStageChange, "note", note)
    case = get_case(session, case_id, for_update=True)
    to_stage = _coerce(CaseStage, to_stage, "stage")
    outcome = _coerce(CaseOutcome, outcome, "outcome") if outcome is not None else None
    on = on or clock.today()
    if outcome is not None and to_stage is not CaseStage.CLOSED:
        raise DomainError(_("An outcome is given only when the case is closed. Choose “Closed” or leave "
                            "the outcome empty."), field="outcome")
    if to_stage is CaseStage.SUPPLEMENT_REQUESTED and case.stage is CaseStage.UNDER_REVIEW:
        if due_on is None:
            raise DomainError(_("Give the date the supplement is due."), field="due_on")
        return request_supplement(session, case.id, on=on, due_on=due_on, reason=note, actor=actor)
    if to_stage is CaseStage.UNDER_REVIEW and case.stage is CaseStage.SUPPLEMENT_REQUESTED:
        return resume_review(session, case.id, on=on, actor=actor, note=note)
    reason = _refusal(case, to_stage, outcome, on)
    if reason is not None:
        raise DomainError(reason, field="stage", code="case_transition")
    _check_date(case, on)
    if to_stage is CaseStage.CLOSED:
        stop = _open_stop(case)
        if stop is not None:
            stop.resumed_on = on
        case.outcome = outcome
    _record(case, to_stage, on, actor, note)
    if to_stage is CaseStage.SUBMITTED:
        case.submitted_on = on
    elif to_stage is CaseStage.APPROVED:
        case.approved_on = on
    _refresh_deadline(case)
    session.flush()
    return case


# --- supplements and the review clock ---------------------------------------------------------

def request_supplement(session: Session, case_id: int, *, on: dt.date, due_on: dt.date,
                       reason: str | None = None, actor: str | None = None) -> ClinicalCase:
    """The authority asks for a supplement: stop the review clock until the answer, due by `due_on`."""
    require_storable(ReviewClockStop, "reason", reason, field="note")
    case = get_case(session, case_id, for_update=True)
    refusal = _refusal(case, CaseStage.SUPPLEMENT_REQUESTED, None, on)
    if refusal is not None:
        raise DomainError(refusal, field="stage", code="case_transition")
    _check_date(case, on)
    if due_on < on:
        raise DomainError(_("The supplement due date {due} is before the request date {on}. Choose a later "
                            "due date.").format(due=_date(due_on), on=_date(on)), field="due_on")
    days = (due_on - on).days
    if days > SUPPLEMENT_MAX_DAYS:
        latest = on + dt.timedelta(days=SUPPLEMENT_MAX_DAYS)
        raise DomainError(ngettext("A supplement extension lasts at most {most} days, but {due} is {days} day "
                                   "after the request. Choose a due date on or before {latest}.",
                                   "A supplement extension lasts at most {most} days, but {due} is {days} days "
                                   "after the request. Choose a due date on or before {latest}.", days)
                          .format(most=SUPPLEMENT_MAX_DAYS, due=_date(due_on), days=days, latest=_date(latest)),
                          field="due_on")
    case.clock_stops.append(ReviewClockStop(stopped_on=on, due_on=due_on, reason=reason))
    case.supplement_count = (case.supplement_count or 0) + 1
    _record(case, CaseStage.SUPPLEMENT_REQUESTED, on, actor, reason)
    _refresh_deadline(case)
    session.flush()
    return case


def resume_review(session: Session, case_id: int, *, on: dt.date, actor: str | None = None,
                  note: str | None = None) -> ClinicalCase:
    """The supplement was answered: restart the review clock and move back to "under review"."""
    case = get_case(session, case_id, for_update=True)
    if case.stage is not CaseStage.SUPPLEMENT_REQUESTED:
        raise DomainError(_("The review of this case is not stopped for a supplement, so it cannot be "
                            "resumed."), field="stage", code="case_transition")
    _check_date(case, on)
    stop = _open_stop(case)
    if stop is not None:
        stop.resumed_on = on
    _record(case, CaseStage.UNDER_REVIEW, on, actor, note)
    _refresh_deadline(case)
    session.flush()
    return case


@dataclass(frozen=True)
class ReviewClock:
    days_total: int    # calendar days from submission to approval (or closing, or today)
    days_stopped: int  # of which the clock was stopped for supplements
    days_used: int     # days_total - days_stopped


def _closed_on(case: ClinicalCase) -> dt.date | None:
    if case.stage is not CaseStage.CLOSED:
        return None
    return max((h.changed_on for h in case.history if h.to_stage is CaseStage.CLOSED), default=None)


def _clock(submitted: dt.date, end: dt.date, stops) -> ReviewClock:
    """Days from `submitted` to `end` and, of them, those inside (stopped_on, resumed_on or end)."""
    total = max((end - submitted).days, 0)
    stopped = 0
    for stopped_on, resumed_on in stops:
        a = max(stopped_on, submitted)
        b = min(resumed_on or end, end)
        stopped += max((b - a).days, 0)
    stopped = min(stopped, total)
    return ReviewClock(total, stopped, total - stopped)


def review_days(case: ClinicalCase, today: dt.date | None = None) -> ReviewClock:
    """Review time of a case: from submission to approval (or closing, or today), stopped days excluded.

    A case not yet submitted has a clock of zeros.
    """
    if case.submitted_on is None:
        return ReviewClock(0, 0, 0)
    end = case.approved_on or _closed_on(case) or today or clock.today()
    return _clock(case.submitted_on, end, [(s.stopped_on, s.resumed_on) for s in case.clock_stops])


def _refresh_deadline(case: ClinicalCase) -> None:
    """Keep `next_deadline` current: the supplement due date while the clock is stopped, otherwise
    the planned end of the review (submission + REVIEW_DAYS_TARGET review days + stopped days)."""
    if case.stage is CaseStage.SUPPLEMENT_REQUESTED:
        stop = _open_stop(case)
        case.next_deadline = stop.due_on if stop else None
        case.next_deadline_note = "supplement_due" if stop else None
    elif case.stage in REVIEW_STAGES and case.submitted_on is not None:
        stopped = sum((s.resumed_on - max(s.stopped_on, case.submitted_on)).days
                      for s in case.clock_stops if s.resumed_on is not None)
        case.next_deadline = case.submitted_on + dt.timedelta(
            days=REVIEW_DAYS_TARGET[case.pathway] + max(stopped, 0))
        case.next_deadline_note = "review_deadline"
    else:
        case.next_deadline = None
        case.next_deadline_note = None


@dataclass(frozen=True)
class Deadline:
    case_id: int
    product: str
    organization_name: str
    stage: CaseStage
    due_on: dt.date
    note: str | None
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def title(self) -> str:
        return deadline_title(self.note)


def upcoming_deadlines(session: Session, today: dt.date | None = None,
                       within_days: int = 30) -> list[Deadline]:
    """Open cases whose next deadline is within `within_days` days (overdue included), soonest first."""
    today = today or clock.today()
    limit = today + dt.timedelta(days=within_days)
    rows: Any = session.execute(  # next_deadline is not None here
        select(ClinicalCase.id, ClinicalCase.product, Organization.name, ClinicalCase.stage,
               ClinicalCase.next_deadline, ClinicalCase.next_deadline_note)
        .join(Organization, Organization.id == ClinicalCase.organization_id)
        .where(ClinicalCase.stage != CaseStage.CLOSED, ClinicalCase.next_deadline.is_not(None),
               ClinicalCase.next_deadline <= limit)
        .order_by(ClinicalCase.next_deadline, ClinicalCase.id)
    ).all()
    return [Deadline(r[0], r[1], r[2], r[3], r[4], r[5], (r[4] - today).days) for r in rows]


# --- documents --------------------------------------------------------------------------------

def toggle_document(session: Session, case_id: int, code: str, done: bool, *, actor: str | None = None,
                    now: dt.datetime | None = None) -> CaseDocument:
    """Tick (records who and when) or untick (clears them) one item of the case's checklist."""
    case = get_case(session, case_id, for_update=True)
    doc = next((d for d in case.documents if d.code == code), None)
    if doc is None:
        raise DomainError(_("“{document}” is not on the checklist of this case. Refresh the case and try "
                            "again.").format(document=document_title(code)), field="code")
    doc.done = bool(done)
    if done:
        doc.done_by = actor or current_actor()
        doc.done_at = now or utcnow()
    else:
        doc.done_by = None
        doc.done_at = None
    session.flush()
    return doc


def require_document(session: Session, case_id: int, code: str, required: bool) -> CaseDocument:
    """Say whether one checklist item needs an attached document before the case is submitted."""
    case = get_case(session, case_id, for_update=True)
    doc = next((d for d in case.documents if d.code == code), None)
    if doc is None:
        raise DomainError(_("“{document}” is not on the checklist of this case. Refresh the case and try "
                            "again.").format(document=document_title(code)), field="code")
    doc.requires_document = bool(required)
    session.flush()
    return doc


# --- figures for the quarterly KPIs -----------------------------------------------------------

def cases_by_stage(session: Session) -> dict[CaseStage, int]:
    """Number of cases in each stage (every stage present, zero when empty)."""
    counts = dict(session.execute(
        select(ClinicalCase.stage, func.count()).group_by(ClinicalCase.stage)).all())
    return {s: int(counts.get(s, 0)) for s in CaseStage}


def _count_by_pathway(session: Session, column, start: dt.date, end: dt.date) -> dict[Pathway, int]:
    counts = dict(session.execute(
        select(ClinicalCase.pathway, func.count())
        .where(column >= start, column <= end).group_by(ClinicalCase.pathway)).all())
    return {p: int(counts.get(p, 0)) for p in Pathway}


def submissions_in(session: Session, start: dt.date, end: dt.date) -> dict[Pathway, int]:
    """Cases submitted between `start` and `end` (both included), per pathway."""
    return _count_by_pathway(session, ClinicalCase.submitted_on, start, end)


def approvals_in(session: Session, start: dt.date, end: dt.date) -> dict[Pathway, int]:
    """Cases approved between `start` and `end` (both included), per pathway."""
    return _count_by_pathway(session, ClinicalCase.approved_on, start, end)


def median_review_days(session: Session, start: dt.date, end: dt.date,
                       today: dt.date | None = None) -> float | None:
    """Median review days (supplement time excluded) of the cases approved between `start` and
    `end` (both included); None when none was approved. `today` is accepted for symmetry with the
    other figures: an approved case's clock ends at its approval."""
    cases = session.execute(
        select(ClinicalCase.id, ClinicalCase.submitted_on, ClinicalCase.approved_on)
        .where(ClinicalCase.approved_on >= start, ClinicalCase.approved_on <= end,
               ClinicalCase.submitted_on.is_not(None))).all()
    if not cases:
        return None
    ids = [c.id for c in cases]
    stops: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for i in range(0, len(ids), 500):
        for case_id, stopped_on, resumed_on in session.execute(
                select(ReviewClockStop.case_id, ReviewClockStop.stopped_on, ReviewClockStop.resumed_on)
                .where(ReviewClockStop.case_id.in_(ids[i:i + 500]))):
            stops.setdefault(case_id, []).append((stopped_on, resumed_on))
    used = [_clock(c.submitted_on, c.approved_on, stops.get(c.id, ())).days_used for c in cases]
    return float(statistics.median(used))


__all__ = [
    "SUPPLEMENT_MAX_COUNT", "SUPPLEMENT_MAX_DAYS", "Deadline", "ReviewClock", "Transition", "allowed_transitions", "approvals_in", "cases_by_stage",
    "get_case", "median_review_days", "move_case", "open_case", "outcome_title", "request_supplement",
    "resume_review", "review_days", "set_manufacturing_facility", "set_partner_hospital",
    "submissions_in", "toggle_document", "require_document", "missing_evidence_sentence", "upcoming_deadlines",
]
