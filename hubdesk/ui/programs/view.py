"""The Programs area: the list of programs (budget, spend, execution rate) and, for the chosen one,
its budget by funding source with execution bars, its milestones on a timeline with their derived
status, and tabs with milestones (mark done), expenditures (add), KPI targets against actuals, and
events."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QScrollArea, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from hubdesk.db.enums import FundingSource
from hubdesk.i18n import _, ngettext
from hubdesk.ui.common import errors
from hubdesk.ui.common.display import format_krw, format_percent, format_quarter
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change
from hubdesk.ui.common.widgets import configure_table_view
from hubdesk.ui.programs.data import ProgramPage, load_program, load_programs
from hubdesk.ui.programs.table_model import (EventsTableModel, ExpendituresTableModel, KpiTargetsTableModel,
                                             MilestonesTableModel, ProgramsTableModel)
from hubdesk.ui.programs.timeline import MilestoneTimelineWidget


class BudgetExecutionWidget(QGroupBox):
    """One bar per funding source: spent ÷ annual budget, with the amounts beside it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: dict[FundingSource, QProgressBar] = {}
        self.captions: dict[FundingSource, QLabel] = {}
        self.amounts: dict[FundingSource, QLabel] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        for row, source in enumerate(FundingSource):
            caption, bar, amount = QLabel(self), QProgressBar(self), QLabel(self)
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
            amount.setObjectName("muted")
            grid.addWidget(caption, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(amount, row, 2)
            self.bars[source], self.captions[source], self.amounts[source] = bar, caption, amount
        self.execution: dict = {}

    def set_execution(self, execution: dict) -> None:
        self.execution = execution
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Budget execution by funding source"))
        for source in FundingSource:
            self.captions[source].setText(label(source))
            e = self.execution.get(source)
            bar = self.bars[source]
            if e is None or not e.budget:
                bar.setValue(0)
                bar.setFormat(_("no budget"))
                self.amounts[source].setText(format_krw(e.spent) if e and e.spent else "")
                continue
            bar.setValue(int(min(e.rate or 0, 1.0) * 1000))
            bar.setFormat(format_percent(e.rate))
            self.amounts[source].setText(_("{spent} of {budget}").format(spent=format_krw(e.spent),
                                                                         budget=format_krw(e.budget)))


class ProgramsView(QWidget):
    MILESTONES_TAB, EXPENDITURES_TAB, TARGETS_TAB, EVENTS_TAB = range(4)

    def __init__(self, context, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.context = context
        self._today = today
        self._figures_cache: dict = {}
        self._dialog = None
        self.page: ProgramPage | None = None

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.programs_model = ProgramsTableModel(parent=self)
        self.programs_table = QTableView(self)
        self.programs_table.setObjectName("programsTable")
        self.programs_table.setModel(self.programs_model)
        configure_table_view(self.programs_table, sortable=False)
        self.programs_table.setColumnWidth(ProgramsTableModel.COL_NAME, 240)
        self.programs_table.setColumnWidth(ProgramsTableModel.COL_FUNDER, 96)
        self.programs_table.setColumnWidth(ProgramsTableModel.COL_YEAR, 64)
        # the amounts are on the right with their bars; the list keeps name, funder, year and rate
        self.programs_table.setColumnHidden(ProgramsTableModel.COL_BUDGET, True)
        self.programs_table.setColumnHidden(ProgramsTableModel.COL_SPENT, True)
        self.programs_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_row(cur.row()))

        # the chosen program
        self.program_title = QLabel(self)
        self.program_title.setObjectName("sectionTitle")
        self.program_title.setWordWrap(True)
        self.program_subtitle = QLabel(self)
        self.program_subtitle.setObjectName("muted")
        self.budget = BudgetExecutionWidget(self)
        self.timeline_box = QGroupBox(self)
        self.timeline = MilestoneTimelineWidget(self.timeline_box)
        self.timeline.milestone_clicked.connect(self.select_milestone)
        QVBoxLayout(self.timeline_box).addWidget(self.timeline)

        self.milestones_model = MilestonesTableModel(parent=self)
        self.expenditures_model = ExpendituresTableModel(parent=self)
        self.targets_model = KpiTargetsTableModel(parent=self)
        self.events_model = EventsTableModel(parent=self)
        self.milestones_table = self._table(self.milestones_model)
        self.milestones_table.setColumnWidth(MilestonesTableModel.COL_STATUS, 110)
        self.milestones_table.setColumnWidth(MilestonesTableModel.COL_TITLE, 320)
        self.expenditures_table = self._table(self.expenditures_model)
        self.expenditures_table.setColumnWidth(ExpendituresTableModel.COL_AMOUNT, 140)
        self.expenditures_table.setColumnWidth(ExpendituresTableModel.COL_CATEGORY, 160)
        self.targets_table = self._table(self.targets_model)
        self.targets_table.setColumnWidth(KpiTargetsTableModel.COL_KPI, 300)
        self.targets_table.setColumnWidth(KpiTargetsTableModel.COL_TARGET, 150)
        self.targets_table.setColumnWidth(KpiTargetsTableModel.COL_ACTUAL, 150)
        self.events_table = self._table(self.events_model)
        self.events_table.setColumnWidth(EventsTableModel.COL_NAME, 260)
        self.mark_done_button = QPushButton(self)
        self.mark_done_button.clicked.connect(self.mark_selected_done)
        self.milestones_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.add_expenditure_button = QPushButton(self)
        self.add_expenditure_button.clicked.connect(self.add_expenditure)
        self.targets_note = QLabel(self)
        self.targets_note.setObjectName("muted")
        self.targets_note.setWordWrap(True)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._with_bar(self.milestones_table, self.mark_done_button), "")
        self.tabs.addTab(self._with_bar(self.expenditures_table, self.add_expenditure_button), "")
        self.tabs.addTab(self._with_bar(self.targets_table, self.targets_note), "")
        self.tabs.addTab(self.events_table, "")
        self._targets_of: int | None = None
        self.tabs.currentChanged.connect(lambda _i: self._load_targets_if_shown())

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(8, 0, 0, 0)
        detail_layout.addWidget(self.program_title)
        detail_layout.addWidget(self.program_subtitle)
        detail_layout.addWidget(self.budget)
        detail_layout.addWidget(self.timeline_box)
        detail_layout.addWidget(self.tabs, 1)
        self.detail_scroll = QScrollArea(self)
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setWidget(detail)
        self.detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.programs_table)
        self.splitter.addWidget(self.detail_scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 820])
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)

        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.refresh()
        self.retranslate_ui()

    def _table(self, model) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        configure_table_view(table, sortable=False)
        table.setMinimumHeight(180)
        return table

    def _with_bar(self, table: QTableView, widget: QWidget) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(widget, 1 if isinstance(widget, QLabel) else 0)
        bar.addStretch(0 if isinstance(widget, QLabel) else 1)
        layout.addLayout(bar)
        layout.addWidget(table, 1)
        return box

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # --- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.page.program_id if self.page else None
        self._figures_cache.clear()
        with errors.guard(self):
            rows = load_programs(self.context.db)
            self.programs_model.set_rows(rows)
        if self.programs_model.rowCount():
            row = next((i for i, r in enumerate(self.programs_model.rows()) if r["id"] == current), None)
            if row is None:  # first visit: the latest year's first program
                row = 0
            selection = self.programs_table.selectionModel()
            selection.blockSignals(True)
            self.programs_table.setCurrentIndex(self.programs_model.index(row, 0))
            selection.blockSignals(False)
            self.programs_table.viewport().update()
            self._show_row(row)
        self._update_count()

    def _show_row(self, row: int) -> None:
        program_id = self.programs_model.id_at(row)
        if program_id is not None:
            self.show_program(program_id)

    def show_program(self, program_id: int) -> None:
        selected_milestone = self.selected_milestone_id()
        with errors.guard(self):
            self.page = load_program(self.context.db, program_id, today=self.today)
            p = self.page
            self._targets_of = None
            self.milestones_model.set_rows(p.milestones)
            self.expenditures_model.set_rows(p.expenditures)
            self.events_model.set_rows(p.events)
            self.budget.set_execution(p.execution)
            self.timeline.set_milestones(p.fiscal_year, p.milestones, self.today)
            self.timeline.setMinimumHeight(self.timeline.minimumSizeHint().height())
        if selected_milestone is not None:
            self.select_milestone(selected_milestone)
        self._load_targets_if_shown()
        self.retranslate_ui()

    def _load_targets_if_shown(self) -> None:
        """KPI actuals need the quarter's figures: gathered when the tab is first looked at."""
        if self.page is None or self.tabs.currentIndex() != self.TARGETS_TAB:
            return
        if self._targets_of == self.page.program_id:
            return
        from PySide6.QtWidgets import QApplication

        from hubdesk.ui.programs.data import load_targets

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with errors.guard(self):
                self.targets_model.set_rows(load_targets(self.context.db, self.page.program_id,
                                                         self.page.fiscal_year, today=self.today,
                                                         figures_cache=self._figures_cache))
                self._targets_of = self.page.program_id
        finally:
            QApplication.restoreOverrideCursor()

    def _on_data_changed(self, kind: str) -> None:
        if kind in (Change.ANY, Change.PROGRAM, Change.MILESTONE, Change.EXPENDITURE, Change.EVENT):
            self.refresh()

    def retranslate_ui(self, *_args) -> None:
        self.title.setText(_("Programs"))
        self.timeline_box.setTitle(_("Milestones"))
        self.tabs.setTabText(self.MILESTONES_TAB, _("Milestones"))
        self.tabs.setTabText(self.EXPENDITURES_TAB, _("Expenditures"))
        self.tabs.setTabText(self.TARGETS_TAB, _("KPI targets"))
        self.tabs.setTabText(self.EVENTS_TAB, _("Events"))
        self.mark_done_button.setText(_("Mark done…"))
        self.add_expenditure_button.setText(_("Add expenditure…"))
        self.budget.retranslate_ui()
        for model in (self.programs_model, self.milestones_model, self.expenditures_model, self.targets_model,
                      self.events_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            if model.rowCount():
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))
        p = self.page
        if p is not None:
            self.program_title.setText(p.name)
            parts = [label(p.funder), _("Fiscal year {year}").format(year=p.fiscal_year)]
            if p.manager:
                parts.append(_("Manager: {name}").format(name=p.manager))
            self.program_subtitle.setText(" · ".join(parts))
            if p.figures_quarter:
                from hubdesk.domain.quarters import Quarter

                q = Quarter.parse(p.figures_quarter)
                self.targets_note.setText(_("Actuals are the foundation's figures: annual targets against the "
                                            "year to date up to {quarter}, quarter targets against their quarter.")
                                          .format(quarter=format_quarter(q.year, q.quarter)))
            else:
                self.targets_note.setText(_("The fiscal year has not begun: there are no actuals yet."))
        self.timeline.update()
        self._update_buttons()
        self._update_count()

    def _update_count(self) -> None:
        n = self.programs_model.rowCount()
        self.count_label.setText(ngettext("{count} program", "{count} programs", n).format(count=n))

    def _update_buttons(self) -> None:
        from hubdesk.domain.programs import MilestoneStatus

        row = self.milestones_table.currentIndex().row()
        rows = self.milestones_model.rows()
        self.mark_done_button.setEnabled(0 <= row < len(rows) and rows[row]["status"] is not MilestoneStatus.DONE)
        self.add_expenditure_button.setEnabled(self.page is not None)

    # --- milestones ------------------------------------------------------------------------------
    def selected_milestone_id(self) -> int | None:
        index = self.milestones_table.currentIndex()
        return self.milestones_model.id_at(index.row()) if index.isValid() else None

    def select_milestone(self, milestone_id: int) -> None:
        row = self.milestones_model.row_of_id(milestone_id)
        if row >= 0:
            self.tabs.setCurrentIndex(self.MILESTONES_TAB)
            index = self.milestones_model.index(row, 0)
            self.milestones_table.setCurrentIndex(index)
            self.milestones_table.scrollTo(index)
            self.timeline.selected_id = milestone_id
            self.timeline.update()
        self._update_buttons()

    def mark_selected_done(self) -> bool:
        from hubdesk.domain.programs import mark_milestone_done
        from hubdesk.ui.programs import dialog

        milestone_id = self.selected_milestone_id()
        if milestone_id is None:
            return False
        row = self.milestones_model.rows()[self.milestones_model.row_of_id(milestone_id)]
        done_on = dialog.ask_done_date(self, row["title"], self.today)
        if done_on is None:
            return False
        written = False
        with errors.guard(self):
            with self.context.db.write() as s:
                mark_milestone_done(s, milestone_id, done_on, today=self.today)
            written = True
        if written:
            self.context.notify_changed(Change.MILESTONE)
            self.select_milestone(milestone_id)
        return written

    # --- expenditures ----------------------------------------------------------------------------
    def add_expenditure(self) -> None:
        from hubdesk.ui.programs.dialog import ExpenditureDialog

        if self.page is None:
            return
        dialog = ExpenditureDialog(self.context, self.page.program_id, self.page.fiscal_year, self, today=self.today)
        dialog.open()
        self._dialog = dialog

    # --- actions the main window calls -------------------------------------------------------------
    def new_record(self) -> None:
        self.tabs.setCurrentIndex(self.EXPENDITURES_TAB)
        self.add_expenditure()

    def open_record(self, kind: str, record_id: int) -> bool:
        if kind == "program":
            row = next((i for i, r in enumerate(self.programs_model.rows()) if r["id"] == record_id), -1)
            if row < 0:
                return False
            selection = self.programs_table.selectionModel()
            selection.blockSignals(True)
            self.programs_table.setCurrentIndex(self.programs_model.index(row, 0))
            selection.blockSignals(False)
            self.show_program(record_id)
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
