"""`hubdesk exchange …`: offline PCs exchange change packages (issue 16).

    exchange name "GMP centre PC"                     name this installation
    exchange export --out FILE (--for INST | --since DATE | --all)
    exchange import FILE [--dry-run]                  prints what it does (or would do); exit 1 if refused
    exchange status                                   per installation: sent, received, not yet received
    exchange conflicts                                the conflicts waiting for a person, field by field
    exchange resolve ID --take mine|theirs [--field NAME=mine|theirs ...]

Administrators only (a package changes every kind of record). The rules are in
hubdesk.domain.exchange_*; the file in hubdesk.interchange.exchange_package.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from hubdesk.errors import UsageError
from hubdesk.field_labels import field_label
from hubdesk.i18n import N_, _, ngettext


def record_name(table: str) -> str:
    from hubdesk.domain.versions import record_name as name

    return name(table)

NAME = "exchange"
HELP = N_("Exchange changes with other PCs of the foundation through change packages (files), without a "
          "server: name this installation, write a package, apply one, see the status and resolve conflicts.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="exchange_action", metavar="ACTION", title=_("actions"))
    actions.required = True
    name = actions.add_parser("name", help=_("give this installation the name people know it by"))
    name.add_argument("name", metavar="NAME", help=_("for example “GMP centre PC”"))
    export = actions.add_parser("export", help=_("write a change package"))
    export.add_argument("--out", metavar="FILE", type=Path, required=True, help=_("the package file to write"))
    export.add_argument("--for", dest="for_installation", metavar="INSTALLATION",
                        help=_("the changes this installation (its name) has not received yet"))
    export.add_argument("--since", metavar="DATE", type=_date, help=_("the changes made here since this date"))
    export.add_argument("--all", action="store_true", help=_("everything: how another PC joins"))
    apply = actions.add_parser("import", help=_("apply a change package"))
    apply.add_argument("file", metavar="FILE", type=Path, help=_("the package file"))
    apply.add_argument("--dry-run", action="store_true", help=_("show what it would do and change nothing"))
    actions.add_parser("status", help=_("what each installation has sent and received"))
    actions.add_parser("conflicts", help=_("the conflicts waiting for a decision"))
    resolve = actions.add_parser("resolve", help=_("resolve a conflict"))
    resolve.add_argument("conflict_id", metavar="ID", type=int, help=_("the conflict's number"))
    resolve.add_argument("--take", choices=("mine", "theirs"), required=True,
                         help=_("keep this PC's side or the other's"))
    resolve.add_argument("--field", action="append", default=[], metavar="NAME=mine|theirs",
                         help=_("the side to keep for one field (repeat for more)"))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“{text}” is not a date; write it as 2026-12-31.").format(text=text)) \
            from None


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database

    db = open_database(args.db)
    try:
        return ACTIONS[args.exchange_action](db, args)
    finally:
        db.dispose()


def _name(db: Any, args: argparse.Namespace) -> int:
    from hubdesk.domain.exchange_apply import require_admin
    from hubdesk.domain.exchange_clock import name_installation

    require_admin()
    with db.write() as session:
        me = name_installation(session, args.name)
        name, uid = me.name, me.uid
    print(_("This installation is now called {name} ({uid}).").format(name=name, uid=uid))
    return 0


def _export(db: Any, args: argparse.Namespace) -> int:
    from hubdesk.domain.exchange_apply import collect
    from hubdesk.interchange.exchange_package import write_package

    with db.write() as session:
        header, records = collect(session, for_installation=args.for_installation, since=args.since,
                                  full=args.all)
        write_package(args.out, header, records, session)
    print(ngettext("Wrote {path}: {count} change.", "Wrote {path}: {count} changes.", len(records))
          .format(path=args.out, count=len(records)))
    for table, counts in sorted(header["counts"].items()):
        print("  " + _("{kind}: {rows} records, {removed} removed").format(
            kind=record_name(table), rows=counts.get("rows", 0), removed=counts.get("removed", 0)))
    return 0


class _DryRun(Exception):
    pass


def _import(db: Any, args: argparse.Namespace) -> int:
    from hubdesk.domain.exchange_apply import apply_package
    from hubdesk.interchange.exchange_package import package_blobs, read_package

    header, records = read_package(args.file)
    summary = None
    try:
        with db.write() as session:
            summary = apply_package(session, header, records, package_blobs(args.file, header))
            if args.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert summary is not None
    sender = summary.sender_name or summary.sender[:8]
    if args.dry_run:
        print(_("Dry run: the package from {sender} would make these changes (nothing was written):")
              .format(sender=sender))
    else:
        print(_("Applied the package from {sender}:").format(sender=sender))
    kinds = sorted(set(summary.new) | set(summary.changed) | set(summary.removed))
    for kind in kinds:
        print("  " + _("{kind}: {new} new, {changed} changed, {removed} removed").format(
            kind=record_name(kind), new=summary.new[kind], changed=summary.changed[kind], removed=summary.removed[kind]))
    if not kinds:
        print("  " + _("nothing new"))
    if summary.released:
        print("  " + ngettext("{count} change held back earlier could now be written.",
                              "{count} changes held back earlier could now be written.", summary.released)
              .format(count=summary.released))
    if summary.conflicts:
        print(ngettext("{count} conflict needs a decision (hubdesk exchange conflicts):",
                       "{count} conflicts need a decision (hubdesk exchange conflicts):", len(summary.conflicts))
              .format(count=len(summary.conflicts)))
        for c in summary.conflicts:
            print(f"  - {_kind_label(c['kind'])}: {record_name(c['table'])} {c.get('label') or c['uid'][:8]}" + (f" — {c['detail']}" if c['detail']
                                                                                   else ""))
    return 0


def _kind_label(kind: str) -> str:
    labels = {"fields": N_("changed on both PCs"), "removed_here": N_("removed here, changed there"),
              "removed_there": N_("removed there, changed here"), "booking": N_("bookings collide"),
              "locked": N_("inside an issued quarter"), "duplicate": N_("same key as another record"),
              "missing": N_("refers to a missing record")}
    return _(labels.get(kind, kind))


def _status(db: Any, args: argparse.Namespace) -> int:
    from hubdesk.domain.exchange_apply import require_admin
    from hubdesk.domain.exchange_clock import status
    from hubdesk.formatting import format_datetime

    require_admin()
    with db.write() as session:
        rows = status(session)
    never = _("never")
    for row in rows:
        label = row["name"] or _("(no name yet: hubdesk exchange name NAME)")
        if row["is_self"]:
            print(_("This installation: {name} ({uid}), foundation {foundation}")
                  .format(name=label, uid=row["uid"], foundation=row["foundation"]))
            continue
        print(_("{name} ({uid}): last sent {sent}, last received {received}, {count} local changes not received "
                "yet").format(name=label, uid=row["uid"][:8],
                              sent=format_datetime(row["last_sent_at"]) if row["last_sent_at"] else never,
                              received=format_datetime(row["last_received_at"]) if row["last_received_at"] else never,
                              count=row["not_received"]))
    return 0


def _conflicts(db: Any, args: argparse.Namespace) -> int:
    from hubdesk.domain.exchange_apply import require_admin
    from hubdesk.domain.exchange_conflicts import conflicts

    require_admin()
    with db.read() as session:
        found = conflicts(session)
    if not found:
        print(_("No conflicts are waiting."))
        return 0
    for c in found:
        print(_("#{id} {what}: {kind} {uid}, from {sender}").format(
            id=c.id, what=_kind_label(c.kind), kind=record_name(c.table), uid=c.label or c.uid[:8], sender=c.sender))
        if c.detail:
            print(f"    {c.detail}")
        if c.fields:
            # the name people read, and the stored one that --field takes
            shown = [(f"{field_label(f)} ({f})" if field_label(f) != f else f, m, t) for f, m, t in c.fields]
            width = max(len(f) for f, _m, _t in shown)
            print("    " + _("{field}  mine  |  theirs").format(field=_("field").ljust(width)))
            for name, mine, theirs in shown:
                print(f"    {name.ljust(width)}  {_show(mine)}  |  {_show(theirs)}")
    return 0


def _show(value: Any) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _resolve(db: Any, args: argparse.Namespace) -> int:
    from hubdesk.domain.exchange_conflicts import resolve

    fields = {}
    for item in args.field:
        name, sep, side = item.partition("=")
        if not sep or not name:
            raise UsageError(_("Write --field as NAME=mine or NAME=theirs, not “{item}”.").format(item=item))
        fields[name.strip()] = side.strip()
    with db.write() as session:
        view = resolve(session, args.conflict_id, args.take, fields)
    print(_("Conflict #{id} resolved ({kind} {uid}); the decision is in the audit trail and travels with the next "
            "package.").format(id=view.id, kind=record_name(view.table), uid=view.uid[:8]))
    return 0


ACTIONS = {"name": _name, "export": _export, "import": _import, "status": _status, "conflicts": _conflicts,
           "resolve": _resolve}
