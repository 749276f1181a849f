"""Change packages carry the documents' bytes (issues 16 and 19): an attachment and its new version
made on one PC arrive on the other byte-identical (read back through the documents module), on
SQLite and with PostgreSQL as one side; the same package twice stores nothing twice; a package whose
document bytes were altered (checksum recomputed, so only the document's hash can catch it) is
refused whole, with a sentence."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import shutil

import pytest
from sqlalchemy import func, select

from hubdesk.db.database import open_database
from hubdesk.db.enums import DocumentKind, DocumentOwner
from hubdesk.db.schema import Attachment, DocumentBlob, DocumentChunk, Organization
from hubdesk.domain import documents as D
from hubdesk.errors import DomainError
from hubdesk.interchange.exchange_package import read_package
from tests.exchange_sites import Site, join, send, table_counts
from tests.factories import make_org

FIVE_MB = 5 * 1024 * 1024 + 123          # six pieces, the last one short


@pytest.fixture(params=["sqlite", "postgresql"])
def two_pcs(request, tmp_path, _migrated_sqlite_template):
    """PC A (a SQLite file) with an organization; PC B joined from A's --all package: another SQLite
    file, or a PostgreSQL server database."""
    made = []

    def sqlite(name: str):
        path = tmp_path / f"{name}.db"
        shutil.copyfile(_migrated_sqlite_template, path)
        made.append(open_database(path))
        return made[-1]

    a = Site("Cluster office", sqlite("a"), tmp_path)
    with a.db.write() as s:
        make_org(s, "Hanbit Bio")
    if request.param == "sqlite":
        other = sqlite("b")
    else:
        made.append(open_database(request.getfixturevalue("pg_migrated_url")))
        other = made[-1]
    b = join(a, other, "GMP centre PC", tmp_path)
    a.apply(b.export(full=True))
    yield a, b
    for db in made:
        db.dispose()


def _org_id(site: Site) -> int:
    with site.db.read() as s:
        return s.scalars(select(Organization.id).where(Organization.name == "Hanbit Bio")).one()


def _read(site: Site, attachment_uid: str) -> bytes:
    out = io.BytesIO()
    with site.db.read() as s:
        row = s.scalars(select(Attachment).where(Attachment.uid == attachment_uid)).one()
        D.read_into(s, row.id, out)
    return out.getvalue()


def _stored(site: Site) -> tuple[int, int]:
    with site.db.read() as s:
        return (s.scalar(select(func.count()).select_from(DocumentBlob)),
                s.scalar(select(func.count()).select_from(DocumentChunk)))


def test_a_document_and_its_new_version_arrive_byte_identical_and_twice_stores_nothing(two_pcs, tmp_path):
    a, b = two_pcs
    first, second = os.urandom(FIVE_MB), os.urandom(FIVE_MB)
    (tmp_path / "GMP 인증서.pdf").write_bytes(first)
    (tmp_path / "GMP 인증서 2027.pdf").write_bytes(second)
    with a.db.write() as s:
        old = D.attach(s, DocumentOwner.ORGANIZATION, _org_id(a), tmp_path / "GMP 인증서.pdf",
                       kind=DocumentKind.CERTIFICATE, actor="kim")
        new = D.replace(s, old.id, tmp_path / "GMP 인증서 2027.pdf", actor="kim")
        uids = old.uid, new.uid
    package = a.export(to=b)
    header, _records = read_package(package)
    assert header["blobs"] == {hashlib.sha256(first).hexdigest(): FIVE_MB,
                               hashlib.sha256(second).hexdigest(): FIVE_MB}
    summary = b.apply(package)
    assert summary.new["attachment"] == 2 and summary.documents == 2 and not summary.conflicts
    assert _read(b, uids[0]) == first and _read(b, uids[1]) == second
    with b.db.read() as s:
        newest = s.scalars(select(Attachment).where(Attachment.uid == uids[1])).one()
        assert [v.uid for v in D.versions(s, newest.id)] == list(uids[::-1])
        assert D.verify(s) == []
    assert a.snapshot() == b.snapshot()
    before = _stored(b), table_counts(b.db)
    again = b.apply(package)
    assert again.written == 0 and again.documents == 0
    assert _stored(b) == before[0] == (2, 12)             # nothing stored twice
    after = table_counts(b.db)
    assert after.pop("audit_event") == before[1].pop("audit_event") + 1   # only the package's own audit line
    assert after == before[1]
    # the same content attached once more on B travels back to A without its bytes being stored again
    with b.db.write() as s:
        D.attach(s, DocumentOwner.ORGANIZATION, _org_id(b), io.BytesIO(first), name="copy.pdf")
    stored_on_a = _stored(a)
    assert send(b, a).documents == 0
    assert _stored(a) == stored_on_a
    assert a.snapshot() == b.snapshot()


def _altered(package, tmp_path):
    """The package with one byte of a document's piece changed and its checksum recomputed."""
    lines = gzip.decompress(package.read_bytes()).split(b"\n")[:-1]
    body = lines[:-1]
    for i, line in enumerate(body):
        record = json.loads(line)
        if record.get("op") == "blob":
            data = bytearray(base64.b64decode(record["data"]))
            data[len(data) // 2] ^= 0x01
            record["data"] = base64.b64encode(bytes(data)).decode("ascii")
            body[i] = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
            break
    else:
        raise AssertionError("the package carries no document")
    digest = hashlib.sha256(b"".join(line + b"\n" for line in body)).hexdigest()
    trailer = json.dumps({"sha256": digest, "lines": len(body)}).encode("utf-8")
    out = tmp_path / "altered.hdx"
    out.write_bytes(gzip.compress(b"".join(line + b"\n" for line in body) + trailer + b"\n"))
    return out


def test_a_package_whose_document_bytes_were_altered_is_refused_and_nothing_is_written(two_pcs, tmp_path):
    a, b = two_pcs
    data = os.urandom(2 * D.CHUNK_SIZE + 10)
    with a.db.write() as s:
        make_org(s, "Arrives with the document")
        D.attach(s, DocumentOwner.ORGANIZATION, _org_id(a), io.BytesIO(data), name="협약서.pdf",
                 kind=DocumentKind.AGREEMENT)
    package = a.export(to=b)
    altered = _altered(package, tmp_path)
    read_package(altered)                                 # the checksum holds: only the hash can tell
    before = table_counts(b.db)
    with pytest.raises(DomainError) as refused:
        b.apply(altered)
    assert "협약서.pdf" in str(refused.value) and "nothing was changed" in str(refused.value)
    assert refused.value.code == "blob_hash"
    assert table_counts(b.db) == before
    b.apply(package)
    assert a.snapshot() == b.snapshot()
    with b.db.read() as s:
        assert D.verify(s) == []


def test_a_package_without_the_document_it_names_is_refused(two_pcs, tmp_path):
    a, b = two_pcs
    with a.db.write() as s:
        D.attach(s, DocumentOwner.ORGANIZATION, _org_id(a), io.BytesIO(b"agreement text"), name="MOU.txt")
    package = a.export(to=b)
    header, records = read_package(package)
    before = table_counts(b.db)
    from hubdesk.domain.exchange_apply import apply_package

    with pytest.raises(DomainError) as refused:
        with b.db.write() as s:
            apply_package(s, header, records)             # the records without the file's documents
    assert "MOU.txt" in str(refused.value) and refused.value.code == "blob_missing"
    assert table_counts(b.db) == before


def test_writing_and_applying_a_package_never_holds_a_document_whole(two_pcs, tmp_path):
    """A 24 MB document travels with Python's allocations staying a few pieces high (tracemalloc)."""
    import tracemalloc

    a, b = two_pcs
    size = 24 * D.CHUNK_SIZE
    path = tmp_path / "large scan.pdf"
    with open(path, "wb") as out:
        for _i in range(24):
            out.write(os.urandom(D.CHUNK_SIZE))
    with a.db.write() as s:
        D.attach(s, DocumentOwner.ORGANIZATION, _org_id(a), path)
    tracemalloc.start()
    try:
        package = a.export(to=b)
        _now, written_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        summary = b.apply(package)
        _now, applied_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.documents == 1
    print(f"peak allocations for a {size / 1e6:.0f} MB document: writing {written_peak / 1e6:.1f} MB, "
          f"applying {applied_peak / 1e6:.1f} MB")
    assert written_peak < size / 3 and applied_peak < size / 3, (written_peak, applied_peak)
    with b.db.read() as s:
        assert D.verify(s) == []
