"""The Qt binding itself: PySide6 6.12.0 on Python 3.11 dropped a reference to None on every Qt
call that returns nothing, and a busy screen (a month on the booking timeline) aborted Python
with "none_dealloc". pyproject.toml keeps that version out; this catches any binding that has it."""

import sys


def test_void_qt_calls_leave_none_alone(qapp):
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    rect = QRectF()
    before = sys.getrefcount(None)
    for _ in range(5_000):
        rect.setLeft(0.0)
        label.setText("예약")
    assert abs(sys.getrefcount(None) - before) < 100
