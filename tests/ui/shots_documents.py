"""Screenshots of documents in the database (issue 19): a case's checklist with documents attached
to its items (two items require a file, one still lacks it: the sentence above the checklist says
so), the document search, an event's documents (its programme and result report from the demo, a
list of participants added) and a facility's (its licence from the demo, an inspection report
added). Real windows on the `small` demo data (which attaches its own documents) with a few more:

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.ui.shots_documents --lang ko

writes docs/screenshots/documents-{case,search,event,facility}-<lang>.png. Not a test.
"""

from __future__ import annotations

import datetime as dt
import io
import sys

from tests.ui.take_screenshots import (close_and_list, demo_database, output_folder, settle, shot_arguments,
                                       shown_main_window)

from hubdesk.domain import clock

MORE_NAMES = {
    "ko": ("참가 기업 명단.pdf", "GMP 실사 결과 보고서 2026.pdf"),
    "vi": ("Danh sách doanh nghiệp tham dự.pdf", "Báo cáo kết quả thanh tra GMP 2026.pdf"),
    "en": ("List of participating companies.pdf", "GMP inspection report 2026.pdf"),
}
NAMES = {
    "ko": ("임상연구계획서_v3 최종.pdf", "연구자 자료집 2026.pdf", "보완 요청 공문 – 식약처.pdf", "KGMP 인증서 스캔.pdf"),
    "vi": ("Đề cương nghiên cứu lâm sàng v3.pdf", "Tài liệu cho nghiên cứu viên 2026.pdf",
           "Công văn yêu cầu bổ sung – Bộ Y tế.pdf", "Giấy chứng nhận GMP (bản quét).pdf"),
    "en": ("Clinical research plan v3.pdf", "Investigator's brochure 2026.pdf",
           "Supplement request – MFDS.pdf", "KGMP certificate scan.pdf"),
}


def attach_examples(db, lang: str) -> int:
    """Documents on the first case still before submission and on its organization; its id."""
    from sqlalchemy import select

    from hubdesk.db.enums import DocumentKind, DocumentOwner
    from hubdesk.db.schema import ClinicalCase
    from hubdesk.domain import cases, documents
    from hubdesk.domain.case_templates import PRE_SUBMISSION_STAGES

    plan, brochure, letter, certificate = NAMES.get(lang, NAMES["en"])
    with db.write() as s:
        case = s.scalars(select(ClinicalCase).where(ClinicalCase.stage.in_(PRE_SUBMISSION_STAGES))
                         .order_by(ClinicalCase.id)).first()
        assert case is not None
        items = list(case.documents)
        for item in items[:3]:
            cases.require_document(s, case.id, item.code, True)
        documents.attach(s, DocumentOwner.CASE_ITEM, items[0].id, io.BytesIO(b"%PDF-1.7 plan" * 20000), name=plan,
                         kind=DocumentKind.CHECKLIST_EVIDENCE, actor="김민지")
        documents.attach(s, DocumentOwner.CASE_ITEM, items[1].id, io.BytesIO(b"%PDF-1.7 ib" * 90000),
                         name=brochure, kind=DocumentKind.CHECKLIST_EVIDENCE, actor="김민지")
        documents.attach(s, DocumentOwner.CASE, case.id, io.BytesIO(b"%PDF-1.7 letter" * 3000), name=letter,
                         kind=DocumentKind.CORRESPONDENCE_IN, dated_on=clock.today() - dt.timedelta(days=12),
                         actor="김민지")
        documents.attach(s, DocumentOwner.ORGANIZATION, case.organization_id, io.BytesIO(b"%PDF-1.7 gmp" * 7000),
                         name=certificate, kind=DocumentKind.CERTIFICATE, actor="이서연")
        return case.id


def attach_more(db, lang: str) -> tuple[int, int]:
    """A list of participants on the last event held ten days ago or more (its result report is in) that
    has a program, an inspection report on the first licensed facility: (the event's id, the facility's id)."""
    from sqlalchemy import select

    from hubdesk.db.enums import DocumentKind, DocumentOwner
    from hubdesk.db.schema import Event, Facility
    from hubdesk.domain import documents

    people, inspection = MORE_NAMES.get(lang, MORE_NAMES["en"])
    with db.write() as s:
        held_before = clock.today() - dt.timedelta(days=10)
        event = s.scalars(select(Event).where(Event.program_id.is_not(None), Event.held_on <= held_before)
                          .order_by(Event.held_on.desc(), Event.id)).first()
        facility = s.scalars(select(Facility).where(Facility.licence_no.is_not(None)).order_by(Facility.id)).first()
        assert event is not None and facility is not None
        documents.attach(s, DocumentOwner.EVENT, event.id, io.BytesIO(b"%PDF-1.7 people" * 900), name=people,
                         actor="김민지")
        documents.attach(s, DocumentOwner.FACILITY, facility.id, io.BytesIO(b"%PDF-1.7 inspection" * 4000),
                         name=inspection, kind=DocumentKind.REPORT, dated_on=clock.today() - dt.timedelta(days=40),
                         actor="김민지")
        return event.id, facility.id


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)
    from hubdesk.ui.app import create_application
    from hubdesk.ui.documents.search import DocumentSearchDialog

    app = create_application(args.lang)
    db, _folder = demo_database()
    case_id = attach_examples(db, args.lang)
    event_id, facility_id = attach_more(db, args.lang)
    out = output_folder(args)
    window = shown_main_window(app, db)
    written = []

    view = window.show_area("cases")
    settle(app)
    view.open_record("case", case_id)
    page = view._dialog
    page.resize(1180, 960)
    page.show()
    page.documents_table.selectRow(0)
    page.checklist_page.setSizes([250, 250])
    settle(app, 0.8)
    target = out / f"documents-case-{args.lang}.png"
    page.grab().save(str(target))
    written.append(target)
    page.close()

    search = DocumentSearchDialog(window.context, window)
    search.resize(1180, 520)
    search.show()
    settle(app, 0.8)
    target = out / f"documents-search-{args.lang}.png"
    search.grab().save(str(target))
    written.append(target)
    search.close()

    from hubdesk.db.schema import Event
    from hubdesk.ui.facilities.dialog import FacilityDialog
    from hubdesk.ui.programs.event_dialog import EventDialog

    with db.read() as s:
        program_id = s.get(Event, event_id).program_id
    for name, dialog in (("event", EventDialog(window.context, program_id, event_id, window)),
                         ("facility", FacilityDialog(window.context, facility_id, window))):
        dialog.show()
        dialog.resize(max(dialog.width(), 820), dialog.sizeHint().height() + 60)
        dialog.documents.table.selectRow(0)
        settle(app, 0.8)
        target = out / f"documents-{name}-{args.lang}.png"
        dialog.grab().save(str(target))
        written.append(target)
        dialog.close()
    return close_and_list(app, window, db, written)


if __name__ == "__main__":
    sys.exit(main())
