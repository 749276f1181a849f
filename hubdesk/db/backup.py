"""Consistent backups of a SQLite database (the online backup API, never a file copy of a live
file), each verified by opening it and running an integrity check; retention; restore."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from hubdesk import output_files, paths
from hubdesk.db import migrate
from hubdesk.db.engine import sqlite_online_copy, sqlite_uri
from hubdesk.errors import DatabaseProblem
from hubdesk.i18n import _

DEFAULT_RETENTION = 10
AUTO_INTERVAL = dt.timedelta(days=1)
PREFIX = "hubdesk-"


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _new_backup_path(folder: Path) -> Path:
    stamp = _stamp()
    path = folder / f"{PREFIX}{stamp}.db"
    n = 1
    while path.exists():
        path = folder / f"{PREFIX}{stamp}-{n:02d}.db"
        n += 1
    return path


def verify_backup(path: Path) -> str:
    """Open a backup, run the integrity check and return its schema revision; refuse a damaged one,
    one that is not a hubdesk database, or one from a newer hubdesk."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseProblem(_("The backup {path} does not exist. Check the path.").format(path=path))
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise DatabaseProblem(_("{path} is not a hubdesk backup (it is not a SQLite file). "
                                    "Choose another file.").format(path=path))
    try:
        conn = sqlite3.connect(sqlite_uri(Path(path), mode="ro"), uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = revision[0] if revision else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(_("The backup {path} is damaged ({detail}). Choose another backup.")
                              .format(path=path, detail=exc)) from None
    if result != ["ok"]:
        raise DatabaseProblem(_("The backup {path} failed its integrity check. Choose another backup.")
                              .format(path=path))
    if revision is None:
        raise DatabaseProblem(_("{path} is not a hubdesk database. Choose another file.").format(path=path))
    if revision not in migrate.known_revisions():
        raise DatabaseProblem(_("The backup {path} comes from a newer version of hubdesk (schema {rev}). "
                                "Install that version to restore it; nothing was changed.")
                              .format(path=path, rev=revision))
    return revision


def _require_sqlite(db) -> Path:
    if not db.is_sqlite or db.path is None:
        raise DatabaseProblem(_("Backups from hubdesk are for the embedded SQLite database. Back up a "
                                "PostgreSQL server with its own tools (pg_dump)."))
    return db.path


def backup_database(db, out: Path | None = None) -> Path:
    """Write a consistent, verified copy of the open database; returns its path."""
    source = _require_sqlite(db)
    if out is None:
        folder = paths.backups_dir() if source == paths.default_database_path() else source.parent / "backups"
        out = _new_backup_path(folder)
    out = Path(out).expanduser().resolve()
    if out == source:
        raise DatabaseProblem(_("A backup cannot overwrite the database itself. Choose another file name."))
    output_files.check_target(out)          # nor its side files, another open database or a device
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".partial")
        tmp.unlink(missing_ok=True)
        sqlite_online_copy(db.engine, tmp)
        verify_backup(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        raise DatabaseProblem(_("Cannot write the backup {path}: {detail}. Choose a folder you can write to "
                                "with free space.").format(path=out, detail=exc.strerror or exc)) from None
    except sqlite3.Error as exc:
        raise DatabaseProblem(_("Cannot write the backup {path}: {detail}. Choose a folder you can write to "
                                "with free space.").format(path=out, detail=exc)) from None
    return out


def list_backups(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    # oldest first, by when each was written (two taken in one second are named -01, -02...,
    # which would not sort after the first by name)
    return sorted((p for p in folder.glob(f"{PREFIX}*.db") if p.is_file()),
                  key=lambda p: (p.stat().st_mtime, p.name))


def automatic_backup(db, folder: Path | None = None, *, retention: int = DEFAULT_RETENTION,
                     now: dt.datetime | None = None, force: bool = False) -> Path | None:
    """The backup taken on exit: at most one a day, the newest `retention` kept."""
    source = _require_sqlite(db)
    folder = folder or (paths.backups_dir() if source == paths.default_database_path()
                        else source.parent / "backups")
    now = now or dt.datetime.now()
    existing = list_backups(folder)
    if existing and not force:
        newest = dt.datetime.fromtimestamp(existing[-1].stat().st_mtime)
        if now - newest < AUTO_INTERVAL:
            return None
    made = backup_database(db, _new_backup_path(folder))
    for old in list_backups(folder)[:-retention] if retention > 0 else []:
        old.unlink(missing_ok=True)
    return made


def restore_database(target: Path, backup: Path) -> Path:
    """Replace the database file `target` by a verified backup. The current file is kept aside
    (returned). No connection to `target` may be open."""
    target = Path(target).expanduser().resolve()
    backup = Path(backup).expanduser().resolve()
    verify_backup(backup)
    if backup == target:
        raise DatabaseProblem(_("The backup and the database are the same file. Choose another backup."))
    aside = target.with_name(f"{target.stem}.replaced-{_stamp()}{target.suffix or '.db'}")
    tmp = target.with_name(target.name + ".restoring")
    try:
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(sqlite_uri(backup, mode="ro"), uri=True)
        try:
            dest = sqlite3.connect(tmp)
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        if target.exists():
            # fold the live file's WAL into it before keeping it aside, so the kept copy is whole
            live = sqlite3.connect(target)
            try:
                live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                live.close()
            shutil.move(str(target), str(aside))
            for suffix in ("-wal", "-shm"):
                side = Path(str(target) + suffix)
                if side.exists():
                    shutil.move(str(side), str(aside) + suffix)
        os.replace(tmp, target)
    except sqlite3.OperationalError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseProblem(_("Cannot restore into {path}: {detail}. Close every hubdesk window using it and "
                                "try again.").format(path=target, detail=exc)) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseProblem(_("Cannot restore into {path}: {detail}. Check that you may write to its folder.")
                              .format(path=target, detail=exc.strerror or exc)) from None
    return aside
