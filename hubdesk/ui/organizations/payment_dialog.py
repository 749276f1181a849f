"""Record a payment against an issued invoice: the day it was paid (today by default, in the
foundation's zone: `hubdesk.domain.clock`) and the amount (what is still owed by default), with a
note. The checks are the domain's (`invoices.record_payment`: a positive amount, no more than is
owed, not before the invoice was issued); a refused save shows its sentence under the form and the
dialog stays open. Writes through `write_op`."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from hubdesk.domain import clock
from hubdesk.i18n import _
from hubdesk.ui.common.display import format_date, format_krw
from hubdesk.ui.common.forms import (amount_text, parse_amount, problem_label, pydate, qdate, save_cancel_buttons,
                                     stack_form)
from hubdesk.ui.common.operations import Change, write_op


class PaymentDialog(QDialog):
    """`row`: the invoice as the Invoices tab lists it (id, number, issued_on, outstanding_krw)."""

    def __init__(self, context, row: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PaymentDialog")
        self.context, self.row = context, row
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.paid_on_edit = QDateEdit(self)
        self.paid_on_edit.setObjectName("paidOn")
        self.paid_on_edit.setCalendarPopup(True)
        self.paid_on_edit.setDisplayFormat("yyyy-MM-dd")
        self.paid_on_edit.setDate(qdate(clock.today()))
        self.amount_edit = QLineEdit(amount_text(row["outstanding_krw"]), self)
        self.amount_edit.setObjectName("amount")
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("note")
        self.form = QFormLayout()
        self.form.addRow(self.summary)
        self.captions = []
        for field in (self.paid_on_edit, self.amount_edit, self.note_edit):
            caption = QLabel(self)
            caption.setBuddy(field)
            self.captions.append(caption)
            self.form.addRow(caption, field)
        self.problem_label = problem_label(self)
        self.buttons = save_cancel_buttons(self)
        stack_form(self, self.form, self.problem_label, self.buttons)
        self.resize(460, 0)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        row = self.row
        self.setWindowTitle(_("Record payment"))
        self.summary.setText(_("Invoice {number}, issued on {issued}: {owed} is still owed.").format(
            number=row["number"], issued=format_date(row["issued_on"]), owed=format_krw(row["outstanding_krw"])))
        for caption, text in zip(self.captions, (_("Paid on"), _("Amount (won)"), _("Note"))):
            caption.setText(text)
        self.note_edit.setPlaceholderText(_("Optional: a bank reference, who paid"))

    def save(self) -> bool:
        from hubdesk.domain import invoices

        paid_on, text, note = pydate(self.paid_on_edit.date()), self.amount_edit.text(), self.note_edit.text()

        def record(session, invoice_id):
            amount = parse_amount(text)
            invoices.record_payment(session, invoice_id, paid_on, amount, note.strip() or None)
            return amount

        result = write_op(self.context, self, record, self.row["id"], changes=Change.INVOICE,
                          problem=self.problem_label,
                          done=lambda amount: _("The payment of {amount} is recorded.").format(
                              amount=format_krw(amount)))
        if result.ok:
            self.accept()
        return result.ok
