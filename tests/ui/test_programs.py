"""The Programs area driven as a person would: budgets by source with execution bars, the milestone
timeline with derived statuses, marking a milestone done (its status changes in the table and on
the timeline), adding an expenditure (a refused one keeps the form and shows the sentence), KPI
targets against actuals, and events."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

TODAY = dt.date(2026, 8, 20)


@pytest.fixture
def world(db):
    from hubdesk.db.enums import EventKind, Funder, FundingSource, InteractionKind, SupportType
    from hubdesk.db.schema import Event, Expenditure, Interaction, KpiTarget, Milestone, Program
    from tests.factories import make_org

    with db.write() as s:
        org = make_org(s, "한방바이오 주식회사")
        s.add(Interaction(organization_id=org.id, kind=InteractionKind.SUPPORT, support_type=SupportType.TESTING,
                          occurred_on=dt.date(2026, 5, 4), summary="Stability testing"))
        from tests.factories import make_expenditure, make_program

        program = make_program(s, "Regional herbal cluster support", funder=Funder.MOTIE, fiscal_year=2026,
                               budgets={"national": 800_000_000, "provincial": 200_000_000}, manager="Park Jiwoo")
        s.add_all([
            Milestone(program_id=program.id, title="Kick-off", due_on=dt.date(2026, 2, 1),
                      started_on=dt.date(2026, 1, 10), done_on=dt.date(2026, 1, 30)),
            Milestone(program_id=program.id, title="Buyer meeting in Hanoi", due_on=TODAY - dt.timedelta(days=2)),
            Milestone(program_id=program.id, title="Brand catalogue", due_on=TODAY + dt.timedelta(days=7)),
            Milestone(program_id=program.id, title="Annual report", due_on=dt.date(2026, 12, 10),
                      started_on=dt.date(2026, 8, 1)),
            make_expenditure(s, program.lines["national"], dt.date(2026, 3, 2), 200_000_000, "Personnel"),
            make_expenditure(s, program.lines["provincial"], dt.date(2026, 4, 9), 50_000_000, "Marketing"),
            KpiTarget(program_id=program.id, year=2026, quarter=None, kpi="companies_supported", target_value=4),
            KpiTarget(program_id=program.id, year=2026, quarter=2, kpi="support_testing", target_value=2),
            Event(program_id=program.id, name="Hanoi buyer meeting", kind=EventKind.BUYER_MEETING,
                  held_on=dt.date(2026, 6, 3), participants=40, buyer_meetings=12, export_contract_krw=90_000_000),
        ])
        ids = {"program": program.id}
    with db.read() as s:
        ids.update({m.title: m.id for m in s.query(Milestone).all()})
    return db, ids


@pytest.fixture
def view(qtbot, world):
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.programs.view import ProgramsView

    db, _ids = world
    v = ProgramsView(AppContext(db=db, user_name="Tester"), today=TODAY)
    qtbot.addWidget(v)
    v.resize(1300, 860)
    v.show()
    return v


def test_models_pass_the_model_tester(qtmodeltester, view):
    view.tabs.setCurrentIndex(view.TARGETS_TAB)
    for model in (view.programs_model, view.milestones_model, view.expenditures_model, view.targets_model,
                  view.events_model, view.budget_tab.lines.model, view.budget_tab.category_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_budget_execution_by_source(view):
    from hubdesk.db.enums import FundingSource

    assert view.program_title.text() == "Regional herbal cluster support"
    assert view.budget.bars[FundingSource.NATIONAL].text() == "25.0%"
    assert view.budget.bars[FundingSource.PROVINCIAL].text() == "25.0%"
    assert view.budget.bars[FundingSource.PRIVATE].text() == "no budget"
    assert "₩200,000,000" in view.budget.amounts[FundingSource.NATIONAL].text()
    assert view.programs_model.index(0, view.programs_model.COL_RATE).data() == "25.0%"


def test_milestones_show_derived_status_with_colour_and_icon(view, world):
    from hubdesk.domain.programs import MilestoneStatus
    from hubdesk.ui.programs.table_model import MilestonesTableModel, StatusRole

    model = view.milestones_model
    statuses = {model.index(r, MilestonesTableModel.COL_TITLE).data(): model.index(r, 0).data(StatusRole)
                for r in range(model.rowCount())}
    assert statuses == {"Kick-off": MilestoneStatus.DONE, "Buyer meeting in Hanoi": MilestoneStatus.LATE,
                        "Brand catalogue": MilestoneStatus.AT_RISK, "Annual report": MilestoneStatus.ON_TRACK}
    late = model.index(1, MilestonesTableModel.COL_STATUS)
    assert late.data() == "Late"
    assert not late.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert late.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b91c1c"
    # the timeline draws every milestone and picks one on a click
    assert len(view.timeline.milestones) == 4
    image = view.timeline.grab().toImage()
    assert image.width() > 300 and image.height() >= view.timeline.minimumSizeHint().height()
    row_y = 44 + 2 * 24 + 12
    view.timeline.mousePressEvent(_click(row_y))
    assert view.selected_milestone_id() == world[1]["Brand catalogue"]


def _click(y):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent

    return QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(40, y), QPointF(40, y),
                       Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_mark_a_milestone_done(monkeypatch, view, world, shown_messages):
    from hubdesk.db.schema import Milestone
    from hubdesk.domain.programs import MilestoneStatus
    from hubdesk.ui.programs import dialog
    from hubdesk.ui.programs.table_model import StatusRole

    db, ids = world
    view.select_milestone(ids["Buyer meeting in Hanoi"])
    assert view.mark_done_button.isEnabled()
    # a date in the future is refused with the rule's sentence
    monkeypatch.setattr(dialog, "ask_done_date", lambda parent, title, today: today + dt.timedelta(days=3))
    assert not view.mark_selected_done()
    assert "in the future" in shown_messages[-1][1]
    monkeypatch.setattr(dialog, "ask_done_date", lambda parent, title, today: today - dt.timedelta(days=1))
    assert view.mark_selected_done()
    row = view.milestones_model.row_of_id(ids["Buyer meeting in Hanoi"])
    assert view.milestones_model.index(row, 0).data(StatusRole) == MilestoneStatus.DONE
    assert view.milestones_model.index(row, 0).data() == "Done"
    assert not view.mark_done_button.isEnabled()
    assert next(m for m in view.timeline.milestones if m["id"] == ids["Buyer meeting in Hanoi"])["status"] \
        is MilestoneStatus.DONE
    with db.read() as s:
        assert s.get(Milestone, ids["Buyer meeting in Hanoi"]).done_on == TODAY - dt.timedelta(days=1)


def test_add_an_expenditure(view, shown_messages):
    from hubdesk.db.enums import FundingSource

    view.add_expenditure()
    d = view._dialog
    national = next(i for i in range(d.line_combo.count()) if "National" in d.line_combo.itemText(i))
    d.line_combo.setCurrentIndex(national)
    assert d.date_edit.date().toPython() == TODAY      # a line of this year: today
    d.amount_edit.setText("150,000,000")
    from PySide6.QtCore import QDate

    d.date_edit.setDate(QDate(2025, 12, 30))   # outside the line's fiscal year: refused, form kept
    assert not d.save()
    assert "outside fiscal year 2026" in d.problem.text()
    assert shown_messages and d.amount_edit.text() == "150,000,000"
    d.date_edit.setDate(QDate(2026, 8, 1))
    assert d.save()
    assert view.expenditures_model.rowCount() == 3
    assert view.budget.bars[FundingSource.NATIONAL].text() == "43.8%"


def test_kpi_targets_against_actuals(view):
    from hubdesk.ui.programs.table_model import KpiTargetsTableModel

    assert view.targets_model.rowCount() == 0  # gathered only when looked at
    view.tabs.setCurrentIndex(view.TARGETS_TAB)
    m = view.targets_model
    assert m.rowCount() == 2
    rows = {m.index(r, KpiTargetsTableModel.COL_KPI).data(): r for r in range(m.rowCount())}
    supported = rows["Companies supported"]
    assert m.index(supported, KpiTargetsTableModel.COL_PERIOD).data() == "Year 2026"
    assert m.index(supported, KpiTargetsTableModel.COL_ACTUAL).data() == "1"
    assert m.index(supported, KpiTargetsTableModel.COL_ACHIEVEMENT).data() == "25.0%"
    testing = rows["Support given: testing"]
    assert m.index(testing, KpiTargetsTableModel.COL_PERIOD).data() == "2026 Q2"
    assert m.index(testing, KpiTargetsTableModel.COL_ACHIEVEMENT).data() == "50.0%"
    assert "2026 Q3" in view.targets_note.text()


def test_events_and_open_record(view, world):
    from hubdesk.ui.programs.table_model import EventsTableModel

    _db, ids = world
    assert view.events_model.index(0, EventsTableModel.COL_KIND).data() == "Buyer meeting"
    assert view.events_model.index(0, EventsTableModel.COL_BUYER_MEETINGS).data() == "12"
    assert view.events_model.index(0, EventsTableModel.COL_ORGANIZATIONS).data() == "0"
    assert view.open_record("milestone", ids["Annual report"])
    assert view.selected_milestone_id() == ids["Annual report"]
    assert not view.open_record("booking", 1)


def test_switching_language_retranslates(view):
    from hubdesk.db.enums import FundingSource
    from hubdesk.i18n import _

    try:
        view.context.set_language("ko")
        assert view.title.text() == _("Programs") != "Programs"
        assert view.budget.captions[FundingSource.NATIONAL].text() != "National"
        assert view.milestones_model.headerData(1, Qt.Orientation.Horizontal) != "Milestone"
    finally:
        view.context.set_language("en")
    assert view.title.text() == "Programs"
    assert view.milestones_model.index(1, 0).data() == "Late"


def test_tabs_are_built_and_read_when_first_shown(qtbot, world):
    """Opening the area reads the list and the first program's page in one transaction (3
    statements) and builds only the Budget tab; the Events tab is built and read when made current;
    a language switch builds nothing, and a tab built afterwards speaks the new language."""
    from sqlalchemy import event

    from hubdesk.ui.context import AppContext
    from hubdesk.ui.programs.table_model import EventsTableModel
    from hubdesk.ui.programs.view import ProgramsView

    db, _ids = world
    sent: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        view = ProgramsView(AppContext(db=db, user_name="Tester"), today=TODAY)
        qtbot.addWidget(view)
        view.resize(1300, 860)
        view.show()
        qtbot.waitExposed(view)
        opened = [s for s in sent if not s.lstrip().upper().startswith("BEGIN")]
        assert len(opened) == 3, opened
        assert set(view._built) == {view.BUDGET_TAB}
        assert view.budget_tab.lines.model.rowCount() == 2 and len(view.timeline.milestones) == 4

        sent.clear()
        view.tabs.setCurrentIndex(view.EVENTS_TAB)
        assert [s for s in sent if "FROM event" in s] and view.EVENTS_TAB in view._built
        assert view.events_model.index(0, EventsTableModel.COL_NAME).data() == "Hanoi buyer meeting"
        sent.clear()
        view.tabs.setCurrentIndex(view.BUDGET_TAB)
        view.tabs.setCurrentIndex(view.EVENTS_TAB)      # shown again, nothing changed: not read again
        assert not [s for s in sent if "FROM event" in s]

        view.context.set_language("ko")
        assert set(view._built) == {view.BUDGET_TAB, view.EVENTS_TAB}
        assert view.events_tab.new_button.text() != "New event…"
        view.tabs.setCurrentIndex(view.MILESTONES_TAB)
        assert view.milestones_tab.new_button.text() != "New milestone…"
        assert view.milestones_model.headerData(1, Qt.Orientation.Horizontal) != "Milestone"
        assert view.milestones_model.rowCount() == 4
    finally:
        view.context.set_language("en")
        event.remove(db.engine, "before_cursor_execute", seen)
