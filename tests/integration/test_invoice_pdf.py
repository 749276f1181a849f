"""The invoice PDF, read back with pdftotext: issued in Korean and Vietnamese with its number, its
lines (use less the subsidy, a no-show charged by the policy), total, due date and what was paid;
a period not issued prints as a draft; a credit note prints as one; the command line writes it and
refuses bad input with a sentence."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from hubdesk.db.enums import BookingStatus, ParticipantRole, SubsidyKind
from hubdesk.domain import invoices as INV
from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
from hubdesk.domain.participants import ParticipantInput, add_participant
from hubdesk.domain.subsidies import save_subsidy
from hubdesk.reports.invoice import render_invoice
from tests.factories import booking_world, kst, make_program


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _world(db):
    with db.write() as s:
        w = booking_world(s, fee_per_unit_krw=50_000, name="세포배양실 B-1")
        w.org.name = "주식회사 한빛바이오"
        program = make_program(s, "바이오 바우처")
        add_participant(s, program.id, ParticipantInput(w.org_id, ParticipantRole.BENEFICIARY, dt.date(2026, 1, 1)))
        save_subsidy(s, program.id, None, kind=SubsidyKind.SHARE, value=30)
        for start, end, statuses in (
                (kst(2026, 7, 6, 9), kst(2026, 7, 6, 13), (BookingStatus.APPROVED, BookingStatus.CONFIRMED)),
                (kst(2026, 7, 7, 9), kst(2026, 7, 7, 11), (BookingStatus.APPROVED, BookingStatus.NO_SHOW))):
            b = create_booking(s, BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                                 starts_at=start, ends_at=end))
            for status in statuses:
                change_status(s, b.id, status)
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, w.org_id, "2026Q3").id, today=dt.date(2026, 10, 2))
        INV.record_payment(s, invoice.id, dt.date(2026, 10, 15), 100_000)
        return w.org_id, invoice.id


def test_the_invoice_in_korean_and_vietnamese(db, tmp_path):
    org_id, invoice_id = _world(db)
    ko = text_of(render_invoice(db, str(org_id), "2026Q3", "ko", tmp_path / "ko.pdf"))
    assert "청구서" in ko and "INV-2026-0001" in ko and "주식회사 한빛바이오" in ko
    assert "세포배양실 B-1" in ko and "140,000원" in ko             # 200,000 less 30% subsidy
    assert "100,000원" in ko and "노쇼" in ko                       # the no-show at 100% of its fee
    assert "240,000원" in ko and "2026. 11. 1." in ko                # total, due 30 days after issue
    assert "부분 납부" in ko and "140,000원" in ko                   # 100,000 paid of 240,000
    vi = text_of(render_invoice(db, str(org_id), "2026Q3", "vi", tmp_path / "vi.pdf"))
    assert "Hóa đơn" in vi and "INV-2026-0001" in vi and "240.000 ₩" in vi and "Đã trả một phần" in vi
    with db.write() as s:
        note = INV.credit_note(s, invoice_id, "청구 오류", today=dt.date(2026, 10, 20))
    credit = text_of(render_invoice(db, None, None, "ko", tmp_path / "cn.pdf", invoice_id=note.id))
    assert "CN-2026-0001" in credit and "INV-2026-0001" in credit and "청구 오류" in credit and "-240,000원" in credit
    draft = text_of(render_invoice(db, str(org_id), "2026Q3", "en", tmp_path / "draft.pdf"))
    assert "Draft — not issued" in draft and "INV-2026-0001" not in draft and "₩240,000" in draft


def test_a_partial_credit_note_prints_what_it_credits(db, tmp_path):
    org_id, invoice_id = _world(db)
    with db.write() as s:
        no_show = INV.get_invoice(s, invoice_id).lines[1]
        by_line = INV.credit_note(s, invoice_id, "노쇼 면제", line_ids=[no_show.id], today=dt.date(2026, 10, 20))
        by_amount = INV.credit_note(s, invoice_id, "Goodwill", amount_krw=10_000, today=dt.date(2026, 10, 21))
    ko = text_of(render_invoice(db, None, None, "ko", tmp_path / "cn1.pdf", invoice_id=by_line.id))
    assert "CN-2026-0001" in ko and "INV-2026-0001" in ko and "노쇼 면제" in ko and "-100,000원" in ko
    assert "청구서의 일부: 240,000원 중 100,000원" in ko
    vi = text_of(render_invoice(db, None, None, "vi", tmp_path / "cn2.pdf", invoice_id=by_amount.id))
    assert "CN-2026-0002" in vi and "-10.000 ₩" in vi and "Đã ghi có: một phần hóa đơn INV-2026-0001" in vi
    # the invoice itself now shows what was credited and owes the rest: 240,000 - 110,000 - 100,000 paid
    invoice = text_of(render_invoice(db, str(org_id), "2026Q3", "en", tmp_path / "inv.pdf"))
    assert "Credited" in invoice and "₩110,000" in invoice and "₩30,000" in invoice


def test_the_command_line(db, tmp_path, monkeypatch, capsys):
    from hubdesk import cli

    org_id, _invoice_id = _world(db)
    path = str(db.path)
    db.dispose()
    out = tmp_path / "invoice.pdf"
    code = cli.main(["--db", path, "report", "invoice", "--org", str(org_id), "--period", "2026Q3", "--lang", "vi",
                     "--out", str(out)])
    assert code == 0 and "INV-2026-0001" in text_of(out)
    code = cli.main(["--db", path, "report", "invoice", "--org", str(org_id), "--period", "2026Q5",
                     "--out", str(tmp_path / "bad.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "2026Q3" in err and "2026-07" in err and not (tmp_path / "bad.pdf").exists()


def test_the_period_exports_to_a_workbook(db, tmp_path, capsys):
    import openpyxl

    from hubdesk import cli

    _org_id, invoice_id = _world(db)
    with db.write() as s:
        INV.credit_note(s, invoice_id, "청구 오류", today=dt.date(2026, 10, 20))
    path = str(db.path)
    db.dispose()
    out = tmp_path / "invoices.xlsx"
    code = cli.main(["--db", path, "report", "invoices", "--period", "2026Q3", "--lang", "en", "--out", str(out)])
    assert code == 0 and "Wrote 2 invoices" in capsys.readouterr().out
    rows = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Number", "Kind", "Organization"]
    assert [(r[0], r[1], r[7], r[8], r[10], r[11]) for r in rows[1:]] == [
        ("CN-2026-0001", "Credit note", -240_000, 0, "Credit note", "INV-2026-0001"),
        ("INV-2026-0001", "Invoice", 240_000, 100_000, "Cancelled by a credit note", None)]
