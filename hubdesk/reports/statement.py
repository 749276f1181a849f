"""Facility usage statement: one organization's bookings in one quarter with units, rates and fees.

Each line shows the part of its fee a program's facility subsidy pays (frozen with the fee at
approval, `hubdesk.domain.subsidies`); the totals say what the subsidies pay and what the
organization pays.

Lists the counted bookings (approved, confirmed, in use, completed) that start in the quarter
(local date), at most MAX_LINES of them; the totals (bookings, units, hours, fees) are always
those of the whole quarter, summed in SQL. Fees are the frozen fees of confirmed, in-use and completed bookings; an approved
booking is listed but not billed until it is confirmed (the same rule as the fee revenue figure).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from hubdesk.db import enums as E
from hubdesk.db.schema import Booking, Facility, Resource, Setting
from hubdesk.domain.booking_times import zone
from hubdesk.domain.quarters import Quarter
from hubdesk.domain.utilisation import FEE_STATUSES, USED_STATUSES
from hubdesk.i18n import _, get_language, language, ngettext
from hubdesk.reports import fmt
from hubdesk.reports.labels import label, units_text
from hubdesk.reports.layout import PageInfo, Progress, build, no_progress, title_block
from hubdesk.reports.orgref import resolve_organization
from hubdesk.reports.tables import BLANK, Bold, Num, data_table, key_values
from hubdesk.reports.text import para
from hubdesk.domain.usage import starts_within

MAX_LINES = 2000


def _totals(session: Session, organization_id: int, q: Quarter) -> dict:
    """Count, units, hours, fees and unbilled bookings of the whole quarter (SQL aggregates: a
    money document adds up every booking, not only the printed lines)."""
    billed = Booking.status.in_(FEE_STATUSES)
    hours = case((Resource.booking_unit == E.BookingUnit.DAY, Booking.units * 24), else_=Booking.units)
    n, units, hours_sum, fees, unbilled, subsidy = session.execute(
        select(func.count(Booking.id), func.coalesce(func.sum(Booking.units), 0), func.coalesce(func.sum(hours), 0),
               func.coalesce(func.sum(case((billed, func.coalesce(Booking.fee_krw, 0)), else_=0)), 0),
               func.coalesce(func.sum(case((billed, 0), else_=1)), 0),
               func.coalesce(func.sum(case((billed, func.coalesce(Booking.subsidy_krw, 0)), else_=0)), 0))
        .join(Resource, Resource.id == Booking.resource_id)
        .where(Booking.organization_id == organization_id, Booking.status.in_(USED_STATUSES),
               starts_within(session, q.start, q.end_exclusive))).one()
    return {"count": int(n), "units": int(units), "hours": int(hours_sum), "fees": int(fees),
            "unbilled": int(unbilled), "subsidy": int(subsidy)}


def gather_statement(session: Session, org_ref, quarter: Quarter | str) -> dict:
    """The statement's plain data: organization facts, booking lines (at most MAX_LINES), and the
    totals of the whole quarter."""
    q = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    org = resolve_organization(session, org_ref)
    foundation = session.get(Setting, "foundation_name")
    lines = []
    for b, rname, rcode, unit, fname, tz_name in session.execute(
            select(Booking, Resource.name, Resource.code, Resource.booking_unit, Facility.name, Facility.timezone)
            .join(Resource, Resource.id == Booking.resource_id).join(Facility, Facility.id == Resource.facility_id)
            .where(Booking.organization_id == org.id, Booking.status.in_(USED_STATUSES),
                   starts_within(session, q.start, q.end_exclusive))
            .order_by(Booking.starts_at, Booking.id).limit(MAX_LINES)):
        tz = zone(tz_name)
        billed = b.status in FEE_STATUSES
        lines.append({"start": b.starts_at.astimezone(tz).isoformat(), "end": b.ends_at.astimezone(tz).isoformat(),
                      "resource": f"{rname} ({rcode})" if rcode else rname, "facility": fname,
                      "unit": str(getattr(unit, "value", unit)), "units": b.units, "status": b.status.value,
                      "campaign": b.campaign, "billed": billed,
                      "rate": (b.fee_krw // b.units) if (b.fee_krw is not None and b.units) else None,
                      "fee": b.fee_krw if billed else None,
                      "subsidy": (b.subsidy_krw or 0) if billed else None})
    totals = _totals(session, org.id, q)
    return {
        "quarter": str(q),
        "foundation": foundation.value if foundation is not None else None,
        "organization": {"id": org.id, "name": org.name, "name_en": org.name_en, "business_no": org.business_no,
                         "address": org.address,
                         "user_class": org.user_class.name if org.user_class is not None else None},
        "lines": lines,
        "bookings": totals["count"],
        "more": max(totals["count"] - len(lines), 0),
        "total_units": totals["units"],
        "total_hours": totals["hours"],
        "total_fees": totals["fees"],
        "unbilled": totals["unbilled"],
        "total_subsidy": totals["subsidy"],
    }


def _span(start_iso: str, end_iso: str) -> str:
    s, e = dt.datetime.fromisoformat(start_iso), dt.datetime.fromisoformat(end_iso)
    if s.time() == dt.time(0) and e.time() == dt.time(0):
        last = (e - dt.timedelta(days=1)).date()
        return fmt.date(s.date()) if last == s.date() else _("{start} – {end}").format(
            start=fmt.date(s.date()), end=fmt.date(last))
    return _("{date} {start}–{end}").format(date=fmt.date(s.date()), start=s.strftime("%H:%M"),
                                          end=e.strftime("%H:%M"))


def story_for(data: dict) -> list:
    org = data["organization"]
    q = Quarter.parse(data["quarter"])
    story = title_block(_("Facility usage statement"),
                        [_("{organization}, {year} Q{quarter} ({start} – {end})").format(
                            organization=org["name"], year=q.year, quarter=q.quarter,
                            start=fmt.date(q.start), end=fmt.date(q.end))])
    story.extend(key_values([
        (_("Organization"), org["name"]),
        (_("Business registration no."), org["business_no"]),
        (_("Address"), org["address"]),
        (_("User class"), org["user_class"]),
        (_("Bookings"), Num(fmt.num(data["bookings"]))),
        (_("Booked hours"), Num(fmt.num(data["total_hours"]))),
        (_("Total fees"), Num(fmt.krw(data["total_fees"]))),
        (_("Paid by subsidies"), Num(fmt.krw(data.get("total_subsidy", 0)))),
        (_("Payable by the organization"), Num(fmt.krw(data["total_fees"] - data.get("total_subsidy", 0)))),
    ]))
    story.append(para(_("Bookings that are approved but not yet confirmed are listed without a fee; they are "
                        "billed once confirmed. Times are local to each facility."), "note"))
    rows = [[_span(x["start"], x["end"]), x["resource"], label(E.BookingStatus, x["status"]),
             Num(units_text(x["units"], x["unit"], fmt.num(x["units"]))),
             Num(fmt.krw(x["rate"])), Num(fmt.krw(x["fee"]) if x["billed"] else _("not billed")),
             Num(fmt.krw(x.get("subsidy")) if x["billed"] else "")]
            for x in data["lines"]]
    if rows:
        # the whole quarter's totals, also when not every line is printed
        rows.append([Bold(_("Quarter total") if data["more"] else _("Total")), BLANK, BLANK,
                     Num(fmt.num(data["total_units"])), BLANK,
                     Num(fmt.krw(data["total_fees"])), Num(fmt.krw(data.get("total_subsidy", 0)))])
    story.extend(data_table([_("When"), _("Resource"), _("Status"), _("Units"), _("Rate per unit"), _("Fee"),
                             _("Subsidy")],
                            rows, widths=[0.22, 0.24, 0.11, 0.09, 0.11, 0.12, 0.11], numeric=[3, 4, 5, 6],
                            total_row=bool(rows)))
    if data["more"]:
        story.append(para(ngettext("{n} more booking is not printed (it is counted in the totals); export the "
                                   "bookings to Excel for the full list.",
                                   "{n} more bookings are not printed (they are counted in the totals); export "
                                   "the bookings to Excel for the full list.", data["more"])
                          .format(n=fmt.num(data["more"])), "note"))
    return story


def render_statement(db_or_session, org_ref, quarter: Quarter | str, lang: str | None, out_path: str | Path,
                     progress: Progress | None = None) -> Path:
    """Write the facility usage statement of one organization (id, uid, business no. or exact name)
    for one quarter to `out_path` (atomically)."""
    progress = progress or no_progress
    with language(lang or get_language()):
        progress(0.0, _("Collecting the bookings…"))
        if hasattr(db_or_session, "read"):
            with db_or_session.read() as session:
                data = gather_statement(session, org_ref, quarter)
        else:
            data = gather_statement(db_or_session, org_ref, quarter)
        progress(0.4, _("Laying out pages…"))
        foundation = data["foundation"] or _("Regional Bio-Industry Foundation")
        q = Quarter.parse(data["quarter"])
        title = _("Facility usage statement")
        info = PageInfo(foundation, _("{organization}, {year} Q{quarter}").format(
            organization=data["organization"]["name"], year=q.year, quarter=q.quarter), title, has_cover=False)
        out = build(story_for(data), out_path, title=title, info=info, lang=get_language(), author=foundation,
                    subject=data["organization"]["name"], progress=progress)
        progress(1.0, _("Done."))
        return out
