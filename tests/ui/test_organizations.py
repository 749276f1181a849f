"""The Organizations area driven as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_models_pass_the_model_tester(qtmodeltester, context):
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(context.db)
    model.reload()
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)
    model.sort(OrganizationsTableModel.COL_REGION, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_search_filters_and_sort_in_sql(qtbot, context):
    from hubdesk.db.enums import OrgKind
    from hubdesk.ui.organizations.view import OrganizationsView

    view = OrganizationsView(context)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 5
    qtbot.keyClicks(view.search_edit, "bio")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.index(0, 0).data() == "한방바이오 주식회사"
    view.search_edit.clear()
    view.search_edit.flush()
    view.filter_combos["kind"].set_value(OrgKind.COMPANY)
    assert view.model.rowCount() == 2
    view.filter_combos["region"].set_value("Osong")
    assert [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == ["Cellgen Therapeutics"]
    assert "1" in view.count_label.text()


def test_create_with_a_bad_business_number_shows_the_sentence_then_saves_when_fixed(
        qtbot, context, shown_messages):
    from sqlalchemy import select

    from hubdesk.db.enums import OrgKind, Sector
    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.view import OrganizationsView

    view = OrganizationsView(context)
    qtbot.addWidget(view)
    view.new_record()
    dialog = view._dialog
    profile = dialog.profile
    qtbot.keyClicks(profile.name_edit, "Jecheon Herb Lab")
    profile.kind_combo.setCurrentIndex(profile.kind_combo.findData(OrgKind.COMPANY))
    profile.sector_combo.setCurrentIndex(profile.sector_combo.findData(Sector.HERBAL_MEDICINE))
    qtbot.keyClicks(profile.business_no_edit, "220-81-62518")        # last digit wrong
    problem = profile.problem_labels["business_no"]
    assert problem.text() and not problem.isHidden()                  # said while typing
    assert "220-81-62518" in problem.text()

    assert dialog.save() is False                                     # refused with the sentence
    assert shown_messages and shown_messages[-1][1] == problem.text()
    assert profile.name_edit.text() == "Jecheon Herb Lab"             # nothing typed is lost
    assert dialog.isVisible()

    profile.business_no_edit.clear()
    qtbot.keyClicks(profile.business_no_edit, "1248100998")          # a valid number, no hyphens
    assert problem.isHidden()
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        assert dialog.save() is True
    with context.db.read() as s:
        org = s.scalar(select(Organization).where(Organization.name == "Jecheon Herb Lab"))
        assert org.business_no == "124-81-00998" and org.sector is Sector.HERBAL_MEDICINE
        org_id = org.id
    assert view.model.rowCount() == 6                                 # the list reloaded
    assert view.selected_id() == org_id


def test_detail_page_shows_contacts_kpis_bookings_and_cases(qtbot, context):
    from sqlalchemy import select

    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    with context.db.read() as s:
        org_id = s.scalar(select(Organization.id).where(Organization.business_no == "220-81-62517"))
    dialog = OrganizationDialog(context, org_id)
    qtbot.addWidget(dialog)
    models = dialog.detail_models
    assert models["contacts"].index(0, 0).data() == "Kim Minji"
    assert models["certifications"].index(0, 0).data() == "KGMP"
    assert models["interactions"].index(0, 1).data() == "Support given"
    assert models["kpis"].index(0, 1).data() == "42"
    assert models["bookings"].rowCount() == 3
    assert dialog.tabs.count() == 9 and all(dialog.tabs.isTabEnabled(i) for i in range(9))   # Documents, Invoices
    opened = []
    context.bus.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    dialog._open_related("booking", models["bookings"], 0)
    assert opened == [("booking", models["bookings"].id_at(0))]
    assert not dialog.is_modified()
    dialog.profile.phone_edit.setText("043-123-4567")
    import hubdesk.ui.organizations.dialog as dialog_module

    asked = []
    dialog_module.ask_discard_changes = lambda parent: asked.append(parent) or False
    try:
        dialog.reject()                                               # the person keeps editing
    finally:
        dialog_module.ask_discard_changes = dialog_module._ask_discard_changes
    assert asked and dialog.result() == 0


def test_detail_page_reads_a_tab_when_it_is_first_shown(qtbot, context):
    """Opening the page reads no tab behind the profile (nor do the hidden tables' layout timers);
    showing a tab reads its list, which the table then shows; a record added reloads the tab shown."""
    from sqlalchemy import select

    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    with context.db.read() as s:
        org_id = s.scalar(select(Organization.id).where(Organization.business_no == "220-81-62517"))
    dialog = OrganizationDialog(context, org_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)                                   # the hidden tables' layout timers run
    assert not any(model.is_loaded for model in dialog.detail_models.values())
    assert dialog.detail_tables["contacts"].model() is None
    dialog.tabs.setCurrentIndex(dialog.tabs.indexOf(dialog.detail_tables["contacts"].parentWidget()))
    contacts = dialog.detail_models["contacts"]
    assert contacts.is_loaded and dialog.detail_tables["contacts"].model() is contacts
    assert contacts.index(0, 0).data() == "Kim Minji"
    assert not dialog.detail_models["bookings"].is_loaded         # still not shown
    assert dialog.detail_models["bookings"].rowCount() == 3        # read when its list is first read


def test_detail_models_pass_the_model_tester(qtmodeltester, context):
    from sqlalchemy import select

    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    with context.db.read() as s:
        org_id = s.scalar(select(Organization.id).where(Organization.business_no == "220-81-62517"))
    dialog = OrganizationDialog(context, org_id)
    for model in dialog.detail_models.values():
        qtmodeltester.check(model, force_py=True)
    dialog.deleteLater()


def test_export_writes_the_shown_list_with_filters_and_sort(qtbot, context, tmp_path, monkeypatch):
    import csv

    from hubdesk.db.enums import OrgStatus
    from hubdesk.ui.organizations import view as view_module
    from hubdesk.ui.organizations.view import OrganizationsView

    target = tmp_path / "partners.csv"
    monkeypatch.setattr(view_module, "ask_export_path", lambda parent: str(target))
    view = OrganizationsView(context)
    qtbot.addWidget(view)
    view.filter_combos["status"].set_value(OrgStatus.PARTNER)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    view.export_current()
    with target.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["Name", "Kind"]
    assert [r[0] for r in rows[1:]] == ["Osong General Hospital", "Chungbuk University"]
    assert rows[1][1] == "Hospital"


def test_contacts_certifications_and_interactions_are_added_from_the_page(qtbot, context, shown_messages):
    import datetime as dt

    from sqlalchemy import select

    from hubdesk.db.enums import InteractionKind, SupportType
    from hubdesk.db.schema import Organization
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    with context.db.read() as s:
        org_id = s.scalar(select(Organization.id).where(Organization.name == "Cellgen Therapeutics"))
    page = OrganizationDialog(context, org_id)
    qtbot.addWidget(page)
    page.add_record("contacts")
    form = page._add_dialog
    form.email_edit.setText("not-an-address")
    assert form.save() is False and "name" in form.problem_label.text()       # the sentence, form kept
    form.name_edit.setText("Park Jiho")
    assert form.save() is False and "not-an-address" in form.problem_label.text()
    form.email_edit.setText("jiho@cellgen.kr")
    form.primary_check.setChecked(True)
    assert form.save() is True
    assert page.detail_models["contacts"].index(0, 0).data() == "Park Jiho"

    page.add_record("interactions")
    form = page._add_dialog
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(InteractionKind.SUPPORT))
    assert form.save() is False and form.problem_label.text()                # support needs its type
    form.support_combo.setCurrentIndex(form.support_combo.findData(SupportType.PROTOTYPE))
    form.summary_edit.setPlainText("Scaffold prototype")
    assert form.save() is True
    assert page.detail_models["interactions"].index(0, 2).data() == "Prototype"

    page.add_record("certifications")
    form = page._add_dialog
    form.issued_edit.set_value(dt.date(2026, 1, 10))
    form.expires_edit.set_value(dt.date(2025, 1, 10))
    assert form.save() is False and "2025-01-10" in form.problem_label.text()
    form.expires_edit.set_value(None)
    assert form.save() is True
    assert page.detail_models["certifications"].rowCount() == 1


def test_print_shows_the_filtered_list_in_a_preview(qtbot, context, monkeypatch):
    from hubdesk.db.enums import OrgKind
    from hubdesk.ui.common import printing
    from hubdesk.ui.organizations.view import OrganizationsView

    printed = []
    monkeypatch.setattr(printing, "show_print_preview", lambda parent, document: printed.append(document))
    view = OrganizationsView(context)
    qtbot.addWidget(view)
    view.filter_combos["kind"].set_value(OrgKind.COMPANY)
    view.print_current()
    text = printed[0].toPlainText()
    assert "Cellgen Therapeutics" in text and "한방바이오 주식회사" in text
    assert "Chungbuk University" not in text and "Company" in text


def test_opening_the_list_runs_one_id_query(qtbot, context):
    from hubdesk.ui.organizations.view import OrganizationsView

    view = OrganizationsView(context)
    qtbot.addWidget(view)
    assert view.model.stats["id_queries"] == 1
    assert view.model.sort_state[0] == view.model.COL_NAME


def test_a_business_number_is_found_with_or_without_hyphens(context):
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(context.db)
    for text in ("220-81-62517", "2208162517", "81625"):
        model.set_search(text)
        assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["한방바이오 주식회사"], text


def test_profile_and_statement_are_printed_from_the_organization_page(qtbot, context, shown_messages,
                                                                      monkeypatch, tmp_path):
    import datetime as dt
    from hubdesk.domain import clock
    import subprocess

    from sqlalchemy import select

    from hubdesk.db.schema import Organization
    from hubdesk.domain.quarters import Quarter
    from hubdesk.ui.organizations.dialog import OrganizationDialog
    from hubdesk.ui.reports import dialog as report_dialogs

    def pdf_text(path) -> str:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                              text=True).stdout

    new = OrganizationDialog(context, None)
    qtbot.addWidget(new)
    assert not any(b.isEnabled() for b in new.document_buttons.values())   # nothing saved to print yet

    with context.db.read() as s:
        org_id = s.scalar(select(Organization.id).where(Organization.business_no == "220-81-62517"))
    page = OrganizationDialog(context, org_id)
    qtbot.addWidget(page)
    page.show()
    assert page.document_buttons["organization"].text() == "Print profile…"
    assert page.document_buttons["statement"].text() == "Usage statement…"

    qtbot.mouseClick(page.document_buttons["organization"], Qt.MouseButton.LeftButton)
    documents = page._documents_dialog
    qtbot.addWidget(documents)
    view = documents.view
    assert documents.isVisible() and documents.windowTitle() == "Documents of 한방바이오 주식회사"
    # only this organization's documents are offered, and the organization is not a choice
    assert [view.kind_combo.itemData(i) for i in range(view.kind_combo.count())] == ["organization", "statement"]
    assert not view.org_combo.isVisibleTo(view) and view.organization_id() == org_id
    assert view.org_combo.count() == 1 and view.title.text() == "한방바이오 주식회사"
    qtbot.waitUntil(lambda: view.pdf_path is not None and not view.is_busy(), timeout=90000)
    assert view.last_error is None and len(view.page_images) >= 1
    text = pdf_text(view.pdf_path)
    assert "한방바이오 주식회사" in text and "Kim Minji" in text and "KGMP" in text
    saved = tmp_path / "profile.pdf"
    offered = []
    monkeypatch.setattr(report_dialogs, "ask_save_path",
                        lambda parent, suggested: offered.append(suggested) or str(saved))
    assert documents.view.save_as() == saved and saved.read_bytes()[:5] == b"%PDF-"
    assert offered == ["한방바이오 주식회사-organization-profile.pdf"]
    documents.reject()
    assert not documents.isVisible() and not view.is_busy()

    quarter = str(Quarter.of(clock.today()))
    qtbot.mouseClick(page.document_buttons["statement"], Qt.MouseButton.LeftButton)
    documents = page._documents_dialog
    qtbot.addWidget(documents)
    view = documents.view
    assert view.kind() == "statement" and view.kind_combo.currentText() == "Facility usage statement"
    qtbot.waitUntil(lambda: view.pdf_path is not None and not view.is_busy(), timeout=90000)
    view.choose(quarter=quarter)
    assert view.generate()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=90000)
    assert view.last_error is None
    text = pdf_text(view.pdf_path)
    assert "한방바이오 주식회사" in text and "Cleanroom suite A" in text
    assert view.suggested_name() == f"한방바이오 주식회사-usage-statement-{quarter}.pdf"
    documents.reject()

    # unsaved edits: the page says to save first instead of printing the old profile
    page.profile.phone_edit.setText("043-999-0000")
    assert page.print_document("organization") is None
    assert "unsaved changes" in shown_messages[-1][1]
    page.profile.load(page._loaded_values)                        # leave the page unmodified to close
    assert not page.is_modified()
