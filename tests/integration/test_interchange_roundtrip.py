"""Round trip on the `small` demo data: export every kind, import the files into a fresh database
that holds only the reference data imports do not carry (user classes, facilities, resources,
rates, windows, closure days, programs, qualifications), export again: the same rows come out."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest
from sqlalchemy import insert, select

from hubdesk.db.database import open_database
from hubdesk.db.schema import Base, Contact, Organization, Qualification
from hubdesk.interchange.exporter import export_table
from hubdesk.interchange.importer import import_file
from tests.factories import demo_database

TODAY = dt.date(2026, 6, 15)
IMPORT_ORDER = ("organizations", "contacts", "kpis", "milestones", "booking_series", "bookings", "incidents")
REFERENCE_TABLES = ("user_class", "facility", "resource", "resource_rate", "maintenance_series", "maintenance_window",
                    "closure_day", "program")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with demo_database(tmp_path_factory.mktemp("demo") / "demo.db", 7, TODAY) as db:
        yield db


def _copy_reference(src, dst) -> None:
    with src.read() as s, dst.write() as d:
        for name in REFERENCE_TABLES:
            table = Base.metadata.tables[name]
            rows = [dict(r._mapping) for r in s.execute(select(table))]
            if name == "facility":
                for r in rows:
                    r["operator_id"] = None
            if name == "user_class":
                # a new database already holds the standard classes (the same codes, in the same
                # order, so rates keep their user_class_id): copy only what it lacks
                have = {code: cid for cid, code in d.execute(select(table.c.id, table.c.code))}
                assert all(have.get(r["code"], r["id"]) == r["id"] for r in rows)
                rows = [r for r in rows if r["code"] not in have]
            if rows:
                d.execute(insert(table), rows)


def _copy_qualifications(src, dst) -> None:
    """Qualifications name contacts and organizations by id; map them through their uids."""
    def contact_keys(session):
        return {c.id: (o.uid, c.name, c.email)
                for c, o in session.execute(select(Contact, Organization).join(Organization))}

    with src.read() as s, dst.write() as d:
        org_uid = {oid: uid for oid, uid in s.execute(select(Organization.id, Organization.uid))}
        org_id = {uid: oid for oid, uid in d.execute(select(Organization.id, Organization.uid))}
        src_contacts = contact_keys(s)
        dst_contacts = {key: cid for cid, key in contact_keys(d).items()}
        rows = []
        for q in s.scalars(select(Qualification)):
            rows.append(dict(resource_id=q.resource_id, granted_on=q.granted_on, valid_until=q.valid_until,
                             uid=q.uid, organization_id=org_id[org_uid[q.organization_id]] if q.organization_id else None,
                             contact_id=dst_contacts[src_contacts[q.contact_id]] if q.contact_id else None))
        if rows:
            d.execute(insert(Qualification.__table__), rows)


def _read(path) -> tuple[list, list]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        rows = [list(r) for r in openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True)]
    return rows[0], sorted(rows[1:], key=lambda r: [str(v) for v in r])


@pytest.mark.parametrize("suffix, kinds", [(".xlsx", IMPORT_ORDER), (".csv", (*IMPORT_ORDER[:5], "incidents"))])
def test_every_kind_round_trips_on_the_small_demo_data(demo, tmp_path, suffix, kinds):
    """(The 2,500 bookings go through .xlsx only, to keep the test short; the CSV reader and writer
    are the same for every kind. Incidents come after the bookings, whose rules their downtime
    would otherwise take part in.)"""
    first = {}
    for kind in kinds:
        first[kind] = tmp_path / f"first-{kind}{suffix}"
        assert export_table(demo, kind, first[kind]) > 0

    fresh = open_database(tmp_path / "fresh.db")
    try:
        _copy_reference(demo, fresh)
        for kind in kinds:
            if kind == "bookings":
                _copy_qualifications(demo, fresh)
            result = import_file(fresh, kind, first[kind])
            assert result.problems == [], (kind, [str(p) for p in result.problems[:5]])
            assert result.written and result.rows == result.created + result.updated + result.unchanged
        for kind in kinds:
            again = tmp_path / f"again-{kind}{suffix}"
            export_table(fresh, kind, again)
            assert _read(again) == _read(first[kind]), kind
    finally:
        fresh.dispose()


def test_reimporting_an_export_into_the_same_database_changes_nothing(demo, tmp_path):
    for kind in IMPORT_ORDER:
        path = tmp_path / f"{kind}.xlsx"
        export_table(demo, kind, path, korean_headers=True)
        result = import_file(demo, kind, path, dry_run=True)
        assert result.problems == [], (kind, [str(p) for p in result.problems[:5]])
        assert (result.created, result.updated) == (0, 0), kind
        assert result.unchanged == result.rows > 0


def test_cases_export(demo, tmp_path):
    path = tmp_path / "cases.csv"
    count = export_table(demo, "cases", path)
    headers, rows = _read(path)
    assert count == len(rows) > 0
    assert headers[:4] == ["uid", "organization", "business_no", "product"]
    assert {r[headers.index("stage")] for r in rows} <= {
        "intake", "pre_consultation", "manufacturing_readiness", "hospital_designated", "plan_drafting",
        "submitted", "under_review", "supplement_requested", "committee_decision", "authority_approval",
        "approved", "in_conduct", "closed"}


OPERATIONS_KINDS = ("booking_quotas", "maintenance_series", "maintenance", "payments")


def test_the_facility_operations_kinds_import_again_unchanged_on_the_demo(demo, tmp_path):
    for kind in OPERATIONS_KINDS:
        path = tmp_path / f"{kind}.xlsx"
        assert export_table(demo, kind, path, korean_headers=True) > 0, kind
        result = import_file(demo, kind, path, dry_run=True)
        assert result.problems == [], (kind, [str(p) for p in result.problems[:5]])
        assert (result.created, result.updated) == (0, 0) and result.unchanged == result.rows > 0, kind


def test_quotas_and_recurring_maintenance_round_trip_into_a_fresh_database(demo, tmp_path):
    """The reference data without the maintenance windows and series: those come in the files."""
    kinds = ("organizations", "booking_quotas", "maintenance_series", "maintenance")
    first = {}
    for kind in kinds:
        first[kind] = tmp_path / f"first-{kind}.csv"
        export_table(demo, kind, first[kind])
    fresh = open_database(tmp_path / "fresh.db")
    try:
        with demo.read() as s, fresh.write() as d:
            for name in REFERENCE_TABLES:
                if name.startswith("maintenance"):
                    continue
                table = Base.metadata.tables[name]
                rows = [dict(r._mapping) for r in s.execute(select(table))]
                for r in rows:
                    if name == "facility":
                        r["operator_id"] = None
                if name == "user_class":
                    have = {code for (code,) in d.execute(select(table.c.code))}
                    rows = [r for r in rows if r["code"] not in have]
                if rows:
                    d.execute(insert(table), rows)
        for kind in kinds:
            result = import_file(fresh, kind, first[kind])
            assert result.problems == [], (kind, [str(p) for p in result.problems[:5]])
        for kind in kinds[1:]:
            again = tmp_path / f"again-{kind}.csv"
            export_table(fresh, kind, again)
            assert _read(again) == _read(first[kind]), kind
    finally:
        fresh.dispose()
