"""The shared A4 page layout of every printed document.

- a cover page without running header, then body pages with a running header (foundation name
  and the document's subject, e.g. the quarter) and a "page x of y" footer drawn by a two-pass
  canvas (`NumberedCanvas` keeps each page's state and writes the totals on save);
- headings `h1`/`h2` feed the table of contents and the PDF outline (`multiBuild` lays the story
  out until the contents page numbers are stable);
- every font is the embedded Pretendard (`initialFontName`), with the embedded fallback fonts for
  emoji and symbols it lacks (fonts.py; the running header too, via `drawtext.draw_string`), and
  the canvas is `invariant`, so the same input gives the same bytes; the creation date in the
  PDF's properties is the real one (`created`, the foundation's clock by default; an issued report
  gives its issue time, so printing it again still gives the same bytes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, Frame, Image, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer)
from reportlab.platypus.tableofcontents import TableOfContents

from hubdesk.domain import clock
from hubdesk.i18n import _
from hubdesk.output_files import replacing
from hubdesk.reports.drawtext import draw_string
from hubdesk.reports.fonts import FONT, FONT_BOLD, register_fonts
from hubdesk.reports.text import esc, para, styles

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X

Progress = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    pass


@dataclass
class PageInfo:
    """What the running header and footer print (already translated)."""

    header_left: str
    header_right: str
    footer_left: str = ""
    has_cover: bool = True  # the first page is a cover without header and footer


class NumberedCanvas(rl_canvas.Canvas):
    """Holds every page until the end so the footer can say "page x of y"."""

    page_info: PageInfo | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_running(total)
            super().showPage()
        super().save()

    def _draw_running(self, total: int) -> None:
        info = self.page_info
        number = self._pageNumber
        if info is None or (number == 1 and info.has_cover):  # a cover has neither header nor footer
            return
        self.saveState()
        self.setFillColor(colors.black)
        self.setStrokeColor(colors.HexColor("#777777"))
        self.setLineWidth(0.5)
        top = PAGE_H - MARGIN_TOP + 8 * mm
        # the foundation's and organizations' names may hold emoji: drawn with the font fallback
        draw_string(self, MARGIN_X, top, _clip(info.header_left, 60), FONT_BOLD, 8)
        draw_string(self, PAGE_W - MARGIN_X, top, _clip(info.header_right, 60), FONT, 8, "end")
        self.line(MARGIN_X, top - 2.5 * mm, PAGE_W - MARGIN_X, top - 2.5 * mm)
        bottom = MARGIN_BOTTOM - 9 * mm
        self.line(MARGIN_X, bottom + 4 * mm, PAGE_W - MARGIN_X, bottom + 4 * mm)
        if info.footer_left:
            draw_string(self, MARGIN_X, bottom, _clip(info.footer_left, 80), FONT, 8)
        draw_string(self, PAGE_W - MARGIN_X, bottom,
                    _("Page {page} of {pages}").format(page=number, pages=total), FONT, 8, "end")
        self.restoreState()


def _clip(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def canvasmaker_for(info: PageInfo):
    """A canvas class that prints this document's running header and footer."""
    return type("ReportCanvas", (NumberedCanvas,), {"page_info": info})


class ReportDocTemplate(BaseDocTemplate):
    """A4 with a cover template and a body template; headings go to the contents and outline."""

    def __init__(self, filename, *, title: str, author: str = "", subject: str = "", lang: str = "en",
                 progress: Progress | None = None, expected_flowables: int = 0,
                 created: dt.datetime | None = None, **kw):
        self.created = created or clock.now()
        register_fonts()
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author,
                         subject=subject, creator="hubdesk", lang=lang, initialFontName=FONT,
                         initialFontSize=9.5, initialLeading=13.5, invariant=1, **kw)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="body", frames=[frame]),
                               PageTemplate(id="cover", frames=[frame])])
        self._progress = progress or no_progress
        self._expected = max(expected_flowables, 1)
        self._seen = 0
        self._heading_no = 0

    def _makeCanvas(self, *args, **kw):  # noqa: N802 - ReportLab's name
        canv = super()._makeCanvas(*args, **kw)
        canv._doc._timeStamp = creation_stamp(self.created)   # invariant output, real creation date
        return canv

    def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's name
        self._seen += 1
        if self._seen % 25 == 0:
            self._progress(min(0.99, 0.5 + 0.5 * self._seen / (2 * self._expected)), _("Laying out pages…"))
        if not isinstance(flowable, Paragraph):
            return
        name = flowable.style.name
        if name not in ("h1", "h2"):
            return
        level = 0 if name == "h1" else 1
        text = flowable.getPlainText()
        key = getattr(flowable, "_bookmark", None)
        if key is None:
            self._heading_no += 1
            key = f"h{self._heading_no}"
            flowable._bookmark = key
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, text, self.page, key))

    def handle_documentBegin(self):  # noqa: N802 - ReportLab's name
        self._heading_no = 0
        super().handle_documentBegin()


