"""Certifications of organizations (GMP, KGMP, HACCP, ISO...): add, correct, remove, and the alert
before one expires.

The alert lead time is a foundation setting (`certification_expiry_lead_days`, 90 days in a new
database). A certification is listed from `lead_days` days before its expiry until `lead_days`
days after it (valid on its expiry day, expired from the next day), unless the organization holds
a newer certification of the same type (a renewal) or is archived.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from hubdesk.db.enums import CertificationType
from hubdesk.db.ids import get_row
from hubdesk.db.schema import Certification, Organization, Setting
from hubdesk.domain.texts import clean_text, require_storable
from hubdesk.errors import DomainError
from hubdesk.formatting import format_date as _date
from hubdesk.i18n import _, ngettext

LEAD_DAYS_KEY = "certification_expiry_lead_days"
DEFAULT_LEAD_DAYS = 90
MAX_LEAD_DAYS = 730

__all__ = ["CertificationAlert", "DEFAULT_LEAD_DAYS", "LEAD_DAYS_KEY", "MAX_LEAD_DAYS", "create_certification",
           "expiring_certifications", "expiry_lead_days", "first_expiring_certifications", "get_certification",
           "remove_certification", "set_expiry_lead_days", "update_certification"]


def _type(value: CertificationType | str | None) -> CertificationType:
    try:
        member = (value if isinstance(value, CertificationType)
                  else CertificationType(str(value).strip()) if value is not None and str(value).strip() else None)
    except ValueError:
        member = None
    if member is None:
        raise DomainError(_("“{value}” is not a known certification type. Choose one of: {choices}.")
                          .format(value=value or "", choices=", ".join(m.value for m in CertificationType)),
                          field="type", code="invalid_choice")
    return member


def _check(issued_on: dt.date | None, expires_on: dt.date | None, number: str | None,
           issuer: str | None) -> None:
    if issued_on is None:
        raise DomainError(_("Enter the day the certification was issued."), field="issued_on", code="required")
    if expires_on is not None and expires_on < issued_on:
        raise DomainError(_("The certification expires on {expires}, before it was issued on {issued}. "
                            "Correct one of the two dates.")
                          .format(expires=expires_on.isoformat(), issued=issued_on.isoformat()),
                          field="expires_on", code="dates")
    for fname, value in (("number", number), ("issuer", issuer)):
        require_storable(Certification, fname, clean_text(value))


def get_certification(session: Session, cert_id: int) -> Certification:
    cert = get_row(session, Certification, cert_id)
    if cert is None:
        raise DomainError(_("This certification no longer exists. Refresh the list."), code="not_found")
    return cert


def create_certification(session: Session, org_id: int, type: CertificationType | str, issued_on: dt.date, *,
                         number: str | None = None, issuer: str | None = None,
                         expires_on: dt.date | None = None) -> Certification:
    from hubdesk.domain.organizations import get_organization

    org = get_organization(session, org_id)
    cert_type = _type(type)
    _check(issued_on, expires_on, number, issuer)
    cert = Certification(type=cert_type, issued_on=issued_on, expires_on=expires_on,
                         number=clean_text(number), issuer=clean_text(issuer))
    org.certifications.append(cert)
    session.flush()
    return cert


def update_certification(session: Session, cert_id: int, type: CertificationType | str, issued_on: dt.date, *,
                         number: str | None = None, issuer: str | None = None,
                         expires_on: dt.date | None = None) -> Certification:
    """Correct a certification (a quarter lock applies to its old and new issue date)."""
    cert = get_certification(session, cert_id)
    cert_type = _type(type)
    _check(issued_on, expires_on, number, issuer)
    cert.type, cert.issued_on, cert.expires_on = cert_type, issued_on, expires_on
    cert.number, cert.issuer = clean_text(number), clean_text(issuer)
    session.flush()
    return cert


def remove_certification(session: Session, cert_id: int) -> None:
    """Remove a certification recorded by mistake (refused when issued in a locked quarter)."""
    session.delete(get_certification(session, cert_id))
    session.flush()


# --- the alert ----------------------------------------------------------------------------------

def expiry_lead_days(session: Session) -> int:
    """How many days before expiry a certification is listed (the foundation's setting)."""
    value = session.scalar(select(Setting.value).where(Setting.key == LEAD_DAYS_KEY))
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        return DEFAULT_LEAD_DAYS
    return days if 1 <= days <= MAX_LEAD_DAYS else DEFAULT_LEAD_DAYS


def set_expiry_lead_days(session: Session, days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_LEAD_DAYS:
        raise DomainError(_("“{value}” is not a lead time hubdesk can use. Enter a number of days from 1 "
                            "to {max}.").format(value=days, max=MAX_LEAD_DAYS),
                          field="lead_days", code="invalid_lead_days")
    row = session.get(Setting, LEAD_DAYS_KEY)
    if row is None:
        session.add(Setting(key=LEAD_DAYS_KEY, value=str(days)))
    else:
        row.value = str(days)
    session.flush()
    return days


@dataclass(frozen=True)
class CertificationAlert:
    certification_id: int
    organization_id: int
    organization_name: str
    type: CertificationType
    number: str | None
    expires_on: dt.date
    days_left: int          # negative once expired
    attachment_id: int | None = None   # the certificate's file (hubdesk.domain.documents), when attached
    file_name: str | None = None

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def message(self) -> str:
        """A sentence in the current language (computed on access, so it follows language changes)."""
        from hubdesk.enum_labels import label

        what = label(self.type)
        if self.expired:
            return _("The {certification} certification of {organization} expired on {date}. Ask for the "
                     "renewed certificate and record it.").format(
                certification=what, organization=self.organization_name, date=_date(self.expires_on))
        if self.days_left == 0:
            return _("The {certification} certification of {organization} expires today.").format(
                certification=what, organization=self.organization_name)
        return ngettext("The {certification} certification of {organization} expires in {days} day, on {date}.",
                        "The {certification} certification of {organization} expires in {days} days, on {date}.",
                        self.days_left).format(certification=what, organization=self.organization_name,
                                               days=self.days_left, date=_date(self.expires_on))


def expiring_certifications(session: Session, today: dt.date, lead_days: int | None = None) -> list[CertificationAlert]:
    """Certifications expiring within `lead_days` days (the setting when None), or expired within
    as many days; the earliest expiry first. Renewed ones (a newer certification of the same type
    that runs longer) and those of archived organizations are not listed. Each names the newest file
    attached as the certificate (`attachment_id`, `file_name`), read in the same statement."""
    if lead_days is None:
        lead_days = expiry_lead_days(session)
    return [_alert(row, today) for row in session.execute(_all_statement(), _window(today, lead_days))]


def first_expiring_certifications(session: Session, today: dt.date, lead_days: int,
                                  limit: int) -> tuple[int, list[CertificationAlert]]:
    """The first `limit` of `expiring_certifications` and how many there are in all, from one
    statement (a list on screen: the earliest expiries, and the count). The files are looked for
    beside those first ones only: joined before the limit, the ranked files were matched against
    every expiring certification (1,189 on huge; 10 ms of PostgreSQL's 27)."""
    rows = session.execute(_first_statement(limit), _window(today, lead_days)).all()
    return (rows[0][-1] if rows else 0), [_alert(row, today) for row in rows]


def _window(today: dt.date, lead_days: int) -> dict:
    """The values of `_expiring`'s parameters: the expiries listed on `today`."""
    return {"earliest": today - dt.timedelta(days=lead_days), "latest": today + dt.timedelta(days=lead_days)}


# the statements built once (their values are parameters): building them took about as long as
# SQLite took to run them on a huge database
@functools.lru_cache(maxsize=1)
def _all_statement():
    return _with_files(_expiring().subquery())


@functools.lru_cache(maxsize=4)
def _first_statement(limit: int):
    first = _expiring().add_columns(func.count().over().label("total")).limit(limit).subquery()
    return _with_files(first, first.c.total)


def _expiring():
    """The certifications of `expiring_certifications` in their order (expiring from `:earliest` to
    `:latest`, `_window`), without their files (`_with_files` adds them): id, organization_id,
    organization, type, number, expires_on."""
    newer = aliased(Certification)
    renewed = exists().where(newer.organization_id == Certification.organization_id,
                             newer.type == Certification.type, newer.id != Certification.id,
                             newer.issued_on >= Certification.issued_on,
                             or_(newer.expires_on.is_(None), newer.expires_on > Certification.expires_on))
    return (select(Certification.id.label("id"), Certification.organization_id.label("organization_id"),
                   Organization.name.label("organization"), Certification.type.label("type"),
                   Certification.number.label("number"), Certification.expires_on.label("expires_on"))
            .join(Organization, Organization.id == Certification.organization_id)
            .where(Certification.expires_on.is_not(None),
                   and_(Certification.expires_on <= bindparam("latest"),
                        Certification.expires_on >= bindparam("earliest")),
                   Organization.archived_on.is_(None), ~renewed)
            .order_by(Certification.expires_on, Organization.name, Certification.id))


def _with_files(certifications, *extra):
    """The rows of `certifications` (a subquery of `_expiring`'s columns) in their order, each with
    its newest certificate file (id, name: None when it has none), then `extra` (see `_alert`)."""
    from hubdesk.db.schema import Attachment

    # The certificate files ranked once (newest first per certification) and joined: a correlated
    # "newest file" subquery per listed certification scanned every attachment each time (no index
    # leads with certification_id), 17 s of the Dashboard on a huge database.
    newer_file = aliased(Attachment)
    files = (select(Attachment.certification_id.label("certification_id"), Attachment.id.label("id"),
                    Attachment.name.label("name"),
                    func.row_number().over(partition_by=Attachment.certification_id,
                                           order_by=(Attachment.added_at.desc(), Attachment.id.desc()))
                    .label("rank"))
             .where(Attachment.certification_id.is_not(None), Attachment.removed.is_(False),
                    ~exists().where(newer_file.replaces_id == Attachment.id))
             .cte("certificate_file"))
    c = certifications.c
    return (select(c.id, c.organization_id, c.organization, c.type, c.number, c.expires_on, files.c.id,
                   files.c.name, *extra)
            .outerjoin(files, and_(files.c.certification_id == c.id, files.c.rank == 1))
            .order_by(c.expires_on, c.organization, c.id))


def _alert(row, today: dt.date) -> CertificationAlert:
    cid, oid, name, cert_type, number, expires_on, file_id, file_name = row[:8]
    assert expires_on is not None   # the query keeps only certifications with an expiry
    return CertificationAlert(certification_id=cid, organization_id=oid, organization_name=name, type=cert_type,
                              number=number, expires_on=expires_on, days_left=(expires_on - today).days,
                              attachment_id=file_id, file_name=file_name)
