"""Milestones on a simple timeline over the program's fiscal year (QPainter).

Each milestone is a row: a bar from its start (when started) to its due date and, at the due date,
a marker whose colour AND shape tell the derived status, so it reads in black and white too:
done = filled circle with a tick, late = triangle with "!", at risk = diamond, on track = hollow
circle. `status_icon(status)` gives the same marker for tables. Clicking a row emits
`milestone_clicked(id)`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from hubdesk.domain import clock
from hubdesk.domain.programs import MilestoneStatus
from hubdesk.i18n import _

STATUS_COLOURS = {
    MilestoneStatus.DONE: QColor("#15803d"),
    MilestoneStatus.LATE: QColor("#b91c1c"),
    MilestoneStatus.AT_RISK: QColor("#b45309"),
    MilestoneStatus.ON_TRACK: QColor("#2563eb"),
}
ROW_HEIGHT = 24
LABEL_WIDTH = 260
TOP = 44


def draw_marker(painter: QPainter, status: MilestoneStatus, centre: QPointF, r: float) -> None:
    colour = STATUS_COLOURS[status]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.5, r / 4))
    painter.setPen(pen)
    x, y = centre.x(), centre.y()
    if status is MilestoneStatus.DONE:
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(centre, r, r)
        tick = QPainterPath(QPointF(x - r * 0.5, y))
        tick.lineTo(x - r * 0.1, y + r * 0.45)
        tick.lineTo(x + r * 0.55, y - r * 0.45)
        painter.setPen(QPen(QColor("white"), max(1.5, r / 3.5)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
    elif status is MilestoneStatus.LATE:
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(QPolygonF([QPointF(x, y - r), QPointF(x + r, y + r * 0.85), QPointF(x - r, y + r * 0.85)]))
        painter.setPen(QPen(QColor("white"), max(1.5, r / 4)))
        painter.drawLine(QPointF(x, y - r * 0.35), QPointF(x, y + r * 0.25))
        painter.drawPoint(QPointF(x, y + r * 0.55))
    elif status is MilestoneStatus.AT_RISK:
        painter.setBrush(QBrush(colour, Qt.BrushStyle.Dense4Pattern))
        painter.drawPolygon(QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)]))
    else:
        painter.setBrush(QBrush(QColor("white")))
        painter.drawEllipse(centre, r * 0.85, r * 0.85)
    painter.restore()


def status_icon(status: MilestoneStatus, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    draw_marker(painter, status, QPointF(size / 2, size / 2), size / 2 - 2)
    painter.end()
    return QIcon(pixmap)


class MilestoneTimelineWidget(QWidget):
    milestone_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("milestoneTimeline")
        self.year = clock.today().year
        self.today = clock.today()
        self.milestones: list[dict] = []
        self.selected_id: int | None = None
        self._scale: tuple[dt.date, dt.date, float, float] | None = None    # kept while painting
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)

    def set_milestones(self, year: int, milestones: list[dict], today: dt.date | None = None) -> None:
        self.year = year
        self.today = today or clock.today()
        self.milestones = list(milestones)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(800, TOP + max(1, len(self.milestones)) * ROW_HEIGHT + 12)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._label_width() + 160 + self._right_room(), TOP + max(1, len(self.milestones)) * ROW_HEIGHT + 12)

    # --- geometry ----------------------------------------------------------------------------
    def _span(self) -> tuple[dt.date, dt.date]:
        start, end = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        for m in self.milestones:
            for key in ("started_on", "due_on", "done_on"):
                d = m.get(key)
                if d is not None:
                    start, end = min(start, d), max(end, d)
        return start, end

    def _label_width(self) -> int:
        """The column of titles: as wide as the longest title, at most LABEL_WIDTH (longer ones are
        elided), so that a narrow window keeps room for the year's bars."""
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(m["title"]) for m in self.milestones), default=0)
        return max(120, min(LABEL_WIDTH, widest + 20))

    def _right_room(self) -> int:
        """Room kept right of the last day for a due date written after its marker, and for the
        "Today" label: a date that did not fit there was drawn back over the bar and the today line."""
        from hubdesk.ui.common.display import format_date

        fm = self.fontMetrics()
        texts = [fm.horizontalAdvance(format_date(m["due_on"])) + 11 for m in self.milestones]
        return max([fm.horizontalAdvance(_("Today")) + 3, *texts]) + 8

    def _x(self, day: dt.date) -> float:
        start, end, left, right = self._scale or self._measure_scale()
        total = max((end - start).days, 1)
        return left + (right - left) * (day - start).days / total

    def _measure_scale(self) -> tuple[dt.date, dt.date, float, float]:
        """The days shown and the pixels they take (measured over every milestone: once per paint)."""
        start, end = self._span()
        return start, end, self._label_width() + 8.0, float(self.width() - self._right_room())

    def date_rect(self, row: int) -> QRectF:
        """Where the due date of the milestone in `row` is written: right after its marker."""
        from hubdesk.ui.common.display import format_date

        fm = self.fontMetrics()
        m = self.milestones[row]
        mid = TOP + row * ROW_HEIGHT + ROW_HEIGHT / 2
        return QRectF(self._x(m["due_on"]) + 9, mid - fm.height() / 2,
                      fm.horizontalAdvance(format_date(m["due_on"])) + 4, fm.height())

    def legend_right(self) -> float:
        fm = self.fontMetrics()
        return 8.0 + sum(28 + fm.horizontalAdvance(status.label) for status in MilestoneStatus)

    def today_rect(self) -> QRectF | None:
        """Where "Today" is written over its line: at the top, or on the months' line when the
        legend takes the top there; None when today is outside the span."""
        start, end = self._span()
        if not start <= self.today <= end:
            return None
        fm = self.fontMetrics()
        x = self._x(self.today)
        y = 4 if x + 3 >= self.legend_right() else TOP - 6 - 4 - fm.ascent()
        return QRectF(x + 3, y, fm.horizontalAdvance(_("Today")), fm.height())

    def row_at(self, y: float) -> int:
        row = int((y - TOP) // ROW_HEIGHT)
        return row if 0 <= row < len(self.milestones) else -1

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        row = self.row_at(event.position().y())
        if row >= 0:
            self.selected_id = self.milestones[row]["id"]
            self.update()
            self.milestone_clicked.emit(self.selected_id)
        super().mousePressEvent(event)

    # --- painting ------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        self._scale = self._measure_scale()
        try:
            self._paint()
        finally:
            self._scale = None

    def _paint(self) -> None:
        from hubdesk.ui.common.display import format_date

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        fm = painter.fontMetrics()
        start, end = self._span()
        axis_y = TOP - 6
        today_label = self.today_rect()      # month labels that would run into it are left out
        # month grid and labels
        painter.setPen(QPen(QColor("#9ca3af")))
        month = dt.date(start.year, start.month, 1)
        if month < start:
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        free_from = 0.0
        while month <= end:
            x = self._x(month)
            painter.setPen(QPen(QColor("#e5e7eb")))
            painter.drawLine(QPointF(x, axis_y), QPointF(x, self.height() - 4))
            text = _("{month}/{year}").format(month=month.month, year=month.year % 100)
            label_rect = QRectF(x + 3, axis_y - 4 - fm.ascent(), fm.horizontalAdvance(text), fm.height())
            if x + 3 >= free_from and not (today_label is not None and label_rect.intersects(today_label)):
                painter.setPen(QPen(QColor("#6b7280")))
                painter.drawText(QPointF(x + 3, axis_y - 4), text)
                free_from = x + 3 + fm.horizontalAdvance(text) + 6
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        # legend
        legend_x = 8.0
        for status in MilestoneStatus:
            draw_marker(painter, status, QPointF(legend_x + 6, 12), 6)
            painter.setPen(QPen(QColor("#374151")))
            painter.drawText(QPointF(legend_x + 16, 16), status.label)
            legend_x += 28 + fm.horizontalAdvance(status.label)
        # today
        if start <= self.today <= end:
            x = self._x(self.today)
            painter.setPen(QPen(QColor("#111827"), 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, axis_y), QPointF(x, self.height() - 4))
            if today_label is not None:
                painter.drawText(today_label.topLeft() + QPointF(0, fm.ascent()), _("Today"))
        # rows
        for row, m in enumerate(self.milestones):
            y = TOP + row * ROW_HEIGHT
            mid = y + ROW_HEIGHT / 2
            status = m["status"]
            colour = STATUS_COLOURS[status]
            if m["id"] == self.selected_id:
                painter.fillRect(QRectF(0, y, self.width(), ROW_HEIGHT), QColor("#dbeafe"))
            elif row % 2:
                painter.fillRect(QRectF(0, y, self.width(), ROW_HEIGHT), QColor("#f9fafb"))
            painter.setPen(QPen(QColor("#111827")))
            label_width = int(self._scale[2]) - 8 if self._scale else self._label_width()
            title = fm.elidedText(m["title"], Qt.TextElideMode.ElideRight, label_width - 12)
            painter.drawText(QRectF(8, y, label_width - 8, ROW_HEIGHT),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), title)
            due_x = self._x(m["due_on"])
            begun = m.get("started_on")
            if begun is not None and begun < m["due_on"]:
                bar = QRectF(self._x(begun), mid - 4, max(due_x - self._x(begun), 2), 8)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(colour.lighter(170)))
                painter.drawRoundedRect(bar, 3, 3)
            done = m.get("done_on")
            if done is not None and done != m["due_on"]:
                painter.setPen(QPen(colour, 1, Qt.PenStyle.DotLine))
                painter.drawLine(QPointF(self._x(done), mid), QPointF(due_x, mid))
            draw_marker(painter, status, QPointF(due_x, mid), 7)
            painter.setPen(QPen(QColor("#6b7280")))
            # the date after the marker (the room is kept: _right_room), on the row's own background
            # so that the today line and the month grid pass behind it, not through it
            date_rect = self.date_rect(row)
            background = (QColor("#dbeafe") if m["id"] == self.selected_id else
                          QColor("#f9fafb") if row % 2 else QColor("white"))
            painter.fillRect(date_rect, background)
            painter.setPen(QPen(QColor("#6b7280")))
            painter.drawText(date_rect.adjusted(2, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             format_date(m["due_on"]))
        if not self.milestones:
            painter.setPen(QPen(QColor("#6b7280")))
            painter.drawText(QRectF(0, TOP, self.width(), ROW_HEIGHT), int(Qt.AlignmentFlag.AlignCenter),
                             _("This program has no milestones yet."))
        painter.end()
