"""The facility-operations kinds in and out on a real database (issue 18): booking quotas,
maintenance series and their windows, payments against invoices, and the invoices export. Every
row goes through the domain's own function; a bad row names its row and column and writes
nothing; an exported file imports again with no change, and importing a file twice changes
nothing."""

from __future__ import annotations

import datetime as dt

import shutil

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hubdesk.db.enums import BookingStatus, SubsidyPeriod, WindowKind
from hubdesk.db.schema import BookingQuota, InvoicePayment, MaintenanceSeries, MaintenanceWindow
from hubdesk.domain import invoices as INV
from hubdesk.domain.bookings import BookingRequest, change_status, create_booking
from hubdesk.interchange.exporter import export_table
from hubdesk.interchange.importer import import_file
from tests.factories import booking_world, kst, make_facility, make_org, make_resource


@pytest.fixture
def other_db(tmp_path, _migrated_sqlite_template):
    """A second database file, as on another PC."""
    from hubdesk.db.database import open_database

    target = tmp_path / "other.db"
    shutil.copyfile(_migrated_sqlite_template, target)
    database = open_database(target)
    yield database
    database.dispose()


def _quota_world(db):
    with db.write() as s:
        w = booking_world(s, code="B1")
        make_org(s, "Dasan Herb", business_no="124-81-00998")
        make_resource(s, make_facility(s, "Lab 2"), "Mixer", code="MX")
    return w


def test_booking_quotas_import_checks_every_row_and_round_trips(db, tmp_path):
    _quota_world(db)
    header = "organization,business_no,resource,facility,period,hours,note\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header
                   + "Hanbit Bio,,B1,,분기,40,pilot\n"
                   + ",124-81-00998,Fermenter 9,,,10,\n"
                   + "Nobody Ltd,,MX,,,10,\n"
                   + "Hanbit Bio,,Suite B-1,,연,20,\n", encoding="utf-8")
    result = import_file(db, "booking_quotas", bad)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 3, problems
    assert problems[0].startswith("row 3, column resource") and "Fermenter 9" in problems[0]
    assert problems[1].startswith("row 4, column organization") and "Nobody Ltd" in problems[1]
    assert problems[2].startswith("row 5, column resource") and "Row 2" in problems[2]
    with db.read() as s:
        assert s.scalars(select(BookingQuota)).all() == []

    good = tmp_path / "good.csv"
    good.write_text(header + "Hanbit Bio,,B1,,분기,40,pilot\n" + ",124-81-00998,MX,Lab 2,,10,\n", encoding="utf-8")
    result = import_file(db, "booking_quotas", good)
    assert result.problems == [] and result.created == 2
    with db.read() as s:
        rows = s.scalars(select(BookingQuota).order_by(BookingQuota.id)).all()
        assert [(q.resource.code, q.period, q.hours, q.note) for q in rows] == [
            ("B1", SubsidyPeriod.QUARTER, 40, "pilot"), ("MX", SubsidyPeriod.YEAR, 10, None)]
    twice = import_file(db, "booking_quotas", good)
    assert (twice.created, twice.updated, twice.unchanged) == (0, 0, 2)
    # the same organization and resource with other hours updates the quota it has
    changed = tmp_path / "changed.csv"
    changed.write_text(header + "Hanbit Bio,,B1,,분기,60,pilot\n", encoding="utf-8")
    assert import_file(db, "booking_quotas", changed).updated == 1

    exported = tmp_path / "out.xlsx"
    assert export_table(db, "booking_quotas", exported, korean_headers=True) == 2
    again = import_file(db, "booking_quotas", exported, dry_run=True)
    assert again.problems == [] and (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_maintenance_series_and_windows_round_trip_into_another_database(db, other_db, tmp_path):
    from hubdesk.domain import booking_series as BS

    _quota_world(db)
    with db.write() as s:
        rid = booking_rid(s)
        rule = BS.Rule(frequency="weekly", starts_on=dt.date(2026, 9, 7), start_time=dt.time(8),
                       end_time=dt.time(10), weekdays=(0,), count=3)
        BS.create_maintenance(s, rid, WindowKind.MAINTENANCE, "weekly cleaning", rule, skip_conflicts=False)
    series_file, windows_file = tmp_path / "series.xlsx", tmp_path / "windows.csv"
    assert export_table(db, "maintenance_series", series_file) == 1
    assert export_table(db, "maintenance", windows_file) == 3
    # into this database again: nothing changes
    assert import_file(db, "maintenance_series", series_file).unchanged == 1
    same = import_file(db, "maintenance", windows_file)
    assert same.problems == [] and (same.created, same.updated, same.unchanged) == (0, 0, 3)

    other = other_db
    _quota_world(other)
    # windows before their series: each row says which series is missing, nothing is written
    early = import_file(other, "maintenance", windows_file)
    assert len(early.problems) == 3 and "column series_uid" in str(early.problems[0])
    assert "Import the maintenance series first" in str(early.problems[0])
    assert import_file(other, "maintenance_series", series_file).created == 1
    result = import_file(other, "maintenance", windows_file)
    assert result.problems == [] and result.created == 3
    with other.read() as s:
        series = s.scalars(select(MaintenanceSeries)).one()
        windows = s.scalars(select(MaintenanceWindow).order_by(MaintenanceWindow.starts_at)).all()
        assert (series.note, series.occurrence_count, series.weekdays) == ("weekly cleaning", 3, "0")
        assert [w.series_id for w in windows] == [series.id] * 3
        assert [w.starts_at for w in windows] == [kst(2026, 9, 7, 8), kst(2026, 9, 14, 8), kst(2026, 9, 21, 8)]
    twice = import_file(other, "maintenance", windows_file)
    assert (twice.created, twice.updated, twice.unchanged) == (0, 0, 3)


def booking_rid(s) -> int:
    from hubdesk.db.schema import Resource

    return s.scalar(select(Resource.id).where(Resource.code == "B1"))


def test_a_bad_maintenance_window_names_its_row_and_column(db, tmp_path):
    _quota_world(db)
    bad = tmp_path / "bad.csv"
    bad.write_text("resource,kind,starts_at,ends_at,note\n"
                   "B1,점검,2026-09-01 09:00,2026-09-01 12:00,ok\n"
                   "B1,repair,2026-09-02 09:00,2026-09-02 12:00,\n"
                   "B1,maintenance,2026-09-03 12:00,2026-09-03 09:00,\n", encoding="utf-8")
    result = import_file(db, "maintenance", bad)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 2, problems
    assert problems[0].startswith("row 3, column kind")
    assert problems[1].startswith("row 4, column ends_at") and "must end after it starts" in problems[1]
    with db.read() as s:
        assert s.scalars(select(MaintenanceWindow)).all() == []


def _issued(db):
    """An organization with an issued invoice (200,000 won) and a draft of another period."""
    with db.write() as s:
        w = booking_world(s, fee_per_unit_krw=50_000)
        for day in (6, 13):
            b = create_booking(s, BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                                 starts_at=kst(2026, 7, day, 9), ends_at=kst(2026, 7, day, 11)))
            for status in (BookingStatus.APPROVED, BookingStatus.CONFIRMED, BookingStatus.IN_USE,
                           BookingStatus.COMPLETED):
                change_status(s, b.id, status)
        b = create_booking(s, BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                             starts_at=kst(2026, 10, 13, 9), ends_at=kst(2026, 10, 13, 11)))
        for status in (BookingStatus.APPROVED, BookingStatus.CONFIRMED, BookingStatus.IN_USE,
                       BookingStatus.COMPLETED):
            change_status(s, b.id, status)
        invoice = INV.issue_invoice(s, INV.draft_invoice(s, w.org_id, "2026Q3").id, today=dt.date(2026, 10, 2))
        INV.draft_invoice(s, w.org_id, "2026Q4")
    return invoice


