"""Dialogs of the Programs area: a program, a budget line, an expenditure against a line, a
participating organization, a milestone, a KPI target, the day a milestone was reached, and the
question before removing one (the event form is in event_dialog.py).

Every save goes through `write_op` to the rules of hubdesk.domain (programs, budgets,
participants, milestones, kpi_targets); a refusal shows its sentence under the form and the form
stays as typed. What a person types that is not even a number (an amount with letters) is refused
the same way, with a sentence."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QCompleter, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget)

from hubdesk.domain import clock
from hubdesk.db.enums import ExpenseCategory, Funder, FundingSource, ParticipantRole, ProgramStatus
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common.display import format_krw
from hubdesk.ui.common.forms import (amount_text, parse_amount, problem_label, pydate, qdate, save_cancel_buttons,
                                     stack_form)
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.widgets import FittingComboBox

EMPTY_DATE = QDate(1990, 1, 1)   # an optional date left empty shows as "—"


# --- small pieces the forms share --------------------------------------------------------------

def _ask_remove(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, _("Remove"), question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


ask_remove: Callable[[QWidget, str], bool] = _ask_remove  # tests replace it


def remove_record(context, parent: QWidget, fn: Callable, record_id: int, question: str, change: Change) -> bool:
    """Ask, then remove one record through its domain function. True when it was removed."""
    if not ask_remove(parent, question):
        return False
    return write_op(context, parent, fn, record_id, changes=change).ok


def date_edit(parent: QWidget, *, optional: bool = False) -> QDateEdit:
    """A date field (yyyy-MM-dd, calendar popup); an optional one shows "—" when left empty."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if optional:
        edit.setMinimumDate(EMPTY_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(EMPTY_DATE)
    return edit


def set_date(edit: QDateEdit, value: dt.date | None) -> None:
    edit.setDate(qdate(value) if value is not None else EMPTY_DATE)


def date_value(edit: QDateEdit) -> dt.date | None:
    """The date shown, None for an optional date left empty."""
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return pydate(edit.date())


def enum_combo(parent: QWidget, members) -> QComboBox:
    """A combo of enum members (their stored value as item data), named in the current language."""
    combo = QComboBox(parent)
    combo.members = list(members)  # type: ignore[attr-defined]
    for member in combo.members:  # type: ignore[attr-defined]
        combo.addItem("", member)
    return combo


def retranslate_enum_combo(combo: QComboBox) -> None:
    for i, member in enumerate(combo.members):  # type: ignore[attr-defined]
        combo.setItemText(i, label(member))


def select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class OrganizationCombo(QComboBox):
    """Every organization by name; type part of a name to find it (the list completes on any part)."""

    def __init__(self, choices: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for oid, name in choices:
            self.addItem(name, oid)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)

    def organization_id(self) -> int | None:
        index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else None

    def set_organization(self, organization_id: int | None) -> None:
        self.setCurrentIndex(self.findData(organization_id) if organization_id is not None else -1)


class RecordDialog(QDialog):
    """A form whose Save writes one record through `write_op` and closes; a refusal keeps it open
    with the sentence under the form. Subclasses give `write(session)` (returning the record),
    `CHANGES` and `retranslate_ui()`."""

    saved = Signal(int)
    CHANGES: tuple[Change, ...] = ()

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # many are opened from one page: none kept
        self.context = context
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.problem = problem_label(self)
        self.buttons = save_cancel_buttons(self)
        self.captions: list[QLabel] = []
        # the versions of the records loaded: a save based on an older one is refused (domain.versions)
        self.based_on: dict[tuple[str, int], int] = {}
        stack_form(self, self.form, self.problem, self.buttons)
        context.bus.language_changed.connect(self.retranslate_ui)

    def remember(self, table: str, row: dict) -> dict:
        """Note the version of the record `row` (its columns, as `queries.load_record` gives them)
        the form starts from, and give the row back."""
        self.based_on[(table, row["id"])] = row["version"]
        return row

    def reload(self) -> None:
        """Show the stored record again (after a save refused because someone changed it): the
        form's `load()` when it has one, else a fresh editor in its place (`context.editors`)."""
        if self.load is not None:
            self.load()
        else:
            self.context.editors.reopen(self)

    def can_reload(self) -> bool:
        return self.load is not None or self.context.editors.can_reopen(self)

    load = None   # type: ignore[assignment]  # a form that can read its record again sets a method

    def add_rows(self, *fields: QWidget) -> None:
        for field in fields:
            caption = QLabel(self)
            caption.setBuddy(field)
            self.captions.append(caption)
            self.form.addRow(caption, field)

    def set_captions(self, *texts: str) -> None:
        for caption, text in zip(self.captions, texts):
            caption.setText(text)

    def write(self, session):  # pragma: no cover - abstract
        raise NotImplementedError

    def save(self) -> bool:
        result = write_op(self.context, self, lambda s: self.write(s).id, changes=self.CHANGES, problem=self.problem,
                          based_on=self.based_on, reload=self.reload if self.can_reload() else None)
        if not result.ok:
            return False
        self.saved.emit(result.value)
        self.accept()
        return True

    def retranslate_ui(self, *_args) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


# --- a program -------------------------------------------------------------------------------------

class ProgramDialog(RecordDialog):
    """New (program_id None) or edit a program: names, funder, fiscal years, period, manager,
    status and description."""

    CHANGES = (Change.PROGRAM,)

    def __init__(self, context, program_id: int | None = None, parent: QWidget | None = None,
                 *, today: dt.date | None = None):
        super().__init__(context, parent)
        self.program_id = program_id
        year = (today or clock.today()).year
        self.name_edit = QLineEdit(self)
        self.name_en_edit = QLineEdit(self)
        self.funder_combo = enum_combo(self, Funder)
        self.first_year = QSpinBox(self)
        self.last_year = QSpinBox(self)
        for spin in (self.first_year, self.last_year):
            spin.setRange(1990, 2100)
            spin.setValue(year)
        self.first_year.valueChanged.connect(lambda v: self.last_year.setValue(max(v, self.last_year.value())))
        self.starts_edit = date_edit(self, optional=True)
        self.ends_edit = date_edit(self, optional=True)
        self.manager_edit = QLineEdit(self)
        self.status_combo = enum_combo(self, ProgramStatus)
        select_data(self.status_combo, ProgramStatus.ACTIVE)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(90)
        self.add_rows(self.name_edit, self.name_en_edit, self.funder_combo, self.first_year, self.last_year,
                      self.starts_edit, self.ends_edit, self.manager_edit, self.status_combo, self.description_edit)
        if program_id is not None:
            self.load()
        self.resize(560, 0)
        self.retranslate_ui()

    def load(self) -> None:
        """Fill the form from the stored program."""
        from hubdesk.ui.programs.queries import load_program_record

        if self.program_id is not None:
            p = self.remember("program", load_program_record(self.context.db, self.program_id))
            self.name_edit.setText(p["name"])
            self.name_en_edit.setText(p["name_en"] or "")
            select_data(self.funder_combo, p["funder"])
            self.first_year.setValue(p["fiscal_year"])
            self.last_year.setValue(p["last_fiscal_year"] or p["fiscal_year"])
            set_date(self.starts_edit, p["starts_on"])
            set_date(self.ends_edit, p["ends_on"])
            self.manager_edit.setText(p["manager"] or "")
            select_data(self.status_combo, p["status"])
            self.description_edit.setPlainText(p["description"] or "")

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("New program") if self.program_id is None else _("Edit program"))
        self.set_captions(_("Name"), _("English name"), _("Funder"), _("First fiscal year"), _("Last fiscal year"),
                          _("Starts on"), _("Ends on"), _("Manager"), _("Status"), _("Description"))
        for combo in (self.funder_combo, self.status_combo):
            retranslate_enum_combo(combo)
        self.name_edit.setPlaceholderText(_("for example 2026 Bio-health export support"))

    def data(self):
        from hubdesk.domain.programs import ProgramInput

        return ProgramInput(name=self.name_edit.text(), name_en=self.name_en_edit.text().strip() or None,
                            funder=self.funder_combo.currentData(), fiscal_year=self.first_year.value(),
                            last_fiscal_year=self.last_year.value(), status=self.status_combo.currentData(),
                            starts_on=date_value(self.starts_edit), ends_on=date_value(self.ends_edit),
                            manager=self.manager_edit.text().strip() or None,
                            description=self.description_edit.toPlainText().strip() or None)

    def write(self, session):
        from hubdesk.domain.programs import create_program, update_program

        if self.program_id is None:
            return create_program(session, self.data())
        return update_program(session, self.program_id, self.data())


