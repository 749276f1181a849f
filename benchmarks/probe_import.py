"""Import probe: one fresh process imports the organizations workbook, or reads it with openpyxl.

    python benchmarks/probe_import.py import --xlsx FILE --db NEW.db|URL_OF_AN_EMPTY_DATABASE
    python benchmarks/probe_import.py read --xlsx FILE

The workbook is bench_import.py's (hubdesk's own exporter, Korean headers, one primary contact per
row); datasets.organizations_workbook() writes it once into the cache.

- `import`: `hubdesk.interchange.importer.import_file(db, "organizations", FILE)` into a freshly
  migrated database (a new SQLite file, or on PostgreSQL the empty scratch database run.py made,
  migrated before the clock starts), every row validated and inserted with its audit events in one
  transaction; `statements`: the SQL statements the import sent.
- `read`: openpyxl in read-only mode reading every cell (the floor).
Modules are imported before the clock starts in both. Prints `PROBE_RESULT {"ms": …, "rows": …}`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from harness import StatementCount, emit, load_average  # noqa: E402


def read(xlsx: Path) -> dict:
    import openpyxl

    started, cpu = time.perf_counter(), time.process_time()
    book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    rows = sum(1 for _row in book.active.iter_rows(values_only=True))
    book.close()
    return {"ms": (time.perf_counter() - started) * 1000, "cpu_ms": (time.process_time() - cpu) * 1000,
            "rows": rows - 1}


def import_(xlsx: Path, target: str) -> dict:
    """Into a fresh migrated database: a new SQLite file at `target`, or the empty scratch database
    a PostgreSQL URL names (run.py creates it on the server before and drops it after)."""
    counter = StatementCount()
    from hubdesk.db.database import open_database
    from hubdesk.interchange.importer import import_file

    if "://" not in target:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    db = open_database(target, create=True)
    try:
        with counter.span() as span:
            started, cpu = time.perf_counter(), time.process_time()
            result = import_file(db, "organizations", xlsx)
            ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        assert result.written and result.ok, result.summary()
        return {"ms": ms, "cpu_ms": cpu_ms, "rows": result.created, "statements": span.count}
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("import", "read"))
    parser.add_argument("--xlsx", type=Path, required=True)
    parser.add_argument("--db", help="a SQLite file (made anew) or the URL of an empty database")
    args = parser.parse_args()
    load = load_average()
    result = read(args.xlsx) if args.mode == "read" else import_(args.xlsx, args.db)
    result["load_average"] = [load, load_average()]
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
