"""Importing booking series and the bookings that name them, from CSV files into a real database:
a series row's rule is checked as in the app (weekday names in English or Korean, the cap), a
file with a bad row writes nothing and names the row and column, bookings join their series by
its uid, a booking naming a series that is not there is refused with a sentence, and a re-import
changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hubdesk.db.enums import RecurFrequency
from hubdesk.db.schema import Booking, BookingSeries
from hubdesk.domain.booking_series import rule_of
from hubdesk.interchange.exporter import export_table
from hubdesk.interchange.importer import import_file
from tests.factories import booking_world

SERIES = "uid,resource,organization,frequency,weekdays,starts_on,until_on,count,start_time,end_time,purpose\n"
UID = "0b0f8f1e-5d7e-4a43-9a51-3c4f2f6a9e10"
BOOKINGS = "resource,organization,starts_at,ends_at,series_uid\n"


def test_series_import_checks_rows_and_bookings_join_their_series(db, tmp_path):
    with db.write() as s:
        booking_world(s, name="Bioreactor 50 L")
    bad = tmp_path / "bad.csv"
    bad.write_text(SERIES
                   + f"{UID},Bioreactor 50 L,Hanbit Bio,매주,\"월, 목\",2026-09-07,2026-10-01,,10:00,12:00,QC\n"
                   + ",Bioreactor 50 L,Hanbit Bio,weekly,Funday,2026-09-07,,4,10:00,12:00,\n"
                   + ",Bioreactor 50 L,Hanbit Bio,daily,,2026-01-01,2027-06-01,,10:00,12:00,\n",
                   encoding="utf-8")
    result = import_file(db, "booking_series", bad)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 2, problems
    assert problems[0].startswith("row 3") and "weekdays" in problems[0] and "is not a weekday" in problems[0]
    assert problems[1].startswith("row 4") and "more than 366 times" in problems[1]
    with db.read() as s:
        assert s.scalars(select(BookingSeries)).all() == []          # nothing written

    good = tmp_path / "good.csv"
    good.write_text(SERIES + f"{UID},Bioreactor 50 L,Hanbit Bio,매주,\"월, 목\",2026-09-07,2026-10-01,,10:00,12:00,QC\n",
                    encoding="utf-8")
    assert import_file(db, "booking_series", good).created == 1
    with db.read() as s:
        series = s.scalars(select(BookingSeries)).one()
        assert (series.uid, series.weekdays, series.purpose) == (UID, "0,3", "QC")
        assert rule_of(series).frequency == RecurFrequency.WEEKLY and series.start_time == dt.time(10)
        series_id = series.id

    unknown = tmp_path / "unknown.csv"
    unknown.write_text(BOOKINGS + "Bioreactor 50 L,Hanbit Bio,2026-09-07 10:00,2026-09-07 12:00,no-such-series\n",
                       encoding="utf-8")
    problems = [str(p) for p in import_file(db, "bookings", unknown).problems]
    assert len(problems) == 1 and "series_uid" in problems[0] and "Import the booking series first" in problems[0]

    bookings = tmp_path / "bookings.csv"
    bookings.write_text(BOOKINGS + f"Bioreactor 50 L,Hanbit Bio,2026-09-07 10:00,2026-09-07 12:00,{UID}\n"
                        + "Bioreactor 50 L,Hanbit Bio,2026-09-10 10:00,2026-09-10 12:00,\n", encoding="utf-8")
    assert import_file(db, "bookings", bookings).created == 2
    with db.read() as s:
        assert [b.series_id for b in s.scalars(select(Booking).order_by(Booking.starts_at))] == [series_id, None]
    for kind in ("booking_series", "bookings"):
        exported = tmp_path / f"{kind}.xlsx"
        export_table(db, kind, exported)
        again = import_file(db, kind, exported, dry_run=True)
        assert again.problems == [] and (again.created, again.updated) == (0, 0), kind
