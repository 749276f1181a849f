"""Organizations of every kind and what hangs on them: contacts, certifications, interactions.

The interface and the Excel import both call these. `validate_organization` returns every
problem at once (field + sentence) so a form can mark all bad fields; `create_organization` and
`update_organization` raise :class:`InvalidOrganization` (a DomainError carrying that list).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubdesk.domain import clock
from hubdesk.db.enums import (CertificationType, GrowthStage, InteractionKind, OrgKind, OrgStatus,
                              Sector, SupportType)
from hubdesk.db.ids import get_row
from hubdesk.db.schema import (Booking, Certification, ClinicalCase, Contact, Interaction, Organization,
                               UserClass)
from hubdesk.domain import identifiers as ids
from hubdesk.domain.texts import clean_text, text_problem
from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class InvalidOrganization(DomainError):
    """Raised by create/update with every problem found; `message` is the first one."""

    def __init__(self, problems: list[FieldProblem]):
        super().__init__(problems[0].message, field=problems[0].field, code="invalid_organization")
        self.problems = problems


@dataclass
class ContactInput:
    name: str
    title: str | None = None
    department: str | None = None
    email: str | None = None
    phone: str | None = None
    language: str | None = None


@dataclass
class OrganizationInput:
    """Every editable field of an Organization, plus an optional primary contact."""

    name: str
    kind: OrgKind | str
    name_en: str | None = None
    sector: Sector | str | None = None
    growth_stage: GrowthStage | str | None = None
    status: OrgStatus | str = OrgStatus.MEMBER
    region: str | None = None
    country: str = "KR"
    business_no: str | None = None
    corporate_no: str | None = None
    vn_tax_code: str | None = None
    user_class_id: int | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    member_since: dt.date | None = None
    agreement_signed_on: dt.date | None = None
    moved_in_on: dt.date | None = None
    notes: str | None = None
    primary_contact: ContactInput | None = field(default=None)

    @classmethod
    def from_organization(cls, org: Organization) -> "OrganizationInput":
        """The current values of `org` (for an edit form)."""
        values = {f.name: getattr(org, f.name) for f in dataclasses.fields(cls)
                  if f.name != "primary_contact"}
        primary = next((c for c in org.contacts if c.is_primary), None)
        contact = (ContactInput(primary.name, primary.title, primary.department, primary.email,
                                primary.phone, primary.language) if primary else None)
        return cls(**values, primary_contact=contact)


_ORG_FIELDS = [f.name for f in dataclasses.fields(OrganizationInput) if f.name != "primary_contact"]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_clean = clean_text


def _enum(enum_cls, value):
    """The member, None when blank; raises ValueError when not a member."""
    if _blank(value):
        return None
    return value if isinstance(value, enum_cls) else enum_cls(str(value).strip())


def _choices(enum_cls) -> str:
    return ", ".join(m.value for m in enum_cls)


def _check_email(value: str | None, field_name: str, problems: list[FieldProblem]) -> None:
    if value is not None and not _blank(value) and not _EMAIL.match(value.strip()):
        problems.append(FieldProblem(field_name, _(
            "“{value}” is not an e-mail address. Write it as name@example.com, or leave it blank.")
            .format(value=value.strip())))


def _check_texts(row_cls, values: dict[str, object], problems: list[FieldProblem], prefix: str = "") -> None:
    """Text its column cannot hold (see hubdesk.domain.texts). A field that already has a problem
    is not checked again."""
    for fname, value in values.items():
        if any(p.field == prefix + fname for p in problems):
            continue
        message = text_problem(row_cls, fname, _clean(value))
        if message is not None:
            problems.append(FieldProblem(prefix + fname, message))


_CONTACT_TEXT_FIELDS = ("name", "title", "department", "email", "phone", "language")


def validate_organization(session: Session, data: OrganizationInput, *, org_id: int | None = None,
                          today: dt.date | None = None) -> list[FieldProblem]:
    """Every problem of `data` (empty list when it can be saved). `org_id` is the organization
    being edited (so that its own business number is not a duplicate)."""
    today = today or clock.today()
    problems: list[FieldProblem] = []
    add = lambda f, m: problems.append(FieldProblem(f, m))  # noqa: E731

    if _blank(data.name):
        add("name", _("The organization needs a name. Enter its registered name."))
    elif len(data.name.strip()) > 300:
        add("name", _("The name is longer than 300 characters. Shorten it."))

    for fname, enum_cls, required in (("kind", OrgKind, True), ("sector", Sector, False),
                                      ("growth_stage", GrowthStage, False), ("status", OrgStatus, True)):
        value = getattr(data, fname)
        try:
            member = _enum(enum_cls, value)
        except ValueError:
            add(fname, _("“{value}” is not a known choice for this field. Choose one of: {choices}.")
                .format(value=value, choices=_choices(enum_cls)))
            continue
        if member is None and required:
            add(fname, _("This field is required. Choose one of: {choices}.")
                .format(choices=_choices(enum_cls)))

    country = (data.country or "").strip().upper()
    if not _COUNTRY.match(country):
        add("country", _("“{value}” is not a two-letter country code. Use KR for Korea, VN for Vietnam.")
            .format(value=data.country or ""))

    for fname, check in (("business_no", ids.validate_business_no),
                         ("corporate_no", ids.validate_corporate_no),
                         ("vn_tax_code", ids.validate_vn_tax_code)):
        value = getattr(data, fname)
        if _blank(value):
            continue
        try:
            canonical = check(value)
        except DomainError as exc:
            add(fname, exc.message)
            continue
        if fname == "business_no":
            query = select(Organization.id, Organization.name).where(Organization.business_no == canonical)
            if org_id is not None:
                query = query.where(Organization.id != org_id)
            other = session.execute(query.limit(1)).first()
            if other is not None:
                add(fname, _("Business registration number {number} already belongs to {name}. "
                             "Open that organization instead of creating it twice.")
                    .format(number=canonical, name=other.name))

    _check_email(data.email, "email", problems)
    if data.user_class_id is not None and get_row(session, UserClass, data.user_class_id) is None:
        add("user_class_id", _("The chosen user class no longer exists. Choose another one."))

    for fname in ("member_since", "agreement_signed_on", "moved_in_on"):
        value = getattr(data, fname)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            add(fname, _("“{value}” is not a date. Enter a date such as 2026-03-31.").format(value=value))
    if isinstance(data.member_since, dt.date) and data.member_since > today:
        add("member_since", _("The membership start {date} is in the future. Enter the day it began.")
            .format(date=data.member_since.isoformat()))
    if isinstance(data.agreement_signed_on, dt.date) and data.agreement_signed_on > today:
        add("agreement_signed_on", _("The agreement date {date} is in the future. Enter the day it "
                                     "was signed.").format(date=data.agreement_signed_on.isoformat()))
    if (isinstance(data.moved_in_on, dt.date) and isinstance(data.agreement_signed_on, dt.date)
            and data.moved_in_on < data.agreement_signed_on):
        add("moved_in_on", _("The move-in date {moved} is before the agreement was signed on {signed}. "
                             "Correct one of the two dates.")
            .format(moved=data.moved_in_on.isoformat(), signed=data.agreement_signed_on.isoformat()))

    if data.primary_contact is not None:
        if _blank(data.primary_contact.name):
            add("primary_contact.name", _("The contact needs a name. Enter it, or remove the contact."))
        _check_email(data.primary_contact.email, "primary_contact.email", problems)
        _check_texts(Contact, {f: getattr(data.primary_contact, f) for f in _CONTACT_TEXT_FIELDS}, problems,
                     "primary_contact.")
    _check_texts(Organization, {f: getattr(data, f) for f in ("name", "name_en", "region", "address", "phone",
                                                              "email", "website", "notes")}, problems)
    return problems


def _apply(org: Organization, data: OrganizationInput) -> None:
    for fname in _ORG_FIELDS:
        setattr(org, fname, _clean(getattr(data, fname)))
    org.kind = _enum(OrgKind, data.kind)
    org.sector = _enum(Sector, data.sector)
    org.growth_stage = _enum(GrowthStage, data.growth_stage)
    org.status = _enum(OrgStatus, data.status)
    org.country = data.country.strip().upper()
    org.business_no = ids.validate_business_no(data.business_no) if not _blank(data.business_no) else None
    org.corporate_no = ids.validate_corporate_no(data.corporate_no) if not _blank(data.corporate_no) else None
    org.vn_tax_code = ids.validate_vn_tax_code(data.vn_tax_code) if not _blank(data.vn_tax_code) else None


def apply_input(org: Organization, data: OrganizationInput) -> None:
    """Copy already validated `data` onto `org` (canonical identifiers, enums, trimmed text);
    for bulk import, which validates and flushes in batches itself."""
    _apply(org, data)


def _set_primary(session: Session, org: Organization, contact: ContactInput) -> None:
    primary = next((c for c in org.contacts if c.is_primary), None)
    if primary is None:
        primary = Contact(is_primary=True)
        org.contacts.append(primary)
    for fname in ("name", "title", "department", "email", "phone", "language"):
        setattr(primary, fname, _clean(getattr(contact, fname)))


def create_organization(session: Session, data: OrganizationInput, *,
                        today: dt.date | None = None) -> Organization:
    problems = validate_organization(session, data, today=today)
    if problems:
        raise InvalidOrganization(problems)
    org = Organization()
    _apply(org, data)
    session.add(org)
    if data.primary_contact is not None:
        _set_primary(session, org, data.primary_contact)
    session.flush()
    return org


def get_organization(session: Session, org_id: int) -> Organization:
    org = get_row(session, Organization, org_id)
    if org is None:
        raise DomainError(_("This organization no longer exists. Refresh the list."),
                          code="not_found")
    return org


def update_organization(session: Session, org_id: int, data: OrganizationInput, *,
                        today: dt.date | None = None) -> Organization:
    org = get_organization(session, org_id)
    problems = validate_organization(session, data, org_id=org_id, today=today)
    if problems:
        raise InvalidOrganization(problems)
    _apply(org, data)
    if data.primary_contact is not None:
        _set_primary(session, org, data.primary_contact)
    session.flush()
    return org


def delete_organization(session: Session, org_id: int) -> None:
    """Delete an organization with its contacts, certifications and interactions; refused while
    bookings, clinical-entry cases, program or event participations or KPI figures refer to it
    (archive it instead)."""
    org = get_organization(session, org_id)
    bookings = session.scalar(select(func.count()).select_from(Booking)
                              .where(Booking.organization_id == org_id)) or 0
    if bookings:
        raise DomainError(ngettext(
            "{name} cannot be deleted because {count} booking refers to it. "
            "Archive it instead.",
            "{name} cannot be deleted because {count} bookings refer to it. "
            "Archive it instead.", bookings).format(name=org.name, count=bookings),
            code="in_use")
    cases = session.scalar(select(func.count()).select_from(ClinicalCase).where(
        (ClinicalCase.organization_id == org_id) | (ClinicalCase.partner_hospital_id == org_id))) or 0
    if cases:
        raise DomainError(ngettext(
            "{name} cannot be deleted because {count} clinical-entry case refers to it. "
            "Archive it instead.",
            "{name} cannot be deleted because {count} clinical-entry cases refer to it. "
            "Archive it instead.", cases).format(name=org.name, count=cases),
            code="in_use")
    from hubdesk.db.schema import EventParticipant, KpiValue, Participant

    # the programs, events and quarterly figures of the reports already made keep their organization
    def count(model) -> int:
        return session.scalar(select(func.count()).select_from(model).where(model.organization_id == org_id)) or 0

    if n := count(Participant):
        raise DomainError(ngettext(
            "{name} cannot be deleted because it takes part in {count} program. Archive it instead, so the "
            "program keeps its participant.",
            "{name} cannot be deleted because it takes part in {count} programs. Archive it instead, so the "
            "programs keep their participant.", n).format(name=org.name, count=n), code="in_use")
    if n := count(EventParticipant):
        raise DomainError(ngettext(
            "{name} cannot be deleted because it took part in {count} event. Archive it instead, so the event "
            "keeps its participant.",
            "{name} cannot be deleted because it took part in {count} events. Archive it instead, so the "
            "events keep their participant.", n).format(name=org.name, count=n), code="in_use")
    if n := count(KpiValue):
        raise DomainError(ngettext(
            "{name} cannot be deleted because it has KPI figures for {count} quarter, which the quarterly "
            "reports count. Archive it instead.",
            "{name} cannot be deleted because it has KPI figures for {count} quarters, which the quarterly "
            "reports count. Archive it instead.", n).format(name=org.name, count=n), code="in_use")
    session.delete(org)
    session.flush()


def _contact_values(data: ContactInput) -> dict[str, str | None]:
    """The contact's stored fields from checked `data`; the first problem refuses it."""
    problems: list[FieldProblem] = []
    if _blank(data.name):
        raise DomainError(_("The contact needs a name. Enter it."), field="name", code="required")
    _check_email(data.email, "email", problems)
    if problems:
        raise DomainError(problems[0].message, field=problems[0].field, code="invalid_email")
    _check_texts(Contact, {f: getattr(data, f) for f in _CONTACT_TEXT_FIELDS}, problems)
    if problems:
        raise DomainError(problems[0].message, field=problems[0].field, code="invalid_text")
    return {f: _clean(getattr(data, f)) for f in ("name", "title", "department", "email", "phone", "language")}


