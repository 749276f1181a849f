"""Invoices and credit notes out to Excel (or CSV) for the accounting office: one row each, with
the organization and its business registration number, the number, issue and due days, total,
paid, still owed and where it stands (in the interface language). Export only: an invoice is made
by `hubdesk.domain.invoices`, never imported (its payments come in the payments kind).

`export_period` writes one period's (`hubdesk report invoices`); `export_records` is the ordinary
export kind (`hubdesk export invoices FILE`), every invoice of every period."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import Organization
from hubdesk.domain import invoices
from hubdesk.enum_labels import label
from hubdesk.i18n import _
from hubdesk.interchange.cells import text
from hubdesk.interchange.columns import Column
from hubdesk.interchange.writers import write_table

C = Column
COLUMNS = [
    C("number", "번호", text()),
    C("kind", "구분", text()),
    C("organization", "기업명", text()),
    C("business_no", "사업자등록번호", text()),
    C("period", "청구 기간", text()),
    C("issued_on", "발행일", text()),
    C("due_on", "납부기한", text()),
    C("total_krw", "합계", text()),
    C("paid_krw", "입금액", text()),
    C("outstanding_krw", "미수금", text()),
    C("status", "상태", text()),
    C("corrects", "정정 대상 청구서", text()),
]


def headers() -> list[str]:
    return [_("Number"), _("Kind"), _("Organization"), _("Business registration no."), _("Period"), _("Issued on"),
            _("Due on"), _("Total"), _("Paid"), _("Still owed"), _("Status"), _("Corrects invoice")]


def _lines(session: Session, rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    numbers = {r["id"]: r["number"] for r in rows}
    business_no = dict(session.execute(select(Organization.id, Organization.business_no).where(
        Organization.id.in_({r["organization_id"] for r in rows}))).all())
    for r in sorted(rows, key=lambda r: (r["number"] is None, r["number"] or "", r["id"])):
        yield [r["number"] or _("Draft"), label(r["kind"]), r["organization"], business_no.get(r["organization_id"]),
               r["period"], r["issued_on"], r["due_on"], r["total_krw"], r["paid_krw"], r["outstanding_krw"],
               invoices.state_label(r["state"]) + (" · " + _("overdue") if r["overdue"] else ""),
               numbers.get(r["corrects_id"]) if r["corrects_id"] else None]


def export_records(session: Session) -> Iterator[list[Any]]:
    """Every invoice and credit note, numbered ones first in number order, then the drafts."""
    yield from _lines(session, invoices.invoices(session))


def export_period(db: Any, period: str, path: str | Path) -> int:
    """Write the invoices and credit notes of `period` ("2026Q3" or "2026-07") to `path`; returns
    the number of rows written."""
    p = invoices.parse_period(period)
    with db.read() as session:
        lines = list(_lines(session, invoices.invoices(session, period=p.name)))
    return write_table(path, headers(), lines)
