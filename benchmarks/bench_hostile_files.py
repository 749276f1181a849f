"""Hostile import files: how long `hubdesk import` takes to refuse each, and its peak memory.

    .venv/bin/python benchmarks/bench_hostile_files.py [--keep DIR]

Builds the files issue 15's probe used (a zip-bomb workbook, blank-row bombs in .xlsx and .csv, an
oversized CSV, a file of 16,385 columns, a file of 350 bad rows) and runs the real command line on a
new database, one process each, printing the exit code, the wall-clock seconds and the peak
resident memory of the child (ru_maxrss). Before the limits of hubdesk/interchange/limits.py the
zip bomb ran 276 s in 3.7 GB and a 200 MB CSV reached 8.6 GB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _workbook_with_sheet(path: Path, body: bytes) -> None:
    import openpyxl

    plain = path.with_suffix(".plain.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["name", "kind"])
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"</sheetData>")
                data = head + body + b"</sheetData>" + tail
            out.writestr(item, data)
    plain.unlink()


def build(folder: Path) -> dict[str, Path]:
    files = {}
    files["zip bomb (.xlsx, 495 MB of XML)"] = folder / "bomb.xlsx"
    _workbook_with_sheet(files["zip bomb (.xlsx, 495 MB of XML)"], b"<row/>" * 82_500_000)
    files["numbered blank rows (.xlsx, 1.1 M rows)"] = folder / "blank-rows.xlsx"
    _workbook_with_sheet(files["numbered blank rows (.xlsx, 1.1 M rows)"],
                         b"".join(b'<row r="%d"/>' % n for n in range(2, 1_100_000)))
    files["blank rows (.csv, 1.1 M rows)"] = folder / "blank-rows.csv"
    files["blank rows (.csv, 1.1 M rows)"].write_bytes(b"name,kind\nAcme,company\n" + b",\n" * 1_100_000)
    files["oversized CSV (200 MB)"] = folder / "big.csv"
    with files["oversized CSV (200 MB)"].open("wb") as fh:
        line = "Company {},company,Cheongju,{}\n"
        fh.write(b"name,kind,region,notes\n")
        i = 0
        while fh.tell() < 200 * 1024 * 1024:
            fh.write("".join(line.format(i + k, "x" * 40) for k in range(1000)).encode())
            i += 1000
    files["16,385 columns"] = folder / "wide.csv"
    files["16,385 columns"].write_text(",".join(["name", "kind"] + [f"c{i}" for i in range(16_383)])
                                       + "\nAcme,company\n")
    files["350 bad rows"] = folder / "bad.csv"
    files["350 bad rows"].write_text("name,kind\n" + "".join(f"Co {i},spaceship\n" for i in range(350)))
    return files


def run_one(db: Path, path: Path) -> tuple[int, float, float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HUBDESK_LANG="en",
               HUBDESK_DATA_DIR=str(db.parent / "data"))
    # a small parent measures each child: ru_maxrss of a child forked from this process would count
    # the pages it shared with us before exec (the files were built here)
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(p.returncode, time.perf_counter() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); "
             "print(((p.stderr or p.stdout).strip().splitlines() or [''])[-1])")
    proc = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "hubdesk", "--db", str(db), "import",
                           "organizations", str(path), "--dry-run"], capture_output=True, text=True, env=env)
    first, _newline, last = proc.stdout.partition("\n")
    code, seconds, peak_mb = first.split()
    return int(code), float(seconds), float(peak_mb), last.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the files in this folder and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hubdesk-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    files = build(folder)
    db = folder / "new.db"
    print("| file | size on disk | exit | seconds | peak memory (MB) | last line |")
    print("|---|---|---|---|---|---|")
    for name, path in files.items():
        code, seconds, peak_mb, last = run_one(db, path)
        size = path.stat().st_size / (1024 * 1024)
        print(f"| {name} | {size:.1f} MB | {code} | {seconds:.2f} | {peak_mb:.0f} | {last[:110]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
