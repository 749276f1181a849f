"""The bundled TrueType font (Pretendard: Hangul, Vietnamese and Latin), registered with ReportLab.

ReportLab embeds TrueType fonts as subsets, so every PDF carries only the glyphs it uses. Every
paragraph style, table and chart label uses these names; the doc templates pass
`initialFontName=FONT` so that no unembedded Helvetica is listed in the file.

Pretendard has no emoji: an emoji prints as the font's missing-glyph box, keeps its place in the
line and still extracts as the original character.
"""

from __future__ import annotations

from hubdesk import paths

FONT = "Pretendard"
FONT_BOLD = "Pretendard-Bold"
_FILES = {FONT: "Pretendard-Regular.ttf", FONT_BOLD: "Pretendard-Bold.ttf"}
_registered = False


def register_fonts() -> None:
    """Register the report fonts once per process (idempotent)."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(paths.fonts_dir() / filename)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT, bold, italic, FONT_BOLD if bold else FONT)
    _registered = True


def has_glyph(char: str) -> bool:
    """True when the regular face draws `char` (False for emoji and other symbols it lacks)."""
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    return ord(char) in pdfmetrics.getFont(FONT).face.charToGlyph
