"""Consistent backups of a SQLite database (the online backup API, never a file copy of a live
file), each verified by opening it and running an integrity check; retention; restore.

A restore never leaves the path without a whole database: the backup is copied beside the
target, brought to this hubdesk's schema, checked and audited there, written to disk, and put in
place with one `os.replace`. The old file is first folded together with its write-ahead log
(when it can still be read) and kept aside under a second name (a hard link, or a copy), and its
side files are moved to that name before the replace, so that no -wal or -journal of the old file
is ever applied to the new one. See `restore_database` for the order and why.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from hubdesk import output_files, paths
from hubdesk.db import migrate
from hubdesk.db.engine import SQLITE_HEADER, sqlite_online_copy, sqlite_uri, sqlite_url
from hubdesk.db.file_lock import FileLock, lock_path
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
    if revision == migrate.HEAD_REVISION:     # an older one is checked once migrated, by the restore
        _refuse_incomplete(path, migrate.file_schema_problems(path))
    return revision


def _refuse_incomplete(path: Path, problems: list[str]) -> None:
    if problems:
        raise DatabaseProblem(_("{path} is not a complete hubdesk database ({problem}). Choose another "
                                "backup; nothing was changed.").format(path=path, problem=problems[0]))


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
    out = paths.user_path(out).resolve()
    if out == source:
        raise DatabaseProblem(_("A backup cannot overwrite the database itself. Choose another file name."))
    output_files.check_target(out)          # nor its side files, another open database or a device
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # written and verified beside the target, then renamed: a failure leaves what was there
        with output_files.replacing(out, suffix=".partial") as tmp:
            sqlite_online_copy(db.engine, tmp)
            verify_backup(tmp)
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


# The steps of a restore, in order. STEP_HOOK (None in use) is called with each name once that step
# is done: the fault-injection tests raise there, or end the process there, and then check that the
# path still holds a whole database, the old one or the new one.
RESTORE_STEPS = ("locked", "copied", "prepared", "copy_synced", "checkpointed", "kept_aside",
                 "side_files_moved", "replaced", "folder_synced")
STEP_HOOK: Callable[[str], None] | None = None
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


@dataclass(frozen=True)
class RestoreResult:
    target: Path
    backup: Path
    aside: Path | None      # where the replaced file was kept; None when there was no database at the path
    damaged: bool           # the replaced file could not be read as a database (kept aside all the same)


def in_use_problem(target: Path) -> DatabaseProblem:
    return DatabaseProblem(_("hubdesk has the database {path} open elsewhere (another window or program, "
                             "here or on another computer). Close hubdesk there first, then restore "
                             "again; nothing was changed.").format(path=target))


def restore_database(target: Path, backup: Path) -> RestoreResult:
    """Replace the database file `target` by a verified backup, in place of the old file at one
    instant. The old file is kept aside (`RestoreResult.aside`), even when it is damaged.

    Refused, with nothing changed, while hubdesk has `target` open anywhere (the shared lock every
    open `Database` holds), for a backup that is damaged, newer or not a whole hubdesk database.

    The order, and what the path holds when a step fails or the process dies after it:
    1. the backup is copied to `<name>.restoring` beside the target (the online backup API), brought
       to this hubdesk's schema, its tables checked, and an audit row written into it that says who
       restored which backup; then it is written to disk (fsync). The path: the old database.
    2. the old file's write-ahead log is folded into it (checkpoint) when the file can still be read,
       so the old main file alone is the whole old database. A damaged file is not opened at all.
    3. the old file gets a second name, the aside name (a hard link; a copy where links are not
       possible). The path: the old database, now under two names.
    4. the old side files (-wal, -shm, -journal) are moved to the aside name. After step 2 they hold
       nothing the main file lacks, so the path still holds the old database; had they stayed, the
       new file would have been given the old file's log to replay, and a damaged file's log
       belongs with the damaged file it is kept with.
    5. `os.replace` puts the prepared copy at the path: one rename, the old database or the new one.
    6. the folder is written to disk, so the rename survives a power cut.
    """
    target = paths.user_path(target).resolve()
    backup = paths.user_path(backup).resolve()
    verify_backup(backup)
    if backup == target:
        raise DatabaseProblem(_("The backup and the database are the same file. Choose another backup."))
    if target.exists() and not target.is_file():
        raise DatabaseProblem(_("{path} is not a database file (it is a folder or a device). Give the path of "
                                "the database file; nothing was changed.").format(path=target))
    lock = FileLock(lock_path(target), exclusive=True)
    try:
        taken = lock.acquire(timeout=1.0)
    except OSError as exc:
        raise DatabaseProblem(_("Cannot restore into {path}: {detail}. Check that you may write to its folder.")
                              .format(path=target, detail=exc.strerror or exc)) from None
    if not taken:
        raise in_use_problem(target)
    try:
        return _restore_locked(target, backup)
    finally:
        lock.release()


def _aside_path(target: Path) -> Path:
    stamp = _stamp()
    suffix = target.suffix or ".db"
    aside = target.with_name(f"{target.stem}.replaced-{stamp}{suffix}")
    n = 1
    while aside.exists() or any(Path(str(aside) + s).exists() for s in SIDE_SUFFIXES):
        aside = target.with_name(f"{target.stem}.replaced-{stamp}-{n:02d}{suffix}")
        n += 1
    return aside


def _restore_locked(target: Path, backup: Path) -> RestoreResult:
    _step("locked")
    tmp = target.with_name(target.name + ".restoring")
    had_file = target.exists()
    aside = _aside_path(target)
    linked = False
    moved: list[tuple[Path, Path]] = []
    replaced = False
    damaged = False
    try:
        _remove_with_side_files(tmp)        # left by an interrupted restore
        _remove_second_names(target)
        _copy(backup, tmp)
        _step("copied")
        _prepare(tmp, backup, aside if had_file else None)
        _step("prepared")
        _fsync_file(tmp)
        _step("copy_synced")
        if had_file:
            damaged = not _fold_log_into_file(target)
            _step("checkpointed")
            _keep_aside(target, aside)
            linked = True
            _step("kept_aside")
        for suffix in SIDE_SUFFIXES:
            side = Path(str(target) + suffix)
            if side.exists():
                os.replace(side, Path(str(aside) + suffix))
                moved.append((Path(str(aside) + suffix), side))
        _step("side_files_moved")
        os.replace(tmp, target)
        replaced = True
        _step("replaced")
        _fsync_folder(target.parent)
        _step("folder_synced")
    except BaseException as exc:
        if not replaced:
            _undo(tmp, aside if linked else None, moved)
        if isinstance(exc, sqlite3.Error):
            raise DatabaseProblem(_("Cannot restore into {path}: {detail}. Nothing was changed; check the "
                                    "backup and the free space, then try again.")
                                  .format(path=target, detail=exc)) from None
        if isinstance(exc, OSError):
            raise DatabaseProblem(_("Cannot restore into {path}: {detail}. Check that you may write to its "
                                    "folder and that the disk has free space.")
                                  .format(path=target, detail=exc.strerror or exc)) from None
        raise
    return RestoreResult(target, backup, aside if had_file else None, damaged)


def _copy(backup: Path, tmp: Path) -> None:
    src = sqlite3.connect(sqlite_uri(backup, mode="ro"), uri=True)
    try:
        dest = sqlite3.connect(tmp)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")   # one self-contained file until it is in place
        finally:
            dest.close()
    finally:
        src.close()


def _prepare(tmp: Path, backup: Path, aside: Path | None) -> None:
    """Bring the copy to this hubdesk's schema (an older backup is migrated here, before it is in
    place), refuse it when its tables are not hubdesk's, and audit the restore inside it."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    from hubdesk.db import audit
    from hubdesk.db.database import Database

    engine = create_engine(sqlite_url(tmp))     # no WAL: the copy stays one file
    try:
        try:
            if migrate.current_revision(engine) != migrate.HEAD_REVISION:
                migrate.upgrade(engine)
            with engine.connect() as conn:
                problems = migrate.schema_problems(conn)
        except (SQLAlchemyError, RuntimeError) as exc:
            problems = [str(getattr(exc, "orig", exc))]
        _refuse_incomplete(backup, problems)
        db = Database(sqlite_url(tmp), engine, hold_lock=False)
        try:
            with db.write() as session:
                audit.record_database_event(session, {
                    "restored_from": str(backup),
                    "replaced_file_kept_as": str(aside) if aside is not None else None,
                })
                new_exchange_identity(session)
        finally:
            db.dispose()
    finally:
        engine.dispose()


