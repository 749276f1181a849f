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
        return QSize(500, TOP + max(1, len(self.milestones)) * ROW_HEIGHT + 12)

    # --- geometry ----------------------------------------------------------------------------
    def _span(self) -> tuple[dt.date, dt.date]:
        start, end = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        for m in self.milestones:
            for key in ("started_on", "due_on", "done_on"):
                d = m.get(key)
                if d is not None:
                    start, end = min(start, d), max(end, d)
        return start, end

    def _x(self, day: dt.date) -> float:
        start, end = self._span()
        left, right = LABEL_WIDTH + 8, self.width() - 16
        total = max((end - start).days, 1)
        return left + (right - left) * (day - start).days / total

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
        from hubdesk.ui.common.display import format_date

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        fm = painter.fontMetrics()
        start, end = self._span()
        axis_y = TOP - 6
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
            if x + 3 >= free_from:
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
            painter.drawText(QPointF(x + 3, 16), _("Today"))
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
            title = fm.elidedText(m["title"], Qt.TextElideMode.ElideRight, LABEL_WIDTH - 12)
            painter.drawText(QRectF(8, y, LABEL_WIDTH - 8, ROW_HEIGHT),
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
            text = format_date(m["due_on"])
            tx = due_x + 11
            if tx + fm.horizontalAdvance(text) > self.width() - 4:
                tx = due_x - 11 - fm.horizontalAdvance(text)
            painter.drawText(QPointF(tx, mid + fm.ascent() / 2 - 1), text)
        if not self.milestones:
            painter.setPen(QPen(QColor("#6b7280")))
            painter.drawText(QRectF(0, TOP, self.width(), ROW_HEIGHT), int(Qt.AlignmentFlag.AlignCenter),
                             _("This program has no milestones yet."))
        painter.end()
