"""Facility licences: validity, and alerts when a licence nears or passes its expiry.

A cell processing facility's licence must be renewed by filing at least 120 days before it
expires, so the alert starts 120 days ahead (day 120 alerts, day 121 does not; a licence is still
valid on its expiry day and expired from the next day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from hubdesk.domain import clock
from hubdesk.db.enums import FacilityKind
from hubdesk.db.schema import Facility
from hubdesk.formatting import format_date as _date
from hubdesk.i18n import _, ngettext

RENEWAL_LEAD_DAYS = 120


def licence_valid(facility: Facility | None, on: dt.date) -> bool:
    """True when the facility has a recorded licence expiry on or after `on`."""
    return (facility is not None and facility.licence_expires_on is not None
            and facility.licence_expires_on >= on)


@dataclass(frozen=True)
class LicenceAlert:
    facility_id: int
    facility_name: str
    kind: FacilityKind
    licence_no: str | None
    authority: str | None
    expires_on: dt.date
    days_left: int          # negative once expired
    renewal_due_on: dt.date  # last day to file the renewal

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def message(self) -> str:
        """A sentence in the current language (computed on access, so it follows language changes).
        The licence number is not in it: it is a field of its own (`licence_no`)."""
        if self.expired:
            return _("The licence of {facility} expired on {date}. Do not manufacture there "
                     "until the renewed licence is issued.").format(
                facility=self.facility_name, date=_date(self.expires_on))
        if self.days_left == 0:
            return _("The licence of {facility} expires today. Renewal must be filed at least "
                     "120 days before expiry; contact the authority now.").format(
                facility=self.facility_name)
        if self.days_left < RENEWAL_LEAD_DAYS:
            text = ngettext(
                "The licence of {facility} expires in {days} day, on {date}. Renewal must be "
                "filed at least 120 days before expiry, so it was due by {due}; file it now.",
                "The licence of {facility} expires in {days} days, on {date}. Renewal must be "
                "filed at least 120 days before expiry, so it was due by {due}; file it now.",
                self.days_left)
        else:
            text = ngettext(
                "The licence of {facility} expires in {days} day, on {date}. Renewal must be "
                "filed at least 120 days before expiry; file it by {due}.",
                "The licence of {facility} expires in {days} days, on {date}. Renewal must be "
                "filed at least 120 days before expiry; file it by {due}.",
                self.days_left)
        return text.format(facility=self.facility_name, days=self.days_left,
                           date=_date(self.expires_on), due=_date(self.renewal_due_on))


def licence_alerts(session: Session, today: dt.date | None = None,
                   within_days: int = RENEWAL_LEAD_DAYS) -> list[LicenceAlert]:
    """Facilities whose licence expires within `within_days` days or has expired.

    Cell processing facilities come first, then the others; within each, the earliest expiry first.
    Facilities without a recorded expiry are not listed.
    """
    today = today or clock.today()
    limit = today + dt.timedelta(days=within_days)
    cpf_first = case((Facility.kind == FacilityKind.CELL_PROCESSING, 0), else_=1)
    rows = session.execute(
        select(Facility.id, Facility.name, Facility.kind, Facility.licence_no,
               Facility.licence_authority, Facility.licence_expires_on)
        .where(Facility.licence_expires_on.is_not(None), Facility.licence_expires_on <= limit)
        .order_by(cpf_first, Facility.licence_expires_on, Facility.name, Facility.id)
    ).all()
    return [
        LicenceAlert(facility_id=r.id, facility_name=r.name, kind=r.kind, licence_no=r.licence_no,
                     authority=r.licence_authority, expires_on=r.licence_expires_on,
                     days_left=(r.licence_expires_on - today).days,
                     renewal_due_on=r.licence_expires_on - dt.timedelta(days=RENEWAL_LEAD_DAYS))
        for r in rows
    ]
