"""Clinical-entry case rules on real databases (SQLite file; PostgreSQL too for the key ones)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import (CaseOutcome, CaseStage, FacilityKind, Modality, OrgKind, Pathway,
                              RiskLevel)
from hubdesk.db.schema import (CaseDocument, CaseStageChange, ClinicalCase, Facility, Organization,
                               ReviewClockStop)
from hubdesk.domain import cases as C
from hubdesk.domain.case_templates import (REVIEW_DAYS_TARGET, display_stages, document_checklist,
                                           document_title, stage_template)
from hubdesk.errors import DomainError

D0 = dt.date(2026, 3, 2)
S = CaseStage


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def make_world(s, *, licence_expires_on: dt.date | None = dt.date(2030, 1, 1)) -> dict[str, int]:
    company = Organization(name="셀바이오 주식회사", kind=OrgKind.COMPANY)
    hospital = Organization(name="Gangwon University Hospital", kind=OrgKind.HOSPITAL)
    uni = Organization(name="Trường Đại học Y Hà Nội", kind=OrgKind.UNIVERSITY)
    cpf = Facility(name="Cell Processing Facility 1", kind=FacilityKind.CELL_PROCESSING,
                   licence_no="CPF-2024-07", licence_expires_on=licence_expires_on)
    s.add_all([company, hospital, uni, cpf])
    s.flush()
    return {"company": company.id, "hospital": hospital.id, "uni": uni.id, "cpf": cpf.id}


def new_case(s, w, pathway=Pathway.ARM_RESEARCH, risk=RiskLevel.MEDIUM, *, hospital=True, facility=True,
             pending=False, modality=Modality.CELL_THERAPY) -> ClinicalCase:
    return C.open_case(s, organization_id=w["company"], product="자가 연골세포 치료제 CB-101",
                       pathway=pathway, modality=modality, risk_level=risk, opened_on=D0,
                       partner_hospital_id=w["hospital"] if hospital else None,
                       manufacturing_facility_id=w["cpf"] if facility else None,
                       hospital_designation_pending=pending, actor="tester")


def advance_to(s, case, target: CaseStage, start: int = 1) -> int:
    """Walk the case forward along its template to `target`, one day per move; returns the next day."""
    template = stage_template(case.pathway, case.risk_level)
    n = start
    while case.stage is not target:
        nxt = template[template.index(case.stage) + 1]
        C.move_case(s, case.id, nxt, on=day(n), actor="tester")
        n += 1
    return n


def refusal(transitions, stage, outcome=None):
    return next(t for t in transitions if t.to_stage is stage and t.outcome is outcome)


# --- templates ------------------------------------------------------------------------------------

def test_ind_template_skips_hospital_and_committee_and_always_has_authority_approval():
    for risk in RiskLevel:
        t = stage_template(Pathway.IND, risk)
        assert S.HOSPITAL_DESIGNATED not in t and S.COMMITTEE_DECISION not in t
        assert S.AUTHORITY_APPROVAL in t
    arm = stage_template(Pathway.ARM_RESEARCH, RiskLevel.LOW)
    assert S.HOSPITAL_DESIGNATED in arm and S.COMMITTEE_DECISION in arm


@pytest.mark.parametrize("pathway", [Pathway.ARM_RESEARCH, Pathway.ARM_TREATMENT])
def test_authority_approval_only_for_high_risk_arm(pathway):
    assert S.AUTHORITY_APPROVAL in stage_template(pathway, RiskLevel.HIGH)
    assert S.AUTHORITY_APPROVAL not in stage_template(pathway, RiskLevel.MEDIUM)
    assert S.AUTHORITY_APPROVAL not in stage_template(pathway, RiskLevel.LOW)


def test_display_stages_put_the_supplement_loop_after_under_review():
    stages = display_stages(Pathway.IND, RiskLevel.LOW)
    assert stages[stages.index(S.UNDER_REVIEW) + 1] is S.SUPPLEMENT_REQUESTED
    assert stages[0] is S.INTAKE and stages[-1] is S.CLOSED


def test_checklists_per_pathway():
    research = {d.code for d in document_checklist(Pathway.ARM_RESEARCH)}
    assert {"research_plan", "investigator_brochure", "risk_self_assessment", "cpf_licence",
            "irb_approval", "consent_form", "manufacturing_quality"} <= research
    ind = {d.code for d in document_checklist(Pathway.IND)}
    assert {"ind_application", "cmc_dossier", "nonclinical_reports", "clinical_protocol",
            "investigator_brochure", "gmp_certificate"} <= ind
    assert "cpf_licence" not in ind
    treatment = {d.code for d in document_checklist(Pathway.ARM_TREATMENT)}
    assert "treatment_plan" in treatment and "research_plan" not in treatment
    gene_high = {d.code for d in document_checklist(Pathway.ARM_RESEARCH, Modality.GENE_THERAPY,
                                                    RiskLevel.HIGH)}
    assert {"biosafety_review", "authority_application"} <= gene_high
    assert document_title("cmc_dossier") == "Quality (CMC) dossier of the investigational product"
    assert document_title("unknown_code") == "unknown_code"


# --- opening --------------------------------------------------------------------------------------

def test_open_case_creates_checklist_and_first_history_row(any_db):
    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.IND, RiskLevel.HIGH, hospital=False)
        case_id = case.id
    with any_db.read() as s:
        case = s.get(ClinicalCase, case_id)
        assert case.stage is S.INTAKE and case.supplement_count == 0 and case.outcome is None
        assert [d.code for d in case.documents] == [d.code for d in document_checklist(Pathway.IND)]
        assert not any(d.done for d in case.documents)
        assert [(h.from_stage, h.to_stage, h.changed_on, h.changed_by) for h in case.history] == \
            [(None, S.INTAKE, D0, "tester")]


def test_a_product_name_typed_decomposed_is_stored_composed(db):
    """A Vietnamese name pasted in decomposed form (U + combining horn) is stored in NFC, so it is
    found and compared like the same name typed composed."""
    with db.write() as s:
        w = make_world(s)
        case = C.open_case(s, organization_id=w["company"], product="  Thuo\u031b\u0300c U\u031b  ",
                           pathway=Pathway.IND, modality=Modality.CELL_THERAPY, risk_level=RiskLevel.LOW)
        assert case.product == "Thuờc Ư"


def test_open_case_refuses_a_partner_that_is_not_a_hospital_and_an_empty_product(db):
    with db.write() as s:
        w = make_world(s)
        with pytest.raises(DomainError, match="is not a hospital") as exc:
            C.open_case(s, organization_id=w["company"], product="X", pathway=Pathway.ARM_RESEARCH,
                        modality=Modality.CELL_THERAPY, risk_level=RiskLevel.LOW,
                        partner_hospital_id=w["uni"])
        assert exc.value.field == "partner_hospital_id"
        with pytest.raises(DomainError, match="name of the product"):
            C.open_case(s, organization_id=w["company"], product="  ", pathway=Pathway.IND,
                        modality=Modality.CELL_THERAPY, risk_level=RiskLevel.LOW)
        with pytest.raises(DomainError, match="not a valid choice"):
            C.open_case(s, organization_id=w["company"], product="X", pathway="orphan_drug",
                        modality=Modality.CELL_THERAPY, risk_level=RiskLevel.LOW)


# --- walking the templates ------------------------------------------------------------------------

def test_ind_case_walks_its_template_without_hospital_or_committee(any_db):
    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.IND, RiskLevel.LOW, hospital=False)
        n = advance_to(s, case, S.IN_CONDUCT)
        C.move_case(s, case.id, S.CLOSED, on=day(n), outcome=CaseOutcome.COMPLETED)
        case_id = case.id
    with any_db.read() as s:
        case = s.get(ClinicalCase, case_id)
        visited = [h.to_stage for h in case.history]
        assert visited == list(stage_template(Pathway.IND, RiskLevel.LOW))
        assert S.HOSPITAL_DESIGNATED not in visited and S.COMMITTEE_DECISION not in visited
        assert case.submitted_on == day(visited.index(S.SUBMITTED))
        assert case.approved_on == day(visited.index(S.APPROVED))
        assert case.outcome is CaseOutcome.COMPLETED and case.next_deadline is None


def test_ind_case_cannot_be_moved_to_hospital_or_committee_stages(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.IND, hospital=False)
        advance_to(s, case, S.MANUFACTURING_READINESS)
        listed = {t.to_stage for t in C.allowed_transitions(s, case, today=day(5))}
        assert S.HOSPITAL_DESIGNATED not in listed and S.COMMITTEE_DECISION not in listed
        with pytest.raises(DomainError, match="has no stage “Partner hospital designated”"):
            C.move_case(s, case.id, S.HOSPITAL_DESIGNATED, on=day(5))
        C.move_case(s, case.id, S.PLAN_DRAFTING, on=day(5))


def test_low_risk_arm_goes_from_committee_to_approved_and_high_risk_needs_authority(db):
    with db.write() as s:
        w = make_world(s)
        low = new_case(s, w, Pathway.ARM_RESEARCH, RiskLevel.LOW)
        n = advance_to(s, low, S.COMMITTEE_DECISION)
        C.move_case(s, low.id, S.APPROVED, on=day(n))
        high = new_case(s, w, Pathway.ARM_RESEARCH, RiskLevel.HIGH)
        n = advance_to(s, high, S.COMMITTEE_DECISION)
        with pytest.raises(DomainError, match="after “Committee decision” comes “Authority approval”"):
            C.move_case(s, high.id, S.APPROVED, on=day(n))
        C.move_case(s, high.id, S.AUTHORITY_APPROVAL, on=day(n))
        C.move_case(s, high.id, S.APPROVED, on=day(n + 1))
        assert high.approved_on == day(n + 1)


# --- partner hospital condition -------------------------------------------------------------------

def test_submission_needs_a_partner_hospital_or_a_pending_designation(any_db):
    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.ARM_TREATMENT, hospital=False, pending=True)
        n = advance_to(s, case, S.PLAN_DRAFTING)
        case_id = case.id
    with any_db.write() as s:
        C.set_partner_hospital(s, case_id, None, pending=False)
        t = refusal(C.allowed_transitions(s, case_id, today=day(n)), S.SUBMITTED)
        assert not t.allowed and "no designated partner hospital" in t.reason
        with pytest.raises(DomainError, match="no designated partner hospital") as exc:
            C.move_case(s, case_id, S.SUBMITTED, on=day(n))
        assert exc.value.code == "case_transition"
    with any_db.write() as s:
        C.set_partner_hospital(s, case_id, None, pending=True)
        assert refusal(C.allowed_transitions(s, case_id, today=day(n)), S.SUBMITTED).allowed
    with any_db.write() as s:
        case = C.set_partner_hospital(s, case_id, w["hospital"])
        assert case.hospital_designation_pending is False
        C.move_case(s, case_id, S.SUBMITTED, on=day(n))
    with any_db.read() as s:
        case = s.get(ClinicalCase, case_id)
        assert case.stage is S.SUBMITTED and case.submitted_on == day(n)
        assert case.next_deadline == day(n) + dt.timedelta(days=REVIEW_DAYS_TARGET[Pathway.ARM_TREATMENT])


def test_hospital_designated_stage_needs_the_hospital_or_the_pending_mark(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w, hospital=False)
        n = advance_to(s, case, S.MANUFACTURING_READINESS)
        with pytest.raises(DomainError, match="no designated partner hospital"):
            C.move_case(s, case.id, S.HOSPITAL_DESIGNATED, on=day(n))
        C.set_partner_hospital(s, case.id, None, pending=True)
        C.move_case(s, case.id, S.HOSPITAL_DESIGNATED, on=day(n))


def test_ind_is_submitted_without_any_hospital(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.IND, hospital=False)
        advance_to(s, case, S.SUBMITTED)
        assert case.partner_hospital_id is None and not case.hospital_designation_pending


# --- manufacturing readiness and the facility licence ---------------------------------------------

@pytest.mark.parametrize("expires_offset, allowed", [(0, True), (365, True), (-1, False)])
def test_manufacturing_readiness_needs_a_valid_licence(db, expires_offset, allowed):
    move_day = day(2)
    with db.write() as s:
        w = make_world(s, licence_expires_on=move_day + dt.timedelta(days=expires_offset))
        case = new_case(s, w)
        C.move_case(s, case.id, S.PRE_CONSULTATION, on=day(1))
        t = refusal(C.allowed_transitions(s, case, today=move_day), S.MANUFACTURING_READINESS)
        assert t.allowed is allowed
        if allowed:
            assert t.reason is None
            C.move_case(s, case.id, S.MANUFACTURING_READINESS, on=move_day)
            assert case.stage is S.MANUFACTURING_READINESS
        else:
            assert "Cell Processing Facility 1" in t.reason and "expired" in t.reason
            with pytest.raises(DomainError, match="Manufacturing readiness needs a valid licence"):
                C.move_case(s, case.id, S.MANUFACTURING_READINESS, on=move_day)


def test_manufacturing_readiness_needs_a_facility_with_a_recorded_licence(db):
    with db.write() as s:
        w = make_world(s, licence_expires_on=None)
        case = new_case(s, w, facility=False)
        C.move_case(s, case.id, S.PRE_CONSULTATION, on=day(1))
        with pytest.raises(DomainError, match="Choose the manufacturing facility"):
            C.move_case(s, case.id, S.MANUFACTURING_READINESS, on=day(2))
        C.set_manufacturing_facility(s, case.id, w["cpf"])
        with pytest.raises(DomainError, match="licence expiry of Cell Processing Facility 1 is not recorded"):
            C.move_case(s, case.id, S.MANUFACTURING_READINESS, on=day(2))
        s.get(Facility, w["cpf"]).licence_expires_on = day(400)
        case_id = case.id
    with db.read() as s:  # the short form with a loaded case
        case = s.get(ClinicalCase, case_id)
        t = refusal(C.allowed_transitions(case, day(2)), S.MANUFACTURING_READINESS)
        assert t.allowed and t.reason is None
    with db.write() as s:
        C.move_case(s, case_id, S.MANUFACTURING_READINESS, on=day(2))


# --- forbidden moves and their reasons ------------------------------------------------------------

def test_forbidden_transitions_are_listed_with_reasons(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.ARM_RESEARCH, RiskLevel.HIGH)
        n = advance_to(s, case, S.PLAN_DRAFTING)
        ts = C.allowed_transitions(s, case, today=day(n))
        by = {(t.to_stage, t.outcome): t for t in ts}
        assert {t.to_stage for t in ts} == set(display_stages(Pathway.ARM_RESEARCH, RiskLevel.HIGH)) - {
            S.PLAN_DRAFTING}
        assert by[S.SUBMITTED, None].allowed and by[S.SUBMITTED, None].reason is None
        assert by[S.HOSPITAL_DESIGNATED, None].allowed  # one step back before submission
        assert not by[S.PRE_CONSULTATION, None].allowed
        assert "back one stage at a time" in by[S.PRE_CONSULTATION, None].reason
        assert "one stage at a time: after “Plan drafting” comes “Submitted”" in by[S.APPROVED, None].reason
        assert "only while the case is under review" in by[S.SUPPLEMENT_REQUESTED, None].reason
        assert by[S.CLOSED, CaseOutcome.WITHDRAWN].allowed and by[S.CLOSED, CaseOutcome.REJECTED].allowed
        assert "Only a case in conduct" in by[S.CLOSED, CaseOutcome.COMPLETED].reason
        assert all(t.reason for t in ts if not t.allowed)
        assert by[S.CLOSED, CaseOutcome.WITHDRAWN].label == "Withdraw the case"
        # move_case refuses with the same sentence the list shows
        with pytest.raises(DomainError) as exc:
            C.move_case(s, case.id, S.APPROVED, on=day(n))
        assert exc.value.message == by[S.APPROVED, None].reason
        # the allowed backward step works
        C.move_case(s, case.id, S.HOSPITAL_DESIGNATED, on=day(n), note="plan needs a new hospital")
        assert case.history[-1].from_stage is S.PLAN_DRAFTING


def test_a_submitted_case_cannot_go_back(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w)
        n = advance_to(s, case, S.UNDER_REVIEW)
        with pytest.raises(DomainError, match="A submitted case cannot go back to “Submitted”"):
            C.move_case(s, case.id, S.SUBMITTED, on=day(n))
        with pytest.raises(DomainError, match="already at the stage “Under review”"):
            C.move_case(s, case.id, S.UNDER_REVIEW, on=day(n))


def test_a_move_cannot_be_dated_before_the_last_move(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w)
        C.move_case(s, case.id, S.PRE_CONSULTATION, on=day(10))
        with pytest.raises(DomainError, match="Choose a date on or after that day") as exc:
            C.move_case(s, case.id, S.MANUFACTURING_READINESS, on=day(9))
        assert exc.value.field == "on"
        C.move_case(s, case.id, S.MANUFACTURING_READINESS, on=day(10))


# --- closing --------------------------------------------------------------------------------------

def test_closing_needs_an_outcome_and_completed_needs_conduct(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w)
        with pytest.raises(DomainError, match="Choose an outcome"):
            C.move_case(s, case.id, S.CLOSED, on=day(1))
        with pytest.raises(DomainError, match="Only a case in conduct"):
            C.move_case(s, case.id, S.CLOSED, on=day(1), outcome=CaseOutcome.COMPLETED)
        with pytest.raises(DomainError, match="outcome is given only when the case is closed"):
            C.move_case(s, case.id, S.PRE_CONSULTATION, on=day(1), outcome=CaseOutcome.WITHDRAWN)
        C.move_case(s, case.id, S.CLOSED, on=day(1), outcome=CaseOutcome.WITHDRAWN)
        assert case.stage is S.CLOSED and case.outcome is CaseOutcome.WITHDRAWN
        ts = C.allowed_transitions(s, case, today=day(2))
        assert ts and not any(t.allowed for t in ts)
        assert all("closed and cannot move" in t.reason for t in ts)
        with pytest.raises(DomainError, match="closed and cannot move"):
            C.move_case(s, case.id, S.INTAKE, on=day(2))


def test_reject_while_supplement_requested_closes_the_clock_stop(any_db):
    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.IND, hospital=False)
        n = advance_to(s, case, S.UNDER_REVIEW)
        C.request_supplement(s, case.id, on=day(n), due_on=day(n + 20))
        C.move_case(s, case.id, S.CLOSED, on=day(n + 25), outcome=CaseOutcome.REJECTED)
        case_id = case.id
    with any_db.read() as s:
        case = s.get(ClinicalCase, case_id)
        assert case.stage is S.CLOSED and case.outcome is CaseOutcome.REJECTED
        assert case.clock_stops[0].resumed_on == day(n + 25)
        assert case.next_deadline is None
        clock = C.review_days(case, today=day(n + 100))
        submitted = case.submitted_on
        assert clock.days_total == (day(n + 25) - submitted).days  # ends when closed, not today
        assert clock.days_stopped == 25


def test_complete_from_in_conduct(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.ARM_RESEARCH, RiskLevel.LOW)
        n = advance_to(s, case, S.IN_CONDUCT)
        t = refusal(C.allowed_transitions(s, case, today=day(n)), S.CLOSED, CaseOutcome.COMPLETED)
        assert t.allowed
        C.move_case(s, case.id, S.CLOSED, on=day(n), outcome=CaseOutcome.COMPLETED)
        assert case.outcome is CaseOutcome.COMPLETED


# --- supplements and the review clock -------------------------------------------------------------

def test_supplement_lasts_at_most_30_days_and_happens_at_most_twice(any_db):
    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.ARM_RESEARCH)
        n = advance_to(s, case, S.UNDER_REVIEW)
        case_id = case.id
    with any_db.write() as s:
        with pytest.raises(DomainError, match="at most 30 days, but .* is 31 days after") as exc:
            C.request_supplement(s, case_id, on=day(n), due_on=day(n + 31))
        assert exc.value.field == "due_on"
        with pytest.raises(DomainError, match="before the request date"):
            C.request_supplement(s, case_id, on=day(n), due_on=day(n - 1))
        C.request_supplement(s, case_id, on=day(n), due_on=day(n + 30), reason="stability data",
                             actor="pm")
        case = s.get(ClinicalCase, case_id)
        assert case.stage is S.SUPPLEMENT_REQUESTED and case.supplement_count == 1
        assert case.next_deadline == day(n + 30) and case.next_deadline_note == "supplement_due"
        with pytest.raises(DomainError, match="Resume the review before"):
            C.move_case(s, case_id, S.COMMITTEE_DECISION, on=day(n + 5))
        C.resume_review(s, case_id, on=day(n + 10))
        # second request through move_case, which needs the due date
        with pytest.raises(DomainError, match="date the supplement is due"):
            C.move_case(s, case_id, S.SUPPLEMENT_REQUESTED, on=day(n + 12))
        C.move_case(s, case_id, S.SUPPLEMENT_REQUESTED, on=day(n + 12), due_on=day(n + 20))
        C.move_case(s, case_id, S.UNDER_REVIEW, on=day(n + 15))  # resumes through move_case
        t = refusal(C.allowed_transitions(s, case_id, today=day(n + 16)), S.SUPPLEMENT_REQUESTED)
        assert not t.allowed and "already had 2 supplement requests" in t.reason
        with pytest.raises(DomainError, match="already had 2 supplement requests"):
            C.request_supplement(s, case_id, on=day(n + 16), due_on=day(n + 20))
    with any_db.read() as s:
        case = s.get(ClinicalCase, case_id)
        assert case.supplement_count == 2 and case.stage is S.UNDER_REVIEW
        assert [(c.stopped_on, c.due_on, c.resumed_on) for c in case.clock_stops] == [
            (day(n), day(n + 30), day(n + 10)), (day(n + 12), day(n + 20), day(n + 15))]
        assert case.clock_stops[0].reason == "stability data"
        # the planned review end moved by the 13 stopped days
        assert case.next_deadline == case.submitted_on + dt.timedelta(days=90 + 13)
        assert case.next_deadline_note == "review_deadline"


def test_supplement_only_under_review_and_resume_only_when_stopped(db):
    with db.write() as s:
        w = make_world(s)
        case = new_case(s, w)
        n = advance_to(s, case, S.SUBMITTED)
        with pytest.raises(DomainError, match="only while the case is under review"):
            C.request_supplement(s, case.id, on=day(n), due_on=day(n + 10))
        with pytest.raises(DomainError, match="not stopped for a supplement"):
            C.resume_review(s, case.id, on=day(n))
        assert s.scalar(select(func.count()).select_from(ReviewClockStop)) == 0


def test_review_days_exclude_two_clock_stops(any_db):
    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.IND, hospital=False)
        n = advance_to(s, case, S.SUBMITTED)
        submitted = day(n - 1)
        assert case.submitted_on == submitted
        C.move_case(s, case.id, S.UNDER_REVIEW, on=submitted + dt.timedelta(days=2))
        C.request_supplement(s, case.id, on=submitted + dt.timedelta(days=10),
                             due_on=submitted + dt.timedelta(days=30))
        C.resume_review(s, case.id, on=submitted + dt.timedelta(days=20))             # 10 days stopped
        C.request_supplement(s, case.id, on=submitted + dt.timedelta(days=40),
                             due_on=submitted + dt.timedelta(days=50))
        # while stopped, the clock counts the open stop up to today
        clock = C.review_days(case, today=submitted + dt.timedelta(days=43))
        assert clock == C.ReviewClock(43, 13, 30)
        C.resume_review(s, case.id, on=submitted + dt.timedelta(days=45))             # 5 days stopped
        C.move_case(s, case.id, S.AUTHORITY_APPROVAL, on=submitted + dt.timedelta(days=60))
        C.move_case(s, case.id, S.APPROVED, on=submitted + dt.timedelta(days=70))
        case_id = case.id
    with any_db.read() as s:
        case = s.get(ClinicalCase, case_id)
        clock = C.review_days(case, today=submitted + dt.timedelta(days=500))
        assert clock == C.ReviewClock(days_total=70, days_stopped=15, days_used=55)
        assert C.median_review_days(s, submitted, submitted + dt.timedelta(days=100)) == 55.0


def test_review_clock_of_an_unsubmitted_case_is_zero(db):
    with db.write() as s:
        case = new_case(s, make_world(s))
        assert C.review_days(case, today=day(30)) == C.ReviewClock(0, 0, 0)


# --- deadlines ------------------------------------------------------------------------------------

def test_upcoming_deadlines(db):
    with db.write() as s:
        w = make_world(s)
        ind = new_case(s, w, Pathway.IND, hospital=False)
        n = advance_to(s, ind, S.SUBMITTED)             # review deadline submitted + 30
        arm = new_case(s, w, Pathway.ARM_RESEARCH)
        m = advance_to(s, arm, S.UNDER_REVIEW)
        C.request_supplement(s, arm.id, on=day(m), due_on=day(m + 7))
        far = new_case(s, w, Pathway.ARM_TREATMENT)
        advance_to(s, far, S.SUBMITTED)                 # review deadline submitted + 90
        closed = new_case(s, w, Pathway.IND, hospital=False)
        k = advance_to(s, closed, S.SUBMITTED)
        C.move_case(s, closed.id, S.CLOSED, on=day(k), outcome=CaseOutcome.WITHDRAWN)
        today = day(m + 10)                              # the supplement is 3 days overdue
        got = C.upcoming_deadlines(s, today, within_days=30)
        assert [d.case_id for d in got] == [arm.id, ind.id]
        assert got[0].overdue and got[0].days_left == -3 and got[0].title == "Supplement due to the authority"
        assert got[1].due_on == ind.submitted_on + dt.timedelta(days=30)
        assert got[1].title == "Planned end of the authority review"
        assert got[1].organization_name == "셀바이오 주식회사"
        assert far.id in [d.case_id for d in C.upcoming_deadlines(s, today, within_days=120)]


# --- documents ------------------------------------------------------------------------------------

def test_toggle_document_records_who_and_when(any_db):
    now = dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.timezone.utc)
    with any_db.write() as s:
        case = new_case(s, make_world(s))
        C.toggle_document(s, case.id, "irb_approval", True, actor="kim", now=now)
        C.toggle_document(s, case.id, "consent_form", True, actor="lee", now=now)
        C.toggle_document(s, case.id, "consent_form", False, actor="lee", now=now)
        with pytest.raises(DomainError, match="not on the checklist"):
            C.toggle_document(s, case.id, "gmp_certificate", True, actor="kim")
        case_id = case.id
    with any_db.read() as s:
        docs = {d.code: d for d in s.scalars(select(CaseDocument).where(CaseDocument.case_id == case_id))}
        assert (docs["irb_approval"].done, docs["irb_approval"].done_by, docs["irb_approval"].done_at) == \
            (True, "kim", now)
        assert (docs["consent_form"].done, docs["consent_form"].done_by, docs["consent_form"].done_at) == \
            (False, None, None)


# --- figures for the KPIs -------------------------------------------------------------------------

def test_kpi_helpers(any_db):
    with any_db.write() as s:
        w = make_world(s)
        a = new_case(s, w, Pathway.IND, hospital=False)
        advance_to(s, a, S.APPROVED)                          # submitted day 4, approved day 7
        b = new_case(s, w, Pathway.ARM_RESEARCH, RiskLevel.LOW)
        advance_to(s, b, S.UNDER_REVIEW)                      # submitted day 5
        c = new_case(s, w, Pathway.ARM_RESEARCH, RiskLevel.LOW)
        n = advance_to(s, c, S.UNDER_REVIEW)                  # submitted day 5
        C.request_supplement(s, c.id, on=day(n), due_on=day(n + 10))
        C.resume_review(s, c.id, on=day(n + 4))
        C.move_case(s, c.id, S.COMMITTEE_DECISION, on=day(n + 5))
        C.move_case(s, c.id, S.APPROVED, on=day(n + 9))
        assert (a.submitted_on, a.approved_on) == (day(4), day(7))     # 3 review days
        assert (c.submitted_on, c.approved_on) == (day(5), day(16))    # 11 days, 4 stopped
        assert C.review_days(c) == C.ReviewClock(11, 4, 7)
        new_case(s, w, Pathway.ARM_TREATMENT)
    with any_db.read() as s:
        by_stage = C.cases_by_stage(s)
        assert set(by_stage) == set(CaseStage)
        assert by_stage[S.APPROVED] == 2 and by_stage[S.UNDER_REVIEW] == 1 and by_stage[S.INTAKE] == 1
        assert sum(by_stage.values()) == 4
        assert C.submissions_in(s, day(0), day(30)) == {Pathway.IND: 1, Pathway.ARM_RESEARCH: 2,
                                                       Pathway.ARM_TREATMENT: 0}
        assert C.submissions_in(s, day(5), day(5)) == {Pathway.IND: 0, Pathway.ARM_RESEARCH: 2,
                                                      Pathway.ARM_TREATMENT: 0}
        assert C.approvals_in(s, day(0), day(30)) == {Pathway.IND: 1, Pathway.ARM_RESEARCH: 1,
                                                     Pathway.ARM_TREATMENT: 0}
        assert C.median_review_days(s, day(0), day(30)) == 5.0        # median of 3 and 7
        assert C.median_review_days(s, day(7), day(7)) == 3.0
        assert C.median_review_days(s, day(100), day(200)) is None
        history_rows = s.scalar(select(func.count()).select_from(CaseStageChange))
        assert history_rows > 4


# --- two people at once -----------------------------------------------------------------------------

def test_two_people_requesting_a_supplement_at_once_make_one_request(any_db):
    """The case row is locked for a move (FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite):
    the second request waits for the first to commit and then sees the stopped clock."""
    import threading
    import time

    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w, Pathway.IND, hospital=False)
        n = advance_to(s, case, S.UNDER_REVIEW)
        case_id = case.id
    first_holds_lock = threading.Event()
    results: dict[str, object] = {}

    def first():
        with any_db.write() as s:
            C.request_supplement(s, case_id, on=day(n), due_on=day(n + 10), actor="first")
            first_holds_lock.set()
            time.sleep(0.5)
        results["first"] = "ok"

    def second():
        first_holds_lock.wait(5)
        try:
            with any_db.write() as s:
                C.request_supplement(s, case_id, on=day(n), due_on=day(n + 20), actor="second")
            results["second"] = "ok"
        except DomainError as exc:
            results["second"] = exc.message

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert results["first"] == "ok"
    assert "already at the stage “Supplement requested”" in results["second"]
    with any_db.read() as s:
        case = s.get(ClinicalCase, case_id)
        assert case.supplement_count == 1 and len(case.clock_stops) == 1
        assert case.clock_stops[0].due_on == day(n + 10)
