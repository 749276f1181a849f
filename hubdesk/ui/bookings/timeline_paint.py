"""Painting the booking timeline (no events, no state): bookings coloured AND patterned by status, so
a black-and-white print still tells them apart, the changeover buffer after each booking as a
hatched tail, maintenance windows cross-hatched, public holidays and closure days shaded, weekends
tinted, the resource labels on the left and the dates in a header that stays at the top.

The colours and patterns are here too, for the legend (`timeline_legend.py`) to show the same.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from hubdesk.db.enums import BookingStatus
from hubdesk.i18n import _
from hubdesk.ui.bookings.timeline_geometry import DAY, WEEK, TimelineGeometry

S = BookingStatus
BS = Qt.BrushStyle

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


def paint_timeline(painter: QPainter, geo: TimelineGeometry, *, clip: QRectF, width: float, height: float,
                   header_top: float, font: QFont, ghost: QRectF | None = None,
                   selection: QRectF | None = None, highlight_series: int | None = None) -> None:
    """Paint the timeline for the rows inside clip: grid, closed days, maintenance windows,
    changeover tails, bookings (a booking of a series with a corner mark, those of
    `highlight_series` outlined), the ghost of a booking being dragged, the band of a selection
    being dragged, then the row labels and the header (kept at header_top, the top of the
    visible part)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(QRectF(0, 0, width, height), QColor("#ffffff"))
    rows = geo.visible_rows(clip)
    _paint_grid(painter, geo, rows, width)
    items = list(geo.closed_items())
    for row in rows:
        items.extend(geo.row_items(row))
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
    fm = QFontMetrics(font)
    for item in items:
        if item.kind != "booking":
            continue
        base, pattern = status_brushes(item.status)
        painter.fillRect(item.rect, base)
        painter.fillRect(item.rect, pattern)
        painter.setPen(QPen(QColor("#1f2937"), 1.2, STATUS_EDGE.get(item.status, Qt.PenStyle.SolidLine)))
        painter.drawRect(item.rect)
        series_id = getattr(item.source, "series_id", None)
        if series_id is not None:
            paint_series_mark(painter, item.rect, highlighted=series_id == highlight_series)
        if getattr(item.source, "conflict", None):
            paint_conflict_mark(painter, item.rect)
        if item.rect.width() > 30:
            text_rect = item.rect.adjusted(4, 0, -3, 0)
            text = fm.elidedText(item.text, Qt.TextElideMode.ElideRight, int(text_rect.width()))
            back = QRectF(text_rect.left() - 1, text_rect.center().y() - fm.height() / 2,
                          fm.horizontalAdvance(text) + 2, fm.height())
            painter.fillRect(back, QColor(255, 255, 255, 200))
            painter.setPen(QColor("#111827"))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
    if ghost is not None:
        painter.fillRect(ghost, QColor(37, 99, 235, 50))
        painter.setPen(QPen(QColor("#2563eb"), 1.5, Qt.PenStyle.DashLine))
        painter.drawRect(ghost)
    if selection is not None:
        painter.fillRect(selection, QColor(37, 99, 235, 60))
        painter.setPen(QPen(QColor("#2563eb"), 1.5))
        painter.drawRect(selection)
    _paint_row_labels(painter, geo, rows, height, font)
    _paint_header(painter, geo, header_top, width, font)


SERIES_COLOUR = QColor("#1d4ed8")


def paint_series_mark(painter: QPainter, rect: QRectF, *, highlighted: bool) -> None:
    """A booking of a series: a small triangle in its top right corner; those of the selected
    booking's series outlined as one."""
    from PySide6.QtGui import QPolygonF
    from PySide6.QtCore import QPointF

    size = min(8.0, rect.width() / 2, rect.height() / 2)
    corner = QPolygonF([QPointF(rect.right() - size, rect.top()), QPointF(rect.right(), rect.top()),
                        QPointF(rect.right(), rect.top() + size)])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SERIES_COLOUR)
    painter.drawPolygon(corner)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if highlighted:      # outside the booking: a booking a few pixels wide still stands out
        painter.setPen(QPen(SERIES_COLOUR, 2.5))
        painter.drawRect(rect.adjusted(-2, -2, 2, 2))


CONFLICT_COLOUR = QColor("#dc2626")


def paint_conflict_mark(painter: QPainter, rect: QRectF) -> None:
    """A booking held in a conflict after an exchange: red diagonal hatching over it, a red outline
    around it and a red warning corner (top left), until a person moves or cancels one."""
    from PySide6.QtGui import QPolygonF

    hatch = QBrush(CONFLICT_COLOUR, Qt.BrushStyle.BDiagPattern)
    painter.fillRect(rect, hatch)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(CONFLICT_COLOUR, 2.5))
    painter.drawRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5))
    size = min(11.0, rect.width() / 2, rect.height() / 2)
    corner = QPolygonF([QPointF(rect.left(), rect.top()), QPointF(rect.left() + size, rect.top()),
                        QPointF(rect.left(), rect.top() + size)])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(CONFLICT_COLOUR)
    painter.drawPolygon(corner)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _paint_grid(painter: QPainter, geo: TimelineGeometry, visible: range, width: float) -> None:
    days = geo.days
    rows = len(geo.data.resources)
    bottom = geo.row_top(rows)
    for i, day in enumerate(days):
        if day.weekday() >= 5:
            x0 = geo.x_of(dt.datetime.combine(day, dt.time(0), geo.zone))
            painter.fillRect(QRectF(x0, geo.HEADER_HEIGHT, geo.chart_width / len(days),
                                    bottom - geo.HEADER_HEIGHT), WEEKEND_COLOUR)
    painter.setPen(QPen(QColor("#eef0f3"), 1))
    for row in range(visible.start, visible.stop + 1):
        y = geo.row_top(row)
        painter.drawLine(QPointF(0, y), QPointF(width, y))
    # vertical lines: hours (day scale), 6 hours (week), days (month)
    hours_step = 1 if geo.scale == DAY else (6 if geo.scale == WEEK else 24)
    total_hours = len(days) * 24
    for h in range(0, total_hours + 1, hours_step):
        x = geo.chart_left + geo.chart_width * h / total_hours
        strong = h % 24 == 0
        painter.setPen(QPen(QColor("#c7ccd4" if strong else "#eef0f3"), 1))
        painter.drawLine(QPointF(x, geo.HEADER_HEIGHT - (12 if strong else 6)), QPointF(x, bottom))


