"""Reading a spreadsheet file into a header row and data rows, .xlsx or .csv alike.

.xlsx is read with openpyxl in read-only mode (cached values, never formulas). CSV encoding is
detected (UTF-8 with or without BOM, else CP949 — what Korean Excel writes, a superset of EUC-KR),
and the delimiter is chosen among comma, semicolon and tab from the header line. Every failure a
person can cause becomes a DomainError with one sentence.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from hubdesk.errors import DomainError
from hubdesk.formatting import format_number
from hubdesk.interchange import limits
from hubdesk.interchange.cells import from_xlsx_text
from hubdesk.i18n import _

DELIMITERS = (",", ";", "\t")
ENCODINGS = ("utf-8", "cp949")


@dataclass
class Sheet:
    """A file's header row and its data rows, each with its spreadsheet row number (the header
    row counts: the first data row under a header in row 1 is row 2)."""

    file_name: str
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]
    encoding: str | None = None      # CSV only
    delimiter: str | None = None     # CSV only


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(path: str | Path, *, progress: Callable[[int, int], None] | None = None,
               cancel: Callable[[], bool] | None = None) -> Sheet:
    """The file's header and rows. `progress(rows_read, 0)` is called every few thousand rows while
    reading (0: the total is not known yet) and `cancel()` is asked as often: when it says so,
    `ImportCancelled` is raised. Files beyond `interchange.limits` are refused with a sentence."""
    path = Path(path)
    name = path.name
    watch = _Watch(name, progress, cancel)
    try:
        data_head = path.open("rb").read(8)
    except FileNotFoundError:
        raise DomainError(_("The file {file} does not exist. Check the name and the folder.")
                          .format(file=path), code="no_file") from None
    except IsADirectoryError:
        raise DomainError(_("{file} is a folder, not a file. Choose an .xlsx or .csv file.")
                          .format(file=path), code="no_file") from None
    except OSError as exc:
        raise DomainError(_("The file {file} cannot be read ({reason}). Check that it is not open "
                            "elsewhere and that you may read it.").format(file=path, reason=exc.strerror),
                          code="unreadable") from None
    if not data_head:
        raise DomainError(_("The file {file} is empty. Choose a file with a header row and data rows.")
                          .format(file=name), code="empty")
    suffix = path.suffix.lower()
    if suffix == ".xls" or data_head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError(_("{file} is an old Excel 97–2003 workbook or a password-protected one. Open it "
                            "in Excel, remove the password if it has one, save it as .xlsx (Excel Workbook) "
                            "and import that file.").format(file=name), code="old_excel")
    if data_head.startswith(b"PK") or suffix in (".xlsx", ".xlsm"):
        sheet = _read_xlsx(path, watch)
    else:
        sheet = _read_csv(path, watch)
    if not sheet.headers:
        raise DomainError(_("The file {file} holds no rows. Choose a file with a header row and data rows.")
                          .format(file=name), code="empty")
    return sheet


class ImportCancelled(DomainError):
    """The person cancelled the import (while the file was read or its rows checked); nothing was
    written."""


class _Watch:
    """Counts the rows read: refuses a file beyond the limits, reports progress, asks cancel."""

    def __init__(self, name: str, progress, cancel) -> None:
        self.name, self.progress, self.cancel = name, progress, cancel
        self.data_rows = 0

    def row(self, number: int, values: list[Any], blank: bool) -> None:
        if number > limits.MAX_SCANNED_ROWS:
            raise DomainError(_("{file} goes on past row {limit}, the most a worksheet can have. Remove the empty "
                                "rows at its end (or split the file) and import it again.")
                              .format(file=self.name, limit=format_number(limits.MAX_SCANNED_ROWS)),
                              code="too_many_rows")
        if not blank:
            self.data_rows += 1
            if self.data_rows > limits.MAX_DATA_ROWS + 1:          # the header row is one of them
                raise DomainError(_("{file} has more than {limit} rows. Split it into files of at most "
                                    "{limit} rows and import them one after another.")
                                  .format(file=self.name, limit=format_number(limits.MAX_DATA_ROWS)),
                                  code="too_many_rows")
            if len(values) > limits.MAX_COLUMNS and any(not _blank(v) for v in values[limits.MAX_COLUMNS:]):
                raise DomainError(_("Row {row} of {file} has more than {limit} columns; a hubdesk import has "
                                    "a few dozen. Check that this is the right file, or remove the extra "
                                    "columns.").format(row=number, file=self.name, limit=limits.MAX_COLUMNS),
                                  code="too_many_columns")
        if number % limits.READ_PROGRESS_EVERY == 0:
            if self.cancel is not None and self.cancel():
                raise ImportCancelled(_("Reading {file} was cancelled; nothing was written.").format(file=self.name),
                                    code="cancelled")
            if self.progress is not None:
                self.progress(number, 0)


def _check_xlsx_sizes(path: Path, name: str) -> None:
    """Refuse a workbook whose parts would expand beyond the limits (a zip bomb), from the sizes its
    zip directory declares; zipfile refuses a part that expands beyond what it declared."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _not_xlsx(name) from None
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > limits.MAX_SHEET_BYTES or (part.file_size > 1024 * 1024
                                                       and ratio > limits.MAX_COMPRESSION_RATIO):
            raise DomainError(_("{file} would expand to {size} MB when opened ({part}), far more than a "
                                "spreadsheet of this size holds; it may be damaged or built to harm. Open it "
                                "in Excel, save it again as .xlsx, or export it as CSV.")
                              .format(file=name, size=part.file_size // (1024 * 1024), part=part.filename),
                              code="too_big")


def _not_xlsx(name: str) -> DomainError:
    return DomainError(_("{file} is not a readable Excel workbook: it may be damaged, cut short or of "
                         "another kind. Open it in Excel and save it again as .xlsx, or export it as "
                         "CSV.").format(file=name), code="bad_xlsx")


def _read_xlsx(path: Path, watch: _Watch) -> Sheet:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    name = path.name
    _check_xlsx_sizes(path, name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError, ValueError,
            TypeError, IndexError, AttributeError):
        raise _not_xlsx(name) from None
    except Exception as exc:  # noqa: BLE001 - lxml/ElementTree parse errors of a damaged part
        if type(exc).__name__ in ("ParseError", "XMLSyntaxError"):
            raise _not_xlsx(name) from None
        raise
    try:
        ws = book.active if book.active is not None else book.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()   # some writers record a wrong size; read what is there
        headers: list[Any] = []
        rows: list[tuple[int, list[Any]]] = []
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                values = [from_xlsx_text(v) if isinstance(v, str) else v for v in values]
                blank = all(_blank(v) for v in values)
                watch.row(number, values, blank)
                if blank:
                    continue
                if not headers:
                    headers = values
                    continue
                rows.append((number, values))
        except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError, TypeError, zlib.error):
            raise _not_xlsx(name) from None
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ in ("ParseError", "XMLSyntaxError"):
                raise _not_xlsx(name) from None
            raise
    finally:
        book.close()
    while headers and _blank(headers[-1]):
        headers.pop()
    return Sheet(file_name=name, headers=headers, rows=rows)


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        _refuse_damaged_utf8(raw, exc, name)
    for encoding in ENCODINGS[1:]:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DomainError(_("{file} is neither a spreadsheet nor a text file in UTF-8 or the Korean "
                        "encoding (CP949). Choose an .xlsx file, or save the file as CSV UTF-8.")
                      .format(file=name), code="bad_encoding")


