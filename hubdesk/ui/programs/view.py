"""The Programs area, a full editor: the list of programs (new, edit, remove, export; the
foundation's own KPI targets from "Foundation targets…") and, for the chosen program, its budget by
funding source with execution bars, its milestones on a timeline with their derived status, and
tabs: Budget (budget lines; execution by cost item), Expenditures, Participants, Milestones (mark
done), Events, KPI targets and Facility subsidies (what the program pays of its participants'
facility fees), each with New / Edit / Remove. Every write goes through
`write_op`; the area reloads on the Change kinds it shows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QSplitter, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from hubdesk.domain import clock
from hubdesk.i18n import _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.list_view import ask_export_file, export_shown_rows, redraw_texts
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.widgets import configure_table_view
from hubdesk.ui.programs import dialog as dialogs
from hubdesk.ui.programs.queries import ProgramPage, load_program, load_programs
from hubdesk.ui.programs.table_model import (EventsTableModel, ExpendituresTableModel, MilestonesTableModel,
                                             ParticipantsTableModel, ProgramsTableModel, SubsidiesTableModel)
from hubdesk.ui.programs.tabs import BudgetExecutionWidget, BudgetTab, RecordTab, fit_columns
from hubdesk.ui.programs.targets import TargetsPanel
from hubdesk.ui.programs.timeline import MilestoneTimelineWidget

# What the area shows: a write of any of these kinds reloads it.
SHOWN_CHANGES = (Change.ANY, Change.PROGRAM, Change.BUDGET_LINE, Change.EXPENDITURE, Change.PARTICIPANT,
                 Change.MILESTONE, Change.EVENT, Change.KPI_TARGET, Change.ORGANIZATION, Change.FACILITY_SUBSIDY)


def _ask_export_path(parent: QWidget) -> str | None:
    return ask_export_file(parent, _("Export the list"), _("programs.xlsx"))


ask_export_path = _ask_export_path  # tests replace it


class ProgramsView(QWidget):
    (BUDGET_TAB, EXPENDITURES_TAB, PARTICIPANTS_TAB, MILESTONES_TAB, EVENTS_TAB, TARGETS_TAB, SUBSIDIES_TAB,
     DOCUMENTS_TAB) = range(8)

    def __init__(self, context, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.context = context
        self._today = today
        self._dialog = None
        self.page: ProgramPage | None = None

        # the list of programs and its buttons
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button = QPushButton(self)
        self.edit_button.clicked.connect(self.edit_program)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_program)
        self.foundation_button = QPushButton(self)
        self.foundation_button.clicked.connect(self.foundation_targets)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export_current)
        self.programs_model = ProgramsTableModel(parent=self)
        self.programs_table = QTableView(self)
        self.programs_table.setObjectName("programsTable")
        self.programs_table.setModel(self.programs_model)
        configure_table_view(self.programs_table, sortable=False)
        # the amounts are on the right with their bars, funder and status under the program's name; the
        # list keeps name, years and rate (the export has every column)
        for column in (ProgramsTableModel.COL_FUNDER, ProgramsTableModel.COL_BUDGET, ProgramsTableModel.COL_SPENT,
                       ProgramsTableModel.COL_STATUS, ProgramsTableModel.COL_MANAGER, ProgramsTableModel.COL_NAME_EN):
            self.programs_table.setColumnHidden(column, True)
        # the name takes the room the years and the rate leave (no sideways scrolling in the list)
        self.programs_table.horizontalHeader().setStretchLastSection(False)
        self.programs_table.horizontalHeader().setSectionResizeMode(ProgramsTableModel.COL_NAME,
                                                                    QHeaderView.ResizeMode.Stretch)
        self.programs_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_row(cur.row()))
        self.programs_table.doubleClicked.connect(lambda _index: self.edit_program())

        # the chosen program
        self.program_title = QLabel(self)
        self.program_title.setObjectName("sectionTitle")
        self.program_title.setWordWrap(True)
        self.program_subtitle = QLabel(self)
        self.program_subtitle.setObjectName("muted")
        self.program_subtitle.setWordWrap(True)
        self.budget = BudgetExecutionWidget(self)
        self.timeline_box = QGroupBox(self)
        self.timeline = MilestoneTimelineWidget(self.timeline_box)
        self.timeline.milestone_clicked.connect(self.select_milestone)
        QVBoxLayout(self.timeline_box).addWidget(self.timeline)

        self.budget_tab = BudgetTab(self)
        self.expenditures_tab = RecordTab(ExpendituresTableModel(parent=self), self)
        self.kpi_request_button = QPushButton(self)
        self.kpi_request_button.clicked.connect(self.kpi_request)
        self.participants_tab = RecordTab(ParticipantsTableModel(parent=self), self,
                                          extra=(self.kpi_request_button,))
        self.mark_done_button = QPushButton(self)
        self.mark_done_button.clicked.connect(self.mark_selected_done)
        self.reopen_button = QPushButton(self)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.milestones_tab = RecordTab(MilestonesTableModel(parent=self), self,
                                        extra=(self.mark_done_button, self.reopen_button))
        self.events_tab = RecordTab(EventsTableModel(parent=self), self)
        self.targets_tab = TargetsPanel(context, self, today=today)
        self.subsidies_tab = RecordTab(SubsidiesTableModel(parent=self), self)
        self.subsidies_model = self.subsidies_tab.model
        self.add_expenditure_button = self.expenditures_tab.new_button
        self.expenditures_model = self.expenditures_tab.model
        self.participants_model = self.participants_tab.model
        self.milestones_model = self.milestones_tab.model
        self.milestones_table = self.milestones_tab.table
        self.events_model = self.events_tab.model
        self.targets_model = self.targets_tab.model
        self.targets_note = self.targets_tab.note
        self.milestones_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self._wire(self.budget_tab.lines, self.new_budget_line, self.edit_budget_line, self.remove_budget_line)
        self._wire(self.expenditures_tab, self.add_expenditure, self.edit_expenditure, self.remove_expenditure)
        self._wire(self.participants_tab, self.add_participant, self.edit_participant, self.remove_participant)
        self._wire(self.milestones_tab, self.new_milestone, self.edit_milestone, self.remove_milestone)
        self._wire(self.events_tab, self.new_event, self.edit_event, self.remove_event)
        self._wire(self.subsidies_tab, self.new_subsidy, self.edit_subsidy, self.remove_subsidy)

        from hubdesk.db.enums import DocumentOwner
        from hubdesk.ui.documents.panel import DocumentsPanel

        # the program's documents (agreements, reports), read when the tab is shown
        self.documents = DocumentsPanel(context, DocumentOwner.PROGRAM, None, self)
        self.tabs = QTabWidget(self)
        for tab in (self.budget_tab, self.expenditures_tab, self.participants_tab, self.milestones_tab,
                    self.events_tab, self.targets_tab, self.subsidies_tab, self.documents):
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(lambda _i: self._load_targets_if_shown())

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        detail_layout.addWidget(self.program_title)
        detail_layout.addWidget(self.program_subtitle)
        detail_layout.addWidget(self.budget)
        detail_layout.addWidget(self.timeline_box)
        detail_layout.addWidget(self.tabs, 1)
        self.tabs.setMinimumHeight(420)
        self.detail_scroll = QScrollArea(self)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setWidget(detail)
        self.detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.programs_table)
        self.splitter.addWidget(self.detail_scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 1000])   # eight tabs in the detail's tab bar at 1280 px
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for button in (self.new_button, self.edit_button, self.remove_button, self.foundation_button,
                       self.export_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)

        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.refresh()
        self.retranslate_ui()

    @staticmethod
    def _wire(tab: RecordTab, new, edit, remove) -> None:
        tab.new_requested.connect(new)
        tab.edit_requested.connect(edit)
        tab.remove_requested.connect(remove)

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    # --- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.page.program_id if self.page else None
        self.targets_tab.forget()
        with errors.guard(self):
            self.programs_model.set_rows(load_programs(self.context.db))
            self._fit_program_columns()
        if self.programs_model.rowCount():
            row = self.programs_model.row_of_id(current) if current is not None else -1
            self._select_program_row(max(row, 0))     # first visit, or the program was removed: the first one
        else:
            self._show_nothing()
        self._update_count()
        self._update_buttons()

    def _fit_program_columns(self) -> None:
        fit_columns(self.programs_table, widest=220)

    def _select_program_row(self, row: int) -> None:
        selection = self.programs_table.selectionModel()
        selection.blockSignals(True)
        self.programs_table.setCurrentIndex(self.programs_model.index(row, 0))
        selection.blockSignals(False)
        self.programs_table.viewport().update()
        self._show_row(row)

    def _show_row(self, row: int) -> None:
        program_id = self.programs_model.id_at(row)
        if program_id is not None:
            self.show_program(program_id)

    def _show_nothing(self) -> None:
        self.page = None
        for tab in (self.budget_tab.lines, self.expenditures_tab, self.participants_tab, self.milestones_tab,
                    self.events_tab, self.targets_tab, self.subsidies_tab):
            tab.set_rows([])
            tab.set_program_shown(False)
        self.budget_tab.category_model.set_rows([])
        self.budget.set_execution({})
        self.documents.set_owner(None)
        self.timeline.set_milestones(self.today.year, [], self.today)
        self.retranslate_ui()

    def show_program(self, program_id: int) -> None:
        selected_milestone = self.selected_milestone_id()
        with errors.guard(self):
            self.page = p = load_program(self.context.db, program_id, today=self.today)
            self.budget_tab.set_page(p.budget_lines, p.by_category)
            self.expenditures_tab.set_rows(p.expenditures)
            self.participants_tab.set_rows(p.participants)
            self.milestones_tab.set_rows(p.milestones)
            self.events_tab.set_rows(p.events)
            self.subsidies_tab.set_rows(p.subsidies)
            for tab in (self.budget_tab.lines, self.expenditures_tab, self.participants_tab, self.milestones_tab,
                        self.events_tab, self.subsidies_tab):
                tab.set_program_shown(True)
            self.targets_tab.set_owner(p.program_id, p.years)
            if self.documents.owner_id != p.program_id:
                self.documents.set_owner(p.program_id)
            self.budget.set_execution(p.execution)
            self.timeline.set_milestones(p.fiscal_year, p.milestones, self.today)
            self.timeline.setMinimumHeight(self.timeline.minimumSizeHint().height())
        if selected_milestone is not None and self.page is not None:
            self.select_milestone(selected_milestone, show_tab=False)
        self._load_targets_if_shown()
        self.retranslate_ui()

    def _load_targets_if_shown(self) -> None:
        """KPI actuals need the quarters' figures: gathered when the tab is looked at."""
        if self.page is not None and self.tabs.currentIndex() == self.TARGETS_TAB:
            self.targets_tab.load()

    def _on_data_changed(self, kind: str) -> None:
        if kind in SHOWN_CHANGES:
            self.refresh()

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Programs"))
        self.new_button.setText(_("New program…"))
        self.edit_button.setText(_("Edit program…"))
        self.remove_button.setText(_("Remove program…"))
        self.foundation_button.setText(_("Foundation targets…"))
        self.export_button.setText(_("Export…"))
        self.timeline_box.setTitle(_("Milestones"))
        for index, text in ((self.BUDGET_TAB, _("Budget")), (self.EXPENDITURES_TAB, _("Expenditures")),
                            (self.PARTICIPANTS_TAB, _("Participants")), (self.MILESTONES_TAB, _("Milestones")),
                            (self.EVENTS_TAB, _("Events")), (self.TARGETS_TAB, _("KPI targets")),
                            (self.SUBSIDIES_TAB, _("Subsidies")), (self.DOCUMENTS_TAB, _("Documents"))):
            self.tabs.setTabText(index, text)
        self.budget_tab.retranslate_ui()
        self.expenditures_tab.set_texts(_("Add expenditure…"))
        self.participants_tab.set_texts(_("Add organization…"))
        self.kpi_request_button.setText(_("KPI request…"))
        self.kpi_request_button.setToolTip(_("A workbook asking the program's companies (beneficiaries and cohort "
                                             "members taking part in the quarter) for a quarter's figures, "
                                             "pre-filled with the last ones; import it back with Import › KPI "
                                             "values."))
        self.milestones_tab.set_texts(_("New milestone…"))
        self.events_tab.set_texts(_("New event…"))
        self.subsidies_tab.set_texts(_("Add subsidy…"))
        self.targets_tab.retranslate_ui()
        self.mark_done_button.setText(_("Mark done…"))
        self.reopen_button.setText(_("Not done yet"))
        self.reopen_button.setToolTip(_("Clear the completion date of a milestone marked done by mistake."))
        self.budget.retranslate_ui()
        redraw_texts(self.programs_model)
        self._fit_program_columns()
        p = self.page
        if p is not None:
            self.program_title.setText(p.name if not p.name_en else f"{p.name} · {p.name_en}")
            years = (_("Fiscal year {year}").format(year=p.fiscal_year) if len(p.years) == 1 else
                     _("Fiscal years {first}–{last}").format(first=p.years[0], last=p.years[-1]))
            parts = [label(p.funder), years, label(p.status)]
            if p.manager:
                parts.append(_("Manager: {name}").format(name=p.manager))
            self.program_subtitle.setText(" · ".join(parts))
        else:
            self.program_title.setText(_("No programs yet"))
            self.program_subtitle.setText(_("Add the first program with “New program…” (Ctrl+N)."))
        self.timeline.update()
        self._update_buttons()
        self._update_count()

    def _update_count(self) -> None:
        n = self.programs_model.rowCount()
        self.count_label.setText(ngettext("{count} program", "{count} programs", n).format(count=n))

    def _update_buttons(self) -> None:
        from hubdesk.domain.milestones import MilestoneStatus

        row = self.milestones_tab.selected_row()
        self.mark_done_button.setEnabled(row is not None and row["status"] is not MilestoneStatus.DONE)
        self.reopen_button.setEnabled(row is not None and row["status"] is MilestoneStatus.DONE)
        self.edit_button.setEnabled(self.page is not None)
        self.remove_button.setEnabled(self.page is not None)
        self.kpi_request_button.setEnabled(self.page is not None and bool(self.participants_model.rowCount()))

    def _open(self, dialog, tab: RecordTab | None = None):
        if tab is not None:
            dialog.saved.connect(tab.select_id)
        dialog.open()
        self._dialog = dialog
        return dialog

    def _edit(self, kind: str, record_id: int, make, tab: RecordTab | None = None):
        """The editor of an existing record: the open one brought forward, or a new one (one
        editor per record, `context.editors`)."""
        def made():
            dialog = make()
            if tab is not None:
                dialog.saved.connect(tab.select_id)
            return dialog

        self._dialog = self.context.editors.open(kind, record_id, made)
        return self._dialog

    # --- programs --------------------------------------------------------------------------------
    def selected_program_id(self) -> int | None:
        return self.page.program_id if self.page else None

    def new_record(self) -> None:
        """The main window's New (Ctrl+N): a new program."""
        dialog = self._open(dialogs.ProgramDialog(self.context, None, self, today=self.today))
        dialog.saved.connect(lambda program_id: self.open_record("program", program_id))

    def edit_program(self) -> None:
        if self.page is not None:
            program_id = self.page.program_id
            self._edit("program", program_id,
                       lambda: dialogs.ProgramDialog(self.context, program_id, self, today=self.today))

    def remove_program(self) -> bool:
        from hubdesk.domain.programs import remove_program

        if self.page is None:
            return False
        return dialogs.remove_record(
            self.context, self, remove_program, self.page.program_id,
            _("Remove program “{name}” with its budget lines, participants, milestones and KPI targets? Its "
              "events are kept, without a program.").format(name=self.page.name), Change.PROGRAM)

    def kpi_request(self) -> str | None:
        """Save a KPI request workbook for the companies taking part in this program in a quarter the
        user chooses (the one just ended first)."""
        from hubdesk.ui.common import kpi_request

        if self.page is None:
            return None
        quarter = kpi_request.ask_quarter(self, self.today)
        if quarter is None:
            return None
        return kpi_request.save_kpi_request(
            self.context, self, quarter,
            _("kpi-request-{program}-{quarter}.xlsx").format(program=self.page.name, quarter=str(quarter)),
            program_id=self.page.program_id)

    def foundation_targets(self) -> None:
        from hubdesk.ui.programs.targets import FoundationTargetsDialog

        self._open(FoundationTargetsDialog(self.context, self, today=self.today))

    def export_current(self) -> None:
        """The main window's Export (Ctrl+E): the list of programs with budget, spend and execution."""
        export_shown_rows(self, self.programs_model, ask_export_path(self), lambda n: ngettext(
            "{count} program written to {path}", "{count} programs written to {path}", n))

    # --- budget lines ----------------------------------------------------------------------------
    def new_budget_line(self) -> None:
        if self.page is not None:
            year = self.today.year if self.today.year in self.page.years else self.page.years[0]
            self._open(dialogs.BudgetLineDialog(self.context, self.page.program_id, self.page.years, None, self,
                                                year=year), self.budget_tab.lines)

    def edit_budget_line(self, line_id: int) -> None:
        if self.page is not None:
            page = self.page
            self._edit("budget_line", line_id, lambda: dialogs.BudgetLineDialog(
                self.context, page.program_id, page.years, line_id, self), self.budget_tab.lines)

    def remove_budget_line(self, line_id: int) -> bool:
        from hubdesk.domain.budgets import remove_budget_line

        row = self.budget_tab.lines.selected_row() or {}
        return dialogs.remove_record(self.context, self, remove_budget_line, line_id, _(
            "Remove the {year} budget line {source}, {category}?").format(
            year=row.get("fiscal_year", ""), source=label(row["source"]) if row else "",
            category=label(row["category"]) if row else ""), Change.BUDGET_LINE)

    # --- expenditures ----------------------------------------------------------------------------
    def add_expenditure(self) -> None:
        if self.page is not None:
            line = self.budget_tab.lines.selected_id() if self.tabs.currentIndex() == self.BUDGET_TAB else None
            self._open(dialogs.ExpenditureDialog(self.context, self.page.program_id, None, self, today=self.today,
                                                 line_id=line), self.expenditures_tab)

    def edit_expenditure(self, expenditure_id: int) -> None:
        if self.page is not None:
            program_id = self.page.program_id
            self._edit("expenditure", expenditure_id, lambda: dialogs.ExpenditureDialog(
                self.context, program_id, expenditure_id, self, today=self.today), self.expenditures_tab)

    def remove_expenditure(self, expenditure_id: int) -> bool:
        from hubdesk.domain.budgets import remove_expenditure
        from hubdesk.ui.common.display import format_date, format_krw

        row = self.expenditures_tab.selected_row() or {}
        return dialogs.remove_record(self.context, self, remove_expenditure, expenditure_id, _(
            "Remove the expenditure of {amount} on {date}?").format(amount=format_krw(row.get("amount_krw")),
                                                                     date=format_date(row.get("spent_on"))),
            Change.EXPENDITURE)

    # --- participants ----------------------------------------------------------------------------
    def add_participant(self) -> None:
        if self.page is not None:
            self._open(dialogs.ParticipantDialog(self.context, self.page.program_id, None, self, today=self.today),
                       self.participants_tab)

    def edit_participant(self, participant_id: int) -> None:
        if self.page is not None:
            program_id = self.page.program_id
            self._edit("participant", participant_id, lambda: dialogs.ParticipantDialog(
                self.context, program_id, participant_id, self, today=self.today), self.participants_tab)

    def remove_participant(self, participant_id: int) -> bool:
        from hubdesk.domain.participants import remove_participant

        row = self.participants_tab.selected_row() or {}
        return dialogs.remove_record(self.context, self, remove_participant, participant_id, _(
            "Take {organization} off this program?").format(organization=row.get("organization", "")),
            Change.PARTICIPANT)

    # --- milestones ------------------------------------------------------------------------------
    def new_milestone(self) -> None:
        if self.page is not None:
            self._open(dialogs.MilestoneDialog(self.context, self.page.program_id, None, self, today=self.today),
                       self.milestones_tab)

    def edit_milestone(self, milestone_id: int) -> None:
        if self.page is not None:
            program_id = self.page.program_id
            self._edit("milestone", milestone_id, lambda: dialogs.MilestoneDialog(
                self.context, program_id, milestone_id, self, today=self.today), self.milestones_tab)

    def remove_milestone(self, milestone_id: int) -> bool:
        from hubdesk.domain.milestones import remove_milestone

        row = self.milestones_tab.selected_row() or {}
        return dialogs.remove_record(self.context, self, remove_milestone, milestone_id, _(
            "Remove the milestone “{title}”?").format(title=row.get("title", "")), Change.MILESTONE)

    def selected_milestone_id(self) -> int | None:
        return self.milestones_tab.selected_id()

    def select_milestone(self, milestone_id: int, *, show_tab: bool = True) -> None:
        if self.milestones_tab.select_id(milestone_id):
            if show_tab:
                self.tabs.setCurrentIndex(self.MILESTONES_TAB)
            self.timeline.selected_id = milestone_id
            self.timeline.update()
        self._update_buttons()

    def mark_selected_done(self) -> bool:
        from hubdesk.domain.milestones import mark_milestone_done

        milestone_id = self.selected_milestone_id()
        if milestone_id is None:
            return False
        row = self.milestones_model.rows()[self.milestones_model.row_of_id(milestone_id)]
        done_on = dialogs.ask_done_date(self, row["title"], self.today)
        if done_on is None:
            return False
        result = write_op(self.context, self, mark_milestone_done, milestone_id, done_on, today=self.today,
                          changes=Change.MILESTONE)
        if result.ok:
            self.select_milestone(milestone_id)
        return result.ok

    def reopen_selected(self) -> bool:
        """A milestone marked done by mistake: its completion date is cleared."""
        from hubdesk.domain.milestones import reopen_milestone

        milestone_id = self.selected_milestone_id()
        if milestone_id is None:
            return False
        result = write_op(self.context, self, reopen_milestone, milestone_id, changes=Change.MILESTONE)
        if result.ok:
            self.select_milestone(milestone_id)
        return result.ok

    # --- events ----------------------------------------------------------------------------------
    def new_event(self) -> None:
        from hubdesk.ui.programs.event_dialog import EventDialog

        if self.page is not None:
            self._open(EventDialog(self.context, self.page.program_id, None, self, today=self.today),
                       self.events_tab)

    def edit_event(self, event_id: int) -> None:
        from hubdesk.ui.programs.event_dialog import EventDialog

        if self.page is not None:
            program_id = self.page.program_id
            self._edit("event", event_id, lambda: EventDialog(self.context, program_id, event_id, self,
                                                              today=self.today), self.events_tab)

    def remove_event(self, event_id: int) -> bool:
        from hubdesk.domain.events import remove_event

        row = self.events_tab.selected_row() or {}
        return dialogs.remove_record(self.context, self, remove_event, event_id, _(
            "Remove the event “{name}” with its participating organizations and outcomes?").format(
            name=row.get("name", "")), Change.EVENT)

    # --- actions the main window calls -------------------------------------------------------------
    # --- facility subsidies ------------------------------------------------------------------------
    def new_subsidy(self) -> None:
        from hubdesk.ui.programs.subsidy_dialog import SubsidyDialog

        if self.page is not None:
            self._open(SubsidyDialog(self.context, self.page.program_id, None, self), self.subsidies_tab)

    def edit_subsidy(self, subsidy_id: int) -> None:
        from hubdesk.ui.programs.subsidy_dialog import SubsidyDialog

        if self.page is not None:
            program_id = self.page.program_id
            self._edit("facility_subsidy", subsidy_id, lambda: SubsidyDialog(
                self.context, program_id, subsidy_id, self), self.subsidies_tab)

    def remove_subsidy(self, subsidy_id: int) -> bool:
        from hubdesk.domain.subsidies import remove_subsidy

        row = self.subsidies_tab.selected_row() or {}
        return dialogs.remove_record(self.context, self, remove_subsidy, subsidy_id, _(
            "Remove the facility subsidy “{what}”?").format(what=row.get("what", "")), Change.FACILITY_SUBSIDY)

    def open_record(self, kind: str, record_id: int) -> bool:
        if kind == "program":
            row = self.programs_model.row_of_id(record_id)
            if row < 0:
                return False
            self._select_program_row(row)
            return True
        if kind == "milestone":
            from hubdesk.db.schema import Milestone

            with self.context.db.read() as s:
                milestone = s.get(Milestone, record_id)
                program_id = milestone.program_id if milestone else None
            if program_id is None or not self.open_record("program", program_id):
                return False
            self.select_milestone(record_id)
            return True
        return False
