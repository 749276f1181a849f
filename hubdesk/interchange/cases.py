"""Clinical-entry cases, out (cases are not imported: their stages move through the case rules)."""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hubdesk.db.schema import ClinicalCase, Facility, Organization
from hubdesk.interchange.columns import Column

C = Column
COLUMNS = [
    C("uid", "고유ID"),
    C("organization", "기업명"),
    C("business_no", "사업자등록번호"),
    C("product", "제품"),
    C("pathway", "경로"),
    C("modality", "치료 유형"),
    C("risk_level", "위험도"),
    C("partner_hospital", "협력 병원"),
    C("hospital_designation_pending", "병원 지정 대기"),
    C("manufacturing_facility", "제조 시설"),
    C("stage", "단계"),
    C("outcome", "결과"),
    C("opened_on", "접수일"),
    C("submitted_on", "제출일"),
    C("approved_on", "승인일"),
    C("authority_ref", "기관 접수번호"),
    C("committee_ref", "위원회 번호"),
    C("next_deadline", "다음 기한"),
    C("next_deadline_note", "기한 메모"),
    C("supplement_count", "보완 횟수"),
]


def export_records(session: Session) -> Iterator[list[Any]]:
    hospital = aliased(Organization)
    stmt = (select(ClinicalCase, Organization.name, Organization.business_no, hospital.name, Facility.name)
            .join(Organization, ClinicalCase.organization_id == Organization.id)
            .outerjoin(hospital, ClinicalCase.partner_hospital_id == hospital.id)
            .outerjoin(Facility, ClinicalCase.manufacturing_facility_id == Facility.id)
            .order_by(ClinicalCase.opened_on, ClinicalCase.id).execution_options(yield_per=1000))
    for c, org, bno, hosp, facility in session.execute(stmt):
        yield [c.uid, org, bno, c.product, c.pathway, c.modality, c.risk_level, hosp,
               c.hospital_designation_pending, facility, c.stage, c.outcome, c.opened_on, c.submitted_on,
               c.approved_on, c.authority_ref, c.committee_ref, c.next_deadline, c.next_deadline_note,
               c.supplement_count]