def add_contact(session: Session, org_id: int, data: ContactInput, *, primary: bool = False) -> Contact:
    org = get_organization(session, org_id)
    values = _contact_values(data)
    if primary:
        for other in org.contacts:
            other.is_primary = False
    contact = Contact(is_primary=primary, **values)
    org.contacts.append(contact)
    session.flush()
    return contact


def get_contact(session: Session, contact_id: int) -> Contact:
    contact = get_row(session, Contact, contact_id)
    if contact is None:
        raise DomainError(_("This contact no longer exists. Refresh the list."), code="not_found")
    return contact


def update_contact(session: Session, contact_id: int, data: ContactInput, *, primary: bool) -> Contact:
    """Correct a contact; making it the primary one makes the organization's other contacts not."""
    from hubdesk.domain.records import assign

    contact = get_contact(session, contact_id)
    values = _contact_values(data)
    if primary:
        for other in contact.organization.contacts:
            if other.id != contact.id and other.is_primary:
                other.is_primary = False
    return assign(session, contact, {**values, "is_primary": primary})


def remove_contact(session: Session, contact_id: int) -> None:
    """Remove a contact entered by mistake or gone; refused while bookings name the person or the
    person holds a resource qualification (their history would go with them)."""
    from hubdesk.db.schema import Qualification, booking_person
    from hubdesk.domain.records import remove_row

    def in_use(contact: Contact) -> str | None:
        bookings = session.scalar(select(func.count()).select_from(booking_person)
                                  .where(booking_person.c.contact_id == contact.id)) or 0
        if bookings:
            return ngettext("{name} is one of the people on {count} booking, so the contact stays for its "
                            "history. Edit the contact instead if the details changed.",
                            "{name} is one of the people on {count} bookings, so the contact stays for their "
                            "history. Edit the contact instead if the details changed.",
                            bookings).format(name=contact.name, count=bookings)
        held = session.scalar(select(func.count()).select_from(Qualification)
                              .where(Qualification.contact_id == contact.id)) or 0
        if held:
            return ngettext("{name} holds {count} resource qualification. Remove it under Facilities first, or "
                            "keep the contact.",
                            "{name} holds {count} resource qualifications. Remove them under Facilities first, "
                            "or keep the contact.", held).format(name=contact.name, count=held)
        return None

    remove_row(session, Contact, contact_id, in_use)


