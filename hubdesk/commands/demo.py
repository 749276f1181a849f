"""`hubdesk demo`: fill a database with realistic, deterministic demo data."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Mapping

from hubdesk.i18n import N_, _

NAME = "demo"
HELP = N_("Fill the database with realistic, deterministic demo data in Korean, English and Vietnamese.")
SIZES = ("small", "large", "huge")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", choices=SIZES, default="small",
                        help=_("small: about 60 organizations and one year; large: about 1,000 organizations "
                               "and 100,000 bookings; huge: about 10,000 organizations and 1,000,000 bookings"))
    parser.add_argument("--seed", type=int, default=1,
                        help=_("random seed: the same seed gives the same data (default: 1)"))


def run(args: argparse.Namespace) -> int:
    from hubdesk.db.database import open_database

    started = time.monotonic()
    db = open_database(args.db, create=True)
    try:
        from hubdesk.demo.generate import generate

        progress = _print_progress if args.size != "small" else _quiet
        result = generate(db, args.size, args.seed, progress=progress)
        name = db.display_name
    finally:
        db.dispose()
    seconds = time.monotonic() - started
    print(_("Demo data ({size}, seed {seed}) written to {name} in {seconds} s.")
          .format(size=args.size, seed=args.seed, name=name, seconds=f"{seconds:.1f}"))
    for line in summary_lines(result):
        print(f"  {line}")
    return 0


def _quiet(*_args, **_kwargs) -> None:
    pass


def _print_progress(done: int = 0, total: int = 0, message: str = "", *_args, **_kwargs) -> None:
    """`progress(done, total, message)` from the generator, as one line on stderr per call."""
    share = f"{100 * done / total:3.0f}%" if total else "   "
    print(f"[{share}] {message}".rstrip(), file=sys.stderr, flush=True)


def summary_lines(result: object) -> list[str]:
    """Rows written per table when the generator says so, else whatever it returned."""
    if result is None:
        return []
    counts = getattr(result, "counts", None)
    if isinstance(counts, Mapping):
        return [f"{table}: {count:,}" for table, count in sorted(counts.items())]
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        result = dataclasses.asdict(result)
    if isinstance(result, Mapping):
        return [f"{key}: {value}" for key, value in result.items()]
    return [str(result)]
