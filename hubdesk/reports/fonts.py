"""The bundled TrueType fonts, registered with ReportLab, and which one draws each character.

- Pretendard (regular and bold: Hangul, Vietnamese, Latin, Greek, Cyrillic, common symbols) sets
  all text. Every paragraph style, table and chart label uses these names; the doc templates pass
  `initialFontName=FONT` so that no unembedded Helvetica is listed in the file.
- Fallbacks for the characters Pretendard lacks, tried in this order: Noto Emoji (monochrome
  outlines, Unicode 15 emoji; OFL) and Symbola (Unicode 9 symbols, arrows, mathematical and
  technical signs, dingbats, box drawing, rarer Latin/Greek/Cyrillic letters…; free for any use). Names from people and
  imports may hold emoji ("Bio 🧬 Lab 😀"); without a fallback they would print as the font's
  missing-glyph box. `font_runs()` splits a text into runs per font, `text.esc()` wraps the runs
  in `<font name=…>` for Paragraphs, and `drawtext` draws them on a canvas or in a chart.
  ReportLab does not shape text, so a ZWJ sequence (👩‍🔬) prints as its parts (👩🔬) and a flag
  as its two regional-indicator letters. A visible character no bundled font has (a Hanja)
  prints as Symbola's missing-glyph box. Every visible character extracts back as written
  (`pdftotext`; ReportLab's ToUnicode map is corrected for characters beyond U+FFFF).

ReportLab embeds TrueType fonts as subsets, so every PDF carries only the glyphs it uses, and a
fallback font is in the file only when some text needed it. The licences are beside the fonts in
resources/fonts/ (Pretendard-OFL.txt, NotoEmoji-OFL.txt, Symbola-LICENSE.txt).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from hubdesk import paths

FONT = "Pretendard"
FONT_BOLD = "Pretendard-Bold"
FONT_EMOJI = "NotoEmoji"
FONT_SYMBOLS = "Symbola"
FALLBACKS = (FONT_EMOJI, FONT_SYMBOLS)  # tried in this order for what Pretendard lacks
_FILES = {FONT: "Pretendard-Regular.ttf", FONT_BOLD: "Pretendard-Bold.ttf",
          FONT_EMOJI: "NotoEmoji-Regular.ttf", FONT_SYMBOLS: "Symbola.ttf"}
VS16 = "\ufe0f"  # variation selector: "show the character before as an emoji"
_ZWJ = "\u200d"
# Characters that belong to the one before: they stay in its font when that font has them.
_JOINERS = frozenset([_ZWJ, "\ufe0e", VS16, "\u20e3"] + [chr(c) for c in range(0x1F3FB, 0x1F400)]
                     + [chr(c) for c in range(0xE0020, 0xE0080)])
# Spaces and control characters: they draw nothing, so they never ask for a fallback.
_BLANK = frozenset(c for c in range(0x3001) if c < 0x21 or 0x7F <= c < 0xA0 or chr(c).isspace())
_registered = False
_loaded: set[str] = set()
# Reports are laid out in a background thread of the app: a font object must be registered once
# only, or two documents being built could draw with two copies of one font.
_lock = threading.RLock()


def register_fonts() -> None:
    """Register Pretendard once per process (idempotent). The fallback fonts are registered on
    first need (`font_runs()`), so a report without emoji does not read them."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    with _lock:
        if _registered:
            return
        _fix_astral_to_unicode()
        for name in (FONT, FONT_BOLD):
            _register(name)
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT_BOLD if bold else FONT)
                for fallback in FALLBACKS:  # a fallback run inside <b> keeps its one face
                    addMapping(fallback, bold, italic, fallback)
        _registered = True


