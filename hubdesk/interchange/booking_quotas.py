"""Booking quotas, in and out: one row per quota, its organization (business registration no.,
name or uid), its resource (code, name or uid; the facility when names repeat), the period it is
counted over (year or quarter) and the hours.

A row updates the quota with the same uid, or else the quota the organization already has on that
resource (an organization has at most one per resource), and otherwise adds one — always through
`hubdesk.domain.subsidies.save_quota`, with the form's checks. Import organizations and resources
first.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hubdesk.db.enums import SubsidyPeriod
from hubdesk.db.schema import BookingQuota, Resource
from hubdesk.domain import subsidies
from hubdesk.domain.texts import clean_text
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_non_negative_int, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import ResourceLookup, organization_reference
from hubdesk.interchange.records import UidImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    *organization_reference(),
    C("resource", "장비", text(), required=True, aliases=("장비명", "예약 대상", "자원", "resource name")),
    C("facility", "시설", text(), aliases=("facility name", "센터")),
    C("period", "기간단위", enum_parser(SubsidyPeriod, labels_for(SubsidyPeriod)), aliases=("기간", "period")),
    C("hours", "한도 시간", parse_non_negative_int, required=True, aliases=("시간", "한도", "hours")),
    C("note", "비고", text(), aliases=("메모",)),
]


class Importer(UidImporter):
    model = BookingQuota
    columns = COLUMNS
    field_columns = {"organization_id": "organization", "resource_id": "resource", "hours": "hours",
                     "period": "period"}

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.resources = ResourceLookup(session)
        self.by_pair: dict[tuple[int, int], int] = {
            (oid, rid): qid for qid, oid, rid in session.execute(
                select(BookingQuota.id, BookingQuota.organization_id, BookingQuota.resource_id))}

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        oid = self.orgs.require(values)
        rid = self.resources.require(values["resource"], values.get("facility"))
        earlier = self.earlier_row((oid, rid), row)
        if earlier is not None:
            raise RowProblems([("resource", _("Row {row} already gives this organization's quota on this "
                                              "resource. Keep one row per organization and resource.")
                                .format(row=earlier))])
        fields = dict(organization_id=oid, resource_id=rid, hours=values["hours"],
                      period=values.get("period") or SubsidyPeriod.YEAR, note=values.get("note"))
        existing_id = self.by_uid.get(values.get("uid") or "") or self.by_pair.get((oid, rid))
        if existing_id is None:
            quota = subsidies.save_quota(self.session, None, **fields)
            self.adopt_uid(quota, values)
            self.by_pair[(oid, rid)] = quota.id
            return "created"
        quota = self.session.get_one(BookingQuota, existing_id)
        if (quota.organization_id, quota.resource_id, quota.hours, quota.period, quota.note) == (
                oid, rid, fields["hours"], fields["period"], clean_text(fields["note"]) or None):
            return "unchanged"
        self.by_pair.pop((quota.organization_id, quota.resource_id), None)
        subsidies.save_quota(self.session, existing_id, **fields)
        self.by_pair[(oid, rid)] = existing_id
        return "updated"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(BookingQuota).options(joinedload(BookingQuota.organization),
                                         joinedload(BookingQuota.resource).joinedload(Resource.facility))
            .order_by(BookingQuota.organization_id, BookingQuota.resource_id))
    for q in session.scalars(stmt):
        yield [q.uid, q.organization.name, q.organization.uid, q.organization.business_no,
               q.resource.code or q.resource.name, q.resource.facility.name, q.period, q.hours, q.note]
