"""Organization profile: facts, contacts, certifications, KPIs over time, bookings, clinical-entry
cases, documents and support received, for one organization."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import CondPageBreak
from reportlab.lib.units import mm
from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.domain import clock
from hubdesk.db import enums as E
from hubdesk.db.schema import ClinicalCase, Contact, Interaction, KpiValue, Setting
from hubdesk.domain.quarters import Quarter
from hubdesk.i18n import _, get_language, language
from hubdesk.reports import fmt
from hubdesk.reports.labels import label, units_text
from hubdesk.reports.layout import PageInfo, Progress, build, heading, no_progress, title_block
from hubdesk.reports.orgref import resolve_organization
from hubdesk.reports.tables import Code, Num, data_table, key_values
from hubdesk.reports.text import para
from hubdesk.domain.usage import bookings_by_org_resource
from hubdesk.formatting import format_file_size

KPI_QUARTERS = 12
BOOKING_QUARTERS = 8
LIST_ROWS = 100


def _iso(d):
    return d.isoformat() if d else None


def _v(e):
    return None if e is None else str(getattr(e, "value", e))


def gather_profile(session: Session, org_ref, *, today: dt.date | None = None) -> dict:
    """The profile's plain data."""
    today = today or clock.today()
    org = resolve_organization(session, org_ref)
    foundation = session.get(Setting, "foundation_name")
    facts = {"name": org.name, "name_en": org.name_en, "kind": _v(org.kind), "sector": _v(org.sector),
             "growth_stage": _v(org.growth_stage), "status": _v(org.status), "region": org.region,
             "country": org.country, "business_no": org.business_no, "corporate_no": org.corporate_no,
             "vn_tax_code": org.vn_tax_code, "user_class": org.user_class.name if org.user_class else None,
             "address": org.address, "phone": org.phone, "email": org.email, "website": org.website,
             "member_since": _iso(org.member_since), "agreement_signed_on": _iso(org.agreement_signed_on),
             "moved_in_on": _iso(org.moved_in_on), "notes": org.notes}
    contacts = [{"name": c.name, "title": c.title, "department": c.department, "email": c.email,
                 "phone": c.phone, "primary": c.is_primary}
                for c in session.scalars(select(Contact).where(Contact.organization_id == org.id)
                                         .order_by(Contact.is_primary.desc(), Contact.name, Contact.id))]
    certs = [{"type": _v(c.type), "number": c.number, "issuer": c.issuer, "issued_on": _iso(c.issued_on),
              "expires_on": _iso(c.expires_on)} for c in sorted(org.certifications, key=lambda c: c.issued_on)]
    kpis = [{"quarter": f"{k.year}Q{k.quarter}", "headcount": k.headcount, "new_hires": k.new_hires,
             "sales": k.sales_krw, "exports": k.exports_krw, "investment": k.investment_executed_krw,
             "patents_filed": k.patents_filed, "patents_registered": k.patents_registered}
            for k in session.scalars(select(KpiValue).where(KpiValue.organization_id == org.id)
                                     .order_by(KpiValue.year.desc(), KpiValue.quarter.desc()).limit(KPI_QUARTERS))]
    kpis.reverse()
    bookings = []
    q = Quarter.of(today)
    for _i in range(BOOKING_QUARTERS):
        for r in bookings_by_org_resource(session, q.start, q.end_exclusive, organization_id=org.id):
            bookings.append({"quarter": str(q), "resource": r["resource"], "unit": r["unit"],
                             "bookings": r["bookings"], "units": r["units"], "fees": r["fees"]})
        q = q.previous()
    cases = [{"product": c.product, "pathway": _v(c.pathway), "stage": _v(c.stage), "outcome": _v(c.outcome),
              "opened_on": _iso(c.opened_on), "submitted_on": _iso(c.submitted_on),
              "approved_on": _iso(c.approved_on), "next_deadline": _iso(c.next_deadline)}
             for c in session.scalars(select(ClinicalCase).where(ClinicalCase.organization_id == org.id)
                                      .order_by(ClinicalCase.opened_on.desc(), ClinicalCase.id).limit(LIST_ROWS))]
    from hubdesk.db.enums import DocumentOwner
    from hubdesk.domain.documents import document_rows

    docs = [{"name": d.name, "kind": _v(d.kind), "dated_on": _iso(d.dated_on),
             "added_on": _iso(d.added_at.astimezone(clock.zone()).date()), "size": d.size,
             "valid_until": _iso(d.certificate_expires_on)}
            for d in document_rows(session, DocumentOwner.ORGANIZATION, org.id)[:LIST_ROWS]]
    support = [{"kind": _v(i.kind), "support_type": _v(i.support_type), "on": _iso(i.occurred_on),
                "summary": i.summary, "staff": i.staff}
               for i in session.scalars(select(Interaction).where(Interaction.organization_id == org.id)
                                        .order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
                                        .limit(LIST_ROWS))]
    return {"foundation": foundation.value if foundation is not None else None, "as_of": today.isoformat(),
            "organization": facts, "contacts": contacts, "certifications": certs, "kpis": kpis,
            "bookings": bookings, "cases": cases, "support": support, "documents": docs}


