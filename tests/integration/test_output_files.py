"""No output ever destroys the database or a device (issue 15, finding 2): a report, an export, a
calendar or a backup written over the open database, one of its side files, a folder, a device or
a pipe is refused with a sentence and a non-zero exit, and the database is whole afterwards.
Outputs are written beside the target and renamed, with an ordinary file's mode."""

from __future__ import annotations

import os
import stat

import pytest

from hubdesk import output_files
from hubdesk.errors import DomainError
from tests.integration.test_cli import run


@pytest.fixture
def office(tmp_path):
    """A small demo database on disk; its size and check before anything is tried."""
    db = tmp_path / "t.db"
    assert run("--db", str(db), "demo", "--size", "small", "--seed", "3", tmp_path=tmp_path).returncode == 0
    return db


def _intact(db, tmp_path) -> None:
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"
    result = run("--db", str(db), "check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("command", [
    ("report", "quarterly", "--quarter", "2026Q3", "--out", "{db}"),
    ("calendar", "--resource", "1", "--out", "{db}"),
    ("report", "quarterly", "--quarter", "2026Q3", "--out", "{db}-wal"),
    ("backup", "--out", "{db}-shm"),
], ids=["report", "calendar", "report-over-wal", "backup-over-shm"])
def test_no_output_is_written_over_the_open_database(office, tmp_path, command):
    before = office.read_bytes()
    result = run("--db", str(office), *(part.format(db=office) for part in command), tmp_path=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "is the database hubdesk has open" in result.stderr and "Choose another file name." in result.stderr
    assert office.read_bytes() == before
    _intact(office, tmp_path)


def test_a_database_named_like_a_workbook_is_not_exported_over(tmp_path):
    db = tmp_path / "d.xlsx"
    assert run("--db", str(db), "demo", "--size", "small", "--seed", "3", tmp_path=tmp_path).returncode == 0
    before = db.read_bytes()
    for command in (("export", "organizations", str(db)),
                    ("export", "kpi-request", "--quarter", "2026Q3", str(db)),
                    ("template", "organizations", str(db))):
        result = run("--db", str(db), *command, tmp_path=tmp_path)
        assert result.returncode == 1 and "is the database hubdesk has open" in result.stderr, command
    assert db.read_bytes() == before
    _intact(db, tmp_path)


def test_folders_devices_and_pipes_are_not_outputs(office, tmp_path):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    device = tmp_path / "null.csv"
    device.symlink_to("/dev/null")
    for target, sentence in ((folder, "is a folder"), (pipe, "is not an ordinary file"),
                             (device, "is not an ordinary file")):
        result = run("--db", str(office), "export", "organizations", str(target), tmp_path=tmp_path)
        assert result.returncode == 1 and sentence in result.stderr, (target, result.stderr)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)                      # still the pipe it was
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and device.is_symlink() and folder.is_dir()


def test_outputs_get_an_ordinary_files_mode_and_no_leftovers(office, tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    out = tmp_path / "out"
    out.mkdir()
    for command in (("export", "organizations", str(out / "orgs.xlsx")),
                    ("calendar", "--resource", "1", "--out", str(out / "r.ics")),
                    ("report", "quarterly", "--quarter", "2026Q3", "--out", str(out / "q.pdf"))):
        result = run("--db", str(office), *command, tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
    for name in ("orgs.xlsx", "r.ics", "q.pdf"):
        assert stat.S_IMODE(os.stat(out / name).st_mode) == 0o666 & ~mask, name
    assert sorted(p.name for p in out.iterdir()) == ["orgs.xlsx", "q.pdf", "r.ics"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "kept.csv"
    target.write_text("old content")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError):
        with output_files.replacing(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed halfway")
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.csv"]
    with output_files.replacing(target) as tmp:
        tmp.write_text("new content")
    assert target.read_text() == "new content" and stat.S_IMODE(os.stat(target).st_mode) == 0o640


def test_protection_lasts_while_the_database_is_open(tmp_path):
    from hubdesk.db.database import open_database

    db_path = tmp_path / "open.db"
    first, second = open_database(db_path), open_database(db_path)
    try:
        with pytest.raises(DomainError) as caught:
            output_files.check_target(db_path)
        assert caught.value.code == "output_is_database"
        first.dispose()
        first.dispose()                                             # twice: still protected by the second
        with pytest.raises(DomainError):
            output_files.check_target(tmp_path / "open.db-journal")
    finally:
        second.dispose()
    assert output_files.check_target(db_path) == db_path
