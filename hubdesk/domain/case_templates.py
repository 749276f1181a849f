"""Stage templates and document checklists of the three clinical-entry pathways.

A template is the ordered list of stages a case of a pathway walks through. The main line is
intake → pre-consultation → manufacturing readiness → partner hospital designated → plan drafting
→ submitted → under review → committee decision → authority approval → approved → in conduct →
closed, with "supplement requested" as a side loop of "under review" (the review clock stops).

- An IND (drug authority) case skips "partner hospital designated" and "committee decision".
- "Authority approval" applies to high-risk advanced regenerative medicine (ARM) cases and to
  every IND; low- and medium-risk ARM cases go from the committee decision straight to approval.

Titles are marked with `N_()` and translated where they are shown (`stage_title()`,
`document_title()`, `pathway_title()`), so a language change needs no reload.
"""

from __future__ import annotations

from dataclasses import dataclass

from hubdesk.db.enums import CaseOutcome, CaseStage, Modality, Pathway, RiskLevel
from hubdesk.i18n import N_, _

_MAIN_LINE: tuple[CaseStage, ...] = (
    CaseStage.INTAKE,
    CaseStage.PRE_CONSULTATION,
    CaseStage.MANUFACTURING_READINESS,
    CaseStage.HOSPITAL_DESIGNATED,
    CaseStage.PLAN_DRAFTING,
    CaseStage.SUBMITTED,
    CaseStage.UNDER_REVIEW,
    CaseStage.COMMITTEE_DECISION,
    CaseStage.AUTHORITY_APPROVAL,
    CaseStage.APPROVED,
    CaseStage.IN_CONDUCT,
    CaseStage.CLOSED,
)

#: Stages a case may sit in before it is submitted (corrections may move it one step back).
PRE_SUBMISSION_STAGES = frozenset({
    CaseStage.INTAKE, CaseStage.PRE_CONSULTATION, CaseStage.MANUFACTURING_READINESS,
    CaseStage.HOSPITAL_DESIGNATED, CaseStage.PLAN_DRAFTING,
})

#: Stages in which the authority (or committee) review is running or stopped.
REVIEW_STAGES = frozenset({
    CaseStage.SUBMITTED, CaseStage.UNDER_REVIEW, CaseStage.SUPPLEMENT_REQUESTED,
    CaseStage.COMMITTEE_DECISION, CaseStage.AUTHORITY_APPROVAL,
})

OPEN_STAGES = frozenset(CaseStage) - {CaseStage.CLOSED}

#: The gate of the document checklist: a case enters this stage only when every checklist item
#: that requires a document has one attached (`CaseDocument.requires_document`).
EVIDENCE_GATE = CaseStage.SUBMITTED

#: Review days (clock running) the foundation plans with after submission, per pathway. These are
#: the foundation's planning targets for chasing the authority, not statutory limits:
#: ARM clinical research and ARM treatment plans go through the review committee (and the drug
#: authority for high risk) — planned at 90 review days; an IND is planned at the drug authority's
#: 30-day review period.
REVIEW_DAYS_TARGET: dict[Pathway, int] = {
    Pathway.ARM_RESEARCH: 90,
    Pathway.ARM_TREATMENT: 90,
    Pathway.IND: 30,
}

_STAGE_TITLES: dict[CaseStage, str] = {
    CaseStage.INTAKE: N_("Intake"),
    CaseStage.PRE_CONSULTATION: N_("Pre-consultation"),
    CaseStage.MANUFACTURING_READINESS: N_("Manufacturing readiness"),
    CaseStage.HOSPITAL_DESIGNATED: N_("Partner hospital designated"),
    CaseStage.PLAN_DRAFTING: N_("Plan drafting"),
    CaseStage.SUBMITTED: N_("Submitted"),
    CaseStage.UNDER_REVIEW: N_("Under review"),
    CaseStage.SUPPLEMENT_REQUESTED: N_("Supplement requested"),
    CaseStage.COMMITTEE_DECISION: N_("Committee decision"),
    CaseStage.AUTHORITY_APPROVAL: N_("Authority approval"),
    CaseStage.APPROVED: N_("Approved"),
    CaseStage.IN_CONDUCT: N_("In conduct"),
    CaseStage.CLOSED: N_("Closed"),
}

