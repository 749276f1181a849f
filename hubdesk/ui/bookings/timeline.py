"""The booking timeline: resources as rows, time as columns, at a day, week or month scale.

`BookingTimelineWidget` shows what `queries.load_window` read for the visible window and turns
mouse work into signals. It is split along its seams: where things are (time ↔ x, rows,
hit-testing, snapping) is `timeline_geometry.TimelineGeometry`, the widget's `geo`; what is
painted, and in which colours and patterns, is `timeline_paint.paint_timeline`; the legend is
`timeline_legend.TimelineLegendWidget`. Every painted item is first laid out as a `TimelineItem`
with its rectangle (`items()`), which is what painting, hit testing and the tests use.

Dragging across empty time in a row emits `span_selected(resource_id, start, end)` (snapped to
hours, or to days on the month scale and for day-unit resources); dragging an open booking
sideways emits `booking_move_requested(id, start, end)` (whole hours or days); a double-click on a booking
emits `booking_activated(id)`, a right-click `booking_menu_requested(id, global_pos)`, and a
right-click on a resource's row off a booking `resource_menu_requested(resource_id, global_pos)`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hubdesk.domain.booking_status import MOVABLE_STATUSES
from hubdesk.i18n import _
from hubdesk.ui.bookings.queries import TimelineData
from hubdesk.ui.bookings.timeline_geometry import TimelineGeometry, TimelineItem
from hubdesk.ui.bookings.timeline_paint import paint_timeline
from hubdesk.ui.common.labels import label


class BookingTimelineWidget(QWidget):
    span_selected = Signal(int, object, object)           # resource id, start, end (aware)
    booking_activated = Signal(int)
    booking_menu_requested = Signal(int, QPoint)
    booking_move_requested = Signal(int, object, object)   # booking id, new start, new end
    resource_menu_requested = Signal(int, QPoint)          # resource id (its row, off a booking)

    LABEL_WIDTH = TimelineGeometry.LABEL_WIDTH
    HEADER_HEIGHT = TimelineGeometry.HEADER_HEIGHT
    ROW_HEIGHT = TimelineGeometry.ROW_HEIGHT

    def __init__(self, zone: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bookingTimeline")
        self.geo = TimelineGeometry(zone, width=self.width, visible_top=self._visible_top)
        self._drag: tuple[int, float, float] | None = None   # resource row, x0, x1
        self._move: tuple[TimelineItem, float, float] | None = None   # booking being dragged, x0, x1
        self.highlighted_series: int | None = None    # the series of the booking clicked last, outlined
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _visible_top(self) -> float:
        return float(self.visibleRegion().boundingRect().top())

    # --- the window of time and the data, kept by the geometry ---------------------------------------
    @property
    def zone(self) -> ZoneInfo:
        return self.geo.zone

    @property
    def scale(self) -> str:
        return self.geo.scale

    @scale.setter
    def scale(self, value: str) -> None:
        self.geo.scale = value

    @property
    def anchor(self) -> dt.date:
        return self.geo.anchor

    @anchor.setter
    def anchor(self, value: dt.date) -> None:
        self.geo.anchor = value

    @property
    def data(self) -> TimelineData:
        return self.geo.data

    @property
    def first_day(self) -> dt.date:
        return self.geo.first_day

    @property
    def days(self) -> list[dt.date]:
        return self.geo.days

    @property
    def start(self) -> dt.datetime:
        return self.geo.start

    @property
    def end(self) -> dt.datetime:
        return self.geo.end

    def set_data(self, data: TimelineData) -> None:
        self.geo.data = data
        self.invalidate_layout()
        self.setMinimumHeight(self.HEADER_HEIGHT + self.ROW_HEIGHT * max(1, len(data.resources)) + 2)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1100, self.HEADER_HEIGHT + self.ROW_HEIGHT * max(6, len(self.data.resources)) + 2)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.invalidate_layout()
        super().resizeEvent(event)

    # --- where things are (see TimelineGeometry) -----------------------------------------------------
    @property
    def chart_left(self) -> float:
        return self.geo.chart_left

    @property
    def chart_width(self) -> float:
        return self.geo.chart_width

    def x_of(self, instant: dt.datetime) -> float:
        return self.geo.x_of(instant)

    def instant_at(self, x: float) -> dt.datetime:
        return self.geo.instant_at(x)

    def row_top(self, row: int) -> float:
        return self.geo.row_top(row)

    def items(self) -> list[TimelineItem]:
        return self.geo.items()

    def booking_rect(self, booking_id: int) -> QRectF | None:
        return self.geo.booking_rect(booking_id)

    def invalidate_layout(self) -> None:
        self.geo.invalidate()

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
        if source.series_id is not None:
            tip += "\n" + _("One of booking series number {id}").format(id=source.series_id)
        tip += "\n" + source.purpose if source.purpose else ""
        return tip + ("\n\n" + source.conflict if source.conflict else "")

    # --- painting (see timeline_paint) ----------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        ghost = selection = None
        if self._move is not None:
            item, x0, x1 = self._move
            span = self.geo.moved_span(item, x1 - x0)
            if span is not None:
                ghost = self.geo.span_rect(item.row, span[0], span[1])
        if self._drag is not None:
            row, x0, x1 = self._drag
            selection = self.geo.drag_rect(row, x0, x1)
        painter = QPainter(self)
        paint_timeline(painter, self.geo, clip=QRectF(event.rect()), width=float(self.width()),
                       height=float(self.height()), header_top=max(0.0, self._visible_top()), font=self.font(),
                       ghost=ghost, selection=selection, highlight_series=self.highlighted_series)
        painter.end()

    # --- interaction ---------------------------------------------------------------------------------
    def highlight_series_of(self, booking_id: int | None) -> None:
        """Outline every drawn booking of the series `booking_id` belongs to (none: no outline)."""
        booking = next((b for b in self.data.bookings if b.id == booking_id), None)
        series_id = booking.series_id if booking is not None else None
        if series_id != self.highlighted_series:
            self.highlighted_series = series_id
            self.update()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        if event.button() == Qt.MouseButton.LeftButton and pos.x() >= self.chart_left:
            row = self.geo.row_at(pos.y())
            item = self.geo.item_at(pos) if row >= 0 else None
            self.highlight_series_of(item.record_id if item is not None and item.kind == "booking" else None)
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
        item = self.geo.item_at(pos, ("booking", "changeover", "window", "closed"))
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
                span = self.geo.moved_span(item, event.position().x() - x0)
                if span is not None:
                    self.booking_move_requested.emit(item.record_id, span[0], span[1])
            return
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            row, x0, _x1 = self._drag
            x1 = min(max(event.position().x(), self.chart_left), self.chart_left + self.chart_width)
            self._drag = None
            self.update()
            if abs(x1 - x0) >= 3:
                span = self.geo.selection_span(row, x0, x1)
                resource = self.geo.resource_at_row(row)
                if span is not None and resource is not None:
                    self.span_selected.emit(resource.id, span[0], span[1])
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        item = self.geo.item_at(event.position(), ("booking", "changeover"))
        if item is not None and item.record_id is not None:
            self.booking_activated.emit(item.record_id)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        item = self.geo.item_at(QPointF(event.pos()), ("booking",))
        if item is not None and item.record_id is not None:
            self.booking_menu_requested.emit(item.record_id, event.globalPos())
            return
        resource = self.geo.resource_at_row(self.geo.row_at(event.pos().y()))
        if resource is not None:
            self.resource_menu_requested.emit(resource.id, event.globalPos())
