"""One line of user text drawn outside Paragraphs (running header, chart labels, table cells that
fit on one line) with the same per-character fallback as `text.esc()`: the characters Pretendard
lacks (emoji, rare symbols) are drawn from the fallback fonts of fonts.py, run by run.

Text that needs no fallback (nearly all) is drawn exactly as before, by one ReportLab call.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Group, String
from reportlab.graphics.widgetbase import Widget
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from hubdesk.reports.fonts import font_runs, needs_fallback, string_width

_ANCHORS = ("start", "middle", "end")


def draw_string(canv, x: float, y: float, text: str, font: str, size: float, anchor: str = "start") -> None:
    """Draw `text` on a canvas at (x, y), `anchor` "start", "middle" or "end" (as drawString,
    drawCentredString, drawRightString), in `font` with fallback runs. Leaves the canvas font
    set to `font`."""
    canv.setFont(font, size)
    if not needs_fallback(text):
        {"start": canv.drawString, "middle": canv.drawCentredString, "end": canv.drawRightString}[anchor](x, y, text)
        return
    runs = [(f or font, part) for f, part in font_runs(text)]
    widths = [stringWidth(part, f, size) for f, part in runs]
    x -= {"start": 0, "middle": sum(widths) / 2, "end": sum(widths)}[anchor]
    for (f, part), w in zip(runs, widths):
        canv.setFont(f, size)
        canv.drawString(x, y, part)
        x += w
    canv.setFont(font, size)


class TextLine(Flowable):
    """One line of text with fallback runs, for a table cell it fits (much cheaper than a
    Paragraph). Drawn as the Table draws a plain string: baseline one font size below the top."""

    def __init__(self, text: str, font: str, size: float):
        super().__init__()
        self.text, self.font, self.size = text, font, size
        self.width, self.height = string_width(text, font, size), size

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        draw_string(self.canv, 0, 0, self.text, self.font, self.size)

    def getPlainText(self):  # noqa: N802 - ReportLab's name
        return self.text


def fallback_strings(node):
    """`node` (a Drawing, Group, String or chart widget) with every String that needs a fallback
    replaced by a Group of one String per font run, placed as the original was anchored. Widgets
    (charts, legends) are replaced by the shapes they draw. Returns the node to use."""
    if isinstance(node, String):
        return _split(node)
    if isinstance(node, Widget):
        node = node.draw()
    contents = getattr(node, "contents", None)
    if contents is not None:
        node.contents = [fallback_strings(child) for child in contents]
    return node


def _split(s: String):
    if s.textAnchor not in _ANCHORS or not needs_fallback(s.text):
        return s
    runs = [(f or s.fontName, part) for f, part in font_runs(s.text)]
    widths = [stringWidth(part, f, s.fontSize) for f, part in runs]
    x = s.x - {"start": 0, "middle": sum(widths) / 2, "end": sum(widths)}[s.textAnchor]
    group = Group()
    for (f, part), w in zip(runs, widths):
        group.add(String(x, s.y, part, fontName=f, fontSize=s.fontSize, fillColor=s.fillColor,
                         textAnchor="start"))
        x += w
    return group
