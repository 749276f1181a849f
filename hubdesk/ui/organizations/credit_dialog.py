"""Correct an issued invoice with a credit note: the reason (printed on it), and what it credits —
what is left of the invoice, the lines chosen (lines an earlier credit note reversed cannot be
chosen again) or an amount in won (what is left by default). The checks are the domain's
(`invoices.credit_note`: never more than is left); a refused save shows its sentence under the form
and the dialog stays open. Writes through `write_op`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QRadioButton, QWidget)

from hubdesk.db.enums import InvoiceLineKind
from hubdesk.i18n import _
from hubdesk.ui.common.display import format_krw
from hubdesk.ui.common.forms import amount_text, parse_amount, problem_label, save_cancel_buttons, stack_form
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.operations import Change, write_op

REST, LINES, AMOUNT = range(3)


class CreditNoteDialog(QDialog):
    """`row`: the invoice as the Invoices tab lists it (id, number)."""

    def __init__(self, context, row: dict, parent: QWidget | None = None):
        super().__init__(parent)
        from hubdesk.ui.organizations.queries import invoice_lines_to_credit

        self.setObjectName("CreditNoteDialog")
        self.context, self.row = context, row
        self.invoice = invoice_lines_to_credit(context.db, row["id"])
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reason")
        self.modes = QButtonGroup(self)
        self.rest_radio, self.lines_radio, self.amount_radio = (QRadioButton(self) for _i in range(3))
        for mode, radio in enumerate((self.rest_radio, self.lines_radio, self.amount_radio)):
            self.modes.addButton(radio, mode)
        self.rest_radio.setChecked(True)
        self.lines_list = QListWidget(self)
        self.lines_list.setObjectName("creditLines")
        for line in self.invoice["lines"]:
            item = QListWidgetItem(self.lines_list)
            item.setData(Qt.ItemDataRole.UserRole, line["id"])
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | (Qt.ItemFlag.NoItemFlags if line["credited"]
                                                              else Qt.ItemFlag.ItemIsEnabled))
            item.setCheckState(Qt.CheckState.Unchecked)
        self.lines_list.itemChanged.connect(self._line_changed)
        self.amount_edit = QLineEdit(amount_text(self.invoice["left_krw"]), self)
        self.amount_edit.setObjectName("creditAmount")
        self.amount_edit.textEdited.connect(lambda _text: self._choose(AMOUNT))
        self.form = QFormLayout()
        self.form.addRow(self.summary)
        self.reason_caption, self.what_caption, self.amount_caption = QLabel(self), QLabel(self), QLabel(self)
        self.reason_caption.setBuddy(self.reason_edit)
        self.form.addRow(self.reason_caption, self.reason_edit)
        self.form.addRow(self.what_caption, self.rest_radio)
        self.form.addRow("", self.lines_radio)
        self.form.addRow("", self.lines_list)
        self.form.addRow("", self.amount_radio)
        self.form.addRow(self.amount_caption, self.amount_edit)
        self.problem_label = problem_label(self)
        self.buttons = save_cancel_buttons(self)
        stack_form(self, self.form, self.problem_label, self.buttons)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self._fit_lines()

    def _fit_lines(self) -> None:
        """The lines list as tall as up to ten lines and as wide as the longest (within 1,000 px): no
        line cut short in any language."""
        rows = max(1, min(self.lines_list.count(), 10))
        frame = 2 * self.lines_list.frameWidth()
        self.lines_list.setMinimumHeight(self.lines_list.sizeHintForRow(0) * rows + frame + 4)
        widest = self.lines_list.sizeHintForColumn(0) + frame + self.lines_list.verticalScrollBar().sizeHint().width()
        self.lines_list.setMinimumWidth(min(max(widest, 420), 1000))

    def _line_changed(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:      # (a new text on a language change is no choice)
            self._choose(LINES)

    def _choose(self, mode: int) -> None:
        self.modes.button(mode).setChecked(True)

    def mode(self) -> int:
        return self.modes.checkedId()

    def chosen_line_ids(self) -> list[int]:
        items = (self.lines_list.item(i) for i in range(self.lines_list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def check_line(self, line_id: int, checked: bool = True) -> None:
        for i in range(self.lines_list.count()):
            item = self.lines_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == line_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def retranslate_ui(self, *_args) -> None:
        inv = self.invoice
        self.setWindowTitle(_("Credit note"))
        self.summary.setText(_("Invoice {number}: {left} of its {total} is left to credit.").format(
            number=inv["number"], left=format_krw(inv["left_krw"]), total=format_krw(inv["total_krw"])))
        self.reason_caption.setText(_("Reason"))
        self.reason_edit.setPlaceholderText(_("Printed on the credit note"))
        self.what_caption.setText(_("Credit"))
        self.rest_radio.setText(_("All that is left ({amount})").format(amount=format_krw(inv["left_krw"])))
        self.lines_radio.setText(_("The lines chosen"))
        self.amount_radio.setText(_("An amount"))
        self.amount_caption.setText(_("Amount (won)"))
        for i, line in enumerate(inv["lines"]):
            kind = InvoiceLineKind(line["kind"])
            what = line["description"] if kind == InvoiceLineKind.USE else _("{charge}: {what}").format(
                charge=label(kind, InvoiceLineKind), what=line["description"])
            text = f"{what} — {format_krw(line['amount_krw'])}"
            self.lines_list.item(i).setText(_("{line} (credited)").format(line=text) if line["credited"] else text)
        if self.lines_list.count() and self.isVisible():
            self._fit_lines()

    def save(self) -> bool:
        from hubdesk.domain import invoices

        reason, mode, line_ids, text = self.reason_edit.text(), self.mode(), self.chosen_line_ids(), \
            self.amount_edit.text()

        def credit(session, invoice_id):
            if mode == LINES:
                return invoices.credit_note(session, invoice_id, reason, line_ids=line_ids).id
            if mode == AMOUNT:
                amount = parse_amount(text)
                return invoices.credit_note(session, invoice_id, reason, amount_krw=amount).id
            return invoices.credit_note(session, invoice_id, reason).id

        result = write_op(self.context, self, credit, self.row["id"], changes=Change.INVOICE,
                          problem=self.problem_label, done=_("The credit note is issued."))
        if result.ok:
            self.credit_note_id = result.value
            self.accept()
        return result.ok
