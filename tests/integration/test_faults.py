"""Faults: killed mid-write, disk full, database locked by another program, read-only folder.
Each ends with the database healthy, every committed change kept and no half-done one."""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Organization, Setting
from hubdesk.errors import DatabaseProblem
from tests.checks import sqlite_value

ROOT = Path(__file__).resolve().parents[2]
KILL_ROUNDS = int(os.environ.get("HUBDESK_KILL_ROUNDS", "10"))
ROWS = 1500


def _cli(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "hubdesk", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT, **kw)


def _org_csv(path: Path, prefix: str, n: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "kind", "region", "contact_name"])
        for i in range(n):
            w.writerow([f"{prefix} 한약 Công ty {i:05d}", "company", "충청북도", f"담당 {i}"])


def _count(db_path: Path, prefix: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM organization WHERE name LIKE ?", (prefix + " %",)).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_import_killed_at_random_points_is_all_or_nothing(tmp_path):
    db_path = tmp_path / "kill.db"
    db = open_database(db_path)
    db.dispose()
    rng = random.Random(20261123)
    # how long a whole import takes here, to spread the kill points over it
    _org_csv(tmp_path / "warm.csv", "warm", ROWS)
    t0 = time.monotonic()
    done = _cli("--db", str(db_path), "import", "organizations", str(tmp_path / "warm.csv"))
    full = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    outcomes = {"complete": 0, "absent": 0}
    for round_no in range(KILL_ROUNDS):
        prefix = f"r{round_no:02d}"
        csv_path = tmp_path / f"{prefix}.csv"
        _org_csv(csv_path, prefix, ROWS)
        proc = subprocess.Popen([sys.executable, "-m", "hubdesk", "--db", str(db_path), "import",
                                 "organizations", str(csv_path)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, full * 1.4))
        proc.kill()  # SIGKILL: no cleanup, like a power cut for the process
        proc.wait()
        check = _cli("--db", str(db_path), "check")
        assert check.returncode == 0, check.stderr
        n = _count(db_path, prefix)
        assert n in (0, ROWS), f"round {round_no}: {n} of {ROWS} rows: a half-done import"
        outcomes["complete" if n == ROWS else "absent"] += 1
    assert _count(db_path, "warm") == ROWS  # committed earlier, kept through every kill
    print(f"\nkill points tried: {KILL_ROUNDS}, survived: {KILL_ROUNDS}, outcomes: {outcomes}")


def _fill_until_full(db, start: int = 0) -> int:
    committed = start
    with pytest.raises(DatabaseProblem) as err:
        for i in range(start, start + 100000):
            with db.write() as s:
                s.add(Setting(key=f"filler-{i}", value="x" * 4000))
            committed = i + 1
    assert "full" in err.value.message and "nothing was saved" in err.value.message
    return committed


def test_disk_full_is_a_sentence_and_keeps_committed_rows(tmp_path):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(mount)],
                             capture_output=True).returncode == 0
    try:
        if mounted:
            # a real full file system
            db = open_database(mount / "full.db")
        else:
            # no permission to mount here: SQLite's own page limit gives the same SQLITE_FULL
            from sqlalchemy import event

            db = open_database(tmp_path / "full.db")
            event.listen(db.engine, "connect",
                         lambda c, _r: c.execute("PRAGMA max_page_count = 400"))
            db.engine.dispose()
        committed = _fill_until_full(db)
        assert committed > 0
        db.dispose()
        path = (mount if mounted else tmp_path) / "full.db"
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM setting WHERE key LIKE 'filler-%'").fetchone()[0] == committed
        finally:
            conn.close()
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def test_database_locked_longer_than_busy_timeout(tmp_path):
    db_path = tmp_path / "locked.db"
    db = open_database(db_path)
    with db.write() as s:
        s.add(Organization(name="기존 회원사", kind=OrgKind.COMPANY))
    db.dispose()
    before = _count_all(db_path)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        _org_csv(tmp_path / "few.csv", "few", 3)
        result = _cli("--db", str(db_path), "import", "organizations", str(tmp_path / "few.csv"),
                      env={"HUBDESK_BUSY_TIMEOUT": "0.5"}, timeout=120)
    finally:
        blocker.rollback()
        blocker.close()
    assert result.returncode == 1
    assert "locked by another program" in result.stderr
    assert "Traceback" not in result.stderr
    assert _count_all(db_path) == before


def _count_all(db_path: Path) -> int:
    return sqlite_value(db_path, "SELECT count(*) FROM organization")


def test_read_only_folder_as_unprivileged_user(tmp_path):
    """Root may write anywhere, so the command runs as `nobody` in a folder it cannot write."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="hubdesk-ro-", dir="/tmp"))
    os.chmod(base, 0o755)  # others may enter, only root may write
    folder = base / "readonly"
    folder.mkdir(mode=0o755)
    target = folder / "new.db"
    cmd = [sys.executable, "-m", "hubdesk", "--db", str(target), "backup"]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                                env={**os.environ, "HOME": str(base), "HUBDESK_DATA_DIR": str(base / "ud")})
        assert result.returncode == 1, result.stderr
        assert "read-only" in result.stderr and "Traceback" not in result.stderr
        assert not target.exists()
    finally:
        import shutil

        shutil.rmtree(base, ignore_errors=True)


def test_two_app_sessions_on_one_file_work_side_by_side(tmp_path):
    path = tmp_path / "shared.db"
    first = open_database(path)
    second = open_database(path)
    with first.write() as s:
        s.add(Organization(name="A", kind=OrgKind.COMPANY))
    with second.write() as s:
        s.add(Organization(name="B", kind=OrgKind.COMPANY))
    with first.read() as s:
        assert {o.name for o in s.query(Organization)} == {"A", "B"}
    first.dispose()
    second.dispose()
