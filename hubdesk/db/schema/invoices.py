"""Invoices per organization and period, their lines, credit notes and payments.

The rules (what a draft holds, numbering without gaps, an issued invoice never changes, credit
notes, payment status) live in `hubdesk.domain.invoices`; the constraints here back them up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubdesk.db.enums import InvoiceKind, InvoiceLineKind, InvoiceStatus
from hubdesk.db.schema.base import Base, MainRow, enum_column
from hubdesk.db.schema.network import Organization


class Invoice(MainRow, Base):
    """An invoice of one organization for one period ("2026Q3" or "2026-07"), or a credit note
    correcting one (`corrects_id`). Numbered when issued ("INV-2026-0001", "CN-2026-0001")."""

    __tablename__ = "invoice"
    __table_args__ = (
        CheckConstraint("status = 'draft' OR (number IS NOT NULL AND issued_on IS NOT NULL)",
                        name="issued_has_number"),
        CheckConstraint("kind = 'invoice' OR corrects_id IS NOT NULL", name="credit_note_corrects"),
        Index("ix_invoice_organization_period", "organization_id", "period"),
        Index("ix_invoice_due_on", "status", "due_on"),
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"))
    period: Mapped[str] = mapped_column(String(7))
    kind: Mapped[InvoiceKind] = mapped_column(enum_column(InvoiceKind, "invoice_kind"), default=InvoiceKind.INVOICE)
    status: Mapped[InvoiceStatus] = mapped_column(enum_column(InvoiceStatus, "invoice_status"),
                                                  default=InvoiceStatus.DRAFT)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id", ondelete="RESTRICT"))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    total_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    lines: Mapped[list["InvoiceLine"]] = relationship(back_populates="invoice", cascade="all, delete-orphan",
                                                      order_by="InvoiceLine.id")
    payments: Mapped[list["InvoicePayment"]] = relationship(back_populates="invoice",
                                                            order_by="InvoicePayment.paid_on")


class InvoiceLine(MainRow, Base):
    """One line: a booking's use (full fee, subsidised part, amount), a late cancellation or a
    no-show charged by the policy (`share_pct` of the fee), or a credit note's reversal."""

    __tablename__ = "invoice_line"
    __table_args__ = (
        Index("ix_invoice_line_invoice_id", "invoice_id"),
        Index("ix_invoice_line_booking_id", "booking_id"),
        Index("ix_invoice_line_credits_line_id", "credits_line_id"),
    )
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="RESTRICT"))
    kind: Mapped[InvoiceLineKind] = mapped_column(enum_column(InvoiceLineKind, "invoice_line_kind"))
    description: Mapped[str] = mapped_column(Text)
    units: Mapped[int] = mapped_column(Integer, default=0)
    full_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    subsidy_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    share_pct: Mapped[int | None] = mapped_column(Integer)
    amount_krw: Mapped[int] = mapped_column(BigInteger, default=0)
    # on a credit note: the invoice line this line reverses (None for an amount credited without one)
    credits_line_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_line.id", ondelete="RESTRICT"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class InvoicePayment(MainRow, Base):
    """A payment received against an issued invoice (an invoice may be paid in parts)."""

    __tablename__ = "invoice_payment"
    __table_args__ = (
        CheckConstraint("amount_krw > 0", name="amount_positive"),
        Index("ix_invoice_payment_invoice_id", "invoice_id"),
    )
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="RESTRICT"))
    paid_on: Mapped[dt.date] = mapped_column(Date)
    amount_krw: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)

    invoice: Mapped[Invoice] = relationship(back_populates="payments")
