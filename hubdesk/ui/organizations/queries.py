"""What the Organizations area reads, as plain data: one short read session per call, no rules
and no writes (saving is hubdesk.domain.organizations, certifications, interactions and
kpi_values, called from the dialogs through `write_op`).

SQLAlchemy, the schema and the domain are imported inside the functions, so importing this
module does not load them before the first paint (see docs/ARCHITECTURE.md, section 1)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterable, NamedTuple

from hubdesk.errors import DomainError
from hubdesk.i18n import _

if TYPE_CHECKING:
    from hubdesk.domain.quarters import Quarter

KPI_COLUMNS = ("id", "headcount", "new_hires", "permanent_hires", "sales_krw", "exports_krw",
               "investment_agreed_krw", "investment_executed_krw", "patents_filed", "patents_registered")


class UserClassRow(NamedTuple):
    id: int
    code: str
    name: str
    name_en: str | None


def reading(db, session):
    """`session` when the caller reads in one already (the page opens in one read), else a read."""
    import contextlib

    return contextlib.nullcontext(session) if session is not None else db.read()


class OrganizationProfile(NamedTuple):
    values: dict
    name: str
    archived_on: dt.date | None
    version: int = 1            # the row version the values are of (hubdesk.domain.versions)


def user_classes(db, session=None) -> list[UserClassRow]:
    """Every user class (fee category), in the order they were made."""
    from sqlalchemy import select

    from hubdesk.db.schema import UserClass

    with reading(db, session) as session:
        rows = session.execute(select(UserClass.id, UserClass.code, UserClass.name, UserClass.name_en)
                               .order_by(UserClass.id)).all()
    return [UserClassRow(r.id, r.code, r.name, r.name_en) for r in rows]


def organization_profile(db, org_id: int, keys: Iterable[str], session=None) -> OrganizationProfile:
    """The organization's saved values of the profile fields `keys`, its name, archive date and
    row version."""
    from hubdesk.db.schema import Organization

    with reading(db, session) as session:
        org = session.get(Organization, org_id)
        if org is None:
            raise DomainError(_("This organization no longer exists. Refresh the list."))
        return OrganizationProfile({key: getattr(org, key) for key in keys}, org.name, org.archived_on,
                                   org.version)


def organization_name(db, org_id: int) -> str:
    from hubdesk.db.schema import Organization

    with db.read() as session:
        return session.get(Organization, org_id).name


def organization_details(db, org_id: int | None, keys: Iterable[str] | None = None) -> dict[str, list[dict]]:
    """The rows of the detail page's tabs, by tab: contacts, certifications, interactions, kpis,
    bookings and cases (the longest two cut at 500, newest first); only the tabs `keys` names when
    given (the page reads a tab when it is first shown), one statement each."""
    wanted = list(DETAIL_TABS if keys is None else keys)
    with db.read() as session:
        return {key: DETAIL_TABS[key](session, org_id) for key in wanted}


def _contacts(session, org_id):
    from sqlalchemy import select

    from hubdesk.db.schema import Contact

    return [dict(id=c.id, name=c.name, title=c.title, department=c.department, email=c.email,
                 phone=c.phone, is_primary=c.is_primary)
            for c in session.scalars(select(Contact).where(Contact.organization_id == org_id)
                                     .order_by(Contact.is_primary.desc(), Contact.name))]


def _certifications(session, org_id):
    from sqlalchemy import select

    from hubdesk.db.schema import Certification

    return [dict(id=c.id, type=c.type, number=c.number, issuer=c.issuer, issued_on=c.issued_on,
                 expires_on=c.expires_on)
            for c in session.scalars(select(Certification).where(Certification.organization_id == org_id)
                                     .order_by(Certification.issued_on.desc()))]


def _interactions(session, org_id):
    from sqlalchemy import select

    from hubdesk.db.schema import Interaction

    return [dict(id=i.id, occurred_on=i.occurred_on, kind=i.kind, support_type=i.support_type,
                 summary=i.summary, staff=i.staff)
            for i in session.scalars(select(Interaction).where(Interaction.organization_id == org_id)
                                     .order_by(Interaction.occurred_on.desc()).limit(500))]


def _kpis(session, org_id):
    from sqlalchemy import select

    from hubdesk.db.schema import KpiValue

    kpis = []
    for k in session.scalars(select(KpiValue).where(KpiValue.organization_id == org_id)
                             .order_by(KpiValue.year.desc(), KpiValue.quarter.desc())):
        row = {c: getattr(k, c) for c in KPI_COLUMNS}
        row["year"], row["quarter"] = k.year, k.quarter
        kpis.append(row)
    return kpis


def _bookings(session, org_id):
    from sqlalchemy import select

    from hubdesk.db.schema import Booking, Resource

    return [dict(id=b.id, starts_at=b.starts_at, resource=name, status=b.status, purpose=b.purpose,
                 fee_krw=b.fee_krw)
            for b, name in session.execute(
                select(Booking, Resource.name).join(Resource, Resource.id == Booking.resource_id)
                .where(Booking.organization_id == org_id)
                .order_by(Booking.starts_at.desc()).limit(500))]


def _cases(session, org_id):
    from sqlalchemy import select

    from hubdesk.db.schema import ClinicalCase

    return [dict(id=c.id, product=c.product, pathway=c.pathway, stage=c.stage, opened_on=c.opened_on,
                 next_deadline=c.next_deadline)
            for c in session.scalars(select(ClinicalCase).where(ClinicalCase.organization_id == org_id)
                                     .order_by(ClinicalCase.opened_on.desc()))]


DETAIL_TABS = {"contacts": _contacts, "certifications": _certifications, "interactions": _interactions,
               "kpis": _kpis, "bookings": _bookings, "cases": _cases}


def certification(db, record_id: int) -> dict:
    """One certification's fields, for its form."""
    from hubdesk.domain.certifications import get_certification

    with db.read() as session:
        cert = get_certification(session, record_id)
        return dict(type=cert.type, number=cert.number, issuer=cert.issuer, issued_on=cert.issued_on,
                    expires_on=cert.expires_on, version=cert.version)


