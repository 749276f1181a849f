"""The invoice of one organization for one period as a PDF, in Korean, English or Vietnamese.

It prints the organization's issued invoice of the period (the live one: not credited whole by
credit notes), else its draft, else what a draft would hold now (marked "Draft — not issued"), with its
lines (facility use with the subsidised part, no-show and late-cancellation charges by the policy),
the total, the due date and what was paid. A credit note prints the same way from its id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hubdesk.db import enums as E
from hubdesk.db.schema import Invoice, Setting
from hubdesk.domain import invoices as INV
from hubdesk.i18n import _, get_language, language
from hubdesk.reports import fmt
from hubdesk.reports.labels import label
from hubdesk.reports.layout import PageInfo, Progress, build, no_progress, title_block
from hubdesk.reports.orgref import resolve_organization
from hubdesk.reports.tables import BLANK, Bold, Num, data_table, key_values
from hubdesk.reports.text import para


def _line(kind, description: str, units: int, full: int, subsidy: int, share: int | None, amount: int,
          reverses: bool = True) -> dict:
    return {"kind": str(getattr(kind, "value", kind)), "description": description, "units": units, "full": full,
            "subsidy": subsidy, "share": share, "amount": amount, "reverses": reverses}


def _invoice_data(session: Session, invoice: Invoice) -> dict:
    credited = INV.credited_krw(session, invoice.id)
    state = INV.payment_state(invoice, credited)
    corrects = session.get(Invoice, invoice.corrects_id) if invoice.corrects_id else None
    partial = corrects is not None and -invoice.total_krw < corrects.total_krw   # a credit note for part of it
    return {"partial": partial, "corrects_total": corrects.total_krw if corrects else None,
            "credited": credited, "number": invoice.number,
            "kind": invoice.kind.value, "status": invoice.status.value,
            "issued_on": invoice.issued_on, "due_on": invoice.due_on, "total": invoice.total_krw,
            "paid": state.paid_krw, "outstanding": state.outstanding_krw, "state": state.status,
            "note": invoice.note, "corrects": corrects.number if corrects else None,
            "lines": [_line(x.kind, x.description, x.units, x.full_krw, x.subsidy_krw, x.share_pct, x.amount_krw,
                            x.kind != E.InvoiceLineKind.CREDIT or x.credits_line_id is not None or not partial)
                      for x in invoice.lines]}


def gather_invoice(session: Session, org_ref, period: str | None = None, *, invoice_id: int | None = None) -> dict:
    """The document's plain data: the foundation, the organization, and the invoice (issued,
    draft, or the lines a draft would hold now)."""
    if invoice_id is not None:
        invoice = INV.get_invoice(session, invoice_id)
        org = invoice.organization
        p = INV.parse_period(invoice.period)
    else:
        org = resolve_organization(session, org_ref)
        p = INV.parse_period(period or "")
        credited = INV.fully_credited()
        found = session.scalars(select(Invoice).options(selectinload(Invoice.lines), selectinload(Invoice.payments))
                                .where(Invoice.organization_id == org.id, Invoice.period == p.name,
                                       Invoice.kind == E.InvoiceKind.INVOICE, Invoice.id.not_in(credited))
                                .order_by(Invoice.status.desc(), Invoice.id.desc())).first()
        invoice = found
    foundation = session.get(Setting, "foundation_name")
    if invoice is not None:
        data = _invoice_data(session, invoice)
    else:
        lines = INV.draft_lines(session, org.id, p)
        data = {"number": None, "kind": "invoice", "status": "preview", "issued_on": None, "due_on": None,
                "total": sum(x.amount_krw for x in lines), "paid": 0, "outstanding": 0, "state": "draft",
                "note": None, "corrects": None,
                "lines": [_line(x.kind, x.description, x.units, x.full_krw, x.subsidy_krw, x.share_pct, x.amount_krw)
                          for x in lines]}
    rules = INV.policy(session)
    data.update({
        "period": p.name, "period_start": p.start, "period_end": p.end_exclusive - dt.timedelta(days=1),
        "foundation": foundation.value if foundation is not None else None,
        "organization": {"id": org.id, "name": org.name, "business_no": org.business_no, "address": org.address},
        "policy": {"late_hours": rules.late_hours, "late_share": rules.late_share,
                   "no_show_share": rules.no_show_share, "due_days": rules.due_days},
    })
    return data


def _what(line: dict) -> str:
    kind = E.InvoiceLineKind(line["kind"])
    if kind == E.InvoiceLineKind.USE:
        return line["description"]
    if kind == E.InvoiceLineKind.CREDIT:
        if not line.get("reverses", True):
            return _("Credited: part of invoice {number}").format(number=line["description"])
        return _("Reversed: {what}").format(what=line["description"])
    return _("{charge} ({share}): {what}").format(charge=label(E.InvoiceLineKind, kind), share=fmt.pct(
        (line["share"] or 0) / 100, 0), what=line["description"])


def story_for(data: dict) -> list:
    org = data["organization"]
    credit = data["kind"] == "credit_note"
    title = _("Credit note") if credit else _("Invoice")
    if data["number"]:
        heading_line = _("No. {number}").format(number=data["number"])
    elif data["status"] == "draft":
        heading_line = _("Draft — not issued yet")
    else:
        heading_line = _("Draft — not issued: what the invoice would hold today")
    story = title_block(title, [heading_line, _("{organization}, {start} – {end}").format(
        organization=org["name"], start=fmt.date(data["period_start"]), end=fmt.date(data["period_end"]))])
    facts = [
        (_("Billed to"), org["name"]),
        (_("Business registration no."), org["business_no"]),
        (_("Address"), org["address"]),
        (_("Period"), data["period"]),
        (_("Issued on"), fmt.date(data["issued_on"]) if data["issued_on"] else _("not issued")),
    ]
    if credit:
        facts.append((_("Corrects invoice"), data["corrects"]))
        if data.get("partial"):
            facts.append((_("Credits"), _("part of the invoice: {amount} of its {total}").format(
                amount=fmt.krw(-data["total"]), total=fmt.krw(data["corrects_total"]))))
        facts.append((_("Reason"), data["note"]))
    else:
        facts += [(_("Due on"), fmt.date(data["due_on"]) if data["due_on"] else "—"),
                  (_("Total"), Num(fmt.krw(data["total"]))),
                  *([(_("Credited"), Num(fmt.krw(data["credited"])))] if data.get("credited") else []),
                  (_("Paid"), Num(fmt.krw(data["paid"]))),
                  (_("Still owed"), Num(fmt.krw(data["outstanding"]))),
                  (_("Status"), INV.state_label(data["state"]))]
    story.extend(key_values(facts))
    rows = [[_what(x), Num(fmt.num(x["units"])), Num(fmt.krw(x["full"])), Num(fmt.krw(x["subsidy"])),
             Num(fmt.krw(x["amount"]))] for x in data["lines"]]
    if rows:
        rows.append([Bold(_("Total")), BLANK, Num(fmt.krw(sum(x["full"] for x in data["lines"]))),
                     Num(fmt.krw(sum(x["subsidy"] for x in data["lines"]))), Num(fmt.krw(data["total"]))])
    story.extend(data_table([_("Item"), _("Units"), _("Fee"), _("Subsidy"), _("Amount")], rows,
                            widths=[0.44, 0.10, 0.16, 0.14, 0.16], numeric=[1, 2, 3, 4], total_row=bool(rows)))
    p = data["policy"]
    story.append(para(_("Facility use is billed at the fee frozen when the booking was approved, less the part a "
                        "program's facility subsidy pays. A no-show is charged {no_show} of the fee; a booking "
                        "cancelled less than {hours} hours before its start, {late}. Times are local to each "
                        "facility.").format(no_show=fmt.pct(p["no_show_share"] / 100, 0), hours=p["late_hours"],
                                            late=fmt.pct(p["late_share"] / 100, 0)), "note"))
    if not credit and data["due_on"] and data["outstanding"] > 0:
        story.append(para(_("Please pay {amount} by {date}, quoting the invoice number.").format(
            amount=fmt.krw(data["outstanding"]), date=fmt.date(data["due_on"])), "note"))
    return story


def render_invoice(db_or_session, org_ref, period: str | None, lang: str | None, out_path: str | Path, *,
                   invoice_id: int | None = None, progress: Progress | None = None) -> Path:
    """Write the invoice of one organization (id, uid, business no. or exact name) for one period
    ("2026Q3" or "2026-07"), or the invoice or credit note `invoice_id`, to `out_path` (atomically)."""
    progress = progress or no_progress
    with language(lang or get_language()):
        progress(0.0, _("Collecting the invoice…"))
        if hasattr(db_or_session, "read"):
            with db_or_session.read() as session:
                data = gather_invoice(session, org_ref, period, invoice_id=invoice_id)
        else:
            data = gather_invoice(db_or_session, org_ref, period, invoice_id=invoice_id)
        progress(0.4, _("Laying out pages…"))
        foundation = data["foundation"] or _("Regional Bio-Industry Foundation")
        title = _("Credit note") if data["kind"] == "credit_note" else _("Invoice")
        info = PageInfo(foundation, _("{organization}, {period}").format(
            organization=data["organization"]["name"], period=data["period"]), title, has_cover=False)
        out = build(story_for(data), out_path, title=title, info=info, lang=get_language(), author=foundation,
                    subject=data["organization"]["name"], progress=progress)
        progress(1.0, _("Done."))
        return out
