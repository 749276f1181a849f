"""Printing what a list shows: an HTML table in a QTextDocument, shown in Qt's print preview
(which also prints to PDF). `show_print_preview` is the function tests replace."""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget

from hubdesk.i18n import _, ngettext

MAX_PRINTED_ROWS = 5000


def table_document(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                   subtitle: str = "", limit: int = MAX_PRINTED_ROWS) -> QTextDocument:
    parts = [f"<h2>{html.escape(title)}</h2>"]
    if subtitle:
        parts.append(f"<p style='color:#555'>{html.escape(subtitle)}</p>")
    parts.append("<table border='0.5' cellspacing='0' cellpadding='3' width='100%'><thead><tr>")
    parts.extend(f"<th align='left' bgcolor='#eeeeee'>{html.escape(h)}</th>" for h in headers)
    parts.append("</tr></thead><tbody>")
    count = 0
    more = 0
    for row in rows:
        if count >= limit:
            more += 1
            continue
        parts.append("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row) + "</tr>")
        count += 1
    parts.append("</tbody></table>")
    if more:
        parts.append("<p>" + html.escape(ngettext(
            "{count} more row is not printed; narrow the list with the search and filters, or export it.",
            "{count} more rows are not printed; narrow the list with the search and filters, or export it.",
            more).format(count=more)) + "</p>")
    document = QTextDocument()
    document.setHtml("".join(parts))
    return document


def _show_print_preview(parent: QWidget | None, document: QTextDocument) -> None:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    preview = QPrintPreviewDialog(printer, parent)
    preview.setWindowTitle(_("Print preview"))
    preview.paintRequested.connect(document.print_)
    preview.exec()


show_print_preview = _show_print_preview  # tests replace it
