"""Texts said again in the new language on a live language switch.

A label that shows a fixed caption is set in its widget's `retranslate_ui()`. A label that reports
what just happened (a status line: "Ready: 19 pages.") is set from the event that happened, long
after `retranslate_ui()` ran, so it remembers *how to say it*: `LiveLabel.say(make)` stores a
function that makes the sentence and shows what it returns now; on a language switch (the owner's
`retranslate_ui()` or Qt's LanguageChange event) the function runs again in the new language.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget


class LiveLabel(QLabel):
    """A status line whose sentence follows the interface language (see the module)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._make: Callable[[], str] | None = None

    def say(self, make: Callable[[], str] | None) -> None:
        """Show `make()` now and again after every language switch; None empties the line."""
        self._make = make
        self.retranslate_ui()

    def say_as_is(self, text: str) -> None:
        """Show a text that is already made (a worker's progress note) until the next `say`."""
        self._make = (lambda: text) if text else None
        self.setText(text)

    def retranslate_ui(self) -> None:
        self.setText(self._make() if self._make is not None else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
