"""One Markdown table of several run.py results side by side (e.g. SQLite, PostgreSQL, PostgreSQL
with 2 ms added): each figure with its floor, its statement count, and when and at what load it
was measured (HH:MM UTC, load average over 1 minute before → after its section).

    python benchmarks/compare.py sqlite.json pg.json pg2.json [--title "small"] > table.md

Figures are matched by name, without what differs between the runs (the counts section's
"(PostgreSQL, small, +2 ms)", a list's row count, which floor tool ran: sqlite3 or psycopg).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path


def key(name: str) -> str:
    name = re.sub(r" \((SQLite|PostgreSQL)[^)]*\)$", "", name)
    name = re.sub(r"\([\d,]+ rows\)", "(rows)", name)
    name = re.sub(r"all [\d,]+ booking ids", "all booking ids", name)
    return re.sub(r"\b(sqlite3|psycopg)\b", "raw query", name)


def number(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:,.1f} {unit}" if value >= 1 else f"{value:.2f} {unit}"


def cell(figure: dict | None, run: dict) -> str:
    if figure is None:
        return "—"
    floor = f" (floor {number(figure['floor'], figure['unit'])})" if figure.get("floor") else ""
    statements = f", {figure['statements']} st." if figure.get("statements") is not None else ""
    missed = " **missed**" if figure.get("met") is False else ""
    when = figure["when"][11:16] if figure.get("when") else run["when"][11:16]
    load = " → ".join(f"{la[0]:.1f}" for la in figure.get("load_average") or []) or ""
    return f"{number(figure['value'], figure['unit'])}{floor}{statements}{missed}; {when}, load {load}"


def label(run: dict) -> str:
    rtt = f", round trip {run['round_trip_ms']:.2f} ms" if run.get("round_trip_ms") is not None else ""
    return (f"{run['where']} (ended {run['when'][:16].replace('T', ' ')} UTC, {run['seconds']:,.0f} s, load "
            f"{run['load_average_start'][0]:.1f} → {run['load_average_end'][0]:.1f}{rtt})")


def table(runs: list[dict]) -> str:
    order: list[str] = []
    names: dict[str, str] = {}
    by_run: list[dict[str, dict]] = []
    for run in runs:
        figures = {}
        for figure in run["figures"]:
            k = key(figure["name"])
            figures[k] = figure
            if k not in names:
                order.append(k)
                names[k] = k
        by_run.append(figures)
    lines = ["| figure | " + " | ".join(label(r) for r in runs) + " |",
             "|---|" + "---|" * len(runs)]
    for k in order:
        lines.append(f"| {k} | " + " | ".join(cell(f.get(k), r) for f, r in zip(by_run, runs)) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", nargs="+", type=Path)
    args = parser.parse_args()
    print(table([json.loads(p.read_text()) for p in args.json]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
