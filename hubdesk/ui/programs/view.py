"""The Programs area, a full editor: the list of programs (new, edit, remove, export; the
foundation's own KPI targets from "Foundation targets…") and, for the chosen program, its budget by
funding source with execution bars, its milestones on a timeline with their derived status, and
tabs: Budget (budget lines; execution by cost item), Expenditures, Participants, Milestones (mark
done), Events, KPI targets and Facility subsidies (what the program pays of its participants'
facility fees), each with New / Edit / Remove. Every write goes through
`write_op`; the area reloads on the Change kinds it shows.

Opening the area reads the list with each program's budget and spend, and the first program's page
(its budget lines with their spend, from which the bars and the cost items are summed, and its
milestones for the timeline), in one read transaction. The Budget tab is built at once; every other
tab's widgets are built, and its rows read, when it is first made current, or when code asks for
one of its widgets (`expenditures_tab`, `events_model`...): never from Qt's layout of a hidden tab.
After a change only the tab on screen is read again; the others when next shown or asked for."""

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
from hubdesk.ui.programs.queries import ProgramPage
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

        # the page's tabs: the Budget tab (shown first) is built at once; each other tab's widgets are
        # built, and its rows read, when it is first made current or when code asks for one of its
        # widgets (the properties below): nothing reads from Qt's layout of a hidden tab
        self.tabs = QTabWidget(self)
        self._pages = [QWidget() for _i in range(8)]
        for page in self._pages:
            self.tabs.addTab(page, "")
        self._built: dict[int, QWidget] = {}
        self._filled: dict[int, int] = {}       # tab index -> the page generation its rows are of
        self._generation = 0
        self._closed = False
        self.budget_tab = BudgetTab(self._pages[self.BUDGET_TAB])
        _fill_page(self._pages[self.BUDGET_TAB], self.budget_tab)
        self._built[self.BUDGET_TAB] = self.budget_tab
        self._wire(self.budget_tab.lines, self.new_budget_line, self.edit_budget_line, self.remove_budget_line)
        self.tabs.currentChanged.connect(self._tab_changed)

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
        self.retranslate_ui()
        self.refresh()

    @staticmethod
    def _wire(tab: RecordTab, new, edit, remove) -> None:
        tab.new_requested.connect(new)
        tab.edit_requested.connect(edit)
        tab.remove_requested.connect(remove)

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    # --- the tabs behind the Budget tab, built when first shown or asked for ------------------------
    def _build(self, index: int) -> QWidget:
        """The widgets of tab `index`, made in its page once."""
        built = self._built.get(index)
        if built is not None:
            return built
        page = self._pages[index]
        tab: QWidget
        if index == self.EXPENDITURES_TAB:
            tab = RecordTab(ExpendituresTableModel(parent=self), page)
            self._wire(tab, self.add_expenditure, self.edit_expenditure, self.remove_expenditure)
        elif index == self.PARTICIPANTS_TAB:
            self._kpi_request_button = QPushButton(page)
            self._kpi_request_button.clicked.connect(self.kpi_request)
            tab = RecordTab(ParticipantsTableModel(parent=self), page, extra=(self._kpi_request_button,))
            self._wire(tab, self.add_participant, self.edit_participant, self.remove_participant)
        elif index == self.MILESTONES_TAB:
            self._mark_done_button = QPushButton(page)
            self._mark_done_button.clicked.connect(self.mark_selected_done)
            self._reopen_button = QPushButton(page)
            self._reopen_button.clicked.connect(self.reopen_selected)
            tab = RecordTab(MilestonesTableModel(parent=self), page,
                            extra=(self._mark_done_button, self._reopen_button))
            tab.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
            self._wire(tab, self.new_milestone, self.edit_milestone, self.remove_milestone)
        elif index == self.EVENTS_TAB:
            tab = RecordTab(EventsTableModel(parent=self), page)
            self._wire(tab, self.new_event, self.edit_event, self.remove_event)
        elif index == self.TARGETS_TAB:
            tab = TargetsPanel(self.context, page, today=self._today)
        elif index == self.SUBSIDIES_TAB:
            tab = RecordTab(SubsidiesTableModel(parent=self), page)
            self._wire(tab, self.new_subsidy, self.edit_subsidy, self.remove_subsidy)
        else:
            from hubdesk.db.enums import DocumentOwner
            from hubdesk.ui.documents.panel import DocumentsPanel

            # the program's documents (agreements, reports), read when the tab is shown
            tab = DocumentsPanel(self.context, DocumentOwner.PROGRAM, None, page)
        _fill_page(page, tab)
        self._built[index] = tab
        self._retranslate_tab(index)
        return tab

    def _tab(self, index: int):
        """Tab `index`'s widget, built, showing the shown program's rows (read if they are not yet)."""
        tab = self._build(index)
        if self._filled.get(index) != self._generation:
            self._fill(index)
        return tab

    def _fill(self, index: int) -> None:
        tab = self._built[index]
        self._filled[index] = self._generation
        p = self.page
        if index == self.BUDGET_TAB:
            return
        if index == self.DOCUMENTS_TAB:
            owner = p.program_id if p else None
            if tab.owner_id != owner:
                tab.set_owner(owner)
            return
        if index == self.TARGETS_TAB:
            if p is None:
                tab.set_rows([])
                tab.set_program_shown(False)
            else:
                tab.set_owner(p.program_id, p.years)
            return
        rows: list[dict] = []
        if p is not None and index == self.MILESTONES_TAB:
            rows = p.milestones
        elif p is not None:
            from hubdesk.ui.programs.queries import load_tab

            with errors.guard(self):
                rows = load_tab(self.context.db, p.program_id, _TAB_KEYS[index])
        tab.set_rows(rows)
        tab.set_program_shown(p is not None)
        self._update_buttons()

    def _tab_changed(self, index: int) -> None:
        if self._closed or index < 0:
            return
        self._tab(index)
        self._load_targets_if_shown()
        self._update_buttons()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._closed = True        # a view being closed reads nothing more (until it is shown again)
        super().closeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._closed = False
        super().showEvent(event)

    expenditures_tab = property(lambda self: self._tab(self.EXPENDITURES_TAB))
    participants_tab = property(lambda self: self._tab(self.PARTICIPANTS_TAB))
    milestones_tab = property(lambda self: self._tab(self.MILESTONES_TAB))
    events_tab = property(lambda self: self._tab(self.EVENTS_TAB))
    targets_tab = property(lambda self: self._tab(self.TARGETS_TAB))
    subsidies_tab = property(lambda self: self._tab(self.SUBSIDIES_TAB))
    documents = property(lambda self: self._tab(self.DOCUMENTS_TAB))
    expenditures_model = property(lambda self: self.expenditures_tab.model)
    add_expenditure_button = property(lambda self: self.expenditures_tab.new_button)
    participants_model = property(lambda self: self.participants_tab.model)
    milestones_model = property(lambda self: self.milestones_tab.model)
    milestones_table = property(lambda self: self.milestones_tab.table)
    events_model = property(lambda self: self.events_tab.model)
    subsidies_model = property(lambda self: self.subsidies_tab.model)
    targets_model = property(lambda self: self.targets_tab.model)
    targets_note = property(lambda self: self.targets_tab.note)

    @property
    def kpi_request_button(self) -> QPushButton:
        self._tab(self.PARTICIPANTS_TAB)
        return self._kpi_request_button

    @property
    def mark_done_button(self) -> QPushButton:
        self._tab(self.MILESTONES_TAB)
        return self._mark_done_button

    @property
    def reopen_button(self) -> QPushButton:
        self._tab(self.MILESTONES_TAB)
        return self._reopen_button

    # --- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the list and the shown program's page again (the first program on a first visit,
        or when the shown one was removed), in one read transaction."""
        from hubdesk.ui.programs.queries import load_area

        current = self.page.program_id if self.page else None
        if self.TARGETS_TAB in self._built:
            self._built[self.TARGETS_TAB].forget()
        with errors.guard(self):
            rows, page = load_area(self.context.db, current, today=self.today)
            self.programs_model.set_rows(rows)
            self._fit_program_columns()
            if page is None:
                self._show_nothing()
            else:
                selection = self.programs_table.selectionModel()
                selection.blockSignals(True)
                self.programs_table.setCurrentIndex(self.programs_model.index(self.programs_model.row_of_id(
                    page.program_id), 0))
                selection.blockSignals(False)
                self.programs_table.viewport().update()
                self._set_page(page)
        self._update_count()
        self._update_buttons()

    def _fit_program_columns(self) -> None:
        # the name stretches, the other columns but years and rate are hidden (the export has them)
        fit_columns(self.programs_table, widest=220,
                    columns=(ProgramsTableModel.COL_YEAR, ProgramsTableModel.COL_RATE))

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
        self._generation += 1
        self.budget_tab.set_page([], [])
        self.budget_tab.lines.set_program_shown(False)
        self.budget.set_execution({})
        self.timeline.set_milestones(self.today.year, [], self.today)
        self._fill(self.tabs.currentIndex())
        self._show_page_texts()

    def show_program(self, program_id: int) -> None:
        from hubdesk.ui.programs.queries import load_program

        with errors.guard(self):
            self._set_page(load_program(self.context.db, program_id, today=self.today))

    def _set_page(self, p: ProgramPage) -> None:
        """Show program page `p`: the bars, the timeline and the tab on screen at once; the other
        tabs built so far take its rows when they are shown (or asked for) again."""
        selected_milestone = self.selected_milestone_id()
        self.page = p
        self._generation += 1
        self.budget_tab.set_page(p.budget_lines, p.by_category)
        self.budget_tab.lines.set_program_shown(True)
        self.budget.set_execution(p.execution)
        self.timeline.set_milestones(p.fiscal_year, p.milestones, self.today)
        self.timeline.setMinimumHeight(self.timeline.minimumSizeHint().height())
        self._fill(self.tabs.currentIndex())
        if selected_milestone is not None and self.MILESTONES_TAB in self._built:
            self.select_milestone(selected_milestone, show_tab=False)
        self._load_targets_if_shown()
        self._show_page_texts()
        self._update_buttons()

    def _load_targets_if_shown(self) -> None:
        """KPI actuals need the quarters' figures: gathered when the tab is looked at."""
        if self.page is not None and self.tabs.currentIndex() == self.TARGETS_TAB and not self._closed:
            self.targets_tab.load()

    def _on_data_changed(self, kind: str) -> None:
        if kind in SHOWN_CHANGES and not self._closed:
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
        for index in self._built:          # a tab not built yet takes the language when it is
            self._retranslate_tab(index)
        self.budget.retranslate_ui()
        redraw_texts(self.programs_model)
        self._fit_program_columns()
        self._show_page_texts()
        self._update_buttons()
        self._update_count()

    def _retranslate_tab(self, index: int) -> None:
        tab = self._built[index]
        if index == self.EXPENDITURES_TAB:
            tab.set_texts(_("Add expenditure…"))
        elif index == self.PARTICIPANTS_TAB:
            tab.set_texts(_("Add organization…"))
            self._kpi_request_button.setText(_("KPI request…"))
            self._kpi_request_button.setToolTip(_(
                "A workbook asking the program's companies (beneficiaries and cohort members taking part in the "
                "quarter) for a quarter's figures, pre-filled with the last ones; import it back with Import › KPI "
                "values."))
        elif index == self.MILESTONES_TAB:
            tab.set_texts(_("New milestone…"))
            self._mark_done_button.setText(_("Mark done…"))
            self._reopen_button.setText(_("Not done yet"))
            self._reopen_button.setToolTip(_("Clear the completion date of a milestone marked done by mistake."))
        elif index == self.EVENTS_TAB:
            tab.set_texts(_("New event…"))
        elif index == self.SUBSIDIES_TAB:
            tab.set_texts(_("Add subsidy…"))
        elif index == self.TARGETS_TAB:
            tab.retranslate_ui()

    def _show_page_texts(self) -> None:
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

    def _update_count(self) -> None:
        n = self.programs_model.rowCount()
        self.count_label.setText(ngettext("{count} program", "{count} programs", n).format(count=n))

    def _update_buttons(self) -> None:
        from hubdesk.domain.milestones import MilestoneStatus

        self.edit_button.setEnabled(self.page is not None)
        self.remove_button.setEnabled(self.page is not None)
        milestones = self._built.get(self.MILESTONES_TAB)
        if milestones is not None:
            row = milestones.selected_row()
            self._mark_done_button.setEnabled(row is not None and row["status"] is not MilestoneStatus.DONE)
            self._reopen_button.setEnabled(row is not None and row["status"] is MilestoneStatus.DONE)
        participants = self._built.get(self.PARTICIPANTS_TAB)
        if participants is not None:
            self._kpi_request_button.setEnabled(self.page is not None and bool(participants.model.rowCount()))

    def _open(self, dialog, tab: int | None = None):
        """Open `dialog`; the record it saves is chosen in tab `tab` (read then if it is not yet)."""
        if tab is not None:
            dialog.saved.connect(lambda record_id: self._record_tab(tab).select_id(record_id))
        dialog.open()
        self._dialog = dialog
        return dialog

    def _edit(self, kind: str, record_id: int, make, tab: int | None = None):
        """The editor of an existing record: the open one brought forward, or a new one (one
        editor per record, `context.editors`)."""
        def made():
            dialog = make()
            if tab is not None:
                dialog.saved.connect(lambda saved_id: self._record_tab(tab).select_id(saved_id))
            return dialog

        self._dialog = self.context.editors.open(kind, record_id, made)
        return self._dialog

    def _record_tab(self, index: int) -> RecordTab:
        return self.budget_tab.lines if index == self.BUDGET_TAB else self._tab(index)

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
                                                year=year), self.BUDGET_TAB)

    def edit_budget_line(self, line_id: int) -> None:
        if self.page is not None:
            page = self.page
            self._edit("budget_line", line_id, lambda: dialogs.BudgetLineDialog(
                self.context, page.program_id, page.years, line_id, self), self.BUDGET_TAB)

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
                                                 line_id=line), self.EXPENDITURES_TAB)

    def edit_expenditure(self, expenditure_id: int) -> None:
        if self.page is not None:
            program_id = self.page.program_id
            self._edit("expenditure", expenditure_id, lambda: dialogs.ExpenditureDialog(
                self.context, program_id, expenditure_id, self, today=self.today), self.EXPENDITURES_TAB)

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
                       self.PARTICIPANTS_TAB)

    def edit_participant(self, participant_id: int) -> None:
        if self.page is not None:
            program_id = self.page.program_id
            self._edit("participant", participant_id, lambda: dialogs.ParticipantDialog(
                self.context, program_id, participant_id, self, today=self.today), self.PARTICIPANTS_TAB)

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
                       self.MILESTONES_TAB)

    def edit_milestone(self, milestone_id: int) -> None:
        if self.page is not None:
            program_id = self.page.program_id
            self._edit("milestone", milestone_id, lambda: dialogs.MilestoneDialog(
                self.context, program_id, milestone_id, self, today=self.today), self.MILESTONES_TAB)

    def remove_milestone(self, milestone_id: int) -> bool:
        from hubdesk.domain.milestones import remove_milestone

        row = self.milestones_tab.selected_row() or {}
        return dialogs.remove_record(self.context, self, remove_milestone, milestone_id, _(
            "Remove the milestone “{title}”?").format(title=row.get("title", "")), Change.MILESTONE)

    def selected_milestone_id(self) -> int | None:
        milestones = self._built.get(self.MILESTONES_TAB)
        return milestones.selected_id() if milestones is not None else None

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
                       self.EVENTS_TAB)

    def edit_event(self, event_id: int) -> None:
        from hubdesk.ui.programs.event_dialog import EventDialog

        if self.page is not None:
            program_id = self.page.program_id
            self._edit("event", event_id, lambda: EventDialog(self.context, program_id, event_id, self,
                                                              today=self.today), self.EVENTS_TAB)

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
            self._open(SubsidyDialog(self.context, self.page.program_id, None, self), self.SUBSIDIES_TAB)

    def edit_subsidy(self, subsidy_id: int) -> None:
        from hubdesk.ui.programs.subsidy_dialog import SubsidyDialog

        if self.page is not None:
            program_id = self.page.program_id
            self._edit("facility_subsidy", subsidy_id, lambda: SubsidyDialog(
                self.context, program_id, subsidy_id, self), self.SUBSIDIES_TAB)

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


# the tabs whose rows are read when they are first shown, by the key `queries.load_tab` knows
_TAB_KEYS = {ProgramsView.EXPENDITURES_TAB: "expenditures", ProgramsView.PARTICIPANTS_TAB: "participants",
             ProgramsView.EVENTS_TAB: "events", ProgramsView.SUBSIDIES_TAB: "subsidies"}


def _fill_page(page: QWidget, tab: QWidget) -> None:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(tab)
    # a layout shows a widget added to a page on screen only from the event loop (a queued call):
    # shown now, so that a tab built as it is made current has its buttons visible at once
    tab.show()
