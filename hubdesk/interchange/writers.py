"""Writing headers and rows to .xlsx or .csv, safe to open in a spreadsheet program.

Text that a spreadsheet could run as a formula (starting with =, +, -, @, tab or CR) is written as
plain text: in CSV with a leading apostrophe (which the importer strips again), in .xlsx as a cell
of string type. .xlsx gets a bold, frozen header row, sized columns and real dates; CSV is UTF-8
with a BOM (so Korean Excel reads it) and commas.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from hubdesk.errors import DomainError
from hubdesk.i18n import _
from hubdesk.output_files import replacing
from hubdesk.interchange.cells import escape_apostrophe, to_csv_text, xlsx_text

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INT_FORMAT = "#,##0"
EXCEL_MAX_ROWS = 1_048_576
_MAX_WIDTH = 60
_MIN_WIDTH = 8


def file_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return suffix[1:]
    raise DomainError(_("Cannot write {file}: the name must end in .xlsx or .csv.").format(file=Path(path).name),
                      code="bad_extension")


def write_table(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                header_notes: Sequence[str] | None = None) -> int:
    """Write to .xlsx or .csv by the file name's extension; returns the number of data rows.
    `header_notes` (.xlsx only) become comments on the header cells, shown when the pointer rests
    on a header (what a template's column takes)."""
    path = Path(path)
    fmt = file_format(path)
    # written beside the target and renamed at the end: a failure never leaves half a file, and an
    # open database or a device is never written over (hubdesk.output_files)
    with replacing(path, suffix="." + fmt) as tmp:
        if fmt == "xlsx":
            count = _write_xlsx(tmp, headers, rows, header_notes)
        else:
            count = _write_csv(tmp, headers, rows)
    return count


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=",", lineterminator="\r\n")
        writer.writerow([to_csv_text(h) for h in headers])
        for row in rows:
            writer.writerow([to_csv_text(v) for v in row])
            count += 1
    return count


def _display_width(text: str) -> int:
    """Hangul and other wide characters take about two character widths in Excel."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


def _xlsx_value(value: Any) -> tuple[Any, str | None, bool]:
    """(value to store, number format, force string type)."""
    if value is None:
        return None, None, False
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return value, None, False
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)   # Excel has no time zones: the caller gives local time
        return value, DATETIME_FORMAT, False
    if isinstance(value, dt.date):
        return value, DATE_FORMAT, False
    if isinstance(value, int):
        return value, INT_FORMAT if abs(value) >= 1000 else None, False
    if isinstance(value, (float, Decimal)):
        return float(value), None, False
    return escape_apostrophe(xlsx_text(str(value))), None, True


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                header_notes: Sequence[str] | None = None) -> int:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ws = book.create_sheet()
    widths = [_display_width(str(h)) + 2 for h in headers]
    # Column widths and the sheet's size must be known before the first row is written in
    # write-only mode, so the converted values are kept until then.
    prepared: list[list[tuple[Any, str | None, bool]]] = []
    for row in rows:
        if len(prepared) + 1 >= EXCEL_MAX_ROWS:
            raise DomainError(_("The list has more rows than an Excel sheet can hold ({limit}). Export it to "
                                "a .csv file instead.").format(limit=f"{EXCEL_MAX_ROWS:,}"), code="too_many_rows")
        values = [_xlsx_value(raw) for raw in row]
        for i, (value, number_format, _force) in enumerate(values[:len(widths)]):
            shown = (16 if number_format == DATETIME_FORMAT else 10 if number_format == DATE_FORMAT
                     else _display_width(str(value)) if value is not None else 0)
            if shown + 2 > widths[i]:
                widths[i] = shown + 2
        prepared.append(values)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(_MIN_WIDTH, min(_MAX_WIDTH, width))
    ws.freeze_panes = "A2"
    last_column = get_column_letter(max([len(headers)] + [len(r) for r in prepared[:1]]) or 1)
    # A <dimension> element lets read-only readers (openpyxl included) skip a scan of the sheet.
    ws.calculate_dimension = lambda: f"A1:{last_column}{len(prepared) + 1}"
    bold = Font(bold=True)
    header_cells = []
    for i, h in enumerate(headers):
        cell = WriteOnlyCell(ws, value=xlsx_text(str(h)))
        cell.data_type = "s"
        cell.font = bold
        if header_notes and i < len(header_notes) and header_notes[i]:
            cell.comment = Comment(xlsx_text(header_notes[i]), "hubdesk", width=320, height=90)
        header_cells.append(cell)
    ws.append(header_cells)
    for values in prepared:
        cells = []
        for value, number_format, force_string in values:
            cell = WriteOnlyCell(ws, value=value)
            if force_string:
                cell.data_type = "s"   # never a formula or an error code, whatever it starts with
            if number_format:
                cell.number_format = number_format
            cells.append(cell)
        ws.append(cells)
    book.save(path)
    return len(prepared)