_PATHWAY_TITLES: dict[Pathway, str] = {
    Pathway.ARM_RESEARCH: N_("Advanced regenerative medicine clinical research"),
    Pathway.ARM_TREATMENT: N_("Advanced regenerative medicine treatment"),
    Pathway.IND: N_("Investigational new drug (IND)"),
}

_OUTCOME_TITLES: dict[CaseOutcome, str] = {
    CaseOutcome.COMPLETED: N_("Completed"),
    CaseOutcome.WITHDRAWN: N_("Withdrawn"),
    CaseOutcome.REJECTED: N_("Rejected"),
}

_RISK_TITLES: dict[RiskLevel, str] = {
    RiskLevel.LOW: N_("Low risk"),
    RiskLevel.MEDIUM: N_("Medium risk"),
    RiskLevel.HIGH: N_("High risk"),
}

_MODALITY_TITLES: dict[Modality, str] = {
    Modality.CELL_THERAPY: N_("Cell therapy"),
    Modality.GENE_THERAPY: N_("Gene therapy"),
    Modality.TISSUE_ENGINEERING: N_("Tissue engineering"),
    Modality.COMBINED: N_("Combined product"),
}


def stage_title(stage: CaseStage) -> str:
    return _(_STAGE_TITLES[CaseStage(stage)])


def pathway_title(pathway: Pathway) -> str:
    return _(_PATHWAY_TITLES[Pathway(pathway)])


def outcome_title(outcome: CaseOutcome) -> str:
    return _(_OUTCOME_TITLES[CaseOutcome(outcome)])


def risk_title(risk: RiskLevel) -> str:
    return _(_RISK_TITLES[RiskLevel(risk)])


def modality_title(modality: Modality) -> str:
    return _(_MODALITY_TITLES[Modality(modality)])


def needs_authority_approval(pathway: Pathway, risk_level: RiskLevel) -> bool:
    return Pathway(pathway) is Pathway.IND or RiskLevel(risk_level) is RiskLevel.HIGH


def stage_template(pathway: Pathway, risk_level: RiskLevel) -> tuple[CaseStage, ...]:
    """The main line of stages for a pathway and risk level, in order, ending with CLOSED.

    "Supplement requested" is not on the main line: it is a side loop of "under review"
    (see `display_stages()` for the list to show).
    """
    skip: set[CaseStage] = set()
    if Pathway(pathway) is Pathway.IND:
        skip |= {CaseStage.HOSPITAL_DESIGNATED, CaseStage.COMMITTEE_DECISION}
    if not needs_authority_approval(pathway, risk_level):
        skip.add(CaseStage.AUTHORITY_APPROVAL)
    return tuple(s for s in _MAIN_LINE if s not in skip)


def display_stages(pathway: Pathway, risk_level: RiskLevel) -> tuple[CaseStage, ...]:
    """Every stage a case of this pathway can be in, in order (the side loop after "under review")."""
    out: list[CaseStage] = []
    for s in stage_template(pathway, risk_level):
        out.append(s)
        if s is CaseStage.UNDER_REVIEW:
            out.append(CaseStage.SUPPLEMENT_REQUESTED)
    return tuple(out)


# --- document checklists -----------------------------------------------------------------------

