"""Demo clinical-entry cases: every stage of every pathway, with stage history, review-clock stops and
document checklists (templates from `hubdesk.domain.case_templates`)."""

from __future__ import annotations

import datetime as dt
import random

from hubdesk.db.enums import CaseStage, Modality, Pathway, RiskLevel
from hubdesk.demo.context import Context
from hubdesk.domain.case_templates import (REVIEW_DAYS_TARGET, display_stages, document_checklist,
                                           stage_template)
from hubdesk.domain.cases import SUPPLEMENT_MAX_DAYS

S = CaseStage
# the checklist items whose evidence the foundation requires before the gate, once they are ticked
REQUIRED_ITEMS = frozenset({"research_plan", "treatment_plan", "irb_approval", "clinical_protocol",
                            "ind_application", "gmp_certificate", "site_irb_approval"})
_STAFF = ("임상진입지원팀 정하은", "임상진입지원팀 오승우", "바이오혁신센터 한지원")
_PRODUCTS = (
    ("HB-MSC01", "지방유래 중간엽줄기세포", Modality.CELL_THERAPY),
    ("HB-NK02", "자가 NK 세포치료제", Modality.CELL_THERAPY),
    ("HB-CHON", "자가 연골세포 치료제", Modality.TISSUE_ENGINEERING),
    ("HB-CART", "CAR-T 세포치료제", Modality.GENE_THERAPY),
    ("HB-EXO", "줄기세포 유래 엑소좀 복합제", Modality.COMBINED),
    ("HB-DERM", "동종 피부각질세포 시트", Modality.TISSUE_ENGINEERING),
    ("HB-KER", "제대혈 유래 줄기세포 치료제", Modality.CELL_THERAPY),
    ("HB-AAV", "AAV 유전자치료제", Modality.GENE_THERAPY),
)
_WITHDRAW_AT = (S.PRE_CONSULTATION, S.MANUFACTURING_READINESS, S.PLAN_DRAFTING)


def _path_to(template: tuple[CaseStage, ...], target: CaseStage, outcome: str | None,
             rng: random.Random) -> tuple[list[CaseStage], int]:
    """The stages a case walked through to reach `target` (supplement loops included) and its
    supplement count."""
    supplements = 0
    path: list[CaseStage] = []
    if target is S.CLOSED:
        if outcome == "completed":
            stop = S.IN_CONDUCT
        elif outcome == "rejected":
            stop = S.COMMITTEE_DECISION if S.COMMITTEE_DECISION in template else S.UNDER_REVIEW
        else:
            stop = rng.choice(_WITHDRAW_AT)
        inner, supplements = _path_to(template, stop, None, rng)
        return inner + [S.CLOSED], supplements
    if target is S.SUPPLEMENT_REQUESTED:
        inner, _n = _path_to(template, S.UNDER_REVIEW, None, rng)
        inner = inner[: inner.index(S.UNDER_REVIEW) + 1]
        supplements = rng.randint(1, 2)
        for i in range(supplements):
            inner.append(S.SUPPLEMENT_REQUESTED)
            if i < supplements - 1:
                inner.append(S.UNDER_REVIEW)
        return inner, supplements
    for stage in template:
        path.append(stage)
        if stage is S.UNDER_REVIEW and target is not S.UNDER_REVIEW and rng.random() < 0.5:
            supplements = rng.randint(1, 2)
            for _i in range(supplements):
                path += [S.SUPPLEMENT_REQUESTED, S.UNDER_REVIEW]
        if stage is target:
            break
    return path, supplements


def build(ctx: Context) -> None:
    rng = ctx.rng("cases")
    applicants = [o for o in ctx.companies() if o.sector in ("regenerative_medicine", "bio")] or ctx.companies()
    hospitals = ctx.kind("hospital")
    facilities = [ctx.facilities["cpf"], ctx.facilities["cpf2"]]
    seq = 0
    for pathway in Pathway:
        for target in display_stages(pathway, RiskLevel.HIGH):
            outcomes = ("completed", "withdrawn", "rejected") if target is S.CLOSED else (None,)
            for outcome in outcomes:
                for _n in range(ctx.size.cases_per_stage):
                    seq += 1
                    if target is S.AUTHORITY_APPROVAL or pathway is Pathway.IND:
                        risk = RiskLevel.HIGH if pathway is not Pathway.IND else rng.choice(list(RiskLevel))
                    else:
                        risk = rng.choice((RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.MEDIUM, RiskLevel.HIGH))
                    _case(ctx, rng, seq, pathway, risk, target, outcome, rng.choice(applicants), hospitals,
                          facilities)