def contact(db, record_id: int) -> dict:
    """One contact's fields, for its form."""
    from hubdesk.domain.organizations import get_contact

    with db.read() as session:
        row = get_contact(session, record_id)
        return dict(name=row.name, title=row.title, department=row.department, email=row.email, phone=row.phone,
                    is_primary=row.is_primary, version=row.version)


def interaction(db, record_id: int) -> dict:
    """One interaction's fields, for its form."""
    from hubdesk.domain.interactions import get_interaction

    with db.read() as session:
        row = get_interaction(session, record_id)
        return dict(kind=row.kind, support_type=row.support_type, occurred_on=row.occurred_on,
                    summary=row.summary, staff=row.staff, event_id=row.event_id, version=row.version)


class QuarterFigures(NamedTuple):
    values: dict                # figure name → saved value (None when not saved)
    saved: bool                 # a row exists for the quarter
    locked: bool                # the quarter's report was issued
    based_on: dict = {}         # {("kpi_value", id): version} of the saved row (hubdesk.domain.versions)


def quarter_figures(db, org_id: int, quarter: Quarter, names: Iterable[str], session=None) -> QuarterFigures:
    """The organization's saved KPI figures `names` of one quarter, and whether that quarter is locked."""
    from hubdesk.domain.kpi_values import kpi_values_of
    from hubdesk.domain.report_lock import issued_report

    with reading(db, session) as session:
        row = kpi_values_of(session, org_id, quarter)
        values = {name: getattr(row, name) if row is not None else None for name in names}
        return QuarterFigures(values, row is not None, issued_report(session, quarter) is not None,
                              {("kpi_value", row.id): row.version} if row is not None else {})


def organization_invoices(db, organization_id: int) -> list[dict]:
    """The organization's invoices and credit notes, newest period first, with where each stands
    (`hubdesk.domain.invoices.invoices`)."""
    from hubdesk.domain.invoices import invoices

    with db.read() as s:
        return [dict(r, kind=r["kind"].value, status=r["status"].value)
                for r in invoices(s, organization_id=organization_id)]


def invoice_lines_to_credit(db, invoice_id: int) -> dict:
    """An issued invoice's lines for the credit note dialog: each with its amount and whether a
    credit note already reversed it, and how much of the invoice is left to credit."""
    from hubdesk.domain import invoices as INV

    with db.read() as s:
        invoice = INV.get_invoice(s, invoice_id)
        done = INV.credited_line_ids(s, invoice_id)
        left = invoice.total_krw - INV.credited_krw(s, invoice_id)
        return {"number": invoice.number, "total_krw": invoice.total_krw, "left_krw": left,
                "lines": [{"id": x.id, "kind": x.kind.value, "description": x.description, "amount_krw": x.amount_krw,
                           "credited": x.id in done} for x in invoice.lines]}
