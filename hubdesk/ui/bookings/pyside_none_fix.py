"""A workaround for a reference-count bug of PySide6 6.12.0 on Python 3.11.

The 6.12.0 wheels (cp310-abi3) return `None` from every C++ method that returns void without
taking a reference to it: on Python 3.12 and later None is immortal and nothing happens, but on
3.11 each call (QPainter.setPen, QLabel.setText, QRectF.setLeft, …) takes one reference away,
and after a few tens of thousands of calls Python aborts with "Fatal Python error: none_dealloc:
deallocating None". A timeline painting a month of bookings makes that many calls in one frame.

`ensure_none_survives()` measures whether the bug is present (ten void calls) and, if it is,
gives None as many extra references as Python 3.12 does (it is then, in effect, immortal, which
is what the wheel expects). It does nothing on a fixed PySide6 or on Python >= 3.12. The right
fix is a PySide6 without the bug (or Python >= 3.12); this keeps the app alive until then.
"""

from __future__ import annotations

import sys

_EXTRA_REFS = 1 << 40
_applied = False


def void_call_drops_none() -> bool:
    from PySide6.QtCore import QRectF

    rect = QRectF()
    before = sys.getrefcount(None)
    for _i in range(10):
        rect.setLeft(0.0)
    return sys.getrefcount(None) <= before - 10


def ensure_none_survives() -> bool:
    """Apply the workaround once if the bug is present; True when it is (now) applied."""
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return _applied
    if void_call_drops_none():
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += _EXTRA_REFS
        _applied = True
    return _applied
