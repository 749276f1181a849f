"""Where things are on the booking timeline, without painting or events: the window of time a scale
and an anchor day show, time ↔ x, resource rows ↔ y, the `TimelineItem`s laid out from what
`queries.load_window` read, hit-testing, and snapping a drag to whole hours or days.

The axis (days, hours, closed days) is read in the foundation's zone (`clock`, None) or the zone
the widget was given; a row's snapping and whole-day moves are in its own facility's zone, the
zone the booking dialog and the booking rules use, so a drag and the dialog agree.

`TimelineGeometry` knows nothing of the widget beyond two callables it is given: the widget's
current width and the top of its visible part (the header stays there when the page scrolls).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRectF

from hubdesk.db.enums import BookingStatus, BookingUnit, WindowKind
from hubdesk.domain import clock
from hubdesk.i18n import N_, _
from hubdesk.ui.bookings.queries import TimelineData, TimelineResource

DAY, WEEK, MONTH = "day", "week", "month"
SCALES = (DAY, WEEK, MONTH)
SCALE_NAMES = {DAY: N_("Day"), WEEK: N_("Week"), MONTH: N_("Month")}


@dataclass(frozen=True)
class TimelineItem:
    kind: str                  # "booking", "changeover", "window", "closed"
    record_id: int | None      # booking / window id; None for closed days
    resource_id: int | None
    rect: QRectF
    status: BookingStatus | None = None
    text: str = ""
    row: int = -1
    source: object = field(default=None, compare=False, repr=False)


def window_for(scale: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    """First local day shown and the day after the last one."""
    if scale == DAY:
        return anchor, anchor + dt.timedelta(days=1)
    if scale == WEEK:
        first = anchor - dt.timedelta(days=anchor.weekday())
        return first, first + dt.timedelta(days=7)
    first = anchor.replace(day=1)
    nxt = (first.replace(year=first.year + 1, month=1) if first.month == 12
           else first.replace(month=first.month + 1))
    return first, nxt


def step(scale: str, anchor: dt.date, direction: int) -> dt.date:
    """The anchor one window before (-1) or after (+1)."""
    if scale == DAY:
        return anchor + dt.timedelta(days=direction)
    if scale == WEEK:
        return anchor + dt.timedelta(days=7 * direction)
    month = anchor.month - 1 + direction
    year = anchor.year + month // 12
    return dt.date(year, month % 12 + 1, 1)


class TimelineGeometry:
    """The layout of one timeline: its window of time, its data and where each item is."""

    LABEL_WIDTH = 220
    HEADER_HEIGHT = 48
    ROW_HEIGHT = 34

    def __init__(self, zone: str | ZoneInfo | None, width: Callable[[], float],
                 visible_top: Callable[[], float] = lambda: 0.0):
        self._zone_name = zone
        self._width = width
        self._visible_top = visible_top
        self._bounds_cache: tuple | None = None
        self.scale = WEEK
        self.anchor = clock.today()
        self.data = TimelineData(start=self.start, end=self.end)
        self._closed_items: list[TimelineItem] | None = None
        self._by_row: dict[int, list[TimelineItem]] = {}
        self._data_by_resource: dict | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The axis' zone: the one given, or the foundation's (as Settings has it now)."""
        return self._zone_name if isinstance(self._zone_name, ZoneInfo) else clock.zone(self._zone_name)

    @staticmethod
    def row_zone(resource: TimelineResource) -> ZoneInfo:
        """The zone a row's bookings are made in: its facility's."""
        return clock.zone(resource.timezone)

    # --- the window of time --------------------------------------------------------------------------
    @property
    def first_day(self) -> dt.date:
        return window_for(self.scale, self.anchor)[0]

    @property
    def days(self) -> list[dt.date]:
        first, after = window_for(self.scale, self.anchor)
        return [first + dt.timedelta(days=i) for i in range((after - first).days)]

    @property
    def start(self) -> dt.datetime:
        return self._bounds()[0]

    @property
    def end(self) -> dt.datetime:
        return self._bounds()[1]

    def _bounds(self) -> tuple[dt.datetime, dt.datetime]:
        key = (self.scale, self.anchor, self.zone.key)
        if self._bounds_cache is None or self._bounds_cache[0] != key:
            first, after = window_for(self.scale, self.anchor)
            self._bounds_cache = (key, (dt.datetime.combine(first, dt.time(0), self.zone),
                                        dt.datetime.combine(after, dt.time(0), self.zone)))
        return self._bounds_cache[1]

    # --- time ↔ x, rows ↔ y -------------------------------------------------------------------------
    @property
    def chart_left(self) -> float:
        return float(self.LABEL_WIDTH)

    @property
    def chart_width(self) -> float:
        return max(1.0, self._width() - self.LABEL_WIDTH - 1.0)

    def x_of(self, instant: dt.datetime) -> float:
        # local wall-clock position, so a day is one day wide even across a clock change
        start, end = self.start, self.end
        if start.utcoffset() == end.utcoffset():          # no clock change in the window: plain arithmetic
            return self.chart_left + self.chart_width * (instant - start) / (end - start)
        local = instant.astimezone(self.zone)
        days = (local.date() - self.first_day).days
        seconds = days * 86400 + local.hour * 3600 + local.minute * 60 + local.second
        total = len(self.days) * 86400
        return self.chart_left + self.chart_width * seconds / total

    def instant_at(self, x: float) -> dt.datetime:
        total = len(self.days) * 86400
        seconds = (min(max(x, self.chart_left), self.chart_left + self.chart_width) - self.chart_left) \
            / self.chart_width * total
        day = self.first_day + dt.timedelta(days=int(seconds // 86400))
        rest = dt.timedelta(seconds=seconds % 86400)
        return dt.datetime.combine(day, dt.time(0), self.zone) + rest

    def row_top(self, row: int) -> float:
        return float(self.HEADER_HEIGHT + row * self.ROW_HEIGHT)

    def row_at(self, y: float) -> int:
        """The resource row at y (-1 on the header, which stays at the top of the visible part)."""
        if y < self.HEADER_HEIGHT or y < self._visible_top() + self.HEADER_HEIGHT:
            return -1
        row = int((y - self.HEADER_HEIGHT) // self.ROW_HEIGHT)
        return row if row < len(self.data.resources) else -1

    def visible_rows(self, clip: QRectF) -> range:
        first = max(0, int((clip.top() - self.HEADER_HEIGHT) // self.ROW_HEIGHT))
        last = min(len(self.data.resources), int((clip.bottom() - self.HEADER_HEIGHT) // self.ROW_HEIGHT) + 1)
        return range(first, max(first, last))

    def resource_at_row(self, row: int) -> TimelineResource | None:
        return self.data.resources[row] if 0 <= row < len(self.data.resources) else None

    def span_rect(self, row: int, starts: dt.datetime, ends: dt.datetime, inset: float = 4.0) -> QRectF | None:
        lo, hi = max(starts, self.start), min(ends, self.end)
        if hi <= lo:
            return None
        x0, x1 = self.x_of(lo), self.x_of(hi)
        return QRectF(x0, self.row_top(row) + inset, max(2.0, x1 - x0), self.ROW_HEIGHT - 2 * inset)

    def drag_rect(self, row: int, x0: float, x1: float) -> QRectF:
        """The band a drag across empty time in a row covers, before it is snapped."""
        lo, hi = sorted((x0, x1))
        return QRectF(lo, self.row_top(row) + 2, max(1.0, hi - lo), self.ROW_HEIGHT - 4)

    # --- the items laid out --------------------------------------------------------------------------
    def invalidate(self) -> None:
        self._closed_items = None
        self._by_row = {}
        self._data_by_resource = None

    def items(self) -> list[TimelineItem]:
        """Everything laid out: the closed days, then each row's windows, changeovers and bookings."""
        items = list(self.closed_items())
        for row in range(len(self.data.resources)):
            items.extend(self.row_items(row))
        return items

    def booking_rect(self, booking_id: int) -> QRectF | None:
        for item in self.items():
            if item.kind == "booking" and item.record_id == booking_id:
                return item.rect
        return None

    def closed_items(self) -> list[TimelineItem]:
        if self._closed_items is None:
            items = []
            bottom = self.row_top(len(self.data.resources))
            for day, name in sorted(self.data.closed_days.items()):
                start = dt.datetime.combine(day, dt.time(0), self.zone)
                x0, x1 = self.x_of(max(start, self.start)), self.x_of(min(start + dt.timedelta(days=1), self.end))
                if x1 > x0:
                    items.append(TimelineItem("closed", None, None,
                                              QRectF(x0, self.HEADER_HEIGHT, x1 - x0, bottom - self.HEADER_HEIGHT),
                                              text=name, source=name))
            self._closed_items = items
        return self._closed_items

    def row_items(self, row: int) -> list[TimelineItem]:
        """The items of one resource row, laid out the first time the row is painted or asked for
        (a month of a thousand resources holds tens of thousands)."""
        cached = self._by_row.get(row)
        if cached is not None:
            return cached
        if self._data_by_resource is None:
            grouped: dict[int, tuple[list, list]] = {}
            for w in self.data.windows:
                grouped.setdefault(w.resource_id, ([], []))[0].append(w)
            for b in self.data.bookings:
                grouped.setdefault(b.resource_id, ([], []))[1].append(b)
            self._data_by_resource = grouped
        resource = self.resource_at_row(row)
        windows, bookings = self._data_by_resource.get(resource.id, ([], [])) if resource else ([], [])
        items: list[TimelineItem] = []
        for w in windows:
            rect = self.span_rect(row, w.starts_at, w.ends_at, inset=2.0)
            if rect is not None:
                what = _("Requalification") if w.kind == WindowKind.REQUALIFICATION else _("Maintenance")
                items.append(TimelineItem("window", w.id, w.resource_id, rect, text=what, row=row, source=w))
        for b in bookings:
            if b.changeover_until > b.ends_at:
                tail = self.span_rect(row, b.ends_at, b.changeover_until, inset=7.0)
                if tail is not None:
                    items.append(TimelineItem("changeover", b.id, b.resource_id, tail, b.status, row=row, source=b))
            rect = self.span_rect(row, b.starts_at, b.ends_at)
            if rect is not None:
                items.append(TimelineItem("booking", b.id, b.resource_id, rect, b.status, b.organization,
                                          row=row, source=b))
        self._by_row[row] = items
        return items

    def item_at(self, pos: QPointF, kinds: tuple[str, ...] = ("booking",)) -> TimelineItem | None:
        row = self.row_at(pos.y())
        candidates = list(self.row_items(row)) if row >= 0 else []
        if "closed" in kinds:
            candidates = list(self.closed_items()) + candidates
        for item in reversed(candidates):
            if item.kind in kinds and item.rect.contains(pos):
                return item
        return None

    # --- snapping a drag -----------------------------------------------------------------------------
    def snap(self, resource: TimelineResource, instant: dt.datetime, up: bool) -> dt.datetime:
        """Round to a whole hour (or a whole day for day resources and the month scale), in the
        resource's facility's zone."""
        tz = self.row_zone(resource)
        local = instant.astimezone(tz)
        if resource.unit == BookingUnit.DAY or self.scale == MONTH:
            base = dt.datetime.combine(local.date(), dt.time(0), tz)
            if up and local != base:
                base = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tz)
            return base
        base = local.replace(minute=0, second=0, microsecond=0)
        if up and local != base:
            base += dt.timedelta(hours=1)
        return base

    def selection_span(self, row: int, x0: float, x1: float) -> tuple[dt.datetime, dt.datetime] | None:
        resource = self.resource_at_row(row)
        if resource is None:
            return None
        lo, hi = sorted((x0, x1))
        start = self.snap(resource, self.instant_at(lo), up=False)
        end = self.snap(resource, self.instant_at(hi), up=True)
        if end <= start:
            return None
        return start, end

    def moved_span(self, item: TimelineItem, dx: float) -> tuple[dt.datetime, dt.datetime] | None:
        """Where a booking dragged by dx pixels would go: shifted by whole hours (whole days for a
        day resource or on the month scale); None when it does not move."""
        booking = item.source
        resource = self.resource_at_row(item.row)
        if resource is None or booking is None:
            return None
        seconds = dx / self.chart_width * len(self.days) * 86400
        unit = 86400 if resource.unit == BookingUnit.DAY or self.scale == MONTH else 3600
        steps = round(seconds / unit)
        if steps == 0:
            return None
        delta = dt.timedelta(seconds=steps * unit)
        if unit == 86400:       # whole days of the facility, also across a clock change
            tz = self.row_zone(resource)
            start = booking.starts_at.astimezone(tz)
            end = booking.ends_at.astimezone(tz)
            return (dt.datetime.combine(start.date() + delta, start.time(), tz),
                    dt.datetime.combine(end.date() + delta, end.time(), tz))
        return booking.starts_at + delta, booking.ends_at + delta