# --- a budget line ---------------------------------------------------------------------------------

class BudgetLineDialog(RecordDialog):
    """Add or edit a budget line: fiscal year (one of the program's), funding source, cost item,
    amount and note."""

    CHANGES = (Change.BUDGET_LINE, Change.PROGRAM)

    def __init__(self, context, program_id: int, years: list[int], line_id: int | None = None,
                 parent: QWidget | None = None, *, year: int | None = None):
        super().__init__(context, parent)
        self.program_id, self.line_id = program_id, line_id
        self.year_combo = QComboBox(self)
        for y in years:
            self.year_combo.addItem(str(y), y)
        if year is not None:
            select_data(self.year_combo, year)
        self.source_combo = enum_combo(self, FundingSource)
        self.category_combo = enum_combo(self, ExpenseCategory)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.note_edit = QLineEdit(self)
        self.add_rows(self.year_combo, self.source_combo, self.category_combo, self.amount_edit, self.note_edit)
        if line_id is not None:
            from hubdesk.ui.programs.queries import load_record

            line = self.remember("budget_line", load_record(context.db, "budget_line", line_id))
            if self.year_combo.findData(line["fiscal_year"]) < 0:
                self.year_combo.addItem(str(line["fiscal_year"]), line["fiscal_year"])
            select_data(self.year_combo, line["fiscal_year"])
            select_data(self.source_combo, line["source"])
            select_data(self.category_combo, line["category"])
            self.amount_edit.setText(amount_text(line["amount_krw"]))
            self.note_edit.setText(line["note"] or "")
        self.resize(480, 0)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("New budget line") if self.line_id is None else _("Edit budget line"))
        self.set_captions(_("Fiscal year"), _("Funding source"), _("Cost item"), _("Amount (KRW)"), _("Note"))
        retranslate_enum_combo(self.source_combo)
        retranslate_enum_combo(self.category_combo)
        self.amount_edit.setPlaceholderText(_("whole won, for example 150,000,000"))

    def write(self, session):
        from hubdesk.domain.budgets import BudgetLineInput, add_budget_line, update_budget_line

        data = BudgetLineInput(fiscal_year=self.year_combo.currentData(), source=self.source_combo.currentData(),
                               category=self.category_combo.currentData(),
                               amount_krw=parse_amount(self.amount_edit.text()),
                               note=self.note_edit.text().strip() or None)
        if self.line_id is None:
            return add_budget_line(session, self.program_id, data)
        return update_budget_line(session, self.line_id, data)


