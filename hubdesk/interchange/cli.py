"""The command-line side of interchange: `import`, `export` and `calendar` sub-commands.

hubdesk/commands/{import_data,export_data,calendar_ics}.py expose these to the registry in
hubdesk/cli.py (NAME, HELP, add_arguments, run).
"""

from __future__ import annotations

import argparse
import sys
import time

from hubdesk.i18n import N_, _, ngettext

IMPORT_HELP = N_("Import organizations, contacts, bookings and booking series, incidents, KPI values, programs "
                 "and their budget lines, expenditures, participants, milestones, events, KPI targets or "
                 "subsidies, booking quotas, maintenance windows and series, or payments from an .xlsx or .csv "
                 "file. Every row is checked first; nothing is written unless all rows are valid.")
EXPORT_HELP = N_("Export organizations, contacts, bookings and booking series, incidents, cases, KPI values, "
                 "programs and their budget lines, expenditures, participants, milestones, events, KPI "
                 "targets or subsidies, booking quotas, maintenance windows and series, invoices or payments "
                 "to an .xlsx or .csv file that can be imported again (invoices only go out), or a KPI request "
                 "workbook.")
CALENDAR_HELP = N_("Export the bookings of a resource or an organization as an iCalendar (.ics) file for "
                   "Outlook or Google Calendar.")
