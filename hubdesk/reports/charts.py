"""Bar charts and the case funnel (reportlab.graphics), printable in black and white.

Series are told apart by grey level *and* a black outline, a legend and a value label on every bar;
single-series charts carry the category on the axis and the value at the bar's end, so nothing
relies on colour. All strings use the embedded report font; labels with emoji or other characters
it lacks are drawn run by run in the fallback fonts (`drawtext.fallback_strings`).
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from hubdesk.reports.drawtext import fallback_strings
from hubdesk.reports.fonts import FONT, FONT_BOLD, register_fonts, string_width
from hubdesk.reports.layout import CONTENT_W

# Fills for up to four series: black, dark grey, light grey, white (all outlined in black).
SERIES_FILLS = [colors.HexColor("#262626"), colors.HexColor("#7f7f7f"), colors.HexColor("#cccccc"),
                colors.white]
BAR_H = 4.2 * mm
LABEL_SIZE = 7.5


def _nice_step(raw: float) -> float:
    """A whole step of 1, 2 or 5 times a power of ten, at least `raw` (and at least 1)."""
    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _drawing(width: float, height: float) -> Drawing:
    d = Drawing(width, height)
    d.initialFontName = FONT  # the renderer's default state would otherwise set Helvetica
    return d


def fit(text: str, width: float, size: float = LABEL_SIZE, font: str = FONT) -> str:
    """`text` on one line, cut with an ellipsis to fit `width` points."""
    text = " ".join(str(text or "–").split()) or "–"
    if string_width(text, font, size) <= width:
        return text
    while text and string_width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *,
              fmt: Callable[[float], str] = lambda v: f"{v:,.0f}", label_width: float = 55 * mm,
              width: float = CONTENT_W, value_max: float | None = None) -> Drawing:
    """A horizontal bar chart: one row per category (top to bottom in the given order), one bar
    per series in each row, the value printed at each bar's end and a legend for several series."""
    register_fonts()
    n_series = max(len(series), 1)
    n = len(categories)
    row_h = BAR_H * n_series + 2.2 * mm
    legend_h = 7 * mm if n_series > 1 else 0
    plot_h = row_h * n
    height = plot_h + 9 * mm + legend_h
    d = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 7 * mm
    chart.width = width - label_width - 22 * mm
    chart.height = plot_h
    # HorizontalBarChart draws the first category at the bottom: reverse to read top-down.
    # ...and the series in reverse, so that within a row the first series is the top bar.
    chart.data = [list(reversed([float(v or 0) for v in values])) for _name, values in reversed(series)] \
        or [[0] * n]
    chart.categoryAxis.categoryNames = [fit(c, label_width - 4 * mm) for c in reversed(categories)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"  # right edge fixed, whatever the fallback runs measure
    chart.categoryAxis.labels.dx = -2
    chart.categoryAxis.strokeColor = colors.black
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = fmt
    chart.valueAxis.valueMin = 0
    top = max([float(v or 0) for _n, vals in series for v in vals] + [0])
    if value_max is not None:  # rates: 0 to 100 % (or more) in steps of 20 %
        chart.valueAxis.valueMax = value_max
        chart.valueAxis.valueStep = 0.2 if value_max <= 1.5 else 0.5
    else:  # counts and amounts: about five whole-number steps
        step = _nice_step(top / 5) if top > 0 else 1
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * (math.floor(top / step) + 1)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d0d0d0")
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.strokeColor = colors.black
    chart.barWidth = BAR_H
    chart.groupSpacing = 2.2 * mm
    chart.barSpacing = 0
    chart.barLabelFormat = fmt
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    for i in range(n_series):
        fill = SERIES_FILLS[1] if n_series == 1 else SERIES_FILLS[(n_series - 1 - i) % len(SERIES_FILLS)]
        chart.bars[i].fillColor = fill
        chart.bars[i].strokeColor = colors.black
        chart.bars[i].strokeWidth = 0.5
    d.add(chart)
    if n_series > 1:
        legend = Legend()
        legend.fontName = FONT
        legend.fontSize = LABEL_SIZE
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dx = legend.dy = 7
        legend.deltax = 15 * mm
        legend.x = label_width
        legend.y = height - 2 * mm
        legend.boxAnchor = "nw"
        legend.strokeColor = colors.black
        legend.strokeWidth = 0.5
        legend.colorNamePairs = [(SERIES_FILLS[i % len(SERIES_FILLS)], fit(name, 45 * mm))
                                 for i, (name, _v) in enumerate(series)]
        d.add(legend)
    return fallback_strings(d)


def funnel(stages: Sequence[tuple[str, int]], *, width: float = CONTENT_W,
           fmt: Callable[[int], str] = lambda v: f"{v:,}") -> Drawing:
    """The case funnel: one centred bar per stage, as wide as its count (a thin bar for zero),
    the stage name to the left and the count inside or beside the bar."""
    register_fonts()
    label_w = 55 * mm
    row = 6 * mm
    d = _drawing(width, row * len(stages) + 2 * mm)
    top = max([c for _s, c in stages] + [1])
    area = width - label_w - 4 * mm
    centre = label_w + area / 2
    for i, (name, count) in enumerate(stages):
        y = d.height - (i + 1) * row
        w = max(area * count / top, 1.2 * mm)
        grey = SERIES_FILLS[2] if i % 2 else SERIES_FILLS[1]
        d.add(Rect(centre - w / 2, y + 0.6 * mm, w, row - 1.2 * mm, fillColor=grey,
                   strokeColor=colors.black, strokeWidth=0.5))
        d.add(String(label_w - 2 * mm, y + 2 * mm, fit(name, label_w - 4 * mm), fontName=FONT,
                     fontSize=LABEL_SIZE, textAnchor="end"))
        text = fmt(count)
        tw = stringWidth(text, FONT_BOLD, LABEL_SIZE)
        if tw + 2 * mm < w and i % 2 == 0:  # white on the dark bar
            d.add(String(centre, y + 2 * mm, text, fontName=FONT_BOLD, fontSize=LABEL_SIZE,
                         textAnchor="middle", fillColor=colors.white))
        elif tw + 2 * mm < w:
            d.add(String(centre, y + 2 * mm, text, fontName=FONT_BOLD, fontSize=LABEL_SIZE,
                         textAnchor="middle"))
        else:
            d.add(String(centre + w / 2 + 1.5 * mm, y + 2 * mm, text, fontName=FONT_BOLD,
                         fontSize=LABEL_SIZE, textAnchor="start"))
    return fallback_strings(d)
