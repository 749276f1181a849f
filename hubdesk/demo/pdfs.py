"""Small real PDFs for the demo documents: one A4 page with who issued it, a title, a few lines and a
footer saying it is a sample, set in the bundled Pretendard (Hangul, Vietnamese and Latin) with
ReportLab. `invariant` output: the same text gives the same bytes, so the same seed gives the same
stored documents (and their SHA-256), and a document made twice is stored once.

The demo layer may not import the reports package (layers are independent), so the font is
registered here under names of its own (the reports keep theirs)."""

from __future__ import annotations

import io
import threading

from hubdesk import paths

FONT, FONT_BOLD = "DemoPretendard", "DemoPretendard-Bold"
_FILES = {FONT: "Pretendard-Regular.ttf", FONT_BOLD: "Pretendard-Bold.ttf"}
_lock = threading.Lock()
_registered = False

FOOTER = {"ko": "예시 문서 · hubdesk 데모 데이터", "en": "Sample document · hubdesk demo data",
          "vi": "Tài liệu mẫu · dữ liệu demo của hubdesk"}


def _register() -> None:
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(paths.fonts_dir() / file)))
        _registered = True


def one_page(issuer: str, title: str, lines: list[str], lang: str = "ko") -> bytes:
    """The bytes of a one-page PDF: the issuer above, the title, the lines (wrapped), the footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    _register()
    width, height = A4
    left, text_width = 72, width - 144
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(issuer)
    canvas.setFont(FONT, 10)
    canvas.setFillGray(0.35)
    canvas.drawString(left, height - 70, issuer)
    canvas.setFillGray(0)
    y = height - 118
    for part in simpleSplit(title, FONT_BOLD, 19, text_width):
        canvas.setFont(FONT_BOLD, 19)
        canvas.drawString(left, y, part)
        y -= 26
    canvas.setLineWidth(0.8)
    canvas.line(left, y + 8, width - left, y + 8)
    y -= 20
    canvas.setFont(FONT, 11)
    for line in lines:
        for part in simpleSplit(line, FONT, 11, text_width) or [""]:
            canvas.drawString(left, y, part)
            y -= 19
        y -= 5
    canvas.setFont(FONT, 8.5)
    canvas.setFillGray(0.45)
    canvas.drawString(left, 48, FOOTER.get(lang, FOOTER["en"]))
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
