"""`hubdesk report quarterly|organization|statement|invoice`: print a document as a PDF.

    hubdesk [--db X] report quarterly --quarter 2026Q3 [--lang ko|en|vi] [--issue] --out FILE.pdf
    hubdesk [--db X] report organization --org <id|uid|business no|exact name> [--lang …] --out FILE.pdf
    hubdesk [--db X] report statement --org … --quarter 2026Q3 [--lang …] --out FILE.pdf
    hubdesk [--db X] report invoice --org … --period 2026Q3|2026-07 [--lang …] --out FILE.pdf
    hubdesk [--db X] report invoices --period 2026Q3|2026-07 [--lang …] --out FILE.xlsx
    hubdesk [--db X] report reopen --quarter 2026Q3 --reason TEXT

The PDF is written to a temporary file next to FILE and renamed at the end, so a failed run
leaves no half-written file. Bad input (a quarter written wrongly, an unknown organization, a
folder that cannot be written) prints a sentence and exits 1.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from hubdesk import paths
from hubdesk.i18n import LANGUAGES, N_, _

NAME = "report"
HELP = N_("Print the quarterly status report, an organization profile, a facility usage statement or an invoice "
          "as a PDF.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="report_kind", metavar="DOCUMENT", required=True)
    q = kinds.add_parser("quarterly", help=_("the quarterly status report"),
                         description=_("Print the quarterly status report of a quarter. An issued quarter prints "
                                       "from the figures stored when it was issued."))
    q.add_argument("--quarter", required=True, help=_("the quarter, for example 2026Q3"))
    q.add_argument("--issue", action="store_true",
                   help=_("issue the report: store its figures and lock the quarter against changes"))
    o = kinds.add_parser("organization", help=_("an organization's profile"),
                         description=_("Print one organization's profile."))
    o.add_argument("--org", required=True,
                   help=_("the organization: its number, uid, business registration number or exact name"))
    s = kinds.add_parser("statement", help=_("a facility usage statement"),
                         description=_("Print one organization's facility usage statement for a quarter."))
    s.add_argument("--org", required=True,
                   help=_("the organization: its number, uid, business registration number or exact name"))
    s.add_argument("--quarter", required=True, help=_("the quarter, for example 2026Q3"))
    i = kinds.add_parser("invoice", help=_("an organization's invoice for a period"),
                         description=_("Print one organization's invoice for a month or a quarter: the issued "
                                       "one, else the draft, else what a draft would hold today."))
    i.add_argument("--org", required=True,
                   help=_("the organization: its number, uid, business registration number or exact name"))
    i.add_argument("--period", required=True, help=_("the period, a quarter like 2026Q3 or a month like 2026-07"))
    x = kinds.add_parser("invoices", help=_("a period's invoices as a workbook for the accounting office"),
                         description=_("Write every invoice and credit note of a month or a quarter to an Excel "
                                       "workbook (or CSV): number, organization, days, total, paid, still owed."))
    x.add_argument("--period", required=True, help=_("the period, a quarter like 2026Q3 or a month like 2026-07"))
    x.add_argument("--lang", dest="report_lang", choices=LANGUAGES,
                   help=_("language of the document (default: the language of the command line)"))
    x.add_argument("--out", required=True, metavar="FILE.xlsx", help=_("where to write the workbook"))
    r = kinds.add_parser("reopen", help=_("reopen an issued quarter (administrators)"),
                         description=_("Unlock an issued quarter so that its data can be corrected; the reason is "
                                       "kept in the audit trail and the next issue is the next revision."))
    r.add_argument("--quarter", required=True, help=_("the quarter, for example 2026Q3"))
    r.add_argument("--reason", help=_("why the quarter is reopened (required)"))
    for p in (q, o, s, i):
        p.add_argument("--lang", dest="report_lang", choices=LANGUAGES,
                       help=_("language of the document (default: the language of the command line)"))
        p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF"))


def check_output(path: str) -> Path:
    """The output path, refused with a sentence when its folder is missing or not writable."""
    from hubdesk.errors import DomainError

    out = paths.user_path(path)
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise DomainError(_("{path} is a folder. Give a file name for the PDF, for example {example}.")
                          .format(path=out, example=out / "report.pdf"), field="out")
    if not folder.is_dir():
        raise DomainError(_("The folder {folder} does not exist. Create it or choose another place for the PDF.")
                          .format(folder=folder), field="out")
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise DomainError(_("hubdesk may not write {path}. Choose a folder you can write to.").format(path=out),
                          field="out")
    return out


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database
    from hubdesk.domain.quarters import Quarter
    from hubdesk.i18n import get_language

    if args.report_kind == "reopen":
        return _reopen(args)
    lang = args.report_lang or args.lang or get_language()
    out = check_output(args.out)
    quarter = Quarter.parse(args.quarter) if getattr(args, "quarter", None) is not None else None
    db = open_database(args.db)
    try:
        if args.report_kind == "quarterly":
            from hubdesk.reports.quarterly import render_quarterly

            render_quarterly(db, quarter, lang, out, issue=args.issue)
            if args.issue:
                print(_("Issued the report of {quarter}: its figures are stored and the quarter is locked. "
                        "Wrote {path}.").format(quarter=str(quarter), path=out))
            else:
                print(_("Wrote the quarterly report of {quarter} to {path}.").format(quarter=str(quarter), path=out))
        elif args.report_kind == "organization":
            from hubdesk.reports.profile import render_profile

            render_profile(db, args.org, lang, out)
            print(_("Wrote the organization profile to {path}.").format(path=out))
        elif args.report_kind == "invoices":
            from hubdesk.i18n import language
            from hubdesk.interchange.invoices import export_period

            with language(lang):
                n = export_period(db, args.period, out)
            print(_("Wrote {count} invoices and credit notes of {period} to {path}.").format(
                count=n, period=args.period.strip(), path=out))
        elif args.report_kind == "invoice":
            from hubdesk.reports.invoice import render_invoice

            render_invoice(db, args.org, args.period, lang, out)
            print(_("Wrote the invoice for {period} to {path}.").format(period=args.period.strip(), path=out))
        else:
            from hubdesk.reports.statement import render_statement

            render_statement(db, args.org, quarter, lang, out)
            print(_("Wrote the facility usage statement of {quarter} to {path}.").format(quarter=str(quarter),
                                                                                        path=out))
    finally:
        db.dispose()
    return 0


def _reopen(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database
    from hubdesk.domain.quarters import Quarter
    from hubdesk.domain.report_lock import reopen_quarter

    quarter = Quarter.parse(args.quarter)
    db = open_database(args.db)
    try:
        with db.write() as session:
            reopening = reopen_quarter(session, quarter, args.reason)
            revision = reopening.revision + 1
    finally:
        db.dispose()
    print(_("Reopened {quarter}: its data can be corrected now. Its next issue will be revision {number}.")
          .format(quarter=str(quarter), number=revision))
    return 0
