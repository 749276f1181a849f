"""The demo-data generator, size small, on real SQLite files and a real PostgreSQL database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES, CaseStage, Pathway, SupportType
from hubdesk.db.schema import (Base, Booking, ClinicalCase, Facility, Interaction, MaintenanceWindow,
                               Milestone, Organization, Resource, ReviewClockStop, Setting, User)
from hubdesk.demo import DemoCancelled, generate
from hubdesk.domain.quarters import Quarter
from hubdesk.errors import DomainError

TODAY = dt.date(2026, 2, 10)  # early in a year: the five quarters run from 2025Q1 to 2026Q1
KST = dt.timezone(dt.timedelta(hours=9))


def _brn_valid(text: str) -> bool:
    digits = text.replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    total = sum(w * x for w, x in zip((1, 3, 7, 1, 3, 7, 1, 3, 5), d[:9])) + d[8] * 5 // 10
    return (10 - total % 10) % 10 == d[9]


def _mst_valid(text: str) -> bool:
    digits = text.split("-")[0]
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(w * int(c) for w, c in zip((31, 29, 23, 19, 17, 13, 7, 5, 3), digits))
    return 10 - total % 11 == int(digits[9])


def _count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar()


def _check_bookings_respect_rules(session) -> None:
    """Independent check: per resource, sorted by start, each booking starts no earlier than the end
    of the one before plus the changeover (none within one campaign); whole units within min/max; none
    over a maintenance window."""
    resources = {r.id: r for r in session.scalars(select(Resource))}
    windows = defaultdict(list)
    for w in session.scalars(select(MaintenanceWindow)):
        windows[w.resource_id].append((w.starts_at, w.ends_at))
    by_resource = defaultdict(list)
    for b in session.execute(select(Booking.id, Booking.resource_id, Booking.starts_at, Booking.ends_at,
                                    Booking.units, Booking.campaign, Booking.status)):
        by_resource[b.resource_id].append(b)
    checked = 0
    for rid, rows in by_resource.items():
        res = resources[rid]
        buffer = dt.timedelta(hours=res.changeover_hours)
        unit = dt.timedelta(days=1) if res.booking_unit.value == "day" else dt.timedelta(hours=1)
        active = sorted((b for b in rows if b.status in ACTIVE_BOOKING_STATUSES), key=lambda b: b.starts_at)
        for lst in (active, sorted(rows, key=lambda b: b.starts_at)):
            for a, b in zip(lst, lst[1:]):
                same = a.campaign is not None and a.campaign == b.campaign
                gap = dt.timedelta(0) if same else buffer
                assert b.starts_at >= a.ends_at + gap, (rid, a.id, b.id)
                checked += 1
        for b in rows:
            assert b.ends_at - b.starts_at == unit * b.units, b.id
            assert res.min_units <= b.units <= res.max_units, b.id
            if unit == dt.timedelta(days=1):
                assert b.starts_at.astimezone(KST).time() == dt.time(0), b.id
            for ws, we in windows[rid]:
                assert not (b.starts_at < we and ws < b.ends_at), (b.id, ws)
    assert checked > 1000


def _check_small(db) -> None:
    with db.read() as s:
        assert 55 <= _count(s, Organization) <= 70
        assert 1_500 <= _count(s, Booking) <= 4_000
        kinds = set(s.scalars(select(Organization.kind).distinct()))
        assert {k.value for k in kinds} == {"company", "university", "research_institute", "government",
                                            "hospital", "foreign_partner"}

        numbers = list(s.scalars(select(Organization.business_no).where(Organization.business_no.is_not(None))))
        assert len(numbers) >= 25 and all(_brn_valid(n) for n in numbers), numbers
        msts = list(s.scalars(select(Organization.vn_tax_code).where(Organization.vn_tax_code.is_not(None))))
        assert len(msts) >= 3 and all(_mst_valid(n) for n in msts), msts

        _check_bookings_respect_rules(s)

        # A weekly booking series (Thursdays, its holidays skipped) and a monthly maintenance series.
        from hubdesk.db.schema import BookingSeries, MaintenanceSeries, MaintenanceWindow

        (series,) = s.scalars(select(BookingSeries)).all()
        held = s.scalars(select(Booking).where(Booking.series_id == series.id)).all()
        assert len(held) >= 6 and {b.starts_at.astimezone(KST).weekday() for b in held} == {3}
        (calibration,) = s.scalars(select(MaintenanceSeries)).all()
        windows = s.scalars(select(MaintenanceWindow).where(MaintenanceWindow.series_id == calibration.id)).all()
        assert len(windows) >= 12 and {w.starts_at.astimezone(KST).day for w in windows} == {15}

        quarters = Quarter.of(TODAY), Quarter.of(TODAY).previous()
        wanted = [quarters[0]]
        for _i in range(4):
            wanted.append(wanted[-1].previous())
        for q in wanted:
            lo = dt.datetime.combine(q.start, dt.time(0), KST)
            hi = dt.datetime.combine(q.end_exclusive, dt.time(0), KST)
            n = s.execute(select(func.count()).select_from(Booking)
                          .where(Booking.starts_at >= lo, Booking.starts_at < hi)).scalar()
            assert n > 100, (q, n)

        from hubdesk.domain.case_templates import display_stages
        from hubdesk.db.enums import RiskLevel
        present = {(p, st) for p, st in s.execute(select(ClinicalCase.pathway, ClinicalCase.stage).distinct())}
        for pathway in Pathway:
            for stage in display_stages(pathway, RiskLevel.HIGH):
                assert (pathway, stage) in present, (pathway, stage)
        assert (Pathway.IND, CaseStage.HOSPITAL_DESIGNATED) not in present
        assert (Pathway.IND, CaseStage.COMMITTEE_DECISION) not in present
        assert s.get(Setting, "foundation_name").value
        assert _count(s, User) == 0

        # Milestone status is derived: each of done, late, at risk and on track occurs.
        statuses = set()
        for m in s.scalars(select(Milestone)):
            if m.done_on is not None:
                statuses.add("done")
            elif m.due_on < TODAY:
                statuses.add("late")
            elif m.due_on <= TODAY + dt.timedelta(days=14) and m.started_on is None:
                statuses.add("at_risk")
            else:
                statuses.add("on_track")
        assert statuses == {"done", "late", "at_risk", "on_track"}

        # One cell processing facility licence expires within 120 days (the renewal alert shows).
        expiries = list(s.scalars(select(Facility.licence_expires_on).where(Facility.kind == "cell_processing")))
        assert any(e is not None and TODAY <= e <= TODAY + dt.timedelta(days=120) for e in expiries)

        # Review-clock stops last at most 30 days; a case has at most two; supplement time is answered
        # in time; every case has its stage history ending in its stage, and a document checklist.
        for stop in s.scalars(select(ReviewClockStop)):
            assert stop.due_on - stop.stopped_on <= dt.timedelta(days=30)
            assert stop.resumed_on is None or stop.resumed_on <= stop.due_on
        for case in s.scalars(select(ClinicalCase)):
            assert case.history and case.history[-1].to_stage == case.stage
            assert [h.changed_on for h in case.history] == sorted(h.changed_on for h in case.history)
            assert case.documents
            if case.stage in (CaseStage.SUBMITTED, CaseStage.UNDER_REVIEW, CaseStage.APPROVED):
                assert case.partner_hospital_id is not None or case.hospital_designation_pending

        # Fees are frozen from approval on; a request still waiting has none.
        for status, fee in s.execute(select(Booking.status, Booking.fee_krw)):
            if status.value in ("approved", "confirmed", "in_use", "completed", "no_show"):
                assert fee is not None and fee > 0
            elif status.value == "requested":
                assert fee is None


def test_small_fills_each_database_within_the_rules(any_db):
    summary = generate(any_db, "small", seed=7, today=TODAY)
    assert summary.counts["booking"] == summary.bookings > 0
    assert summary.elapsed_seconds > 0
    _check_small(any_db)
    with any_db.read() as s:
        support = set(s.scalars(select(Interaction.support_type).where(Interaction.kind == "support").distinct()))
        assert {t.value for t in support} == {t.value for t in SupportType}
        last_id = s.execute(select(func.max(Organization.id))).scalar()
    # Ids were given explicitly: new rows must still get fresh ids (PostgreSQL sequences were moved on).
    with any_db.write() as s:
        org = Organization(name="새로운 바이오 주식회사", kind="company")
        s.add(org)
        s.flush()
        assert org.id == last_id + 1


def test_bookings_pass_the_domain_booking_rules(db):
    """Every demo booking, checked against the domain's own rule evaluation (excluding itself)."""
    from hubdesk.domain.booking_rules import BookingRequest, evaluate

    generate(db, "small", seed=3, today=TODAY)
    with db.read() as s:
        people = defaultdict(list)
        from hubdesk.db.schema import booking_person
        for bid, cid in s.execute(select(booking_person.c.booking_id, booking_person.c.contact_id)):
            people[bid].append(cid)
        bookings = list(s.scalars(select(Booking).order_by(Booking.id)))
        for b in bookings[::9] + [b for b in bookings if b.series_id is not None]:
            problems = evaluate(s, BookingRequest(b.resource_id, b.organization_id, b.starts_at, b.ends_at,
                                                  b.purpose, b.campaign, people[b.id], b.holiday_override),
                                exclude_booking_id=b.id)
            assert problems == [], (b.id, [p.message for p in problems])


