"""Booking series, in and out: each series' rule and what its bookings book, so that a round trip
keeps bookings together (the bookings kind names each booking's series by its uid; import the
series first).

A row names its resource (code, name or uid; the facility when names repeat) and organization.
Its rule: frequency (daily, weekly, monthly, yearly), interval, weekdays for a weekly series
(Monday = 0 … Sunday = 6, or names such as "Mon, Thu" / "월, 목"), the first date, the end date
or the number of times, and the start and end time of day in the series' time zone (the
facility's). A series whose uid is already stored is left as it is (change it in hubdesk, from a
date); a new one is stored through `hubdesk.domain.booking_series.record_series` with the rule's
checks and books nothing: its bookings come in the bookings kind.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hubdesk.db.enums import RecurFrequency
from hubdesk.db.schema import BookingSeries, MaintenanceSeries, Resource
from hubdesk.domain import booking_series
from hubdesk.i18n import N_, _
from hubdesk.interchange.cells import (CellError, enum_parser, parse_bool, parse_date, parse_non_negative_int,
                                       parse_time, takes, text)
from hubdesk.interchange.columns import Column, HeaderMap
from hubdesk.interchange.importer import Outcome
from hubdesk.interchange.labels import labels_for
from hubdesk.interchange.lookups import OrganizationLookup, ResourceLookup

_DAY_NAMES = {name: i for i, names in enumerate((
    ("0", "mon", "monday", "월", "월요일", "t2"), ("1", "tue", "tuesday", "화", "화요일", "t3"),
    ("2", "wed", "wednesday", "수", "수요일", "t4"), ("3", "thu", "thursday", "목", "목요일", "t5"),
    ("4", "fri", "friday", "금", "금요일", "t6"), ("5", "sat", "saturday", "토", "토요일", "t7"),
    ("6", "sun", "sunday", "일", "일요일", "cn"))) for name in names}


@takes(N_("Weekdays, such as Mon, Thu (or 0 for Monday … 6 for Sunday)"))
def parse_weekdays(value: Any) -> str | None:
    """Weekdays as stored ("0,3"): digits, English or Korean day names, separated by commas or spaces."""
    if value is None or not str(value).strip():
        return None
    days = set()
    for part in filter(None, re.split(r"[\s,;/]+", str(value).strip().casefold())):
        if part not in _DAY_NAMES:
            raise CellError(_("“{value}” is not a weekday. Write days such as Mon, Thu, or 0 for Monday to 6 for "
                              "Sunday.").format(value=part))
        days.add(_DAY_NAMES[part])
    return ",".join(str(d) for d in sorted(days))


C = Column
# the repeat rule's columns, the same in a booking series' and a maintenance series' rows
RULE_COLUMNS = [
    C("frequency", "반복", enum_parser(RecurFrequency, labels_for(RecurFrequency)), required=True,
      aliases=("반복 주기", "repeats")),
    C("interval", "간격", parse_non_negative_int, aliases=("every",)),
    C("weekdays", "요일", parse_weekdays, aliases=("days",)),
    C("starts_on", "시작일", parse_date, required=True, aliases=("from",)),
    C("until_on", "종료일", parse_date, aliases=("until",)),
    C("count", "횟수", parse_non_negative_int, aliases=("times",)),
    C("start_time", "시작 시각", parse_time, required=True, aliases=("시작시각", "start")),
    C("end_time", "종료 시각", parse_time, required=True, aliases=("종료시각", "end")),
    C("time_zone", "시간대", text(64), aliases=("timezone", "tz")),
]
COLUMNS = [
    C("uid", "고유ID", text(36)),
    C("resource", "예약 대상", text(), required=True, aliases=("장비", "장비명", "자원", "resource name")),
    C("facility", "시설", text(), aliases=("facility name", "센터")),
    C("organization", "기업명", text(), aliases=("기관명", "회사명", "organization name")),
    C("organization_uid", "기업 고유ID", text(36)),
    C("business_no", "사업자등록번호", text(), aliases=("사업자번호",)),
    *RULE_COLUMNS,
    C("purpose", "사용 목적", text(), aliases=("목적", "사용목적")),
    C("campaign", "캠페인", text(100), aliases=("제품", "product")),
    C("holiday_override", "휴일 예외", parse_bool, aliases=("휴일예외",)),
]
FIELD_COLUMNS = {"resource_id": "resource", "organization_id": "organization", "frequency": "frequency",
                 "interval": "interval", "until_on": "until_on", "count": "count", "starts_on": "starts_on"}


def rule_cells(series: BookingSeries | MaintenanceSeries) -> list[Any]:
    """A series' repeat rule as the cells of RULE_COLUMNS."""
    return [series.frequency, series.repeat_interval, series.weekdays, series.starts_on, series.until_on,
            series.occurrence_count, series.start_time.strftime("%H:%M"), series.end_time.strftime("%H:%M"),
            series.timezone]


def rule_of(values: dict[str, Any]) -> booking_series.Rule:
    """The repeat rule a series row gives (its columns parsed): a booking series' and a maintenance
    series' rows name it the same way."""
    weekdays = values.get("weekdays")
    return booking_series.Rule(
        frequency=values["frequency"], starts_on=values["starts_on"], start_time=values["start_time"],
        end_time=values["end_time"], interval=values.get("interval") or 1,
        weekdays=tuple(int(d) for d in weekdays.split(",")) if weekdays else (),
        until_on=values.get("until_on"), count=values.get("count"))


class Importer:
    columns = COLUMNS
    field_columns = FIELD_COLUMNS

    def __init__(self, session: Session, headers: HeaderMap):
        self.session = session
        self.orgs = OrganizationLookup(session)
        self.resources = ResourceLookup(session)
        self.uids = set(session.scalars(select(BookingSeries.uid)))

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome:
        uid = values.get("uid")
        if uid and uid in self.uids:
            return "unchanged"
        rid = self.resources.require(values["resource"], values.get("facility"))
        oid = self.orgs.require(values)
        rule = rule_of(values)
        template = booking_series.SeriesTemplate(resource_id=rid, organization_id=oid, rule=rule,
                                                 purpose=values.get("purpose"), campaign=values.get("campaign"),
                                                 holiday_override=bool(values.get("holiday_override")))
        series = booking_series.record_series(self.session, template, uid=uid)
        self.uids.add(series.uid)
        return "created"


def export_records(session: Session) -> Iterator[list[Any]]:
    stmt = (select(BookingSeries).options(joinedload(BookingSeries.resource).joinedload(Resource.facility),
                                          joinedload(BookingSeries.organization))
            .order_by(BookingSeries.starts_on, BookingSeries.id))
    for s in session.scalars(stmt):
        yield [s.uid, s.resource.code or s.resource.name, s.resource.facility.name, s.organization.name,
               s.organization.uid, s.organization.business_no, *rule_cells(s),
               s.purpose, s.campaign, s.holiday_override]
