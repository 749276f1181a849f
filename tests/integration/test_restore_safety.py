"""Restore that cannot lose the database (issue 15, finding 3): it works onto a damaged file, the
path holds the old database or the new one whatever step fails or is killed, it is refused while
another hubdesk has the file open, it refuses a file without hubdesk's tables (which `check` calls
unhealthy), and it is audited in the restored file, as demo data is. After an interrupted restore
no command creates an empty database in place of the data."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hubdesk.db import backup as backup_module
from hubdesk.db import migrate
from hubdesk.db.backup import RESTORE_STEPS, backup_database, restore_database
from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Organization
from hubdesk.errors import DatabaseProblem
from tests.integration.test_cli import ROOT, run

OLD_ROWS = 7          # 4 in the main file, 3 more committed only in its write-ahead log
NEW_ROWS = 5


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "HUBDESK_DATA_DIR": str(tmp_path / "userdata"),
            "HUBDESK_LANG": "en"}


def _python(tmp_path: Path, code: str, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=300, **kw)


def _fill(db, prefix: str, n: int) -> None:
    with db.write() as s:
        for i in range(n):
            s.add(Organization(name=f"{prefix} {i} 회사 Công ty", kind=OrgKind.COMPANY))


# Writes rows and dies without closing: the rows are committed, but only in the -wal file, as after a
# crash of the app. A restore that moved the -wal away without folding it in would lose them.
_CRASH_AFTER_WRITING = """
import os, sys
from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Organization
db = open_database(sys.argv[1])
with db.engine.connect() as c:
    c.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
with db.write() as s:
    for i in range(int(sys.argv[2])):
        s.add(Organization(name=f"in the log {i}", kind=OrgKind.COMPANY))
