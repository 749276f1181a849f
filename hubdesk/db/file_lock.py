"""Who has a SQLite database open: an operating-system lock on `<database>.lock` beside it.

Every open `Database` holds a shared lock on that file while it has connections; a restore takes
it exclusively, so it is refused while hubdesk has the database open in another window, program or
computer, and nobody opens the database while a restore replaces it. The operating system
releases the lock when the process ends, even when it is killed, so a crash never leaves the
database locked. The lock file itself stays beside the database (removing it would race with the
next opener); it holds nothing.

Linux and macOS: `flock` (shared / exclusive). Windows has no shared lock in `msvcrt`, so there a
shared holder locks one byte at a random offset of a range and the exclusive holder the whole
range: it succeeds only when no shared holder is left.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

_RANGE = 1 << 16          # Windows: the bytes shared holders choose from, all taken by the exclusive one

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int, exclusive: bool) -> tuple[int, int] | None:
        """(offset, length) locked, or None when another holder is in the way."""
        offset, length = (0, _RANGE) if exclusive else (random.randrange(1, _RANGE), 1)
        try:
            os.lseek(fd, offset, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, length)
        except OSError:
            return None
        return offset, length

    def _unlock(fd: int, held: tuple[int, int]) -> None:
        os.lseek(fd, held[0], os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, held[1])
else:
    import fcntl

    def _lock(fd: int, exclusive: bool) -> tuple[int, int] | None:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        return 0, 0

    def _unlock(fd: int, held: tuple[int, int]) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class FileLock:
    """A shared or exclusive lock on one file, taken with `acquire(timeout)` and given back with
    `release()`. One object per holder: two objects in one process exclude each other as two
    processes do."""

    def __init__(self, path: Path, *, exclusive: bool):
        self.path = Path(path)
        self.exclusive = exclusive
        self._fd: int | None = None
        self._held = (0, 0)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 0.0) -> bool:
        """Take the lock, waiting at most `timeout` seconds; False when someone else holds it.
        Raises OSError when the lock file cannot be created."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        deadline = time.monotonic() + timeout
        while True:
            held = _lock(fd, self.exclusive)
            if held is not None:
                self._fd, self._held = fd, held
                return True
            if time.monotonic() >= deadline:
                os.close(fd)
                return False
            time.sleep(0.05)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd, self._held)
        except OSError:
            pass
        finally:
            os.close(fd)
