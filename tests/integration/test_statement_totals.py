"""The usage statement is a money document: its totals are the whole quarter's, also when it
prints only the first MAX_LINES bookings. Read back from the PDF with pdftotext."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import BookingStatus, BookingUnit
from hubdesk.db.schema import Booking
from hubdesk.domain.utilisation import FEE_STATUSES
from tests.factories import booking_world, kst, make_resource
from tests.integration.test_reports import text_of

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

S = BookingStatus
LINES = 20   # MAX_LINES for this test: the quarter has more bookings than the statement prints


def fill_quarter(db) -> int:
    """27 counted bookings of Hanbit Bio in 2026 Q2 on two resources (hours and days) — completed,
    confirmed and approved (not billed yet) — plus a cancelled one and one in Q3, not counted."""
    statuses = (S.COMPLETED, S.CONFIRMED, S.APPROVED)
    with db.write() as s:
        w = booking_world(s)
        room = make_resource(s, w.facility, "Cold room", booking_unit=BookingUnit.DAY, max_units=10)
        for i in range(27):
            start = kst(2026, 4, 1 + i, 9) if i % 3 else kst(2026, 4, 1 + i)
            resource, units = (w.resource, 1 + i % 4) if i % 3 else (room, 1)
            end = start + (dt.timedelta(hours=units) if resource is w.resource else dt.timedelta(days=1))
            s.add(Booking(resource=resource, organization=w.org, starts_at=start, ends_at=end, units=units,
                          status=statuses[i % 3], fee_krw=10_000 * (i + 1) * units))
        s.add(Booking(resource=w.resource, organization=w.org, starts_at=kst(2026, 5, 29, 9),
                      ends_at=kst(2026, 5, 29, 10), units=1, status=S.CANCELLED, fee_krw=999_000))
        s.add(Booking(resource=w.resource, organization=w.org, starts_at=kst(2026, 7, 1, 9),
                      ends_at=kst(2026, 7, 1, 10), units=1, status=S.COMPLETED, fee_krw=888_000))
        return w.org_id


def test_statement_totals_cover_every_booking_of_the_quarter(db, tmp_path, monkeypatch):
    from hubdesk.reports import statement

    org_id = fill_quarter(db)
    monkeypatch.setattr(statement, "MAX_LINES", LINES)
    with db.read() as s:
        q2 = (Booking.starts_at >= kst(2026, 4, 1), Booking.starts_at < kst(2026, 7, 1))
        billed = s.scalar(select(func.sum(Booking.fee_krw)).where(*q2, Booking.status.in_(FEE_STATUSES)))
        counted, units = s.execute(select(func.count(), func.sum(Booking.units))
                                   .where(*q2, Booking.status != S.CANCELLED)).one()
        data = statement.gather_statement(s, org_id, "2026Q2")
    assert counted == 27 and len(data["lines"]) == LINES and data["more"] == 27 - LINES
    assert data["total_fees"] == billed and data["total_units"] == units and data["bookings"] == 27
    assert data["unbilled"] == 9                                  # the approved ones
    assert data["total_hours"] == sum(1 + i % 4 if i % 3 else 24 for i in range(27))
    printed = sum(x["fee"] or 0 for x in data["lines"])
    assert printed < billed                                       # the printed lines alone fall short

    text = text_of(statement.render_statement(db, org_id, "2026Q2", "en", tmp_path / "s.pdf"), layout=True)
    total = f"₩{billed:,}"
    assert total in text.split("Total fees", 1)[1].splitlines()[0]          # the figure at the top
    assert total in next(line for line in text.splitlines() if "Quarter total" in line)   # the total row
    assert "Bookings" in text and "27" in text.split("Bookings", 1)[1].splitlines()[0]
    assert "7 more bookings are not printed" in " ".join(text.split())
    assert "999,000" not in text and "888,000" not in text       # cancelled, and the next quarter


def test_a_statement_that_fits_prints_every_line_and_no_note(db, tmp_path):
    from hubdesk.reports import statement

    org_id = fill_quarter(db)
    text = text_of(statement.render_statement(db, org_id, "2026Q2", "en", tmp_path / "s.pdf"), layout=True)
    assert "more booking" not in text and "Quarter total" not in text
    with db.read() as s:
        billed = s.scalar(select(func.sum(Booking.fee_krw)).where(
            Booking.starts_at < kst(2026, 7, 1), Booking.status.in_(FEE_STATUSES)))
    total_row = [line for line in text.splitlines() if line.strip().startswith("Total")][-1]   # under the table
    assert "Total fees" not in total_row and f"₩{billed:,}" in total_row
