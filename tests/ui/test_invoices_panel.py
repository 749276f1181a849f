"""The organization page's Invoices tab driven as a person would: draft the quarter's invoice,
issue it, record a part payment in the payment dialog (the list says partly paid; the dialog
proposes today and what is owed, and keeps a refused payment open with its sentence), correct it with a credit note (the
invoice then shows as cancelled and can no longer be paid), and save the PDF, read back."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest


@pytest.fixture
def world(db):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
    from tests.factories import booking_world, kst

    with db.write() as s:
        w = booking_world(s, fee_per_unit_krw=50_000)
        b = create_booking(s, BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                             starts_at=kst(2026, 7, 6, 9), ends_at=kst(2026, 7, 6, 13)))
        for status in (BookingStatus.APPROVED, BookingStatus.CONFIRMED):
            change_status(s, b.id, status)
        return db, w.org_id


def test_draft_issue_pay_credit_and_save_the_pdf(qtbot, monkeypatch, world, tmp_path, shown_messages):
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations import invoices_panel
    from hubdesk.ui.organizations.dialog import OrganizationDialog

    db, org_id = world
    dialog = OrganizationDialog(AppContext(db=db, user_name="Tester"), org_id)
    qtbot.addWidget(dialog)
    panel = dialog.invoices
    dialog.tabs.setCurrentWidget(panel)
    assert dialog.tabs.tabText(dialog.tabs.indexOf(panel)) == "Invoices" and panel.loaded
    assert panel.model.rowCount() == 0 and not panel.issue_button.isEnabled()

    monkeypatch.setattr(invoices_panel, "ask_period", lambda _p, _s: "2026Q3")
    assert panel.draft()
    assert panel.model.rowCount() == 1 and panel.selected()["state"] == "draft"
    assert panel.issue_button.isEnabled() and not panel.payment_button.isEnabled()
    assert panel.issue()
    row = panel.selected()
    assert row["number"].startswith("INV-") and row["total_krw"] == 200_000 and panel.payment_button.isEnabled()

    def pay_a_quarter(dialog):
        dialog.amount_edit.setText(str(dialog.row["outstanding_krw"] // 4))
        return dialog.save()

    monkeypatch.setattr(invoices_panel, "run_payment_dialog", pay_a_quarter)
    assert panel.record_payment()
    assert panel.selected()["state"] == "partly_paid" and panel.selected()["outstanding_krw"] == 150_000
    shown = panel.model.index(0, panel.model.COL_STATE).data()
    assert shown.startswith("Partly paid")

    def credit_all(dialog):
        assert not dialog.save()                         # no reason: refused with the sentence, still open
        assert "Say why" in dialog.problem_label.text() and shown_messages and "Say why" in str(shown_messages[-1])
        dialog.reason_edit.setText("Wrong resource")
        ok = dialog.save()                               # all that is left (the default)
        assert ok, (dialog.problem_label.text(), shown_messages)
        return ok

    monkeypatch.setattr(invoices_panel, "run_credit_dialog", credit_all)
    assert panel.credit_note()
    states = sorted(r["state"] for r in panel.model.rows())
    assert states == ["credit_note", "credited"]
    panel.select_id(next(r["id"] for r in panel.model.rows() if r["state"] == "credited"))
    assert not panel.payment_button.isEnabled() and not panel.credit_button.isEnabled()

    monkeypatch.setattr(invoices_panel, "ask_pdf_path", lambda _p, name: str(tmp_path / name))
    path = panel.save_pdf()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Invoice" in text and "INV-" in text and "Cancelled by a credit note" in text


def test_the_dashboard_lists_overdue_invoices_and_opens_the_organization(qtbot, world):
    from hubdesk.domain import clock
    from hubdesk.domain import invoices as INV
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.dashboard.view import DashboardView

    db, org_id = world
    issued_on = clock.today() - dt.timedelta(days=45)
    with db.write() as s:
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, org_id, "2026Q3").id, today=issued_on)
        INV.record_payment(s, invoice.id, issued_on, 50_000)
    context = AppContext(db=db, user_name="Tester")
    view = DashboardView(context)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20000)
    panel = view.panels["overdue"]
    assert panel.title.text() == "Overdue invoices" and panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data().endswith("15 days late")
    assert panel.model.index(0, 1).data() == invoice.number
    assert panel.model.index(0, 3).data() == "₩150,000"
    opened = []
    context.bus.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    view.open_row(panel, 0)
    assert opened == [("organization", org_id)]


def test_the_payment_dialog_proposes_today_and_what_is_owed_and_names_what_is_wrong(qtbot, monkeypatch, world,
                                                                                   shown_messages):
    from hubdesk.domain import clock
    from hubdesk.domain import invoices as INV
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations import invoices_panel
    from hubdesk.ui.organizations.dialog import OrganizationDialog
    from hubdesk.ui.organizations.payment_dialog import PaymentDialog

    db, org_id = world
    issued_on = clock.today() - dt.timedelta(days=10)
    with db.write() as s:
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, org_id, "2026Q3").id, today=issued_on)
    dialog = OrganizationDialog(AppContext(db=db, user_name="Tester"), org_id)
    qtbot.addWidget(dialog)
    panel = dialog.invoices
    dialog.tabs.setCurrentWidget(panel)
    panel.select_id(invoice.id)
    seen = []

    def fill(payment: PaymentDialog) -> bool:
        qtbot.addWidget(payment)
        payment.show()
        seen.append(payment)
        assert payment.paid_on_edit.date().toPython() == clock.today()       # today in the foundation's zone
        assert payment.amount_edit.text() == "200,000"                        # what is still owed
        assert invoice.number in payment.summary.text() and "₩200,000" in payment.summary.text()
        payment.amount_edit.setText("250,000")
        assert not payment.save() and payment.isVisible()
        assert "more than the ₩200,000 still owed" in payment.problem_label.text()
        payment.amount_edit.setText("12.5")
        assert not payment.save() and "not a whole number of won" in payment.problem_label.text()
        payment.amount_edit.setText("120,000")
        payment.paid_on_edit.setDate(payment.paid_on_edit.date().addDays(-11))   # before the issue
        assert not payment.save() and "before the invoice was issued" in payment.problem_label.text()
        payment.paid_on_edit.setDate(payment.paid_on_edit.date().addDays(3))
        payment.note_edit.setText("bank ref 4471")
        return payment.save()

    monkeypatch.setattr(invoices_panel, "run_payment_dialog", fill)
    assert panel.record_payment()
    assert seen and seen[0].result() == seen[0].DialogCode.Accepted
    row = panel.selected()
    assert (row["id"], row["state"], row["outstanding_krw"]) == (invoice.id, "partly_paid", 80_000)
    with db.read() as s:
        paid = [(p.paid_on, p.amount_krw, p.note) for p in INV.get_invoice(s, invoice.id).payments]
    assert paid == [(issued_on + dt.timedelta(days=2), 120_000, "bank ref 4471")]


def test_the_credit_note_dialog_credits_chosen_lines_then_an_amount(qtbot, monkeypatch, world, shown_messages):
    from hubdesk.db.enums import BookingStatus
    from hubdesk.domain import invoices as INV
    from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations import invoices_panel
    from hubdesk.ui.organizations.credit_dialog import AMOUNT, LINES, REST, CreditNoteDialog
    from hubdesk.ui.organizations.dialog import OrganizationDialog
    from tests.factories import kst

    db, org_id = world
    with db.write() as s:
        from hubdesk.db.schema import Resource
        from sqlalchemy import select

        rid = s.scalar(select(Resource.id))
        b = create_booking(s, BookingRequest(resource_id=rid, organization_id=org_id,
                                             starts_at=kst(2026, 7, 8, 9), ends_at=kst(2026, 7, 8, 11)))
        for status in (BookingStatus.APPROVED, BookingStatus.CONFIRMED):
            change_status(s, b.id, status)
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, org_id, "2026Q3").id)   # 200,000 + 100,000
        first_line, second_line = (x.id for x in invoice.lines)
    dialog = OrganizationDialog(AppContext(db=db, user_name="Tester"), org_id)
    qtbot.addWidget(dialog)
    panel = dialog.invoices
    dialog.tabs.setCurrentWidget(panel)
    panel.select_id(invoice.id)

    def credit_one_line(credit: CreditNoteDialog) -> bool:
        qtbot.addWidget(credit)
        assert credit.mode() == REST and credit.lines_list.count() == 2
        assert "₩300,000" in credit.summary.text() and credit.amount_edit.text() == "300,000"
        credit.reason_edit.setText("Second session cancelled by us")
        credit.check_line(second_line)
        assert credit.mode() == LINES and credit.chosen_line_ids() == [second_line]
        return credit.save()

    monkeypatch.setattr(invoices_panel, "run_credit_dialog", credit_one_line)
    assert panel.credit_note()
    assert panel.selected()["kind"] == "credit_note" and panel.selected()["total_krw"] == -100_000
    panel.select_id(invoice.id)
    assert panel.selected()["state"] == "unpaid" and panel.selected()["outstanding_krw"] == 200_000
    assert panel.credit_button.isEnabled()

    def credit_an_amount(credit: CreditNoteDialog) -> bool:
        qtbot.addWidget(credit)
        item = credit.lines_list.item(1)
        assert item.text().endswith("(credited)") and not item.flags() & item.flags().ItemIsEnabled
        assert "₩200,000 of its ₩300,000" in credit.summary.text()
        credit.reason_edit.setText("Goodwill")
        credit.amount_edit.setText("250,000")
        credit.amount_edit.textEdited.emit("250,000")
        assert credit.mode() == AMOUNT
        assert not credit.save() and "more than the ₩200,000" in credit.problem_label.text()
        credit.amount_edit.setText("50,000")
        return credit.save()

    monkeypatch.setattr(invoices_panel, "run_credit_dialog", credit_an_amount)
    assert panel.credit_note()
    panel.select_id(invoice.id)
    assert (panel.selected()["state"], panel.selected()["outstanding_krw"]) == ("unpaid", 150_000)