def story_for(data: dict) -> list:
    o = data["organization"]
    story = title_block(_("Organization profile"), [o["name"]] + ([o["name_en"]] if o["name_en"] else []))
    story.append(para(_("As of {date}").format(date=fmt.date(data["as_of"])), "note"))
    story.extend(key_values([
        (_("Kind"), label(E.OrgKind, o["kind"])), (_("Sector"), label(E.Sector, o["sector"])),
        (_("Growth stage"), label(E.GrowthStage, o["growth_stage"])), (_("Status"), label(E.OrgStatus, o["status"])),
        (_("Region"), o["region"]), (_("Country"), o["country"]),
        (_("Business registration no."), o["business_no"]), (_("Corporate registration no."), o["corporate_no"]),
        (_("Vietnamese tax code"), o["vn_tax_code"]), (_("User class"), o["user_class"]),
        (_("Address"), o["address"]), (_("Phone"), o["phone"]), (_("E-mail"), o["email"]),
        (_("Website"), o["website"]), (_("Member since"), fmt.date(o["member_since"])),
        (_("Agreement signed"), fmt.date(o["agreement_signed_on"])), (_("Moved in"), fmt.date(o["moved_in_on"])),
        (_("Notes"), o["notes"]),
    ]))
    story.append(heading(_("Contacts"), 2))
    story.extend(data_table([_("Name"), _("Title"), _("Department"), _("E-mail"), _("Phone")],
                            [[(c["name"] + " ★") if c["primary"] else c["name"], c["title"], c["department"],
                              c["email"], c["phone"]] for c in data["contacts"]],
                            widths=[0.2, 0.17, 0.17, 0.28, 0.18]))
    story.append(heading(_("Certifications"), 2))
    story.extend(data_table([_("Certification"), _("Number"), _("Issuer"), _("Issued on"), _("Expires on")],
                            [[label(E.CertificationType, c["type"]), Code(c["number"] or ""), c["issuer"],
                              fmt.date(c["issued_on"]), fmt.date(c["expires_on"])] for c in data["certifications"]],
                            widths=[0.18, 0.24, 0.24, 0.17, 0.17]))
    story.append(heading(_("Key figures over time"), 2))
    story.extend(data_table(
        [_("Quarter"), _("Headcount"), _("New hires"), _("Sales"), _("Exports"), _("Investment executed"),
         _("Patents filed"), _("Patents registered")],
        [[k["quarter"], Num(fmt.num(k["headcount"])), Num(fmt.num(k["new_hires"])), Num(fmt.krw(k["sales"])),
          Num(fmt.krw(k["exports"])), Num(fmt.krw(k["investment"])), Num(fmt.num(k["patents_filed"])),
          Num(fmt.num(k["patents_registered"]))] for k in data["kpis"]],
        widths=[0.1, 0.1, 0.09, 0.16, 0.16, 0.17, 0.1, 0.12], numeric=[1, 2, 3, 4, 5, 6, 7]))
    story.append(CondPageBreak(30 * mm))
    story.append(heading(_("Facility bookings"), 2))
    story.append(para(_("Bookings of the last eight quarters, summarised per quarter and resource."), "note"))
    story.extend(data_table([_("Quarter"), _("Resource"), _("Bookings"), _("Units"), _("Fees")],
                            [[b["quarter"], b["resource"], Num(fmt.num(b["bookings"])),
                              Num(units_text(b["units"], b["unit"], fmt.num(b["units"]))),
                              Num(fmt.krw(b["fees"]))] for b in data["bookings"]],
                            widths=[0.12, 0.44, 0.12, 0.14, 0.18], numeric=[2, 3, 4]))
    story.append(heading(_("Clinical-entry cases"), 2))
    story.extend(data_table([_("Product"), _("Pathway"), _("Stage"), _("Opened on"), _("Submitted on"),
                             _("Approved on")],
                            [[c["product"], label(E.Pathway, c["pathway"]), label(E.CaseStage, c["stage"]),
                              fmt.date(c["opened_on"]), fmt.date(c["submitted_on"]), fmt.date(c["approved_on"])]
                             for c in data["cases"]],
                            widths=[0.22, 0.22, 0.17, 0.13, 0.13, 0.13]))
    story.append(heading(_("Documents"), 2))
    story.extend(data_table([_("Name"), _("Kind"), _("Letter date"), _("Added on"), _("Size"),
                             _("Certificate valid until")],
                            [[d["name"], label(E.DocumentKind, d["kind"]), fmt.date(d["dated_on"]),
                              fmt.date(d["added_on"]), Num(format_file_size(d["size"])), fmt.date(d["valid_until"])]
                             for d in data.get("documents", [])],
                            widths=[0.34, 0.15, 0.12, 0.12, 0.1, 0.17], numeric=[4]))
    story.append(heading(_("Support received"), 2))
    story.extend(data_table([_("Date"), _("Kind"), _("Support type"), _("Summary"), _("Staff")],
                            [[fmt.date(s["on"]), label(E.InteractionKind, s["kind"]),
                              label(E.SupportType, s["support_type"]), s["summary"], s["staff"]]
                             for s in data["support"]],
                            widths=[0.13, 0.15, 0.16, 0.42, 0.14]))
    return story


def render_profile(db_or_session, org_ref, lang: str | None, out_path: str | Path,
                   progress: Progress | None = None, *, today: dt.date | None = None) -> Path:
    """Write the profile of one organization (id, uid, business no. or exact name) to `out_path`."""
    progress = progress or no_progress
    with language(lang or get_language()):
        progress(0.0, _("Collecting the organization's records…"))
        if hasattr(db_or_session, "read"):
            with db_or_session.read() as session:
                data = gather_profile(session, org_ref, today=today)
        else:
            data = gather_profile(db_or_session, org_ref, today=today)
        progress(0.4, _("Laying out pages…"))
        foundation = data["foundation"] or _("Regional Bio-Industry Foundation")
        title = _("Organization profile")
        info = PageInfo(foundation, data["organization"]["name"], title, has_cover=False)
        out = build(story_for(data), out_path, title=title, info=info, lang=get_language(), author=foundation,
                    subject=data["organization"]["name"], progress=progress)
        progress(1.0, _("Done."))
        return out