def _refuse_damaged_utf8(raw: bytes, exc: UnicodeDecodeError, name: str) -> None:
    """A UTF-8 file with a few broken bytes is not a CP949 file: decoded as CP949 its Vietnamese or
    Korean text became other Hangul without a word ("C척ng ty"). When most of its non-ASCII text is
    valid UTF-8, say where the first broken byte is instead."""
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if valid < 3 or valid < 4 * broken:
        return                                  # not UTF-8 with damage: try the Korean encoding
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    line_end = raw.find(b"\n", exc.start)
    sample = raw[line_start:line_end if line_end != -1 else len(raw)].decode("utf-8", errors="replace").strip()
    column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
    raise DomainError(_("Line {line} of {file} has a character that is not valid UTF-8 (at character {column}: "
                        "“{sample}”), while the rest of the file is UTF-8. Correct that character in the file and "
                        "save it again as CSV UTF-8, or import the .xlsx instead.")
                      .format(line=line, file=name, column=column, sample=sample[:80]), code="bad_encoding")


def _sniff_delimiter(text: str) -> str:
    """The candidate that splits the first non-empty line into the most fields (comma on a tie)."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: len(next(csv.reader([line], delimiter=d))) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
            return best
    return ","


def _read_csv(path: Path, watch: _Watch) -> Sheet:
    name = path.name
    size = path.stat().st_size
    if size > limits.MAX_CSV_BYTES:
        raise DomainError(_("{file} is {size} MB; a CSV import may be at most {limit} MB. Split it into smaller "
                            "files and import them one after another.")
                          .format(file=name, size=size // (1024 * 1024), limit=limits.MAX_CSV_BYTES // (1024 * 1024)),
                          code="too_big")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DomainError(_("{file} is not a spreadsheet or CSV file. Choose an .xlsx or .csv file.")
                          .format(file=name), code="not_a_table")
    text, encoding = _decode(raw, name)
    if not text.strip():
        raise DomainError(_("The file {file} is empty. Choose a file with a header row and data rows.")
                          .format(file=name), code="empty")
    delimiter = _sniff_delimiter(text)
    headers: list[Any] = []
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                        start=1):
            blank = all(_blank(v) for v in values)
            watch.row(number, values, blank)
            if blank:
                continue
            if not headers:
                headers = list(values)
                continue
            rows.append((number, list(values)))
    except csv.Error as exc:
        raise DomainError(_("{file} is not a well-formed CSV file ({reason}). Open it in a spreadsheet "
                            "program and save it again as CSV.").format(file=name, reason=exc),
                          code="bad_csv") from None
    while headers and _blank(headers[-1]):
        headers.pop()
    return Sheet(file_name=name, headers=headers, rows=rows, encoding=encoding, delimiter=delimiter)
