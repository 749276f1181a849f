"""The booking timeline: resources as rows, time as columns, at a day, week or month scale.

`BookingTimelineWidget` paints what `queries.load_window` read for the visible window:
bookings coloured AND patterned by status (so a black-and-white print still tells them apart),
the changeover buffer after each booking as a hatched tail, maintenance windows cross-hatched,
public holidays and closure days shaded. Every painted item is first laid out as a
`TimelineItem` with its rectangle (`items()`), which is what painting, hit testing and the tests use.

Dragging across empty time in a row emits `span_selected(resource_id, start, end)` (snapped to
hours, or to days on the month scale and for day-unit resources); dragging an open booking
sideways emits `booking_move_requested(id, start, end)` (whole hours or days); a double-click on a booking
emits `booking_activated(id)`, a right-click `booking_menu_requested(id, global_pos)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hubdesk.db.enums import BookingStatus, BookingUnit, WindowKind
from hubdesk.domain.booking_status import MOVABLE_STATUSES
from hubdesk.i18n import N_, _
from hubdesk.ui.bookings.queries import TimelineData, TimelineResource
from hubdesk.ui.common.labels import label

S = BookingStatus
BS = Qt.BrushStyle

DAY, WEEK, MONTH = "day", "week", "month"
SCALES = (DAY, WEEK, MONTH)
SCALE_NAMES = {DAY: N_("Day"), WEEK: N_("Week"), MONTH: N_("Month")}

# status -> (fill colour, pattern drawn over it in a darker shade)
STATUS_STYLE: dict[BookingStatus, tuple[str, Qt.BrushStyle]] = {
    S.REQUESTED: ("#fde68a", BS.Dense6Pattern),
    S.APPROVED: ("#93c5fd", BS.HorPattern),
    S.CONFIRMED: ("#86efac", BS.NoBrush),
    S.IN_USE: ("#c4b5fd", BS.CrossPattern),
    S.COMPLETED: ("#d1d5db", BS.VerPattern),
    S.CANCELLED: ("#fecaca", BS.DiagCrossPattern),
    S.REJECTED: ("#fca5a5", BS.Dense4Pattern),
    S.NO_SHOW: ("#fdba74", BS.Dense3Pattern),
}
STATUS_EDGE: dict[BookingStatus, Qt.PenStyle] = {
    S.REQUESTED: Qt.PenStyle.DashLine, S.CANCELLED: Qt.PenStyle.DotLine, S.REJECTED: Qt.PenStyle.DotLine,
    S.NO_SHOW: Qt.PenStyle.DashDotLine,
}
CHANGEOVER_PATTERN = BS.BDiagPattern
WINDOW_COLOUR = "#9ca3af"
WINDOW_PATTERN = BS.DiagCrossPattern
CLOSED_COLOUR = QColor(239, 68, 68, 38)
WEEKEND_COLOUR = QColor(107, 114, 128, 18)


def status_brushes(status: BookingStatus) -> tuple[QBrush, QBrush]:
    fill, pattern = STATUS_STYLE[status]
    base = QColor(fill)
    return QBrush(base), QBrush(base.darker(175), pattern)


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


class BookingTimelineWidget(QWidget):
    span_selected = Signal(int, object, object)           # resource id, start, end (aware)
    booking_activated = Signal(int)
    booking_menu_requested = Signal(int, QPoint)
    booking_move_requested = Signal(int, object, object)   # booking id, new start, new end
    resource_menu_requested = Signal(int, QPoint)          # resource id (its row, off a booking)

    LABEL_WIDTH = 220
    HEADER_HEIGHT = 48
    ROW_HEIGHT = 34
    MIN_SLOT_WIDTH = 26

    def __init__(self, zone: str = "Asia/Seoul", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bookingTimeline")
        self.zone = ZoneInfo(zone)
        self._bounds_cache = None
        self.scale = WEEK
        self.anchor = dt.date.today()
        self.data = TimelineData(start=self.start, end=self.end)
        self._closed_items: list[TimelineItem] | None = None
        self._by_row: dict[int, list[TimelineItem]] = {}
        self._data_by_resource: dict | None = None
        self._drag: tuple[int, float, float] | None = None   # resource row, x0, x1
        self._move: tuple[TimelineItem, float, float] | None = None   # booking being dragged, x0, x1
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

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
        key = (self.scale, self.anchor)
        if self._bounds_cache is None or self._bounds_cache[0] != key:
            first, after = window_for(self.scale, self.anchor)
            self._bounds_cache = (key, (dt.datetime.combine(first, dt.time(0), self.zone),
                                        dt.datetime.combine(after, dt.time(0), self.zone)))
        return self._bounds_cache[1]

    def set_data(self, data: TimelineData) -> None:
        self.data = data
        self.invalidate_layout()
        self.setMinimumHeight(self.HEADER_HEIGHT + self.ROW_HEIGHT * max(1, len(data.resources)) + 2)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1100, self.HEADER_HEIGHT + self.ROW_HEIGHT * max(6, len(self.data.resources)) + 2)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.invalidate_layout()
        super().resizeEvent(event)

    # --- geometry ------------------------------------------------------------------------------------
    @property
    def chart_left(self) -> float:
        return float(self.LABEL_WIDTH)

    @property
    def chart_width(self) -> float:
        return max(1.0, self.width() - self.LABEL_WIDTH - 1.0)

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
        if y < self.HEADER_HEIGHT or y < self.visibleRegion().boundingRect().top() + self.HEADER_HEIGHT:
            return -1
        row = int((y - self.HEADER_HEIGHT) // self.ROW_HEIGHT)
        return row if row < len(self.data.resources) else -1

    def _span_rect(self, row: int, starts: dt.datetime, ends: dt.datetime, inset: float = 4.0) -> QRectF | None:
        lo, hi = max(starts, self.start), min(ends, self.end)
        if hi <= lo:
            return None
        x0, x1 = self.x_of(lo), self.x_of(hi)
        return QRectF(x0, self.row_top(row) + inset, max(2.0, x1 - x0), self.ROW_HEIGHT - 2 * inset)

    # --- layout of what is painted -------------------------------------------------------------------
    def items(self) -> list[TimelineItem]:
        """Everything laid out: the closed days, then each row's windows, changeovers and bookings."""
        items = list(self.closed_items())
        for row in range(len(self.data.resources)):
            items.extend(self.row_items(row))
        return items

    def invalidate_layout(self) -> None:
        self._closed_items = None
        self._by_row = {}
        self._data_by_resource = None

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
            rect = self._span_rect(row, w.starts_at, w.ends_at, inset=2.0)
            if rect is not None:
                what = _("Requalification") if w.kind == WindowKind.REQUALIFICATION else _("Maintenance")
                items.append(TimelineItem("window", w.id, w.resource_id, rect, text=what, row=row, source=w))
        for b in bookings:
            if b.changeover_until > b.ends_at:
                tail = self._span_rect(row, b.ends_at, b.changeover_until, inset=7.0)
                if tail is not None:
                    items.append(TimelineItem("changeover", b.id, b.resource_id, tail, b.status, row=row, source=b))
            rect = self._span_rect(row, b.starts_at, b.ends_at)
            if rect is not None:
                items.append(TimelineItem("booking", b.id, b.resource_id, rect, b.status, b.organization,
                                          row=row, source=b))
        self._by_row[row] = items
        return items

    def tooltip_for(self, item: TimelineItem) -> str:
        """What hovering an item says (worked out on demand: a month can hold tens of thousands)."""
        from hubdesk.ui.common.display import format_datetime

        source = item.source
        if item.kind == "closed":
            return str(source)
        if item.kind == "window":
            tip = _("{what}: {start} – {end}").format(what=item.text, start=format_datetime(source.starts_at),
                                                      end=format_datetime(source.ends_at))
            return tip + ("\n" + source.note if source.note else "")
        if item.kind == "changeover":
            return _("Changeover after booking number {id}, until {end}").format(
                id=source.id, end=format_datetime(source.changeover_until))
        tip = _("Booking number {id}: {organization}\n{start} – {end}\n{status}").format(
            id=source.id, organization=source.organization, start=format_datetime(source.starts_at),
            end=format_datetime(source.ends_at), status=label(source.status))
        return tip + ("\n" + source.purpose if source.purpose else "")

    def item_at(self, pos: QPointF, kinds: tuple[str, ...] = ("booking",)) -> TimelineItem | None:
        row = self.row_at(pos.y())
        candidates = list(self.row_items(row)) if row >= 0 else []
        if "closed" in kinds:
            candidates = list(self.closed_items()) + candidates
        for item in reversed(candidates):
            if item.kind in kinds and item.rect.contains(pos):
                return item
        return None

    def visible_rows(self, clip: QRectF) -> range:
        first = max(0, int((clip.top() - self.HEADER_HEIGHT) // self.ROW_HEIGHT))
        last = min(len(self.data.resources), int((clip.bottom() - self.HEADER_HEIGHT) // self.ROW_HEIGHT) + 1)
        return range(first, max(first, last))

    # --- painting ------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        clip = QRectF(event.rect())
        rows = self.visible_rows(clip)
        self._paint_grid(painter, rows)
        items = list(self.closed_items())
        for row in rows:
            items.extend(self.row_items(row))
        for item in items:
            if item.kind == "closed":
                painter.fillRect(item.rect, CLOSED_COLOUR)
        for item in items:
            if item.kind == "window":
                painter.fillRect(item.rect, QColor("#e5e7eb"))
                painter.fillRect(item.rect, QBrush(QColor(WINDOW_COLOUR), WINDOW_PATTERN))
                painter.setPen(QPen(QColor("#4b5563"), 1))
                painter.drawRect(item.rect)
            elif item.kind == "changeover":
                fill, _pattern = STATUS_STYLE[item.status]
                painter.fillRect(item.rect, QColor(fill).lighter(115))
                painter.fillRect(item.rect, QBrush(QColor("#374151"), CHANGEOVER_PATTERN))
                painter.setPen(QPen(QColor("#6b7280"), 1, Qt.PenStyle.DotLine))
                painter.drawRect(item.rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        fm = QFontMetrics(self.font())
        for item in items:
            if item.kind != "booking":
                continue
            base, pattern = status_brushes(item.status)
            painter.fillRect(item.rect, base)
            painter.fillRect(item.rect, pattern)
            painter.setPen(QPen(QColor("#1f2937"), 1.2, STATUS_EDGE.get(item.status, Qt.PenStyle.SolidLine)))
            painter.drawRect(item.rect)
            if item.rect.width() > 30:
                text_rect = item.rect.adjusted(4, 0, -3, 0)
                text = fm.elidedText(item.text, Qt.TextElideMode.ElideRight, int(text_rect.width()))
                back = QRectF(text_rect.left() - 1, text_rect.center().y() - fm.height() / 2,
                              fm.horizontalAdvance(text) + 2, fm.height())
                painter.fillRect(back, QColor(255, 255, 255, 200))
                painter.setPen(QColor("#111827"))
                painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        if self._move is not None:
            item, x0, x1 = self._move
            span = self.moved_span(item, x1 - x0)
            if span is not None:
                ghost = self._span_rect(item.row, span[0], span[1])
                if ghost is not None:
                    painter.fillRect(ghost, QColor(37, 99, 235, 50))
                    painter.setPen(QPen(QColor("#2563eb"), 1.5, Qt.PenStyle.DashLine))
                    painter.drawRect(ghost)
        if self._drag is not None:
            row, x0, x1 = self._drag
            lo, hi = sorted((x0, x1))
            rect = QRectF(lo, self.row_top(row) + 2, max(1.0, hi - lo), self.ROW_HEIGHT - 4)
            painter.fillRect(rect, QColor(37, 99, 235, 60))
            painter.setPen(QPen(QColor("#2563eb"), 1.5))
            painter.drawRect(rect)
        self._paint_row_labels(painter, rows)
        self._paint_header(painter, max(0.0, float(self.visibleRegion().boundingRect().top())))
        painter.end()

    def _paint_grid(self, painter: QPainter, visible: range) -> None:
        days = self.days
        rows = len(self.data.resources)
        bottom = self.row_top(rows)
        for i, day in enumerate(days):
            if day.weekday() >= 5:
                x0 = self.x_of(dt.datetime.combine(day, dt.time(0), self.zone))
                painter.fillRect(QRectF(x0, self.HEADER_HEIGHT, self.chart_width / len(days),
                                        bottom - self.HEADER_HEIGHT), WEEKEND_COLOUR)
        painter.setPen(QPen(QColor("#eef0f3"), 1))
        for row in range(visible.start, visible.stop + 1):
            y = self.row_top(row)
            painter.drawLine(QPointF(0, y), QPointF(self.width(), y))
        # vertical lines: hours (day scale), 6 hours (week), days (month)
        hours_step = 1 if self.scale == DAY else (6 if self.scale == WEEK else 24)
        total_hours = len(days) * 24
        for h in range(0, total_hours + 1, hours_step):
            x = self.chart_left + self.chart_width * h / total_hours
            strong = h % 24 == 0
            painter.setPen(QPen(QColor("#c7ccd4" if strong else "#eef0f3"), 1))
            painter.drawLine(QPointF(x, self.HEADER_HEIGHT - (12 if strong else 6)), QPointF(x, bottom))

    def _paint_header(self, painter: QPainter, top: float) -> None:
        from babel.dates import format_date

        from hubdesk.i18n import babel_locale

        locale = babel_locale()
        fm = QFontMetrics(self.font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # header, kept at the top of the visible part when scrolled
        painter.save()
        painter.translate(0, top)
        painter.fillRect(QRectF(0, 0, self.width(), self.HEADER_HEIGHT), QColor("#f3f4f6"))
        painter.setPen(QPen(QColor("#d1d5db"), 1))
        painter.drawLine(QPointF(0, self.HEADER_HEIGHT - 0.5), QPointF(self.width(), self.HEADER_HEIGHT - 0.5))
        days = self.days
        day_width = self.chart_width / len(days)
        top_rect = QRectF(0, 2, self.width(), self.HEADER_HEIGHT / 2 - 2)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#111827"))
        if self.scale == DAY:
            title = format_date(days[0], format="full", locale=locale)
        elif self.scale == WEEK:
            title = _("{first} – {last}").format(first=format_date(days[0], format="medium", locale=locale),
                                                 last=format_date(days[-1], format="medium", locale=locale))
        else:
            from babel.dates import format_skeleton

            title = format_skeleton("yMMMM", dt.datetime.combine(days[0], dt.time(0)), locale=locale)
        painter.drawText(top_rect.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         title)
        painter.setFont(self.font())
        low_y = self.HEADER_HEIGHT / 2
        low_h = self.HEADER_HEIGHT / 2 - 2
        painter.setPen(QColor("#374151"))
        if self.scale == DAY:
            hour_width = self.chart_width / 24
            label_width = fm.horizontalAdvance("00") + 6
            every = next((n for n in (1, 2, 3, 4, 6) if hour_width * n >= label_width), 6)
            for h in range(0, 24, every):
                rect = QRectF(self.chart_left + h * hour_width, low_y, hour_width * every, low_h)
                painter.drawText(rect.adjusted(3, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 f"{h:02d}")
        else:
            for i, day in enumerate(days):
                rect = QRectF(self.chart_left + i * day_width, low_y, day_width, low_h)
                closed = day in self.data.closed_days
                if self.scale == WEEK:
                    text = format_date(day, format="EEE d", locale=locale)
                    if closed:      # the holiday's name next to the day, shortened to fit
                        text = _("{day} · {holiday}").format(day=text, holiday=self.data.closed_days[day])
                else:
                    text = str(day.day)
                painter.setPen(QColor("#b91c1c") if closed or day.weekday() == 6 else QColor("#374151"))
                text = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(day_width) - 4)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _paint_row_labels(self, painter: QPainter, rows: range) -> None:
        fm = QFontMetrics(self.font())
        # resource labels
        painter.fillRect(QRectF(0, self.HEADER_HEIGHT, self.LABEL_WIDTH, self.height() - self.HEADER_HEIGHT),
                         QColor("#f9fafb"))
        painter.setPen(QPen(QColor("#d1d5db"), 1))
        painter.drawLine(QPointF(self.LABEL_WIDTH - 0.5, 0), QPointF(self.LABEL_WIDTH - 0.5, self.height()))
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.85))
        small_fm = QFontMetrics(small)
        for row in rows:
            resource = self.data.resources[row]
            top = self.row_top(row)
            rect = QRectF(8, top, self.LABEL_WIDTH - 12, self.ROW_HEIGHT)
            painter.setPen(QColor("#eef0f3"))
            painter.drawLine(QPointF(0, top), QPointF(self.LABEL_WIDTH, top))
            name_h = fm.height()
            total_h = name_h + small_fm.height()
            y0 = top + (self.ROW_HEIGHT - total_h) / 2
            painter.setFont(self.font())
            painter.setPen(QColor("#111827"))
            painter.drawText(QRectF(rect.left(), y0, rect.width(), name_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(resource.name, Qt.TextElideMode.ElideRight, int(rect.width())))
            painter.setFont(small)
            painter.setPen(QColor("#6b7280"))
            painter.drawText(QRectF(rect.left(), y0 + name_h, rect.width(), small_fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             small_fm.elidedText(resource.facility, Qt.TextElideMode.ElideRight, int(rect.width())))
        painter.setFont(self.font())

    # --- interaction ---------------------------------------------------------------------------------
    def resource_at_row(self, row: int) -> TimelineResource | None:
        return self.data.resources[row] if 0 <= row < len(self.data.resources) else None

    def snap(self, resource: TimelineResource, instant: dt.datetime, up: bool) -> dt.datetime:
        """Round to a whole hour (or a whole local day for day resources and the month scale)."""
        local = instant.astimezone(self.zone)
        if resource.unit == BookingUnit.DAY or self.scale == MONTH:
            base = dt.datetime.combine(local.date(), dt.time(0), self.zone)
            if up and local != base:
                base = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), self.zone)
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
        step = 86400 if resource.unit == BookingUnit.DAY or self.scale == MONTH else 3600
        steps = round(seconds / step)
        if steps == 0:
            return None
        delta = dt.timedelta(seconds=steps * step)
        if step == 86400:       # whole local days, also across a clock change
            tz = self.zone
            start = booking.starts_at.astimezone(tz)
            end = booking.ends_at.astimezone(tz)
            return (dt.datetime.combine(start.date() + delta, start.time(), tz),
                    dt.datetime.combine(end.date() + delta, end.time(), tz))
        return booking.starts_at + delta, booking.ends_at + delta

    def mousePressEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        if event.button() == Qt.MouseButton.LeftButton and pos.x() >= self.chart_left:
            row = self.row_at(pos.y())
            item = self.item_at(pos) if row >= 0 else None
            if item is not None and item.status in MOVABLE_STATUSES:
                self._move = (item, pos.x(), pos.x())      # dragging a booking moves it
                return
            if row >= 0 and item is None:
                self._drag = (row, pos.x(), pos.x())
                self.update()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        if self._move is not None:
            item, x0, _x1 = self._move
            self._move = (item, x0, pos.x())
            self.setCursor(Qt.CursorShape.SizeHorCursor if abs(pos.x() - x0) >= 3 else Qt.CursorShape.ArrowCursor)
            self.update()
            return
        if self._drag is not None:
            row, x0, _x1 = self._drag
            self._drag = (row, x0, min(max(pos.x(), self.chart_left), self.chart_left + self.chart_width))
            self.update()
            return
        item = self.item_at(pos, ("booking", "changeover", "window", "closed"))
        if item is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(item), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._move is not None and event.button() == Qt.MouseButton.LeftButton:
            item, x0, _x1 = self._move
            self._move = None
            self.unsetCursor()
            self.update()
            if abs(event.position().x() - x0) >= 3:
                span = self.moved_span(item, event.position().x() - x0)
                if span is not None:
                    self.booking_move_requested.emit(item.record_id, span[0], span[1])
            return
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            row, x0, _x1 = self._drag
            x1 = min(max(event.position().x(), self.chart_left), self.chart_left + self.chart_width)
            self._drag = None
            self.update()
            if abs(x1 - x0) >= 3:
                span = self.selection_span(row, x0, x1)
                resource = self.resource_at_row(row)
                if span is not None and resource is not None:
                    self.span_selected.emit(resource.id, span[0], span[1])
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        item = self.item_at(event.position(), ("booking", "changeover"))
        if item is not None and item.record_id is not None:
            self.booking_activated.emit(item.record_id)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        item = self.item_at(QPointF(event.pos()), ("booking",))
        if item is not None and item.record_id is not None:
            self.booking_menu_requested.emit(item.record_id, event.globalPos())
            return
        resource = self.resource_at_row(self.row_at(event.pos().y()))
        if resource is not None:
            self.resource_menu_requested.emit(resource.id, event.globalPos())


class TimelineLegendWidget(QWidget):
    """The status swatches (colour and pattern), the changeover tail, maintenance and closed days."""

    SWATCH = QSize(26, 14)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[tuple[str, str]] = []
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.entries = [(s.value, label(s)) for s in (S.REQUESTED, S.APPROVED, S.CONFIRMED, S.IN_USE, S.COMPLETED,
                                                       S.CANCELLED, S.NO_SHOW)]
        self.entries += [("changeover", _("Changeover")), ("window", _("Maintenance")),
                         ("closed", _("Holiday or closure day"))]
        self.updateGeometry()
        self.update()

    def _widths(self) -> list[int]:
        fm = QFontMetrics(self.font())
        return [self.SWATCH.width() + 6 + fm.horizontalAdvance(text) + 16 for _k, text in self.entries]

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(sum(self._widths()), max(self.SWATCH.height(), QFontMetrics(self.font()).height()) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        fm = QFontMetrics(self.font())
        x = 0
        h = self.height()
        for (key, text), width in zip(self.entries, self._widths()):
            if x + width > self.width() + 16:
                break
            swatch = QRectF(x, (h - self.SWATCH.height()) / 2, self.SWATCH.width(), self.SWATCH.height())
            if key == "changeover":
                painter.fillRect(swatch, QColor("#f3f4f6"))
                painter.fillRect(swatch, QBrush(QColor("#374151"), CHANGEOVER_PATTERN))
            elif key == "window":
                painter.fillRect(swatch, QColor("#e5e7eb"))
                painter.fillRect(swatch, QBrush(QColor(WINDOW_COLOUR), WINDOW_PATTERN))
            elif key == "closed":
                painter.fillRect(swatch, QColor("#ffffff"))
                painter.fillRect(swatch, CLOSED_COLOUR)
            else:
                base, pattern = status_brushes(S(key))
                painter.fillRect(swatch, base)
                painter.fillRect(swatch, pattern)
            painter.setPen(QPen(QColor("#1f2937"), 1, STATUS_EDGE.get(S(key), Qt.PenStyle.SolidLine)
                                if key in S._value2member_map_ else Qt.PenStyle.SolidLine))
            painter.drawRect(swatch)
            painter.setPen(QColor("#374151"))
            painter.drawText(QRectF(x + self.SWATCH.width() + 6, 0, fm.horizontalAdvance(text) + 4, h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            x += width
        painter.end()
