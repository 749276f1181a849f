"""Errors a person can cause, shown as a dialog with a sentence — never a traceback, and the form
that was being filled stays as it was (the caller simply does not close it).

    with guard(self):                 # in a slot: a HubdeskError becomes a message box
        save_something()

`show_message` is the one function that puts the box on screen; tests replace it
(`monkeypatch.setattr(errors, "show_message", record)`) to read what a person would read.
"""

from __future__ import annotations

import logging
import sys
import traceback
from contextlib import contextmanager
from typing import Iterator

from PySide6.QtWidgets import QMessageBox, QWidget

from hubdesk.errors import DatabaseProblem, DomainError, HubdeskError
from hubdesk.i18n import _

log = logging.getLogger(__name__)


def _show_message_box(parent: QWidget | None, title: str, text: str, icon: str) -> None:
    box = QMessageBox(parent)
    box.setIcon({"warning": QMessageBox.Icon.Warning, "critical": QMessageBox.Icon.Critical}
                .get(icon, QMessageBox.Icon.Information))
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


show_message = _show_message_box  # replaced by tests


def title_for(exc: BaseException) -> str:
    if isinstance(exc, DatabaseProblem):
        return _("Database problem")
    if isinstance(exc, DomainError):
        return _("Cannot save")
    return _("hubdesk")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show a HubdeskError's sentence; anything else is a bug: a short sentence on screen and
    the traceback in the log."""
    if isinstance(exc, HubdeskError):
        show_message(parent, title_for(exc), exc.message,
                     "critical" if isinstance(exc, DatabaseProblem) else "warning")
        return
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc)))
    show_message(parent, _("Unexpected problem"),
                 _("Something went wrong that hubdesk did not expect ({kind}). Nothing was lost on "
                   "screen; try again, and if it happens again tell your administrator.")
                 .format(kind=type(exc).__name__), "critical")


@contextmanager
def guard(parent: QWidget | None) -> Iterator[None]:
    """Show any error raised in the block as a dialog instead of letting it escape."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - shown to the person
        show_error(parent, exc)


def install_excepthook() -> None:
    """Errors escaping a slot become a dialog (Qt would otherwise print a traceback and go on)."""
    previous = sys.excepthook

    def hook(kind, exc, tb):
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        import threading

        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is None or threading.current_thread() is not threading.main_thread():
            log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
            return
        try:
            show_error(QApplication.activeWindow(), exc)
        except Exception:  # noqa: BLE001 - last resort
            previous(kind, exc, tb)

    sys.excepthook = hook
