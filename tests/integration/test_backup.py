import datetime as dt
import os
import sqlite3

import pytest

from hubdesk.db.backup import automatic_backup, backup_database, list_backups, restore_database, verify_backup
from hubdesk.db.database import open_database
from hubdesk.db.enums import OrgKind
from hubdesk.db.schema import Organization
from hubdesk.errors import DatabaseProblem
from tests.checks import set_schema_revision


def _dump(path):
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _fill(db, n=30):
    with db.write() as s:
        for i in range(n):
            s.add(Organization(name=f"회사 {i} – Công ty 🌿", kind=OrgKind.COMPANY))


def test_backup_damage_restore_gives_identical_data(tmp_path):
    live = tmp_path / "live.db"
    db = open_database(live)
    _fill(db)
    out = backup_database(db, tmp_path / "b" / "copy.db")
    assert verify_backup(out)
    before = _dump(out)
    db.dispose()
    # damage the live file in its middle
    data = bytearray(live.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    live.write_bytes(bytes(data))
    aside = restore_database(live, out).aside
    assert aside.exists() and aside != live
    after = _dump(live)
    added = [line for line in after if line not in before]
    assert [line for line in after if line in before] == before     # every row of the backup, unchanged
    assert len(added) == 1 and added[0].startswith('INSERT INTO "audit_event"')   # and the restore's audit row
    assert "'database'" in added[0] and str(out) in added[0]
    reopened = open_database(live)
    with reopened.read() as s:
        assert s.query(Organization).count() == 30
    reopened.dispose()


def test_backup_of_live_database_with_open_writer_is_consistent(tmp_path):
    db = open_database(tmp_path / "live.db")
    _fill(db, 5)
    other = sqlite3.connect(tmp_path / "live.db")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO setting(key, value) VALUES ('half', 'done')")
    out = backup_database(db, tmp_path / "copy.db")  # the uncommitted row is not in the copy
    other.rollback()
    other.close()
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM setting WHERE key='half'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM organization").fetchone()[0] == 5
    conn.close()
    db.dispose()


def test_automatic_backup_at_most_daily_with_retention(tmp_path):
    db = open_database(tmp_path / "live.db")
    _fill(db, 2)
    folder = tmp_path / "auto"
    first = automatic_backup(db, folder, retention=3)
    assert first is not None
    assert automatic_backup(db, folder, retention=3) is None  # same day: skipped
    made = [first]
    for i in range(4):
        old = dt.datetime.now().timestamp() - 86400 * (i + 2)
        for p in list_backups(folder):
            os.utime(p, (old, old))
        made.append(automatic_backup(db, folder, retention=3, force=True))
    assert len(list_backups(folder)) == 3
    db.dispose()


def test_restore_refuses_newer_schema_and_non_database(tmp_path):
    db = open_database(tmp_path / "live.db")
    _fill(db, 1)
    out = backup_database(db, tmp_path / "copy.db")
    db.dispose()
    set_schema_revision(out)
    live_before = (tmp_path / "live.db").read_bytes()
    with pytest.raises(DatabaseProblem, match="newer version of hubdesk"):
        restore_database(tmp_path / "live.db", out)
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    with pytest.raises(DatabaseProblem, match="not a hubdesk backup"):
        restore_database(tmp_path / "live.db", text)
    assert (tmp_path / "live.db").read_bytes() == live_before


def test_backup_refused_for_postgresql(pg_url):
    db = open_database(pg_url)
    with pytest.raises(DatabaseProblem, match="pg_dump"):
        backup_database(db)
    db.dispose()


def test_a_folder_named_with_percent_hash_and_question_mark_is_that_folder(tmp_path):
    """Issue 15, finding 8: `--db 'sp%20dir/t.db'` opened 'sp dir/t.db', and a '#' in a folder name
    broke every backup (the path became a URL without being escaped). Now the database, its backup,
    the backup's check and a restore all stay in the folder named, and nothing is made elsewhere."""
    from tests.integration.test_cli import run

    folder = tmp_path / "sp%20dir" / "#1 ?x"
    folder.mkdir(parents=True)
    db = folder / "t.db"
    assert run("--db", str(db), "demo", "--size", "small", "--seed", "2", tmp_path=tmp_path).returncode == 0
    assert db.is_file() and not (tmp_path / "sp dir").exists()
    made = run("--db", str(db), "backup", tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    backups = list_backups(folder / "backups")
    assert len(backups) == 1 and verify_backup(backups[0])
    restored = run("--db", str(db), "restore", str(backups[0]), tmp_path=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert run("--db", str(db), "check", tmp_path=tmp_path).returncode == 0
    assert sorted(p.name for p in (tmp_path / "sp%20dir").iterdir()) == ["#1 ?x"]
    assert not any(p.name in ("sp dir", "#1 ") for p in tmp_path.rglob("*"))


def test_backups_leave_nothing_but_the_backup_files_and_restore_in_wal(tmp_path):
    """The copy's connection was left in the live file's WAL mode, so verifying it read only left
    <name>.partial-wal and <name>.partial-shm in backups/ at every quit; a backup is now one file."""
    live = tmp_path / "live.db"
    db = open_database(live)
    _fill(db, 5)
    folder = tmp_path / "backups"
    made = [automatic_backup(db, folder, force=True), backup_database(db, folder / "by-hand.db")]
    db.dispose()
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in made)
    conn = sqlite3.connect(made[0])
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    restore_database(live, made[0])
    reopened = open_database(live)
    try:
        with reopened.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"   # the live database again
        with reopened.read() as s:
            assert s.query(Organization).count() == 5
    finally:
        reopened.dispose()
