"""Quarterly report probe: one fresh process renders either the real quarterly report or its floor.

    python benchmarks/probe_report.py report --db FILE_OR_URL --out OUT.pdf [--quarter 2026-Q3]
    python benchmarks/probe_report.py floor --pages N --out OUT.pdf

- `report`: `hubdesk.reports.quarterly.render_quarterly(db, quarter, "en", out)` on an open
  database (gathering the figures and laying out the PDF; the imports it makes on first use are
  inside the time, as for a person who prints once). The quarter defaults to the last whole
  quarter before today (the demo data runs up to the day it was generated).
- `floor`: ReportLab alone (platypus imports included) writing N pages, each one plain Table of
  34 rows × 6 columns of short text in Helvetica, with a page break after each.
Prints `PROBE_RESULT {"ms": …, "pages": …}`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from harness import StatementCount, emit, load_average  # noqa: E402


def page_count(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def render_report(db_path: str, quarter: str | None, out: Path) -> dict:
    import datetime as dt

    counter = StatementCount()
    from hubdesk.db.database import open_database
    from hubdesk.domain.quarters import Quarter

    db = open_database(db_path)
    q = Quarter.parse(quarter) if quarter else Quarter.of(dt.date.today()).previous()
    with counter.span() as span:
        started, cpu = time.perf_counter(), time.process_time()
        from hubdesk.reports.quarterly import render_quarterly

        render_quarterly(db, q, "en", out)
        ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    db.dispose()
    return {"ms": ms, "cpu_ms": cpu_ms, "quarter": str(q), "statements": span.count}


def render_floor(pages: int, out: Path) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

    story = []
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("FONTSIZE", (0, 0), (-1, -1), 8)])
    for page in range(pages):
        rows = [[f"p{page} r{r} c{c}" for c in range(6)] for r in range(34)]
        story += [Table(rows, style=style), PageBreak()]
    SimpleDocTemplate(str(out), pagesize=A4).build(story[:-1])
    return {"ms": (time.perf_counter() - started) * 1000, "cpu_ms": (time.process_time() - cpu) * 1000}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("report", "floor"))
    parser.add_argument("--db")
    parser.add_argument("--quarter")
    parser.add_argument("--pages", type=int)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    load = load_average()
    result = render_report(args.db, args.quarter, args.out) if args.mode == "report" else render_floor(args.pages, args.out)
    result["pages"] = page_count(args.out)
    result["load_average"] = [load, load_average()]
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