# --- an expenditure --------------------------------------------------------------------------------

def line_text(line: dict) -> str:
    return _("{year} · {source} · {category} ({amount})").format(
        year=line["fiscal_year"], source=label(line["source"]), category=label(line["category"]),
        amount=format_krw(line["amount_krw"]))


class ExpenditureDialog(RecordDialog):
    """Add or edit a spend against one of the program's budget lines (its source and cost item are
    the line's): date within the line's fiscal year, amount, description."""

    CHANGES = (Change.EXPENDITURE, Change.PROGRAM)

    def __init__(self, context, program_id: int, expenditure_id: int | None = None, parent: QWidget | None = None,
                 *, today: dt.date | None = None, line_id: int | None = None):
        super().__init__(context, parent)
        from hubdesk.ui.programs.queries import load_budget_line_choices, load_record

        self.program_id, self.expenditure_id = program_id, expenditure_id
        self.today = today or clock.today()
        self.lines = load_budget_line_choices(context.db, program_id)
        self.line_combo = FittingComboBox(self)
        self.line_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for line in self.lines:
            self.line_combo.addItem("", line["id"])
        self.date_edit = date_edit(self)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.description_edit = QLineEdit(self)
        self.no_lines = QLabel(self)
        self.no_lines.setWordWrap(True)
        self.no_lines.setObjectName("muted")
        self.no_lines.setVisible(not self.lines)
        self.add_rows(self.line_combo, self.date_edit, self.amount_edit, self.description_edit)
        self.form.addRow(self.no_lines)
        self.line_combo.currentIndexChanged.connect(lambda _i: self._default_date())
        if expenditure_id is not None:
            row = self.remember("expenditure", load_record(context.db, "expenditure", expenditure_id))
            select_data(self.line_combo, row["budget_line_id"])
            self.date_edit.setDate(qdate(row["spent_on"]))
            self.amount_edit.setText(amount_text(row["amount_krw"]))
            self.description_edit.setText(row["description"] or "")
        else:
            if line_id is not None:
                select_data(self.line_combo, line_id)
            self._default_date()
        self.resize(520, 0)
        self.retranslate_ui()

    def _default_date(self) -> None:
        """A new spend: today when the line is of this year, else the last day of its year."""
        if self.expenditure_id is not None:
            return
        year = next((l["fiscal_year"] for l in self.lines if l["id"] == self.line_combo.currentData()), None)
        if year is not None:
            self.date_edit.setDate(qdate(self.today if self.today.year == year else dt.date(year, 12, 31)))
        else:
            self.date_edit.setDate(qdate(self.today))

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Add an expenditure") if self.expenditure_id is None else _("Edit expenditure"))
        self.set_captions(_("Budget line"), _("Date"), _("Amount (KRW)"), _("Description"))
        for i, line in enumerate(self.lines):
            self.line_combo.setItemText(i, line_text(line))
        self.amount_edit.setPlaceholderText(_("whole won, for example 1,500,000"))
        self.no_lines.setText(_("This program has no budget lines yet. Add one on the Budget tab first."))

    def write(self, session):
        from hubdesk.domain.budgets import ExpenditureInput, add_expenditure, update_expenditure

        line_id = self.line_combo.currentData()
        if line_id is None:
            raise DomainError(_("Choose the budget line the money was spent from. Add one on the Budget tab if "
                                "there is none."), field="budget_line_id", code="required")
        data = ExpenditureInput(budget_line_id=line_id, spent_on=pydate(self.date_edit.date()),
                                amount_krw=parse_amount(self.amount_edit.text()),
                                description=self.description_edit.text().strip() or None)
        if self.expenditure_id is None:
            return add_expenditure(session, data)
        return update_expenditure(session, self.expenditure_id, data)