def _dump(db) -> dict[str, list[tuple]]:
    out = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in s.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def test_same_seed_and_day_give_identical_rows(tmp_path):
    from hubdesk.db.database import open_database

    dumps = []
    for name, seed in (("a.db", 5), ("b.db", 5)):
        db = open_database(tmp_path / name)
        try:
            generate(db, "small", seed=seed, today=TODAY)
            dumps.append(_dump(db))
        finally:
            db.dispose()
    assert dumps[0]["booking"] and dumps[0]["booking_status_change"] and dumps[0]["clinical_case"]
    # the one audit row that says demo data was written differs only in when it was written
    audits = [[(r[0], *r[2:]) for r in d.pop("audit_event")] for d in dumps]
    assert len(audits[0]) == 1 and audits[0] == audits[1]
    assert dumps[0] == dumps[1]


def test_refuses_a_database_that_holds_data(any_db):
    generate(any_db, "small", seed=1, today=TODAY)
    with any_db.read() as s:
        before = _count(s, Booking)
    with pytest.raises(DomainError, match="already holds data"):
        generate(any_db, "small", seed=2, today=TODAY)
    with any_db.read() as s:
        assert _count(s, Booking) == before


def test_cancel_leaves_nothing_and_progress_is_reported(db):
    calls = []

    def progress(done, total, message):
        calls.append((done, total, message))

    asked = []

    def cancel():
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(DemoCancelled):
        generate(db, "small", today=TODAY, progress=progress, cancel=cancel)
    with db.read() as s:
        assert _count(s, Organization) == 0
    assert calls and all(0 <= d <= t for d, t, _m in calls)

    calls.clear()
    generate(db, "small", today=TODAY, progress=progress, cancel=lambda: False)
    assert calls[-1][0] == calls[-1][1]
    assert [d for d, _t, _m in calls] == sorted(d for d, _t, _m in calls)


