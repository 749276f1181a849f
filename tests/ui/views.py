"""Areas opened as the tests use them: built on a database, sized and shown."""

from __future__ import annotations


def shown_bookings_view(qtbot, db, size: tuple[int, int] = (1300, 800)):
    from hubdesk.ui.bookings.view import BookingsView
    from hubdesk.ui.context import AppContext

    view = BookingsView(AppContext(db=db, user_name="Tester"))
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    return view
