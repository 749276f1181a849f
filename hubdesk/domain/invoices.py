"""Invoices: one per organization per period (a month or a quarter, as Settings say), drafted from
the frozen fees of its used bookings less their subsidies, plus charges for late cancellations and
no-shows by the policy in Settings; issued with a number without gaps per year; never changed
once issued (corrected by a credit note); paid at once or in parts; overdue after the due date.

Rules, settled here:
- A booking belongs to the period of its first local day (as the usage figures count it).
- Used: confirmed, in use or completed bookings (the statuses whose fee is billed, `FEE_STATUSES`);
  a line is the frozen fee, less the subsidised part frozen with it, for the organization to pay.
- No-show: the policy's share of the frozen fee (Settings, 100% unless set); no subsidy.
- Late cancellation: a booking cancelled after it was approved (it carries a frozen fee), fewer
  than the policy's hours before its start: the policy's share of the fee (Settings).
- One live invoice per organization and period: drafting again replaces the draft; once issued,
  the period is drafted again only after a credit note has cancelled the issued one.
- Issuing numbers the invoice INV-<year>-<0001…> in the year of its issue day, the next after the
  highest of that year, inside the writing transaction. SQLite's write lock serialises writers;
  on PostgreSQL an advisory lock held to the end of the transaction makes two issues take turns,
  so neither takes the other's number and a rolled-back issue leaves no gap. The unique number is
  the floor under it. Credit notes are numbered CN-<year>-<0001…> the same way.
- An issued invoice, its lines and a credit note are never changed or removed: the session hook
  (`install`, a SESSION_HOOK of `hubdesk.db.database`) refuses it, whatever function writes.
- A credit note reverses the whole invoice, line by line, with the reason; payments are recorded
  against an issued invoice, at most what is still owed; the invoice is unpaid, partly paid, paid
  (on the day of the last payment) or credited.
- Overdue: an issued invoice, not credited, not fully paid, whose due date (issue day plus the
  days in Settings, 30 unless set) has passed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from sqlalchemy import Select, event, func, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from hubdesk.db.enums import BookingStatus, InvoiceKind, InvoiceLineKind, InvoiceStatus
from hubdesk.db.ids import get_row
from hubdesk.db.schema import (Booking, BookingStatusChange, Invoice, InvoiceLine, InvoicePayment, Organization,
                               Resource, Setting)
from hubdesk.domain import booking_times as bt
from hubdesk.domain import clock
from hubdesk.domain.inputs import optional_text, require_amount, require_date
from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError
from hubdesk.formatting import format_date, format_krw
from hubdesk.i18n import _

# --- the policy in Settings --------------------------------------------------------------------------

PERIOD_KEY = "invoice_period"                # "month" or "quarter"
DUE_DAYS_KEY = "invoice_due_days"
LATE_HOURS_KEY = "late_cancellation_hours"
LATE_SHARE_KEY = "late_cancellation_share"   # percent of the fee
NO_SHOW_SHARE_KEY = "no_show_share"          # percent of the fee


@dataclasses.dataclass(frozen=True)
class Policy:
    period: str = "quarter"
    due_days: int = 30
    late_hours: int = 48
    late_share: int = 50
    no_show_share: int = 100


def policy(session: Session) -> Policy:
    """The invoicing policy in Settings (the defaults where nothing is set)."""
    values = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(
        (PERIOD_KEY, DUE_DAYS_KEY, LATE_HOURS_KEY, LATE_SHARE_KEY, NO_SHOW_SHARE_KEY)))).all())
    base = Policy()

    def number(key: str, default: int) -> int:
        try:
            return int(values.get(key) or default)
        except ValueError:
            return default
    period = values.get(PERIOD_KEY) or ""
    return Policy(period=period if period in ("month", "quarter") else base.period,
                  due_days=number(DUE_DAYS_KEY, base.due_days), late_hours=number(LATE_HOURS_KEY, base.late_hours),
                  late_share=number(LATE_SHARE_KEY, base.late_share),
                  no_show_share=number(NO_SHOW_SHARE_KEY, base.no_show_share))


def save_policy(session: Session, *, period: str, due_days: int, late_hours: int, late_share: int,
                no_show_share: int) -> Policy:
    """Set the invoicing policy (an administrator's setting)."""
    from hubdesk.domain.settings import set_setting

    if period not in ("month", "quarter"):
        raise DomainError(_("Invoices are made per month or per quarter. Choose one of the two."),
                          field="invoice_period")
    for field, value, top in (("invoice_due_days", due_days, 365), ("late_cancellation_hours", late_hours, 24 * 60),
                              ("late_cancellation_share", late_share, 100), ("no_show_share", no_show_share, 100)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            raise DomainError(_("Enter a whole number from 0 to {top}.").format(top=top), field=field)
    for key, stored in ((PERIOD_KEY, period), (DUE_DAYS_KEY, str(due_days)), (LATE_HOURS_KEY, str(late_hours)),
                        (LATE_SHARE_KEY, str(late_share)), (NO_SHOW_SHARE_KEY, str(no_show_share))):
        set_setting(session, key, stored)
    session.flush()
    return policy(session)


# --- periods -------------------------------------------------------------------------------------------

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclasses.dataclass(frozen=True)
class Period:
    name: str            # "2026Q3" or "2026-07"
    start: dt.date
    end_exclusive: dt.date


def parse_period(text_: str) -> Period:
    """A month ("2026-07") or a quarter ("2026Q3")."""
    m = _MONTH.match(text_ or "")
    if m and 1 <= int(m.group(2)) <= 12:
        year, month = int(m.group(1)), int(m.group(2))
        start = dt.date(year, month, 1)
        end = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        return Period(f"{year:04d}-{month:02d}", start, end)
    try:
        q = Quarter.parse(text_)
    except DomainError:
        raise DomainError(_("“{text}” is not an invoice period. Write a quarter like 2026Q3 or a month like "
                            "2026-07.").format(text=text_), field="period", code="bad_period") from None
    return Period(str(q), q.start, q.end_exclusive)


def period_of(day: dt.date, kind: str) -> Period:
    """The month or quarter holding `day`."""
    return parse_period(f"{day.year:04d}-{day.month:02d}" if kind == "month" else str(Quarter.of(day)))


# --- the draft -------------------------------------------------------------------------------------------

@dataclasses.dataclass
class DraftLine:
    kind: InvoiceLineKind
    booking_id: int | None
    description: str
    units: int
    full_krw: int
    subsidy_krw: int
    share_pct: int | None
    amount_krw: int


def _cancelled_at(session: Session, booking_ids: list[int]) -> dict[int, dt.datetime]:
    if not booking_ids:
        return {}
    return {bid: at for bid, at in session.execute(
        select(BookingStatusChange.booking_id, func.max(BookingStatusChange.changed_at))
        .where(BookingStatusChange.booking_id.in_(booking_ids),
               BookingStatusChange.to_status == BookingStatus.CANCELLED)
        .group_by(BookingStatusChange.booking_id))}


def _describe(resource: Resource, booking: Booking) -> str:
    tz = bt.resource_zone(resource)
    label = f"{resource.name} ({resource.code})" if resource.code else resource.name
    return f"{label}, {bt.format_span(booking.starts_at, booking.ends_at, tz)}"


def draft_lines(session: Session, organization_id: int, period: Period, rules: Policy | None = None
                ) -> list[DraftLine]:
    """What the organization's invoice for `period` would hold now (nothing written)."""
    from hubdesk.domain.usage import starts_within
    from hubdesk.domain.utilisation import FEE_STATUSES

    rules = rules or policy(session)
    rows = session.execute(
        select(Booking, Resource).join(Resource, Resource.id == Booking.resource_id)
        .where(Booking.organization_id == organization_id, Booking.fee_krw.is_not(None),
               Booking.status.in_((*FEE_STATUSES, BookingStatus.NO_SHOW, BookingStatus.CANCELLED)),
               starts_within(session, period.start, period.end_exclusive))
        .order_by(Booking.starts_at, Booking.id)).all()
    cancelled = _cancelled_at(session, [b.id for b, _r in rows if b.status == BookingStatus.CANCELLED])
    lines: list[DraftLine] = []
    for booking, resource in rows:
        fee = int(booking.fee_krw or 0)
        what = _describe(resource, booking)
        if booking.status in FEE_STATUSES:
            subsidy = int(booking.subsidy_krw or 0)
            lines.append(DraftLine(InvoiceLineKind.USE, booking.id, what, booking.units, fee, subsidy, None,
                                   fee - subsidy))
        elif booking.status == BookingStatus.NO_SHOW:
            if rules.no_show_share:
                lines.append(DraftLine(InvoiceLineKind.NO_SHOW, booking.id, what, booking.units, fee, 0,
                                       rules.no_show_share, fee * rules.no_show_share // 100))
        else:
            at = cancelled.get(booking.id)
            late = at is not None and at > booking.starts_at - dt.timedelta(hours=rules.late_hours)
            if late and rules.late_share:
                lines.append(DraftLine(InvoiceLineKind.LATE_CANCELLATION, booking.id, what, booking.units, fee, 0,
                                       rules.late_share, fee * rules.late_share // 100))
    return lines


def fully_credited() -> Select:
    """The ids of the invoices their credit notes have credited whole (a subquery)."""
    from sqlalchemy.orm import aliased

    original, note = aliased(Invoice), aliased(Invoice)
    return (select(note.corrects_id).join(original, original.id == note.corrects_id)
            .where(note.kind == InvoiceKind.CREDIT_NOTE).group_by(note.corrects_id, original.total_krw)
            .having(-func.sum(note.total_krw) >= original.total_krw))


def _live(session: Session, organization_id: int, period: str) -> list[Invoice]:
    """The organization's invoices of the period that count: drafts, and issued ones not credited
    whole (an invoice credited in part still counts: it is corrected by further credit notes)."""
    credited = fully_credited()
    return list(session.scalars(select(Invoice).where(
        Invoice.organization_id == organization_id, Invoice.period == period, Invoice.kind == InvoiceKind.INVOICE,
        Invoice.id.not_in(credited))))


def draft_invoice(session: Session, organization_id: int, period: str | Period, *, note: str | None = None
                  ) -> Invoice:
    """Draft (or draft again) the organization's invoice for the period."""
    p = period if isinstance(period, Period) else parse_period(period)
    org = get_row(session, Organization, organization_id)
    if org is None:
        raise DomainError(_("This organization no longer exists. Refresh the list and choose it again."),
                          field="organization_id", code="not_found")
    for existing in _live(session, org.id, p.name):
        if existing.status == InvoiceStatus.ISSUED:
            raise DomainError(_("The invoice of {organization} for {period} was issued as {number}. An issued "
                                "invoice is not changed: make a credit note for it first, then draft the "
                                "period again.").format(organization=org.name, period=p.name,
                                                        number=existing.number),
                              code="already_issued")
        session.delete(existing)
    session.flush()
    lines = draft_lines(session, org.id, p)
    if not lines:
        raise DomainError(_("{organization} has nothing to invoice for {period}: no used bookings, no-shows or "
                            "late cancellations with a fee.").format(organization=org.name, period=p.name),
                          code="nothing_to_invoice")
    invoice = Invoice(organization_id=org.id, period=p.name, kind=InvoiceKind.INVOICE, status=InvoiceStatus.DRAFT,
                      total_krw=sum(line.amount_krw for line in lines),
                      note=optional_text(Invoice, "note", note))
    invoice.lines = [InvoiceLine(**dataclasses.asdict(line)) for line in lines]
    session.add(invoice)
    session.flush()
    return invoice


# --- issuing and numbering ------------------------------------------------------------------------

NUMBER_LOCK = 0x6875_6264_0018   # the PostgreSQL advisory lock two issues take in turn
_PREFIX = {InvoiceKind.INVOICE: "INV", InvoiceKind.CREDIT_NOTE: "CN"}


def _next_number(session: Session, kind: InvoiceKind, year: int) -> str:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": NUMBER_LOCK})
    prefix = f"{_PREFIX[kind]}-{year:04d}-"
    with session.no_autoflush:
        numbers = session.scalars(select(Invoice.number).where(Invoice.number.like(prefix + "%"))).all()
    last = max((int(n[len(prefix):]) for n in numbers if n and n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def get_invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = get_row(session, Invoice, invoice_id)
    if invoice is None:
        raise DomainError(_("This invoice no longer exists. Refresh the list."), code="not_found")
    return invoice


def issue_invoice(session: Session, invoice_id: int, *, today: dt.date | None = None) -> Invoice:
    """Number and freeze a draft: issued today, due after the policy's days."""
    invoice = get_invoice(session, invoice_id)
    if invoice.status != InvoiceStatus.DRAFT:
        raise DomainError(_("Invoice {number} is already issued; an issued invoice is not changed.")
                          .format(number=invoice.number), code="already_issued")
    today = today or clock.today()
    invoice.number = _next_number(session, InvoiceKind.INVOICE, today.year)
    invoice.issued_on = today
    invoice.due_on = today + dt.timedelta(days=policy(session).due_days)
    invoice.status = InvoiceStatus.ISSUED
    session.flush()
    return invoice


def remove_draft(session: Session, invoice_id: int) -> None:
    """Remove a draft (an issued invoice is refused by the hook)."""
    session.delete(get_invoice(session, invoice_id))
    session.flush()


def credited_krw(session: Session, invoice_id: int) -> int:
    """How much of the invoice its credit notes have credited so far (a positive amount)."""
    total = session.scalar(select(func.coalesce(func.sum(Invoice.total_krw), 0)).where(
        Invoice.kind == InvoiceKind.CREDIT_NOTE, Invoice.corrects_id == invoice_id))
    return -int(total or 0)


def credited_line_ids(session: Session, invoice_id: int) -> set[int]:
    """The invoice's lines a credit note has already reversed."""
    return set(session.scalars(select(InvoiceLine.credits_line_id).join(Invoice, Invoice.id == InvoiceLine.invoice_id)
                               .where(Invoice.kind == InvoiceKind.CREDIT_NOTE, Invoice.corrects_id == invoice_id,
                                      InvoiceLine.credits_line_id.is_not(None))))


def credit_note(session: Session, invoice_id: int, reason: str, *, line_ids: list[int] | None = None,
                amount_krw: int | None = None, today: dt.date | None = None) -> Invoice:
    """A credit note correcting an issued invoice, with the reason; issued at once.

    Without `line_ids` or `amount_krw` it credits what is left: every line not credited yet (after
    an amount credited without lines, what is left as one amount). `line_ids` credits those lines
    of the invoice, each once; `amount_krw` credits that many won without a line. Several credit
    notes may correct one invoice until it is fully credited; together they never credit more than
    it (on PostgreSQL two credit notes take turns on the numbering lock before counting)."""
    invoice = get_invoice(session, invoice_id)
    reason = (reason or "").strip()
    if invoice.kind != InvoiceKind.INVOICE or invoice.status != InvoiceStatus.ISSUED:
        raise DomainError(_("Only an issued invoice can be corrected by a credit note; a draft can be drafted "
                            "again or removed."), code="not_issued")
    if not reason:
        raise DomainError(_("Say why the invoice is corrected; the reason is printed on the credit note."),
                          field="reason")
    if line_ids is not None and amount_krw is not None:
        raise ValueError("credit chosen lines or an amount, not both")
    today = today or clock.today()
    number = _next_number(session, InvoiceKind.CREDIT_NOTE, today.year)     # takes the lock first
    left = invoice.total_krw - credited_krw(session, invoice.id)
    if left <= 0:
        raise DomainError(_("Invoice {number} was already cancelled by a credit note.").format(number=invoice.number),
                          code="already_credited")
    done = credited_line_ids(session, invoice.id)
    lines = [line for line in invoice.lines if line.id not in done]
    if line_ids is not None:
        chosen = set(line_ids)
        if not chosen:
            raise DomainError(_("Choose at least one line of the invoice to credit."), field="line_ids")
        known = {line.id for line in invoice.lines}
        if chosen - known:
            raise DomainError(_("A line chosen is not on invoice {number}. Refresh and choose again.")
                              .format(number=invoice.number), field="line_ids", code="not_found")
        if chosen & done:
            raise DomainError(_("A line chosen was already credited by an earlier credit note. Choose only lines "
                                "not credited yet."), field="line_ids", code="line_credited")
        lines = [line for line in lines if line.id in chosen]
    if amount_krw is not None:
        amount = require_amount(amount_krw, "amount_krw", positive=True)
        credit_lines = [_amount_line(invoice, -amount)]
    elif line_ids is None and sum(line.amount_krw for line in lines) != left:
        credit_lines = [_amount_line(invoice, -left)]    # after an amount credited: what is left, as one amount
    else:
        credit_lines = [InvoiceLine(kind=InvoiceLineKind.CREDIT, booking_id=line.booking_id,
                                    description=line.description, units=line.units, full_krw=-line.full_krw,
                                    subsidy_krw=-line.subsidy_krw, share_pct=line.share_pct,
                                    amount_krw=-line.amount_krw, credits_line_id=line.id) for line in lines]
    total = sum(line.amount_krw for line in credit_lines)
    if -total > left:
        raise DomainError(_("{amount} is more than the {left} of invoice {number} not credited yet. Credit at most "
                            "what is left.").format(amount=format_krw(-total), left=format_krw(left),
                                                    number=invoice.number),
                          field="amount_krw" if amount_krw is not None else "line_ids", code="over_credit")
    if total >= 0:
        raise DomainError(_("The lines chosen add up to nothing to credit. Choose lines with an amount, or credit "
                            "an amount."), field="line_ids", code="nothing_to_credit")
    note = Invoice(organization_id=invoice.organization_id, period=invoice.period, kind=InvoiceKind.CREDIT_NOTE,
                   status=InvoiceStatus.ISSUED, corrects_id=invoice.id, issued_on=today, number=number,
                   total_krw=total, note=optional_text(Invoice, "note", reason))
    note.lines = credit_lines
    session.add(note)
    session.flush()
    return note


def _amount_line(invoice: Invoice, amount: int) -> InvoiceLine:
    """A credit line of `amount` won (negative) for part of the invoice, without a line it reverses;
    its description is the invoice's number (the PDF words it in its own language)."""
    return InvoiceLine(kind=InvoiceLineKind.CREDIT, description=invoice.number or "", units=0, full_krw=0,
                       subsidy_krw=0, amount_krw=amount)


def credit_of(session: Session, invoice_id: int) -> Invoice | None:
    """The first credit note correcting the invoice, if any (see `credited_krw` for how much)."""
    return session.scalars(select(Invoice).where(Invoice.kind == InvoiceKind.CREDIT_NOTE,
                                                 Invoice.corrects_id == invoice_id).order_by(Invoice.id)).first()


# --- payments -------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class PaymentState:
    status: str              # "draft", "unpaid", "partly_paid", "paid", "credited", "credit_note"
    paid_krw: int
    outstanding_krw: int
    paid_on: dt.date | None  # the last payment's day
    overdue: bool


def payment_state(invoice: Invoice, credited: int | bool, today: dt.date | None = None) -> PaymentState:
    """Where the invoice stands (its payments loaded; `credited`: the won its credit notes credited —
    all of it makes it "cancelled by a credit note", part lowers what is owed)."""
    paid = sum(p.amount_krw for p in invoice.payments)
    last = max((p.paid_on for p in invoice.payments), default=None)
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        return PaymentState("credit_note", 0, 0, None, False)
    if invoice.status == InvoiceStatus.DRAFT:
        return PaymentState("draft", 0, invoice.total_krw, None, False)
    credited_amount = invoice.total_krw if credited is True else int(credited or 0)
    if credited_amount >= invoice.total_krw:
        return PaymentState("credited", paid, 0, last, False)
    outstanding = invoice.total_krw - credited_amount - paid
    status = "paid" if outstanding <= 0 else ("partly_paid" if paid else "unpaid")
    today = today or clock.today()
    overdue = outstanding > 0 and invoice.due_on is not None and invoice.due_on < today
    return PaymentState(status, paid, max(outstanding, 0), last, overdue)


def state_label(status: str) -> str:
    return {"draft": _("Draft"), "unpaid": _("Unpaid"), "partly_paid": _("Partly paid"), "paid": _("Paid"),
            "credited": _("Cancelled by a credit note"), "credit_note": _("Credit note")}[status]


def record_payment(session: Session, invoice_id: int, paid_on: dt.date, amount_krw: int,
                   note: str | None = None) -> InvoicePayment:
    """Record a payment received against an issued invoice (all of what is owed, or part)."""
    invoice = get_invoice(session, invoice_id)
    paid_on = require_date(paid_on, "paid_on")
    amount = require_amount(amount_krw, "amount_krw", positive=True)
    if invoice.kind != InvoiceKind.INVOICE or invoice.status != InvoiceStatus.ISSUED:
        raise DomainError(_("A payment is recorded against an issued invoice. Issue the invoice first."),
                          code="not_issued")
    state = payment_state(invoice, credited_krw(session, invoice.id))
    if state.status == "credited":
        raise DomainError(_("Invoice {number} was cancelled by a credit note; nothing is owed on it.")
                          .format(number=invoice.number), code="credited")
    if amount > state.outstanding_krw:
        raise DomainError(_("{amount} is more than the {owed} still owed on invoice {number}. Enter at most what "
                            "is owed.").format(amount=format_krw(amount), owed=format_krw(state.outstanding_krw),
                                               number=invoice.number), field="amount_krw", code="overpaid")
    if invoice.issued_on and paid_on < invoice.issued_on:
        raise DomainError(_("The payment day {day} is before the invoice was issued on {issued}. Check the day.")
                          .format(day=format_date(paid_on), issued=format_date(invoice.issued_on)),
                          field="paid_on")
    payment = InvoicePayment(paid_on=paid_on, amount_krw=amount, note=optional_text(InvoicePayment, "note", note))
    invoice.payments.append(payment)   # the loaded list stays whole for the next payment's check
    session.flush()
    return payment


# --- lists ------------------------------------------------------------------------------------------

def invoices(session: Session, *, organization_id: int | None = None, period: str | None = None,
             today: dt.date | None = None) -> list[dict[str, Any]]:
    """Invoices and credit notes (newest first) with their organization and payment state."""
    from sqlalchemy.orm import selectinload

    query = (select(Invoice, Organization.name).join(Organization, Organization.id == Invoice.organization_id)
             .options(selectinload(Invoice.payments))
             .order_by(Invoice.period.desc(), Organization.name, Invoice.id))
    if organization_id is not None:
        query = query.where(Invoice.organization_id == organization_id)
    if period is not None:
        query = query.where(Invoice.period == parse_period(period).name)
    rows = session.execute(query).all()
    credited = {iid: -int(total) for iid, total in session.execute(
        select(Invoice.corrects_id, func.sum(Invoice.total_krw)).where(Invoice.kind == InvoiceKind.CREDIT_NOTE)
        .group_by(Invoice.corrects_id))}
    out = []
    for invoice, org_name in rows:
        state = payment_state(invoice, credited.get(invoice.id, 0), today)
        out.append({"id": invoice.id, "version": invoice.version, "number": invoice.number,
                    "organization_id": invoice.organization_id, "organization": org_name,
                    "period": invoice.period, "kind": invoice.kind, "status": invoice.status,
                    "issued_on": invoice.issued_on, "due_on": invoice.due_on, "total_krw": invoice.total_krw,
                    "paid_krw": state.paid_krw, "outstanding_krw": state.outstanding_krw, "paid_on": state.paid_on,
                    "state": state.status, "overdue": state.overdue, "corrects_id": invoice.corrects_id,
                    "credited_krw": credited.get(invoice.id, 0)})
    return out


def overdue(session: Session, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Issued invoices past their due date with something still owed, the most overdue first."""
    today = today or clock.today()
    rows = [r for r in invoices(session, today=today) if r["overdue"]]
    for r in rows:
        r["days_overdue"] = (today - r["due_on"]).days
    return sorted(rows, key=lambda r: (r["due_on"], r["id"]))


# --- an issued invoice is never changed --------------------------------------------------------------

def _was_issued(obj: Invoice) -> bool:
    history = inspect(obj).attrs.status.history
    before = [*history.unchanged, *history.deleted]
    return any(InvoiceStatus(s) == InvoiceStatus.ISSUED for s in before if s is not None)


def _frozen_refusal(number: str | None) -> DomainError:
    return DomainError(_("Invoice {number} is issued and is never changed. Correct it with a credit note.")
                       .format(number=number or ""), code="invoice_issued")


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in [*session.dirty, *session.deleted]:
        if isinstance(obj, Invoice) and (obj in session.deleted or session.is_modified(obj, include_collections=False)):
            if _was_issued(obj):
                raise _frozen_refusal(obj.number)
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, InvoiceLine):
            if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                continue
            invoice = obj.invoice if obj.invoice is not None else (
                session.get(Invoice, obj.invoice_id) if obj.invoice_id else None)
            if invoice is not None and invoice not in session.new and _was_issued(invoice):
                raise _frozen_refusal(invoice.number)


def install(factory: sessionmaker) -> None:
    """Refuse changes to issued invoices in sessions made by `factory` (idempotent)."""
    installed = factory.__dict__.setdefault("_hubdesk_hooks", set())
    if "invoices" not in installed:
        installed.add("invoices")
        event.listen(factory, "before_flush", _before_flush)
