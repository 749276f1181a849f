"""Fuzzed spreadsheets (hypothesis) through `import_file` for every kind: CSV and .xlsx files whose
cells are any Unicode (formula-like, control characters, very long), huge and odd numbers, dates in
odd formats, blanks. An import must return its problems, or succeed, or raise DomainError (a file it
cannot read) — never anything else. When it succeeds, the texts it wrote read back exactly (trimmed,
in NFC), and a dry run writes nothing.

Control characters that XML cannot hold reach the importer through CSV files only (openpyxl
refuses to write them). The number of fuzzed files imported is printed at the end of the module.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError
from sqlalchemy import func, select

from hubdesk.db.enums import Funder
from hubdesk.db.schema import (BudgetLine, Booking, BookingSeries, Contact, Event, Expenditure, KpiTarget, KpiValue, Milestone,
                               Organization, Participant, Program, ResourceIncident)
from hubdesk.errors import DomainError
from hubdesk.interchange import kinds
from hubdesk.interchange.cells import from_xlsx_text, unneutralise, xlsx_text
from hubdesk.interchange.importer import import_file
from tests.factories import booking_world
from tests.fuzzing import examples, report_line

FUZZED = {"files": 0, "rows": 0}


ODD_CELLS = [
    "=1+1", "+82 10", "-3", "@SUM(A1:A3)", "'=A1", "''=A1", "=HYPERLINK(\"http://x\")", "\t=1", "\r\n",
    "1,250,000", "1 250 000", "₩1,000원", "(1,000)", "1_000", "12.5", "-0", "0", "1e309", "-1e309", "1E3",
    "Infinity", "-Infinity", "NaN", "sNaN", "9" * 30, "-" + "9" * 25, str(2**63), str(2**31), "1e1000000",
    "2026-03-14", "2026.3.14.", "2026/03/14", "2026년 3월 14일", "20260314", "14.03.2026", "2026-02-30",
    "0000-01-01", "0001-01-01", "9999-12-31", "9999-12-31 23:59", "0001-01-01 00:00", "2026-11-24T09:00",
    "2026-11-24 오후 1:00", "2026-11-24 25:00", "2026-11-24 9:00 PM", "2026Q3", "0000Q1", "9999Q4", "Q5", "3분기",
    "한빛바이오", "Hanbit Bio", "Suite B-1", "Herbal cluster 2026", "company", "기업", "yes", "아니오", "có",
    "Công ty TNHH Dược phẩm", unicodedata.normalize("NFD", "Trường Đại học Y Hà Nội"), "🧬🌿", "👩‍🔬",
    "شركة", "\u202eevil", "\ufeffBOM", "\x00", "a\x00b", "\x01\x02", "\x1b[31m", " ", "", "가" * 10_000,
    "a" * 301, "_x0041_ literal", "x_x005F_y", "x@y.z", "124-81-00998", "1248100998", "1301110006246", "0300588569-001",
]
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
CSV_CELL = st.one_of(st.sampled_from(ODD_CELLS), ANY_TEXT)
XLSX_CELL = st.one_of(
    st.sampled_from(ODD_CELLS).map(xlsx_text), ANY_TEXT.map(xlsx_text), st.none(),   # as Excel writes them
    st.integers(-2**70, 2**70), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)), st.datetimes(min_value=dt.datetime(1900, 3, 1)),
)

# Cells that make a row valid, so that fuzzed cells are tried next to rows that can succeed.
GOOD = {
    "organizations": {"name": st.one_of(ANY_TEXT, st.sampled_from(ODD_CELLS)), "kind": st.just("company")},
    "contacts": {"organization": st.just("Hanbit Bio"), "name": st.one_of(ANY_TEXT, st.sampled_from(ODD_CELLS))},
    "bookings": {"resource": st.just("Suite B-1"), "organization": st.just("Hanbit Bio"),
                 "starts_at": st.just("2026-11-24 09:00"), "ends_at": st.just("2026-11-24 11:00")},
    "booking_series": {"resource": st.just("Suite B-1"), "organization": st.just("Hanbit Bio"),
                       "frequency": st.sampled_from(["weekly", "매월", "daily"]), "starts_on": st.just("2026-11-24"),
                       "count": st.sampled_from(["4", "366", "367"]), "weekdays": st.sampled_from(["월, 목", "Fri", ""]),
                       "start_time": st.just("09:00"), "end_time": st.sampled_from(["11:00", "오후 1:00"]),
                       "purpose": st.one_of(ANY_TEXT, st.sampled_from(ODD_CELLS))},
    "incidents": {"resource": st.just("Suite B-1"), "occurred_at": st.just("2026-11-24 09:00"),
                  "kind": st.sampled_from(["breakdown", "고장", "Calibration"]),
                  "description": st.one_of(ANY_TEXT, st.sampled_from(ODD_CELLS))},
    "kpis": {"organization": st.just("Hanbit Bio"), "year": st.just("2026"),
             "quarter": st.sampled_from(["2026Q1", "Q2", "3"])},
    "milestones": {"program": st.just("Herbal cluster 2026"), "title": ANY_TEXT,
                   "due_on": st.just("2026-06-30")},
    "programs": {"name": st.one_of(ANY_TEXT, st.sampled_from(ODD_CELLS)), "fiscal_year": st.just("2026"),
                 "funder": st.sampled_from(["motie", "산업통상자원부", "city"])},
    "budget_lines": {"program": st.just("Herbal cluster 2026"), "fiscal_year": st.just("2026"),
                     "source": st.sampled_from(["국비", "provincial", "city"]),
                     "category": st.sampled_from(["인건비", "travel", "unassigned"]),
                     "amount_krw": st.sampled_from(["1,000,000", "0"])},
    "expenditures": {"program": st.just("Herbal cluster 2026"), "spent_on": st.just("2026-05-01"),
                     "source": st.just("national"), "amount_krw": st.just("25,000")},
    "participants": {"program": st.just("Herbal cluster 2026"), "organization": st.just("Hanbit Bio"),
                     "role": st.sampled_from(["수혜기업", "partner"]), "joined_on": st.just("2026-03-02")},
    "events": {"name": st.one_of(ANY_TEXT, st.sampled_from(ODD_CELLS)), "kind": st.sampled_from(["seminar", "수출상담회"]),
               "held_on": st.just("2026-05-12"), "attendees": st.sampled_from(["Hanbit Bio", ""])},
    "kpi_targets": {"year": st.just("2026"), "kpi": st.sampled_from(["companies_supported", "Events held"]),
                    "target_value": st.sampled_from(["12", "65%", "0.5"])},
    "subsidies": {"program": st.just("Herbal cluster 2026"), "kind": st.sampled_from(["시간", "share", "금액"]),
                  "value": st.sampled_from(["40", "30", "5,000,000"]), "resources": st.sampled_from(["Suite B-1", ""])},
    "booking_quotas": {"organization": st.just("Hanbit Bio"), "resource": st.just("Suite B-1"),
                       "period": st.sampled_from(["분기", "year", ""]), "hours": st.sampled_from(["40", "0", "1,000"])},
    "maintenance_series": {"resource": st.just("Suite B-1"), "kind": st.sampled_from(["점검", "requalification", ""]),
                           "frequency": st.sampled_from(["weekly", "매월"]), "starts_on": st.just("2026-11-24"),
                           "count": st.sampled_from(["4", "367"]), "weekdays": st.sampled_from(["월, 목", ""]),
                           "start_time": st.just("07:00"), "end_time": st.just("08:00")},
    "maintenance": {"resource": st.just("Suite B-1"), "kind": st.sampled_from(["maintenance", "재적격성"]),
                    "starts_at": st.just("2026-11-24 07:00"), "ends_at": st.sampled_from(["2026-11-24 08:00", ""]),
                    "note": st.one_of(ANY_TEXT, st.sampled_from(ODD_CELLS))},
    "payments": {"invoice": st.sampled_from(["INV-2026-0001", ""]), "paid_on": st.just("2026-11-24"),
                 "amount": st.sampled_from(["10,000", "0"])},
}
TEXT_CHECKED = {   # kind -> (model, column) whose text must read back exactly
    "organizations": (Organization, "name"),
    "contacts": (Contact, "name"),
    "milestones": (Milestone, "title"),
    "programs": (Program, "name"),
    "events": (Event, "name"),
    "incidents": (ResourceIncident, "description"),
    "booking_series": (BookingSeries, "purpose"),
}


@pytest.fixture(scope="module", autouse=True)
def _report_count(request):
    yield
    report_line(request, f"{__name__}: {FUZZED['files']} fuzzed files ({FUZZED['rows']} rows) imported")


@pytest.fixture
def world(any_db):
    with any_db.write() as s:
        booking_world(s)     # "Hanbit Bio", resource "Suite B-1" in "GMP Plant 1"
        from tests.factories import make_program

        make_program(s, "Herbal cluster 2026", funder=Funder.MOTIE, fiscal_year=2026, budgets={"national": 10**8})
    return any_db


@st.composite
def sheets(draw, kind: str, xlsx: bool):
    """(headers, rows): every known column or a few, English or Korean headers, good and odd cells."""
    columns = kinds.module(kind).COLUMNS
    chosen = [c for c in columns if c.required or c.key in GOOD[kind] or draw(st.booleans())]
    korean = draw(st.booleans())
    headers = [c.ko if korean else c.key for c in chosen]
    cell = XLSX_CELL if xlsx else CSV_CELL
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = []
        for c in chosen:
            good = GOOD[kind].get(c.key)
            row.append(draw(good) if good is not None and draw(st.booleans()) else draw(cell))
        rows.append(row)
    if not xlsx and draw(st.booleans()):
        # an ignored column 5,000 characters wide first: a NUL in a later cell is then past the
        # first 4 KB, where the reader no longer takes the file for a binary one
        headers = ["padding", *headers]
        rows = [["p" * 5000, *row] for row in rows]
    return headers, rows


def _write(path, headers, rows, xlsx: bool) -> None:
    if xlsx:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for row in [headers, *rows]:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"   # a text cell, even when it starts with "=" (not a formula)
        book.save(path)
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([headers, *rows])


def _stored(cell) -> str | None:
    """What a text cell becomes in the database: apostrophe escape undone, trimmed, NFC."""
    if cell is None or not isinstance(cell, str):
        return None
    text = unicodedata.normalize("NFC", unneutralise(cell.strip()))
    return text or None


def _counts(db) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m))
                     for m in (Organization, Contact, Booking, KpiValue, Milestone, Program, BudgetLine,
                               Expenditure, Participant, Event, KpiTarget, ResourceIncident, BookingSeries))


def _fuzz_import(db, tmp_path, kind: str, xlsx: bool, sheet, dry_run: bool) -> None:
    headers, rows = sheet
    FUZZED["files"] += 1
    FUZZED["rows"] += len(rows)
    path = tmp_path / f"{kind}-{FUZZED['files']}.{'xlsx' if xlsx else 'csv'}"
    _write(path, headers, rows, xlsx)
    before = _counts(db)
    try:
        result = import_file(db, kind, path, dry_run=dry_run)
    except DomainError as exc:
        assert exc.message.strip()
        assert _counts(db) == before
        return
    assert all(p.message.strip() for p in result.problems)
    if result.problems or dry_run:
        assert not result.written and _counts(db) == before
        return
    assert result.written
    checked = TEXT_CHECKED.get(kind)
    if checked is None:
        return
    model, column = checked
    col = next(c for c in kinds.module(kind).COLUMNS if c.key == column)
    position = headers.index(col.ko) if col.ko in headers else headers.index(col.key)
    with db.read() as s:
        stored = set(s.scalars(select(getattr(model, column))))
    for row in rows:
        cell = row[position]
        if isinstance(cell, str) and path.suffix == ".xlsx":
            cell = from_xlsx_text(cell)   # the file holds OOXML's escapes; the person typed this
        expected = _stored(cell) if isinstance(cell, str) else None
        if expected is not None:
            assert expected in stored, (expected, row[position])


FUZZ = settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("kind", kinds.IMPORT_KINDS)
@FUZZ
@given(data=st.data(), dry_run=st.booleans())
def test_fuzzed_csv_imports_return_problems_or_succeed(world, tmp_path, kind, data, dry_run):
    _fuzz_import(world, tmp_path, kind, False, data.draw(sheets(kind, xlsx=False)), dry_run)


@pytest.mark.parametrize("kind", kinds.IMPORT_KINDS)
@FUZZ
@given(data=st.data(), dry_run=st.booleans())
def test_fuzzed_xlsx_imports_return_problems_or_succeed(world, tmp_path, kind, data, dry_run):
    sheet = data.draw(sheets(kind, xlsx=True))
    try:
        _write(tmp_path / "probe.xlsx", *sheet, xlsx=True)
    except (ValueError, TypeError, OverflowError, IllegalCharacterError):   # openpyxl will not write it
        assume(False)
    _fuzz_import(world, tmp_path, kind, True, sheet, dry_run)
