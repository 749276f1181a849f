"""Maintenance series (recurring maintenance or requalification), in and out: each series' rule, so
that a round trip keeps its windows together (the maintenance kind names each window's series by
its uid; import the series first).

A row names its resource (code, name or uid; the facility when names repeat), the kind of its
windows (maintenance or requalification), its rule as the booking series kind writes it
(frequency, interval, weekdays, first date, end date or number of times, start and end time of day
in the facility's time zone) and a note. A series whose uid is already stored is left as it is
(change it in hubdesk); a new one is stored through
`hubdesk.domain.booking_series.record_maintenance_series` with the rule's checks and makes no
window: its windows come in the maintenance kind.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hubdesk.db.enums import WindowKind
from hubdesk.db.schema import MaintenanceSeries, Resource
from hubdesk.domain import booking_series
from hubdesk.interchange.booking_series import RULE_COLUMNS, rule_cells, rule_of
from hubdesk.interchange.cells import enum_parser, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import ResourceLookup

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("resource", "장비", text(), required=True, aliases=("장비명", "예약 대상", "자원", "resource name")),
    C("facility", "시설", text(), aliases=("facility name", "센터")),
    C("kind", "구분", enum_parser(WindowKind, labels_for(WindowKind)), aliases=("유형", "종류", "kind")),
    *RULE_COLUMNS,
    C("note", "비고", text(), aliases=("메모",)),
]
FIELD_COLUMNS = {"resource_id": "resource", "kind": "kind", "frequency": "frequency", "interval": "interval",
                 "until_on": "until_on", "count": "count", "starts_on": "starts_on"}


class Importer:
    columns = COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        self.session = session
        self.resources = ResourceLookup(session)
        self.uids = set(session.scalars(select(MaintenanceSeries.uid)))

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        uid = values.get("uid")
        if uid and uid in self.uids:
            return "unchanged"
        rid = self.resources.require(values["resource"], values.get("facility"))
        rule = rule_of(values)
        series = booking_series.record_maintenance_series(
            self.session, rid, values.get("kind") or WindowKind.MAINTENANCE, values.get("note"), rule, uid=uid)
        self.uids.add(series.uid)
        return "created"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(MaintenanceSeries).options(joinedload(MaintenanceSeries.resource).joinedload(Resource.facility))
            .order_by(MaintenanceSeries.starts_on, MaintenanceSeries.id))
    for s in session.scalars(stmt):
        yield [s.uid, s.resource.code or s.resource.name, s.resource.facility.name, s.kind, *rule_cells(s), s.note]
