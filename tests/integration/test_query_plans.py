"""Query plans of the hot queries: SQLite's EXPLAIN QUERY PLAN for the statements the code really
runs, on a migrated database with a few rows.

The statements are not copied here: each test runs the real code path (check_booking, the lazy
list models, the report's aggregates) on a real SQLite file, records every statement and its
parameters as the engine sends them (a `before_cursor_execute` listener), and asks SQLite for the
plan of the ones that read `booking` or `organization`. hubdesk databases carry no sqlite_stat1
(nothing runs ANALYZE), so the planner chooses the same plans here as on a million bookings.

What is asserted, per query:
- a point query (conflict check, page fetch, an organization's bookings, a quarter's figures)
  only SEARCHes the big tables: an index seek or range, never a SCAN;
- the list's id query and COUNT are one pass by design (the lazy model keeps every matching id):
  they may walk an index, but never the table itself, and never sort in a temporary B-tree;
- the organizations search by substring (LIKE '%…%') cannot seek a B-tree; it walks
  ix_organization_name in display order (no sort) — the one pass accepted, over the smaller
  table, and timed by benchmarks/run.py.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from hubdesk.db.enums import BookingStatus
from hubdesk.db.schema import Booking
from hubdesk.domain.quarters import Quarter
from tests.factories import booking_world, kst, make_org, make_qualification, make_window

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BIG_TABLES = ("booking", "organization")


@contextmanager
def recorded(db):
    """Every (statement, parameters) the engine sends while the block runs."""
    seen: list[tuple[str, object]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        if not executemany:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def plan(db, statement: str, parameters) -> list[str]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    return [row[3] for row in rows]


def reads_big_table(statement: str) -> bool:
    return any(re.search(rf"\b(FROM|JOIN)\s+{t}\b", statement, re.I) for t in BIG_TABLES)


def plans_of(db, seen) -> list[tuple[str, list[str]]]:
    return [(s, plan(db, s, p)) for s, p in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))
            and reads_big_table(s)]


def table_scans(lines: list[str]) -> list[str]:
    """SCAN lines over a big table without any index (the table read row by row)."""
    return [line for line in lines
            if re.match(rf"SCAN ({'|'.join(BIG_TABLES)})\b", line) and "INDEX" not in line]


def index_walks(lines: list[str]) -> list[str]:
    return [line for line in lines if re.match(rf"SCAN ({'|'.join(BIG_TABLES)})\b", line)]


def assert_only_searches(found: list[tuple[str, list[str]]]) -> None:
    assert found, "no statement on booking or organization was recorded"
    for statement, lines in found:
        assert not index_walks(lines), f"full pass in\n{statement}\n" + "\n".join(lines)
        assert any(line.startswith("SEARCH") for line in lines), "\n".join(lines)


@pytest.fixture
def world(db):
    """One resource with a qualification requirement, a maintenance window, a handful of bookings of
    two organizations over two quarters."""
    with db.write() as s:
        w = booking_world(s, changeover_hours=2, requires_qualification=True)
        other = make_org(s, "Saebom Herb Farm")
        make_qualification(s, w.resource, contact=w.alice, valid_until=dt.date(2030, 1, 1))
        make_window(s, w.resource, kst(2026, 3, 2, 9), kst(2026, 3, 2, 18))
        now = dt.datetime.now(dt.timezone.utc)
        for i, (org_id, status) in enumerate([(w.org_id, BookingStatus.COMPLETED), (other.id, BookingStatus.APPROVED),
                                              (w.org_id, BookingStatus.CONFIRMED), (other.id, BookingStatus.REQUESTED),
                                              (w.org_id, BookingStatus.CANCELLED), (other.id, BookingStatus.COMPLETED)]):
            start = kst(2026, 2, 2, 9) + dt.timedelta(days=7 * i)
            s.add(Booking(resource_id=w.resource_id, organization_id=org_id, starts_at=start,
                          ends_at=start + dt.timedelta(hours=4), units=4, status=status, fee_krw=200_000,
                          holiday_override=True, created_at=now, updated_at=now))
        ids = dict(resource_id=w.resource_id, org_id=w.org_id, alice=w.alice.id, bob=w.bob.id)
    return ids


def test_booking_conflict_check_seeks_the_resource_index(db, world):
    from hubdesk.domain.bookings import BookingRequest, check_booking

    request = BookingRequest(world["resource_id"], world["org_id"], kst(2026, 2, 9, 10), kst(2026, 2, 9, 12),
                             people=[world["alice"], world["bob"]], holiday_override=True)
    with db.read() as s, recorded(db) as seen:
        problems = check_booking(s, request)
    assert {p.code for p in problems} >= {"overlap", "not_qualified"}
    found = plans_of(db, seen)
    conflict = [(st, lines) for st, lines in found if "UNION ALL" in st]
    assert len(conflict) == 1, [st for st, _ in found]
    assert_only_searches(found)
    # every branch of the candidate search seeks (resource_id, status, starts_at)
    seeks = [line for line in conflict[0][1] if line.startswith("SEARCH booking")]
    by_index = [line for line in seeks if "ix_booking_resource_status_starts" in line]
    # the candidates: the span's range, and the latest before it per active status (5); since the
    # facts are one statement (2026-12-03) it also holds the organization's quota with the units it
    # booked of the resource in the year and in the quarter: two more ranges on the same index
    assert len(by_index) == 5 + 2, seeks
    assert sum("starts_at>? AND starts_at<?" in line for line in by_index) == 1 + 2, seeks
    assert all(line in by_index or "PRIMARY KEY" in line or line.startswith("SEARCH booking_quota USING INDEX")
               for line in seeks), seeks


def test_bookings_list_first_page_sorted_by_start(db, world, qapp):
    from PySide6.QtCore import Qt

    from hubdesk.ui.bookings.table_model import BookingsTableModel

    model = BookingsTableModel(db)
    with recorded(db) as seen:
        model.sort(BookingsTableModel.COL_STARTS, Qt.SortOrder.DescendingOrder)
        first = model.data(model.index(0, BookingsTableModel.COL_NUMBER))
    assert model.rowCount() == 6 and first
    found = plans_of(db, seen)
    ids = [(st, lines) for st, lines in found if "json_group_array" in st]
    page = [(st, lines) for st, lines in found if " IN (" in st and "json_group_array" not in st]
    assert len(ids) == 1 and len(page) == 1, [st for st, _ in found]
    for statement, lines in found:
        assert not table_scans(lines), f"table scan in\n{statement}\n" + "\n".join(lines)
        assert not any("TEMP B-TREE" in line for line in lines), f"sort in\n{statement}\n" + "\n".join(lines)
    assert any("ix_booking_starts" in line for line in ids[0][1]), ids[0][1]
    assert_only_searches(page)
    assert any("PRIMARY KEY" in line for line in page[0][1] if line.startswith("SEARCH booking"))


def test_organizations_search_by_name_walks_the_name_index_without_sorting(db, world, qapp):
    from hubdesk.ui.organizations.table_model import OrganizationsTableModel

    model = OrganizationsTableModel(db)
    model.reload()
    with recorded(db) as seen:
        model.set_search("Hanbit")
        row = model.row_data(0)
    assert model.rowCount() == 1 and row["name"] == "Hanbit Bio"
    found = plans_of(db, seen)
    ids = [(st, lines) for st, lines in found if "json_group_array" in st]
    page = [(st, lines) for st, lines in found if "json_group_array" not in st]
    assert len(ids) == 1 and len(page) == 1, [st for st, _ in found]
    lines = ids[0][1]
    # A substring LIKE cannot seek a B-tree: the accepted pass walks the names in display order.
    assert not table_scans(lines), lines
    assert [line for line in index_walks(lines)] == ["SCAN organization USING INDEX ix_organization_name"], lines
    assert not any("TEMP B-TREE" in line for line in lines), lines
    assert_only_searches(page)


def test_bookings_of_an_organization_in_a_quarter_seek_an_index(db, world):
    from hubdesk.domain.usage import bookings_by_org_resource

    q = Quarter.parse("2026-Q1")
    with db.read() as s, recorded(db) as seen:
        rows = bookings_by_org_resource(s, q.start, q.end_exclusive, organization_id=world["org_id"])
    assert [r["bookings"] for r in rows] == [2]  # completed and confirmed; the cancelled one is not counted
    found = plans_of(db, seen)
    assert_only_searches(found)
    seek = [line for _st, lines in found for line in lines if line.startswith("SEARCH booking")]
    assert seek and all("starts_at>" in line for line in seek), seek


def test_kpi_booking_scans_are_range_seeks_on_start(db, world):
    from hubdesk.domain.utilisation import facility_figures
    from hubdesk.domain.usage import per_resource

    q = Quarter.parse("2026-Q1")
    with db.read() as s, recorded(db) as seen:
        figures = per_resource(s, q.start, q.end_exclusive)
        facility = facility_figures(s, q.start, q.end)
    assert figures[world["resource_id"]]["bookings"] == 4
    assert facility is not None
    found = plans_of(db, seen)
    assert len(found) >= 2, [st for st, _ in found]
    assert_only_searches(found)
    for statement, lines in found:
        assert any("starts_at>" in line for line in lines if line.startswith("SEARCH booking")), (statement, lines)


def test_certification_expiry_alert_reads_the_certificate_files_once(db):
    """The Dashboard's expiry list names each certification's newest file. A per-certification
    subquery walked every attachment once per listed certification (17 s on the huge benchmark,
    before attachments had an index by certification): the certificate files are read in one pass
    (a scan, or a range of ix_attachment_certification_id), never from a correlated subquery."""
    from hubdesk.db.enums import CertificationType, DocumentKind, DocumentOwner
    from hubdesk.domain import certifications
    from hubdesk.domain import documents as D

    today = dt.date(2026, 6, 1)
    with db.write() as s:
        org = make_org(s, "Saebom Herb Farm").id
        certs = [certifications.create_certification(s, org, kind, dt.date(2023, 6, 1),
                                                     expires_on=dt.date(2026, 6, 10 + i))
                 for i, kind in enumerate((CertificationType.GMP, CertificationType.HACCP))]
        for cert in certs:
            D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(f"{cert.id}".encode()), name=f"{cert.id}.pdf",
                     kind=DocumentKind.CERTIFICATE, certification_id=cert.id)
    with db.read() as s, recorded(db) as seen:
        alerts = certifications.expiring_certifications(s, today, 30)
    assert [a.file_name for a in alerts] == [f"{c.id}.pdf" for c in certs]
    [(statement, parameters)] = [(st, p) for st, p in seen if re.search(r"\bJOIN\s+organization\b", st)]
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    correlated = {row[0] for row in rows if row[3].startswith("CORRELATED")}
    inside = set(correlated)
    for node, parent, _unused, _detail in rows:     # children come after their parent
        if parent in inside:
            inside.add(node)
    # (a seek per file, as for "not replaced by a newer version", is fine; a walk per certification is not)
    def reads_files(detail: str) -> bool:      # every attachment, or those of any certification
        return detail.startswith("SCAN attachment") or detail.startswith(
            "SEARCH attachment USING INDEX ix_attachment_certification_id")

    per_row = [row[3] for row in rows if row[0] in inside and reads_files(row[3])]
    assert sum(reads_files(row[3]) for row in rows) == 1, "\n".join(row[3] for row in rows)
    assert not per_row, "\n".join(row[3] for row in rows)
