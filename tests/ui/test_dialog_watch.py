"""The test suite's own guard (tests/conftest.py): a modal dialog nobody closes is closed after a
while and named, so an unexpected error box fails its test instead of hanging the run."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from tests.conftest import DialogWatch


def _watched(seconds: float) -> tuple[DialogWatch, QTimer]:
    watch = DialogWatch(seconds)
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(watch.look)
    timer.start()
    return watch, timer


def test_a_message_box_nobody_answers_is_closed_and_named(qapp):
    watch, timer = _watched(0.5)
    box = QMessageBox(QMessageBox.Icon.Warning, "Database problem", "The database is locked.")
    started = time.monotonic()
    box.exec()                                   # returns only because the watch closed it
    timer.stop()
    assert 0.5 <= time.monotonic() - started < 10
    assert watch.stuck == ["QMessageBox 'Database problem': The database is locked."]


def test_a_progress_window_is_left_to_its_work(qapp):
    watch, timer = _watched(0.2)
    dialog = QProgressDialog("Working", "Cancel", 0, 0)
    QTimer.singleShot(800, dialog.cancel)        # its work ending closes it, not the watch
    dialog.exec()
    timer.stop()
    assert watch.stuck == []
