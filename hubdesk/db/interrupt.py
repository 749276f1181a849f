"""Stop the SQL of background work nobody waits for any more.

A background task (the Dashboard gathering its figures, a list counting its rows) runs its work
inside `with scope.active():` of an `InterruptScope`. `scope.interrupt()`, called from any thread
(the GUI thread when the window closes), stops the statement that work is running now, and every
later one, instead of waiting for it to end:

- SQLite: every connection checks, every `SQLITE_CHECK_STEPS` virtual-machine steps, whether the
  scope of the thread using it was interrupted (a progress handler); the statement then ends with
  "interrupted" and its transaction rolls back.
- PostgreSQL: the connections checked out on the scope's thread are sent a cancel request
  (psycopg's `cancel_safe`), which the server answers by ending the statement.
- Either way no statement starts in a scope already interrupted (`Interrupted` is raised).

Work outside any scope (the GUI thread, the command line) is never interrupted. `install(engine)` is
called by `engine.make_engine` for every engine.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # the UI's workers import this module before the first paint: no SQLAlchemy here
    from sqlalchemy.engine import Engine

# How many SQLite virtual-machine steps run between two looks at the flag: a few milliseconds of
# work, so an interrupt lands quickly and the check costs nothing measurable.
SQLITE_CHECK_STEPS = 20000

_local = threading.local()


class InterruptScope:
    """What one background task runs under; `interrupt()` stops its SQL now and from then on."""

    def __init__(self) -> None:
        self._interrupted = threading.Event()
        self._guard = threading.Lock()
        self._connections: list[Any] = []   # PostgreSQL driver connections checked out by the task

    @property
    def interrupted(self) -> bool:
        return self._interrupted.is_set()

    @contextmanager
    def active(self) -> Iterator["InterruptScope"]:
        previous = getattr(_local, "scope", None)
        _local.scope = self
        try:
            yield self
        finally:
            _local.scope = previous

    def interrupt(self) -> None:
        self._interrupted.set()
        # under the guard: a connection is cancelled only while the task still holds it, never
        # after it went back to the pool for another thread's statement
        with self._guard:
            for connection in self._connections:
                _cancel(connection)

    def _checked_out(self, connection: Any) -> None:
        with self._guard:
            self._connections.append(connection)
            if self.interrupted:  # interrupted between its last statement and this checkout
                _cancel(connection)

    def _checked_in(self, connection: Any) -> None:
        with self._guard:
            if connection in self._connections:
                self._connections.remove(connection)


def current_scope() -> InterruptScope | None:
    return getattr(_local, "scope", None)


def _cancel(connection: Any) -> None:
    cancel = getattr(connection, "cancel_safe", None) or getattr(connection, "cancel", None)
    if cancel is None:
        return
    try:
        cancel()
    except Exception:  # noqa: BLE001 - the connection is closing or broken: nothing left to stop
        pass


def _sqlite_check() -> int:
    scope = getattr(_local, "scope", None)
    return 1 if scope is not None and scope.interrupted else 0


class Interrupted(Exception):
    """A statement was about to start in a scope already interrupted."""


def install(engine: "Engine") -> None:
    """Let the scopes of the threads that use `engine` interrupt their statements."""
    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(*_args):
        scope = current_scope()
        if scope is not None and scope.interrupted:
            raise Interrupted("the background work was stopped")

    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
            dbapi_connection.set_progress_handler(_sqlite_check, SQLITE_CHECK_STEPS)
        return

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        scope = current_scope()
        if scope is not None:
            record.info["hubdesk_interrupt_scope"] = scope
            scope._checked_out(getattr(dbapi_connection, "driver_connection", dbapi_connection))

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record):
        scope = record.info.pop("hubdesk_interrupt_scope", None)
        if scope is not None and dbapi_connection is not None:
            scope._checked_in(getattr(dbapi_connection, "driver_connection", dbapi_connection))
