"""Writing an output file (a PDF, a workbook, an .ics file, a copy) without destroying anything.

Every file hubdesk writes for a person goes through `replacing(path)`:

- the target is refused, with a sentence, when it is an open database or one of its side files
  (`-wal`, `-shm`, `-journal`), or when it exists and is not a regular file (a folder, a device such
  as /dev/null, a pipe): writing there would destroy the data or the device;
- the content is written to a temporary file beside the target and renamed over it only when it
  is complete, so a failure or a kill leaves the old file (or none), never half a file;
- the new file gets the mode an ordinary new file would get (0666 less the umask), or the mode
  of the file it replaces, not the 0600 of a temporary file.

`hubdesk.db.database.Database` protects the SQLite file it opens for as long as it is open.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from hubdesk.errors import DomainError
from hubdesk.i18n import _

SIDE_FILES = ("-wal", "-shm", "-journal")

_lock = threading.Lock()
_protected: dict[Path, int] = {}      # an open database's file → how many times it is open


def _key(path: str | Path) -> Path:
    return Path(os.path.abspath(os.path.expanduser(str(path))))


def protect(database_file: str | Path) -> None:
    """Refuse outputs onto `database_file` and its side files until `release` is called as often."""
    key = _key(database_file)
    with _lock:
        _protected[key] = _protected.get(key, 0) + 1


def release(database_file: str | Path) -> None:
    key = _key(database_file)
    with _lock:
        left = _protected.get(key, 0) - 1
        if left > 0:
            _protected[key] = left
        else:
            _protected.pop(key, None)


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _protected_database(target: Path) -> Path | None:
    with _lock:
        databases = list(_protected)
    for database in databases:
        if _same(target, database):
            return database
        for suffix in SIDE_FILES:
            if _same(target, Path(str(database) + suffix)):
                return database
    return None


def check_target(path: str | Path) -> Path:
    """The output path, made absolute; refused with a sentence when writing it would destroy an open
    database, a side file of one, or something that is not a regular file."""
    target = _key(path)
    database = _protected_database(target)
    if database is not None:
        raise DomainError(_("{file} is the database hubdesk has open ({database}), or one of its files; writing "
                            "there would destroy it. Choose another file name.")
                          .format(file=target, database=database), code="output_is_database")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError:
        return target                      # unreadable: the write itself will say why
    if stat.S_ISDIR(info.st_mode):
        raise DomainError(_("{file} is a folder. Choose a file name inside it.").format(file=target),
                          code="output_is_folder")
    if not stat.S_ISREG(info.st_mode):
        raise DomainError(_("{file} is not an ordinary file (a device or a pipe); writing there would not give you "
                            "a file. Choose another file name.").format(file=target), code="output_not_a_file")
    return target


def _umask() -> int:
    """The process's umask, read without changing it (another thread may be creating a file)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


@contextmanager
def replacing(path: str | Path, *, suffix: str = ".part") -> Iterator[Path]:
    """Give a temporary path beside `path` to write; when the block ends without an error, it
    becomes `path` (checked first by `check_target`); otherwise it is removed."""
    target = check_target(path)
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".hubdesk-", suffix=suffix, dir=folder)
    except FileNotFoundError:
        raise DomainError(_("Cannot write {file}: the folder {folder} does not exist. Choose another folder.")
                          .format(file=target.name, folder=folder), code="no_folder") from None
    except PermissionError:
        raise DomainError(_("Cannot write {file}: you may not write to the folder {folder}. Choose another "
                            "folder.").format(file=target.name, folder=folder), code="unwritable") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        check_target(target)               # nothing became the database while the file was written
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise DomainError(_("Cannot write {file}: it is open in another program or the folder is "
                                "read-only. Close it and try again.").format(file=target.name),
                              code="unwritable") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


__all__ = ["SIDE_FILES", "check_target", "protect", "release", "replacing"]
