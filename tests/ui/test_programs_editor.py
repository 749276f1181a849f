"""The Programs editor driven as a person would, from an empty migrated database (no demo): the main
window's New (Ctrl+N) makes a program; then two budget lines, a participant, a milestone (its start
date edited), an expenditure, an event with an organization and its outcomes, a quarterly KPI
target and a foundation-wide one, each checked in the database and on the screen; refused inputs
show their sentence under the form and write nothing; removing asks first; Ctrl+E exports the list."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt


@pytest.fixture
def window(qtbot, db, shown_messages):
    from PySide6.QtCore import QThreadPool

    from hubdesk.ui.app import open_main_window

    with db.write() as s:   # the one organization the program's records refer to
        from tests.factories import make_org

        make_org(s, "한방바이오 주식회사")
        make_org(s, "Saigon Herbal JSC")
    w = open_main_window(db, user_name="Tester", start_area="dashboard")
    qtbot.addWidget(w)
    w.resize(1440, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    QThreadPool.globalInstance().waitForDone(30000)


def _count(db, table) -> int:
    from sqlalchemy import func, select

    with db.read() as s:
        return s.scalar(select(func.count()).select_from(table))


def _new_program(window):
    view = window.show_area("programs")
    assert view.programs_model.rowCount() == 0
    assert not view.budget_tab.lines.new_button.isEnabled()      # nothing to add to yet
    window.actions_by_name["new"].trigger()                       # Ctrl+N in this area: a program
    d = view._dialog
    assert d.windowTitle() == "New program"
    d.name_edit.setText("2026 바이오헬스 수출지원")
    d.name_en_edit.setText("Bio-health export support")
    d.funder_combo.setCurrentIndex(d.funder_combo.findData("motie"))
    d.first_year.setValue(2026)
    d.last_year.setValue(2027)
    d.starts_edit.setDate(QDate(2026, 3, 1))
    d.manager_edit.setText("Park Jiwoo")
    d.description_edit.setPlainText("Export consultations and buyer meetings in Vietnam.")
    assert d.save()
    return view


def test_a_program_is_built_from_nothing_through_the_screens(qtbot, window, db, monkeypatch, tmp_path):
    from hubdesk.db.enums import EventKind, ExpenseCategory, FundingSource, ParticipantRole, ProgramStatus
    from hubdesk.db.schema import (BudgetLine, Event, Expenditure, KpiTarget, Milestone, Organization, Participant,
                                   Program)
    from hubdesk.ui.programs import dialog as dialogs
    from hubdesk.ui.programs.table_model import (BudgetLinesTableModel, EventsTableModel, MilestonesTableModel,
                                                 ParticipantsTableModel)

    view = _new_program(window)
    with db.read() as s:
        program = s.query(Program).one()
        assert (program.name, program.name_en, program.fiscal_year, program.last_fiscal_year, program.status,
                program.starts_on, program.ends_on, program.manager) == (
            "2026 바이오헬스 수출지원", "Bio-health export support", 2026, 2027, ProgramStatus.ACTIVE,
            dt.date(2026, 3, 1), None, "Park Jiwoo")
        program_id = program.id
        orgs = {o.name: o.id for o in s.query(Organization)}
    assert view.programs_model.rowCount() == 1 and view.page.program_id == program_id
    assert view.program_title.text() == "2026 바이오헬스 수출지원 · Bio-health export support"
    assert "Fiscal years 2026–2027" in view.program_subtitle.text()
    assert view.count_label.text() == "1 program"

    # two budget lines: national and provincial; a negative amount is refused and writes nothing
    lines = view.budget_tab.lines
    assert lines.new_button.isEnabled()
    lines.new_button.click()
    d = view._dialog
    assert [d.year_combo.itemData(i) for i in range(d.year_combo.count())] == [2026, 2027]
    d.year_combo.setCurrentIndex(d.year_combo.findData(2026))
    d.source_combo.setCurrentIndex(d.source_combo.findData(FundingSource.NATIONAL))
    d.category_combo.setCurrentIndex(d.category_combo.findData(ExpenseCategory.PERSONNEL))
    d.amount_edit.setText("-5")
    assert not d.save()
    assert d.problem.isVisibleTo(d) and d.problem.text() == "The amount -5 won is negative. Enter 0 or more."
    assert _count(db, BudgetLine) == 0 and d.isVisible()
    d.amount_edit.setText("800,000,000")
    assert d.save()
    lines.new_button.click()
    d = view._dialog
    d.year_combo.setCurrentIndex(d.year_combo.findData(2026))
    d.source_combo.setCurrentIndex(d.source_combo.findData(FundingSource.PROVINCIAL))
    d.category_combo.setCurrentIndex(d.category_combo.findData(ExpenseCategory.COMPANY_SUPPORT))
    d.amount_edit.setText("200000000")
    assert d.save()
    with db.read() as s:
        saved = {(l.source, l.category, l.fiscal_year): l.amount_krw for l in s.query(BudgetLine)}
        national_id = s.query(BudgetLine.id).filter_by(source=FundingSource.NATIONAL).scalar()
    assert saved == {(FundingSource.NATIONAL, ExpenseCategory.PERSONNEL, 2026): 800_000_000,
                     (FundingSource.PROVINCIAL, ExpenseCategory.COMPANY_SUPPORT, 2026): 200_000_000}
    assert lines.model.rowCount() == 2
    assert lines.model.index(lines.model.row_of_id(national_id), BudgetLinesTableModel.COL_AMOUNT).data() == \
        "₩800,000,000"
    assert view.budget.bars[FundingSource.PROVINCIAL].text() == "0.0%"
    assert view.budget.bars[FundingSource.PRIVATE].text() == "no budget"

    # an expenditure against the national line (chosen on the Budget tab)
    view.tabs.setCurrentIndex(view.BUDGET_TAB)
    lines.select_id(national_id)
    view.expenditures_tab.new_button.click()
    d = view._dialog
    assert d.line_combo.currentData() == national_id
    assert "National" in d.line_combo.currentText() and "Personnel" in d.line_combo.currentText()
    d.date_edit.setDate(QDate(2026, 3, 2))
    d.amount_edit.setText("200,000,000")
    d.description_edit.setText("Coordinators' salaries Q1")
    assert d.save()
    with db.read() as s:
        spent = s.query(Expenditure).one()
        assert (spent.budget_line_id, spent.amount_krw, spent.source, spent.category, spent.spent_on) == (
            national_id, 200_000_000, FundingSource.NATIONAL, ExpenseCategory.PERSONNEL, dt.date(2026, 3, 2))
    assert view.budget.bars[FundingSource.NATIONAL].text() == "25.0%"
    category = view.budget_tab.category_model
    by_item = {category.index(r, 0).data(): category.index(r, 3).data() for r in range(category.rowCount())}
    assert by_item == {"Personnel": "25.0%", "Support to companies": "0.0%"}
    assert view.programs_model.index(0, view.programs_model.COL_RATE).data() == "20.0%"

    # a participating organization
    view.participants_tab.new_button.click()
    d = view._dialog
    d.org_combo.setEditText("한방바이오 주식회사")
    d.role_combo.setCurrentIndex(d.role_combo.findData(ParticipantRole.BENEFICIARY))
    d.joined_edit.setDate(QDate(2026, 3, 15))
    assert d.save()
    with db.read() as s:
        part = s.query(Participant).one()
        assert (part.program_id, part.organization_id, part.role, part.joined_on, part.left_on) == (
            program_id, orgs["한방바이오 주식회사"], ParticipantRole.BENEFICIARY, dt.date(2026, 3, 15), None)
    pm = view.participants_model
    assert pm.index(0, ParticipantsTableModel.COL_ORGANIZATION).data() == "한방바이오 주식회사"
    assert pm.index(0, ParticipantsTableModel.COL_ROLE).data() == "Beneficiary"

    # a milestone, then its start date edited
    view.milestones_tab.new_button.click()
    d = view._dialog
    d.title_edit.setText("Buyer meeting in Hanoi")
    d.owner_edit.setText("Kim Minji")
    d.due_edit.setDate(QDate(2026, 6, 30))
    assert d.save()
    with db.read() as s:
        milestone = s.query(Milestone).one()
        milestone_id = milestone.id
        assert milestone.started_on is None and milestone.due_on == dt.date(2026, 6, 30)
    assert view.selected_milestone_id() == milestone_id
    view.milestones_tab.edit_button.click()
    d = view._dialog
    assert d.windowTitle() == "Edit milestone" and d.title_edit.text() == "Buyer meeting in Hanoi"
    d.started_edit.setDate(QDate(2026, 7, 1))          # after the due date: refused
    assert not d.save()
    assert "is after the due date" in d.problem.text()
    d.started_edit.setDate(QDate(2026, 5, 10))
    assert d.save()
    with db.read() as s:
        assert s.get(Milestone, milestone_id).started_on == dt.date(2026, 5, 10)
    opened = []
    view.milestones_tab.edit_requested.connect(opened.append)
    table = view.milestones_tab.table
    cell = table.visualRect(view.milestones_model.index(0, MilestonesTableModel.COL_TITLE)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)   # a double-click edits, once
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert opened == [milestone_id]
    view._dialog.reject()
    mm = view.milestones_model
    assert mm.index(0, MilestonesTableModel.COL_STARTED).data() == "May 10, 2026"
    assert view.timeline.milestones[0]["started_on"] == dt.date(2026, 5, 10)

    # an event with an organization and its outcomes
    view.events_tab.new_button.click()
    d = view._dialog
    d.name_edit.setText("Hanoi buyer meeting")
    d.kind_combo.setCurrentIndex(d.kind_combo.findData(EventKind.BUYER_MEETING))
    d.date_edit.setDate(QDate(2026, 6, 3))
    d.location_edit.setText("Hanoi")
    d.org_filter.setText("saigon")
    visible = [d.org_list.item(i).text() for i in range(d.org_list.count()) if not d.org_list.item(i).isHidden()]
    assert visible == ["Saigon Herbal JSC"]
    d.set_organizations([orgs["Saigon Herbal JSC"]])
    assert d.chosen_label.text() == "1 organization ticked"
    d.counts["participants"].setValue(40)
    d.counts["buyer_meetings"].setValue(12)
    d.counts["export_consultations"].setValue(5)
    d.counts["export_contracts"].setValue(6)          # more contracts than consultations: refused
    d.amounts["export_contract_krw"].setText("90,000,000")
    assert not d.save()
    assert "more than the 5 export consultations" in d.problem.text()
    assert _count(db, Event) == 0
    d.counts["export_contracts"].setValue(2)
    assert d.save()
    with db.read() as s:
        event = s.query(Event).one()
        assert (event.program_id, event.kind, event.held_on, event.participants, event.buyer_meetings,
                event.export_consultations, event.export_contracts, event.export_contract_krw) == (
            program_id, EventKind.BUYER_MEETING, dt.date(2026, 6, 3), 40, 12, 5, 2, 90_000_000)
        assert [a.organization_id for a in event.attendees] == [orgs["Saigon Herbal JSC"]]
    em = view.events_model
    assert em.index(0, EventsTableModel.COL_NAME).data() == "Hanoi buyer meeting"
    assert em.index(0, EventsTableModel.COL_ORGANIZATIONS).data() == "1"
    assert em.index(0, EventsTableModel.COL_CONTRACTS).data() == "₩90,000,000"
    view.events_tab.edit_button.click()                 # the form comes back as saved
    d = view._dialog
    assert d.organization_ids() == [orgs["Saigon Herbal JSC"]] and d.counts["buyer_meetings"].value() == 12
    d.reject()

    # a quarterly KPI target of the program
    view.tabs.setCurrentIndex(view.TARGETS_TAB)
    view.targets_tab.new_button.click()
    d = view.targets_tab._dialog
    d.year_spin.setValue(2026)
    d.period_combo.setCurrentIndex(d.period_combo.findData(2))
    d.kpi_combo.setCurrentIndex(d.kpi_combo.findData("buyer_meetings"))
    d.value_edit.setText("ten")
    assert not d.save()
    assert d.problem.text().startswith("The target “ten” is not a number")
    d.value_edit.setText("10")
    assert d.save()
    with db.read() as s:
        target = s.query(KpiTarget).one()
        assert (target.program_id, target.year, target.quarter, target.kpi, target.target_value) == (
            program_id, 2026, 2, "buyer_meetings", 10.0)
    tm = view.targets_model
    assert tm.rowCount() == 1
    assert tm.index(0, tm.COL_PERIOD).data() == "2026 Q2" and tm.index(0, tm.COL_ACTUAL).data() == "12"
    assert tm.index(0, tm.COL_ACHIEVEMENT).data() == "120.0%"

    # the foundation's own targets, from the area's button
    view.foundation_button.click()
    foundation = view._dialog
    assert foundation.panel.model.rowCount() == 0
    foundation.panel.new_button.click()
    d = foundation.panel._dialog
    assert d.windowTitle() == "New foundation target"
    d.year_spin.setValue(2026)
    d.kpi_combo.setCurrentIndex(d.kpi_combo.findData("milestone_on_time_rate"))
    assert d.captions[3].text() == "Target (%)"
    d.value_edit.setText("80")
    assert d.save()
    with db.read() as s:
        aim = s.query(KpiTarget).filter(KpiTarget.program_id.is_(None)).one()
        assert (aim.year, aim.quarter, aim.target_value) == (2026, None, 0.8)
    assert foundation.panel.model.rowCount() == 1
    assert foundation.panel.model.index(0, 2).data() == "80.0%"
    foundation.reject()
    assert view.targets_model.rowCount() == 1          # the program's tab keeps its own targets

    # marked done, then not done after all
    view.tabs.setCurrentIndex(view.MILESTONES_TAB)
    view.milestones_tab.select_id(milestone_id)
    assert not view.reopen_button.isEnabled()
    monkeypatch.setattr(dialogs, "ask_done_date", lambda parent, title, today: dt.date(2026, 6, 28))
    assert view.mark_selected_done()
    assert view.milestones_model.index(0, MilestonesTableModel.COL_STATUS).data() == "Done"
    assert view.reopen_button.isEnabled() and not view.mark_done_button.isEnabled()
    view.reopen_button.click()
    with db.read() as s:
        assert s.get(Milestone, milestone_id).done_on is None
    assert view.milestones_model.index(0, MilestonesTableModel.COL_STATUS).data() != "Done"

    # removing asks first (the Delete key too); a "no" keeps the record
    monkeypatch.setattr(dialogs, "ask_remove", lambda parent, question: False)
    view.milestones_tab.remove_button.click()
    assert _count(db, Milestone) == 1
    asked = []
    monkeypatch.setattr(dialogs, "ask_remove", lambda parent, question: asked.append(question) or True)
    view.milestones_tab.table.setFocus()
    qtbot.keyClick(view.milestones_tab.table, Qt.Key.Key_Delete)
    assert asked == ["Remove the milestone “Buyer meeting in Hanoi”?"]
    assert _count(db, Milestone) == 0 and view.milestones_model.rowCount() == 0

    # the program cannot be removed while it has an expenditure: the rule's sentence
    from hubdesk.ui.common import errors

    shown = []
    monkeypatch.setattr(errors, "show_message", lambda parent, title, text, icon: shown.append(text))
    assert not view.remove_program()
    assert "has 1 expenditure, so it cannot be removed" in shown[-1]
    assert _count(db, Program) == 1

    # Ctrl+E: the list with budget, spend and execution
    from hubdesk.ui.programs import view as programs_view

    path = tmp_path / "programs.csv"
    monkeypatch.setattr(programs_view, "ask_export_path", lambda parent: str(path))
    window.actions_by_name["export"].trigger()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:6] == ["Program", "Funder", "Fiscal year", "Budget", "Spent", "Execution"]
    assert rows[1][:6] == ["2026 바이오헬스 수출지원", "MOTIE", "2026–2027",
                           "₩1,000,000,000", "₩200,000,000", "20.0%"]


def test_editing_a_program_and_removing_one_without_spend(qtbot, window, db, monkeypatch):
    from hubdesk.db.enums import ProgramStatus
    from hubdesk.db.schema import Program
    from hubdesk.ui.programs import dialog as dialogs

    view = _new_program(window)
    view.edit_button.click()
    d = view._dialog
    assert d.windowTitle() == "Edit program" and d.last_year.value() == 2027
    assert d.starts_edit.date() == QDate(2026, 3, 1) and dialogs.date_value(d.ends_edit) is None
    d.ends_edit.setDate(QDate(2026, 2, 1))              # before the start: refused, nothing written
    assert not d.save()
    assert d.problem.text().startswith("The program ends on 2026-02-01, before it starts on 2026-03-01.")
    d.ends_edit.setDate(QDate(2027, 12, 31))
    d.status_combo.setCurrentIndex(d.status_combo.findData(ProgramStatus.CLOSED))
    assert d.save()
    with db.read() as s:
        p = s.query(Program).one()
        assert (p.ends_on, p.status) == (dt.date(2027, 12, 31), ProgramStatus.CLOSED)
    assert "Closed program" in view.program_subtitle.text()
    monkeypatch.setattr(dialogs, "ask_remove", lambda parent, question: True)
    assert view.remove_program()
    assert _count(db, Program) == 0 and view.programs_model.rowCount() == 0
    assert view.program_title.text() == "No programs yet"
    assert not view.edit_button.isEnabled()


def test_the_editor_retranslates(qtbot, window, db):
    view = _new_program(window)
    view.budget_tab.lines.new_button.click()
    d = view._dialog
    try:
        view.context.set_language("ko")
        from hubdesk.i18n import _

        assert d.windowTitle() == _("New budget line") != "New budget line"
        assert view.tabs.tabText(view.PARTICIPANTS_TAB) == _("Participants") != "Participants"
        assert view.budget_tab.lines.new_button.text() == _("New budget line…") != "New budget line…"
    finally:
        view.context.set_language("en")
    assert d.captions[0].text() == "Fiscal year"
    d.reject()


def test_new_models_pass_the_model_tester(qtbot, qtmodeltester, window):
    view = _new_program(window)
    for model in (view.participants_model, view.budget_tab.category_model, view.budget_tab.lines.model):
        qtmodeltester.check(model, force_py=True)


def test_a_kpi_request_for_the_programs_companies(qtbot, window, db, monkeypatch, tmp_path, shown_messages):
    """Programs › Participants › KPI request…: disabled while nobody takes part; then the chosen
    quarter's workbook lists the program's beneficiary (not the organization outside it), and the
    status bar says where it went."""
    import openpyxl
    from hubdesk.db.enums import ParticipantRole
    from hubdesk.domain.quarters import Quarter
    from hubdesk.ui.common import kpi_request

    view = _new_program(window)
    assert not view.kpi_request_button.isEnabled()
    view.tabs.setCurrentIndex(view.PARTICIPANTS_TAB)
    view.participants_tab.new_button.click()
    d = view._dialog
    d.org_combo.setEditText("Saigon Herbal JSC")
    d.role_combo.setCurrentIndex(d.role_combo.findData(ParticipantRole.COHORT_MEMBER))
    d.joined_edit.setDate(QDate(2026, 3, 15))
    assert d.save()
    assert view.kpi_request_button.isEnabled() and view.kpi_request_button.text() == "KPI request…"

    asked = []
    target = tmp_path / "program-request.xlsx"
    monkeypatch.setattr(kpi_request, "ask_quarter", lambda parent, today: Quarter(2026, 2))
    monkeypatch.setattr(kpi_request, "ask_request_path",
                        lambda parent, suggested: asked.append(suggested) or str(target))
    statuses = []
    window.context.bus.status_message.connect(statuses.append)
    view.kpi_request_button.click()
    assert asked == ["kpi-request-2026 바이오헬스 수출지원-2026Q2.xlsx"]
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(target).active.iter_rows()]
    headers = rows[0]
    assert [r[headers.index("기업명")] for r in rows[1:]] == ["Saigon Herbal JSC"]
    assert rows[1][headers.index("분기")] == 2 and rows[1][headers.index("연도")] == 2026
    assert statuses[-1] == f"The KPI request for 2026Q2 (1 organization) is saved to {target}."

    # the quarter before the company joined: nobody to ask, said in a sentence, no file
    monkeypatch.setattr(kpi_request, "ask_quarter", lambda parent, today: Quarter(2025, 4))
    target.unlink()
    view.kpi_request_button.click()
    assert not target.exists()
    assert "No company takes part in 2026 바이오헬스 수출지원 during 2025Q4" in shown_messages[-1][1]
