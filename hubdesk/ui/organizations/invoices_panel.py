"""The Invoices tab of the organization page: the organization's invoices and credit notes with
where each stands (draft, unpaid, partly paid, paid, overdue, cancelled by a credit note), and
Draft…, Issue…, Record payment…, Credit note… and Save PDF…. Every write goes through `write_op`
to `hubdesk.domain.invoices`; the questions (a period, a file name) and showing the payment dialog
(`payment_dialog.py`: the day paid and the amount) and the credit note dialog (`credit_dialog.py`:
the reason, and all that is left, chosen lines or an amount) are module-level functions the tests
replace. The list is read when the tab is first shown."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QTableView, QWidget

from hubdesk.db.enums import InvoiceKind
from hubdesk.domain import clock
from hubdesk.i18n import N_, _
from hubdesk.ui.common import errors, file_dialogs
from hubdesk.ui.common.display import format_date, format_krw
from hubdesk.ui.common.labels import label
from hubdesk.ui.common.lazy_table_model import LazyColumn
from hubdesk.ui.common.layouts import STRETCH, hbox, vbox
from hubdesk.ui.common.list_view import redraw_texts
from hubdesk.ui.common.operations import Change, write_op
from hubdesk.ui.common.rows_table_model import RowsTableModel
from hubdesk.ui.common.widgets import configure_table_view, current_row


def _state(_value, row) -> str:
    from hubdesk.domain.invoices import state_label

    text = state_label(row["state"])
    return _("{state}, overdue").format(state=text) if row.get("overdue") else text


class InvoicesTableModel(RowsTableModel):
    COL_NUMBER, COL_KIND, COL_PERIOD, COL_ISSUED, COL_DUE, COL_TOTAL, COL_OWED, COL_STATE = range(8)
    columns = (
        LazyColumn("number", N_("Number"), render=lambda v: v or _("Draft")),
        LazyColumn("kind", N_("Kind"), render=lambda v: label(v, InvoiceKind)),
        LazyColumn("period", N_("Period")),
        LazyColumn("issued_on", N_("Issued on"), render=format_date),
        LazyColumn("due_on", N_("Due on"), render=format_date),
        LazyColumn("total_krw", N_("Total"), render=format_krw, align_right=True),
        LazyColumn("outstanding_krw", N_("Still owed"), render=format_krw, align_right=True),
        LazyColumn("state", N_("Status")),
    )

    def display(self, column, value, row) -> str:
        if column.key == "state":
            return _state(value, row)
        return super().display(column, value, row)


# --- the questions (tests replace them) -------------------------------------------------------------

def _ask_period(parent: QWidget, suggested: str) -> str | None:
    text, ok = QInputDialog.getText(parent, _("Draft an invoice"),
                                    _("Which period? A quarter like 2026Q3 or a month like 2026-07."), text=suggested)
    return text.strip() if ok and text.strip() else None


def _run_payment_dialog(dialog) -> bool:
    """Show the payment dialog; True when it recorded the payment."""
    from PySide6.QtWidgets import QDialog

    return dialog.exec() == QDialog.DialogCode.Accepted


def _run_credit_dialog(dialog) -> bool:
    """Show the credit note dialog; True when it issued a credit note."""
    from PySide6.QtWidgets import QDialog

    return dialog.exec() == QDialog.DialogCode.Accepted


def _ask_pdf_path(parent: QWidget, suggested: str) -> str | None:
    from pathlib import Path

    path, _chosen = file_dialogs.get_save_file_name(parent, _("Save the invoice"), str(Path.home() / suggested),
                                                   _("PDF document (*.pdf)"))
    return path or None


ask_period, ask_pdf_path = _ask_period, _ask_pdf_path
run_payment_dialog, run_credit_dialog = _run_payment_dialog, _run_credit_dialog


class InvoicesPanel(QWidget):
    def __init__(self, context, organization_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.organization_id = organization_id
        self.loaded = False
        self.model = InvoicesTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("invoicesTable")
        self.table.setModel(self.model)
        configure_table_view(self.table, sortable=False)
        self.draft_button = QPushButton(self)
        self.issue_button = QPushButton(self)
        self.payment_button = QPushButton(self)
        self.credit_button = QPushButton(self)
        self.pdf_button = QPushButton(self)
        self.note = QLabel(self)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        for button, slot in ((self.draft_button, self.draft), (self.issue_button, self.issue),
                             (self.payment_button, self.record_payment), (self.credit_button, self.credit_note),
                             (self.pdf_button, self.save_pdf)):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        vbox(self, hbox(self.draft_button, self.issue_button, self.payment_button, self.credit_button,
                        self.pdf_button, STRETCH), (self.table, 1), self.note, margins=(4, 4, 4, 4))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        context.bus.data_changed.connect(self._on_data_changed)
        context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def load(self) -> None:
        from hubdesk.ui.organizations.queries import organization_invoices

        with errors.guard(self):
            self.model.set_rows(organization_invoices(self.context.db, self.organization_id))
        self.loaded = True
        self.update_buttons()

    def _on_data_changed(self, kind) -> None:
        if self.loaded and kind in (Change.ANY, Change.INVOICE, Change.BOOKING):
            self.load()

    def selected(self) -> dict | None:
        return current_row(self.table, self.model)

    def select_id(self, invoice_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.id_at(row) == invoice_id:
                self.table.selectRow(row)
                return

    def update_buttons(self) -> None:
        row = self.selected()
        issued_invoice = row is not None and row["kind"] == "invoice" and row["status"] == "issued"
        self.issue_button.setEnabled(row is not None and row["status"] == "draft")
        self.payment_button.setEnabled(issued_invoice and bool(row and row["outstanding_krw"] > 0)
                                       and bool(row and row["state"] != "credited"))
        self.credit_button.setEnabled(issued_invoice and bool(row and row["state"] != "credited"))
        self.pdf_button.setEnabled(row is not None)

    def _write(self, fn, *args, done) -> bool:
        result = write_op(self.context, self, fn, *args, changes=Change.INVOICE, done=done)
        if result.ok and isinstance(result.value, int):
            self.select_id(result.value)
        return result.ok

    # --- actions -----------------------------------------------------------------------------------
    def draft(self) -> bool:
        from hubdesk.domain import invoices

        def suggested() -> str:
            with self.context.db.read() as s:
                rules = invoices.policy(s)
            previous = clock.today().replace(day=1) - dt.timedelta(days=1)
            return invoices.period_of(previous, rules.period).name

        period = ask_period(self, suggested())
        if period is None:
            return False
        return self._write(lambda s, org, p: invoices.draft_invoice(s, org, p).id, self.organization_id, period,
                           done=lambda _id: _("The invoice for {period} is drafted.").format(period=period))

    def issue(self) -> bool:
        from hubdesk.domain import invoices

        row = self.selected()
        if row is None:
            return False
        return self._write(lambda s, i: invoices.issue_invoice(s, i).id, row["id"],
                           done=lambda _id: _("The invoice is issued."))

    def record_payment(self) -> bool:
        from hubdesk.ui.organizations.payment_dialog import PaymentDialog

        row = self.selected()
        if row is None:
            return False
        if not run_payment_dialog(PaymentDialog(self.context, row, self)):
            return False
        self.select_id(row["id"])
        return True

    def credit_note(self) -> bool:
        from hubdesk.ui.organizations.credit_dialog import CreditNoteDialog

        row = self.selected()
        if row is None:
            return False
        dialog = CreditNoteDialog(self.context, row, self)
        if not run_credit_dialog(dialog):
            return False
        self.select_id(dialog.credit_note_id)
        return True

    def save_pdf(self) -> str | None:
        from hubdesk.i18n import get_language
        from hubdesk.reports.invoice import render_invoice

        row = self.selected()
        if row is None:
            return None
        path = ask_pdf_path(self, f"{row['number'] or _('invoice')}.pdf")
        if path is None:
            return None
        with errors.guard(self):
            out = render_invoice(self.context.db, None, None, get_language(), path, invoice_id=row["id"])
            self.context.bus.status_message.emit(_("Saved {path}.").format(path=out))
            return str(out)
        return None

    def retranslate_ui(self, *_args) -> None:
        self.draft_button.setText(_("Draft…"))
        self.issue_button.setText(_("Issue…"))
        self.payment_button.setText(_("Record payment…"))
        self.credit_button.setText(_("Credit note…"))
        self.pdf_button.setText(_("Save PDF…"))
        self.note.setText(_("An issued invoice is never changed: correct it with a credit note, then draft the "
                            "period again."))
        redraw_texts(self.model)
