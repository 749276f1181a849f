"""How printed documents break and what they say about themselves, read back with poppler: a table
split over pages never leaves one or two rows alone on a page, a certificate number is never broken
inside, and the PDF's creation date is the real one (an issued report keeps its issue time, so it
still prints byte for byte the same)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from hubdesk.domain import clock

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                reason="poppler-utils (pdftotext, pdfinfo) is not installed")

NEAR_MIDNIGHT = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.timezone.utc)   # 00:30 on 12-03 in Seoul
NUMBER = "HACCP-2026-26546"


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def creation_date(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True, check=True).stdout
    return next(line.split(None, 1)[1].strip() for line in info.splitlines() if line.startswith("CreationDate:"))


def rows_table(tmp_path: Path, n: int) -> list[int]:
    """A document holding one table of `n` rows; the number of rows printed on each page."""
    from hubdesk.reports.layout import PageInfo, build
    from hubdesk.reports.tables import Code, data_table

    rows = [[f"Row {i:03d}", Code(NUMBER), "Korea Food Safety Management Certification Institute"]
            for i in range(1, n + 1)]
    out = build(data_table(["Name", "Number", "Issuer"], rows, widths=[0.3, 0.2, 0.5]), tmp_path / f"rows{n}.pdf",
                title="Rows", info=PageInfo("Foundation", "Rows", has_cover=False), lang="en")
    return [sum(1 for line in page.splitlines() if "Row " in line) for page in pages_of(out)]


def test_a_table_split_over_pages_keeps_rows_together_at_its_end(tmp_path):
    per_page = rows_table(tmp_path, 150)[0]                 # how many rows a full page holds
    for n in (per_page + 1, per_page + 2):                  # one or two rows would be carried over
        counts = rows_table(tmp_path, n)
        assert sum(counts) == n and len(counts) == 2
        assert counts[-1] >= 3, counts                      # at least three rows go over together
    assert rows_table(tmp_path, per_page) == [per_page]     # a table that fits stays on its page


def test_a_certificate_number_is_never_broken_inside(db, tmp_path):
    from hubdesk.db.enums import CertificationType, OrgKind
    from hubdesk.db.schema import Certification, Organization
    from hubdesk.reports.profile import render_profile
    from hubdesk.reports.quarterly import render_quarterly

    with db.write() as s:
        org = Organization(name="주식회사 한빛바이오", kind=OrgKind.COMPANY)
        s.add(org)
        s.add(Certification(organization=org, type=CertificationType.HACCP, number=NUMBER,
                            issuer="Korea Food Safety Management Certification Institute",
                            issued_on=dt.date(2026, 8, 10), expires_on=dt.date(2029, 8, 9)))
        s.flush()
        org_id = org.id
    for lang in ("ko", "en", "vi"):
        profile = "\n".join(pages_of(render_profile(db, str(org_id), lang, tmp_path / f"profile-{lang}.pdf")))
        quarterly = "\n".join(pages_of(render_quarterly(db, "2026Q3", lang, tmp_path / f"q3-{lang}.pdf")))
        assert NUMBER in profile, lang
        assert NUMBER in quarterly, lang                    # in the quarter's "Certifications gained"


def test_the_pdf_says_when_it_was_made(db, tmp_path):
    from hubdesk.reports.quarterly import render_quarterly

    with clock.fixed(NEAR_MIDNIGHT):
        draft = render_quarterly(db, "2026Q3", "en", tmp_path / "draft.pdf")
    assert creation_date(draft) == "2026-12-03T00:30:00+09"      # the foundation's clock, not 2000-01-01

    with clock.fixed(NEAR_MIDNIGHT):
        issued = render_quarterly(db, "2026Q3", "en", tmp_path / "issued.pdf", issue=True)
    with clock.fixed(NEAR_MIDNIGHT + dt.timedelta(days=40)):
        again = render_quarterly(db, "2026Q3", "en", tmp_path / "again.pdf")
    assert creation_date(issued) == creation_date(again) == "2026-12-03T00:30:00+09"   # the issue time
    assert again.read_bytes() == issued.read_bytes()