def _paint_header(painter: QPainter, geo: TimelineGeometry, top: float, width: float, font: QFont) -> None:
    from babel.dates import format_date

    from hubdesk.i18n import babel_locale

    locale = babel_locale()
    fm = QFontMetrics(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    # header, kept at the top of the visible part when scrolled
    painter.save()
    painter.translate(0, top)
    painter.fillRect(QRectF(0, 0, width, geo.HEADER_HEIGHT), QColor("#f3f4f6"))
    painter.setPen(QPen(QColor("#d1d5db"), 1))
    painter.drawLine(QPointF(0, geo.HEADER_HEIGHT - 0.5), QPointF(width, geo.HEADER_HEIGHT - 0.5))
    days = geo.days
    day_width = geo.chart_width / len(days)
    top_rect = QRectF(0, 2, width, geo.HEADER_HEIGHT / 2 - 2)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(QColor("#111827"))
    if geo.scale == DAY:
        title = format_date(days[0], format="full", locale=locale)
    elif geo.scale == WEEK:
        title = _("{first} – {last}").format(first=format_date(days[0], format="medium", locale=locale),
                                             last=format_date(days[-1], format="medium", locale=locale))
    else:
        from babel.dates import format_skeleton

        title = format_skeleton("yMMMM", dt.datetime.combine(days[0], dt.time(0)), locale=locale)
    painter.drawText(top_rect.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     title)
    painter.setFont(font)
    low_y = geo.HEADER_HEIGHT / 2
    low_h = geo.HEADER_HEIGHT / 2 - 2
    painter.setPen(QColor("#374151"))
    if geo.scale == DAY:
        hour_width = geo.chart_width / 24
        label_width = fm.horizontalAdvance("00") + 6
        every = next((n for n in (1, 2, 3, 4, 6) if hour_width * n >= label_width), 6)
        for h in range(0, 24, every):
            rect = QRectF(geo.chart_left + h * hour_width, low_y, hour_width * every, low_h)
            painter.drawText(rect.adjusted(3, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"{h:02d}")
    else:
        for i, day in enumerate(days):
            rect = QRectF(geo.chart_left + i * day_width, low_y, day_width, low_h)
            closed = day in geo.data.closed_days
            if geo.scale == WEEK:
                text = format_date(day, format="EEE d", locale=locale)
                if closed:      # the holiday's name next to the day, shortened to fit
                    text = _("{day} · {holiday}").format(day=text, holiday=geo.data.closed_days[day])
            else:
                text = str(day.day)
            painter.setPen(QColor("#b91c1c") if closed or day.weekday() == 6 else QColor("#374151"))
            text = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(day_width) - 4)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def _paint_row_labels(painter: QPainter, geo: TimelineGeometry, rows: range, height: float, font: QFont) -> None:
    fm = QFontMetrics(font)
    # resource labels
    painter.fillRect(QRectF(0, geo.HEADER_HEIGHT, geo.LABEL_WIDTH, height - geo.HEADER_HEIGHT),
                     QColor("#f9fafb"))
    painter.setPen(QPen(QColor("#d1d5db"), 1))
    painter.drawLine(QPointF(geo.LABEL_WIDTH - 0.5, 0), QPointF(geo.LABEL_WIDTH - 0.5, height))
    small = QFont(font)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
    small_fm = QFontMetrics(small)
    for row in rows:
        resource = geo.data.resources[row]
        top = geo.row_top(row)
        rect = QRectF(8, top, geo.LABEL_WIDTH - 12, geo.ROW_HEIGHT)
        painter.setPen(QColor("#eef0f3"))
        painter.drawLine(QPointF(0, top), QPointF(geo.LABEL_WIDTH, top))
        name_h = fm.height()
        total_h = name_h + small_fm.height()
        y0 = top + (geo.ROW_HEIGHT - total_h) / 2
        painter.setFont(font)
        painter.setPen(QColor("#111827"))
        painter.drawText(QRectF(rect.left(), y0, rect.width(), name_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(resource.name, Qt.TextElideMode.ElideRight, int(rect.width())))
        painter.setFont(small)
        painter.setPen(QColor("#6b7280"))
        painter.drawText(QRectF(rect.left(), y0 + name_h, rect.width(), small_fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_fm.elidedText(resource.facility, Qt.TextElideMode.ElideRight, int(rect.width())))
    painter.setFont(font)
