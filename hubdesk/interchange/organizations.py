"""Organizations with their primary contact, in and out.

Import: a row is matched to an existing organization by business registration number, else by
exact name (when no number is given, or when the organization found by name has no number yet);
matched organizations are updated with the cells the file fills (a blank cell keeps the current
value), others created. Every row goes
through `hubdesk.domain.organizations` (validate / create / update), the same code as the form.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hubdesk.db.enums import GrowthStage, OrgKind, OrgStatus, Sector
from hubdesk.db.schema import Contact, Organization, UserClass, new_uid
from hubdesk.domain import identifiers as ids
from hubdesk.domain import organizations as orgs
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_date, text
from hubdesk.interchange.bulk import bulk_insert
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import OrganizationLookup, UserClassLookup, canonical_business_no

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("name", "기업명", text(), required=True,
      aliases=("기관명", "회사명", "업체명", "기업/기관명", "organization", "company", "tên")),
    C("name_en", "영문명", text(), aliases=("english name", "영문 기업명")),
    C("kind", "기관유형", enum_parser(OrgKind, labels_for(OrgKind)), aliases=("유형", "구분", "type")),
    C("sector", "업종", enum_parser(Sector, labels_for(Sector)), aliases=("분야", "산업분야")),
    C("growth_stage", "성장단계", enum_parser(GrowthStage, labels_for(GrowthStage)), aliases=("stage",)),
    C("status", "회원상태", enum_parser(OrgStatus, labels_for(OrgStatus)), aliases=("상태", "회원구분")),
    C("region", "지역", text(100), aliases=("소재지",)),
    C("country", "국가", text(2), aliases=("country code", "국가코드")),
    C("business_no", "사업자등록번호", text(), aliases=("사업자번호", "business registration number",
                                                   "brn", "mst doanh nghiệp")),
    C("corporate_no", "법인등록번호", text(), aliases=("법인번호", "corporate registration number")),
    C("vn_tax_code", "베트남 세금코드", text(), aliases=("mst", "mã số thuế", "vietnamese tax code", "tax code")),
    C("user_class", "이용자 구분", text(), aliases=("이용자구분", "요금구분")),
    C("address", "주소", text()),
    C("phone", "전화번호", text(40), aliases=("대표전화", "전화", "tel")),
    C("email", "이메일", text(200), aliases=("대표이메일", "e-mail")),
    C("website", "홈페이지", text(300), aliases=("웹사이트", "web")),
    C("member_since", "회원가입일", parse_date, aliases=("가입일", "회원일")),
    C("agreement_signed_on", "협약일", parse_date, aliases=("협약체결일", "mou")),
    C("moved_in_on", "입주일", parse_date),
    C("notes", "비고", text(), aliases=("메모", "note")),
    C("contact_name", "담당자", text(200), aliases=("담당자명", "담당자 이름", "contact")),
    C("contact_title", "담당자 직위", text(200), aliases=("직위", "직급", "담당자 직급")),
    C("contact_department", "담당자 부서", text(200), aliases=("부서",)),
    C("contact_email", "담당자 이메일", text(200), aliases=("담당자 메일",)),
    C("contact_phone", "담당자 전화", text(40), aliases=("담당자 연락처", "담당자 휴대폰", "휴대폰")),
    C("contact_language", "담당자 언어", text(5)),
    C("contact_uid", "담당자 고유ID", text(36)),
]

_CONTACT_FIELDS = ("name", "title", "department", "email", "phone", "language")
_DIRECT_FIELDS = ("name", "name_en", "kind", "sector", "growth_stage", "status", "region", "country",
                  "business_no", "corporate_no", "vn_tax_code", "address", "phone", "email", "website",
                  "member_since", "agreement_signed_on", "moved_in_on", "notes")
FIELD_COLUMNS = {f"primary_contact.{f}": f"contact_{f}" for f in _CONTACT_FIELDS} | {
    "user_class_id": "user_class"}


def _canonical_or_raw(fn, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return fn(value)
    except DomainError:
        return value   # the validator names what is wrong


class Importer:
    columns = COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        self.session = session
        self.headers = headers
        self.orgs = OrganizationLookup(session)
        self.user_classes = UserClassLookup(session)
        self.seen_business_no: dict[str, int] = {}
        self.seen_name: dict[str, int] = {}
        self.new_uids: set[str] = set()
        self.contact_uids: set[str] | None = None
        self.new_orgs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
        self.loaded: dict[int, Organization] | None = None

    def _match(self, name: str, business_no: str | None) -> int | None:
        if business_no:
            oid = self.orgs.by_business_no.get(business_no)
            if oid is not None:
                return oid
        found = self.orgs.by_name.get(name, [])
        if business_no:
            found = [o for o in found if not self.orgs.business_no_of.get(o)]
        if len(found) > 1:
            raise RowProblems([("name", _("{count} organizations are called “{name}”. Give the business "
                                          "registration number to say which one is meant.")
                                .format(count=len(found), name=name))])
        return found[0] if found else None

    def _check_repeats(self, row: int, name: str, business_no: str | None) -> None:
        if business_no:
            earlier = self.seen_business_no.setdefault(business_no, row)
            if earlier != row:
                raise RowProblems([("business_no", _("The business registration number {number} is already "
                                                     "on row {row}. Keep one row per organization.")
                                    .format(number=business_no, row=earlier))])
        else:
            earlier = self.seen_name.setdefault(name, row)
            if earlier != row:
                raise RowProblems([("name", _("“{name}” is already on row {row}. Keep one row per "
                                              "organization, or give their business registration numbers.")
                                    .format(name=name, row=earlier))])

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        name = values["name"]
        business_no = canonical_business_no(values.get("business_no"))
        self._check_repeats(row, name, business_no)
        oid = self._match(name, business_no)
        values = dict(values)
        if "business_no" in values:
            values["business_no"] = business_no
        for key, fn in (("corporate_no", ids.validate_corporate_no), ("vn_tax_code", ids.validate_vn_tax_code)):
            if key in values:
                values[key] = _canonical_or_raw(fn, values[key])
        if "country" in values and values["country"]:
            values["country"] = values["country"].upper()
        user_class_id = (self.user_classes.require(values.get("user_class"))
                         if "user_class" in values else None)

        if oid is None:
            data = orgs.OrganizationInput(name=name, kind=values.get("kind") or OrgKind.COMPANY)
            before = None
        else:
            org = self._existing(oid)
            data = orgs.OrganizationInput.from_organization(org)
            before = dataclasses.replace(data)
        # A blank cell keeps the current value: an import never erases what the file leaves empty.
        changes = {k: values[k] for k in _DIRECT_FIELDS if values.get(k) is not None}
        data = dataclasses.replace(data, **changes)
        if user_class_id is not None:
            data.user_class_id = user_class_id
        contact = self._contact(values, data.primary_contact)
        if contact is not None:
            data.primary_contact = contact

        if oid is None:
            self._create(data, values.get("uid"), values.get("contact_uid"))
            return "created"
        if data == before:
            return "unchanged"
        old_name = org.name
        org = orgs.update_organization(self.session, oid, data)
        if org.name != old_name:
            self.orgs.forget_name(oid, old_name)
        self.orgs.add(org.id, org.uid, org.name, org.business_no)
        return "updated"

    def _create(self, data: orgs.OrganizationInput, uid: str | None, contact_uid: str | None) -> None:
        """Validate a new organization with the domain's rules and keep it for the bulk insert.

        The business number was already checked with `identifiers.validate_business_no` and is new
        (numbers found in the database are updates, numbers repeated in the file are refused), so
        `validate_organization` runs without the number, i.e. without a query per row."""
        problems = orgs.validate_organization(self.session, dataclasses.replace(data, business_no=None))
        if problems:
            raise orgs.InvalidOrganization(problems)
        org = types.SimpleNamespace()
        orgs._apply(org, data)   # the domain's own mapping of the input onto the row's columns
        org.uid = uid if uid and uid not in self.orgs.by_uid and uid not in self.new_uids else new_uid()
        self.new_uids.add(org.uid)
        contact = None
        if data.primary_contact is not None:
            contact = {f: orgs._clean(getattr(data.primary_contact, f)) for f in _CONTACT_FIELDS}
            free = contact_uid and contact_uid not in self.new_uids and self._contact_uid_free(contact_uid)
            contact["uid"] = contact_uid if free else new_uid()
            contact["is_primary"] = True
            self.new_uids.add(contact["uid"])
        self.new_orgs.append((vars(org), contact))

    def _existing(self, oid: int) -> Organization:
        """The organization with its contacts. On the first match every organization is loaded with
        one query (and held), instead of two queries per matched row."""
        if self.loaded is None:
            stmt = select(Organization).options(selectinload(Organization.contacts))
            self.loaded = {o.id: o for o in self.session.scalars(stmt)}
        org = self.loaded.get(oid)
        if org is None:
            org = self.loaded[oid] = self.session.get(Organization, oid)
        return org

    def _contact_uid_free(self, uid: str) -> bool:
        if self.contact_uids is None:
            self.contact_uids = set(self.session.scalars(select(Contact.uid)))
        return uid not in self.contact_uids

    def finish(self) -> None:
        """Insert the new organizations and their primary contacts in bulk, with their audit events."""
        if self.new_orgs:
            ids = bulk_insert(self.session, Organization.__table__, [org for org, _c in self.new_orgs])
            contacts = [contact | {"organization_id": oid}
                        for oid, (_org, contact) in zip(ids, self.new_orgs) if contact is not None]
            bulk_insert(self.session, Contact.__table__, contacts)
        self.session.flush()

    def _contact(self, values: dict[str, Any], current: orgs.ContactInput | None) -> orgs.ContactInput | None:
        given = {f: values[f"contact_{f}"] for f in _CONTACT_FIELDS if values.get(f"contact_{f}") is not None}
        if not given:
            return None
        base = current or orgs.ContactInput(name="")
        return dataclasses.replace(base, **given)   # a missing name is reported by the domain rules


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(Organization).options(selectinload(Organization.contacts))
            .order_by(Organization.id).execution_options(yield_per=1000))
    classes = {cid: code for cid, code in session.execute(select(UserClass.id, UserClass.code))}
    for org in session.scalars(stmt):
        primary: Contact | None = next((c for c in org.contacts if c.is_primary), None)
        record = [org.uid, org.name, org.name_en, org.kind, org.sector, org.growth_stage, org.status,
                  org.region, org.country, org.business_no, org.corporate_no, org.vn_tax_code,
                  classes.get(org.user_class_id), org.address, org.phone, org.email, org.website,
                  org.member_since, org.agreement_signed_on, org.moved_in_on, org.notes]
        record += [getattr(primary, f) if primary else None for f in _CONTACT_FIELDS]
        record.append(primary.uid if primary else None)
        yield record
