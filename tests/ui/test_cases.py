"""The Clinical entry area driven as a person would: the pipeline board and the list, then a case
moved through its stages on its page — only the allowed moves are enabled, a forbidden one shows
the rule's sentence — a supplement asked beyond 30 days refused with the domain's sentence, the
review clock stopped and resumed, and a checklist document ticked with who and when."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from hubdesk.domain import clock


def _build_world(db):
    from hubdesk.db.enums import FacilityKind, Modality, OrgKind, Pathway, RiskLevel
    from hubdesk.domain.cases import open_case
    from tests.factories import make_facility, make_org

    today = clock.today()      # when the world is built, not when the module was imported (midnight in Korea)
    with db.write() as s:
        company = make_org(s, "Cellgen Therapeutics")
        hospital = make_org(s, "Osong General Hospital", kind=OrgKind.HOSPITAL)
        facility = make_facility(s, "Osong CPF", kind=FacilityKind.CELL_PROCESSING,
                                 licence_no="CPF-1", licence_expires_on=today + dt.timedelta(days=400))
        case = open_case(s, organization_id=company.id, product="CG-101 chondrocytes", pathway=Pathway.ARM_RESEARCH,
                         modality=Modality.CELL_THERAPY, risk_level=RiskLevel.MEDIUM,
                         opened_on=today - dt.timedelta(days=20), manufacturing_facility_id=facility.id)
        ind = open_case(s, organization_id=company.id, product="CG-202 NK cells", pathway=Pathway.IND,
                        modality=Modality.CELL_THERAPY, risk_level=RiskLevel.HIGH, opened_on=today)
        ids = dict(case=case.id, ind=ind.id, hospital=hospital.id, company=company.id)
    return db, ids


@pytest.fixture
def world(db):
    return _build_world(db)


@pytest.fixture
def view(qtbot, world):
    from hubdesk.ui.cases.view import CasesView
    from tests.ui.views import shown_view

    db, _ids = world
    return shown_view(qtbot, CasesView, db, user_name="Kim Minji")


def _open(view, case_id):
    assert view.open_record("case", case_id)
    return view._dialog


def test_models_pass_the_model_tester(qtmodeltester, view, world):
    from hubdesk.db.enums import Pathway
    from hubdesk.ui.cases.table_model import CasesTableModel

    _db, ids = world
    view.tabs.setCurrentIndex(view.LIST_TAB)                 # the list is read when its tab is opened
    assert view.model.rowCount() == 2
    # check() stays connected: the sort and the filter below are re-checked as they reset the model
    qtmodeltester.check(view.model, force_py=True)
    view.model.sort(CasesTableModel.COL_PRODUCT, Qt.SortOrder.DescendingOrder)
    assert view.model.index(0, CasesTableModel.COL_PRODUCT).data() == "CG-202 NK cells"
    view.filter_combos["pathway"].set_value(Pathway.IND)
    assert view.model.rowCount() == 1
    dialog = _open(view, ids["case"])
    for model in (dialog.history_model, dialog.documents_model, dialog.stops_model):
        qtmodeltester.check(model, force_py=True)


def test_board_has_a_column_per_stage_and_a_card_opens_the_case(qtbot, view, world):
    from hubdesk.db.enums import CaseStage
    from hubdesk.ui.cases.queries import BOARD_STAGES

    _db, ids = world
    assert [c.column.stage for c in view.board.columns] == list(BOARD_STAGES)
    intake = view.board.columns[0]
    assert intake.column.stage is CaseStage.INTAKE and intake.column.total == 2
    card = next(c for c in view.board.card_widgets() if c.card.case_id == ids["case"])
    assert card.title.text() == "Cellgen Therapeutics"
    assert "20 days in this stage" in card.days.text()
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert view._dialog is not None and view._dialog.case_id == ids["case"]
    assert view._dialog.title.text() == "CG-101 chondrocytes"


def test_the_list_is_read_when_its_tab_is_first_opened_with_the_filters_chosen_on_the_board(view, world):
    from sqlalchemy import event

    from hubdesk.db.enums import Pathway

    db, ids = world
    assert view.table.model() is None and view.model.rowCount() == 0     # the board is on screen
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        view.filter_combos["pathway"].set_value(Pathway.IND)             # the board follows, the list waits
        view.refresh()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert [c.card.case_id for c in view.board.card_widgets()] == [ids["ind"]]
    assert any("FROM clinical_case" in sql for sql in seen)              # the board's reads were seen
    assert not any("ORDER BY organization.name" in sql for sql in seen), seen   # and not the list's ids
    view.tabs.setCurrentIndex(view.LIST_TAB)
    assert view.table.model() is view.model
    assert [view.model.id_at(r) for r in range(view.model.rowCount())] == [ids["ind"]]
    assert view.count_label.text() == "1 case"


def test_a_column_shows_its_cases_longest_in_stage_first_then_how_many_more(qtbot, db):
    from hubdesk.db.enums import Modality, Pathway, RiskLevel
    from hubdesk.domain.cases import open_case
    from hubdesk.ui.cases.queries import CARDS_PER_COLUMN
    from hubdesk.ui.cases.view import CasesView
    from tests.factories import make_org
    from tests.ui.views import shown_view

    today = clock.today()
    with db.write() as s:
        org = make_org(s, "Cellgen Therapeutics")
        opened = [open_case(s, organization_id=org.id, product=f"CG-{n}", pathway=Pathway.IND,
                            modality=Modality.CELL_THERAPY, risk_level=RiskLevel.LOW,
                            opened_on=today - dt.timedelta(days=n)).id for n in range(CARDS_PER_COLUMN + 3)]
    view = shown_view(qtbot, CasesView, db)
    intake = view.board.columns[0]
    assert intake.column.total == CARDS_PER_COLUMN + 3
    assert [c.card.case_id for c in intake.cards] == opened[::-1][:CARDS_PER_COLUMN]
    assert intake.more.isVisibleTo(view) and intake.more.text() == "3 more cases: see the list"
    card = intake.cards[0]
    assert card.title.text() == "Cellgen Therapeutics" and card.product.text() == f"CG-{CARDS_PER_COLUMN + 2}"
    assert card.height() >= card.heightForWidth(card.width()) > 40        # its texts fit (painted)


def test_list_search_and_stage_filter(view, world):
    from hubdesk.db.enums import CaseStage

    view.tabs.setCurrentIndex(view.LIST_TAB)
    assert view.filter_combos["stage"].isVisible()
    view.search_edit.setText("NK")
    view.search_edit.flush()
    assert view.model.rowCount() == 1
    view.search_edit.setText("")
    view.search_edit.flush()
    view.filter_combos["stage"].set_value(CaseStage.SUBMITTED)
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "0 cases"


def test_move_a_case_through_its_stages(monkeypatch, view, world, shown_messages):
    from hubdesk.db.enums import CaseStage
    from hubdesk.db.schema import ClinicalCase
    from hubdesk.ui.cases import dialog as case_dialog

    db, ids = world
    page = _open(view, ids["case"])
    # only the next stage is offered at intake; a jump is disabled, with the rule's sentence shown
    submitted = page.moves.button_for(CaseStage.SUBMITTED)
    assert not submitted.isEnabled()
    assert "one stage at a time" in submitted.toolTip()
    row = page.moves.buttons.index(submitted)
    assert page.moves.reasons[row].text() == submitted.toolTip()
    assert page.moves.button_for(CaseStage.PRE_CONSULTATION).isEnabled()
    jumps = [b for b in page.moves.buttons if "one stage at a time" in b.toolTip()]
    assert len(jumps) > 2                                   # many moves forbidden for one reason...
    assert_each_sentence_once(page)                         # ...and the sentence is written once

    assert page.move_to(CaseStage.PRE_CONSULTATION)
    assert page.move_to(CaseStage.MANUFACTURING_READINESS)
    # no partner hospital yet: the move is not offered and the reason says what to do
    designate = page.moves.button_for(CaseStage.HOSPITAL_DESIGNATED)
    assert not designate.isEnabled()
    assert "no designated partner hospital" in designate.toolTip()
    assert not page.move_to(CaseStage.HOSPITAL_DESIGNATED)
    page.edit_parties()
    parties = page.parties_dialog
    parties.hospital_combo.setCurrentIndex(parties.hospital_combo.findData(ids["hospital"]))
    assert parties.save()
    assert page.fact_labels["hospital"][1].text() == "Osong General Hospital"
    for stage in (CaseStage.HOSPITAL_DESIGNATED, CaseStage.PLAN_DRAFTING, CaseStage.SUBMITTED,
                  CaseStage.UNDER_REVIEW):
        assert page.move_to(stage), stage
    assert page.stage_label.text() == "Stage: Under review"
    # a submitted case cannot go back
    back = page.moves.button_for(CaseStage.PLAN_DRAFTING)
    assert not back.isEnabled() and "cannot go back" in back.toolTip()

    # a supplement due in 45 days is refused with the domain's sentence; nothing changes
    monkeypatch.setattr(case_dialog, "ask_supplement_due", lambda parent, today: (today + dt.timedelta(days=45), ""))
    assert not page.move_to(CaseStage.SUPPLEMENT_REQUESTED)
    assert shown_messages and "at most 30 days" in shown_messages[-1][1]
    assert "45 days after the request" in shown_messages[-1][1]
    assert page.page.stage is CaseStage.UNDER_REVIEW

    monkeypatch.setattr(case_dialog, "ask_supplement_due",
                        lambda parent, today: (today + dt.timedelta(days=20), "Stability data"))
    assert page.move_to(CaseStage.SUPPLEMENT_REQUESTED)
    assert "stopped for a supplement" in page.clock_state.text()
    assert page.stops_model.rowCount() == 1
    assert page.fact_labels["supplements"][1].text() == "1 of 2"
    # while the clock is stopped only resuming the review (or withdrawing) is possible
    assert not page.moves.button_for(CaseStage.COMMITTEE_DECISION).isEnabled()
    assert page.move_to(CaseStage.UNDER_REVIEW)
    assert "running" in page.clock_state.text()
    assert page.history_model.rowCount() == 9  # opening + 8 moves
    assert page.history_model.index(0, 0).data()  # newest first, dated
    with db.read() as s:
        case = s.get(ClinicalCase, ids["case"])
        assert case.stage is CaseStage.UNDER_REVIEW and case.supplement_count == 1
        assert case.history[-1].changed_by == "Kim Minji"
    # the board follows
    under_review = next(c for c in view.board.columns if c.column.stage is CaseStage.UNDER_REVIEW)
    assert [card.card.case_id for card in under_review.cards] == [ids["case"]]


def test_open_a_new_case(view, world, shown_messages):
    from hubdesk.db.enums import CaseStage, Pathway

    _db, ids = world
    view.tabs.setCurrentIndex(view.LIST_TAB)
    view.new_record()
    d = view._new_dialog
    assert d.org_combo.findData(ids["hospital"]) < 0  # hospitals are partners, not case owners
    d.org_combo.setCurrentIndex(d.org_combo.findData(ids["company"]))
    d.pathway_combo.setCurrentIndex(d.pathway_combo.findData(Pathway.ARM_TREATMENT))
    assert not d.save()  # no product: the rule's sentence, the form stays
    assert "name of the product" in d.problem.text() and shown_messages
    d.product_edit.setText("CG-303 keratinocytes")
    d.pending_check.setChecked(True)
    assert d.save()
    page = view._dialog
    assert page.title.text() == "CG-303 keratinocytes"
    assert page.page.stage is CaseStage.INTAKE and page.page.hospital_pending
    assert page.fact_labels["hospital"][1].text() == "Designation pending"
    assert page.documents_model.rowCount() >= 5
    assert view.model.rowCount() == 3


def test_ind_skips_hospital_and_closing_needs_confirmation(monkeypatch, view, world):
    from hubdesk.db.enums import CaseOutcome, CaseStage
    from hubdesk.ui.cases import dialog as case_dialog

    _db, ids = world
    page = _open(view, ids["ind"])
    assert page.moves.button_for(CaseStage.HOSPITAL_DESIGNATED) is None
    completed = page.moves.button_for(CaseStage.CLOSED, CaseOutcome.COMPLETED)
    assert not completed.isEnabled() and "in conduct" in completed.toolTip()
    asked = []
    monkeypatch.setattr(case_dialog, "confirm_close", lambda parent, text: asked.append(text) or False)
    assert not page.move_to(CaseStage.CLOSED, CaseOutcome.WITHDRAWN)
    assert asked == ["Withdraw the case"] and page.page.stage is CaseStage.INTAKE
    monkeypatch.setattr(case_dialog, "confirm_close", lambda parent, text: True)
    assert page.move_to(CaseStage.CLOSED, CaseOutcome.WITHDRAWN)
    assert page.stage_label.text() == "Stage: Closed (Withdrawn)"
    assert not any(b.isEnabled() for b in page.moves.buttons)
    assert_each_sentence_once(page)


def assert_each_sentence_once(page) -> None:
    """Forbidden moves that share a sentence show it once, beside all of them."""
    labels = list(dict.fromkeys(page.moves.reasons))
    sentences = [label.text() for label in labels if label.text()]
    assert len(sentences) == len(set(sentences)), sentences
    for button, label in zip(page.moves.buttons, page.moves.reasons):
        assert label.text() == button.toolTip()


def test_tick_a_document_records_who_and_when(view, world):
    from hubdesk.db.schema import CaseDocument
    from hubdesk.ui.cases.table_model import CaseDocumentsTableModel, DoneRole

    db, ids = world
    page = _open(view, ids["case"])
    model = page.documents_model
    index = model.index(0, CaseDocumentsTableModel.COL_DOCUMENT)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert index.data(DoneRole) is True
    assert model.index(0, CaseDocumentsTableModel.COL_DONE_BY).data() == "Kim Minji"
    assert model.index(0, CaseDocumentsTableModel.COL_DONE_AT).data()
    with db.read() as s:
        doc = s.query(CaseDocument).filter_by(case_id=ids["case"], code=index.data(Qt.ItemDataRole.UserRole + 11)).one()
        assert doc.done and doc.done_by == "Kim Minji" and doc.done_at is not None
    assert model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.index(0, CaseDocumentsTableModel.COL_DONE_BY).data() == ""


def test_switching_language_retranslates(view, world):
    from hubdesk import i18n

    _db, ids = world
    page = _open(view, ids["case"])
    try:
        view.context.set_language("ko")
        assert view.title.text() == i18n._("Clinical entry")
        assert view.title.text() != "Clinical entry"
        assert page.stage_label.text() != "Stage: Intake"
    finally:
        view.context.set_language("en")
    assert view.title.text() == "Clinical entry"
    assert page.stage_label.text() == "Stage: Intake"


def test_list_and_board_on_sqlite_and_postgresql(any_db):
    """The list filters, searches (LIKE wildcards literally) and sorts in SQL on both databases;
    the board reads the same cases."""
    from hubdesk.db.enums import CaseStage, Pathway, RiskLevel
    from hubdesk.ui.cases.queries import load_board
    from hubdesk.ui.cases.table_model import CasesTableModel

    db, ids = _build_world(any_db)
    model = CasesTableModel(db)
    model.reload()
    assert model.rowCount() == 2
    model.sort(CasesTableModel.COL_PRODUCT, Qt.SortOrder.AscendingOrder)
    assert [model.id_at(r) for r in range(2)] == [ids["case"], ids["ind"]]
    model.set_search("cellgen")
    assert model.rowCount() == 2  # case-insensitive on both databases
    model.set_search("CG-2")
    assert model.rowCount() == 1
    model.set_search("100%")
    assert model.rowCount() == 0
    model.set_search("")
    model.set_filter("risk_level", RiskLevel.HIGH)
    assert [model.id_at(0)] == [ids["ind"]]
    model.set_filter("stage", CaseStage.INTAKE)
    assert model.rowCount() == 1
    intake = load_board(db, pathway=Pathway.ARM_RESEARCH)[0]
    assert intake.total == 1 and intake.cards[0].case_id == ids["case"]


def test_the_count_follows_a_long_list_completed_after_its_first_rows(qtbot, monkeypatch, world):
    """A list longer than the model's first rows shows those at once and the rest a moment later;
    the count then says the whole number, not the first rows'."""
    from hubdesk.ui.cases.view import CasesView
    from hubdesk.ui.common.lazy_table_model import LazyTableModel
    from hubdesk.ui.context import AppContext

    monkeypatch.setattr(LazyTableModel, "FIRST_ROWS", 1)      # two cases: one first, then the rest
    db, _ids = world
    view = CasesView(AppContext(db=db, user_name="Kim Minji"))
    qtbot.addWidget(view)
    view.tabs.setCurrentIndex(view.LIST_TAB)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1)
    assert view.model.is_partial and view.model.rowCount() == 1
    qtbot.waitUntil(lambda: not view.model.is_loading, timeout=10000)
    assert view.model.rowCount() == 2 and view.count_label.text() == "2 cases"