def new_exchange_identity(session) -> None:
    """A restored database exchanges as a new installation of the same foundation: its change
    counter went back with the backup, and counting again under the old identity would give new
    changes numbers the other PCs already hold (hubdesk.domain.exchange_clock). What it holds of
    its old identity's changes stays known under the old id."""
    from sqlalchemy import select

    from hubdesk.db.schema import Installation, new_uid

    me = session.scalars(select(Installation).where(Installation.is_self.is_(True))).first()
    if me is None:
        return
    knows = dict(me.knows or {})
    me.uid, me.counter = new_uid(), 0
    knows[me.uid] = 0
    me.knows = knows
    session.flush()


def _fold_log_into_file(target: Path) -> bool:
    """Checkpoint the old file's write-ahead log into it, so that the main file alone is the whole
    database; False when the file cannot be read as a database (it is then left untouched)."""
    try:
        with target.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError:
        return False
    if header and header != SQLITE_HEADER:
        return False
    try:
        conn = sqlite3.connect(sqlite_uri(target), uri=True)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    if busy:
        raise DatabaseProblem(_("Another program is reading or writing the database {path}. Close it, then "
                                "restore again; nothing was changed.").format(path=target))
    return True


def _keep_aside(target: Path, aside: Path) -> None:
    """A second name for the old file, which keeps it when the restored file takes the path."""
    try:
        os.link(target, aside)
        return
    except OSError:
        pass                        # a file system without hard links: a copy, written whole
    partial = aside.with_name(aside.name + ".partial")
    shutil.copyfile(target, partial)
    _fsync_file(partial)
    os.replace(partial, aside)


def _remove_second_names(target: Path) -> None:
    """A restore killed between steps 3 and 5 leaves the aside name as a second name of the live
    file (a hard link): it is no copy, and opened on its own it would get a log of its own beside
    the live file's. Such names are removed; a real kept-aside file is another file and stays."""
    if not target.exists():
        return
    for name in target.parent.glob(glob.escape(target.stem) + ".replaced-*"):
        try:
            if name.is_file() and os.path.samefile(name, target):
                name.unlink()
        except OSError:
            pass


def _undo(tmp: Path, aside: Path | None, moved: list[tuple[Path, Path]]) -> None:
    """After a failure before the replace: the side files go back, the copy and the second name go."""
    for now, was in reversed(moved):
        try:
            os.replace(now, was)
        except OSError:
            pass
    if aside is not None:
        aside.unlink(missing_ok=True)
    _remove_with_side_files(tmp)


def _remove_with_side_files(path: Path) -> None:
    for p in (path, *(Path(str(path) + s) for s in SIDE_SUFFIXES)):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder; NTFS logs the rename itself
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass    # the rename is done; a file system that cannot sync a folder (EINVAL) keeps it as it can