_DOCUMENT_TITLES: dict[str, str] = {
    # advanced regenerative medicine (research and treatment)
    "research_plan": N_("Clinical research plan"),
    "treatment_plan": N_("Regenerative medicine treatment plan"),
    "investigator_brochure": N_("Investigator's brochure"),
    "risk_self_assessment": N_("Risk self-assessment of the research or treatment"),
    "cpf_licence": N_("Copy of the cell processing facility licence"),
    "institution_designation": N_("Designation certificate of the regenerative medicine institution"),
    "irb_approval": N_("IRB approval of the partner hospital"),
    "consent_form": N_("Subject information sheet and informed consent form"),
    "manufacturing_quality": N_("Manufacturing and quality control documents of the cell product"),
    "investigator_cv": N_("CV and training record of the principal investigator"),
    "safety_efficacy_evidence": N_("Evidence of safety and efficacy (clinical research results)"),
    "patient_cost_statement": N_("Statement of the costs charged to patients"),
    "follow_up_plan": N_("Long-term follow-up and adverse event reporting plan"),
    "authority_application": N_("Application for approval to the drug authority (high risk)"),
    "biosafety_review": N_("Institutional biosafety committee review (gene-modified product)"),
    # IND to the drug authority
    "ind_application": N_("IND application form"),
    "clinical_protocol": N_("Clinical trial protocol"),
    "cmc_dossier": N_("Quality (CMC) dossier of the investigational product"),
    "nonclinical_reports": N_("Nonclinical study reports (pharmacology and toxicology)"),
    "gmp_certificate": N_("GMP certificate of the manufacturing site"),
    "certificate_of_analysis": N_("Certificate of analysis of the investigational product lot"),
    "site_irb_approval": N_("IRB approval of the trial site"),
}

_ARM_RESEARCH_DOCS = (
    "research_plan", "investigator_brochure", "risk_self_assessment", "cpf_licence",
    "institution_designation", "irb_approval", "consent_form", "manufacturing_quality",
    "investigator_cv",
)
_ARM_TREATMENT_DOCS = (
    "treatment_plan", "safety_efficacy_evidence", "risk_self_assessment", "cpf_licence",
    "institution_designation", "irb_approval", "consent_form", "manufacturing_quality",
    "patient_cost_statement", "follow_up_plan",
)
_IND_DOCS = (
    "ind_application", "clinical_protocol", "investigator_brochure", "cmc_dossier",
    "nonclinical_reports", "gmp_certificate", "certificate_of_analysis", "site_irb_approval",
    "consent_form",
)
_BASE_DOCS: dict[Pathway, tuple[str, ...]] = {
    Pathway.ARM_RESEARCH: _ARM_RESEARCH_DOCS,
    Pathway.ARM_TREATMENT: _ARM_TREATMENT_DOCS,
    Pathway.IND: _IND_DOCS,
}


@dataclass(frozen=True)
class DocumentItem:
    code: str
    msgid: str  # English source text, translated by `title`

    @property
    def title(self) -> str:
        return _(self.msgid)


def document_checklist(pathway: Pathway, modality: Modality | None = None,
                       risk_level: RiskLevel | None = None) -> tuple[DocumentItem, ...]:
    """The documents a case of this pathway must gather, in the order they are usually prepared.

    A high-risk ARM case adds the application to the drug authority; a gene-modified product
    (gene therapy or combined) adds the biosafety committee review.
    """
    codes = list(_BASE_DOCS[Pathway(pathway)])
    if Pathway(pathway) is not Pathway.IND and risk_level is not None \
            and RiskLevel(risk_level) is RiskLevel.HIGH:
        codes.append("authority_application")
    if modality is not None and Modality(modality) in (Modality.GENE_THERAPY, Modality.COMBINED):
        codes.append("biosafety_review")
    return tuple(DocumentItem(c, _DOCUMENT_TITLES[c]) for c in codes)


def document_title(code: str) -> str:
    """The translated title of a checklist item; an unknown code is shown as it is."""
    msgid = _DOCUMENT_TITLES.get(code)
    return _(msgid) if msgid else code


def document_title_in(lang: str, code: str) -> str:
    """The title of a checklist item in the language `lang` (a demo document's title)."""
    from hubdesk.i18n import translate_in

    msgid = _DOCUMENT_TITLES.get(code)
    return translate_in(lang, msgid) if msgid else code


_DEADLINE_TITLES: dict[str, str] = {
    "supplement_due": N_("Supplement due to the authority"),
    "review_deadline": N_("Planned end of the authority review"),
}


def deadline_title(note: str | None) -> str:
    """Translate the key stored in `ClinicalCase.next_deadline_note` (free text is shown as is)."""
    if not note:
        return ""
    msgid = _DEADLINE_TITLES.get(note)
    return _(msgid) if msgid else note
