"""The quarterly status report: cover, contents, summary, organizations, facilities, clinical
entry, programs and appendix tables, printed from the plain figures of
`hubdesk.domain.report_figures.gather_quarter` (or, for an issued quarter, from the figures stored
when it was issued)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from hubdesk.domain import clock
from hubdesk.db import enums as E
from hubdesk.domain.quarters import Quarter
from hubdesk.i18n import _, get_language, language, ngettext
from hubdesk.reports import charts, fmt
from hubdesk.reports.labels import label, units_text
from hubdesk.reports.layout import (PageInfo, Progress, build, contents, contents_title, cover, heading,
                                    no_progress)
from hubdesk.reports.tables import BLANK, Bold, Code, Group, Num, data_table, key_values, no_data
from hubdesk.reports.text import para


def foundation_name(figures: dict) -> str:
    return (figures.get("foundation") or {}).get("name") or _("Regional Bio-Industry Foundation")


def quarter_title(quarter: str) -> str:
    q = Quarter.parse(quarter)
    return _("{year} Q{quarter}").format(year=q.year, quarter=q.quarter)


def _chart_or_none(categories, series, **kw):
    if not categories or not any(v for _n, vals in series for v in vals):
        return no_data()
    return charts.bar_chart(categories, series, **kw)


def _more_note(block: dict) -> list:
    more = block.get("more") or 0
    if not more:
        return []
    return [para(ngettext("{n} more row is not printed; the full list is in the Excel export.",
                          "{n} more rows are not printed; the full list is in the Excel export.", more)
                 .format(n=fmt.num(more)), "note")]


# --- sections -------------------------------------------------------------------------------

def summary_rows(k: dict) -> list[dict]:
    """One row per KPI (in the order of docs/ARCHITECTURE.md): code, group, unit, quarter and year-to-date
    values, the quarter's and the year's targets and achievement (actual ÷ target)."""
    from hubdesk.domain.kpi_codes import KPI_CODES, KPI_DEFS

    targets: dict[tuple[str, str], dict] = {(a["kpi"], a["scope"]): a for a in k.get("achievement") or []}
    qv, yv = k.get("quarter_values") or {}, k.get("ytd_values") or {}
    codes = list(KPI_CODES) + [c for c in qv if c not in KPI_DEFS]
    rows = []
    for code in codes:
        d = KPI_DEFS.get(code)
        tq, ty = targets.get((code, "quarter")), targets.get((code, "year"))
        rows.append({"code": code, "group": d.group if d else 99, "unit": d.unit if d else None,
                     "quarter": qv.get(code), "ytd": yv.get(code),
                     "target_quarter": tq["target"] if tq else None, "achievement_quarter": tq["pct"] if tq else None,
                     "target_year": ty["target"] if ty else None, "achievement_ytd": ty["pct"] if ty else None})
    return rows


def _kpi_value(v, unit):
    return fmt.krw(v) if unit == "krw_per_100m" else fmt.value(v, unit)


def _summary(fig: dict) -> list:
    from hubdesk.domain.kpi_codes import GROUP_TITLES, KPI_DEFS, kpi_label

    k = fig.get("kpis") or {}
    rows = summary_rows(k)
    flow = [heading(_("Summary")),
            para(_("Every key figure for the quarter and for the year to date, against the targets set "
                   "for them; achievement is the actual value divided by the target."), "note")]
    has_data = any(r["quarter"] or r["ytd"] for r in rows)
    if not has_data:
        flow.append(no_data())
    table_rows, group = [], None
    for r in rows:
        if r["group"] != group:
            group = r["group"]
            if group in GROUP_TITLES and GROUP_TITLES[group] != KPI_DEFS[r["code"]].label_msgid:
                table_rows.append([Group(_(GROUP_TITLES[group]))])
        unit = r["unit"]
        table_rows.append([
            kpi_label(r["code"]),
            Num(_kpi_value(r["quarter"], unit)), Num(_kpi_value(r["target_quarter"], unit)),
            Num(fmt.pct(r["achievement_quarter"])),
            Num(_kpi_value(r["ytd"], unit)), Num(_kpi_value(r["target_year"], unit)),
            Num(fmt.pct(r["achievement_ytd"])),
        ])
    flow.extend(data_table(
        # amount columns fit ₩999,999,999,999; the short "Achieved" heading fits its column unbroken
        [_("Key figure"), _("Quarter"), _("Quarter target"), _("Achieved"), _("Year to date"),
         _("Annual target"), _("Achieved")],
        table_rows, widths=[0.2, 0.155, 0.155, 0.09, 0.155, 0.155, 0.09], numeric=[1, 2, 3, 4, 5, 6]))
    flow.append(para(_("Cases by stage are a snapshot on the day the figures were collected; budget "
                       "execution is cumulative to the quarter's end, so both columns show the same value."),
                     "note"))
    return flow


def _organizations(fig: dict) -> list:
    o = fig.get("organizations") or {}
    flow = [PageBreak(), heading(_("Organizations"))]
    flow.extend(key_values([
        (_("New members in the quarter"), Num(fmt.num(o.get("new_members", {}).get("total", 0)))),
        (_("Attraction agreements signed"), Num(fmt.num(o.get("agreements", 0)))),
        (_("Tenants moved in"), Num(fmt.num(o.get("moved_in", 0)))),
        (_("Certifications gained"), Num(fmt.num(o.get("certifications", {}).get("total", 0)))),
    ]))
    flow.append(heading(_("Organizations by kind, sector and growth stage"), 2))
    for title, key, enum_cls in ((_("By kind"), "by_kind", E.OrgKind), (_("By sector"), "by_sector", E.Sector),
                                 (_("By growth stage"), "by_stage", E.GrowthStage)):
        pairs = o.get(key) or []
        flow.append(para(title, "cell_bold"))
        flow.append(_chart_or_none([label(enum_cls, v) or _("Not recorded") for v, _n in pairs],
                                   [(_("Organizations"), [n for _v, n in pairs])]))
        flow.append(Spacer(1, 3 * mm))
    flow.append(heading(_("New members"), 2))
    nm = o.get("new_members") or {}
    flow.extend(data_table([_("Organization"), _("Kind"), _("Sector"), _("Member since")],
                           [[r["name"], label(E.OrgKind, r["kind"]), label(E.Sector, r["sector"]),
                             fmt.date(r["since"])] for r in nm.get("rows", [])],
                           widths=[0.46, 0.18, 0.2, 0.16]))
    flow += _more_note(nm)
    flow.append(heading(_("Company attraction"), 2))
    at = o.get("attractions") or {}
    flow.extend(data_table([_("Organization"), _("Kind"), _("Agreement signed"), _("Moved in")],
                           [[r["name"], label(E.OrgKind, r["kind"]), fmt.date(r["agreement"]),
                             fmt.date(r["moved_in"])] for r in at.get("rows", [])],
                           widths=[0.46, 0.18, 0.18, 0.18]))
    flow += _more_note(at)
    flow.append(heading(_("Certifications gained"), 2))
    ce = o.get("certifications") or {}
    flow.extend(data_table([_("Organization"), _("Certification"), _("Number"), _("Issuer"), _("Issued on")],
                           [[r["organization"], label(E.CertificationType, r["type"]), Code(r["number"] or ""),
                             r["issuer"], fmt.date(r["issued_on"])] for r in ce.get("rows", [])],
                           widths=[0.28, 0.16, 0.2, 0.2, 0.16]))
    flow += _more_note(ce)
    return flow


def _facilities(fig: dict) -> list:
    f = fig.get("facilities") or {}
    flow = [PageBreak(), heading(_("Facilities"))]
    flow.extend(key_values([
        (_("Utilisation (booked days ÷ bookable days)"), Num(fmt.pct(f.get("utilisation")))),
        (_("Booked resource-days"), Num(fmt.num(f.get("booked_days", 0)))),
        (_("Bookable resource-days"), Num(fmt.num(f.get("bookable_days", 0)))),
        (_("Bookings"), Num(fmt.num(f.get("bookings", 0)))),
        (_("Equipment hours"), Num(fmt.num(f.get("equipment_hours", 0), decimals=1))),
        (_("User companies"), Num(fmt.num(f.get("user_companies", 0)))),
        (_("Fee revenue"), Num(fmt.krw(f.get("fee_revenue", 0)))),
    ]))
    flow.append(para(_("Bookable days leave out public holidays, the foundation's closure days and days "
                       "with maintenance or requalification. Counted bookings are approved, confirmed, in "
                       "use or completed."), "note"))
    rows = f.get("resources") or []
    flow.append(heading(_("Utilisation per resource"), 2))
    used = [r for r in rows if r.get("rate") is not None]
    shown = sorted(used, key=lambda r: -(r["rate"] or 0))[:30]
    if len(used) > 30:
        flow.append(para(_("The chart shows the 30 most used resources; the table lists all."), "note"))
    flow.append(_chart_or_none([r["resource"] for r in shown], [(_("Utilisation"), [r["rate"] for r in shown])],
                               fmt=lambda v: fmt.pct(v, 0), value_max=1.0))
    flow.append(Spacer(1, 3 * mm))
    flow.extend(data_table(
        [_("Resource"), _("Facility"), _("Booked days"), _("Bookable days"), _("Utilisation"), _("Hours"),
         _("Bookings"), _("Fees")],
        [[r["resource"], r["facility"], Num(fmt.num(r["booked_days"])), Num(fmt.num(r["bookable_days"])),
          Num(fmt.pct(r["rate"])), Num(fmt.num(r["hours"], decimals=1)), Num(fmt.num(r["bookings"])),
          Num(fmt.krw(r["fees"]))] for r in rows],
        widths=[0.2, 0.17, 0.08, 0.09, 0.1, 0.08, 0.1, 0.18], numeric=[2, 3, 4, 5, 6, 7]))
    subsidies = f.get("subsidies") or []   # absent from figures issued before subsidies existed
    flow.append(heading(_("Facility subsidies paid per program"), 2))
    flow.extend(data_table(
        [_("Program"), _("Bookings"), _("Subsidy paid")],
        [[r["program"], Num(fmt.num(r["bookings"])), Num(fmt.krw(r["subsidy_krw"]))] for r in subsidies],
        widths=[0.6, 0.15, 0.25], numeric=[1, 2]))
    flow.append(heading(_("Licences near expiry"), 2))
    flow.extend(data_table(
        [_("Facility"), _("Licence no."), _("Authority"), _("Expires on"), _("Days left"), _("File renewal by")],
        [[r["facility"], Code(r["licence_no"] or ""), r["authority"], fmt.date(r["expires_on"]), Num(fmt.num(r["days_left"])),
          fmt.date(r["renewal_due_on"])] for r in f.get("licences") or []],
        widths=[0.26, 0.15, 0.19, 0.14, 0.1, 0.16], numeric=[4]))
    return flow


def _clinical(fig: dict) -> list:
    c = fig.get("clinical") or {}
    flow = [PageBreak(), heading(_("Clinical entry"))]
    flow.append(heading(_("Cases by stage"), 2))
    stages = c.get("by_stage") or []
    if any(n for _s, n in stages):
        flow.append(charts.funnel([(label(E.CaseStage, s), n) for s, n in stages], fmt=fmt.num))
    else:
        flow.append(no_data())
    flow.append(heading(_("Submissions and approvals by pathway"), 2))
    pw = c.get("pathways") or []
    flow.append(_chart_or_none([label(E.Pathway, r["pathway"]) for r in pw],
                               [(_("Submissions in the quarter"), [r["submissions"] for r in pw]),
                                (_("Approvals in the quarter"), [r["approvals"] for r in pw])], fmt=fmt.num))
    flow.append(Spacer(1, 3 * mm))
    if any(r["submissions"] or r["approvals"] or r["submissions_ytd"] or r["approvals_ytd"] for r in pw):
        flow.extend(data_table(
            [_("Pathway"), _("Submissions"), _("Approvals"), _("Submissions, year to date"),
             _("Approvals, year to date")],
            [[label(E.Pathway, r["pathway"]), Num(fmt.num(r["submissions"])), Num(fmt.num(r["approvals"])),
              Num(fmt.num(r["submissions_ytd"])), Num(fmt.num(r["approvals_ytd"]))] for r in pw],
            widths=[0.4, 0.14, 0.14, 0.16, 0.16], numeric=[1, 2, 3, 4]))
    flow.append(heading(_("Review time"), 2))
    flow.extend(key_values([
        (_("Median review days, cases approved in the quarter"), Num(fmt.num(c.get("median_review_days"), 1))),
        (_("Median review days, year to date"), Num(fmt.num(c.get("median_review_days_ytd"), 1))),
    ], label_width=0.6))
    flow.append(para(_("Review days run from submission to approval; days the review clock was stopped for a "
                       "supplement are excluded."), "note"))
    if "documents_submitted" in c:    # figures of a quarter issued before documents were kept have none
        flow.extend(key_values([(_("Documents submitted in the quarter"), Num(fmt.num(c["documents_submitted"])))],
                               label_width=0.6))
        flow.append(para(_("Documents attached to a case or its checklist, counted on the letter's date or else "
                           "the day they were added; every version counts."), "note"))
    flow.append(heading(_("Upcoming deadlines"), 2))
    dl = c.get("deadlines") or {}
    from hubdesk.domain.case_templates import deadline_title

    flow.extend(data_table(
        [_("Organization"), _("Product"), _("Stage"), _("Deadline"), _("Due on"), _("Days left")],
        [[r["organization"], r["product"], label(E.CaseStage, r["stage"]), deadline_title(r["note"]),
          fmt.date(r["due_on"]), Num(fmt.num(r["days_left"]))] for r in dl.get("rows", [])],
        widths=[0.2, 0.2, 0.16, 0.2, 0.13, 0.11], numeric=[5]))
    flow += _more_note(dl)
    return flow


def _programs(fig: dict) -> list:
    p = fig.get("programs") or {}
    flow = [PageBreak(), heading(_("Programs"))]
    flow.append(heading(_("Milestones"), 2))
    m = p.get("milestones") or {}
    total = sum(m.values()) if m else 0
    if total:
        flow.extend(key_values([
            (_("Done"), Num(fmt.num(m.get("done", 0)))), (_("Late"), Num(fmt.num(m.get("late", 0)))),
            (_("At risk"), Num(fmt.num(m.get("at_risk", 0)))), (_("On track"), Num(fmt.num(m.get("on_track", 0)))),
            (_("On-time rate of the milestones due in the quarter"), Num(fmt.pct(p.get("on_time_rate")))),
        ]))
    else:
        flow.append(no_data())
    late = p.get("late") or {}
    flow.append(para(_("Late milestones"), "cell_bold"))
    flow.extend(data_table([_("Program"), _("Milestone"), _("Due on"), _("Days late"), _("Owner")],
                           [[r["program"], r["title"], fmt.date(r["due_on"]), Num(fmt.num(r["days_late"])),
                             r["owner"]] for r in late.get("rows", [])],
                           widths=[0.27, 0.33, 0.13, 0.1, 0.17], numeric=[3]))
    flow += _more_note(late)
    flow.append(heading(_("Budget execution by funding source"), 2))
    budget = p.get("budget") or []
    if any(b["budget"] or b["spent"] for b in budget):
        tb = sum(b["budget"] for b in budget)
        ts = sum(b["spent"] for b in budget)
        rows = [[label(E.FundingSource, b["source"]), Num(fmt.krw(b["budget"])), Num(fmt.krw(b["spent"])),
                 Num(fmt.pct(b["rate"]))] for b in budget]
        rows.append([Bold(_("Total")), Num(fmt.krw(tb)), Num(fmt.krw(ts)), Num(fmt.pct(ts / tb if tb else None))])
        flow.extend(data_table([_("Funding source"), _("Annual budget"), _("Spent to the quarter's end"),
                                _("Execution rate")], rows, widths=[0.28, 0.26, 0.26, 0.2], numeric=[1, 2, 3],
                               total_row=True))
        flow.append(Spacer(1, 2 * mm))
        flow.append(_chart_or_none([label(E.FundingSource, b["source"]) for b in budget],
                                   [(_("Execution rate"), [b["rate"] or 0 for b in budget])],
                                   fmt=lambda v: fmt.pct(v, 0), value_max=max([1.0] + [b["rate"] or 0 for b in budget])))
    else:
        flow.append(no_data())
    flow.append(heading(_("Expenditures in the quarter"), 2))
    ex = p.get("expenditures") or []
    rows = [[r["program"], label(E.Funder, r["funder"]), label(E.FundingSource, r["source"]),
             Num(fmt.num(r["count"])), Num(fmt.krw(r["amount"]))] for r in ex]
    if rows:
        rows.append([Bold(_("Total")), BLANK, BLANK, Num(fmt.num(sum(r["count"] for r in ex))),
                     Num(fmt.krw(p.get("expenditure_total", 0)))])
    flow.extend(data_table([_("Program"), _("Funder"), _("Funding source"), _("Entries"), _("Amount")], rows,
                           widths=[0.38, 0.14, 0.16, 0.1, 0.22], numeric=[3, 4], total_row=bool(rows)))
    flow.append(heading(_("Events and export results"), 2))
    t = p.get("event_totals") or {}
    if t.get("events"):
        flow.extend(key_values([
            (_("Events"), Num(fmt.num(t.get("events", 0)))),
            (_("Participants"), Num(fmt.num(t.get("participants", 0)))),
            (_("Buyer meetings"), Num(fmt.num(t.get("buyer_meetings", 0)))),
            (_("Export consultations"), Num(_("{count} ({amount})").format(
                count=fmt.num(t.get("export_consultations", 0)), amount=fmt.krw(t.get("export_consultation_krw", 0))))),
            (_("Export contracts"), Num(_("{count} ({amount})").format(
                count=fmt.num(t.get("export_contracts", 0)), amount=fmt.krw(t.get("export_contract_krw", 0))))),
        ]))
        flow.append(Spacer(1, 2 * mm))
    ev = p.get("events") or {}
    flow.extend(data_table(
        [_("Event"), _("Kind"), _("Held on"), _("Participants"), _("Buyer meetings"), _("Export consultations"),
         _("Export contracts")],
        [[r["name"], label(E.EventKind, r["kind"]), fmt.date(r["held_on"]), Num(fmt.num(r["participants"])),
          Num(fmt.num(r["buyer_meetings"])), Num(fmt.krw(r["export_consultation_krw"])),
          Num(fmt.krw(r["export_contract_krw"]))] for r in ev.get("rows", [])],
        widths=[0.22, 0.13, 0.12, 0.12, 0.09, 0.16, 0.16], numeric=[3, 4, 5, 6]))   # "Participants" unbroken
    flow += _more_note(ev)
    return flow


def _appendix(fig: dict) -> list:
    a = fig.get("appendix") or {}
    flow = [PageBreak(), heading(_("Appendix"))]
    flow.append(heading(_("Bookings per organization and resource"), 2))
    b = a.get("bookings") or {}
    rows = [[r["organization"], r["resource"], Num(fmt.num(r["bookings"])),
             Num(units_text(r["units"], r["unit"], fmt.num(r["units"]))),
             Num(fmt.krw(r["fees"]))] for r in b.get("rows", [])]
    if b.get("more"):
        rows.append([ngettext("{n} further organization–resource pair", "{n} further organization–resource pairs",
                              b["more"]).format(n=fmt.num(b["more"])), BLANK, Num(fmt.num(b["more_bookings"])),
                     Num(fmt.num(b["more_units"])), Num(fmt.krw(b["more_fees"]))])
    if rows:
        rows.append([Bold(_("Total")), BLANK, Num(fmt.num(b.get("total_bookings", 0))),
                     Num(fmt.num(b.get("total_units", 0))), Num(fmt.krw(b.get("total_fees", 0)))])
    flow.extend(data_table([_("Organization"), _("Resource"), _("Bookings"), _("Units"), _("Fees")], rows,
                           widths=[0.34, 0.3, 0.1, 0.11, 0.15], numeric=[2, 3, 4], total_row=bool(rows)))
    if b.get("more"):
        flow.append(para(_("The full list of bookings is in the Excel export."), "note"))
    flow.append(CondPageBreak(40 * mm))
    flow.append(heading(_("Open clinical-entry cases"), 2))
    oc = a.get("open_cases") or {}
    flow.extend(data_table(
        [_("Organization"), _("Product"), _("Pathway"), _("Stage"), _("Opened on"), _("Next deadline")],
        [[r["organization"], r["product"], label(E.Pathway, r["pathway"]), label(E.CaseStage, r["stage"]),
          fmt.date(r["opened_on"]), fmt.date(r["next_deadline"])] for r in oc.get("rows", [])],
        widths=[0.2, 0.2, 0.2, 0.16, 0.12, 0.12]))
    flow += _more_note(oc)
    return flow


# --- the document ---------------------------------------------------------------------------

def story_for(figures: dict, *, issued_on: dt.date | None, generated_on: dt.date, revision: int = 1) -> list:
    quarter = figures["quarter"]
    stamp = _("ISSUED") if issued_on else _("DRAFT")
    when = (_("Issued on {date}").format(date=fmt.date(issued_on)) if issued_on
            else _("Draft generated on {date}").format(date=fmt.date(generated_on)))
    lines = [quarter_title(quarter), when]
    if issued_on and revision > 1:   # issued again after an administrator reopened the quarter
        lines.append(_("Revision {number}").format(number=revision))
    story = cover(_("Quarterly status report"), lines, foundation_name(figures),
                  stamp=stamp, logo=(figures.get("foundation") or {}).get("logo"))
    story += [contents_title(_("Contents")), contents(), PageBreak()]
    story += _summary(figures)
    story += _organizations(figures)
    story += _facilities(figures)
    story += _clinical(figures)
    story += _programs(figures)
    story += _appendix(figures)
    return story


def render_figures(figures: dict, out_path: str | Path, *, lang: str | None = None,
                   issued_on: dt.date | None = None, generated_on: dt.date | None = None,
                   progress: Progress | None = None, revision: int = 1,
                   created: dt.datetime | None = None) -> Path:
    """Print already gathered (or stored) figures as the quarterly report PDF. `issued_on` marks it
    ISSUED with that date; otherwise it is a DRAFT dated `generated_on` (default today). `created`
    is the PDF's creation time (an issued report passes its issue time; default now)."""
    progress = progress or no_progress
    with language(lang or get_language()):
        progress(0.5, _("Laying out pages…"))
        story = story_for(figures, issued_on=issued_on, generated_on=generated_on or clock.today(),
                          revision=revision)
        info = PageInfo(foundation_name(figures),
                        _("Quarterly status report, {quarter}").format(quarter=quarter_title(figures["quarter"])),
                        _("ISSUED") if issued_on else _("DRAFT"))
        out = build(story, out_path, title=_("Quarterly status report, {quarter}").format(
                        quarter=quarter_title(figures["quarter"])),
                    info=info, lang=get_language(), author=foundation_name(figures),
                    subject=figures["quarter"], progress=progress, created=created)
        progress(1.0, _("Done."))
    return out


