"""What the Bookings area writes to files besides its lists: the bookings the timeline shows in
its window of time (as a table: .xlsx or .csv), and one resource's bookings as an iCalendar file."""

from __future__ import annotations

from typing import Any

from hubdesk.i18n import N_, _

TIMELINE_HEADERS = (N_("No."), N_("Starts"), N_("Ends"), N_("Resource"), N_("Facility"), N_("Organization"),
                    N_("Status"), N_("Purpose"), N_("Campaign"))


def timeline_headers() -> list[str]:
    return [_(h) for h in TIMELINE_HEADERS]


def timeline_rows(data) -> list[list[Any]]:
    """The bookings of a TimelineData inside its window (not those whose changeover alone reaches
    into it), resource by resource as the rows are shown, each by its start; times in the
    facility's zone, as the timeline shows them."""
    from hubdesk.ui.common.display import format_datetime
    from hubdesk.ui.common.labels import label

    order = {r.id: i for i, r in enumerate(data.resources)}
    resources = {r.id: r for r in data.resources}
    shown = sorted((b for b in data.bookings if b.ends_at > data.start and b.starts_at < data.end),
                   key=lambda b: (order.get(b.resource_id, len(order)), b.starts_at, b.id))
    rows = []
    for b in shown:
        resource = resources[b.resource_id]
        rows.append([b.id, format_datetime(b.starts_at, resource.timezone),
                     format_datetime(b.ends_at, resource.timezone), resource.name, resource.facility,
                     b.organization, label(b.status), b.purpose or "", b.campaign or ""])
    return rows


def save_resource_calendar(context, parent, resource, start=None) -> int | None:
    """A timeline resource's bookings (from `start` on) as an .ics file, after asking where."""
    from hubdesk.ui.interchange.calendar import save_calendar

    return save_calendar(context, parent, resource.name, resource_id=resource.id, start=start)
