"""Saving bookings as an iCalendar (.ics) file from the app, for one resource (the booking
timeline) or one organization (its page): the same `interchange.calendar_export` the command line
uses, behind a file dialog.

`ask_calendar_path(parent, suggested)` asks where to save; tests replace it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtWidgets import QWidget

from hubdesk.i18n import _, ngettext
from hubdesk.ui.common import errors, file_dialogs


def _ask_calendar_path(parent: QWidget | None, suggested: str) -> str | None:
    path, _filter = file_dialogs.get_save_file_name(parent, _("Save calendar"), str(Path.home() / suggested),
                                                _("iCalendar file (*.ics)"))
    if path and Path(path).suffix.lower() != ".ics":
        path += ".ics"
    return path or None


ask_calendar_path = _ask_calendar_path  # tests replace it


def file_name_for(name: str) -> str:
    """A file name from a resource's or an organization's name (letters of any script kept)."""
    stem = re.sub(r"[\\/:*?\"<>|\s]+", "-", name.strip()).strip("-.") or "calendar"
    return f"{stem[:80]}.ics"


def save_calendar(context, parent: QWidget | None, name: str, *, resource_id: int | None = None,
                  organization_id: int | None = None, start: dt.datetime | None = None) -> int | None:
    """Ask where to save the bookings of a resource or an organization (from `start` on when given)
    as an .ics file, write it, and say on the status bar how many bookings it holds. Returns that
    number, or None when the person cancelled or a problem was shown."""
    chosen = ask_calendar_path(parent, file_name_for(name))
    if not chosen:
        return None
    from hubdesk.interchange.calendar_export import export_calendar

    with errors.guard(parent):
        count = export_calendar(context.db, chosen, resource_id=resource_id, organization_id=organization_id,
                                start=start)
        context.bus.status_message.emit(ngettext(
            "{count} booking of {name} saved as a calendar in {path}",
            "{count} bookings of {name} saved as a calendar in {path}", count).format(
                count=count, name=name, path=chosen))
        return count
    return None
