"""Which font draws each character of a report: `font_runs()` and the markup `esc()` makes of it.

Pretendard sets everything it has; emoji go to Noto Emoji, other symbols to Symbola, in runs that
never split an XML escape, a line break or an emoji sequence; strings without such characters are
escaped exactly as before (the fast path every ordinary name takes)."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from hubdesk.reports.fonts import FONT, FONT_BOLD, FONT_EMOJI, FONT_SYMBOLS, font_runs, needs_fallback, string_width
from hubdesk.reports.text import esc

PLAIN = ["Seoul Bio Co., Ltd.", "주식회사 한빛바이오", "Nguyễn Thị Ánh – Dược phẩm",
         "Москва Ω ™ © € ₩ ± × ÷ → ★ ✓", "<Hostile & \"Co\"> 'Ltd'",
         "line\nbreak\ttab\u00a0nbsp\u3000ideographic space"]


@pytest.mark.parametrize("text", PLAIN)
def test_text_pretendard_has_is_one_run_and_escaped_as_before(text):
    assert not needs_fallback(text)
    assert font_runs(text) == [(None, text)]
    assert esc(text) == escape(text, {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


def test_emoji_and_symbols_go_to_the_first_fallback_that_has_them():
    assert font_runs("Bio 🧬 Lab 😀 ✘ 漢") == [
        (None, "Bio "), (FONT_EMOJI, "🧬"), (None, " Lab "), (FONT_EMOJI, "😀"), (None, " "),
        (FONT_SYMBOLS, "✘"), (None, " "), (FONT_SYMBOLS, "漢")]  # no font has 漢: Symbola's box
    assert "".join(part for _f, part in font_runs("Bio 🧬 Lab 😀 ✘ 漢")) == "Bio 🧬 Lab 😀 ✘ 漢"


def test_sequences_stay_in_one_run():
    scientist = "👩\u200d🔬"             # ZWJ sequence
    heart = "❤\ufe0f"                     # emoji presentation selector
    thumbs = "👍🏽"                        # skin-tone modifier
    keycap = "1\ufe0f\u20e3"              # a digit Pretendard has, shown as an emoji by VS16
    flag = "🇰🇷"
    for seq in (scientist, heart, thumbs, keycap, flag):
        assert font_runs(f"a {seq} b") == [(None, "a "), (FONT_EMOJI, seq), (None, " b")], seq
    assert font_runs("™\ufe0f ™") == [(FONT_EMOJI, "™\ufe0f"), (None, " ™")]


def test_escapes_and_line_breaks_are_never_split_by_a_font_tag():
    assert esc("<&> 😀\n\"'😀'") == ('&lt;&amp;&gt; <font name="NotoEmoji">😀</font><br/>&quot;&#39;'
                                      '<font name="NotoEmoji">😀</font>&#39;')
    assert esc(None) == "–" and esc("  \n ") == "–"
    assert esc("\x00😀\x1f") == '<font name="NotoEmoji">😀</font>'   # control characters dropped


def test_invisible_characters_pretendard_lacks_stay_in_its_run():
    for text in ("a\u200bb", "a\u2060b", "a\U000e0001b", "a\ud83db"):   # ZWSP, word joiner, tag, lone surrogate
        assert [f for f, _p in font_runs(text)] == [None], repr(text)


def test_widths_measure_each_run_in_its_font():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert string_width("Bio", FONT, 10) == stringWidth("Bio", FONT, 10)
    assert string_width("Bio 😀", FONT_BOLD, 10) == pytest.approx(
        stringWidth("Bio ", FONT_BOLD, 10) + stringWidth("😀", FONT_EMOJI, 10))


def test_paragraphs_with_fallback_runs_lay_out_in_every_style(tmp_path):
    """Bold placeholders (`markup`), headings and wrapping cells accept the <font> runs."""
    from reportlab.platypus import SimpleDocTemplate

    from hubdesk.reports.text import markup, para, styles

    name = "Bio 🧬 Lab 😀 <&> ✘ " + "😀" * 80
    story = [para(name, style) for style in styles()] + [markup("Welcome {name}.", name=name)]
    printed = len(story)
    SimpleDocTemplate(str(tmp_path / "p.pdf"), initialFontName=FONT).build(story)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(tmp_path / "p.pdf"))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert text.count("Bio 🧬 Lab 😀 <&> ✘") == printed