def _case(ctx: Context, rng: random.Random, seq: int, pathway: Pathway, risk: RiskLevel, target: CaseStage,
          outcome: str | None, org, hospitals, facilities) -> None:
    w = ctx.writer
    template = stage_template(pathway, risk)
    path, supplements = _path_to(template, target, outcome, rng)
    # Dates, walking back from today: a supplement is answered within its 30 days.
    dates = [ctx.today - dt.timedelta(days=rng.randint(0, 20))]
    for i in range(len(path) - 1, 0, -1):
        if path[i - 1] is S.SUPPLEMENT_REQUESTED:
            gap = rng.randint(5, SUPPLEMENT_MAX_DAYS - 2)
        else:
            gap = rng.randint(7, 45)
        dates.append(dates[-1] - dt.timedelta(days=gap))
    dates.reverse()
    if path[-1] is S.SUPPLEMENT_REQUESTED:  # the open stop must still be within its 30 days
        dates[-1] = max(dates[-2], ctx.today - dt.timedelta(days=rng.randint(1, 25)))
    reached = set(path)
    code, product_name, modality = rng.choice(_PRODUCTS)
    submitted_on = dates[path.index(S.SUBMITTED)] if S.SUBMITTED in reached else None
    approved_on = dates[path.index(S.APPROVED)] if S.APPROVED in reached else None
    hospital = None
    pending = False
    if pathway is Pathway.IND:
        if S.PLAN_DRAFTING in reached:
            hospital = rng.choice(hospitals)
    elif S.HOSPITAL_DESIGNATED in reached:
        hospital = rng.choice(hospitals)
    elif S.MANUFACTURING_READINESS in reached and rng.random() < 0.5:
        pending = True
    prefix = "IND" if pathway is Pathway.IND else "ARM"
    next_deadline = note = None
    stops: list[tuple[dt.date, dt.date, dt.date | None]] = []
    for i, stage in enumerate(path):
        if stage is S.SUPPLEMENT_REQUESTED:
            stopped = dates[i]
            resumed = dates[i + 1] if i + 1 < len(path) else None
            stops.append((stopped, stopped + dt.timedelta(days=SUPPLEMENT_MAX_DAYS), resumed))
    current = path[-1]
    if current is S.SUPPLEMENT_REQUESTED:
        next_deadline, note = stops[-1][1], "supplement_due"
    elif current in (S.SUBMITTED, S.UNDER_REVIEW) and submitted_on:
        stopped_days = sum(((r or ctx.today) - s).days for s, _d, r in stops)
        next_deadline = submitted_on + dt.timedelta(days=REVIEW_DAYS_TARGET[pathway] + stopped_days)
        note = "review_deadline"
    row = w.add("clinical_case", {
        "organization_id": org.id, "product": f"{code} ({product_name})", "pathway": pathway.value,
        "modality": modality.value, "risk_level": risk.value,
        "partner_hospital_id": hospital.id if hospital else None, "hospital_designation_pending": pending,
        "manufacturing_facility_id": rng.choice(facilities) if S.MANUFACTURING_READINESS in reached else None,
        "stage": current.value, "outcome": outcome if current is S.CLOSED else None,
        "opened_on": dates[0], "submitted_on": submitted_on, "approved_on": approved_on,
        "authority_ref": f"{prefix}-{submitted_on.year}-{seq:04d}" if submitted_on else None,
        "committee_ref": (f"재생의료심의위 {dates[path.index(S.COMMITTEE_DECISION)].year}-{rng.randint(1, 24)}차"
                          if S.COMMITTEE_DECISION in reached and current is not S.COMMITTEE_DECISION else None),
        "next_deadline": next_deadline, "next_deadline_note": note, "supplement_count": supplements,
    }, stamp=ctx.stamp_on(dates[0]), updated=ctx.stamp_on(dates[-1]))
    case_id = row["id"]
    prev = None
    for stage, day in zip(path, dates):
        w.add("case_stage_change", {
            "case_id": case_id, "from_stage": prev.value if prev else None, "to_stage": stage.value,
            "changed_on": day, "changed_by": rng.choice(_STAFF), "note": None,
        })
        prev = stage
    for stopped, due, resumed in stops:
        w.add("review_clock_stop", {"case_id": case_id, "stopped_on": stopped, "due_on": due,
                                    "resumed_on": resumed, "reason": "보완자료 제출 요구 (품질 및 비임상 자료)"},
              stamp=ctx.stamp_on(stopped))
    items = document_checklist(pathway, modality, risk)
    position = len([s for s in template if s in reached]) / len(template)
    done_n = len(items) if outcome == "completed" else int(round(len(items) * min(1.0, position * 1.4)))
    for k, item in enumerate(items):
        done = k < done_n
        done_day = dates[min(len(dates) - 1, int(k * len(dates) / max(1, len(items))))]
        w.add("case_document", {
            "case_id": case_id, "code": item.code, "done": done,
            # the core items of a ticked checklist require their file (demo.documents attaches one)
            "requires_document": done and item.code in REQUIRED_ITEMS,
            "done_by": rng.choice(_STAFF) if done else None,
            "done_at": ctx.stamp_on(done_day) if done else None, "note": None,
        }, stamp=ctx.stamp_on(dates[0]))
