"""Documents in the interface, driven as a person would: on a case's page an item of the checklist
is made to require a file (the move to "Submitted" is then disabled with the sentence saying what
is missing), a file is attached to that item (the panel lists it, the count and the moves follow),
opened (a temporary copy, byte-identical), saved into a chosen folder, replaced by a new version and
removed by an administrator; files dropped on the organization's Documents tab are attached; the
document search finds them and exports the list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.ui.test_cases import _build_world, _open

from hubdesk.domain import clock


@pytest.fixture
def world(db):
    return _build_world(db)


@pytest.fixture
def view(qtbot, world):
    from hubdesk.ui.cases.view import CasesView
    from tests.ui.views import shown_view

    db, _ids = world
    return shown_view(qtbot, CasesView, db, user_name="Kim Minji")


def _walk_to_plan_drafting(db, case_id, hospital_id):
    from hubdesk.db.enums import CaseStage
    from hubdesk.domain import cases as C

    with db.write() as s:
        C.set_partner_hospital(s, case_id, hospital_id)
        today = clock.today()
        for stage in (CaseStage.PRE_CONSULTATION, CaseStage.MANUFACTURING_READINESS,
                      CaseStage.HOSPITAL_DESIGNATED, CaseStage.PLAN_DRAFTING):
            C.move_case(s, case_id, stage, on=today)


def _pdf(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n" + text.encode() * 500)
    return path


def test_a_document_on_a_checklist_item_lets_the_case_be_submitted(monkeypatch, view, world, tmp_path):
    from hubdesk.db.enums import CaseStage, DocumentKind
    from hubdesk.db.schema import Attachment
    from hubdesk.ui.cases.table_model import CaseDocumentsTableModel as M
    from hubdesk.ui.documents import panel as P

    db, ids = world
    _walk_to_plan_drafting(db, ids["case"], ids["hospital"])
    page = _open(view, ids["case"])
    model = page.documents_model
    assert page.move_to is not None and page.moves.button_for(CaseStage.SUBMITTED).isEnabled()

    # the first item (the clinical research plan) now needs a file
    required = model.index(0, M.COL_REQUIRED)
    assert model.flags(required) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(required, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    page.reload()
    submit = page.moves.button_for(CaseStage.SUBMITTED)
    sentence = ("1 checklist item needs a document before the case can move to “Submitted”: “Clinical research "
                "plan”. Attach it on the checklist.")
    assert not submit.isEnabled() and submit.toolTip() == sentence
    assert page.missing_label.isVisibleTo(page) and page.missing_label.text() == sentence

    # choose the item: its documents panel points at it; attach a file as a person would
    page.documents_table.selectRow(0)
    panel = page.item_panel
    assert panel.owner_id == model.rows()[0]["id"]
    assert page.item_caption.text() == "Documents of “Clinical research plan”"
    plan = _pdf(tmp_path, "임상연구계획서 v1.pdf", "plan")
    asked = []
    monkeypatch.setattr(P, "ask_files", lambda parent: [str(plan)])
    monkeypatch.setattr(P, "ask_details", lambda parent, names, kind: asked.append((names, kind))
                        or (kind, None))
    panel.add_button.click()
    assert asked == [(["임상연구계획서 v1.pdf"], DocumentKind.CHECKLIST_EVIDENCE)]
    assert [r["name"] for r in panel.rows()] == ["임상연구계획서 v1.pdf"]
    assert model.index(0, M.COL_FILES).data() == "1"
    assert not page.missing_label.isVisibleTo(page)
    assert page.moves.button_for(CaseStage.SUBMITTED).isEnabled()

    # open: a temporary copy, byte-identical, handed to the system's viewer
    opened = []
    monkeypatch.setattr(P, "open_url", lambda path: opened.append(path) or True)
    panel.select(panel.rows()[0]["id"])
    panel.open_button.click()
    assert len(opened) == 1 and opened[0].read_bytes() == plan.read_bytes()
    assert opened[0].name == "임상연구계획서 v1.pdf"

    # save a copy into a chosen folder
    folder = tmp_path / "chosen"
    folder.mkdir()
    monkeypatch.setattr(P, "ask_folder", lambda parent: str(folder))
    panel.save_button.click()
    assert (folder / "임상연구계획서 v1.pdf").read_bytes() == plan.read_bytes()

    # replace: a new version in the list, the earlier one kept in the database
    first_id = panel.rows()[0]["id"]
    v2 = _pdf(tmp_path, "임상연구계획서 v2.pdf", "plan, second version")
    monkeypatch.setattr(P, "ask_replacement", lambda parent, name: str(v2))
    panel.replace_button.click()
    assert [r["name"] for r in panel.rows()] == ["임상연구계획서 v2.pdf"]
    with db.read() as s:
        newest = s.query(Attachment).filter_by(replaces_id=first_id).one()
        assert newest.name == "임상연구계획서 v2.pdf" and s.get(Attachment, first_id) is not None

    # the context menu lists both versions, the newest first; the earlier one opens as it was
    panel.select(panel.rows()[0]["id"])
    menu = panel.versions_menu()
    texts = [a.text() for a in menu.actions()]
    assert [t.split(",")[0] for t in texts] == ["Version 2: 임상연구계획서 v2.pdf", "Version 1: 임상연구계획서 v1.pdf"]
    opened.clear()
    menu.actions()[1].trigger()
    assert opened[0].read_bytes() == plan.read_bytes()

    # the move is made
    assert page.move_to(CaseStage.SUBMITTED)
    assert page.page.stage is CaseStage.SUBMITTED

    # remove (the tests act as the operating-system user: an administrator)
    monkeypatch.setattr(P, "confirm_remove", lambda parent, name: True)
    panel.select(panel.rows()[0]["id"])
    assert panel.remove_button.isEnabled()
    panel.remove_button.click()
    assert panel.rows() == []
    assert model.index(0, M.COL_FILES).data() == "0"


def test_remove_is_for_administrators_only(monkeypatch, view, world, tmp_path):
    from hubdesk.db.audit import set_actor
    from hubdesk.db.enums import DocumentOwner, Role
    from hubdesk.domain import documents

    db, ids = world
    with db.write() as s:
        documents.attach(s, DocumentOwner.CASE, ids["case"], _pdf(tmp_path, "letter.pdf", "x"),
                         kind="correspondence_in", dated_on=clock.today())
    set_actor("kim", Role.STAFF)
    try:
        page = _open(view, ids["case"])
        panel = page.correspondence
        assert panel.rows() == []                      # read when its tab is first shown
        page.tabs.setCurrentWidget(panel)
        panel.select(panel.rows()[0]["id"])
        assert panel.open_button.isEnabled() and panel.replace_button.isEnabled()
        assert not panel.remove_button.isEnabled()
    finally:
        set_actor(None)


def test_files_dropped_on_the_organization_page_are_attached(monkeypatch, qtbot, world, tmp_path):
    from hubdesk.db.enums import DocumentKind
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.documents import panel as P
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    db, ids = world
    dialog = OrganizationDialog(AppContext(db=db, user_name="Kim Minji"), ids["company"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.documents_panel)
    panel = dialog.documents_panel
    assert panel.owner_id == ids["company"] and panel.rows() == []
    files = [_pdf(tmp_path, "GMP certificate 2026.pdf", "gmp"), _pdf(tmp_path, "Hợp đồng thuê 🏢.pdf", "lease")]
    monkeypatch.setattr(P, "ask_details", lambda parent, names, kind: (DocumentKind.AGREEMENT, None))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    drop = QDropEvent(QPointF(QPoint(10, 10)), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    assert drop.isAccepted()
    assert [(r["name"], r["kind"]) for r in panel.rows()] == [("GMP certificate 2026.pdf", DocumentKind.AGREEMENT),
                                                              ("Hợp đồng thuê 🏢.pdf", DocumentKind.AGREEMENT)]


def test_the_document_search_finds_and_exports(monkeypatch, qtbot, world, tmp_path):
    from openpyxl import load_workbook

    from hubdesk.db.enums import DocumentKind, DocumentOwner
    from hubdesk.domain import documents
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.documents import search as S

    db, ids = world
    with db.write() as s:
        documents.attach(s, DocumentOwner.ORGANIZATION, ids["company"], _pdf(tmp_path, "HACCP certificate.pdf", "h"),
                         kind=DocumentKind.CERTIFICATE)
        documents.attach(s, DocumentOwner.CASE, ids["case"], _pdf(tmp_path, "Supplement request.pdf", "s"),
                         kind=DocumentKind.CORRESPONDENCE_IN, dated_on=dt.date(2026, 4, 10))
    dialog = S.DocumentSearchDialog(AppContext(db=db, user_name="Kim Minji"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 2
    dialog.search_edit.setText("haccp")
    dialog.refresh()
    assert [r["name"] for r in dialog.model.rows()] == ["HACCP certificate.pdf"]
    dialog.search_edit.setText("")
    dialog.kind_filter.set_value(DocumentKind.CORRESPONDENCE_IN)
    dialog.refresh()
    rows = dialog.model.rows()
    assert [(r["name"], r["owner_name"]) for r in rows] == [("Supplement request.pdf", "CG-101 chondrocytes")]
    out = tmp_path / "documents.xlsx"
    monkeypatch.setattr(S, "ask_export_path", lambda parent: str(out))
    dialog.export_button.click()
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Name", "Kind", "Attached to", "Record"]
    assert values[1][:4] == ["Supplement request.pdf", "Letter received", "Clinical-entry case", "CG-101 chondrocytes"]


def test_the_size_limit_is_set_in_settings(qtbot, db):
    from hubdesk.domain import settings
    from hubdesk.ui.settings.view import SettingsView
    from tests.ui.views import shown_view

    view = shown_view(qtbot, SettingsView, db)
    widget = view.document_limit
    assert widget.limit_spin.value() == 50
    widget.limit_spin.setValue(120)
    assert view.alerts.save()                      # the group's Save writes the lead time and the limit
    with db.read() as s:
        assert settings.document_size_limit(s) == 120 * 1000 * 1000


def test_a_resource_report_is_attached_on_the_facilities_page(monkeypatch, qtbot, db, tmp_path):
    from hubdesk.db.enums import DocumentKind
    from hubdesk.ui.documents import panel as P
    from hubdesk.ui.facilities.view import FacilitiesView
    from tests.factories import make_facility, make_resource
    from tests.ui.views import shown_view

    with db.write() as s:
        facility = make_facility(s, "Osong GMP plant")
        resource_id = make_resource(s, facility, "Isolator 2").id
    view = shown_view(qtbot, FacilitiesView, db)
    view.select_facility(facility.id)
    view.select_resource(resource_id)
    panel = view.documents
    assert panel.owner_id == resource_id and panel.rows() == []
    view.tabs.setCurrentWidget(panel)
    report = _pdf(tmp_path, "Báo cáo thẩm định lại 2026.pdf", "rq")
    monkeypatch.setattr(P, "ask_files", lambda parent: [str(report)])
    monkeypatch.setattr(P, "ask_details", lambda parent, names, kind: (kind, None))
    panel.add_button.click()
    assert [(r["name"], r["kind"]) for r in panel.rows()] == [("Báo cáo thẩm định lại 2026.pdf", DocumentKind.REPORT)]


def test_a_certificate_file_names_its_certification_and_shows_its_validity(monkeypatch, qtbot, world, tmp_path):
    from hubdesk.db.enums import CertificationType, DocumentKind
    from hubdesk.domain import certifications
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.documents import panel as P
    from hubdesk.ui.documents.table_model import DocumentsTableModel as M
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    db, ids = world
    with db.write() as s:
        cert_id = certifications.create_certification(s, ids["company"], CertificationType.KGMP, dt.date(2025, 3, 1),
                                                      number="KGMP-7", expires_on=dt.date(2028, 2, 29)).id
    dialog = OrganizationDialog(AppContext(db=db, user_name="Kim Minji"), ids["company"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.documents_panel)
    panel = dialog.documents_panel
    offered = []

    def details(parent, names, kind, certifications=()):
        offered.extend(certifications)
        return DocumentKind.CERTIFICATE, None, certifications[0][0]

    monkeypatch.setattr(P, "ask_files", lambda parent: [str(_pdf(tmp_path, "KGMP 인증서.pdf", "k"))])
    monkeypatch.setattr(P, "ask_details", details)
    panel.add_button.click()
    assert offered == [(cert_id, "KGMP · KGMP-7 · valid until Feb 29, 2028")]
    row = panel.rows()[0]
    assert (row["name"], row["certification_id"]) == ("KGMP 인증서.pdf", cert_id)
    assert panel.model.index(0, M.COL_VALID).data() == "Feb 29, 2028"


def test_the_details_dialog_offers_the_certifications(qtbot):
    from hubdesk.db.enums import DocumentKind
    from hubdesk.ui.documents.panel import DocumentDetailsDialog

    dialog = DocumentDetailsDialog(["a.pdf"], DocumentKind.CERTIFICATE, None, [(7, "KGMP · KGMP-7")])
    qtbot.addWidget(dialog)
    dialog.certification_box.setCurrentIndex(1)
    assert dialog.value() == (DocumentKind.CERTIFICATE, None, 7)
    plain = DocumentDetailsDialog(["a.pdf"], DocumentKind.OTHER, None)
    qtbot.addWidget(plain)
    assert plain.value() == (DocumentKind.OTHER, None, None) and plain.certification_box.isHidden()


def _drop(panel, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)


def test_an_event_takes_documents_once_it_is_saved(monkeypatch, qtbot, db, tmp_path):
    from hubdesk.db.enums import DocumentKind
    from hubdesk.domain.events import EventInput, create_event
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.documents import panel as P
    from hubdesk.ui.programs.event_dialog import EventDialog
    from tests.factories import make_program

    context = AppContext(db=db, user_name="Kim Minji")
    with db.write() as s:
        program_id = make_program(s).id
        event_id = create_event(s, EventInput(name="Hanoi buyer meeting", kind="buyer_meeting",
                                              held_on=dt.date(2026, 5, 12), program_id=program_id)).id

    # a new event: the panel is there, disabled, and says why
    new = EventDialog(context, program_id)
    qtbot.addWidget(new)
    new.show()
    assert new.documents.owner_id is None and not new.documents.add_button.isEnabled()
    assert new.documents.note_label.isVisibleTo(new)
    assert new.documents.note_label.text() == "Save the event first to attach documents."

    # the saved event: a programme added by the button, a list of participants dropped on the panel
    dialog = EventDialog(context, program_id, event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.documents
    assert panel.owner_id == event_id and panel.add_button.isEnabled() and not panel.note_label.isVisibleTo(dialog)
    programme = _pdf(tmp_path, "Chương trình – Hà Nội.pdf", "programme")
    monkeypatch.setattr(P, "ask_files", lambda parent: [str(programme)])
    monkeypatch.setattr(P, "ask_details", lambda parent, names, kind: (DocumentKind.OTHER, None))
    panel.add_button.click()
    _drop(panel, [_pdf(tmp_path, "참가자 명단.pdf", "people")])
    assert sorted(r["name"] for r in panel.rows()) == ["Chương trình – Hà Nội.pdf", "참가자 명단.pdf"]
    from hubdesk.db.enums import DocumentOwner
    from hubdesk.domain import documents

    with db.read() as s:
        stored = documents.find(s, owner=DocumentOwner.EVENT, owner_id=event_id)
        assert sorted(r.name for r in stored) == ["Chương trình – Hà Nội.pdf", "참가자 명단.pdf"]
        assert all(r.owner_name == "Hanoi buyer meeting" for r in stored)


def test_a_facility_takes_documents_once_it_is_saved(monkeypatch, qtbot, db, tmp_path):
    from hubdesk.db.enums import DocumentKind, DocumentOwner
    from hubdesk.domain import documents
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.documents import panel as P
    from hubdesk.ui.facilities.dialog import FacilityDialog
    from tests.factories import make_facility

    context = AppContext(db=db, user_name="Kim Minji")
    with db.write() as s:
        facility_id = make_facility(s, "Osong GMP plant").id

    new = FacilityDialog(context)
    qtbot.addWidget(new)
    new.show()
    assert not new.documents.add_button.isEnabled() and not new.documents.table.isEnabled()
    assert new.documents.note_label.text() == "Save the facility first to attach documents."

    dialog = FacilityDialog(context, facility_id)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.documents
    licence = _pdf(tmp_path, "의약품 제조업 허가증.pdf", "licence")
    monkeypatch.setattr(P, "ask_files", lambda parent: [str(licence)])
    monkeypatch.setattr(P, "ask_details", lambda parent, names, kind: (DocumentKind.CERTIFICATE, None))
    panel.add_button.click()
    assert [(r["name"], r["kind"]) for r in panel.rows()] == [("의약품 제조업 허가증.pdf", DocumentKind.CERTIFICATE)]
    with db.read() as s:
        row = documents.find(s, owner=DocumentOwner.FACILITY, owner_id=facility_id)[0]
        assert (row.name, row.owner_name) == ("의약품 제조업 허가증.pdf", "Osong GMP plant")
    opened = []
    monkeypatch.setattr(P, "open_url", lambda path: opened.append(path) or True)
    panel.select(panel.rows()[0]["id"])
    panel.open_button.click()
    assert opened[0].read_bytes() == licence.read_bytes()


def test_an_incident_report_is_kept_with_its_resource(monkeypatch, qtbot, db, tmp_path):
    from hubdesk.db.enums import DocumentKind, DocumentOwner
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.documents import panel as P
    from hubdesk.ui.facilities.incident_dialog import IncidentDialog
    from tests.factories import make_facility, make_resource

    with db.write() as s:
        resource_id = make_resource(s, make_facility(s, "Osong GMP plant"), "Isolator 2").id
    dialog = IncidentDialog(AppContext(db=db, user_name="Kim Minji"), resource_id)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.documents
    assert (panel.owner, panel.owner_id, panel.default_kind) == (DocumentOwner.RESOURCE, resource_id,
                                                                 DocumentKind.REPORT)
    assert panel.note_label.text() == ("Incident reports are kept with the resource Isolator 2: attach them here, "
                                       "of the kind “Report”.")
    asked = []
    monkeypatch.setattr(P, "ask_files", lambda parent: [str(_pdf(tmp_path, "Incident report.pdf", "i"))])
    monkeypatch.setattr(P, "ask_details", lambda parent, names, kind: asked.append(kind) or (kind, None))
    panel.add_button.click()
    assert asked == [DocumentKind.REPORT]
    assert [(r["name"], r["kind"]) for r in panel.rows()] == [("Incident report.pdf", DocumentKind.REPORT)]


def test_only_an_organization_s_documents_show_a_certificate_s_validity(qtbot, db):
    from hubdesk.db.enums import DocumentOwner
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.documents.panel import DocumentsPanel
    from hubdesk.ui.documents.table_model import DocumentsTableModel as M

    context = AppContext(db=db, user_name="Kim Minji")
    for owner in DocumentOwner:
        panel = DocumentsPanel(context, owner)
        qtbot.addWidget(panel)
        assert panel.table.isColumnHidden(M.COL_VALID) is (owner is not DocumentOwner.ORGANIZATION), owner
