"""Documents kept in the database (hubdesk.domain.documents), on SQLite and PostgreSQL: attach,
deduplicate, version, read back byte-identical, remove (administrators, audited); the size limit
refuses a file from its size before reading it; a large file is stored and read back without being
held in memory; names come back out safe; the checklist's evidence gate; `hubdesk check` hashes
every stored document."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from hubdesk.db.audit import acting_as
from hubdesk.db.enums import AuditAction, CaseStage, DocumentKind, DocumentOwner, OrgKind, Pathway, Role
from hubdesk.db.schema import Attachment, AuditEvent, DocumentBlob, DocumentChunk, Organization
from hubdesk.domain import cases as C
from hubdesk.domain import documents as D
from hubdesk.domain import settings
from hubdesk.errors import DomainError
from tests.unit.test_cases import advance_to, make_world, new_case

MB = 1000 * 1000


def _org(s, name="셀바이오 주식회사") -> int:
    org = Organization(name=name, kind=OrgKind.COMPANY)
    s.add(org)
    s.flush()
    return org.id


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _read(db, attachment_id: int) -> bytes:
    out = io.BytesIO()
    with db.read() as s:
        D.read_into(s, attachment_id, out)
    return out.getvalue()


def _counts(s) -> tuple[int, int, int]:
    return (s.scalar(select(func.count()).select_from(DocumentBlob)),
            s.scalar(select(func.count()).select_from(DocumentChunk)),
            s.scalar(select(func.count()).select_from(Attachment)))


def test_attach_dedup_version_read_back_and_remove(any_db, tmp_path):
    data = os.urandom(int(2.5 * D.CHUNK_SIZE))          # three pieces, the last one shorter
    path = _file(tmp_path, "GMP 인증서 2026.pdf", data)
    with any_db.write() as s:
        org = _org(s)
        first = D.attach(s, DocumentOwner.ORGANIZATION, org, path, kind=DocumentKind.CERTIFICATE, actor="kim")
        again = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(data), name="copy.pdf")
    assert first.sha256 == hashlib.sha256(data).hexdigest() == again.sha256
    assert (first.name, first.size, first.media_type, first.added_by) == ("GMP 인증서 2026.pdf", len(data),
                                                                         "application/pdf", "kim")
    with any_db.read() as s:
        assert _counts(s) == (1, 3, 2)                    # the same content is stored once
    with any_db.write() as s:                             # what an exchange between PCs stores on arrival
        assert D.store_blob(s, io.BytesIO(data), "x", first.sha256) == (first.sha256, len(data))
        assert _counts(s) == (1, 3, 2)
    assert _read(any_db, first.id) == data

    new_data = b"%PDF-1.7 renewed certificate " * 1000
    with any_db.write() as s:
        newer = D.replace(s, first.id, io.BytesIO(new_data), name="GMP 인증서 2027.pdf", actor="lee")
        with pytest.raises(DomainError, match="already has a newer version"):
            D.replace(s, first.id, io.BytesIO(b"x"))
    assert newer.replaces_id == first.id and newer.kind is DocumentKind.CERTIFICATE
    with any_db.read() as s:
        assert [v.id for v in D.versions(s, first.id)] == [newer.id, first.id]
        assert [a.id for a in D.current_documents(s, DocumentOwner.ORGANIZATION, org)] == [newer.id, again.id]
    assert _read(any_db, first.id) == data                # the earlier version is kept
    assert _read(any_db, newer.id) == new_data

    with any_db.write() as s, acting_as("park", Role.STAFF):
        with pytest.raises(DomainError, match="Only an administrator can remove a document"):
            D.remove(s, again.id)
    with any_db.write() as s, acting_as("admin", Role.ADMIN):
        D.remove(s, again.id)
    with any_db.read() as s:
        assert [a.id for a in D.current_documents(s, DocumentOwner.ORGANIZATION, org)] == [newer.id]
        removed = s.get_one(Attachment, again.id)
        assert removed.removed and removed.removed_by == "admin"
        audit = s.scalars(select(AuditEvent).where(AuditEvent.entity == "attachment",
                                                   AuditEvent.entity_id == again.id,
                                                   AuditEvent.action == AuditAction.UPDATE)).all()
        assert [(e.actor, e.after["removed"]) for e in audit] == [("admin", True)]


def test_checks_refuse_with_a_sentence_and_write_nothing(any_db, tmp_path):
    path = _file(tmp_path, "letter.pdf", b"letter")
    with any_db.write() as s:
        org = _org(s)
    with any_db.write() as s:
        with pytest.raises(DomainError, match="organization number 999 does not exist"):
            D.attach(s, DocumentOwner.ORGANIZATION, 999, path)
        with pytest.raises(DomainError, match="Give the date of the letter"):
            D.attach(s, DocumentOwner.ORGANIZATION, org, path, kind=DocumentKind.CORRESPONDENCE_IN)
        with pytest.raises(DomainError, match="Give the document a name"):
            D.attach(s, DocumentOwner.ORGANIZATION, org, path, name="  ")
        with pytest.raises(DomainError, match="missing.pdf cannot be read"):
            D.attach(s, DocumentOwner.ORGANIZATION, org, tmp_path / "missing.pdf")
    with any_db.read() as s:
        assert _counts(s) == (0, 0, 0)


def test_a_file_over_the_limit_is_refused_from_its_size_without_reading_it(any_db, tmp_path, monkeypatch):
    path = tmp_path / "scan.tif"
    with open(path, "wb") as f:
        f.truncate(200 * MB)                              # sparse: 200 MB on paper, nothing on disk
    reads: list[int] = []
    real_open = open

    def watching_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if Path(str(file)) == path:
            reads.append(1)
        return handle

    monkeypatch.setattr("builtins.open", watching_open)
    with any_db.write() as s:
        org = _org(s)
    with any_db.write() as s:
        with pytest.raises(DomainError) as exc:
            D.attach(s, DocumentOwner.ORGANIZATION, org, path)
    assert str(exc.value) == ("scan.tif is 200 MB, larger than the 50 MB a document may be. Attach a smaller "
                              "file, or ask an administrator to raise the limit in Settings.")
    assert reads == []                                    # refused before the file was opened
    with any_db.write() as s:
        settings.set_document_size_limit_mb(s, 1)
        with pytest.raises(DomainError, match="larger than the 1 MB"):
            D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"x" * (MB + 1)), name="a.bin")
        with pytest.raises(DomainError, match="is not a size limit hubdesk can use"):
            settings.set_document_size_limit_mb(s, 0)


def test_a_40_mb_file_is_stored_and_read_back_identical_with_little_memory(any_db, tmp_path):
    size = 40 * 1024 * 1024
    path = tmp_path / "batch record.pdf"
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        for _ in range(size // D.CHUNK_SIZE):
            piece = os.urandom(D.CHUNK_SIZE)
            digest.update(piece)
            f.write(piece)
    with any_db.write() as s:
        org = _org(s)
    tracemalloc.start()
    try:
        with any_db.write() as s:
            row = D.attach(s, DocumentOwner.ORGANIZATION, org, path, kind=DocumentKind.REPORT)
        _, attach_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        back = tmp_path / "back"
        back.mkdir()
        with any_db.read() as s:
            saved = D.save_copy(s, row.id, back)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    read_digest = hashlib.sha256()
    with open(saved, "rb") as f:
        while piece := f.read(D.CHUNK_SIZE):
            read_digest.update(piece)
    assert saved == back / "batch record.pdf"
    assert (saved.stat().st_size, read_digest.hexdigest()) == (size, digest.hexdigest())
    # a few pieces at a time, never the file: well under a tenth of its size
    print(f"peak Python memory: attach {attach_peak / 2**20:.1f} MiB, read back {read_peak / 2**20:.1f} MiB "
          f"for a {size / 2**20:.0f} MiB file")
    assert attach_peak < size / 10 and read_peak < size / 10


@pytest.mark.parametrize(("given", "saved"), [
    ("임상시험 계획서.pdf", "임상시험 계획서.pdf"),
    ("Giấy chứng nhận GMP – Đà Nẵng.docx", "Giấy chứng nhận GMP – Đà Nẵng.docx"),
    ("🧪 results 🎉.xlsx", "🧪 results 🎉.xlsx"),
    ("../x", "_x"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("a/b", "a_b"),
    ("a\\b.txt", "a_b.txt"),
    (".hidden", "hidden"),
    ("..", "document"),
    ("CON.txt", "_CON.txt"),
    ("report.pdf. ", "report.pdf"),
    ('what?<>:"|*.pdf', "what_______.pdf"),
])
def test_names_are_kept_as_given_and_saved_safely_inside_the_chosen_folder(db, tmp_path, given, saved):
    with db.write() as s:
        org = _org(s)
        row = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"content"), name=given)
    out = tmp_path / "out"
    folder = out / "chosen"
    folder.mkdir(parents=True)
    with db.read() as s:
        assert s.get_one(Attachment, row.id).name == given.strip()
        path = D.save_copy(s, row.id, folder)
        second = D.save_copy(s, row.id, folder)
    assert path == folder / saved and path.read_bytes() == b"content"
    assert second.parent == folder and second.name != saved            # never overwritten
    assert [p.parent for p in out.rglob("*") if p.is_file()] == [folder, folder]


def test_a_very_long_name_is_cut_keeping_its_extension():
    name = D.safe_file_name("가" * 200 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode()) <= 240


def test_find_by_name_kind_date_and_record_kind(any_db):
    from hubdesk.domain import clock

    with any_db.write() as s:
        org = _org(s, "Hanbit Bio")
        w = make_world(s)
        case = new_case(s, w, Pathway.IND)
        item = case.documents[0]
        a = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"a"), name="HACCP certificate.pdf",
                     kind=DocumentKind.CERTIFICATE)
        b = D.attach(s, DocumentOwner.CASE, case.id, io.BytesIO(b"b"), name="Supplement request.pdf",
                     kind=DocumentKind.CORRESPONDENCE_IN, dated_on=dt.date(2026, 4, 10))
        c = D.attach(s, DocumentOwner.CASE_ITEM, item.id, io.BytesIO(b"c"), name="IND form 100%.pdf",
                     kind=DocumentKind.CHECKLIST_EVIDENCE)
    today = clock.today()
    with any_db.read() as s:
        assert {r.id for r in D.find(s)} == {a.id, b.id, c.id}
        assert [r.id for r in D.find(s, text="certif")] == [a.id]
        assert [r.id for r in D.find(s, text="100%")] == [c.id]
        assert [r.id for r in D.find(s, kind=DocumentKind.CORRESPONDENCE_IN)] == [b.id]
        assert [r.id for r in D.find(s, date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 30))] == [b.id]
        assert {r.id for r in D.find(s, date_from=today, date_to=today)} == {a.id, c.id}
        assert [r.id for r in D.find(s, owner=DocumentOwner.CASE_ITEM)] == [c.id]
        row = D.find(s, owner=DocumentOwner.CASE_ITEM)[0]
        assert row.owner_name == "자가 연골세포 치료제 CB-101 · IND application form"
        assert D.find(s, owner=DocumentOwner.ORGANIZATION)[0].owner_name == "Hanbit Bio"
        assert D.submitted_in(s, dt.date(2026, 4, 1), dt.date(2026, 6, 30)) == 1


def test_the_case_cannot_be_submitted_until_required_items_have_a_document(any_db):
    with any_db.write() as s:
        w = make_world(s)
        case = new_case(s, w)
        advance_to(s, case, CaseStage.PLAN_DRAFTING)
        C.require_document(s, case.id, "research_plan", True)
        C.require_document(s, case.id, "irb_approval", True)
        case_id, n = case.id, 10
    with any_db.write() as s:
        t = next(t for t in C.allowed_transitions(s, case_id) if t.to_stage is CaseStage.SUBMITTED)
        assert not t.allowed
        assert t.reason == ("2 checklist items need a document before the case can move to “Submitted”: "
                            "“Clinical research plan”; “IRB approval of the partner hospital”. Attach them on "
                            "the checklist.")
        with pytest.raises(DomainError, match="2 checklist items need a document"):
            C.move_case(s, case_id, CaseStage.SUBMITTED)
    with any_db.write() as s:
        items = {d.code: d.id for d in C.get_case(s, case_id).documents}
        D.attach(s, DocumentOwner.CASE_ITEM, items["research_plan"], io.BytesIO(b"plan"), name="plan.pdf",
                 kind=DocumentKind.CHECKLIST_EVIDENCE)
        assert C.missing_evidence_sentence(s, case_id) == (
            "1 checklist item needs a document before the case can move to “Submitted”: “IRB approval of the "
            "partner hospital”. Attach it on the checklist.")
        D.attach(s, DocumentOwner.CASE_ITEM, items["irb_approval"], io.BytesIO(b"irb"), name="irb.pdf")
    with any_db.write() as s:
        assert C.missing_evidence_sentence(s, case_id) is None
        C.move_case(s, case_id, CaseStage.SUBMITTED)
        assert C.get_case(s, case_id).stage is CaseStage.SUBMITTED
    assert n


def test_check_finds_a_stored_document_whose_bytes_changed(tmp_path, capsys):
    from hubdesk.cli import main
    from hubdesk.db.database import open_database

    path = tmp_path / "hub.db"
    db = open_database(path, create=True)
    try:
        with db.write() as s:
            org = _org(s)
            row = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"A" * (D.CHUNK_SIZE + 10)),
                           name="agreement.pdf", kind=DocumentKind.AGREEMENT)
    finally:
        db.dispose()
    assert main(["--db", str(path), "check"]) == 0
    db = open_database(path)
    try:
        with db.write() as s:
            s.execute(update(DocumentChunk).where(DocumentChunk.sha256 == row.sha256, DocumentChunk.idx == 1)
                      .values(data=b"B" * 10))
    finally:
        db.dispose()
    capsys.readouterr()
    assert main(["--db", str(path), "check"]) == 1
    err = capsys.readouterr().err
    assert f"stored document {row.sha256[:12]} (agreement.pdf) does not match its hash" in err


def test_backup_then_restore_carries_documents_byte_identical(tmp_path):
    from hubdesk.db.backup import backup_database, restore_database
    from hubdesk.db.database import open_database

    live = tmp_path / "live.db"
    data = os.urandom(3 * D.CHUNK_SIZE + 17)
    db = open_database(live, create=True)
    with db.write() as s:
        org = _org(s)
        row = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(data), name="협약서 – hợp đồng 🤝.pdf",
                       kind=DocumentKind.AGREEMENT)
    copy = backup_database(db, tmp_path / "backups" / "copy.db")
    with db.write() as s, acting_as("admin", Role.ADMIN):   # changed after the backup
        D.remove(s, row.id)
        D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"later"), name="later.txt")
    db.dispose()
    restore_database(live, copy)
    db = open_database(live)
    try:
        with db.read() as s:
            assert [(a.id, a.name, a.removed) for a in D.current_documents(s, DocumentOwner.ORGANIZATION, org)] \
                == [(row.id, "협약서 – hợp đồng 🤝.pdf", False)]
            assert D.verify(s) == []
        assert _read(db, row.id) == data
    finally:
        db.dispose()


KILLED_WRITER = r"""
import sys, time
from hubdesk.db.database import open_database
from hubdesk.db.enums import DocumentOwner
from hubdesk.domain import documents as D

