"""PDF pages as images (pypdfium2), for the preview list and for the printer.

`page_images` may run in a worker thread (QImage is not a widget); `print_pdf` paints each page,
rendered at the printer's resolution, onto a QPrinter (black-and-white printers get the same
pages the PDF has: the report's charts are drawn to read without colour)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

POINTS_PER_INCH = 72.0


def _to_qimage(page, scale: float) -> QImage:
    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        return image.copy()  # own the pixels before the bitmap goes away
    finally:
        bitmap.close()


def page_count(pdf_path: str | Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(doc)
    finally:
        doc.close()


def page_images(pdf_path: str | Path, width_px: int = 760,
                each: Callable[[int, int], None] | None = None) -> list[QImage]:
    """Every page rendered `width_px` wide; `each(done, total)` is called after each page (a worker
    passes its progress, which ends the loop when Cancel was pressed)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        images = []
        total = len(doc)
        for i in range(total):
            page = doc[i]
            try:
                width_pt, _height_pt = page.get_size()
                images.append(_to_qimage(page, width_px / width_pt))
            finally:
                page.close()
            if each is not None:
                each(i + 1, total)
        return images
    finally:
        doc.close()


def print_pdf(printer, pdf_path: str | Path) -> int:
    """Paint every page of the PDF onto `printer` (a QPrinter set up by the print dialog), each
    scaled to fit the printable area; returns the number of pages sent."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    painter = QPainter()
    if not painter.begin(printer):
        doc.close()
        return 0
    sent = 0
    try:
        dpi = max(printer.resolution(), 72)
        first, last = printer.fromPage(), printer.toPage()
        pages = range(len(doc)) if first <= 0 else range(first - 1, min(last or len(doc), len(doc)))
        for n, i in enumerate(pages):
            if n:
                printer.newPage()
            page = doc[i]
            try:
                image = _to_qimage(page, min(dpi, 300) / POINTS_PER_INCH)
            finally:
                page.close()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF((area.width() - size.width()) / 2, (area.height() - size.height()) / 2,
                            size.width(), size.height())
            painter.drawImage(target, image)
            sent += 1
    finally:
        painter.end()
        doc.close()
    return sent