def test_unknown_size_is_refused(db):
    with pytest.raises(DomainError, match="not a demo size"):
        generate(db, "enormous")


def _pdf_text(db, attachment_id: int, tmp_path) -> str:
    import subprocess

    from hubdesk.domain import documents

    with db.read() as s:
        path = documents.save_copy(s, attachment_id, tmp_path)
    assert path.read_bytes().startswith(b"%PDF-")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_small_attaches_real_documents_where_they_belong(any_db, tmp_path):
    """Certificates (naming their certification), agreements, checklist evidence, dated letters,
    reports, licences, program agreements and event programmes: real one-page PDFs, each distinct
    file stored once, every blob intact, the required checklist items all evidenced."""
    from hubdesk.db.enums import DocumentKind, DocumentOwner
    from hubdesk.db.schema import Attachment, Certification, DocumentBlob
    from hubdesk.db.schema.documents import OWNER_COLUMNS
    from hubdesk.domain import documents

    summary = generate(any_db, "small", seed=3, today=TODAY)
    with any_db.read() as s:
        rows = list(s.scalars(select(Attachment).order_by(Attachment.id)))
        assert summary.counts["attachment"] == len(rows) > 300
        owners = {r.owner[0] for r in rows}
        assert owners == set(OWNER_COLUMNS), owners
        blobs = _count(s, DocumentBlob)
        assert 20 <= blobs < len(rows) / 5                 # shared files are stored once
        assert documents.verify(s) == []
        assert all(r.media_type == "application/pdf" and r.name.endswith(".pdf") for r in rows)
        letters = [r for r in rows if r.kind in (DocumentKind.CORRESPONDENCE_IN, DocumentKind.CORRESPONDENCE_OUT)]
        assert letters and all(r.dated_on is not None and r.dated_on <= TODAY for r in letters)
        assert {r.kind for r in letters} == {DocumentKind.CORRESPONDENCE_IN, DocumentKind.CORRESPONDENCE_OUT}
        certificates = [r for r in rows if r.owner[0] is DocumentOwner.ORGANIZATION
                        and r.kind is DocumentKind.CERTIFICATE]
        assert certificates and all(r.certification_id is not None for r in certificates)
        certificate = certificates[0]
        cert = s.get(Certification, certificate.certification_id)
        assert cert.organization_id == certificate.organization_id and cert.expires_on is not None
        evidence = [r for r in rows if r.kind is DocumentKind.CHECKLIST_EVIDENCE]
        assert evidence and all(r.owner[0] is DocumentOwner.CASE_ITEM for r in evidence)
        from hubdesk.db.schema import CaseDocument

        required = _count(s, select(CaseDocument.id).where(CaseDocument.requires_document.is_(True)).subquery())
        assert required > 0
        assert all(documents.missing_evidence(s, case.id) == [] for case in s.scalars(select(ClinicalCase)))
        agreement_vi = next(r.id for r in rows if r.name.startswith("Thỏa thuận hội viên"))
        found = documents.find(s, text="적합판정서")
        assert found and all("적합판정서" in r.name for r in found)
        certificate_id, number, validity = (certificate.id, cert.number,
                                            f"{cert.issued_on.isoformat()} ~ {cert.expires_on.isoformat()}")
    text = _pdf_text(any_db, certificate_id, tmp_path)
    assert number in text and validity in text
    assert "Thỏa thuận hội viên" in _pdf_text(any_db, agreement_vi, tmp_path)
