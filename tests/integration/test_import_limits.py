"""Bounded, cancellable imports (issue 15, finding 6): a zip bomb, a blank-row bomb, a file of more
rows or columns than any import needs and an oversized CSV are refused with a sentence, quickly and
without reading them whole; problems are listed up to a hundred and the rest counted; reading can
be cancelled, and Ctrl+C on the command line writes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from hubdesk.db.schema import Organization
from hubdesk.errors import DomainError
from hubdesk.interchange import limits
from hubdesk.interchange.importer import ImportCancelled, import_file
from hubdesk.interchange.readers import read_sheet
from tests.integration.test_cli import AT_A_TERMINAL, ROOT


def _count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Organization))


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(db, tmp_path):
    """A 120 MB sheet of blank rows packed into a few hundred kB, as the probe's 1.7 MB bomb."""
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["name", "kind"])
    book.save(plain)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"</sheetData>")
                data = head + b"<row/>" * 20_000_000 + b"</sheetData>" + tail    # 120 MB of blank rows
            out.writestr(item, data)
    assert bomb.stat().st_size < 10 * 1024 * 1024
    with pytest.raises(DomainError) as caught:
        import_file(db, "organizations", bomb)
    assert caught.value.code == "too_big"
    assert "bomb.xlsx would expand to" in caught.value.message and "xl/worksheets/sheet1.xml" in caught.value.message
    assert _count(db) == 0


def test_blank_rows_past_the_worksheet_limit_are_refused(db, tmp_path):
    path = tmp_path / "blank.csv"
    path.write_bytes(b"name,kind\nAcme,company\n" + b",\n" * limits.MAX_SCANNED_ROWS)
    with pytest.raises(DomainError) as caught:
        import_file(db, "organizations", path)
    assert caught.value.message == ("blank.csv goes on past row 1,048,576, the most a worksheet can have. Remove "
                                    "the empty rows at its end (or split the file) and import it again.")
    assert _count(db) == 0


def test_more_rows_or_columns_than_an_import_takes_are_refused(db, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("name,kind\n" + "".join(f"Co {i},company\n" for i in range(limits.MAX_DATA_ROWS + 1)))
    with pytest.raises(DomainError) as caught:
        read_sheet(rows)
    assert caught.value.message.startswith("rows.csv has more than 100,000 rows. Split it into files")
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(["name", "kind"] + [f"c{i}" for i in range(16_383)]) + "\nAcme,company\n")
    with pytest.raises(DomainError) as caught:
        read_sheet(wide)
    assert caught.value.code == "too_many_columns" and "Row 1 of wide.csv has more than 200 columns" in \
        caught.value.message
    just_enough = tmp_path / "ok.csv"
    just_enough.write_text("name,kind\n" + "".join(f"Co {i},company\n" for i in range(limits.MAX_DATA_ROWS)))
    assert len(read_sheet(just_enough).rows) == limits.MAX_DATA_ROWS


def test_an_oversized_csv_is_refused_without_being_read(db, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:                      # sparse: 65 MB on paper, nothing on disk
        fh.write(b"name,kind\n")
        fh.truncate(limits.MAX_CSV_BYTES + 1024 * 1024)
    with pytest.raises(DomainError) as caught:
        import_file(db, "organizations", path)
    assert caught.value.message == ("huge.csv is 65 MB; a CSV import may be at most 64 MB. Split it into smaller "
                                    "files and import them one after another.")


def test_problems_beyond_a_hundred_are_counted_not_listed(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,kind\n" + "".join(f"Co {i},spaceship\n" for i in range(350)))
    result = import_file(db, "organizations", path, dry_run=True)
    assert len(result.problems) == 100 and result.problem_count == 350
    assert result.summary().startswith("bad.csv has 350 problems, so nothing was imported.")
    assert result.more_problems_line() == "…and 250 more problems not listed."


def test_reading_a_big_file_reports_progress_and_can_be_cancelled(db, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("name,kind\n" + "".join(f"Co {i},company\n" for i in range(9_000)))
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled) as caught:
        import_file(db, "organizations", path, progress=lambda done, total: seen.append((done, total)),
                    cancel=lambda: bool(seen))
    assert seen == [(2_000, 0)]              # read up to row 2,000, reported, then cancelled at 4,000
    assert caught.value.message == "Reading many.csv was cancelled; nothing was written."
    assert _count(db) == 0


def test_ctrl_c_on_the_command_line_writes_nothing(tmp_path):
    db_path = tmp_path / "hub.db"
    src = tmp_path / "members.csv"
    src.write_text("name,kind\n" + "".join(f"Co {i},company\n" for i in range(99_000)))   # near the most a file holds
    env = dict(os.environ, PYTHONPATH=str(ROOT), HUBDESK_DATA_DIR=str(tmp_path / "data"), HUBDESK_LANG="en")
    # Ctrl+C as in a person's terminal, even when this test run was started with SIGINT ignored
    proc = subprocess.Popen([sys.executable, str(AT_A_TERMINAL), "--db", str(db_path), "import", "organizations",
                             str(src)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 120
    while not db_path.exists() and time.monotonic() < deadline:   # the database is open: rows are read
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.fail("the import finished before Ctrl+C arrived; make the file bigger")
    assert proc.returncode == 130 and "Traceback" not in err and "KeyboardInterrupt" not in err
    from hubdesk.db.database import open_database

    db = open_database(db_path)
    try:
        assert _count(db) == 0
    finally:
        db.dispose()
