"""Dialogs of the Programs area: add an expenditure (the form stays filled when the rule refuses it,
with the sentence under the field), and the date a milestone was reached."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from hubdesk.db.enums import FundingSource
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.ui.common.forms import problem_label, pydate, qdate, save_cancel_buttons, show_refusal, stack_form
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change


class MilestoneDoneDialog(QDialog):
    def __init__(self, title: str, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.milestone_title = title
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
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


class ExpenditureDialog(QDialog):
    """Record a spend on a program through hubdesk.domain.programs.record_expenditure."""

    saved = Signal(int)

    def __init__(self, context, program_id: int, fiscal_year: int, parent: QWidget | None = None,
                 *, today: dt.date | None = None):
        super().__init__(parent)
        self.context = context
        self.program_id = program_id
        today = today or dt.date.today()
        default = today if today.year == fiscal_year else dt.date(fiscal_year, 12, 31)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(qdate(default))
        self.source_combo = QComboBox(self)
        for member in FundingSource:
            self.source_combo.addItem("", member)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("amountEdit")
        self.category_edit = QLineEdit(self)
        self.description_edit = QLineEdit(self)
        self.problem = problem_label(self)
        self.buttons = save_cancel_buttons(self)
        self.captions = [QLabel(self) for _i in range(5)]
        form = QFormLayout()
        for caption, field in zip(self.captions, (self.date_edit, self.source_combo, self.amount_edit,
                                                  self.category_edit, self.description_edit)):
            form.addRow(caption, field)
        stack_form(self, form, self.problem, self.buttons)
        self.resize(460, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Add an expenditure"))
        for caption, text in zip(self.captions, (_("Date"), _("Funding source"), _("Amount (KRW)"), _("Category"),
                                                 _("Description"))):
            caption.setText(text)
        for i in range(self.source_combo.count()):
            self.source_combo.setItemText(i, label(FundingSource(self.source_combo.itemData(i))))
        self.amount_edit.setPlaceholderText(_("whole won, for example 1500000"))

    def _amount(self) -> int:
        text = self.amount_edit.text().strip().replace(",", "").replace(" ", "").replace("₩", "")
        try:
            return int(text)
        except ValueError:
            raise DomainError(_("The amount “{value}” is not a whole number of won. Enter it without decimals.")
                              .format(value=self.amount_edit.text()), field="amount_krw") from None

    def save(self) -> bool:
        """Write the expenditure; on a refusal show the sentence and keep the form as typed."""
        from hubdesk.domain.programs import record_expenditure

        try:
            amount = self._amount()
            with self.context.db.write() as s:
                row = record_expenditure(s, self.program_id, amount_krw=amount,
                                         source=FundingSource(self.source_combo.currentData()),
                                         spent_on=pydate(self.date_edit.date()),
                                         category=self.category_edit.text().strip() or None,
                                         description=self.description_edit.text().strip() or None)
                new_id = row.id
        except Exception as exc:  # noqa: BLE001 - shown to the person, the form stays filled
            show_refusal(self, self.problem, exc)
            return False
        self.saved.emit(new_id)
        self.context.notify_changed(Change.PROGRAM)
        self.accept()
        return True