PROGRESS_FROM_ROWS = 2000


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    from hubdesk.interchange.kinds import IMPORT_KINDS

    parser.add_argument("kind", choices=IMPORT_KINDS, help=_("what the file holds"))
    parser.add_argument("file", help=_("the .xlsx or .csv file"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("check every row and say what would be created and updated; write nothing"))


def add_written_file_arguments(parser: argparse.ArgumentParser) -> None:
    """The file an export or a template writes, and its choice of Korean headers."""
    parser.add_argument("file", help=_("the file to write; .xlsx or .csv by its name"))
    parser.add_argument("--korean-headers", action="store_true",
                        help=_("write Korean column headers instead of English keys (both import back)"))


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    from hubdesk.interchange.kinds import EXPORT_KINDS

    parser.add_argument("kind", choices=(*EXPORT_KINDS, "kpi-request"),
                        help=_("which table to export, or kpi-request: a workbook asking companies for a "
                               "quarter's KPI figures"))
    add_written_file_arguments(parser)
    parser.add_argument("--quarter", help=_("kpi-request: the quarter asked for, for example 2026Q3"))
    asked = parser.add_mutually_exclusive_group()
    asked.add_argument("--org", metavar="ID",
                       help=_("kpi-request: one organization (its number, business registration number or "
                              "name); all active members when left out"))
    asked.add_argument("--program", metavar="ID",
                       help=_("kpi-request: the companies taking part in one program during the quarter (the "
                              "program's number or name)"))


def add_calendar_arguments(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--resource", metavar="ID", help=_("the resource: its number, code or name"))
    target.add_argument("--org", metavar="ID",
                        help=_("the organization: its number, business registration number or name"))
    parser.add_argument("--out", metavar="FILE.ics", required=True, help=_("the .ics file to write"))


class _Progress:
    """Progress lines on stderr for big files, at most one every half second."""

    def __init__(self) -> None:
        self.last = 0.0
        self.reading_since: float | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total == 0:                       # still reading the file: its size is not known yet
            if self.reading_since is None:
                self.reading_since = now
            if now - self.reading_since >= 1.0 and now - self.last >= 0.5:   # only a slow read is shown
                self.last = now
                print(_("{done} rows read").format(done=done), file=sys.stderr, flush=True)
            return
        if total < PROGRESS_FROM_ROWS:
            return
        if done == total or now - self.last >= 0.5:
            self.last = now
            print(_("{done} of {total} rows checked").format(done=done, total=total), file=sys.stderr,
                  flush=True)


def run_import(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database
    from hubdesk.interchange.importer import import_file

    db = open_database(args.db)
    try:
        result = import_file(db, args.kind, args.file, dry_run=args.dry_run, progress=_Progress())
    finally:
        db.dispose()
    if result.ignored_columns:
        print(ngettext("Column not used: {columns}", "Columns not used: {columns}", len(result.ignored_columns))
              .format(columns=", ".join(result.ignored_columns)), file=sys.stderr)
    if result.problems:
        for problem in result.problems:
            print(str(problem), file=sys.stderr)
        if (more := result.more_problems_line()) is not None:
            print(more, file=sys.stderr)
        print(result.summary(), file=sys.stderr)
        return 1
    if result.dry_run:
        for change in result.changes:   # what would change, row by row (KPI values)
            print(change)
    print(result.summary())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database
    from hubdesk.interchange.exporter import export_table

    if args.kind == "kpi-request":
        return _run_kpi_request(args)
    db = open_database(args.db)
    try:
        count = export_table(db, args.kind, args.file, korean_headers=args.korean_headers)
    finally:
        db.dispose()
    print(ngettext("{count} row written to {file}.", "{count} rows written to {file}.", count)
          .format(count=count, file=args.file))
    return 0


def _run_kpi_request(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database
    from hubdesk.domain.quarters import Quarter
    from hubdesk.errors import UsageError
    from hubdesk.interchange.kpis import write_kpi_request

    if not args.quarter:
        raise UsageError(_("Say which quarter the KPI request is for, for example --quarter 2026Q3."))
    quarter = Quarter.parse(args.quarter)
    db = open_database(args.db)
    try:
        org_id = program_id = None
        with db.read() as session:
            if args.org is not None:
                org_id = _organization_id(session, args.org)
            if getattr(args, "program", None) is not None:
                program_id = _program_id(session, args.program)
        count = write_kpi_request(db, quarter, args.file, org_id, program_id)
    finally:
        db.dispose()
    print(ngettext("KPI request for {quarter} written to {file} ({count} organization). Send it, then import the "
                   "filled file with `import kpis` (try --dry-run first).",
                   "KPI request for {quarter} written to {file} ({count} organizations). Send it, then import "
                   "the filled file with `import kpis` (try --dry-run first).", count)
          .format(quarter=str(quarter), file=args.file, count=count))
    return 0


def run_calendar(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database
    from hubdesk.interchange.calendar_export import export_calendar

    db = open_database(args.db)
    try:
        with db.read() as session:
            if args.resource is not None:
                kwargs = {"resource_id": _resource_id(session, args.resource)}
            else:
                kwargs = {"organization_id": _organization_id(session, args.org)}
        count = export_calendar(db, args.out, **kwargs)
    finally:
        db.dispose()
    print(ngettext("{count} booking written to {file}.", "{count} bookings written to {file}.", count)
          .format(count=count, file=args.out))
    return 0


def _resource_id(session, text: str) -> int:
    from sqlalchemy import or_, select

    from hubdesk.db.ids import parse_id
    from hubdesk.db.schema import Resource
    from hubdesk.errors import UsageError

    if (resource_id := parse_id(text)) is not None:
        return resource_id
    found = session.scalars(select(Resource.id).where(or_(Resource.code == text, Resource.name == text,
                                                          Resource.uid == text))).all()
    if len(found) != 1:
        raise UsageError(_("No single resource has the code or name “{value}”. Give its number instead.")
                         .format(value=text))
    return found[0]


def _program_id(session, text: str) -> int:
    """A program named on the command line by its number, or by its name when one program has it."""
    from sqlalchemy import select

    from hubdesk.db.ids import parse_id
    from hubdesk.db.schema import Program
    from hubdesk.errors import UsageError

    text = text.strip()
    if (program_id := parse_id(text)) is not None:
        return program_id
    key = text.casefold()
    found = [(pid, year) for pid, name, year in session.execute(
        select(Program.id, Program.name, Program.fiscal_year).order_by(Program.fiscal_year, Program.id))
        if name.strip().casefold() == key]
    if not found:
        raise UsageError(_("No program is called \"{name}\". Give its exact name or its number (Programs shows "
                           "both).").format(name=text))
    if len(found) > 1:
        raise UsageError(_("{count} programs are called \"{name}\" (numbers {ids}). Give the number of the one "
                           "you mean.").format(count=len(found), name=text,
                                               ids=", ".join(str(pid) for pid, _year in found)))
    return found[0][0]


def _organization_id(session, text: str) -> int:
    from sqlalchemy import or_, select

    from hubdesk.db.ids import parse_id
    from hubdesk.db.schema import Organization
    from hubdesk.domain.identifiers import format_business_no, normalize_business_no
    from hubdesk.errors import UsageError

    digits = normalize_business_no(text)
    if (org_id := parse_id(text)) is not None and len(digits) != 10:
        return org_id
    conditions = [Organization.name == text, Organization.uid == text]
    if digits.isdigit() and len(digits) == 10:
        conditions.append(Organization.business_no == format_business_no(digits))
    found = session.scalars(select(Organization.id).where(or_(*conditions))).all()
    if len(found) != 1:
        raise UsageError(_("No single organization has the name or business registration number “{value}”. "
                           "Give its number instead.").format(value=text))
    return found[0]