# --- a participating organization ------------------------------------------------------------------

class ParticipantDialog(RecordDialog):
    """Add or edit an organization taking part in the program: the organization, its role, the
    day it joined and (optionally) the day it left, and a note."""

    CHANGES = (Change.PARTICIPANT,)

    def __init__(self, context, program_id: int, participant_id: int | None = None, parent: QWidget | None = None,
                 *, today: dt.date | None = None):
        super().__init__(context, parent)
        from hubdesk.ui.programs.queries import load_organization_choices, load_record

        self.program_id, self.participant_id = program_id, participant_id
        self.org_combo = OrganizationCombo(load_organization_choices(context.db), self)
        self.role_combo = enum_combo(self, ParticipantRole)
        self.joined_edit = date_edit(self)
        self.joined_edit.setDate(qdate(today or clock.today()))
        self.left_edit = date_edit(self, optional=True)
        self.note_edit = QLineEdit(self)
        self.add_rows(self.org_combo, self.role_combo, self.joined_edit, self.left_edit, self.note_edit)
        if participant_id is not None:
            row = self.remember("participant", load_record(context.db, "participant", participant_id))
            self.org_combo.set_organization(row["organization_id"])
            select_data(self.role_combo, row["role"])
            self.joined_edit.setDate(qdate(row["joined_on"]))
            set_date(self.left_edit, row["left_on"])
            self.note_edit.setText(row["note"] or "")
        self.resize(520, 0)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("Add a participating organization") if self.participant_id is None
                            else _("Edit participating organization"))
        self.set_captions(_("Organization"), _("Role"), _("Joined on"), _("Left on"), _("Note"))
        retranslate_enum_combo(self.role_combo)
        self.org_combo.lineEdit().setPlaceholderText(_("Type part of the name"))

    def write(self, session):
        from hubdesk.domain.participants import ParticipantInput, add_participant, update_participant

        org_id = self.org_combo.organization_id()
        if org_id is None:
            raise DomainError(_("Choose an organization from the list (type part of its name)."),
                              field="organization_id", code="required")
        data = ParticipantInput(organization_id=org_id, role=self.role_combo.currentData(),
                                joined_on=pydate(self.joined_edit.date()), left_on=date_value(self.left_edit),
                                note=self.note_edit.text().strip() or None)
        if self.participant_id is None:
            return add_participant(session, self.program_id, data)
        return update_participant(session, self.participant_id, data)


