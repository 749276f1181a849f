"""Screenshots of the organization page's invoice dialogs on the `small` demo data: the payment
dialog (day paid, amount) and the credit note dialog with one line chosen (a partial credit note).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m tests.ui.shots_invoices --lang vi

Writes docs/screenshots/invoice-payment-<lang>.png and invoice-credit-<lang>.png. Not a test:
pytest does not collect it.
"""

from __future__ import annotations

import sys

from tests.ui.take_screenshots import demo_database, grab_dialog, output_folder, settle, shot_arguments

REASON = {"ko": "2회차 이용분 청구 오류", "vi": "Tính sai buổi sử dụng thứ hai", "en": "Second session billed in error"}


def main(argv: list[str] | None = None) -> int:
    args = shot_arguments(argv)
    from hubdesk.ui.app import create_application

    app = create_application(args.lang)
    db, _folder = demo_database()
    out = output_folder(args)
    from hubdesk.domain import invoices as INV
    from hubdesk.ui.context import AppContext
    from hubdesk.ui.organizations.credit_dialog import CreditNoteDialog
    from hubdesk.ui.organizations.payment_dialog import PaymentDialog

    with db.read() as s:
        rows = [r for r in INV.invoices(s) if r["kind"] == "invoice" and r["status"] == "issued"
                and r["outstanding_krw"] > 0]
        row = max(rows, key=lambda r: len(INV.get_invoice(s, r["id"]).lines))
    context = AppContext(db=db, user_name="김민지")
    written: list = []
    payment = PaymentDialog(context, row)
    payment.note_edit.setText("IBK 0412-7781")
    grab_dialog(app, payment, out / f"invoice-payment-{args.lang}.png", written)
    credit = CreditNoteDialog(context, row)
    credit.reason_edit.setText(REASON.get(args.lang, REASON["en"]))
    credit.check_line(credit.invoice["lines"][1]["id"])
    settle(app)
    grab_dialog(app, credit, out / f"invoice-credit-{args.lang}.png", written)
    for path in written:
        print(path)
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
