"""Invoices through hubdesk.domain.invoices on SQLite and PostgreSQL: a draft holds the used
bookings' frozen fees less their subsidies, a no-show and a late cancellation charged by the
policy in Settings (an early cancellation is free); an issued invoice is never changed, whatever
writes it, and a credit note corrects it; payments in parts, overdue invoices; numbers without
gaps per year, also when two issue at the same moment on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from hubdesk.db.enums import BookingStatus, InvoiceLineKind, InvoiceStatus, ParticipantRole, SubsidyKind
from hubdesk.db.schema import Invoice, InvoiceLine
from hubdesk.domain import invoices as INV
from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
from hubdesk.domain.participants import ParticipantInput, add_participant
from hubdesk.domain.subsidies import save_subsidy
from hubdesk.errors import DomainError
from tests.factories import booking_world, kst, make_org, make_program


def _booking(s, w, start, end, *statuses, org_id=None, at=None):
    b = create_booking(s, BookingRequest(resource_id=w.resource_id, organization_id=org_id or w.org_id,
                                         starts_at=start, ends_at=end))
    for status in statuses:
        change_status(s, b.id, status, now=at)
    return b


def _world(s):
    w = booking_world(s, fee_per_unit_krw=50_000)
    INV.save_policy(s, period="quarter", due_days=30, late_hours=48, late_share=50, no_show_share=80)
    S = BookingStatus
    w.used = _booking(s, w, kst(2026, 7, 6, 9), kst(2026, 7, 6, 13), S.APPROVED, S.CONFIRMED, S.IN_USE, S.COMPLETED)
    w.no_show = _booking(s, w, kst(2026, 7, 7, 9), kst(2026, 7, 7, 11), S.APPROVED, S.NO_SHOW)
    w.late = _booking(s, w, kst(2026, 7, 8, 9), kst(2026, 7, 8, 12), S.APPROVED)
    change_status(s, w.late.id, S.CANCELLED, now=kst(2026, 7, 7, 15))      # 18 hours before: late
    w.early = _booking(s, w, kst(2026, 7, 9, 9), kst(2026, 7, 9, 12), S.APPROVED)
    change_status(s, w.early.id, S.CANCELLED, now=kst(2026, 7, 1, 9))       # a week before: free
    _booking(s, w, kst(2026, 7, 10, 9), kst(2026, 7, 10, 12))               # only requested: nothing
    return w


def test_a_draft_charges_no_shows_and_late_cancellations_by_the_policy(any_db):
    with any_db.write() as s:
        w = _world(s)
        program = make_program(s, "Bio voucher")
        add_participant(s, program.id, ParticipantInput(w.org_id, ParticipantRole.BENEFICIARY, dt.date(2026, 1, 1)))
        save_subsidy(s, program.id, None, kind=SubsidyKind.SHARE, value=25)
        subsidised = _booking(s, w, kst(2026, 8, 3, 9), kst(2026, 8, 3, 11), BookingStatus.APPROVED,
                              BookingStatus.CONFIRMED)
        invoice = INV.draft_invoice(s, w.org_id, "2026Q3")
        lines = [(line.kind, line.booking_id, line.full_krw, line.subsidy_krw, line.share_pct, line.amount_krw)
                 for line in invoice.lines]
        assert lines == [
            (InvoiceLineKind.USE, w.used.id, 200_000, 0, None, 200_000),
            (InvoiceLineKind.NO_SHOW, w.no_show.id, 100_000, 0, 80, 80_000),             # 80% of the fee
            (InvoiceLineKind.LATE_CANCELLATION, w.late.id, 150_000, 0, 50, 75_000),      # 50%, 18 h before
            (InvoiceLineKind.USE, subsidised.id, 100_000, 25_000, None, 75_000),          # less the subsidy
        ]
        assert (invoice.status, invoice.number, invoice.total_krw) == (InvoiceStatus.DRAFT, None, 430_000)
        assert "Suite B-1" in invoice.lines[0].description
        # a month of the quarter holds only its own bookings; drafting again replaces the draft
        july = INV.draft_invoice(s, w.org_id, "2026-07")
        assert july.total_krw == 355_000 and len(july.lines) == 3
        again = INV.draft_invoice(s, w.org_id, "2026Q3")
        assert again.total_krw == 430_000 and s.get(Invoice, invoice.id) is None
        with pytest.raises(DomainError, match="nothing to invoice for 2026Q1"):
            INV.draft_invoice(s, w.org_id, "2026Q1")
        with pytest.raises(DomainError, match="is not an invoice period"):
            INV.draft_invoice(s, w.org_id, "2026-13")


def test_an_issued_invoice_is_never_changed_and_a_credit_note_corrects_it(any_db):
    with any_db.write() as s:
        w = _world(s)
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, w.org_id, "2026Q3").id, today=dt.date(2026, 10, 2))
        assert (invoice.number, invoice.issued_on, invoice.due_on, invoice.total_krw) == (
            "INV-2026-0001", dt.date(2026, 10, 2), dt.date(2026, 11, 1), 355_000)
        invoice_id = invoice.id
    with any_db.read() as s:
        issued_version = s.get(Invoice, invoice_id).version

    def change_total(s):
        s.get(Invoice, invoice_id).total_krw = 1

    def change_line(s):
        invoice = s.get(Invoice, invoice_id)
        invoice.lines[0].amount_krw = 1

    def add_line(s):
        invoice = s.get(Invoice, invoice_id)
        invoice.lines.append(InvoiceLine(kind=InvoiceLineKind.USE, description="x"))

    refusals = [change_total, change_line, add_line, lambda s: s.delete(s.get(Invoice, invoice_id)),
                lambda s: INV.remove_draft(s, invoice_id), lambda s: INV.draft_invoice(s, w.org_id, "2026Q3"),
                lambda s: INV.issue_invoice(s, invoice_id)]
    for change in refusals:
        with pytest.raises(DomainError, match="issued"):
            with any_db.write() as s:
                change(s)
                s.flush()
    with any_db.read() as s:
        stored = s.get(Invoice, invoice_id)
        assert (stored.total_krw, stored.version, len(stored.lines)) == (355_000, issued_version, 3)
    with any_db.write() as s:
        with pytest.raises(DomainError, match="Say why"):
            INV.credit_note(s, invoice_id, "  ")
        note = INV.credit_note(s, invoice_id, "The no-show was the foundation's fault", today=dt.date(2026, 10, 5))
        assert (note.number, note.total_krw, note.corrects_id) == ("CN-2026-0001", -355_000, invoice_id)
        assert [line.amount_krw for line in note.lines] == [-200_000, -80_000, -75_000]
        with pytest.raises(DomainError, match="already cancelled"):
            INV.credit_note(s, invoice_id, "again")
        # the period is drafted again, corrected (the no-show charge waived), and issued with the next number
        INV.save_policy(s, period="quarter", due_days=30, late_hours=48, late_share=50, no_show_share=0)
        corrected = INV.issue_invoice(s, INV.draft_invoice(s, w.org_id, "2026Q3").id, today=dt.date(2026, 10, 5))
        assert (corrected.number, corrected.total_krw) == ("INV-2026-0002", 275_000)
        rows = {r["number"]: r for r in INV.invoices(s, organization_id=w.org_id, today=dt.date(2026, 10, 6))}
        assert (rows["INV-2026-0001"]["state"], rows["CN-2026-0001"]["state"], rows["INV-2026-0002"]["state"]) == (
            "credited", "credit_note", "unpaid")


def test_payments_in_parts_and_the_overdue_list(any_db):
    with any_db.write() as s:
        w = _world(s)
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, w.org_id, "2026Q3").id, today=dt.date(2026, 10, 2))
        assert [r["number"] for r in INV.overdue(s, today=dt.date(2026, 11, 1))] == []         # due today
        late = INV.overdue(s, today=dt.date(2026, 11, 11))
        assert [(r["number"], r["days_overdue"], r["outstanding_krw"]) for r in late] == [("INV-2026-0001", 10, 355_000)]
        INV.record_payment(s, invoice.id, dt.date(2026, 10, 20), 155_000)
        with pytest.raises(DomainError, match="more than the ₩200,000 still owed") as exc:
            INV.record_payment(s, invoice.id, dt.date(2026, 10, 21), 200_001)
        assert exc.value.field == "amount_krw"
        state = INV.invoices(s, today=dt.date(2026, 11, 11))[0]
        assert (state["state"], state["paid_krw"], state["outstanding_krw"], state["overdue"]) == (
            "partly_paid", 155_000, 200_000, True)
        INV.record_payment(s, invoice.id, dt.date(2026, 11, 12), 200_000)
        state = INV.invoices(s, today=dt.date(2026, 11, 13))[0]
        assert (state["state"], state["paid_on"], state["overdue"]) == ("paid", dt.date(2026, 11, 12), False)
        assert INV.overdue(s, today=dt.date(2026, 12, 1)) == []


def test_numbers_have_no_gaps_per_year(any_db):
    with any_db.write() as s:
        w = booking_world(s)
        orgs = [w.org_id] + [make_org(s, f"Org {i}", user_class=w.user_class).id for i in range(3)]
        for i, org_id in enumerate(orgs):
            _booking(s, w, kst(2026, 7, 6 + i, 9), kst(2026, 7, 6 + i, 10), BookingStatus.APPROVED,
                     BookingStatus.CONFIRMED, org_id=org_id)
        drafts = [INV.draft_invoice(s, org_id, "2026Q3").id for org_id in orgs]
    with any_db.write() as s:
        INV.issue_invoice(s, drafts[0], today=dt.date(2026, 12, 30))
    with pytest.raises(RuntimeError):                       # an issue rolled back takes no number
        with any_db.write() as s:
            INV.issue_invoice(s, drafts[1], today=dt.date(2026, 12, 31))
            raise RuntimeError("the person closed the program")
    with any_db.write() as s:
        INV.issue_invoice(s, drafts[1], today=dt.date(2026, 12, 31))
        INV.issue_invoice(s, drafts[2], today=dt.date(2027, 1, 2))     # a new year starts again at 1
        INV.issue_invoice(s, drafts[3], today=dt.date(2027, 1, 2))
    with any_db.read() as s:
        assert sorted(n for (n,) in s.query(Invoice.number)) == ["INV-2026-0001", "INV-2026-0002",
                                                                 "INV-2027-0001", "INV-2027-0002"]


def test_two_issuing_at_the_same_moment_take_turns(any_db):
    n = 12
    with any_db.write() as s:
        w = booking_world(s)
        orgs = [make_org(s, f"Org {i}", user_class=w.user_class).id for i in range(n)]
        for i, org_id in enumerate(orgs):
            _booking(s, w, kst(2026, 7, 1, 0) + dt.timedelta(hours=2 * i), kst(2026, 7, 1, 1) + dt.timedelta(hours=2 * i),
                     BookingStatus.APPROVED, BookingStatus.CONFIRMED, org_id=org_id)
        drafts = [INV.draft_invoice(s, org_id, "2026Q3").id for org_id in orgs]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def issue(ids):
        try:
            barrier.wait()
            for invoice_id in ids:
                with any_db.write() as s:
                    INV.issue_invoice(s, invoice_id, today=dt.date(2026, 10, 1))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(drafts[k::2],)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with any_db.read() as s:
        assert sorted(n for (n,) in s.query(Invoice.number)) == [f"INV-2026-{i:04d}" for i in range(1, n + 1)]


def test_partial_credit_notes_credit_chosen_lines_or_an_amount_until_the_invoice_is_credited_whole(any_db):
    with any_db.write() as s:
        w = _world(s)
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, w.org_id, "2026Q3").id, today=dt.date(2026, 10, 2))
        used, no_show, late = invoice.lines          # 200,000 + 80,000 + 75,000 = 355,000
        first = INV.credit_note(s, invoice.id, "No-show waived", line_ids=[no_show.id], today=dt.date(2026, 10, 5))
        assert (first.number, first.total_krw) == ("CN-2026-0001", -80_000)
        assert [(x.credits_line_id, x.amount_krw) for x in first.lines] == [(no_show.id, -80_000)]
        assert INV.credited_krw(s, invoice.id) == 80_000
        with pytest.raises(DomainError, match="already credited by an earlier credit note"):
            INV.credit_note(s, invoice.id, "again", line_ids=[no_show.id, late.id])
        with pytest.raises(DomainError, match="at least one line"):
            INV.credit_note(s, invoice.id, "none", line_ids=[])

        INV.record_payment(s, invoice.id, dt.date(2026, 10, 10), 200_000)
        row = INV.invoices(s, organization_id=w.org_id, today=dt.date(2026, 10, 12))
        mine = next(r for r in row if r["id"] == invoice.id)
        assert (mine["state"], mine["outstanding_krw"], mine["credited_krw"]) == ("partly_paid", 75_000, 80_000)
        with pytest.raises(DomainError, match="more than the ₩75,000 still owed"):
            INV.record_payment(s, invoice.id, dt.date(2026, 10, 11), 80_000)

        with pytest.raises(DomainError, match="₩300,000 is more than the ₩275,000 of invoice INV-2026-0001 not "
                                              "credited yet") as refused:
            INV.credit_note(s, invoice.id, "too much", amount_krw=300_000)
        assert refused.value.field == "amount_krw"
        second = INV.credit_note(s, invoice.id, "Goodwill", amount_krw=25_000, today=dt.date(2026, 10, 6))
        assert [(x.credits_line_id, x.amount_krw, x.description) for x in second.lines] == [
            (None, -25_000, "INV-2026-0001")]
        # the lines left (275,000) are more than is left to credit (250,000)
        with pytest.raises(DomainError, match="more than the ₩250,000"):
            INV.credit_note(s, invoice.id, "lines", line_ids=[used.id, late.id])
        overdue = INV.overdue(s, today=dt.date(2026, 11, 20))
        assert [(r["number"], r["outstanding_krw"]) for r in overdue] == [("INV-2026-0001", 50_000)]

        last = INV.credit_note(s, invoice.id, "Cancel the rest", today=dt.date(2026, 11, 21))
        assert last.total_krw == -250_000
        assert INV.credited_krw(s, invoice.id) == 355_000
        mine = next(r for r in INV.invoices(s, organization_id=w.org_id) if r["id"] == invoice.id)
        assert (mine["state"], mine["outstanding_krw"]) == ("credited", 0)
        assert INV.overdue(s, today=dt.date(2026, 11, 25)) == []
        with pytest.raises(DomainError, match="already cancelled"):
            INV.credit_note(s, invoice.id, "more", amount_krw=1)
        # credited whole: the period can be drafted again
        assert INV.draft_invoice(s, w.org_id, "2026Q3").status == InvoiceStatus.DRAFT


def test_crediting_the_lines_left_of_a_partly_credited_invoice_reverses_each_line(db):
    with db.write() as s:
        w = _world(s)
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, w.org_id, "2026Q3").id, today=dt.date(2026, 10, 2))
        used, no_show, late = invoice.lines
        INV.credit_note(s, invoice.id, "No-show waived", line_ids=[no_show.id])
        with pytest.raises(DomainError, match="issued"):         # a partly credited invoice still counts
            INV.draft_invoice(s, w.org_id, "2026Q3")
        rest = INV.credit_note(s, invoice.id, "Wrong organization")
        assert sorted((x.credits_line_id, x.amount_krw) for x in rest.lines) == sorted(
            [(used.id, -200_000), (late.id, -75_000)])
        assert INV.credited_krw(s, invoice.id) == invoice.total_krw
