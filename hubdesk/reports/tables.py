"""Table helpers: header row repeated on every page, long text wrapped, numbers right-aligned,
greyscale rules that print in black and white, and "No data".

Speed matters (a quarter of the large demo data prints in a few seconds): a cell whose text fits
its column on one line is a plain string (ReportLab draws it as is, without markup, so it needs no
escaping; one with emoji or other characters Pretendard lacks is a `drawtext.TextLine`, drawn in
font runs); only longer text becomes a wrapping Paragraph. Row heights are measured once here and
given to the Table, so ReportLab does not re-measure the remainder of a long table at every page
break. Numbers and codes (certificate, licence and registration numbers) never wrap: one too
wide for its column is set in a smaller size. A table split over pages keeps at least KEEP_ROWS
rows together at its start and at its end (no page holds only one or two rows carried over), and
a group title stays with the row under it.
"""

from __future__ import annotations

import re
from typing import Sequence

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from hubdesk.i18n import _
from hubdesk.reports.drawtext import TextLine
from hubdesk.reports.fonts import FONT, FONT_BOLD, needs_fallback, string_width
from hubdesk.reports.layout import CONTENT_W
from hubdesk.reports.text import DASH, esc, para, styles

HEAD_GREY = colors.HexColor("#d9d9d9")
ZEBRA_GREY = colors.HexColor("#f2f2f2")
RULE_GREY = colors.HexColor("#8c8c8c")
CELL_SIZE = 8
CELL_LEADING = 10
PAD = 3
V_PAD = 2.5
MIN_NUM_SIZE = 5.5
MIN_CODE_SIZE = 6
KEEP_ROWS = 3           # rows kept together at the start and at the end of a table split over pages
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")


class Num(str):
    """A pre-formatted number: printed right-aligned."""


class Code(str):
    """An identifier (certificate, licence or registration number): never broken inside; set in a
    smaller size when it is too wide for its column."""


class Bold(str):
    """A text cell printed in bold (totals)."""


class Group(str):
    """A group title row: spans the whole table, bold on grey (give it as the row's only cell)."""


BLANK = object()  # an intentionally empty cell (a None or "" value prints as a dash)


def no_data():
    return para(_("No data"), "note")


def _plain(value: object) -> str:
    if value is None:
        return DASH
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text or DASH


def _cell(value: object, right: bool, width: float):
    """(cell, bold, font size or None, height) — a plain string when it fits on one line (a number
    always, shrunk if needed), else a wrapping Paragraph."""
    one_line = CELL_LEADING + 2 * V_PAD
    if value is BLANK:
        return "", False, None, one_line
    inner = width - 2 * PAD
    if isinstance(value, Paragraph) or hasattr(value, "wrap"):
        return value, False, None, value.wrap(inner, 10_000)[1] + 2 * V_PAD
    bold = isinstance(value, Bold)
    text = _plain(value)
    font = FONT_BOLD if bold else FONT
    fallback = needs_fallback(text)  # emoji and symbols Pretendard lacks: drawn in runs (fonts.py)
    w = string_width(text, font, CELL_SIZE) if fallback else stringWidth(text, font, CELL_SIZE)
    if w <= inner:
        return (TextLine(text, font, CELL_SIZE) if fallback else text), bold, None, one_line
    if isinstance(value, Num):
        return text, bold, max(MIN_NUM_SIZE, CELL_SIZE * inner / w), one_line
    if isinstance(value, Code) and CELL_SIZE * inner / w >= MIN_CODE_SIZE and not fallback:
        return text, bold, CELL_SIZE * inner / w, one_line
    st = styles()["cell_bold" if bold else ("cell_right" if right else "cell")]
    p = Paragraph(esc(value), st)
    return p, False, None, p.wrap(inner, 10_000)[1] + 2 * V_PAD


