"""Maintenance and requalification windows, in and out.

Times in the file are wall-clock times in the facility's time zone (the `time_zone` column, when
present, says which zone they are in), as for bookings. A row names its resource (code, name or
uid; the facility when names repeat), the kind (maintenance or requalification), the start and
end, a note, and the maintenance series it is an occurrence of by that series' uid (`series_uid`,
like a booking's; import the maintenance series first). It updates the window with the same uid,
else adds one — through `hubdesk.domain.facilities.save_window`, with the form's checks.
"""

from __future__ import annotations

from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hubdesk.db.enums import WindowKind
from hubdesk.db.schema import MaintenanceSeries, MaintenanceWindow, Resource
from hubdesk.domain import booking_times as bt
from hubdesk.domain import facilities
from hubdesk.domain.texts import clean_text
from hubdesk.i18n import _
from hubdesk.interchange.cells import enum_parser, parse_datetime, text
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome, RowProblems
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import ResourceLookup, row_zone
from hubdesk.interchange.records import UidImporter

C = Column
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("resource", "장비", text(), required=True, aliases=("장비명", "예약 대상", "자원", "resource name")),
    C("facility", "시설", text(), aliases=("facility name", "센터")),
    C("kind", "구분", enum_parser(WindowKind, labels_for(WindowKind)), aliases=("유형", "종류", "kind")),
    C("starts_at", "시작일시", parse_datetime, required=True, aliases=("시작", "start", "from")),
    C("ends_at", "종료일시", parse_datetime, required=True, aliases=("종료", "end", "until")),
    C("time_zone", "시간대", text(64), aliases=("timezone", "tz")),
    C("note", "비고", text(), aliases=("메모", "내용")),
    C("series_uid", "반복 점검 고유ID", text(36), aliases=("series",)),
]
FIELD_COLUMNS = {"resource_id": "resource", "kind": "kind", "starts_at": "starts_at", "ends_at": "ends_at"}


class Importer(UidImporter):
    model = MaintenanceWindow
    columns = COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        super().__init__(session, headers)
        self.resources = ResourceLookup(session)
        self.series: dict[str, tuple[int, int]] | None = None   # uid -> (id, resource id)

    def _series_id(self, uid: str | None, resource_id: int) -> int | None:
        if not uid:
            return None
        if self.series is None:
            self.series = {u: (i, r) for u, i, r in self.session.execute(
                select(MaintenanceSeries.uid, MaintenanceSeries.id, MaintenanceSeries.resource_id))}
        found = self.series.get(uid)
        if found is None:
            raise RowProblems([("series_uid", _("No maintenance series with the uid {uid} is in the database. "
                                                "Import the maintenance series first, or clear the cell.")
                                .format(uid=uid))])
        if found[1] != resource_id:
            raise RowProblems([("series_uid", _("Maintenance series {uid} is of another resource. Correct the "
                                                "resource or the series.").format(uid=uid))])
        return found[0]

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        rid = self.resources.require(values["resource"], values.get("facility"))
        resource = self.session.get_one(Resource, rid, options=[joinedload(Resource.facility)])
        tz = row_zone(values.get("time_zone"), bt.resource_zone(resource))
        series_id = self._series_id(values.get("series_uid"), rid)
        fields = dict(kind=values.get("kind") or WindowKind.MAINTENANCE,
                      starts_at=values["starts_at"].replace(tzinfo=tz), ends_at=values["ends_at"].replace(tzinfo=tz),
                      note=values.get("note"))
        existing_id = self.by_uid.get(values.get("uid") or "")
        if existing_id is not None:
            window = self.session.get_one(MaintenanceWindow, existing_id)
            if (window.resource_id == rid and window.kind == fields["kind"] and window.series_id == series_id
                    and window.starts_at == fields["starts_at"] and window.ends_at == fields["ends_at"]
                    and window.note == clean_text(fields["note"])):
                return "unchanged"
            if window.resource_id != rid:
                raise RowProblems([("resource", _("This window belongs to another resource in the database. "
                                                  "Correct the resource, or clear the uid."))])
            facilities.save_window(self.session, rid, existing_id, **fields)
            window.series_id = series_id
            self.session.flush()
            return "updated"
        window = facilities.save_window(self.session, rid, None, **fields)
        window.series_id = series_id
        self.adopt_uid(window, values)
        return "created"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(MaintenanceWindow, MaintenanceSeries.uid)
            .outerjoin(MaintenanceSeries, MaintenanceSeries.id == MaintenanceWindow.series_id)
            .options(joinedload(MaintenanceWindow.resource).joinedload(Resource.facility))
            .order_by(MaintenanceWindow.starts_at, MaintenanceWindow.id))
    for w, series_uid in session.execute(stmt):
        tz = bt.resource_zone(w.resource)
        yield [w.uid, w.resource.code or w.resource.name, w.resource.facility.name, w.kind,
               w.starts_at.astimezone(tz).replace(tzinfo=None), w.ends_at.astimezone(tz).replace(tzinfo=None),
               tz.key, w.note, series_uid]