class Slow:
    '''A seekable file that stops in the middle of its second reading (the write) and waits to be killed.'''
    def __init__(self, size):
        self.size, self.pos, self.read_total = size, 0, 0
    def seekable(self):
        return True
    def tell(self):
        return self.pos
    def seek(self, pos, whence=0):
        self.pos = pos if whence == 0 else self.size
        return self.pos
    def read(self, n):
        if self.read_total >= self.size + 6 * D.CHUNK_SIZE:
            print("writing", flush=True)
            time.sleep(600)
        n = min(n, self.size - self.pos)
        self.pos += n
        self.read_total += n
        return bytes([self.pos % 251]) * n

db = open_database(sys.argv[1])
with db.write() as s:
    stream = Slow(20 * D.CHUNK_SIZE)
    D.attach(s, DocumentOwner.ORGANIZATION, int(sys.argv[2]), stream, name="large scan.tif")
print("committed", flush=True)
"""


def test_a_process_killed_while_attaching_leaves_nothing_half_stored(any_db, tmp_path):
    import signal
    import subprocess
    import sys

    from hubdesk.cli import main

    with any_db.write() as s:
        org = _org(s)
    target = str(any_db.engine.url.render_as_string(hide_password=False)) if not any_db.is_sqlite \
        else str(any_db.engine.url.database)
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, str(script), target, str(org)], stdout=subprocess.PIPE,
                            cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.strip() == "writing"                   # six pieces are in, inside its transaction
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with any_db.read() as s:
        assert _counts(s) == (0, 0, 0)
    any_db.dispose()
    assert main(["--db", target, "check"]) == 0


def test_profile_lists_documents_and_quarterly_counts_those_submitted(db, tmp_path):
    """Real PDFs read back: the organization profile lists its documents (a certificate with its
    validity), the quarterly report's clinical-entry section counts the case documents of the quarter."""
    from hubdesk.db.enums import CertificationType
    from hubdesk.domain import certifications
    from hubdesk.reports.profile import render_profile
    from hubdesk.reports.quarterly import render_quarterly
    from tests.integration.test_reports import section, text_of

    with db.write() as s:
        w = make_world(s)
        cert = certifications.create_certification(s, w["company"], CertificationType.KGMP, dt.date(2025, 1, 1),
                                                   expires_on=dt.date(2028, 1, 1), number="KGMP-7")
        D.attach(s, DocumentOwner.ORGANIZATION, w["company"], io.BytesIO(b"c" * 2048), name="KGMP 인증서.pdf",
                 kind=DocumentKind.CERTIFICATE, certification_id=cert.id)
        case = new_case(s, w)
        D.attach(s, DocumentOwner.CASE, case.id, io.BytesIO(b"s"), name="submission letter.pdf",
                 kind=DocumentKind.CORRESPONDENCE_OUT, dated_on=dt.date(2026, 5, 4))
        D.attach(s, DocumentOwner.CASE_ITEM, case.documents[0].id, io.BytesIO(b"p"), name="plan.pdf")
        D.attach(s, DocumentOwner.CASE, case.id, io.BytesIO(b"o"), name="old letter.pdf",
                 kind=DocumentKind.CORRESPONDENCE_IN, dated_on=dt.date(2026, 3, 30))
    profile = text_of(render_profile(db, w["company"], "en", tmp_path / "p.pdf"), layout=True)
    line = next(x for x in profile.splitlines() if "KGMP 인증서.pdf" in x)
    assert "Certificate" in line and "2 kB" in line and "Jan 1, 2028" in line     # its validity beside it
    report = text_of(render_quarterly(db, "2026Q2", "en", tmp_path / "q.pdf", today=dt.date(2026, 7, 10)))
    clinical = section(report, "Clinical entry", "Programs")
    counted = clinical[clinical.index("Documents submitted in the quarter"):]
    # the letter of May 4; not the one of March 30, nor the plan added today (not in Q2)
    assert counted.split()[5] == "1", counted[:120]


