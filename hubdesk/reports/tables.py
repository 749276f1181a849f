"""Table helpers: header row repeated on every page, text cells as wrapping Paragraphs,
numbers right-aligned, greyscale rules that print in black and white, and "No data"."""

from __future__ import annotations

from typing import Sequence

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Table, TableStyle

from hubdesk.i18n import _
from hubdesk.reports.fonts import FONT
from hubdesk.reports.layout import CONTENT_W
from hubdesk.reports.text import esc, para, styles

HEAD_GREY = colors.HexColor("#d9d9d9")
ZEBRA_GREY = colors.HexColor("#f2f2f2")
RULE_GREY = colors.HexColor("#8c8c8c")


class Num(str):
    """A pre-formatted number: printed right-aligned."""


class Bold(str):
    """A text cell printed in bold (totals)."""


class Group(str):
    """A group title row: spans the whole table, bold on grey (give it as the row's only cell)."""


BLANK = object()  # an intentionally empty cell (a None or "" value prints as a dash)


def no_data():
    return para(_("No data"), "note")


def _cell(value: object, right: bool):
    if value is BLANK:
        return ""
    if isinstance(value, Paragraph) or hasattr(value, "wrap"):
        return value
    if isinstance(value, Bold):
        return Paragraph(esc(value), styles()["cell_bold"])
    return Paragraph(esc(value), styles()["cell_right" if right or isinstance(value, Num) else "cell"])


def data_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *,
               widths: Sequence[float] | None = None, numeric: Sequence[int] = (),
               total_row: bool = False):
    """A table with a repeated header row. `widths` are fractions of the text width (summing to 1);
    `numeric` are the column indexes printed right-aligned. Returns "No data" when rows is empty."""
    if not rows:
        return no_data()
    st = styles()
    head = [Paragraph(esc(h), st["head_right" if i in numeric else "head"]) for i, h in enumerate(headers)]
    body, groups = [], []
    for n, row in enumerate(rows, start=1):
        if len(row) == 1 and isinstance(row[0], Group):
            groups.append(n)
            body.append([Paragraph(esc(row[0]), st["cell_bold"])] + [""] * (len(headers) - 1))
        else:
            body.append([_cell(v, i in numeric) for i, v in enumerate(row)])
    col_widths = [CONTENT_W * w for w in widths] if widths else None
    table = Table([head] + body, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_GREY),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for n in groups:
        commands += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), ZEBRA_GREY)]
    if total_row:
        commands += [("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                     ("BACKGROUND", (0, -1), (-1, -1), ZEBRA_GREY)]
    table.setStyle(TableStyle(commands))
    return table


def key_values(pairs: Sequence[tuple[str, object]], *, label_width: float = 0.32):
    """A two-column label / value table (profile facts, summary lines)."""
    if not pairs:
        return no_data()
    st = styles()
    rows = [[Paragraph(esc(k), st["cell_bold"]), _cell(v, False)] for k, v in pairs]
    table = Table(rows, colWidths=[CONTENT_W * label_width, CONTENT_W * (1 - label_width)], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table
