"""The one entry point: `hubdesk [--db X] [--lang ko|en|vi]` opens the desktop app; sub-commands do
headless work (`demo`, `check`, and whatever modules listed in COMMAND_MODULES add).

Exit codes: 0 success, 1 a data or validation problem (the message says what and where),
2 wrong usage or a refused sign-in, 130 interrupted. Anything a user can cause prints a sentence, never a traceback.

Adding a sub-command: write `hubdesk/commands/<name>.py` with

    NAME = "report"
    HELP = N_("Render a quarterly report as a PDF.")
    def add_arguments(parser: argparse.ArgumentParser) -> None: ...
    def run(args: argparse.Namespace) -> int: ...

and append its module name to COMMAND_MODULES. Keep heavy imports (SQLAlchemy, ReportLab, Qt)
inside `run`, so that `hubdesk --version` and `--help` stay fast. `args.db` holds the global
`--db` value (None = HUBDESK_DB or the default file); `args.lang` the chosen language.

When the database has accounts, the command runs as the person who signed in (see
hubdesk/commands/sign_in.py); a module that opens no database says `SIGN_IN = "never"`, one that
must work on a file it cannot read `SIGN_IN = "if_readable"`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Callable, Sequence

from hubdesk import __version__
from hubdesk.i18n import LANGUAGES, _, N_

# Sub-command modules under hubdesk/commands/, in the order `--help` lists them.
COMMAND_MODULES: list[str] = [
    "demo",
    "check",
    "backup",
    "restore",
    "report",
    "import_data",
    "export_data",
    "calendar_ics",
    "template",
    "users",
    "server_setup",
    "exchange",
]


# argparse's own words (Python 3.11's message ids), extracted from here into hubdesk's catalogs so
# that usage lines, help headings and usage errors follow --lang too.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
)


def _translate_argparse() -> None:
    """argparse looks its words up through the module-level `_` at call time: point it at ours."""
    from hubdesk import i18n

    argparse._ = i18n.gettext  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # untranslated (marked with N_), translated when the parser is built
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    sign_in: str = "always"  # when the command signs in: always, never, if_readable


def load_commands(modules: Sequence[str] = tuple(COMMAND_MODULES)) -> dict[str, Command]:
    commands: dict[str, Command] = {}
    for module_name in modules:
        module: ModuleType = importlib.import_module(f"hubdesk.commands.{module_name}")
        command = Command(module.NAME, module.HELP, module.add_arguments, module.run,
                          getattr(module, "SIGN_IN", "always"))
        if command.name in commands:
            raise RuntimeError(f"two sub-commands are called {command.name!r}")
        commands[command.name] = command
    return commands


def build_parser(commands: dict[str, Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hubdesk",
        description=_("hubdesk keeps a bio-industry foundation's members, shared facilities and bookings, "
                      "clinical-entry cases and programs. Without a sub-command it opens the desktop program."),
    )
    parser.add_argument("--version", action="version", version=f"hubdesk {__version__}",
                        help=_("show the version number and exit"))
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help=_("database to use: a SQLite file path or a postgresql+psycopg:// URL "
                               "(default: the HUBDESK_DB variable, else hubdesk.db in your data folder)"))
    parser.add_argument("--lang", choices=LANGUAGES,
                        help=_("language of the interface and messages (default: HUBDESK_LANG, else the system's)"))
    parser.add_argument("--user", metavar="NAME",
                        help=_("sign in as this account when the database has accounts (default: HUBDESK_USER); "
                               "the password is asked, or read from HUBDESK_PASSWORD"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the desktop program on a throw-away demo database in a temporary folder"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))
    for command in commands.values():
        command_parser = sub.add_parser(command.name, help=_(command.help), description=_(command.help))
        command.add_arguments(command_parser)
        command_parser.set_defaults(handler=command.run, sign_in=command.sign_in)
    return parser


def _early_language(argv: Sequence[str]) -> str:
    """The language for help texts, chosen before the full parser exists."""
    from hubdesk.i18n import normalize_language, system_language

    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return normalize_language(argv[i + 1]) or system_language()
        if arg.startswith("--lang="):
            return normalize_language(arg.split("=", 1)[1]) or system_language()
        if arg == "--":
            break
    return system_language()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # the fast path: nothing but the version
        print(f"hubdesk {__version__}")
        return 0
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # quietly, as a shell command does; every write is one transaction and every output file is
        # renamed into place when whole, so what was running wrote nothing
        return 130
    except BrokenPipeError:
        # stdout closed early (`hubdesk check | head`): not an error worth a traceback.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1


def _main(argv: list[str]) -> int:
    from hubdesk import i18n
    from hubdesk.errors import HubdeskError

    i18n.set_language(_early_language(argv))
    _translate_argparse()
    commands = load_commands()
    parser = build_parser(commands)
    args = parser.parse_args(argv)  # wrong usage exits 2 with argparse's message
    if args.lang:
        i18n.set_language(args.lang)
    if args.command and args.demo:
        parser.error(_("--demo opens the desktop program; it cannot be combined with the {command} command.")
                     .format(command=args.command))
    if args.demo and args.db:
        parser.error(_("--demo uses a throw-away database; leave out --db."))
    try:
        if args.command:
            _protect_database(args)
            return _run_signed_in(args)
        return _run_desktop(args)
    except HubdeskError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        raise  # handled quietly by main()
    except OSError as exc:
        # A file or folder the person pointed us at cannot be used (permissions, full disk, ...).
        where = exc.filename or ""
        print(_("hubdesk could not use {path}: {detail}. Check the path and your permissions.")
              .format(path=where, detail=exc.strerror or exc), file=sys.stderr)
        return 1


def _protect_database(args: argparse.Namespace) -> None:
    """No output of this command (a report, an export, a template, a calendar) may be written over
    the SQLite database `--db` (or the default one) names, even by a command that never opens it."""
    from hubdesk import output_files
    from hubdesk.db.engine import resolve_target, sqlite_path
    from hubdesk.errors import DatabaseProblem

    try:
        path = sqlite_path(resolve_target(getattr(args, "db", None)))
    except DatabaseProblem:
        return                         # a malformed --db: the command itself says so
    if path is not None:
        output_files.protect(path)


def _run_signed_in(args: argparse.Namespace) -> int:
    """Run the command as whoever signs in (nobody has to on a database without accounts)."""
    from hubdesk.commands.sign_in import sign_in

    signed = sign_in(args, args.sign_in)
    try:
        return int(args.handler(args) or 0)
    finally:
        if signed is not None:            # in-process callers (tests) get the process back as it was
            from hubdesk.db import audit

            audit.set_actor(None)


def _run_desktop(args: argparse.Namespace) -> int:
    from hubdesk.i18n import get_language

    try:
        from hubdesk.ui.app import run_app
    except ImportError as exc:
        print(_("The desktop program cannot start because Qt is missing or incomplete ({detail}). "
                "Reinstall hubdesk, or use its sub-commands, which need no Qt.").format(detail=exc),
              file=sys.stderr)
        return 1
    return run_app(args.db, get_language(), demo=args.demo)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
