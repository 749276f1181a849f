"""The test suite's own guard (tests/conftest.py): a modal dialog nobody closes is closed after a
while and named, so an unexpected error box fails its test instead of hanging the run."""

from __future__ import annotations

import subprocess
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from tests.conftest import DialogWatch
from tests.integration.test_cli import ROOT


def _watched(seconds: float) -> tuple[DialogWatch, QTimer]:
    watch = DialogWatch(seconds)
    return watch, watch.every(50)


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


def test_an_error_box_a_test_did_not_expect_fails_it_at_once_with_its_words():
    """Run in a pytest of its own (tests/ui/dialog_watch_cases.py): the one test that did not
    expect the box fails (at its teardown), saying what the box said; the one that did (shown_messages) passes."""
    cases = ROOT / "tests" / "ui" / "dialog_watch_cases.py"
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(cases)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 passed, 1 error" in result.stdout, result.stdout   # its body ran; its teardown failed
    assert ("ERROR tests/ui/dialog_watch_cases.py::test_a_box_nobody_expected" in result.stdout
            and "hubdesk showed a message this test did not expect (a test that expects one uses the "
                "shown_messages fixture): 'Cannot save': The booking overlaps another." in result.stdout), result.stdout
