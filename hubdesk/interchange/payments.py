"""Payments received against invoices, in and out: one row per payment, with the invoice's number,
the day it was paid, the amount in won and a note.

Every new row is recorded through `hubdesk.domain.invoices.record_payment`, with its checks (an
issued invoice, not cancelled by a credit note, no more than is still owed, not before the
invoice was issued). A payment already recorded — the same uid, or the same invoice, day and
amount — is not recorded twice: importing the same file again changes nothing. A recorded payment
is never changed by an import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.enums import InvoiceKind
from hubdesk.db.schema import Invoice, InvoicePayment
from hubdesk.domain import invoices
from hubdesk.i18n import _
from hubdesk.interchange.cells import parse_date, parse_non_negative_int, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.records import UidImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("invoice", "청구서 번호", text(20), required=True, aliases=("청구서", "invoice number", "number")),
    C("paid_on", "입금일", parse_date, required=True, aliases=("납부일", "paid on", "date")),
    C("amount", "입금액", parse_non_negative_int, required=True, aliases=("금액", "amount_krw", "amount (krw)")),
    C("note", "비고", text(), aliases=("메모",)),
]
FIELD_COLUMNS = {"amount_krw": "amount", "paid_on": "paid_on", "invoice_id": "invoice"}


class Importer(UidImporter):
    model = InvoicePayment
    columns = COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.numbers: dict[str, tuple[int, InvoiceKind]] = {
            number: (iid, kind) for iid, number, kind in session.execute(
                select(Invoice.id, Invoice.number, Invoice.kind).where(Invoice.number.is_not(None)))}
        rows = session.execute(select(InvoicePayment.uid, InvoicePayment.invoice_id, InvoicePayment.paid_on,
                                      InvoicePayment.amount_krw)).all()
        self.recorded: set[tuple[int, dt.date, int]] = {(i, d, a) for _u, i, d, a in rows}
        self.by_key: dict[str, tuple[int, dt.date, int]] = {u: (i, d, a) for u, i, d, a in rows}

    def _invoice_id(self, number: str) -> int:
        found = self.numbers.get(number.strip())
        if found is None:
            raise RowProblems([("invoice", _("No issued invoice has the number {number}. Write the number of an "
                                             "issued invoice as it is printed on it (a draft has no number "
                                             "until it is issued).").format(number=number))])
        if found[1] != InvoiceKind.INVOICE:
            raise RowProblems([("invoice", _("{number} is a credit note. A payment is recorded against the "
                                             "invoice it was paid for.").format(number=number))])
        return found[0]

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        invoice_id = self._invoice_id(values["invoice"])
        key = (invoice_id, values["paid_on"], values["amount"])
        uid = values.get("uid")
        if uid and uid in self.by_key:
            if self.by_key[uid] != key:
                raise RowProblems([(None, _("The payment with this uid is already recorded with another "
                                            "invoice, day or amount, and a recorded payment is never changed. "
                                            "Clear the uid to record another payment."))])
            return "unchanged"
        if key in self.recorded:
            return "unchanged"
        payment = invoices.record_payment(self.session, invoice_id, values["paid_on"], values["amount"],
                                          values.get("note"))
        self.adopt_uid(payment, values)
        self.by_key[payment.uid] = key
        self.recorded.add(key)
        return "created"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(InvoicePayment, Invoice.number).join(Invoice, Invoice.id == InvoicePayment.invoice_id)
            .order_by(InvoicePayment.paid_on, Invoice.number, InvoicePayment.id))
    for p, number in session.execute(stmt):
        yield [p.uid, number, p.paid_on, p.amount_krw, p.note]
