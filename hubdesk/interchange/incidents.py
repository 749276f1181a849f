"""Resource incidents (the incident and intervention log), in and out.

Times in the file are wall-clock times in the facility's time zone (the `time_zone` column, when
present, says which zone they are in), as for bookings. A row names its resource (code, name, or
uid; the facility when names repeat). It updates the incident with the same uid, else creates one;
every row goes through `hubdesk.domain.incidents.save_incident`, with the checks of the form (kind,
description, downtime that ends after it starts or stays open).
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hubdesk.db.enums import IncidentKind
from hubdesk.db.schema import Resource, ResourceIncident
from hubdesk.domain import booking_times as bt
from hubdesk.domain import incidents
from hubdesk.domain.texts import clean_text
from hubdesk.interchange.cells import enum_parser, parse_bool, parse_datetime, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import ResourceLookup, row_zone

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("resource", "장비", text(), required=True, aliases=("장비명", "예약 대상", "자원", "resource name")),
    C("facility", "시설", text(), aliases=("facility name", "센터")),
    C("occurred_at", "발생일시", parse_datetime, required=True, aliases=("발생", "일시", "occurred", "time")),
    C("time_zone", "시간대", text(64), aliases=("timezone", "tz")),
    C("kind", "유형", enum_parser(IncidentKind, labels_for(IncidentKind)), required=True,
      aliases=("구분", "종류", "kind")),
    C("description", "내용", text(), required=True, aliases=("설명", "사고 내용", "description")),
    C("reported_by", "보고자", text(200), aliases=("작성자", "reported by")),
    C("down_from", "가동중지 시작", parse_datetime, aliases=("중지 시작", "downtime start", "down from")),
    C("down_until", "가동중지 종료", parse_datetime, aliases=("중지 종료", "downtime end", "down until")),
    C("voids_qualification", "적격성 무효", parse_bool, aliases=("재적격성 필요", "voids qualification")),
]
FIELD_COLUMNS = {"resource_id": "resource", "occurred_at": "occurred_at", "kind": "kind",
                 "description": "description", "down_from": "down_from", "down_until": "down_until"}


class Importer:
    columns = COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        self.session = session
        self.resources = ResourceLookup(session)
        self.by_uid = dict(session.execute(select(ResourceIncident.uid, ResourceIncident.id)).all())

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        rid = self.resources.require(values["resource"], values.get("facility"))
        resource = self.session.get(Resource, rid, options=[joinedload(Resource.facility)])
        assert resource is not None
        tz = row_zone(values.get("time_zone"), bt.resource_zone(resource))
        local = {key: values[key].replace(tzinfo=tz) if values.get(key) is not None else None
                 for key in ("occurred_at", "down_from", "down_until")}
        fields = dict(kind=values["kind"], description=values["description"], reported_by=values.get("reported_by"),
                      voids_qualification=bool(values.get("voids_qualification")), **local)
        uid = values.get("uid")
        existing_id = self.by_uid.get(uid) if uid else None
        if existing_id is not None:
            incident = self.session.get(ResourceIncident, existing_id)
            assert incident is not None
            stored = dict(fields, description=clean_text(fields["description"]),
                          reported_by=clean_text(fields["reported_by"]) or None)
            if incident.resource_id == rid and all(getattr(incident, k) == v for k, v in stored.items()):
                return "unchanged"
            incidents.save_incident(self.session, rid, existing_id, **fields)
            return "updated"
        incident = incidents.save_incident(self.session, rid, None, **fields)
        if uid:
            incident.uid = uid
            self.session.flush()
        self.by_uid[incident.uid] = incident.id
        return "created"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(ResourceIncident).options(joinedload(ResourceIncident.resource).joinedload(Resource.facility))
            .order_by(ResourceIncident.occurred_at, ResourceIncident.id))
    for i in session.scalars(stmt):
        tz = bt.resource_zone(i.resource)

        def local(value):
            return value.astimezone(tz).replace(tzinfo=None) if value is not None else None

        yield [i.uid, i.resource.code or i.resource.name, i.resource.facility.name, local(i.occurred_at), tz.key,
               i.kind, i.description, i.reported_by, local(i.down_from), local(i.down_until), i.voids_qualification]
