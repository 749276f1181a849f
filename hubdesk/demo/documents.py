"""Demo documents attached where a foundation keeps them: GMP and HACCP certificates on some
organizations (each names its certification, so its validity shows), membership agreements,
checklist evidence on the items a case has ticked, the letters to and from the authority (dated:
the submission, the supplement requests and answers, the approval), qualification and maintenance
reports on resources, the licence of each licensed facility, each program's agreement, and an
event's programme and result report.

Every file is a small real PDF (`pdfs.one_page`) in the record's language. A certificate names its
own number and validity; the other documents are one PDF per kind (and language) made once per run
and stored once: the hundreds of attachments that share it cost one blob (what `documents.attach`
does by the content's SHA-256). Rows are written by the demo's bulk writer, after it wrote the
records they are attached to, and read back from them."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from hubdesk.db.schema import (CaseDocument, Certification, ClinicalCase, Event, Facility, MaintenanceWindow, Program,
                               Resource, ReviewClockStop)
from hubdesk.db.schema.documents import CHUNK_SIZE, OWNER_COLUMNS
from hubdesk.demo.context import KST, Context
from hubdesk.demo.pdfs import one_page
from hubdesk.db.enums import CertificationType, DocumentOwner
from hubdesk.domain.case_templates import document_title_in

FOUNDATION = "한빛바이오헬스산업진흥재단"
MFDS = "식품의약품안전처"
STAFF = ("김민지", "임상진입지원팀 정하은", "임상진입지원팀 오승우", "시설운영팀 박서준")
MAX_CERTIFICATES = 60            # certificate PDFs name their number and dates: each is its own file
_CERTIFICATE_TITLES = {   # (title, file name)
    CertificationType.GMP: ("의약품 제조 및 품질관리기준(GMP) 적합판정서", "GMP 적합판정서"),
    CertificationType.KGMP: ("한약재 제조 및 품질관리기준(KGMP) 적합판정서", "KGMP 적합판정서"),
    CertificationType.HACCP: ("식품안전관리인증기준(HACCP) 인증서", "HACCP 인증서"),
}
_AGREEMENT = {
    "ko": ("회원사 협약서", [
        "제1조 (목적) 이 협약은 재단과 회원사가 바이오헬스 산업 육성을 위하여 협력하는 데 필요한 사항을 정한다.",
        "제2조 (지원) 재단은 회원사에 장비 이용료 할인과 기업 지원 사업 참여 기회를 제공한다.",
        "제3조 (의무) 회원사는 재단이 요청하는 성과 조사에 성실히 응한다.",
        "제4조 (기간) 협약 기간은 서명일부터 3년으로 하며, 이의가 없으면 1년씩 연장한다.",
        "재단 이사장 (인)", "회원사 대표 (인)"]),
    "en": ("Membership agreement", [
        "Article 1 (Purpose) The foundation and the member work together to grow the bio-health industry.",
        "Article 2 (Support) The foundation grants the member reduced equipment fees and access to its "
        "support programs.",
        "Article 3 (Duties) The member answers the foundation's outcome surveys.",
        "Article 4 (Term) Three years from signature, renewed by one year unless either party objects.",
        "For the foundation (signature)", "For the member (signature)"]),
    "vi": ("Thỏa thuận hội viên", [
        "Điều 1 (Mục đích) Quỹ và hội viên hợp tác để phát triển ngành công nghiệp sinh học – y tế.",
        "Điều 2 (Hỗ trợ) Quỹ giảm phí sử dụng thiết bị và mời hội viên tham gia các chương trình hỗ trợ.",
        "Điều 3 (Nghĩa vụ) Hội viên trả lời các khảo sát kết quả của Quỹ.",
        "Điều 4 (Thời hạn) Ba năm kể từ ngày ký, gia hạn mỗi lần một năm nếu không bên nào phản đối.",
        "Đại diện Quỹ (ký tên)", "Đại diện hội viên (ký tên)"]),
}
_AGREEMENT_NAMES = {"ko": "회원사 협약서", "en": "Membership agreement", "vi": "Thỏa thuận hội viên"}
# (issuer, title, lines) of the documents shared by many records, in Korean
_SHARED: dict[str, tuple[str, str, list[str]]] = {
    "submission": (FOUNDATION + " 임상진입지원팀", "임상시험계획 승인 신청서 제출", [
        "수신: 식품의약품안전처장", "제목: 임상시험계획 승인 신청",
        "1. 붙임과 같이 임상시험계획 승인을 신청합니다.",
        "2. 붙임: 임상시험계획서, 시험자 자료집, 품질 및 비임상 자료 각 1부. 끝."]),
    "supplement_request": (MFDS + " 바이오의약품정책과", "보완자료 제출 요청", [
        "수신: 신청 기관 대표", "제목: 임상시험계획 승인 신청에 대한 보완 요청",
        "1. 귀 기관이 제출한 신청과 관련하여 다음 자료의 보완을 요청합니다.",
        "가. 품질(CMC) 자료: 원료 및 완제품 규격 설정 근거",
        "나. 비임상 자료: 반복투여 독성시험 결과 보고서",
        "2. 보완 기한까지 제출하지 않으면 신청이 반려될 수 있습니다."]),
    "supplement_answer": (FOUNDATION + " 임상진입지원팀", "보완자료 제출", [
        "수신: 식품의약품안전처장", "제목: 보완 요청에 대한 자료 제출",
        "1. 요청하신 보완 자료를 붙임과 같이 제출합니다.",
        "2. 붙임: 규격 설정 근거 자료, 반복투여 독성시험 결과 보고서 각 1부. 끝."]),
    "approval": (MFDS + "장", "임상시험계획 승인 통보", [
        "수신: 신청 기관 대표", "제목: 임상시험계획 승인",
        "1. 귀 기관이 신청한 임상시험계획을 승인합니다.",
        "2. 승인 조건: 중대한 이상사례는 알게 된 날부터 15일 이내에 보고할 것."]),
    "qualification": (FOUNDATION + " 시설운영팀", "적격성 평가(PQ) 결과 보고서", [
        "평가 항목: 부유입자, 부유균, 낙하균, 차압, 온·습도, 기류 방향",
        "판정 기준: 해당 청정등급의 기준 이내",
        "결과: 모든 항목 적합. 다음 재적격성 평가까지 사용할 수 있음.",
        "확인: 품질보증 책임자 (서명)"]),
    "maintenance": (FOUNDATION + " 시설운영팀", "정기 예방정비 결과 보고서", [
        "정비 내용: 필터 차압 점검, 구동부 윤활, 센서 교정, 안전장치 작동 확인",
        "교체 부품: 프리필터 2개",
        "결과: 정상. 정비 후 시운전에서 이상 없음.",
        "확인: 설비 담당자 (서명)"]),
    "licence": (MFDS + "장", "제조업 허가증", [
        "위 시설은 약사법 및 첨단재생바이오법에 따른 제조(처리) 시설로 허가되었음을 증명합니다.",
        "허가 조건: 허가 사항을 변경하려면 미리 변경 허가를 받을 것.",
        "허가번호와 유효기간은 시설 정보에 적힌 대로입니다."]),
    "program": (FOUNDATION, "사업 수행 협약서", [
        "제1조 (목적) 이 협약은 지원 사업의 수행과 사업비 집행에 관한 사항을 정한다.",
        "제2조 (사업비) 사업비는 승인된 예산 항목에 따라 집행하며 증빙을 갖춘다.",
        "제3조 (성과) 수행기관은 분기마다 성과 지표를 보고한다.",
        "제4조 (정산) 사업 종료 후 2개월 안에 정산 보고서를 제출한다."]),
    "programme": (FOUNDATION, "행사 프로그램", [
        "09:30  등록 및 자료 배부", "10:00  개회 및 인사말", "10:20  기조 발표: 바이오헬스 수출 동향",
        "11:00  참가 기업 발표 및 일대일 상담", "12:30  오찬 및 네트워킹"]),
    "result": (FOUNDATION, "행사 결과 보고서", [
        "참가 현황: 참가 기업과 바이어 명단은 붙임과 같음.",
        "주요 성과: 상담 건수, 계약 추진 건수와 금액은 행사 기록에 적은 대로임.",
        "후속 조치: 상담 기업별 후속 연락과 2차 미팅 주선."]),
    "evidence": (FOUNDATION + " 임상진입지원팀", "", [
        "임상진입 점검표 항목의 제출 자료입니다.",
        "작성: 신청 기관", "검토: 재단 임상진입지원팀",
        "검토 결과: 적합 (보완 사항 없음)"]),
}
_NAMES = {"submission": "임상시험계획 승인 신청 공문", "supplement_request": "보완 요청 공문 (식약처)",
          "supplement_answer": "보완자료 제출 공문", "approval": "승인 통보 공문 (식약처)",
          "qualification": "적격성 평가 보고서", "maintenance": "예방정비 결과 보고서",
          "licence": "제조업 허가증", "program": "사업 협약서", "programme": "행사 프로그램",
          "result": "결과 보고서"}


class _Library:
    """The PDFs of this run, each made and queued as a blob once; the attachment rows."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.made: dict[tuple, tuple[str, int]] = {}
        self.stored: set[str] = set()
        self.added = 0

    def blob(self, key: tuple, issuer: str, title: str, lines: list[str], lang: str = "ko") -> tuple[str, int]:
        found = self.made.get(key)
        if found is None:
            data = one_page(issuer, title, lines, lang)
            sha = hashlib.sha256(data).hexdigest()
            if sha not in self.stored:
                self.stored.add(sha)
                w = self.ctx.writer
                w.add("document_blob", {"sha256": sha, "size": len(data), "created_at": self.ctx.stamp})
                for index in range(0, max(1, -(-len(data) // CHUNK_SIZE))):
                    w.add("document_chunk", {"sha256": sha, "idx": index,
                                             "data": data[index * CHUNK_SIZE:(index + 1) * CHUNK_SIZE]})
            found = self.made[key] = (sha, len(data))
        return found

    def attach(self, owner: DocumentOwner, owner_id: int, name: str, kind: str, blob: tuple[str, int], day: dt.date, *,
               dated: bool = False, certification_id: int | None = None) -> None:
        day = min(day, self.ctx.today)
        at = dt.datetime.combine(day, dt.time(9 + self.added % 8, (self.added * 7) % 60), KST)
        row = {column: None for column in OWNER_COLUMNS.values()}
        row.update({OWNER_COLUMNS[owner]: owner_id, "name": name[:250], "kind": kind,
                    "dated_on": day if dated else None, "sha256": blob[0], "size": blob[1],
                    "media_type": "application/pdf", "certification_id": certification_id, "replaces_id": None,
                    "added_by": STAFF[self.added % len(STAFF)], "added_at": at, "removed": False,
                    "removed_by": None, "removed_at": None})
        self.ctx.writer.add("attachment", row, stamp=at)
        self.added += 1

    def shared(self, key: str, title: str | None = None) -> tuple[str, int]:
        issuer, default_title, lines = _SHARED[key]
        return self.blob((key, title), issuer, title or default_title, lines)


def build(ctx: Context) -> int:
    """Attach the demo documents to the records written so far; how many."""
    O = DocumentOwner  # noqa: N806 - short for the many owners below
    w = ctx.writer
    w.flush()                     # the records are read back to attach their documents
    s = w.session
    rng = ctx.rng("documents")
    lib = _Library(ctx)
    languages = {o.id: o.language for o in ctx.orgs}
    agreements: dict[int, dt.date] = {}

    # certificates with their validity, on some of the organizations that hold one
    from hubdesk.db.schema import Organization

    certs = s.execute(select(Certification.id, Certification.organization_id, Certification.type,
                             Certification.number, Certification.issuer, Certification.issued_on,
                             Certification.expires_on, Organization.name)
                      .join(Organization, Organization.id == Certification.organization_id)
                      .where(Certification.type.in_(list(_CERTIFICATE_TITLES)))
                      .order_by(Certification.id)).all()
    chosen = [c for c in certs if rng.random() < 0.7][:MAX_CERTIFICATES]
    for cid, oid, ctype, number, issuer, issued, expires, org_name in chosen:
        title, file_name = _CERTIFICATE_TITLES[CertificationType(ctype)]
        validity = f"{issued.isoformat()} ~ {expires.isoformat()}" if expires else "정함 없음"
        blob = lib.blob(("certificate", cid), issuer or MFDS, title,
                        [f"업소명: {org_name}", f"인증번호: {number or '-'}", f"판정일: {issued.isoformat()}",
                         f"유효기간: {validity}", "위 업소는 해당 기준에 적합함을 증명합니다."])
        lib.attach(O.ORGANIZATION, oid, f"{file_name} {number}.pdf" if number else f"{file_name}.pdf",
                   "certificate", blob, issued, certification_id=cid)

    # membership agreements, in the organization's language
    for oid, signed in s.execute(select(Organization.id, Organization.agreement_signed_on)
                                 .where(Organization.agreement_signed_on.is_not(None)).order_by(Organization.id)):
        agreements[oid] = signed
        if rng.random() < 0.8:
            lang = languages.get(oid, "ko")
            title, lines = _AGREEMENT.get(lang, _AGREEMENT["en"])
            blob = lib.blob(("agreement", lang), FOUNDATION if lang == "ko" else "Hanbit Bio-Health Foundation",
                            title, lines, lang)
            lib.attach(O.ORGANIZATION, oid, f"{_AGREEMENT_NAMES.get(lang, 'Membership agreement')} "
                       f"{signed.isoformat()}.pdf", "agreement", blob, signed, dated=True)

    # checklist evidence on the items each case has ticked (the core ones require it: demo.cases)
    for item_id, code, done_at in s.execute(select(CaseDocument.id, CaseDocument.code, CaseDocument.done_at)
                                            .where(CaseDocument.done.is_(True)).order_by(CaseDocument.id)):
        title = document_title_in("ko", code)
        day = done_at.astimezone(KST).date() if done_at else ctx.today
        lib.attach(O.CASE_ITEM, item_id, f"{title}.pdf", "checklist_evidence", lib.shared("evidence", title), day)

    # the letters of each case: submission and approval, supplement requests and answers
    for case_id, submitted, approved in s.execute(select(ClinicalCase.id, ClinicalCase.submitted_on,
                                                         ClinicalCase.approved_on).order_by(ClinicalCase.id)):
        if submitted:
            lib.attach(O.CASE, case_id, f"{_NAMES['submission']} {submitted.isoformat()}.pdf", "correspondence_out",
                       lib.shared("submission"), submitted, dated=True)
        if approved:
            lib.attach(O.CASE, case_id, f"{_NAMES['approval']} {approved.isoformat()}.pdf", "correspondence_in",
                       lib.shared("approval"), approved, dated=True)
    for case_id, stopped, resumed in s.execute(select(ReviewClockStop.case_id, ReviewClockStop.stopped_on,
                                                      ReviewClockStop.resumed_on).order_by(ReviewClockStop.id)):
        lib.attach(O.CASE, case_id, f"{_NAMES['supplement_request']} {stopped.isoformat()}.pdf", "correspondence_in",
                   lib.shared("supplement_request"), stopped, dated=True)
        if resumed:
            lib.attach(O.CASE, case_id, f"{_NAMES['supplement_answer']} {resumed.isoformat()}.pdf",
                       "correspondence_out", lib.shared("supplement_answer"), resumed, dated=True)

    # resources: the last qualification and the last maintenance done, each with its report
    last_maintenance: dict[int, dt.date] = {}
    now = ctx.now
    for rid, ends in s.execute(select(MaintenanceWindow.resource_id, MaintenanceWindow.ends_at)
                               .where(MaintenanceWindow.kind == "maintenance", MaintenanceWindow.ends_at <= now)
                               .order_by(MaintenanceWindow.resource_id, MaintenanceWindow.ends_at)):
        last_maintenance[rid] = ends.astimezone(KST).date()
    for rid, name, qualified in s.execute(select(Resource.id, Resource.name, Resource.last_qualified_on)
                                          .order_by(Resource.id)):
        if qualified:
            lib.attach(O.RESOURCE, rid, f"{name} {_NAMES['qualification']} {qualified.isoformat()}.pdf", "report",
                       lib.shared("qualification"), qualified, dated=True)
        if rid in last_maintenance:
            day = last_maintenance[rid]
            lib.attach(O.RESOURCE, rid, f"{name} {_NAMES['maintenance']} {day.isoformat()}.pdf", "report",
                       lib.shared("maintenance"), day, dated=True)

    # facilities: the licence
    for fid, name, licence in s.execute(select(Facility.id, Facility.name, Facility.licence_no)
                                        .where(Facility.licence_no.is_not(None)).order_by(Facility.id)):
        start, _end = ctx.horizon
        lib.attach(O.FACILITY, fid, f"{_NAMES['licence']} {licence}.pdf", "certificate", lib.shared("licence"),
                   start - dt.timedelta(days=400))

    # programs: the agreement; events: the programme, and the result report once it was held
    for pid, name, fiscal, starts in s.execute(select(Program.id, Program.name, Program.fiscal_year,
                                                      Program.starts_on).order_by(Program.id)):
        day = starts or dt.date(fiscal, 1, 15)
        lib.attach(O.PROGRAM, pid, f"{fiscal} {_NAMES['program']}.pdf", "agreement", lib.shared("program"), day,
                   dated=True)
    for eid, name, held in s.execute(select(Event.id, Event.name, Event.held_on).order_by(Event.id)):
        lib.attach(O.EVENT, eid, f"{name} {_NAMES['programme']}.pdf", "other", lib.shared("programme"),
                   held - dt.timedelta(days=14))
        if held + dt.timedelta(days=7) <= ctx.today:
            lib.attach(O.EVENT, eid, f"{name} {_NAMES['result']}.pdf", "report", lib.shared("result"),
                       held + dt.timedelta(days=7), dated=True)
    return lib.added
