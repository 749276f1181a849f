"""Contacts of organizations, in and out.

A row names its organization (uid, business registration number or exact name). It updates the
contact with the same uid, else the organization's contact with the same name (and e-mail, when
both have one), else it adds a contact through `hubdesk.domain.organizations.add_contact`.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import Contact, Organization
from hubdesk.domain import organizations as orgs
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.interchange.cells import parse_bool, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.lookups import organization_reference
from hubdesk.interchange.records import UidImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    *organization_reference("소속"),
    C("name", "성명", text(200), required=True, aliases=("이름", "담당자", "담당자명", "contact", "contact name")),
    C("title", "직위", text(200), aliases=("직급", "직책")),
    C("department", "부서", text(200)),
    C("email", "이메일", text(200), aliases=("e-mail", "메일")),
    C("phone", "전화번호", text(40), aliases=("연락처", "휴대폰", "전화", "tel")),
    C("language", "언어", text(5)),
    C("is_primary", "대표 담당자", parse_bool, aliases=("primary", "주담당자", "대표")),
]
_FIELDS = ("name", "title", "department", "email", "phone", "language")


class Importer(UidImporter):
    model = Contact
    columns = COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.by_org: dict[int, list[tuple[int, str, str | None]]] = {}
        for cid, oid, name, email in session.execute(select(Contact.id, Contact.organization_id,
                                                            Contact.name, Contact.email)):
            self.by_org.setdefault(oid, []).append((cid, name, email))

    def _match(self, oid: int, name: str, email: str | None) -> int | None:
        key = name.strip().casefold()
        found = [cid for cid, n, e in self.by_org.get(oid, [])
                 if n.strip().casefold() == key and (not email or not e or e.casefold() == email.casefold())]
        return found[0] if len(found) == 1 else None

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        oid = self.orgs.require(values)
        name, email = values["name"], values.get("email")
        seen_key = (oid, name.strip().casefold(), (email or "").casefold())
        if (earlier := self.earlier_row(seen_key, row)) is not None:
            raise RowProblems([("name", _("“{name}” of this organization is already on row {row}. Keep "
                                          "one row per person.").format(name=name, row=earlier))])
        cid = self.by_uid.get(values.get("uid") or "") or self._match(oid, name, email)
        primary = bool(values.get("is_primary"))
        if cid is None:
            data = orgs.ContactInput(**{f: values.get(f) for f in _FIELDS})
            contact = orgs.add_contact(self.session, oid, data, primary=primary)
            self.adopt_uid(contact, values)
            self.by_org.setdefault(oid, []).append((contact.id, contact.name, contact.email))
            return "created"
        contact = self.session.get(Contact, cid)
        if contact.organization_id != oid:
            raise RowProblems([("organization", _("This contact belongs to another organization in the "
                                                  "database. Correct the organization, or clear the uid "
                                                  "to add a new contact."))])
        changes = {f: values[f] for f in _FIELDS   # a blank cell keeps the current value
                   if values.get(f) is not None and values[f] != getattr(contact, f)}
        if "is_primary" in values and values["is_primary"] is not None and primary != contact.is_primary:
            changes["is_primary"] = primary
        if not changes:
            return "unchanged"
        self._validate({f: changes.get(f, getattr(contact, f)) for f in ("name", "email")})
        if changes.get("is_primary"):
            org = self.session.get(Organization, oid)
            for other in org.contacts:
                other.is_primary = False
        for key, value in changes.items():
            setattr(contact, key, value)
        return "updated"

    @staticmethod
    def _validate(values: dict[str, Any]) -> None:
        # The contact rules of hubdesk.domain.organizations (name required, e-mail well-formed).
        if not values.get("name"):
            raise DomainError(_("The contact needs a name. Enter it."), field="name")
        problems: list = []
        orgs._check_email(values.get("email"), "email", problems)
        if problems:
            raise DomainError(problems[0].message, field="email")


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(Contact, Organization.name, Organization.uid, Organization.business_no)
            .join(Organization, Contact.organization_id == Organization.id)
            .order_by(Organization.id, Contact.is_primary.desc(), Contact.name, Contact.id).execution_options(yield_per=1000))
    for contact, org_name, org_uid, bno in session.execute(stmt):
        yield [contact.uid, org_name, org_uid, bno, contact.name, contact.title, contact.department,
               contact.email, contact.phone, contact.language, contact.is_primary]
