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