def _style(n_rows: int, numeric: Sequence[int], bold_cells, groups, total_row: bool, header: bool,
           sizes=()):
    first = 1 if header else 0
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("LINEBELOW", (0, first), (-1, -1), 0.25, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), V_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), V_PAD),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEAD_GREY), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    for c in numeric:
        commands.append(("ALIGN", (c, first), (c, -1), "RIGHT"))
    for c, r in bold_cells:
        commands.append(("FONTNAME", (c, r), (c, r), FONT_BOLD))
    for c, r, size in sizes:
        commands.append(("FONTSIZE", (c, r), (c, r), size))
    for r in groups:
        commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), ZEBRA_GREY),
                     ("FONTNAME", (0, r), (-1, r), FONT_BOLD)]
    if total_row:
        commands += [("LINEABOVE", (0, n_rows - 1), (-1, n_rows - 1), 0.8, colors.black),
                     ("BACKGROUND", (0, n_rows - 1), (-1, n_rows - 1), ZEBRA_GREY)]
    if header:
        commands += keep_together(n_rows, groups)
    return TableStyle(commands)


def keep_together(n_rows: int, groups: Sequence[int] = ()) -> list:
    """NOSPLIT ranges of a table with a header row: the header with the first KEEP_ROWS rows, the
    last KEEP_ROWS rows, and each group title with the row after it."""
    last = n_rows - 1
    if last < 1:
        return []
    commands = [("NOSPLIT", (0, 0), (-1, min(KEEP_ROWS, last))),
                ("NOSPLIT", (0, max(1, last - KEEP_ROWS + 1)), (-1, last))]
    commands += [("NOSPLIT", (0, r), (-1, r + 1)) for r in groups if r < last]
    return commands


def data_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *,
               widths: Sequence[float], numeric: Sequence[int] = (),
               total_row: bool = False) -> list:
    """[a table whose header repeats on every page]. `widths` are fractions of the text width
    (summing to 1); `numeric` are the column indexes printed right-aligned. A `Group` row spans
    the table. Returns ["No data"] when rows is empty."""
    if not rows:
        return [no_data()]
    st = styles()
    col_widths = [CONTENT_W * w for w in widths]
    head = [Paragraph(esc(h), st["head_right" if i in numeric else "head"]) for i, h in enumerate(headers)]
    heights = [max(p.wrap(w - 2 * PAD, 10_000)[1] for p, w in zip(head, col_widths)) + 2 * V_PAD]
    body: list[list] = []
    bold: list[tuple[int, int]] = []
    sizes: list[tuple[int, int, float]] = []
    groups: list[int] = []
    for row in rows:
        r = len(body) + 1
        if len(row) == 1 and isinstance(row[0], Group):
            groups.append(r)
            body.append([_plain(row[0])] + [""] * (len(headers) - 1))
            heights.append(CELL_LEADING + 2 * V_PAD)
            continue
        cells, height = [], 0.0
        for i, v in enumerate(row):
            cell, is_bold, size, h = _cell(v, i in numeric, col_widths[i])
            if is_bold:
                bold.append((i, r))
            if size is not None:
                sizes.append((i, r, size))
            cells.append(cell)
            height = max(height, h)
        body.append(cells)
        heights.append(height)
    table = Table([head] + body, colWidths=col_widths, rowHeights=heights, repeatRows=1, hAlign="LEFT")
    table.setStyle(_style(len(body) + 1, numeric, bold, groups, total_row, True, sizes))
    return [table]


def key_values(pairs: Sequence[tuple[str, object]], *, label_width: float = 0.32) -> list:
    """A two-column label / value table (profile facts, headline figures)."""
    if not pairs:
        return [no_data()]
    widths = [CONTENT_W * label_width, CONTENT_W * (1 - label_width)]
    rows, numeric_rows, heights, bold = [], [], [], []
    for n, (k, v) in enumerate(pairs):
        key_cell, b, _s, h1 = _cell(Bold(k), False, widths[0])
        value_cell, _b, _s, h2 = _cell(v, isinstance(v, Num), widths[1])
        if b:
            bold.append((0, n))
        if isinstance(v, Num):
            numeric_rows.append(n)
        rows.append([key_cell, value_cell])
        heights.append(max(h1, h2))
    table = Table(rows, colWidths=widths, rowHeights=heights, hAlign="LEFT")
    style = _style(len(rows), (), bold, [], False, False)
    for r in numeric_rows:
        style.add("ALIGN", (1, r), (1, r), "RIGHT")
    table.setStyle(style)
    return [table]
