"""Importing a spreadsheet: read it, map its headers, validate every row with the domain's own
rules, and write everything in one transaction — or nothing at all.

    result = import_file(db, "organizations", "members.xlsx", dry_run=True)
    for problem in result.problems: print(problem)
    print(result.summary())

A file that cannot be read (damaged, empty, not a spreadsheet, a required column missing) raises
DomainError with one sentence. Problems in rows are collected — all of them, each as
`row N, column C: what is wrong` with the row number a spreadsheet shows and the column header as
written in the file — and then nothing is written. A dry run validates the same way and reports
what would be created and updated, and never writes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Literal, Protocol, Sequence

from hubdesk.errors import DomainError
from hubdesk.i18n import _, ngettext
from hubdesk.interchange.cells import CellError
from hubdesk.interchange.columns import Column, HeaderMap, header_key, match_headers
from hubdesk.interchange.limits import MAX_PROBLEMS_LISTED
from hubdesk.interchange.readers import ImportCancelled, Sheet, read_sheet

Outcome = Literal["created", "updated", "unchanged"]
ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

PROGRESS_EVERY = 250


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row (and one column, when it is about one cell)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("row {row}, column {column}: {problem}").format(row=self.row, column=self.column,
                                                                     problem=self.message)
        if self.row is not None:
            return _("row {row}: {problem}").format(row=self.row, problem=self.message)
        return self.message


class RowProblems(Exception):
    """Raised by a kind's `import_row` for one or more problems with (column key, sentence)."""

    def __init__(self, problems: Sequence[tuple[str | None, str]]):
        super().__init__(problems[0][1] if problems else "")
        self.problems = list(problems)


@dataclass
class ImportResult:
    kind: str
    file_name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    columns: dict[str, str] = field(default_factory=dict)   # column key -> header as written
    changes: list[str] = field(default_factory=list)        # per-row changes, when the kind describes them

    problems_not_listed: int = 0                             # beyond the first MAX_PROBLEMS_LISTED

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_not_listed

    def add_problem(self, problem: Problem) -> None:
        """Keep the first problems to show them; count the rest (a broken file of a hundred thousand
        rows does not print a million lines)."""
        if len(self.problems) < MAX_PROBLEMS_LISTED:
            self.problems.append(problem)
        else:
            self.problems_not_listed += 1

    def more_problems_line(self) -> str | None:
        """The line under the listed problems when some were not listed."""
        if not self.problems_not_listed:
            return None
        return ngettext("…and {count} more problem not listed.", "…and {count} more problems not listed.",
                        self.problems_not_listed).format(count=self.problems_not_listed)

    def summary(self) -> str:
        """One sentence for the end of an import."""
        if self.problems:
            n = self.problem_count
            return ngettext("{file} has {count} problem, so nothing was imported. Correct it and "
                            "import the file again.",
                            "{file} has {count} problems, so nothing was imported. Correct them and "
                            "import the file again.", n).format(file=self.file_name, count=n)
        values = dict(file=self.file_name, rows=self.rows, created=self.created, updated=self.updated,
                      unchanged=self.unchanged)
        if self.dry_run:
            return ngettext("Dry run of {file}: {rows} row is valid; it would create {created} and update "
                            "{updated} (unchanged: {unchanged}). Nothing was written.",
                            "Dry run of {file}: all {rows} rows are valid; they would create {created} and "
                            "update {updated} (unchanged: {unchanged}). Nothing was written.",
                            self.rows).format(**values)
        return ngettext("Imported {rows} row from {file}: {created} created, {updated} updated, "
                        "{unchanged} unchanged.",
                        "Imported {rows} rows from {file}: {created} created, {updated} updated, "
                        "{unchanged} unchanged.", self.rows).format(**values)


class ImportKind(Protocol):
    """One kind of import (hubdesk/interchange/<kind>.py defines `Importer`)."""

    columns: Sequence[Column]

    def __init__(self, session: Any, headers: HeaderMap): ...

    def import_row(self, row: int, values: dict[str, Any]) -> Outcome: ...


def importer_for(kind: str) -> type:
    from hubdesk.interchange import kinds

    return kinds.importer(kind)


class _Rollback(Exception):
    pass


class _RefusedByDatabase(Exception):
    """The database refused a row (a constraint): its transaction is unusable, so the import stops and
    says why once it is rolled back."""

    def __init__(self, row: int | None, error: Exception):
        super().__init__(str(error))
        self.row = row
        self.error = error


