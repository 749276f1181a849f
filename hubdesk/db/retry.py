"""Run a write again when the database server stopped it only because another session was writing
the same rows at the same moment (a deadlock, or a serialization failure): the transaction was
rolled back whole, and the same work tried again a moment later goes through. A person is never
told "try again" for what the program can try again by itself.

`retrying(attempt)` calls `attempt()` (which opens its own transaction each time) up to
`ATTEMPTS` times, with a short random pause between tries; any other error, and the last try's,
is raised as it comes. `RETRIED` counts the tries made again in this process (the load test reports
it).
"""

from __future__ import annotations

import random
import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")

# SQLSTATEs a server gives a transaction it stopped for another's sake: deadlock, serialization
TRANSIENT_SQLSTATES = ("40P01", "40001")
ATTEMPTS = 5
PAUSE_S = (0.01, 0.08)        # the random pause before the second try; it doubles with each try

RETRIED = 0
_guard = threading.Lock()


def is_transient(exc: BaseException) -> bool:
    """The error, or one it was raised from, is a deadlock or a serialization failure."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "sqlstate", None) in TRANSIENT_SQLSTATES:
            return True
        if getattr(getattr(current, "orig", None), "sqlstate", None) in TRANSIENT_SQLSTATES:
            return True
        current = current.__cause__ or current.__context__
    return False


def retrying(attempt: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    global RETRIED
    pause = random.uniform(*PAUSE_S)
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except Exception as exc:
            if number == attempts or not is_transient(exc):
                raise
        with _guard:
            RETRIED += 1
        time.sleep(pause)
        pause *= 2
    raise AssertionError("unreachable")  # pragma: no cover