def test_the_certificate_expiry_alert_links_the_newest_file(any_db):
    from hubdesk.db.enums import CertificationType
    from hubdesk.domain import certifications

    today = dt.date(2026, 6, 1)
    with any_db.write() as s:
        org = _org(s)
        cert = certifications.create_certification(s, org, CertificationType.HACCP, dt.date(2023, 6, 20),
                                                   expires_on=dt.date(2026, 6, 20))
        other = certifications.create_certification(s, org, CertificationType.ISO9001, dt.date(2023, 6, 1),
                                                    expires_on=dt.date(2026, 6, 25))
        first = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"v1"), name="HACCP 2023.pdf",
                         kind=DocumentKind.CERTIFICATE, certification_id=cert.id)
        newest = D.replace(s, first.id, io.BytesIO(b"v2"), name="HACCP 2023 (scan).pdf")
    with any_db.read() as s:
        alerts = {a.certification_id: a for a in certifications.expiring_certifications(s, today, 30)}
    assert (alerts[cert.id].attachment_id, alerts[cert.id].file_name) == (newest.id, "HACCP 2023 (scan).pdf")
    assert (alerts[other.id].attachment_id, alerts[other.id].file_name) == (None, None)


def test_the_certificate_expiry_alert_skips_removed_files_and_keeps_each_certifications_own(any_db):
    """Several certificates of one certification that are not versions of each other: the newest
    one not removed is named; another certification's newer file is not taken."""
    from hubdesk.db.enums import CertificationType
    from hubdesk.domain import certifications

    today = dt.date(2026, 6, 1)
    with any_db.write() as s:
        org = _org(s)
        gmp = certifications.create_certification(s, org, CertificationType.GMP, dt.date(2023, 6, 10),
                                                  expires_on=dt.date(2026, 6, 10))
        venture = certifications.create_certification(s, org, CertificationType.VENTURE, dt.date(2023, 6, 12),
                                                      expires_on=dt.date(2026, 6, 12))
        kept = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"g1"), name="GMP 2023.pdf",
                        kind=DocumentKind.CERTIFICATE, certification_id=gmp.id)
        later = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"g2"), name="GMP wrong scan.pdf",
                         kind=DocumentKind.CERTIFICATE, certification_id=gmp.id)
        venture_file = D.attach(s, DocumentOwner.ORGANIZATION, org, io.BytesIO(b"v1"), name="Venture.pdf",
                                kind=DocumentKind.CERTIFICATE, certification_id=venture.id)
    with any_db.read() as s:
        before = {a.certification_id: a.attachment_id for a in certifications.expiring_certifications(s, today, 30)}
    assert before == {gmp.id: later.id, venture.id: venture_file.id}
    with any_db.write() as s, acting_as("admin", Role.ADMIN):
        D.remove(s, later.id)
    with any_db.read() as s:
        alerts = {a.certification_id: a for a in certifications.expiring_certifications(s, today, 30)}
    assert (alerts[gmp.id].attachment_id, alerts[gmp.id].file_name) == (kept.id, "GMP 2023.pdf")
    assert (alerts[venture.id].attachment_id, alerts[venture.id].file_name) == (venture_file.id, "Venture.pdf")