def creation_stamp(created: dt.datetime):
    """ReportLab's TimeStamp for the PDF's CreationDate and ModDate: `created` (aware) on the
    foundation's clock, with its offset. ReportLab's invariant mode would write 2000-01-01 there."""
    from reportlab.lib.utils import TimeStamp

    if created.tzinfo is None:
        raise ValueError("a report's creation time must be timezone-aware")
    created = created.astimezone(clock.foundation_zone())
    stamp = TimeStamp(invariant=1)
    minutes = int((created.utcoffset() or dt.timedelta(0)).total_seconds() // 60)
    sign = -1 if minutes < 0 else 1
    stamp.t = created.timestamp()
    stamp.lt = created.timetuple()
    stamp.YMDhms = tuple(created.timetuple())[:6]
    stamp.dhh, stamp.dmm = sign * (abs(minutes) // 60), abs(minutes) % 60
    stamp.tzname = created.tzname() or "UTC"
    return stamp


def heading(text: str, level: int = 1):
    return Paragraph(esc(text), styles()["h1" if level == 1 else "h2"])


def contents_title(text: str):
    """The contents page's own title (not listed in the contents)."""
    return Paragraph(esc(text), styles()["title"])


def contents():
    """The contents page's flowable (filled by multiBuild)."""
    toc = TableOfContents()
    toc.levelStyles = [styles()["toc1"], styles()["toc2"]]
    toc.dotsMinLevel = 0
    toc.tableStyle = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                      ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    return toc


def title_block(title: str, lines: Iterable[str] = ()) -> list:
    """The heading of a document without a cover (profile, statement)."""
    flow: list = [Paragraph(esc(title), styles()["h1"])]
    flow += [para(line, "body") for line in lines]
    return flow


def cover(title: str, subtitle_lines: Iterable[str], organization: str, *, stamp: str | None = None,
          logo: str | Path | None = None) -> list:
    """Cover page flowables: logo, foundation, title, subtitle lines, and a DRAFT/ISSUED stamp.
    Ends by switching to the body template and breaking the page."""
    flow: list = [NextPageTemplate("body"), Spacer(1, 30 * mm)]  # the cover itself uses "body" too
    image = _logo(logo)
    if image is not None:
        flow += [image, Spacer(1, 10 * mm)]
    flow.append(para(organization, "cover_org"))
    flow.append(Spacer(1, 18 * mm))
    flow.append(para(title, "cover_title"))
    for line in subtitle_lines:
        flow.append(para(line, "cover_sub"))
    if stamp:
        from reportlab.platypus import Table, TableStyle

        box = Table([[para(stamp, "cover_title")]], colWidths=[70 * mm])
        box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (-1, -1), 2, colors.black),
                                 ("TOPPADDING", (0, 0), (-1, -1), 6),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        flow += [Spacer(1, 25 * mm), box]
    flow.append(PageBreak())
    return flow


def _logo(path: str | Path | None):
    """The logo as an image at most 60 × 30 mm (the bundled resources/logo.png when no path is set),
    or None when the file cannot be read."""
    if not path:
        from hubdesk import paths

        path = paths.resource("logo.png")
    p = Path(path)
    if not p.is_absolute():
        from hubdesk import paths

        p = paths.bundle_root() / p
    if not p.is_file():
        return None
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(str(p))
        w, h = reader.getSize()
    except Exception:  # noqa: BLE001 - a broken logo file must not stop the report
        return None
    scale = min(60 * mm / w, 30 * mm / h)
    return Image(str(p), width=w * scale, height=h * scale)


def build(story: list, out_path: str | Path, *, title: str, info: PageInfo, lang: str,
          author: str = "", subject: str = "", progress: Progress | None = None,
          created: dt.datetime | None = None) -> Path:
    """Lay out `story` into `out_path` atomically: written to a temporary file in the same folder,
    then renamed, so a failed run leaves no half-written PDF. Returns the path. `created` is the
    creation time written in the PDF (default: now, on the foundation's clock)."""
    out = Path(out_path)
    with replacing(out, suffix=".pdf.part") as tmp:
        doc = ReportDocTemplate(str(tmp), title=title, author=author, subject=subject, lang=lang,
                                progress=progress, expected_flowables=len(story), created=created)
        doc.multiBuild(story, canvasmaker=canvasmaker_for(info), maxPasses=6)
    return out
