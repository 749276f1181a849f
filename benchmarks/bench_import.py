"""Importing 10,000 organizations from an .xlsx file (issue 5: under 10 seconds), next to the time
openpyxl alone takes to read the same file in read-only mode.

    .venv/bin/python benchmarks/bench_import.py [--rows 10000] [--keep DIR]

Writes the workbook with hubdesk's own exporter (Korean headers, a primary contact per row), then
times: openpyxl read-only reading every cell; a dry run (read + validate every row, nothing
written); the real import into a fresh SQLite database (one transaction); and a second import of
the same file (every row matched by business registration number and found unchanged).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hubdesk.domain.identifiers import business_no_check_digit  # noqa: E402


def business_no(n: int) -> str:
    first9 = f"{101 + n // 10000:03d}{81 + n // 100000 % 2:02d}{n % 10000:04d}"
    return first9 + str(business_no_check_digit(first9))


def rows(count: int):
    kinds = ["기업", "기업", "기업", "연구기관", "대학"]
    sectors = ["바이오", "한약", "화장품", "재생의료", "의료기기"]
    for i in range(count):
        yield [f"한빛바이오 {i:05d} 주식회사", kinds[i % 5], sectors[i % 5], "회원", "충청북도", business_no(i),
               f"2020.{i % 12 + 1}.{i % 28 + 1}", "043-123-4567", f"info{i}@hanbit{i}.co.kr",
               f"김민지{i}", "연구소장", f"minji{i}@hanbit{i}.co.kr", "010-1234-5678"]


HEADERS = ["기업명", "기관유형", "업종", "회원상태", "지역", "사업자등록번호", "회원가입일", "전화번호", "이메일",
           "담당자", "담당자 직위", "담당자 이메일", "담당자 전화"]


def timed(label: str, fn):
    """Wall-clock and CPU seconds: the machine may be shared, and CPU time shows what the work
    itself costs when other processes compete for the cores."""
    started, cpu = time.perf_counter(), time.process_time()
    value = fn()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<58} {seconds:7.2f} s wall {cpu_seconds:7.2f} s CPU", flush=True)
    return value, seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write the files here instead of a temporary folder")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="hubdesk-bench-import-") as tmp:
        return run(args, Path(tmp))


def run(args: argparse.Namespace, folder: Path) -> int:
    import openpyxl

    from hubdesk.db.database import open_database
    from hubdesk.interchange.exporter import export_rows
    from hubdesk.interchange.importer import import_file

    xlsx = folder / f"organizations-{args.rows}.xlsx"
    timed(f"write {args.rows:,} organizations to .xlsx (hubdesk exporter)",
          lambda: export_rows(xlsx, HEADERS, rows(args.rows)))
    print(f"  file: {xlsx} ({xlsx.stat().st_size / 1e6:.1f} MB)")

    def openpyxl_read() -> int:
        book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
        n = sum(1 for _row in book.active.iter_rows(values_only=True))
        book.close()
        return n

    _n, t_read = timed("openpyxl read-only: read every cell", openpyxl_read)
    db_path = folder / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = open_database(db_path)
    try:
        dry, t_dry = timed("hubdesk dry run (read + validate, nothing written)",
                           lambda: import_file(db, "organizations", xlsx, dry_run=True))
        assert dry.ok and dry.created == args.rows, dry.summary()
        result, t_import = timed("hubdesk import into a fresh SQLite database",
                                 lambda: import_file(db, "organizations", xlsx))
        assert result.written and result.created == args.rows, result.summary()
        again, t_again = timed("hubdesk import again (all matched, unchanged)",
                               lambda: import_file(db, "organizations", xlsx))
        assert again.unchanged == args.rows, again.summary()
    finally:
        db.dispose()
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"import / openpyxl read = {t_import / t_read:.1f}x; "
          f"{args.rows / t_import:,.0f} rows/s; target < 10 s: {'met' if t_import < 10 else 'NOT met'}")
    return 0 if t_import < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