def _register(name: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if name not in _loaded:
            pdfmetrics.registerFont(TTFont(name, str(paths.fonts_dir() / _FILES[name])))
            _loaded.add(name)


def _fix_astral_to_unicode() -> None:
    """Make ReportLab's ToUnicode maps right for characters beyond U+FFFF (emoji, 𝕏).

    ReportLab (5.1 and earlier) writes each subset's map as `<code> <%04X>`, which for U+1F600
    gives five hex digits, not the UTF-16 surrogate pair `<D83DDE00>` the PDF format asks for:
    text extraction and copy-paste then turn 😀 into a wrong character. The wrapper rewrites those
    lines only; everything else ReportLab writes is unchanged."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_hubdesk_astral", False):
        return

    def make_to_unicode_cmap(fontname, subset):
        text = original(fontname, subset)
        for i, code in enumerate(subset):
            if code > 0xFFFF:
                pair = chr(code).encode("utf-16-be").hex().upper()
                text = text.replace("<%02X> <%04X>\n" % (i, code), f"<{i:02X}> <{pair}>\n", 1)
        return text

    make_to_unicode_cmap._hubdesk_astral = True
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def _cmap(name: str) -> dict[int, int]:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name).face.charToGlyph


def _ranges(codes: list[int]) -> str:
    """A regular-expression character class body for the sorted code points `codes`."""
    out, start = [], None
    for i, code in enumerate(codes):
        if start is None:
            start = code
        if i + 1 == len(codes) or codes[i + 1] != code + 1:
            out.append(f"\\U{start:08x}" + (f"-\\U{code:08x}" if code != start else ""))
            start = None
    return "".join(out)


@lru_cache(maxsize=1)
def _gaps() -> re.Pattern:
    """A pattern finding any character Pretendard lacks (spaces and control characters aside:
    they draw nothing)."""
    register_fonts()
    have = set(_cmap(FONT)) | _BLANK | set(range(0xD800, 0xE000))
    return re.compile("[^" + _ranges(sorted(have)) + "]")


@lru_cache(maxsize=1)
def _coverage() -> tuple[dict[str, str], frozenset[str]]:
    """({character Pretendard lacks: the first fallback font that has it}, the characters the
    emoji font has). Registers the fallback fonts (first call only)."""
    register_fonts()
    for name in FALLBACKS:
        _register(name)
    main = _cmap(FONT)
    fallback_of: dict[str, str] = {}
    for name in reversed(FALLBACKS):  # the earlier font wins
        for code in _cmap(name):
            if code not in main and code not in _BLANK:
                fallback_of[chr(code)] = name
    return fallback_of, frozenset(chr(c) for c in _cmap(FONT_EMOJI))


def needs_fallback(text: str) -> bool:
    """True when `text` has a visible character Pretendard lacks (drawn from a fallback font, or as
    Symbola's missing-glyph box when no bundled font has it). Fast: one regular-expression scan,
    none for ASCII."""
    return not text.isascii() and _gaps().search(text) is not None


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """`text` cut into runs [(font, part)], font None for the text's own font (Pretendard) or the
    name of the fallback that draws the part. One run (None, text) when no fallback is needed.

    A joiner (ZWJ, variation selector, skin-tone modifier, tag, keycap) stays with the character
    before it when that font has it; a character followed by VS16 is taken from the emoji font
    when it has one ("™️", "#️⃣")."""
    if not needs_fallback(text):
        return [(None, text)]
    fallback_of, emoji = _coverage()
    main = _cmap(FONT)
    runs: list[tuple[str | None, str]] = []
    current: str | None = None
    start = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if current is not None and ch in _JOINERS and ord(ch) in _cmap(current):
            font = current
        elif i < last and text[i + 1] == VS16 and ch in emoji:
            font = FONT_EMOJI
        elif ord(ch) in main:
            font = None
        else:
            font = fallback_of.get(ch) or _missing(ch)
        if font != current and i > start:
            runs.append((current, text[start:i]))
            start = i
        current = font
    runs.append((current, text[start:]))
    return runs


def _missing(ch: str) -> str | None:
    """The font for a visible character no bundled font has (a Hanja, a rare script): Symbola,
    which draws its missing-glyph box (a "?" in a frame). The character is entered in Symbola's
    character map as glyph 0, so that ReportLab gives it a code of its own and the ToUnicode map
    keeps it: it extracts back as written (in Pretendard it would be code 0 and lost from the
    text). Invisible characters (format, control, unassigned) stay in Pretendard (None)."""
    if unicodedata.category(ch)[0] in "CZ":
        return None
    _cmap(FONT_SYMBOLS).setdefault(ord(ch), 0)
    return FONT_SYMBOLS


def string_width(text: str, font: str = FONT, size: float = 9.5) -> float:
    """The width in points of one line of `text` set in `font`, fallback runs measured in theirs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(part, f or font, size) for f, part in font_runs(text))


def has_glyph(char: str) -> bool:
    """True when the regular face draws `char` (False for emoji and other symbols it lacks)."""
    register_fonts()
    return ord(char) in _cmap(FONT)
