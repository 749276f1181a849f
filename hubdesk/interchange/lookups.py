"""Finding the rows an imported row refers to (an organization, a resource, a program, a user
class) by what a spreadsheet holds: a uid, a business registration number, a code or a name.

Each lookup loads the small key columns once, so a file of thousands of rows costs no query per
row; rows created earlier in the same import are added as they are created.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubdesk.db.schema import Facility, Organization, Program, Resource, UserClass
from hubdesk.domain import clock
from hubdesk.domain import identifiers as ids
from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.interchange.cells import text
from hubdesk.interchange.columns import Column
from hubdesk.interchange.importer import RowProblems


def canonical_business_no(text: str | None, column: str = "business_no") -> str | None:
    """The stored form of a business number from a cell, or RowProblems naming the column."""
    if text is None:
        return None
    try:
        return ids.validate_business_no(text)
    except DomainError as exc:
        raise RowProblems([(column, exc.message)]) from None


def organization_reference(*name_aliases: str) -> list[Column]:
    """The columns naming an organization in another kind's row, which `OrganizationLookup.require`
    reads: its name (also under `name_aliases`), its uid, its business registration number."""
    return [
        Column("organization", "기업명", text(), aliases=("기관명", "회사명", *name_aliases, "organization name")),
        Column("organization_uid", "기업 고유ID", text(36)),
        Column("business_no", "사업자등록번호", text(), aliases=("사업자번호",)),
    ]


class OrganizationLookup:
    def __init__(self, session: Session):
        self.by_uid: dict[str, int] = {}
        self.by_business_no: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.business_no_of: dict[int, str | None] = {}
        for oid, uid, name, bno in session.execute(
                select(Organization.id, Organization.uid, Organization.name, Organization.business_no)):
            self.add(oid, uid, name, bno)

    def add(self, oid: int, uid: str, name: str, business_no: str | None) -> None:
        self.by_uid[uid] = oid
        if business_no:
            self.by_business_no[business_no] = oid
        if oid not in self.by_name[name]:
            self.by_name[name].append(oid)
        self.business_no_of[oid] = business_no

    def forget_name(self, oid: int, name: str) -> None:
        if oid in self.by_name.get(name, []):
            self.by_name[name].remove(oid)

    def by_exact_name(self, name: str | None, column: str) -> int | None:
        if not name:
            return None
        found = self.by_name.get(name.strip(), [])
        if len(found) > 1:
            raise RowProblems([(column, _("{count} organizations are called “{name}”. Give the business "
                                          "registration number to say which one is meant.")
                                .format(count=len(found), name=name))])
        return found[0] if found else None

    def find(self, values: dict[str, Any], *, uid_key: str, bno_key: str, name_key: str) -> int | None:
        """The organization a row refers to: by uid, else business number, else exact name."""
        uid = values.get(uid_key)
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        bno = canonical_business_no(values.get(bno_key), bno_key)
        if bno:
            return self.by_business_no.get(bno)
        return self.by_exact_name(values.get(name_key), name_key)

    def require(self, values: dict[str, Any], *, uid_key: str = "organization_uid",
                bno_key: str = "business_no", name_key: str = "organization") -> int:
        oid = self.find(values, uid_key=uid_key, bno_key=bno_key, name_key=name_key)
        if oid is None:
            given = values.get(bno_key) or values.get(name_key) or values.get(uid_key)
            if not given:
                raise RowProblems([(name_key, _("The organization is not given. Fill in its name or its "
                                                "business registration number."))])
            column = bno_key if values.get(bno_key) else name_key
            raise RowProblems([(column, _("No organization “{value}” is in the database. Import or "
                                          "create the organization first, or correct the cell.")
                                .format(value=given))])
        return oid


class ResourceLookup:
    """Resources by code or by name (optionally within a facility given by name)."""

    def __init__(self, session: Session):
        self.by_uid: dict[str, int] = {}
        self.by_code: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.facility_of: dict[int, str] = {}
        rows = session.execute(select(Resource.id, Resource.uid, Resource.code, Resource.name, Facility.name)
                               .join(Facility, Resource.facility_id == Facility.id))
        for rid, uid, code, name, facility in rows:
            self.by_uid[uid] = rid
            if code:
                self.by_code[code.casefold()].append(rid)
            self.by_name[name.casefold()].append(rid)
            self.facility_of[rid] = facility

    def require(self, text: str | None, facility: str | None, column: str = "resource") -> int:
        if not text:
            raise RowProblems([(column, _("The resource is not given. Fill in its code or name."))])
        key = text.strip().casefold()
        found = self.by_uid.get(text.strip())
        if found is not None:
            return found
        candidates = self.by_code.get(key) or self.by_name.get(key) or []
        if facility and len(candidates) > 1:
            candidates = [r for r in candidates if self.facility_of[r].casefold() == facility.strip().casefold()]
        if not candidates:
            raise RowProblems([(column, _("No resource “{value}” is in the database. Write the resource's "
                                          "code or exact name.").format(value=text))])
        if len(candidates) > 1:
            raise RowProblems([(column, _("Several resources are called “{value}”. Write the resource's "
                                          "code, or give its facility.").format(value=text))])
        return candidates[0]


class ProgramLookup:
    """Programs by uid, or by name and first fiscal year (the year may be left out when the name
    is unique)."""

    def __init__(self, session: Session):
        self.by_uid: dict[str, int] = {}
        self.by_name: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.key_of: dict[int, tuple[str, int, str]] = {}
        for pid, uid, name, year in session.execute(select(Program.id, Program.uid, Program.name,
                                                           Program.fiscal_year)):
            self.add(pid, uid, name, year)

    def add(self, pid: int, uid: str, name: str, year: int) -> None:
        old = self.key_of.get(pid)
        if old is not None:
            self.by_name[old[0].strip().casefold()].remove((pid, old[1]))
        self.by_uid[uid] = pid
        self.by_name[name.strip().casefold()].append((pid, year))
        self.key_of[pid] = (name, year, uid)

    def find(self, values: dict[str, Any], *, name_key: str = "program", year_key: str = "fiscal_year",
             uid_key: str = "program_uid") -> int | None:
        uid = values.get(uid_key)
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        name = values.get(name_key)
        if not name:
            return None
        found = self.by_name.get(name.strip().casefold(), [])
        year = values.get(year_key)
        if year is not None:
            found = [f for f in found if f[1] == year]
        if len(found) > 1:
            raise RowProblems([(name_key, _("Several programs are called “{value}”. Give the fiscal year "
                                            "too.").format(value=name))])
        return found[0][0] if found else None

    def require(self, values: dict[str, Any], *, name_key: str = "program", year_key: str = "fiscal_year",
                uid_key: str = "program_uid") -> int:
        name = values.get(name_key)
        if not name and not values.get(uid_key):
            raise RowProblems([(name_key, _("The program is not given. Fill in its name."))])
        pid = self.find(values, name_key=name_key, year_key=year_key, uid_key=uid_key)
        if pid is None:
            raise RowProblems([(name_key, _("No program “{value}” is in the database. Create the program "
                                            "first, or correct the cell.").format(value=name or values.get(uid_key)))])
        return pid


class UserClassLookup:
    def __init__(self, session: Session):
        self.ids: dict[str, int] = {}
        for cid, code, name in session.execute(select(UserClass.id, UserClass.code, UserClass.name)):
            self.ids.setdefault(code.casefold(), cid)
            self.ids.setdefault(name.casefold(), cid)

    def require(self, text: str | None, column: str = "user_class") -> int | None:
        if not text:
            return None
        found = self.ids.get(text.strip().casefold())
        if found is None:
            raise RowProblems([(column, _("No user class “{value}” exists. Write the code or name of an "
                                          "existing user class.").format(value=text))])
        return found


def row_zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    """The time zone a row's `time_zone` cell names, or `fallback` (the facility's) when it is empty."""
    if not name:
        return fallback
    if not clock.is_zone(name):
        raise RowProblems([("time_zone", _("“{value}” is not a time zone. Write one such as {example}, or "
                                           "leave it empty for the facility's zone.")
                            .format(value=name, example=clock.DEFAULT_ZONE))])
    return clock.zone(name)
