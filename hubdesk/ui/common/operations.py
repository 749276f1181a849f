"""The one way the interface writes to the database (like Anki's `CollectionOp`).

    from hubdesk.ui.common.operations import Change, write_op

    result = write_op(self.context, self, create_program, fields, changes=Change.PROGRAM,
                      problem=self.problem_label,
                      done=lambda program: _("Program {name} is saved.").format(name=program.name))
    if result.ok:
        self.accept()

- `fn(session, *args, **kwargs)` is a domain function; it runs in one write transaction
  (`db.write()`: BEGIN IMMEDIATE on SQLite), which commits when it returns and rolls back when
  it raises. Nothing else in a screen opens a write session.
- A refusal (a rule's DomainError, a permission, a locked quarter, the database) is shown the
  same way everywhere: its sentence under the form when the screen passes its `problem` label,
  and in a message box; the form stays as it was. Anything else is a bug: a short sentence on
  screen and the traceback in the log (`errors.show_error`).
- On success, every `Change` named is announced on the bus (`data_changed`), and screens that
  show those records reload. `done` may give a sentence for the status bar.
- `background=True` runs the function on a worker thread behind a progress window (shown past
  300 ms), for writes that can take time (imports, bulk edits).

`Change` is the closed list of what can change. Screens subscribe with
`context.bus.data_changed.connect(...)` and compare with `Change` members (a `Change` is a `str`,
"" meaning "anything").

An editor that changes a record it loaded passes `based_on={(table, id): version}`, the versions
it loaded: the save is refused (`hubdesk.domain.versions`, code STALE) when someone changed the
record since, with a sentence naming who and when, and nothing is overwritten. Given `reload`,
`write_op` then asks whether to reload the record (`ui/common/stale.py`) and calls `reload()`
when the person says so.

`run_write(db, fn, *args)` is the transaction under `write_op`, for the few writes made before a
window and its context exist (the first-run setup, the sign-in), whose callers show a refusal in
their own form: it raises instead of showing, and announces nothing (no screen is open yet).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Mapping, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QWidget

    from hubdesk.db.database import Database
    from hubdesk.ui.context import AppContext

T = TypeVar("T")
Versions = Mapping[tuple[str, int], int]
"""The versions an editor loaded: (table, id) → version (see `hubdesk.domain.versions`)."""


class Change(enum.StrEnum):
    """Kinds of records a write may have changed; what `data_changed` carries."""

    ANY = ""
    APP_USER = "app_user"
    BOOKING = "booking"
    BOOKING_SERIES = "booking_series"
    CASE = "case"
    CERTIFICATION = "certification"
    CLOSURE_DAY = "closure_day"
    CONTACT = "contact"
    DOCUMENT = "attachment"
    EVENT = "event"
    EXPENDITURE = "expenditure"
    FACILITY = "facility"
    FACILITY_SUBSIDY = "facility_subsidy"
    BOOKING_QUOTA = "booking_quota"
    INTERACTION = "interaction"
    INVOICE = "invoice"
    KPI_TARGET = "kpi_target"
    KPI_VALUE = "kpi_value"
    MAINTENANCE_SERIES = "maintenance_series"
    MAINTENANCE_WINDOW = "maintenance_window"
    MILESTONE = "milestone"
    ORGANIZATION = "organization"
    PARTICIPANT = "participant"
    PROGRAM = "program"
    BUDGET_LINE = "budget_line"
    QUALIFICATION = "qualification"
    REPORT = "report"
    RESOURCE = "resource"
    RESOURCE_INCIDENT = "resource_incident"
    RESOURCE_RATE = "resource_rate"
    SETTINGS = "settings"
    USER_CLASS = "user_class"

    @classmethod
    def of_table(cls, table_name: str) -> "Change":
        """The change kind of a table name (ANY when the table has no kind of its own)."""
        try:
            return cls(table_name)
        except ValueError:
            return cls.ANY


@dataclass(frozen=True)
class OpResult(Generic[T]):
    ok: bool
    value: T | None = None
    error: BaseException | None = None


def _as_changes(changes: Change | Iterable[Change]) -> tuple[Change, ...]:
    if isinstance(changes, Change):
        return (changes,)
    return tuple(changes)


def announce(context: "AppContext", changes: Change | Iterable[Change]) -> None:
    """Tell every screen that records of these kinds were written (outside `write_op`: imports,
    restores and other work that wrote through its own command)."""
    for change in _as_changes(changes):
        context.notify_changed(change)


def show_refusal(parent: "QWidget | None", exc: BaseException, problem: "QLabel | None" = None) -> None:
    """Show why a write did not happen: the sentence under the form (when given) and a box. A
    refusal is a HubdeskError (a rule, a permission, a locked quarter, the database); anything
    else is a bug, shown as the "Unexpected problem" sentence with the traceback in the log."""
    from hubdesk.errors import HubdeskError
    from hubdesk.ui.common import errors

    if problem is not None and isinstance(exc, HubdeskError):
        problem.setText(exc.message)
        problem.show()
    errors.show_error(parent, exc)


def run_write(db: "Database", fn: Callable[..., T], *args: Any, based_on: Versions | None = None,
              **kwargs: Any) -> T:
    """`fn(session, *args, **kwargs)` in one write transaction: committed when it returns, rolled
    back (and the error raised again) when it raises. `based_on`: the versions of the records the
    caller loaded; a change to one that moved on since is refused (code STALE). A row changed by
    another session between this transaction's read and its write is refused the same way.
    A transaction the server stopped for another's sake (a deadlock, a serialization failure) is
    run again by itself (`db/retry.py`): the person never sees "try again" for it."""
    from sqlalchemy.orm.exc import StaleDataError

    from hubdesk.db.retry import retrying
    from hubdesk.domain import versions

    def attempt() -> T:
        with db.write() as session:
            versions.require(session, based_on)
            value = fn(session, *args, **kwargs)
            session.flush()
            return value

    try:
        return retrying(attempt)
    except StaleDataError as exc:
        raise versions.changed_meanwhile(exc) from exc


def write_op(context: "AppContext", parent: "QWidget | None", fn: Callable[..., T], *args: Any,
             changes: Change | Iterable[Change] = (), problem: "QLabel | None" = None,
             done: Callable[[T], str] | str | None = None, background: bool = False,
             title: str = "", based_on: Versions | None = None, reload: Callable[[], Any] | None = None,
             **kwargs: Any) -> OpResult[T]:
    """Run `fn(session, *args, **kwargs)` in one write transaction; show a refusal; announce.

    `based_on` names the versions of the records the editor loaded; a save refused because one of
    them changed since offers `reload` (Reload / Keep editing) when given.

    Returns OpResult(ok=True, value=fn's result) after a commit, OpResult(ok=False, error=...)
    after a refusal that was shown (nothing was written then)."""
    if problem is not None:
        problem.hide()
    db = context.db
    if db is None:  # the window's frame before its database is opened: nothing can be written yet
        raise RuntimeError("write_op before the database is open")

    try:
        if background:
            from hubdesk.ui.common.worker import run_with_progress

            value = run_with_progress(parent, title or "hubdesk",
                                      lambda progress, cancelled: run_write(db, fn, *args, based_on=based_on,
                                                                            **kwargs),
                                      cancellable=False)
        else:
            value = run_write(db, fn, *args, based_on=based_on, **kwargs)
    except Exception as exc:  # noqa: BLE001 - every refusal is shown to the person
        from hubdesk.domain.versions import STALE

        if reload is not None and getattr(exc, "code", None) == STALE:
            from hubdesk.ui.common.stale import offer_reload

            offer_reload(parent, exc, problem, reload)
        else:
            show_refusal(parent, exc, problem)
        return OpResult(False, None, exc)
    announce(context, changes)
    message = done(value) if callable(done) else done
    if message:
        context.bus.status_message.emit(message)
    return OpResult(True, value)
