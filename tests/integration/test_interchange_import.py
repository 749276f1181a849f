"""Import rules: matching and updating, all-or-nothing, dry run, problems named by row and column,
booking rules within one file, locked KPI quarters, milestones, contacts, cancel and progress."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import BookingStatus, BookingUnit, Funder
from hubdesk.db.schema import (AuditEvent, Booking, Contact, IssuedReport, KpiValue, Milestone,
                               Organization, Program)
from hubdesk.domain import clock
from hubdesk.domain.identifiers import business_no_check_digit
from hubdesk.errors import DomainError
from hubdesk.interchange.exporter import export_rows
from hubdesk.interchange.importer import ImportCancelled, import_file
from tests.factories import booking_world, kst, make_org, make_window


def brn(n: int) -> str:
    first9 = f"{101 + n // 10000:03d}81{n % 10000:04d}"
    return first9 + str(business_no_check_digit(first9))


def hyphen(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- organizations -----------------------------------------------------------------------------


def test_organizations_matched_by_business_number_else_exact_name(any_db, tmp_path):
    with any_db.write() as s:
        make_org(s, "Old Name Bio", business_no=hyphen(brn(1)), region="Seoul")
        make_org(s, "한빛대학교")                      # no business number: matched by name
        make_org(s, "Untouched Co", business_no=hyphen(brn(9)))
    path = tmp_path / "orgs.xlsx"
    export_rows(path, ["기업명", "사업자등록번호", "지역", "기관유형"], [
        ["New Name Bio", brn(1), "Cheongju", "기업"],          # same number, new name: updated
        ["한빛대학교", None, "Chungbuk", "대학"],              # same name: updated
        ["Fresh Start", hyphen(brn(2)), None, "company"],     # new
    ])

    result = import_file(any_db, "organizations", path)

    assert result.problems == []
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    assert "1 created, 2 updated" in result.summary()
    with any_db.read() as s:
        rows = {o.name: (o.business_no, o.region, o.kind.value) for o in s.scalars(select(Organization))}
    assert rows == {"New Name Bio": (hyphen(brn(1)), "Cheongju", "company"),
                    "한빛대학교": (None, "Chungbuk", "university"),
                    "Fresh Start": (hyphen(brn(2)), None, "company"),
                    "Untouched Co": (hyphen(brn(9)), None, "company")}

    again = import_file(any_db, "organizations", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_dry_run_reports_and_writes_nothing(db, tmp_path):
    with db.write() as s:
        make_org(s, "Existing", business_no=hyphen(brn(1)))
    audit_before = count(db, AuditEvent)
    path = tmp_path / "orgs.csv"
    export_rows(path, ["name", "business_no"], [["Existing renamed", brn(1)], ["New one", brn(2)]])

    result = import_file(db, "organizations", path, dry_run=True)

    assert result.problems == [] and result.dry_run and not result.written
    assert (result.created, result.updated) == (1, 1)
    assert "Nothing was written" in result.summary()
    with db.read() as s:
        assert list(s.scalars(select(Organization.name))) == ["Existing"]
    assert count(db, AuditEvent) == audit_before


def test_one_bad_row_among_thousands_imports_nothing_and_names_it(db, tmp_path):
    rows = [[f"Company {i:05d}", "company", brn(i), f"2020-01-{i % 28 + 1:02d}"] for i in range(3000)]
    bad = 1733
    rows[bad][2] = rows[bad][2][:-1] + str((int(rows[bad][2][-1]) + 1) % 10)   # wrong check digit
    path = tmp_path / "members.xlsx"
    export_rows(path, ["name", "kind", "사업자등록번호", "member_since"], rows)
    seen = []

    result = import_file(db, "organizations", path, progress=lambda done, total: seen.append((done, total)))

    assert not result.written and result.created == 2999
    assert len(result.problems) == 1
    text = str(result.problems[0])
    assert text.startswith(f"row {bad + 2}, column 사업자등록번호: ")
    assert "check digit" in text
    assert count(db, Organization) == 0 and count(db, AuditEvent) == 0
    assert seen[-1] == (3000, 3000) and len(seen) > 5


def test_every_problem_is_listed_with_row_and_column(db, tmp_path):
    path = tmp_path / "orgs.csv"
    export_rows(path, ["name", "kind", "business_no", "member_since", "email", "담당자 이메일"], [
        ["Good", "company", brn(1), "2024-01-02", None, None],
        ["Bad kind", "spaceship", None, None, None, None],
        ["Bad date", "company", None, "2024-02-30", None, None],
        [None, "company", None, None, None, None],
        ["Bad mail", "company", brn(4), None, "not-an-address", "also bad"],
        ["Dup", "company", brn(1), None, None, None],
    ])

    result = import_file(db, "organizations", path)

    assert [str(p).split(":")[0] for p in result.problems] == [
        "row 3, column kind", "row 4, column member_since", "row 5, column name",
        "row 6, column email", "row 6, column contact_name", "row 6, column 담당자 이메일",
        "row 7, column business_no"]
    assert "row 2" in str(result.problems[-1])   # the duplicate names the row it repeats
    assert count(db, Organization) == 0


def test_actor_is_recorded_and_permissions_apply(db, tmp_path):
    path = tmp_path / "orgs.csv"
    export_rows(path, ["name", "contact_name"], [["Audited Co", "Kim"], ["Second Co", None]])
    assert import_file(db, "organizations", path, actor="kim", role="staff").written
    with db.read() as s:
        actors = set(s.scalars(select(AuditEvent.actor).where(AuditEvent.entity.in_(["organization", "contact"]))))
    assert actors == {"kim"}
    assert count(db, AuditEvent) == 3

    export_rows(path, ["name"], [["Viewer Co"]])
    with pytest.raises(DomainError, match="does not allow"):
        import_file(db, "organizations", path, actor="lee", role="viewer")
    assert count(db, Organization) == 2


def test_cancel_writes_nothing(db, tmp_path):
    path = tmp_path / "orgs.csv"
    export_rows(path, ["name"], [[f"Org {i}"] for i in range(300)])
    calls = iter([False, False, True])
    with pytest.raises(ImportCancelled):
        import_file(db, "organizations", path, cancel=lambda: next(calls))
    assert count(db, Organization) == 0


# --- contacts ------------------------------------------------------------------------------


def test_contacts_added_and_updated_for_organizations_by_number_or_name(db, tmp_path):
    with db.write() as s:
        org = make_org(s, "Hanbit Bio", business_no=hyphen(brn(1)))
        s.add(Contact(organization=org, name="Alice Kim", email="alice@hanbit.kr", title="Researcher"))
        make_org(s, "Daehan University")
    path = tmp_path / "contacts.csv"
    export_rows(path, ["사업자등록번호", "기업명", "성명", "직위", "이메일", "대표 담당자"], [
        [brn(1), None, "Alice Kim", "Director", "alice@hanbit.kr", "예"],
        [None, "Daehan University", "Prof. Park", None, "park@daehan.ac.kr", None],
        [None, "Nobody Inc", "Ghost", None, None, None],
    ])
    result = import_file(db, "contacts", path)
    assert [str(p) for p in result.problems] == [
        "row 4, column 기업명: No organization “Nobody Inc” is in the database. Import or create the "
        "organization first, or correct the cell."]

    export_rows(path, ["사업자등록번호", "기업명", "성명", "직위", "이메일", "대표 담당자"], [
        [brn(1), None, "Alice Kim", "Director", "alice@hanbit.kr", "예"],
        [None, "Daehan University", "Prof. Park", None, "park@daehan.ac.kr", None],
    ])
    result = import_file(db, "contacts", path)
    assert result.problems == [] and (result.created, result.updated) == (1, 1)
    with db.read() as s:
        rows = {c.name: (c.title, c.is_primary) for c in s.scalars(select(Contact))}
    assert rows == {"Alice Kim": ("Director", True), "Prof. Park": (None, False)}


# --- bookings ------------------------------------------------------------------------------

BOOKING_HEADERS = ["resource", "organization", "starts_at", "ends_at", "status", "campaign", "people"]


def test_bookings_in_local_time_with_people(any_db, tmp_path):
    db = any_db
    with db.write() as s:
        booking_world(s)
    path = tmp_path / "bookings.xlsx"
    export_rows(path, BOOKING_HEADERS, [
        ["Suite B-1", "Hanbit Bio", dt.datetime(2026, 3, 3, 9), dt.datetime(2026, 3, 3, 12), "신청", None,
         "Alice Kim; Bob Lee"],
        ["Suite B-1", "Hanbit Bio", "2026-03-04 09:00", "2026-03-04 11:00", "approved", None, None],
        ["Suite B-1", "Hanbit Bio", "2026-03-02 09:00", "2026-03-02 10:00", "completed", None, "Bob Lee"],
        ["Suite B-1", "Hanbit Bio", "2026-03-03 10:00", "2026-03-03 11:00", "cancelled", None, None],
    ])
    result = import_file(db, "bookings", path)
    assert result.problems == [] and result.created == 4
    with db.read() as s:
        bookings = s.scalars(select(Booking).order_by(Booking.starts_at, Booking.id)).all()
        done, first, cancelled, approved = bookings
        assert first.starts_at == kst(2026, 3, 3, 9) and first.units == 3
        assert sorted(p.name for p in first.people) == ["Alice Kim", "Bob Lee"]
        assert first.status == BookingStatus.REQUESTED and first.fee_krw is None
        assert approved.status == BookingStatus.APPROVED and approved.fee_krw == 2 * 50_000
        assert [h.to_status for h in approved.history] == [BookingStatus.APPROVED]
        assert done.status == BookingStatus.COMPLETED and done.fee_krw == 50_000
        assert [p.name for p in done.people] == ["Bob Lee"]
        assert [h.to_status for h in done.history] == [BookingStatus.COMPLETED]
        assert cancelled.status == BookingStatus.CANCELLED and cancelled.fee_krw is None
        audited = set(s.scalars(select(AuditEvent.entity_uid).where(AuditEvent.entity == "booking")))
        assert audited == {b.uid for b in bookings}


def test_booking_rules_apply_within_the_file_and_against_the_database(db, tmp_path):
    with db.write() as s:
        w = booking_world(s, changeover_hours=2)
        make_window(s, w.resource, kst(2026, 3, 10, 0), kst(2026, 3, 11, 0))
    path = tmp_path / "bookings.csv"
    export_rows(path, BOOKING_HEADERS, [
        ["Suite B-1", "Hanbit Bio", "2026-03-03 09:00", "2026-03-03 12:00", None, "lot-1", None],
        ["Suite B-1", "Hanbit Bio", "2026-03-03 13:00", "2026-03-03 15:00", None, "lot-2", None],  # changeover
        ["Suite B-1", "Hanbit Bio", "2026-03-03 12:00", "2026-03-03 13:00", None, "lot-1", None],  # same lot: ok
        ["Suite B-1", "Hanbit Bio", "2026-03-10 09:00", "2026-03-10 10:00", None, None, None],     # maintenance
        ["Suite B-1", "Hanbit Bio", "2026-03-10 09:00", "2026-03-10 10:00", "cancelled", None, None],  # history
        ["Suite B-1", "Hanbit Bio", "2026-03-01 09:00", "2026-03-01 10:00", None, None, None],     # holiday
        ["Suite B-1", "Hanbit Bio", "2026-03-05 09:30", "2026-03-05 10:00", None, None, "Carol"],
    ])

    result = import_file(db, "bookings", path)

    problems = [str(p) for p in result.problems]
    assert problems[0].startswith("row 3, column starts_at: Suite B-1 is booked by Hanbit Bio on "
                                  "2026-03-03 09:00–12:00 (Asia/Seoul), and it needs a changeover of 2 hours")
    assert problems[1].startswith("row 5, column starts_at: Suite B-1 is closed for maintenance")
    assert problems[2].startswith("row 7, column holiday_override: The booking falls on 2026-03-01")
    assert problems[3].startswith("row 8, column people: “Carol” is not a contact")
    assert len(problems) == 4
    assert count(db, Booking) == 0


def test_day_resource_bookings_and_wrong_units(db, tmp_path):
    with db.write() as s:
        w = booking_world(s, name="Cell room", booking_unit=BookingUnit.DAY, max_units=10)
    path = tmp_path / "bookings.csv"
    export_rows(path, BOOKING_HEADERS + ["units"], [
        ["Cell room", "Hanbit Bio", "2026-03-03", "2026-03-05", None, None, None, 2],
        ["Cell room", "Hanbit Bio", "2026-03-06 09:00", "2026-03-07 00:00", None, None, None, None],
    ])
    result = import_file(db, "bookings", path)
    assert [str(p).split(":")[0] for p in result.problems] == ["row 3, column ends_at"]
    assert "whole days" in str(result.problems[0])


# --- KPI values ----------------------------------------------------------------------------


def test_kpis_created_updated_and_locked_quarters_refused(db, tmp_path):
    with db.write() as s:
        org = make_org(s, "Hanbit Bio", business_no=hyphen(brn(1)))
        s.add(KpiValue(organization=org, year=2026, quarter=1, headcount=10, sales_krw=5))
        s.add(IssuedReport(year=2025, quarter=4, figures={}))
    path = tmp_path / "kpis.csv"
    export_rows(path, ["사업자등록번호", "연도", "분기", "고용인원", "신규채용", "정규직 채용", "매출액"], [
        [brn(1), 2026, "1분기", 12, 2, 1, "1,250,000,000"],
        [brn(1), None, "2026Q2", 13, 1, 1, "₩900,000"],
    ])
    result = import_file(db, "kpis", path)
    assert result.problems == [] and (result.created, result.updated) == (1, 1)
    with db.read() as s:
        figures = {(k.year, k.quarter): (k.headcount, k.sales_krw)
                   for k in s.scalars(select(KpiValue))}
    assert figures == {(2026, 1): (12, 1_250_000_000), (2026, 2): (13, 900_000)}

    export_rows(path, ["business_no", "year", "quarter", "new_hires", "permanent_hires", "exports_krw"], [
        [brn(1), 2025, 4, 1, 0, 10],
        [brn(1), 2026, 3, 1, 2, -5],
    ])
    result = import_file(db, "kpis", path)
    texts = [str(p) for p in result.problems]
    assert texts[0].startswith("row 2, column quarter: The report for 2025Q4 was issued")
    assert texts[1].startswith("row 3, column exports_krw: -5 is negative")
    assert len(texts) == 2


# --- milestones ----------------------------------------------------------------------------


def test_milestones_created_updated_by_title_and_done_dates_checked(db, tmp_path):
    with db.write() as s:
        program = Program(name="Regional brand", funder=Funder.MOTIE, fiscal_year=2026)
        s.add(program)
        s.flush()
        s.add(Milestone(program_id=program.id, title="Buyer fair", due_on=dt.date(2026, 5, 1)))
    today = clock.today()
    path = tmp_path / "milestones.csv"
    export_rows(path, ["사업명", "마일스톤", "마감일", "착수일", "완료일"], [
        ["Regional brand", "Buyer fair", "2026-05-15", "2026-04-01", "2026-04-20"],
        ["Regional brand", "Export seminar", "2026-09-30", None, None],
    ])
    result = import_file(db, "milestones", path)
    assert result.problems == [] and (result.created, result.updated) == (1, 1)
    with db.read() as s:
        rows = {m.title: (m.due_on, m.done_on) for m in s.scalars(select(Milestone))}
    assert rows == {"Buyer fair": (dt.date(2026, 5, 15), dt.date(2026, 4, 20)),
                    "Export seminar": (dt.date(2026, 9, 30), None)}

    future = today + dt.timedelta(days=30)
    export_rows(path, ["program", "title", "due_on", "done_on"], [
        ["Regional brand", "Export seminar", "2026-09-30", future.isoformat()],
        ["Unknown program", "X", "2026-01-01", None],
    ])
    texts = [str(p) for p in import_file(db, "milestones", path).problems]
    assert texts[0].startswith(f"row 2, column done_on: The completion date {future.isoformat()} is in the future")
    assert texts[1].startswith("row 3, column program: No program “Unknown program”")


def test_bookings_in_an_issued_quarter_are_refused(db, tmp_path):
    with db.write() as s:
        booking_world(s)
        s.add(IssuedReport(year=2026, quarter=1, figures={}))
    path = tmp_path / "bookings.csv"
    export_rows(path, BOOKING_HEADERS, [
        ["Suite B-1", "Hanbit Bio", "2026-03-03 09:00", "2026-03-03 12:00", "completed", None, None],
        ["Suite B-1", "Hanbit Bio", "2026-03-04 09:00", "2026-03-04 12:00", "requested", None, None],
        ["Suite B-1", "Hanbit Bio", "2026-04-07 09:00", "2026-04-07 12:00", "requested", None, None],
    ])
    result = import_file(db, "bookings", path)
    texts = [str(p) for p in result.problems]
    assert [t.split(":")[0] for t in texts] == ["row 2, column starts_at", "row 3, column starts_at"]
    assert "2026Q1 were issued" in texts[0]
    assert count(db, Booking) == 0


def test_blank_cells_keep_current_values(db, tmp_path):
    with db.write() as s:
        org = make_org(s, "Hanbit Bio", business_no=hyphen(brn(1)), region="Cheongju", phone="043-1")
        s.add(KpiValue(organization=org, year=2026, quarter=1, headcount=10, sales_krw=500))
    path = tmp_path / "orgs.csv"
    export_rows(path, ["name", "business_no", "region", "phone"], [["Hanbit Bio", brn(1), None, "043-2"]])
    assert import_file(db, "organizations", path).updated == 1
    export_rows(path, ["business_no", "year", "quarter", "headcount", "sales_krw"], [[brn(1), 2026, 1, None, 700]])
    assert import_file(db, "kpis", path).updated == 1
    with db.read() as s:
        org = s.scalars(select(Organization)).one()
        kpi = s.scalars(select(KpiValue)).one()
        assert (org.region, org.phone) == ("Cheongju", "043-2")
        assert (kpi.headcount, kpi.sales_krw) == (10, 700)


def test_a_row_changed_by_another_session_during_the_import_stops_it_whole(pg_migrated_url, tmp_path):
    """On a shared PostgreSQL server someone saves an organization after the import read it and
    before it writes it: the import does not overwrite their change. It stops with a sentence and
    writes none of its rows (the first row, a new organization, is not kept either). (SQLite's
    writers take turns, BEGIN IMMEDIATE: nobody can write there while an import runs.)"""
    from sqlalchemy import event, text
    from sqlalchemy.orm import Session

    from hubdesk.db.database import open_database

    db = open_database(pg_migrated_url)
    try:
        with db.write() as s:
            org = make_org(s, "Old Name Bio", business_no=hyphen(brn(1)), region="Seoul")
        path = tmp_path / "orgs.csv"
        export_rows(path, ["기업명", "사업자등록번호", "지역", "기관유형"], [
            ["Fresh Start", hyphen(brn(2)), None, "company"],
            ["New Name Bio", brn(1), "Cheongju", "기업"],
        ])

        saved_meanwhile: list[bool] = []

        def someone_saves_meanwhile(session, _ctx, _instances):
            if not saved_meanwhile and any(isinstance(o, Organization) and o.id == org.id for o in session.dirty):
                saved_meanwhile.append(True)
                with db.engine.begin() as other:
                    other.execute(text("UPDATE organization SET region = 'Osong', version = version + 1 "
                                       "WHERE id = :id"), {"id": org.id})

        event.listen(Session, "before_flush", someone_saves_meanwhile)
        try:
            result = import_file(db, "organizations", path)
        finally:
            event.remove(Session, "before_flush", someone_saves_meanwhile)

        assert saved_meanwhile and not result.written
        assert [p.message for p in result.problems] == [
            "Someone else changed a record (organization) while this was being saved, so nothing was saved. "
            "Try again: the new attempt starts from their change."]
        with db.read() as s:
            assert {o.name: o.region for o in s.scalars(select(Organization))} == {"Old Name Bio": "Osong"}
    finally:
        db.dispose()