def add_certification(session: Session, org_id: int, type: CertificationType | str, issued_on: dt.date, *,
                      number: str | None = None, issuer: str | None = None,
                      expires_on: dt.date | None = None) -> Certification:
    """See `hubdesk.domain.certifications.create_certification`."""
    from hubdesk.domain.certifications import create_certification

    return create_certification(session, org_id, type, issued_on, number=number, issuer=issuer,
                                expires_on=expires_on)


def record_interaction(session: Session, org_id: int, kind: InteractionKind | str, occurred_on: dt.date, *,
                       support_type: SupportType | str | None = None, summary: str | None = None,
                       staff: str | None = None, event_id: int | None = None,
                       today: dt.date | None = None) -> Interaction:
    """See `hubdesk.domain.interactions.record_interaction`."""
    from hubdesk.domain import interactions

    return interactions.record_interaction(session, org_id, kind, occurred_on, support_type=support_type,
                                           summary=summary, staff=staff, event_id=event_id, today=today)


# --- archiving ------------------------------------------------------------------------------------

def archive_organization(session: Session, org_id: int, *, today: dt.date | None = None) -> Organization:
    """Archive an organization the foundation no longer works with: it disappears from the choices
    of new work (new bookings, the organization list unless archived ones are shown) and stays in
    history, reports and the records that refer to it."""
    org = get_organization(session, org_id)
    if org.archived_on is not None:
        raise DomainError(_("{name} was already archived on {date}.")
                          .format(name=org.name, date=org.archived_on.isoformat()), code="archived")
    org.archived_on = today or clock.today()
    session.flush()
    return org