def render_quarterly(db_or_session, quarter: Quarter | str, lang: str | None, out_path: str | Path,
                     progress: Progress | None = None, *, issue: bool = False, actor: str | None = None,
                     today: dt.date | None = None) -> Path:
    """Generate the quarterly report of `quarter` into `out_path` (written atomically).

    `db_or_session` is a `Database` (a read session is opened; `issue=True` opens a write
    transaction) or a Session (used as is and never committed). An issued quarter prints from its
    stored figures, so the report is the same whatever changed since; `issue=True` issues the
    quarter first (stores the figures and locks it). `progress(fraction, message)` is called along
    the way, from the calling thread.
    """
    from hubdesk.domain import report_lock
    from hubdesk.domain.report_figures import gather_quarter

    q = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    progress = progress or no_progress
    with language(lang or get_language()):
        progress(0.0, _("Collecting the figures…"))

        def work(session):
            if issue:
                issued = report_lock.issue_quarter(session, q, actor=actor, today=today)
            else:
                issued = report_lock.issued_report(session, q)
            if issued is not None:
                return issued.figures, report_lock.issued_date(issued), issued.revision or 1, issued.issued_at
            return gather_quarter(session, q, today=today, progress=progress), None, 1, None

        if hasattr(db_or_session, "read") and hasattr(db_or_session, "write"):
            with (db_or_session.write() if issue else db_or_session.read()) as session:
                figures, issued_on, revision, issued_at = work(session)
        else:
            figures, issued_on, revision, issued_at = work(db_or_session)
        return render_figures(figures, out_path, lang=lang, issued_on=issued_on, generated_on=today,
                              progress=progress, revision=revision, created=issued_at)
