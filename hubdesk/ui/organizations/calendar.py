"""The organization page's "Save calendar (.ics)…" button: the organization's bookings as an
iCalendar file (hubdesk.ui.interchange.calendar). Kept apart from the page so the page adds it
with one call."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from hubdesk.i18n import _


class CalendarButton(QPushButton):
    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.setObjectName("saveCalendarButton")
        self.setEnabled(page.org_id is not None)
        self.clicked.connect(lambda _checked=False: save_organization_calendar(self.page))
        page.context.bus.language_changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.setText(_("Save calendar (.ics)…"))
        self.setToolTip(_("The organization's bookings as an iCalendar file for Outlook, Google Calendar "
                          "or Apple Calendar."))


def add_calendar_button(page) -> QPushButton:
    """Put the button beside the page's print buttons (`page.buttons`, a QDialogButtonBox); enabled
    for a saved organization (`page.org_id`)."""
    button = CalendarButton(page)
    page.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
    return button


def save_organization_calendar(page) -> int | None:
    """Ask where, then write the organization's bookings as an .ics file (None: cancelled or refused)."""
    from hubdesk.ui.interchange.calendar import save_calendar
    from hubdesk.ui.organizations.queries import organization_name

    if page.org_id is None:
        return None
    name = organization_name(page.context.db, page.org_id)
    return save_calendar(page.context, page, name, organization_id=page.org_id)
