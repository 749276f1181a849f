"""Long work off the GUI thread: a QRunnable with progress and cancel that never touches widgets.

    def build(progress, cancelled):            # runs in a pool thread
        for i, item in enumerate(items):
            if cancelled():
                return None
            progress(i, len(items), _("Writing {name}").format(name=item))
        return result

    worker = Worker(build)
    worker.signals.finished.connect(on_done)   # delivered on the GUI thread
    worker.start()

Calling `progress()` after Cancel raises CancelledError inside the function, which ends it and
reports `cancelled`; a function that returns anyway (Cancel came after its last progress) has done
its work and reports `finished`;
A worker made with `interruptible=True` (background reading: the Dashboard's figures, a list's
rows, a report being drawn) has its running SQL interrupted too when cancelled
(`hubdesk.db.interrupt`): the statement ends at once, and the worker reports `cancelled` whatever
the interrupted function raised. Work that writes is not interruptible: a statement stopped after
its commit would make "cancelled" untrue. `stop_workers()` at quit cancels the interruptible
workers and waits at most a second for them; work that writes is waited for until it ends.

`run_with_progress(parent, title, fn)` does the same behind a modal progress dialog with Cancel
while the window keeps repainting, and returns the result (None if cancelled); errors the
function raises are re-raised on the GUI thread so `errors.guard` can show them.
"""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal

from hubdesk.db.interrupt import InterruptScope

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


class CancelledError(Exception):
    """Raised inside the work function by `progress()` once Cancel was pressed."""


class WorkerSignals(QObject):
    progress = Signal(int, int, str)   # done, total, what is being done
    finished = Signal(object)          # the function's result
    failed = Signal(object)            # the exception it raised
    cancelled = Signal()


_running: set["Worker"] = set()
_running_guard = threading.Lock()


class Worker(QRunnable):
    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any], *, interruptible: bool = False):
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self._cancel = threading.Event()
        self.interruptible = interruptible
        self._scope = InterruptScope()
        self.signals = WorkerSignals()
        self.done = threading.Event()
        self.traceback: str | None = None

    def cancel(self) -> None:
        self._cancel.set()
        if self.interruptible:
            self._scope.interrupt()   # the statement running now ends too, not only the next step

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, text: str) -> None:
        if self._cancel.is_set():
            raise CancelledError()
        self._emit(self.signals.progress, done, total, text)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the receiver side is gone (the application is closing)
            pass

    def run(self) -> None:  # runs on a pool thread
        try:
            with self._scope.active():
                result = self._fn(self._progress, self._cancel.is_set)
        except CancelledError:
            self._emit(self.signals.cancelled)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            if self._cancel.is_set() and self.interruptible:
                # its SQL was interrupted (or it failed on the way out): nobody waits for it any more
                self._emit(self.signals.cancelled)
                return
            self.traceback = traceback.format_exc()
            self._emit(self.signals.failed, exc)
        else:
            # The function returned: its work is done (an import committed, a quarter was issued),
            # even when Cancel came too late to stop it. Saying "cancelled" then would tell the
            # person nothing was written when it was.
            self._emit(self.signals.finished, result)
        finally:
            with _running_guard:
                _running.discard(self)
            self.done.set()

    def start(self, pool: QThreadPool | None = None) -> None:
        with _running_guard:
            _running.add(self)
        (pool or QThreadPool.globalInstance()).start(self)


class Background:
    """Work started now on a worker thread, waited for later: the start-up opens the database while
    the sign-in dialog is up. Its outcome is kept until `wait()` asks for it, and the last progress
    sentence too, so a progress window opened late still says what is happening."""

    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any], *, interruptible: bool = False):
        self.worker = Worker(fn, interruptible=interruptible)
        self.outcome: dict[str, Any] = {}
        self.last_text = ""
        self._loop: QEventLoop | None = None
        self.worker.signals.progress.connect(self._on_progress)
        self.worker.signals.finished.connect(lambda result: self._end("result", result))
        self.worker.signals.failed.connect(lambda exc: self._end("error", exc))
        self.worker.signals.cancelled.connect(lambda: self._end("cancelled"))
        self.worker.start()

    @property
    def done(self) -> bool:
        """The outcome has arrived on this thread (its signal was delivered)."""
        return bool(self.outcome)

    def _on_progress(self, _done: int, _total: int, text: str) -> None:
        if text:
            self.last_text = text

    def _end(self, key: str, value: Any = None) -> None:
        self.outcome[key] = value
        if self._loop is not None:
            self._loop.quit()

    def wait(self, parent=None, title: str = "", *, cancellable: bool = True) -> Any:
        """Wait behind a modal progress dialog with Cancel (none when not `cancellable`), shown only
        when the work takes more than 300 ms more; return the result, or None when cancelled. An
        exception raised by the work is raised again here."""
        from PySide6.QtWidgets import QProgressDialog

        from hubdesk.i18n import _

        if not self.done:
            dialog = QProgressDialog(parent)
            dialog.setWindowTitle(title)
            dialog.setLabelText(self.last_text or title)
            if cancellable:
                dialog.setCancelButtonText(_("Cancel"))
            else:
                dialog.setCancelButton(None)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setRange(0, 0)
            dialog.setValue(0)   # starts the minimum-duration timer: without it Qt 6 never shows the dialog

            def on_progress(done: int, total: int, text: str) -> None:
                if total > 0:
                    dialog.setRange(0, total)
                    dialog.setValue(min(done, total))
                if text:
                    dialog.setLabelText(text)

            self.worker.signals.progress.connect(on_progress)
            dialog.canceled.connect(self.worker.cancel)
            self._loop = QEventLoop()
            # The worker's signals are queued to this thread: run the loop until one has arrived,
            # even when the work ended before the loop started (its result would be lost otherwise).
            while not self.outcome:
                self._loop.exec()
            self._loop = None
            dialog.close()
            dialog.deleteLater()
        if "error" in self.outcome:
            raise self.outcome["error"]
        return self.outcome.get("result")


def run_with_progress(parent, title: str, fn: Callable[[ProgressFn, CancelledFn], Any], *,
                      cancellable: bool = True) -> Any:
    """Run fn in a worker behind a modal progress dialog with Cancel (none when not `cancellable`);
    return its result, or None when cancelled. An exception raised by fn is raised again here.
    The dialog shows only when the work takes more than 300 ms."""
    return Background(fn).wait(parent, title, cancellable=cancellable)


def stop_workers(timeout_ms: int = 1000) -> bool:
    """At quit: cancel every worker that may be stopped (its SQL is interrupted) and wait for the
    pool at most `timeout_ms` for them; a worker that may not be stopped is waited for as long as
    it takes (`wait_for_workers`). True when the pool is empty."""
    with _running_guard:
        running = list(_running)
    for worker in running:
        if worker.interruptible:
            worker.cancel()
    if any(not worker.interruptible for worker in running):
        return wait_for_workers()
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def wait_for_workers(timeout_ms: int = 10000) -> bool:
    """Wait until every pooled worker has finished (called before the application quits)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
