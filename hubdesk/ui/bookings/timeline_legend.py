"""The booking timeline's legend: one swatch per status (colour, pattern and edge, as the timeline
paints them), the changeover tail, maintenance, closed days and the mark of a booking series."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QWidget

from hubdesk.db.enums import BookingStatus
from hubdesk.i18n import _
from hubdesk.ui.bookings.timeline_paint import (CHANGEOVER_PATTERN, CLOSED_COLOUR, STATUS_EDGE, WINDOW_COLOUR,
                                                WINDOW_PATTERN, paint_conflict_mark, paint_series_mark,
                                                status_brushes)
from hubdesk.ui.common.labels import label

S = BookingStatus


class TimelineLegendWidget(QWidget):
    """The status swatches (colour and pattern), the changeover tail, maintenance and closed days."""

    SWATCH = QSize(26, 14)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[tuple[str, str]] = []
        self._entry_widths: list[int] | None = None   # measured once per language and font
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)     # the entries wrap onto a second line where one is too narrow
        self.setSizePolicy(policy)
        self.retranslate_ui()

    def retranslate_ui(self, *_args) -> None:
        self.entries = [(s.value, label(s)) for s in (S.REQUESTED, S.APPROVED, S.CONFIRMED, S.IN_USE, S.COMPLETED,
                                                       S.CANCELLED, S.NO_SHOW)]
        self.entries += [("changeover", _("Changeover")), ("window", _("Maintenance")),
                         ("closed", _("Holiday or closure day")), ("series", _("Booking series")),
                         ("conflict", _("In conflict after an exchange"))]
        self._entry_widths = None
        self.updateGeometry()
        self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._entry_widths = None
        super().changeEvent(event)

    def _widths(self) -> list[int]:
        # layouts ask for the height at a width several times while the Bookings area opens, even
        # with the timeline's tab hidden: the texts are measured once
        if self._entry_widths is None:
            fm = QFontMetrics(self.font())
            self._entry_widths = [self.SWATCH.width() + 6 + fm.horizontalAdvance(text) + 16
                                  for _k, text in self.entries]
        return self._entry_widths

    def _line_height(self) -> int:
        return max(self.SWATCH.height(), QFontMetrics(self.font()).height()) + 8

    def lines(self, width: int) -> list[list[int]]:
        """The entries (their indexes) on each line at `width` (an entry's trailing gap may overhang)."""
        lines: list[list[int]] = [[]]
        x = 0
        for i, w in enumerate(self._widths()):
            if lines[-1] and x + w > width + 16:
                lines.append([])
                x = 0
            lines[-1].append(i)
            x += w
        return lines

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(sum(self._widths()), self._line_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self._line_height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return len(self.lines(width)) * self._line_height()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        fm = QFontMetrics(self.font())
        h = self._line_height()
        widths = self._widths()
        for row, line in enumerate(self.lines(self.width())):
            x = 0
            for i in line:
                self._paint_entry(painter, fm, self.entries[i], x, row * h, h)
                x += widths[i]
        painter.end()

    def _paint_entry(self, painter: QPainter, fm: QFontMetrics, entry: tuple[str, str], x: float, top: float,
                     h: float) -> None:
        key, text = entry
        swatch = QRectF(x, top + (h - self.SWATCH.height()) / 2, self.SWATCH.width(), self.SWATCH.height())
        if key == "changeover":
            painter.fillRect(swatch, QColor("#f3f4f6"))
            painter.fillRect(swatch, QBrush(QColor("#374151"), CHANGEOVER_PATTERN))
        elif key == "window":
            painter.fillRect(swatch, QColor("#e5e7eb"))
            painter.fillRect(swatch, QBrush(QColor(WINDOW_COLOUR), WINDOW_PATTERN))
        elif key == "closed":
            painter.fillRect(swatch, QColor("#ffffff"))
            painter.fillRect(swatch, CLOSED_COLOUR)
        elif key == "series":      # the corner mark of a booking of a series, outlined when selected
            painter.fillRect(swatch, QColor("#ffffff"))
            paint_series_mark(painter, swatch, highlighted=False)
        elif key == "conflict":    # a booking held in a conflict after an exchange (issue 16)
            painter.fillRect(swatch, QColor("#ffffff"))
            paint_conflict_mark(painter, swatch.adjusted(1.5, 1.5, -1.5, -1.5))
            self._label(painter, fm, text, x, top, h)
            return
        else:
            base, pattern = status_brushes(S(key))
            painter.fillRect(swatch, base)
            painter.fillRect(swatch, pattern)
        painter.setPen(QPen(QColor("#1f2937"), 1, STATUS_EDGE.get(S(key), Qt.PenStyle.SolidLine)
                            if key in S._value2member_map_ else Qt.PenStyle.SolidLine))
        painter.drawRect(swatch)
        self._label(painter, fm, text, x, top, h)

    def _label(self, painter: QPainter, fm: QFontMetrics, text: str, x: float, top: float, h: float) -> None:
        painter.setPen(QColor("#374151"))
        painter.drawText(QRectF(x + self.SWATCH.width() + 6, top, fm.horizontalAdvance(text) + 4, h),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