# --- a milestone -----------------------------------------------------------------------------------

class MilestoneDialog(RecordDialog):
    """Add or edit a milestone: title, owner, start date (optional) and due date."""

    CHANGES = (Change.MILESTONE,)

    def __init__(self, context, program_id: int, milestone_id: int | None = None, parent: QWidget | None = None,
                 *, today: dt.date | None = None):
        super().__init__(context, parent)
        self.program_id, self.milestone_id = program_id, milestone_id
        today = today or clock.today()
        self.title_edit = QLineEdit(self)
        self.owner_edit = QLineEdit(self)
        self.started_edit = date_edit(self, optional=True)
        self.due_edit = date_edit(self)
        self.due_edit.setDate(qdate(today + dt.timedelta(days=30)))
        self.add_rows(self.title_edit, self.owner_edit, self.started_edit, self.due_edit)
        if milestone_id is not None:
            from hubdesk.ui.programs.queries import load_record

            row = self.remember("milestone", load_record(context.db, "milestone", milestone_id))
            self.title_edit.setText(row["title"])
            self.owner_edit.setText(row["owner"] or "")
            set_date(self.started_edit, row["started_on"])
            self.due_edit.setDate(qdate(row["due_on"]))
        self.resize(480, 0)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setWindowTitle(_("New milestone") if self.milestone_id is None else _("Edit milestone"))
        self.set_captions(_("Milestone"), _("Owner"), _("Started on"), _("Due on"))

    def write(self, session):
        from hubdesk.domain.milestones import MilestoneInput, add_milestone, update_milestone

        data = MilestoneInput(title=self.title_edit.text(), owner=self.owner_edit.text().strip() or None,
                              started_on=date_value(self.started_edit), due_on=pydate(self.due_edit.date()))
        if self.milestone_id is None:
            return add_milestone(session, self.program_id, data)
        return update_milestone(session, self.milestone_id, data)