os._exit(0)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """An old database whose last rows are only in its -wal, and a backup holding other rows."""
    folder = tmp_path_factory.mktemp("restore-template")
    new = open_database(folder / "new.db")
    _fill(new, "restored", NEW_ROWS)
    backup_file = backup_database(new, folder / "backup.db")
    new.dispose()
    old_path = folder / "old" / "live.db"
    old_path.parent.mkdir()
    old = open_database(old_path)
    _fill(old, "old", 4)
    old.dispose()
    crashed = _python(folder, _CRASH_AFTER_WRITING, str(old_path), str(OLD_ROWS - 4))
    assert crashed.returncode == 0, crashed.stderr
    wal = Path(str(old_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0       # the last rows are only in the log
    return old_path.parent, backup_file


def _scenario(template, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the old database (main file and side files) and the backup."""
    folder, backup_file = template
    work = tmp_path / "work"
    shutil.copytree(folder, work)
    for p in work.glob("*.lock"):
        p.unlink()
    return work / "live.db", backup_file


def _organizations(path: Path) -> int:
    """The rows the database at `path` holds, read the way SQLite reads it (the -wal included);
    fails unless it is a whole database."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM organization").fetchone()[0]
    finally:
        conn.close()


def _restore_audit_rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT actor, after FROM audit_event WHERE entity = 'database'").fetchall()
    finally:
        conn.close()


def test_old_rows_in_the_log_are_part_of_the_old_database(template, tmp_path):
    live, _backup = _scenario(template, tmp_path)
    assert _organizations(live) == OLD_ROWS


# --- 1. onto a damaged file -----------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["header", "pages"])
def test_restore_onto_a_damaged_database_keeps_it_aside_and_says_where(template, tmp_path, damage):
    """The probe's case: PRAGMA wal_checkpoint on a file that is not a database any more ended in a
    traceback. Now the damaged file is not opened; it and its log are kept aside, named in the
    sentence, and the restored database is whole."""
    live, backup_file = _scenario(template, tmp_path)
    data = bytearray(live.read_bytes())
    if damage == "header":
        data[0:100] = b"\x00damaged" * 12 + b"\x00" * 4
    else:
        data[1024:len(data)] = b"\xff" * (len(data) - 1024)
    live.write_bytes(bytes(data))
    damaged_bytes = bytes(data)
    wal_bytes = Path(str(live) + "-wal").read_bytes()

    result = run("--db", str(live), "restore", str(backup_file), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _organizations(live) == NEW_ROWS
    asides = list(live.parent.glob("live.replaced-*.db"))
    assert len(asides) == 1 and str(asides[0]) in result.stdout
    if damage == "header":        # not a database any more: not opened, kept as it was with its log
        assert "damaged" in result.stdout
        assert asides[0].read_bytes() == damaged_bytes
        assert Path(str(asides[0]) + "-wal").read_bytes() == wal_bytes
    else:                         # still readable: its log was folded into it before it was kept aside
        with pytest.raises((AssertionError, sqlite3.DatabaseError)):
            _organizations(asides[0])                                 # still the damaged database
        assert asides[0].stat().st_size >= len(damaged_bytes)
        assert not Path(str(asides[0]) + "-wal").exists() or Path(str(asides[0]) + "-wal").stat().st_size == 0
    assert not Path(str(live) + "-wal").exists() or _organizations(live) == NEW_ROWS
    assert run("--db", str(live), "check", tmp_path=tmp_path).returncode == 0


# --- 2. atomic: a failure or a kill at every step ---------------------------------------------------

class _Injected(Exception):
    pass


def _expect_whole(live: Path, backup_file: Path, expected: int) -> None:
    assert live.is_file(), "no database at the path"
    assert _organizations(live) == expected
    db = open_database(live)               # the next command opens the data, not an empty database
    try:
        with db.read() as s:
            assert s.query(Organization).count() == expected
    finally:
        db.dispose()


@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_an_exception_at_each_step_leaves_the_old_or_the_new_database(template, tmp_path, monkeypatch, step):
    live, backup_file = _scenario(template, tmp_path)

    def hook(name):
        if name == step:
            raise _Injected(name)

    monkeypatch.setattr(backup_module, "STEP_HOOK", hook)
    with pytest.raises(_Injected):
        restore_database(live, backup_file)
    replaced = RESTORE_STEPS.index(step) >= RESTORE_STEPS.index("replaced")
    _expect_whole(live, backup_file, NEW_ROWS if replaced else OLD_ROWS)
    if not replaced:      # undone: no copy, no second name left behind
        assert not live.with_name("live.db.restoring").exists()
        assert not list(live.parent.glob("live.replaced-*"))
    monkeypatch.setattr(backup_module, "STEP_HOOK", None)
    restore_database(live, backup_file)                               # and a restore runs again
    _expect_whole(live, backup_file, NEW_ROWS)


def _count_calls(monkeypatch, names) -> dict[str, int]:
    counts = {n: 0 for n in names}
    for name in names:
        real = getattr(os, name)

        def counting(*args, _real=real, _name=name, **kw):
            counts[_name] += 1
            return _real(*args, **kw)

        monkeypatch.setattr(os, name, counting)
    return counts


OS_CALLS = ("replace", "link", "fsync")


def _damage_header(live: Path) -> bytes:
    data = bytearray(live.read_bytes())
    data[0:100] = b"\x00damaged" * 12 + b"\x00" * 4
    live.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("old_file", ["healthy", "damaged"])
def test_a_failing_rename_link_or_fsync_leaves_the_old_or_the_new_database(template, tmp_path, monkeypatch,
                                                                          old_file):
    """Every os.replace, os.link and os.fsync the restore makes fails in turn (a full disk, EIO):
    after each, the path holds a whole database, the old one or the new one, and the restore says
    what went wrong. The damaged old file has its log moved aside too, so its renames are tried."""

    def scenario(folder: Path):
        live, backup_file = _scenario(template, folder)
        damaged = _damage_header(live) if old_file == "damaged" else None
        return live, backup_file, damaged

    def expect_old(live: Path, damaged: bytes | None, wal: bytes) -> None:
        if damaged is None:
            _expect_whole(live, backup_file, OLD_ROWS)
        else:                   # the damaged file as it was, its log back beside it
            assert live.read_bytes() == damaged and Path(str(live) + "-wal").read_bytes() == wal

    live, backup_file, _damaged = scenario(tmp_path / "dry")
    with monkeypatch.context() as m:
        calls = _count_calls(m, OS_CALLS)
        restore_database(live, backup_file)
    assert calls["replace"] >= (3 if old_file == "damaged" else 1) and calls["link"] == 1 and calls["fsync"] >= 2
    tried = 0
    for name in OS_CALLS:
        for nth in range(1, calls[name] + 1):
            live, backup_file, damaged = scenario(tmp_path / f"{name}-{nth}")
            wal = Path(str(live) + "-wal").read_bytes()
            seen = {"n": 0}
            real = getattr(os, name)

            def failing(*args, _real=real, _nth=nth, _seen=seen, **kw):
                _seen["n"] += 1
                if _seen["n"] == _nth:
                    raise OSError(errno.EIO, "Input/output error (injected)")
                return _real(*args, **kw)

            with monkeypatch.context() as m:
                m.setattr(os, name, failing)
                try:
                    result = restore_database(live, backup_file)
                except DatabaseProblem as exc:
                    assert str(live) in exc.message and "injected" in exc.message
                    expect_old(live, damaged, wal)
                    assert not list(live.parent.glob("live.replaced-*")), (name, nth)
                else:               # a failure the restore works around (no hard link: a copy; no folder sync)
                    assert (name, nth) in (("link", 1), ("fsync", calls["fsync"]))
                    _expect_whole(live, backup_file, NEW_ROWS)
                    if damaged is None:
                        assert result.aside is not None and _organizations(result.aside) == OLD_ROWS
            assert not live.with_name("live.db.restoring").exists()
            tried += 1
    assert tried == sum(calls.values())
    print(f"\n{old_file}: injected failures {dict(calls)}, {tried} in all, the path whole after each")


_KILL_AT = """
import os, sys
from hubdesk.db import backup
step = sys.argv[1]
backup.STEP_HOOK = lambda name: os._exit(99) if name == step else None
from hubdesk.cli import main
sys.exit(main(["--db", sys.argv[2], "restore", sys.argv[3]]))
"""


@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_a_process_killed_at_each_step_leaves_a_database_the_next_command_opens(template, tmp_path, step):
    """os._exit at each step (nothing cleaned up, no lock released by hand): the path holds the old
    database up to the replace and the new one from it; `check` passes on it; no empty database."""
    live, backup_file = _scenario(template, tmp_path)
    killed = _python(tmp_path, _KILL_AT, step, str(live), str(backup_file))
    assert killed.returncode == 99, killed.stderr
    replaced = RESTORE_STEPS.index(step) >= RESTORE_STEPS.index("replaced")
    assert _organizations(live) == (NEW_ROWS if replaced else OLD_ROWS)
    check = run("--db", str(live), "check", tmp_path=tmp_path)
    assert check.returncode == 0, check.stderr
    assert _organizations(live) == (NEW_ROWS if replaced else OLD_ROWS)
    again = run("--db", str(live), "restore", str(backup_file), tmp_path=tmp_path)   # the lock died with it
    assert again.returncode == 0, again.stderr
    assert _organizations(live) == NEW_ROWS
    assert not live.with_name("live.db.restoring").exists()
    kept = list(live.parent.glob("live.replaced-*.db"))
    assert not any(os.path.samefile(k, live) for k in kept)    # no second name of the live file is left
    assert len({os.stat(k).st_ino for k in kept}) == len(kept)
    assert len(kept) == (2 if replaced else 1) and all(_organizations(k) in (OLD_ROWS, NEW_ROWS) for k in kept)


def test_without_hard_links_the_old_file_is_copied_aside(template, tmp_path, monkeypatch):
    live, backup_file = _scenario(template, tmp_path)

    def no_links(*_a, **_k):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    result = restore_database(live, backup_file)
    assert result.aside is not None and _organizations(result.aside) == OLD_ROWS
    assert _organizations(live) == NEW_ROWS


def test_a_folder_at_the_database_path_is_refused(template, tmp_path):
    _live, backup_file = _scenario(template, tmp_path)
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(DatabaseProblem, match="not a database file"):
        restore_database(folder, backup_file)
    assert folder.is_dir() and not list(folder.iterdir())


# --- 3. no empty database in place of an interrupted restore's data ---------------------------------

def test_a_missing_database_with_restore_leftovers_is_not_created_empty(template, tmp_path):
    """An older hubdesk, interrupted between its two renames, left no database at the path; the next
    command created an empty one. Now it says where the data is, and creates nothing."""
    live, _backup = _scenario(template, tmp_path)
    aside = live.with_name("live.replaced-20261203-010203.db")
    os.replace(live, aside)
    os.replace(Path(str(live) + "-wal"), Path(str(aside) + "-wal"))
    Path(str(live) + "-shm").unlink()
    for command in (["check"], ["backup"], ["export", "organizations", str(tmp_path / "o.xlsx")]):
        result = run("--db", str(live), *command, tmp_path=tmp_path)
        assert result.returncode == 1, (command, result.stdout)
        assert "There is no database at" in result.stderr and aside.name in result.stderr, result.stderr
        assert not live.exists()
    assert _organizations(aside) == OLD_ROWS
    demo = run("--db", str(live), "demo", tmp_path=tmp_path)       # an explicit create still creates
    assert demo.returncode == 0, demo.stderr
    assert live.exists()


def test_a_new_database_is_still_created_where_nothing_was_left(tmp_path):
    db = open_database(tmp_path / "first.db")
    db.dispose()
    assert (tmp_path / "first.db").is_file()


# --- 4. refused while another hubdesk has the file open --------------------------------------------

_HOLD_OPEN = """
import sys
from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Organization
db = open_database(sys.argv[1])
with db.read() as s:
    s.query(Organization).count()
print("open", flush=True)
sys.stdin.readline()                     # the window stays open until told to write
with db.write() as s:
    s.add(Organization(name="written after the refused restore", kind=OrgKind.COMPANY))
print("written", flush=True)
sys.stdin.readline()
"""


def test_restore_is_refused_while_another_hubdesk_process_has_the_database_open(template, tmp_path):
    """The probe's case: the other process's next write went into the file put aside. Now the restore
    is refused with a sentence, and that write lands in the database at the path."""
    live, backup_file = _scenario(template, tmp_path)
    other = subprocess.Popen([sys.executable, "-c", _HOLD_OPEN, str(live)], cwd=tmp_path, env=_env(tmp_path),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "open"
        refused = run("--db", str(live), "restore", str(backup_file), tmp_path=tmp_path)
        assert refused.returncode == 1
        assert "open elsewhere" in refused.stderr and "Close hubdesk there first" in refused.stderr
        with pytest.raises(DatabaseProblem, match="open elsewhere"):
            restore_database(live, backup_file)
        assert not list(live.parent.glob("live.replaced-*")) and not live.with_name("live.db.restoring").exists()
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "written"
        assert _organizations(live) == OLD_ROWS + 1                    # the write went into the database
    finally:
        other.kill()                                                   # killed: the OS drops its lock
        other.wait()
    done = run("--db", str(live), "restore", str(backup_file), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _organizations(live) == NEW_ROWS


def test_an_open_database_in_this_process_blocks_a_restore_until_it_is_disposed(template, tmp_path):
    """The app's own restore disposes its Database first; the same object then reads the restored file."""
    live, backup_file = _scenario(template, tmp_path)
    db = open_database(live)
    try:
        with pytest.raises(DatabaseProblem, match="open elsewhere"):
            restore_database(live, backup_file)
        db.dispose()
        restore_database(live, backup_file)
        with db.read() as s:
            assert s.query(Organization).count() == NEW_ROWS
    finally:
        db.dispose()


_OPEN_AND_WRITE = """
import sys
from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Organization
db = open_database(sys.argv[1])
with db.write() as s:
    s.add(Organization(name="written during the restore", kind=OrgKind.COMPANY))
db.dispose()
"""


def test_a_hubdesk_started_during_a_restore_waits_and_writes_into_the_restored_file(template, tmp_path,
                                                                                  monkeypatch):
    live, backup_file = _scenario(template, tmp_path)
    started: list[subprocess.Popen] = []

    def hook(name):
        if name == "side_files_moved":          # the moment before the replace
            started.append(subprocess.Popen([sys.executable, "-c", _OPEN_AND_WRITE, str(live)], cwd=tmp_path,
                                            env=_env(tmp_path), stderr=subprocess.PIPE, text=True))
            time.sleep(3)                       # it has started and waits for the lock

    monkeypatch.setattr(backup_module, "STEP_HOOK", hook)
    result = restore_database(live, backup_file)
    _out, err = started[0].communicate(timeout=120)
    assert started[0].returncode == 0, err
    assert _organizations(live) == NEW_ROWS + 1
    assert _organizations(result.aside) == OLD_ROWS


# --- 5. a file without hubdesk's tables ----------------------------------------------------------------

def _only_revision(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    conn.commit()
    conn.close()


def test_a_file_holding_only_the_revision_is_unhealthy_and_refused(template, tmp_path):
    hollow = tmp_path / "hollow.db"
    _only_revision(hollow, migrate.HEAD_REVISION)
    check = run("--db", str(hollow), "check", tmp_path=tmp_path)
    assert check.returncode == 1
    assert "tables are missing" in check.stderr and "organization" in check.stderr

    live, _backup = _scenario(template, tmp_path)
    before = live.read_bytes()
    refused = run("--db", str(live), "restore", str(hollow), tmp_path=tmp_path)
    assert refused.returncode == 1
    assert "not a complete hubdesk database" in refused.stderr and "tables are missing" in refused.stderr
    older = tmp_path / "older.db"
    _only_revision(older, "0001_initial")
    refused = run("--db", str(live), "restore", str(older), tmp_path=tmp_path)
    assert refused.returncode == 1 and "not a complete hubdesk database" in refused.stderr, refused.stderr
    assert live.read_bytes() == before and _organizations(live) == OLD_ROWS
    assert not list(live.parent.glob("live.replaced-*")) and not live.with_name("live.db.restoring").exists()


def test_check_names_a_missing_column(tmp_path):
    path = tmp_path / "cut.db"
    db = open_database(path)
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE organization DROP COLUMN website")
    conn.commit()
    conn.close()
    check = run("--db", str(path), "check", tmp_path=tmp_path)
    assert check.returncode == 1
    assert "column website of table organization is missing" in check.stderr


# --- 6. audited in the restored file; demo audited ----------------------------------------------------

def test_the_restore_is_audited_in_the_restored_file(template, tmp_path):
    import getpass
    import json

    live, backup_file = _scenario(template, tmp_path)
    assert _restore_audit_rows(backup_file) == []
    before = time.time()
    result = run("--db", str(live), "restore", str(backup_file), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = _restore_audit_rows(live)
    assert len(rows) == 1
    actor, after = rows[0]
    assert actor == f"os:{getpass.getuser()}"
    after = json.loads(after)
    assert after["restored_from"] == str(backup_file)
    aside = next(live.parent.glob("live.replaced-*.db"))
    assert after["replaced_file_kept_as"] == str(aside)
    conn = sqlite3.connect(live)
    at = conn.execute("SELECT at FROM audit_event WHERE entity = 'database'").fetchone()[0]
    conn.close()
    import datetime as dt

    stamp = dt.datetime.fromisoformat(at).replace(tzinfo=dt.timezone.utc).timestamp()
    assert before - 5 <= stamp <= time.time() + 5


def test_demo_data_is_audited(tmp_path):
    import json

    path = tmp_path / "demo.db"
    result = run("--db", str(path), "demo", "--seed", "3", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = _restore_audit_rows(path)
    assert len(rows) == 1 and rows[0][0].startswith("os:")
    after = json.loads(rows[0][1])
    assert after["demo_data"] == "small, seed 3" and after["rows"] > 100
