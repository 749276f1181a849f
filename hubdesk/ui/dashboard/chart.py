"""A small bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hubdesk.ui.common.style import ACCENT, MUTED, WARNING


class BarChartWidget(QWidget):
    """Bars with their value above and their label below; an optional dashed target line.
    `bar_clicked(index)` is emitted when a bar is clicked."""

    bar_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: list[tuple[str, float]] = []
        self._target: float | None = None
        self._format: Callable[[float], str] = lambda v: f"{v:g}"
        self._target_text = ""
        self._bars: list[QRectF] = []
        self._placeholder = ""
        self.target_text_rect: QRectF | None = None    # where the last paint put the target's text
        self.drawn_texts: list[QRectF] = []            # and the bars, values and quarters
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, 220)

    def set_data(self, items: list[tuple[str, float]], target: float | None = None,
                 value_format: Callable[[float], str] | None = None, target_text: str = "") -> None:
        self._items = list(items)
        self._target = target
        self._target_text = target_text
        if value_format is not None:
            self._format = value_format
        self.update()

    def set_placeholder(self, text: str) -> None:
        """What the chart says while it has no bars (e.g. while they are calculated)."""
        self._placeholder = text
        self.update()

    def items(self) -> list[tuple[str, float]]:
        return list(self._items)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        rect = QRectF(self.rect()).adjusted(8, fm.height() + 6, -8, -(fm.height() + 10))
        self._bars = []
        if not self._items and self._placeholder:
            painter.setPen(QColor("#6b7280"))
            painter.drawText(QRectF(self.rect()), int(Qt.AlignmentFlag.AlignCenter), self._placeholder)
        if not self._items or rect.height() <= 10:
            return
        top = max([v for _l, v in self._items] + [self._target or 0.0, 1e-9])
        n = len(self._items)
        taken: list[QRectF] = []      # the bars, their values and quarters: the target's text covers none
        slot = rect.width() / n
        bar_width = min(56.0, slot * 0.6)
        axis = QPen(QColor("#d1d5db"))
        painter.setPen(axis)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        for i, (label, value) in enumerate(self._items):
            h = rect.height() * (value / top) if top > 0 else 0
            x = rect.left() + slot * i + (slot - bar_width) / 2
            bar = QRectF(x, rect.bottom() - h, bar_width, h)
            self._bars.append(QRectF(rect.left() + slot * i, rect.top(), slot, rect.height()))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(ACCENT) if i == n - 1 else QColor("#93c5fd"))
            painter.drawRoundedRect(bar, 3, 3)
            painter.setPen(QColor("#111827"))
            text = self._format(value)
            painter.drawText(QRectF(rect.left() + slot * i, bar.top() - fm.height() - 2, slot, fm.height()),
                             Qt.AlignmentFlag.AlignCenter, text)
            width = fm.horizontalAdvance(text)
            taken.append(QRectF(rect.left() + slot * (i + 0.5) - width / 2, bar.top() - fm.height() - 2,
                                width, fm.height()))
            taken.append(bar)
            painter.setPen(QColor(MUTED))
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(QRectF(rect.left() + slot * i, rect.bottom() + 4, slot, fm.height() + 2),
                             Qt.AlignmentFlag.AlignCenter, shown)
            width = fm.horizontalAdvance(shown)
            taken.append(QRectF(rect.left() + slot * (i + 0.5) - width / 2, rect.bottom() + 4, width, fm.height() + 2))
        if self._target:
            y = rect.bottom() - rect.height() * (self._target / top)
            pen = QPen(QColor(WARNING))
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
            if self._target_text:
                self.target_text_rect = self._target_text_place(rect, y, fm, taken)
                painter.drawText(self.target_text_rect, Qt.AlignmentFlag.AlignLeft, self._target_text)
        self.drawn_texts = taken

    def _target_text_place(self, rect: QRectF, y: float, fm: QFontMetrics, taken: list[QRectF]) -> QRectF:
        """Where the target's text goes: over its line at the left, else under it, else at the right
        over or under it, else a line higher at the left or the right; the first of these that covers
        no bar, value nor quarter (a bar of 0 puts its value on the axis, where the line of a low
        target runs)."""
        width, height = fm.horizontalAdvance(self._target_text) + 2, fm.height()
        left, right = rect.left(), rect.right() - width
        places = [QRectF(x, top, width, height)
                  for top in (y - height - 1, y + 2) for x in (left, right)]
        places += [QRectF(x, y - 2 * height - 2, width, height) for x in (left, right)]
        for place in places:
            if not any(place.intersects(other) for other in taken):
                return place
        return places[0]

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        for i, area in enumerate(self._bars):
            if area.contains(event.position()):
                self.bar_clicked.emit(i)
                return
        super().mousePressEvent(event)