class MilestoneDoneDialog(QDialog):
    def __init__(self, title: str, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.milestone_title = title
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.date_edit = date_edit(self)
        self.date_edit.setDate(qdate(today))
        self.date_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.date_label, self.date_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Mark the milestone done"))
        self.explain.setText(_("On which day was “{milestone}” reached?").format(milestone=self.milestone_title))
        self.date_label.setText(_("Done on"))

    def value(self) -> dt.date:
        return pydate(self.date_edit.date())


def _ask_done_date(parent: QWidget, title: str, today: dt.date) -> dt.date | None:
    dialog = MilestoneDoneDialog(title, today, parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


ask_done_date: Callable[[QWidget, str, dt.date], dt.date | None] = _ask_done_date  # tests replace it


# --- a KPI target ----------------------------------------------------------------------------------

def target_kpis() -> list[str]:
    from hubdesk.domain.kpi_codes import KPI_CODES
    from hubdesk.domain.kpi_targets import NOT_TARGETS

    return [code for code in KPI_CODES if code not in NOT_TARGETS]


class KpiTargetDialog(RecordDialog):
    """Add or edit a KPI target of a program (program_id) or of the foundation (program_id None):
    the year, the whole year or one quarter, the KPI and the value (rates in percent)."""

    CHANGES = (Change.KPI_TARGET,)

    def __init__(self, context, program_id: int | None, years: list[int] | None = None,
                 target_id: int | None = None, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(context, parent)
        self.program_id, self.target_id = program_id, target_id
        today = today or clock.today()
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(min(years) if years else 1990, max(years) if years else 2100)
        self.year_spin.setValue(today.year if not years or today.year in years else years[0])
        self.period_combo = QComboBox(self)
        for quarter in (None, 1, 2, 3, 4):
            self.period_combo.addItem("", quarter)
        self.kpi_combo = QComboBox(self)
        self.kpi_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code in target_kpis():
            self.kpi_combo.addItem("", code)
        self.value_edit = QLineEdit(self)
        self.value_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.add_rows(self.year_spin, self.period_combo, self.kpi_combo, self.value_edit)
        self.kpi_combo.currentIndexChanged.connect(lambda _i: self.retranslate_ui())
        if target_id is not None:
            from hubdesk.ui.programs.queries import load_record

            row = self.remember("kpi_target", load_record(context.db, "kpi_target", target_id))
            self.year_spin.setRange(min(self.year_spin.minimum(), row["year"]), max(self.year_spin.maximum(),
                                                                                   row["year"]))
            self.year_spin.setValue(row["year"])
            select_data(self.period_combo, row["quarter"])
            select_data(self.kpi_combo, row["kpi"])
            value = row["target_value"] * 100 if self._is_rate() else row["target_value"]
            self.value_edit.setText(f"{value:,.10g}")
        self.resize(520, 0)
        self.retranslate_ui()

    def _is_rate(self) -> bool:
        from hubdesk.domain.kpi_codes import KPI_DEFS

        kdef = KPI_DEFS.get(self.kpi_combo.currentData())
        return kdef is not None and kdef.unit == "ratio"

    def retranslate_ui(self, *_args) -> None:
        from hubdesk.domain.kpi_codes import kpi_label

        if self.program_id is None:
            title = _("New foundation target") if self.target_id is None else _("Edit foundation target")
        else:
            title = _("New KPI target") if self.target_id is None else _("Edit KPI target")
        self.setWindowTitle(title)
        self.set_captions(_("Year"), _("Period"), _("KPI"), _("Target (%)") if self._is_rate() else _("Target"))
        self.period_combo.setItemText(0, _("Whole year"))
        for quarter in (1, 2, 3, 4):
            self.period_combo.setItemText(quarter, _("Quarter {quarter}").format(quarter=quarter))
        for i in range(self.kpi_combo.count()):
            self.kpi_combo.setItemText(i, kpi_label(self.kpi_combo.itemData(i)))
        self.value_edit.setPlaceholderText(_("for example 65 (percent)") if self._is_rate()
                                           else _("for example 12"))

    def _value(self) -> float:
        text = self.value_edit.text().strip().replace(",", "").replace("%", "").replace("₩", "")
        try:
            value = float(text)
        except ValueError:
            raise DomainError(_("The target “{value}” is not a number. Enter digits, for example 12.")
                              .format(value=self.value_edit.text().strip()), field="target_value",
                              code="not_number") from None
        return value / 100 if self._is_rate() else value

    def write(self, session):
        from hubdesk.domain.kpi_targets import KpiTargetInput, set_kpi_target, update_kpi_target

        data = KpiTargetInput(year=self.year_spin.value(), kpi=self.kpi_combo.currentData(),
                              target_value=self._value(), quarter=self.period_combo.currentData(),
                              program_id=self.program_id)
        if self.target_id is None:
            return set_kpi_target(session, data)
        return update_kpi_target(session, self.target_id, data)
