"""Areas opened as the tests use them: built on a database, sized and shown."""

from __future__ import annotations


def shown_view(qtbot, view_class, db, size: tuple[int, int] = (1300, 800), user_name: str = "Tester"):
    """`view_class(AppContext(...))` on `db`, signed in as `user_name`, sized and shown."""
    from hubdesk.ui.context import AppContext

    view = view_class(AppContext(db=db, user_name=user_name))
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    return view


def shown_bookings_view(qtbot, db, size: tuple[int, int] = (1300, 800)):
    from hubdesk.ui.bookings.view import BookingsView

    return shown_view(qtbot, BookingsView, db, size)


def choose_organization(qtbot, box, typed: str, name: str) -> None:
    """Type `typed` in an organization box (hubdesk.ui.common.organization_box) as a person does,
    wait for `name` among the matches it lists, go down to it with the arrow key and press Enter."""
    from PySide6.QtCore import Qt

    line = box.lineEdit()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    type_text(qtbot, line, typed)
    popup = box.completer_.popup()

    def listed() -> list[str]:
        model = popup.model()
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: popup.isVisible() and name in listed(), timeout=3000)
    for _ in range(listed().index(name)):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible() and box.currentText() == name, (box.currentText(), listed())


def type_text(qtbot, widget, text: str) -> None:
    """Type `text` in `widget` as a keyboard does: ASCII as key presses, other letters (Korean
    syllables, Vietnamese letters with their marks) as an input method commits them, one at a time."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)