RSS_CHILD = r"""
import io, os, resource, sys
from pathlib import Path
from hubdesk.db.database import open_database
from hubdesk.db.enums import DocumentOwner
from hubdesk.domain import documents as D

db = open_database(sys.argv[1])
org, source = int(sys.argv[2]), Path(sys.argv[3])
with db.write() as s:
    row = D.attach(s, DocumentOwner.ORGANIZATION, org, source)
out = Path(sys.argv[4])
out.mkdir()
with db.read() as s:
    D.save_copy(s, row.id, out)
db.dispose()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)   # KiB on Linux
"""


def test_the_process_peak_memory_grows_far_less_than_a_40_mb_file(any_db, tmp_path):
    """The whole process (SQLite's or psycopg's buffers too, not only Python's): attaching and
    reading back a 40 MiB file raises the peak resident memory by a few MiB over a 1 KiB file."""
    import subprocess
    import sys

    with any_db.write() as s:
        org = _org(s)
    target = any_db.engine.url.render_as_string(hide_password=False) if not any_db.is_sqlite \
        else str(any_db.engine.url.database)
    small, large = tmp_path / "small.pdf", tmp_path / "large.pdf"
    small.write_bytes(os.urandom(1024))
    with open(large, "wb") as f:
        for _ in range(40):
            f.write(os.urandom(D.CHUNK_SIZE))
    script = tmp_path / "child.py"
    script.write_text(RSS_CHILD)
    root = Path(__file__).resolve().parents[2]

    def peak_kib(source: Path, out: str) -> int:
        done = subprocess.run([sys.executable, str(script), target, str(org), str(source), str(tmp_path / out)],
                              capture_output=True, text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                              timeout=300, check=True)
        return int(done.stdout.split()[-1])

    usual, with_large = peak_kib(small, "a"), peak_kib(large, "b")
    assert (tmp_path / "b" / "large.pdf").read_bytes() == large.read_bytes()
    print(f"peak RSS: {usual / 1024:.0f} MiB with a 1 KiB file, {with_large / 1024:.0f} MiB with a 40 MiB file")
    assert with_large < usual * 1.5                       # the bound
    assert with_large - usual < 12 * 1024                 # a few pieces, not the file (40 MiB)