def parse_cells(columns: Sequence[Column], headers: HeaderMap, cells: Sequence[Any]
                ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row's cells parsed by their columns: (values by key, [(key, problem)]). Only the columns
    present in the file appear in `values` (an absent column leaves a field as it is on update)."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for col in columns:
        i = headers.index.get(col.key)
        if i is None:
            continue
        raw = cells[i] if i < len(cells) else None
        try:
            values[col.key] = col.parse(raw)
        except CellError as exc:
            problems.append((col.key, exc.message))
            continue
        if col.required and values[col.key] is None:
            problems.append((col.key, _("This cell is empty, but {column} is required. Fill it in.")
                             .format(column=headers.header_for(col.key))))
    return values, problems


@dataclass
class FilePreview:
    """What an import wizard shows before importing: how the file's headers map to the columns,
    which headers are not used, and the first rows as they are in the file."""

    kind: str
    file_name: str
    headers: list[str]
    columns: dict[str, str]          # column key -> the file's header
    ignored_columns: list[str]
    absent_columns: list[str]        # known (optional) column keys the file does not have
    rows: list[tuple[int, list[Any]]]
    total_rows: int
    encoding: str | None = None
    delimiter: str | None = None


def locate_header(sheet: Sheet, columns: Sequence[Column]) -> Sheet:
    """Spreadsheets often carry a title (and a blank line) above the header row: the header is
    the row among the first ten that names the most known columns (the first row on a tie)."""
    spellings = {header_key(s) for c in columns for s in c.spellings()}
    candidates = [sheet.headers] + [cells for _number, cells in sheet.rows[:9]]
    scores = [sum(1 for v in cells if v is not None and header_key(v) in spellings) for cells in candidates]
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    if best == 0:
        return sheet
    headers = list(sheet.rows[best - 1][1])
    while headers and (headers[-1] is None or not str(headers[-1]).strip()):
        headers.pop()
    return Sheet(file_name=sheet.file_name, headers=headers, rows=sheet.rows[best:],
                 encoding=sheet.encoding, delimiter=sheet.delimiter)


def preview_file(kind: str, path: str | Path, *, limit: int = 20) -> FilePreview:
    """Read `path` and map its headers for `kind`, without touching a database. Raises DomainError
    as `import_file` does (unreadable file, missing required column)."""
    importer_cls = importer_for(kind)
    sheet = locate_header(read_sheet(path), importer_cls.columns)
    headers = match_headers(sheet.headers, importer_cls.columns, file_name=sheet.file_name)
    return FilePreview(kind=kind, file_name=sheet.file_name,
                       headers=["" if h is None else str(h) for h in sheet.headers],
                       columns=dict(headers.written), ignored_columns=headers.ignored,
                       absent_columns=[c.key for c in importer_cls.columns if c.key not in headers.index],
                       rows=sheet.rows[:limit], total_rows=len(sheet.rows), encoding=sheet.encoding,
                       delimiter=sheet.delimiter)


def import_file(db: Any, kind: str, path: str | Path, *, dry_run: bool = False,
                progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                actor: str | None = None, role: str | None = None) -> ImportResult:
    """Import `path` as `kind` (one of `kinds.IMPORT_KINDS`) into `db`.

    Returns an ImportResult; when it has problems nothing was written. Raises DomainError when the
    file cannot be read or lacks a required column, ImportCancelled when `cancel()` says so.
    `progress(done, total)` is called every few hundred rows and at the end. `actor` / `role`
    name who imports (default: whoever is signed in, or the OS user on the command line); the
    permission rules apply as for any other change.
    """
    importer_cls = importer_for(kind)
    sheet = locate_header(read_sheet(path, progress=progress, cancel=cancel), importer_cls.columns)
    headers = match_headers(sheet.headers, importer_cls.columns, file_name=sheet.file_name)
    result = ImportResult(kind=kind, file_name=sheet.file_name, dry_run=dry_run,
                          ignored_columns=headers.ignored, columns=dict(headers.written))
    if not sheet.rows:
        raise DomainError(_("{file} has a header row but no data rows. Add rows under the headers.")
                          .format(file=sheet.file_name), code="no_rows")
    total = len(sheet.rows)
    warm_up = getattr(importer_cls, "warm_up", None)
    if warm_up is not None:
        warm_up()              # outside the transaction, whose write lock others wait behind
    with _acting(actor, role):
        try:
            with db.write() as session:
                importer = importer_cls(session, headers)
                for done, (row_no, cells) in enumerate(sheet.rows, start=1):
                    if cancel is not None and done % 50 == 1 and cancel():
                        raise ImportCancelled(_("The import of {file} was cancelled; nothing was written.")
                                              .format(file=sheet.file_name), code="cancelled")
                    _import_one(importer, headers, row_no, cells, result)
                    if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                        progress(done, total)
                finish = getattr(importer, "finish", None)
                if finish is not None and not result.problems:
                    _collect(result, None, headers, lambda: finish())
                if not result.problems:
                    _collect(result, None, headers, session.flush)
                result.changes = list(getattr(importer, "changes", []))
                if result.problems or dry_run:
                    raise _Rollback()
        except _Rollback:
            pass
        except _RefusedByDatabase as refused:
            _database_refused(db, result, refused, headers)
    result.written = not result.problems and not dry_run
    return result


@contextlib.contextmanager
def _acting(actor: str | None, role: str | None) -> Iterator[None]:
    if actor is None:
        yield
        return
    from hubdesk.db.audit import acting_as

    with acting_as(actor, role):
        yield


def _import_one(importer: Any, headers: HeaderMap, row_no: int, cells: Sequence[Any],
                result: ImportResult) -> None:
    result.rows += 1
    values, cell_problems = parse_cells(importer.columns, headers, cells)
    if cell_problems:
        for key, message in cell_problems:
            result.add_problem(Problem(row_no, headers.header_for(key), message))
        return
    outcome = _collect(result, row_no, headers, lambda: importer.import_row(row_no, values),
                       getattr(importer, "field_columns", {}))
    if outcome == "created":
        result.created += 1
    elif outcome == "updated":
        result.updated += 1
    elif outcome == "unchanged":
        result.unchanged += 1


def _collect(result: ImportResult, row_no: int | None, headers: HeaderMap, fn: Callable[[], Any],
             field_columns: dict[str, str] | None = None) -> Any:
    """Run fn; turn the problems it raises into Problems of this row."""
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    try:
        return fn()
    except RowProblems as exc:
        for key, message in exc.problems:
            result.add_problem(Problem(row_no, headers.header_for(key) if key else None, message))
    except DomainError as exc:
        if exc.code == "permission":
            raise   # not about this row: the person may not change this kind of data at all
        problems = getattr(exc, "problems", None)   # BookingRefused lists every broken rule
        if problems:
            for p in problems:
                result.add_problem(Problem(row_no, _header_for_field(headers, p.field, field_columns), p.message))
        else:
            result.add_problem(Problem(row_no, _header_for_field(headers, exc.field, field_columns), exc.message))
    except IntegrityError as exc:
        # Validation should have caught it (or another session wrote past the rules meanwhile); the
        # session is now unusable, so stop here and say why once it is rolled back.
        raise _RefusedByDatabase(row_no, exc) from exc
    except StaleDataError as exc:
        # Another session changed a row this import updates, between the import's read and its
        # write (the row version moved on): nothing is written, and the file can simply be
        # imported again over their change (hubdesk.domain.versions).
        from hubdesk.domain.versions import changed_meanwhile

        result.problems.append(Problem(row_no, None, changed_meanwhile(exc).message))
        raise _Rollback() from exc
    return None


def _database_refused(db: Any, result: ImportResult, refused: _RefusedByDatabase, headers: HeaderMap) -> None:
    """The problem of the row the database refused: the rule's sentence when a rule knows the
    constraint (an overlap of bookings), else the database's own words."""
    from sqlalchemy.exc import IntegrityError

    from hubdesk.db.database import database_refusal

    error = refused.error
    refusal = database_refusal(db.engine, error) if isinstance(error, IntegrityError) else None
    if refusal is not None:
        column = _header_for_field(headers, getattr(refusal, "field", None), _FIELD_ALIASES)
        result.add_problem(Problem(refused.row, column, refusal.message))
        return
    detail = str(getattr(error, "orig", error)).splitlines()[0]
    result.add_problem(Problem(refused.row, None, _(
        "The database refused this row ({detail}). Nothing was imported; correct the row and try "
        "again.").format(detail=detail)))


def _header_for_field(headers: HeaderMap, field_name: str | None,
                      field_columns: dict[str, str] | None = None) -> str | None:
    """The file's header for a domain field name (`organization_id` → the organization column);
    the column key when the file lacks that column (it says which column to add)."""
    if not field_name:
        return None
    candidates = [(field_columns or {}).get(field_name), field_name, field_name.removesuffix("_id"),
                  _FIELD_ALIASES.get(field_name)]
    for key in candidates:
        if key and key in headers.index:
            return headers.written[key]
    mapped = (field_columns or {}).get(field_name) or _FIELD_ALIASES.get(field_name)
    return mapped or (field_name if "." not in field_name else None)


_FIELD_ALIASES = {"resource_id": "resource", "organization_id": "organization", "people": "people",
                  "starts_at": "starts_at", "ends_at": "ends_at", "program_id": "program"}
