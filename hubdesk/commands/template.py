"""`hubdesk template KIND FILE [--korean-headers]`: an empty .xlsx or .csv with the columns an import
of KIND reads (the same file the import wizard's "Save a template…" writes). Needs no database."""

from __future__ import annotations

import argparse

from hubdesk.i18n import N_, _

NAME = "template"
SIGN_IN = "never"  # opens no database
HELP = N_("Write an empty .xlsx or .csv file with the columns an import of that kind reads (organizations, "
          "contacts, bookings, KPI values, programs, budget lines, expenditures, participants, milestones, "
          "events, KPI targets), to fill in and import.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from hubdesk.interchange.cli import add_written_file_arguments
    from hubdesk.interchange.kinds import IMPORT_KINDS

    parser.add_argument("kind", choices=IMPORT_KINDS, help=_("what the file will hold"))
    add_written_file_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from hubdesk.interchange.exporter import template_columns, write_template

    write_template(args.kind, args.file, korean_headers=args.korean_headers)
    columns = template_columns(args.kind)
    required = [c.header(args.korean_headers) for c in columns if c.required]
    print(_("Template for {kind} written to {file}. Required columns: {columns}.")
          .format(kind=args.kind, file=args.file, columns=", ".join(required)))
    return 0
