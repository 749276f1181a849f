"""Paragraph styles and turning any stored text into safe Paragraph markup.

Names come from people and imports: `<`, `>`, `&`, quotes, control characters, 300-letter words
and emoji must print as written. `esc()` escapes for ReportLab's mini-markup, sets the characters
Pretendard lacks (emoji, rare symbols) in a fallback font (`<font name=…>`, see fonts.py), and the
styles split words longer than a line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from hubdesk.reports.fonts import FONT, FONT_BOLD, font_runs, needs_fallback, register_fonts

DASH = "–"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ENTITIES = {'"': "&quot;", "'": "&#39;"}


def esc(value: object, *, empty: str = DASH) -> str:
    """Text for a Paragraph: escaped (`<`, `>`, `&`, quotes), control characters dropped,
    line breaks kept, emoji and other characters Pretendard lacks in `<font name=…>` runs of a
    fallback font; None and empty strings print as `empty`."""
    if value is None:
        return empty
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return empty
    if not needs_fallback(text):  # nearly every string: one escape, no per-character work
        return _escape(text)
    return "".join(_escape(part) if font is None else f'<font name="{font}">{_escape(part)}</font>'
                   for font, part in font_runs(text))


def _escape(text: str) -> str:
    return escape(text, _ENTITIES).replace("\n", "<br/>")


@lru_cache(maxsize=1)
def styles() -> dict:
    """The report's paragraph styles by name: title, h1, h2, body, small, cell, cell_right, cell_bold,
    head (table header), note, toc1, toc2, cover_title, cover_sub, stamp."""
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, splitLongWords=True,
                          spaceAfter=4, textColor=colors.black)
    s = {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=10.5, textColor=colors.HexColor("#444444")),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=16, leading=21,
                             spaceBefore=6, spaceAfter=8, keepWithNext=True),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=21,
                                spaceBefore=6, spaceAfter=8, keepWithNext=True),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15,
                             spaceBefore=10, spaceAfter=4, keepWithNext=True),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8, leading=10, spaceAfter=0,
                                     alignment=TA_RIGHT),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10,
                                    spaceAfter=0),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0),
        "head_right": ParagraphStyle("head_right", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10,
                                     spaceAfter=0, alignment=TA_RIGHT),
        "toc1": ParagraphStyle("toc1", parent=base, fontName=FONT_BOLD, fontSize=11, leading=18, leftIndent=0),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=9.5, leading=14, leftIndent=14),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=FONT_BOLD, fontSize=24, leading=32,
                                      alignment=TA_CENTER, spaceAfter=10),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=20, alignment=TA_CENTER,
                                    spaceAfter=6),
        "cover_org": ParagraphStyle("cover_org", parent=base, fontName=FONT_BOLD, fontSize=16, leading=22,
                                    alignment=TA_CENTER, spaceAfter=6),
        "stamp": ParagraphStyle("stamp", parent=base, fontName=FONT_BOLD, fontSize=20, leading=26,
                                alignment=TA_CENTER, borderWidth=2, borderColor=colors.black,
                                borderPadding=8, spaceBefore=30),
    }
    return s


def para(value: object, style: str = "body", *, empty: str = DASH):
    """A Paragraph holding `value` printed as written."""
    from reportlab.platypus import Paragraph

    return Paragraph(esc(value, empty=empty), styles()[style])


def markup(template: str, style: str = "body", **values: object):
    """A Paragraph from a (translated) sentence with named placeholders; the sentence is escaped
    and the values are escaped and set in bold; Korean particle fields fit the values' plain text."""
    from reportlab.platypus import Paragraph

    from hubdesk.i18n_particles import format_message

    text = format_message(esc(template, empty=""), render=lambda v: f"<b>{esc(v)}</b>", **values)
    return Paragraph(text, styles()[style])