def test_payments_are_recorded_once_and_bad_rows_are_named(db, tmp_path):
    invoice = _issued(db)
    header = "invoice,paid_on,amount,note\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header
                   + f"{invoice.number},2026-10-20,50000,first part\n"
                   + "INV-2026-0999,2026-10-20,1000,\n"
                   + f"{invoice.number},2026-09-30,1000,\n"
                   + f"{invoice.number},2026-10-21,900000,\n", encoding="utf-8")
    result = import_file(db, "payments", bad)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 3, problems
    assert problems[0].startswith("row 3, column invoice") and "INV-2026-0999" in problems[0]
    assert problems[1].startswith("row 4, column paid_on") and "before the invoice was issued" in problems[1]
    assert problems[2].startswith("row 5, column amount") and "still owed" in problems[2]
    with db.read() as s:
        assert s.scalars(select(InvoicePayment)).all() == []

    good = tmp_path / "good.csv"
    good.write_text(header + f"{invoice.number},2026-10-20,50000,first part\n"
                    + f"{invoice.number},2026-10-28,150000,\n", encoding="utf-8")
    result = import_file(db, "payments", good)
    assert result.problems == [] and result.created == 2
    twice = import_file(db, "payments", good)        # same invoice, day and amount: not recorded twice
    assert twice.problems == [] and (twice.created, twice.unchanged) == (0, 2)
    with db.read() as s:
        row = INV.invoices(s, period="2026Q3")[0]
        assert (row["state"], row["paid_krw"], row["outstanding_krw"]) == ("paid", 200_000, 0)

    exported = tmp_path / "payments.xlsx"
    assert export_table(db, "payments", exported) == 2
    again = import_file(db, "payments", exported)    # by uid
    assert again.problems == [] and (again.created, again.unchanged) == (0, 2)



def test_the_invoices_export_kind_lists_every_invoice_of_every_period(db, tmp_path):
    invoice = _issued(db)
    out = tmp_path / "invoices.xlsx"
    assert export_table(db, "invoices", out) == 2
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("number", "kind", "organization", "business_no")
    assert rows[1][0] == invoice.number and rows[1][4] == "2026Q3" and rows[1][7] == 200_000
    assert rows[1][10].startswith("Unpaid")          # due on 2026-11-01: overdue after it
    assert rows[2][0] == "Draft" and rows[2][4] == "2026Q4"