def unarchive_organization(session: Session, org_id: int) -> Organization:
    org = get_organization(session, org_id)
    if org.archived_on is None:
        raise DomainError(_("{name} is not archived.").format(name=org.name), code="not_archived")
    org.archived_on = None
    session.flush()
    return org


def require_active(org: Organization) -> None:
    """Refuse new work (a booking request) for an archived organization."""
    if org.archived_on is not None:
        raise DomainError(_("{name} was archived on {date}, so nothing new can be booked for it. Unarchive "
                            "it on its page first if the foundation works with it again.")
                          .format(name=org.name, date=org.archived_on.isoformat()),
                          field="organization_id", code="archived")


def active_organizations():
    """The condition of organizations that may be chosen for new work (not archived)."""
    return Organization.archived_on.is_(None)


def user_class_label(name: str, name_en: str | None) -> str:
    """A user class as the interface shows it: the English name outside Korean when there is one."""
    from hubdesk.i18n import get_language

    return name_en if name_en and get_language() != "ko" else name


__all__ = [
    "ContactInput", "FieldProblem", "InvalidOrganization", "OrganizationInput", "active_organizations",
    "add_certification", "add_contact", "apply_input", "archive_organization", "create_organization",
    "delete_organization", "get_contact", "get_organization", "record_interaction", "remove_contact",
    "require_active", "unarchive_organization", "update_contact", "update_organization", "user_class_label",
    "validate_organization",
]
