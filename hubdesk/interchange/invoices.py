"""A period's invoices and credit notes out to Excel (or CSV) for the accounting office: one row
each, with the organization and its business registration number, the number, issue and due
days, total, paid, still owed and where it stands (in the interface language). Export only: an
invoice is made by `hubdesk.domain.invoices`, never imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from hubdesk.db.schema import Organization
from hubdesk.domain import invoices
from hubdesk.enum_labels import label
from hubdesk.i18n import _
from hubdesk.interchange.writers import write_table


def headers() -> list[str]:
    return [_("Number"), _("Kind"), _("Organization"), _("Business registration no."), _("Period"), _("Issued on"),
            _("Due on"), _("Total"), _("Paid"), _("Still owed"), _("Status"), _("Corrects invoice")]


def export_period(db: Any, period: str, path: str | Path) -> int:
    """Write the invoices and credit notes of `period` ("2026Q3" or "2026-07") to `path`; returns
    the number of rows written."""
    p = invoices.parse_period(period)
    with db.read() as session:
        rows = invoices.invoices(session, period=p.name)
        numbers = {r["id"]: r["number"] for r in rows}
        business_no = dict(session.execute(select(Organization.id, Organization.business_no).where(
            Organization.id.in_({r["organization_id"] for r in rows}))).all())
        lines = [[r["number"] or _("Draft"), label(r["kind"]), r["organization"], business_no.get(r["organization_id"]),
                  r["period"], r["issued_on"], r["due_on"], r["total_krw"], r["paid_krw"], r["outstanding_krw"],
                  invoices.state_label(r["state"]) + (" · " + _("overdue") if r["overdue"] else ""),
                  numbers.get(r["corrects_id"]) if r["corrects_id"] else None]
                 for r in sorted(rows, key=lambda r: (r["number"] is None, r["number"] or "", r["id"]))]
    return write_table(path, headers(), lines)
