"""Measure hubdesk at scale, each figure beside its floor measured in the same run.

    .venv/bin/python benchmarks/run.py [--size small|large|huge] [--runs N] [--json out.json] [--only NAME ...]
    .venv/bin/python benchmarks/run.py --size large --db-url local|throwaway [--added-latency-ms 2]
    .venv/bin/python benchmarks/run.py --size large --db-url postgresql+psycopg://user@host/postgres

Prepares the databases it needs in benchmarks/cache/ (see datasets.py), then runs the probes, each
in fresh processes, and prints one table: the median of the runs, the floor's median, their ratio,
the budget and whether it is met, and the load average around each section (the machine is
shared: a high load inflates the wall-clock figures, less so the ratios to the floor). The JSON
file (default benchmarks/cache/last-run.json) holds every run's figures. See README.md.

Sections (`--only` picks some): startup, lists, rules, counts, report, import, memory. The lists,
rule check, statement counts, start-up and memory use the `--size` database (default huge); the
report uses `large`. `counts` runs every interaction of interactions.py and gives its SQL
statements beside its time (the count has a budget: README.md, "Statement budgets").

`--db-url` runs every section against a PostgreSQL server instead: a URL of a server where the
benchmark may create the databases `hubdesk_bench_<size>` (the demo data is generated there once,
and the time it took printed; the report's `hubdesk_bench_large` too), `hubdesk_bench_empty` (the
memory floor) and `hubdesk_bench_import` (a scratch database for each import, dropped after it);
`local` for a server whose cluster is kept in benchmarks/cache/pg/ (pg_local.py: started and
stopped around the run, each size's demo data generated in it once); or `throwaway` for a server of its
own started like the tests' (tests/pgserver.py) and removed afterwards. The floors are the same
floor queries sent through plain psycopg to the same server (floor_db.py); the start-up floor is
the bare window as on SQLite. `--added-latency-ms N` puts latency_proxy.py between hubdesk (and the
floors) and the server, N/2 ms each way: every round trip costs N ms more.

Every figure carries the SQL statements its timed part sent (harness.StatementCount in the probe's
process), where the probe can count them; the Qt-alone and sqlite3-alone figures send none.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402
from harness import load_average, private_home, run_probe  # noqa: E402

IMPORT_SCRATCH = "hubdesk_bench_import"
EMPTY = "hubdesk_bench_empty"


@dataclass
class Server:
    """The PostgreSQL server a run measures on: its admin URL, and the port of the latency proxy
    in front of it (None: none) through which every probe connects."""
    admin_url: str
    proxy_port: int | None = None

    def route(self, url: str) -> str:
        """`url` as the probes reach it: through the proxy when there is one."""
        if self.proxy_port is None:
            return url
        from sqlalchemy.engine import make_url

        return make_url(url).set(host="127.0.0.1", port=self.proxy_port).render_as_string(hide_password=False)

SECTIONS = ("startup", "lists", "rules", "counts", "report", "import", "memory")


@dataclass
class Figure:
    name: str
    value: float
    floor: float | None
    unit: str
    budget: str = "—"
    met: bool | None = None
    floor_name: str = ""
    runs: list = field(default_factory=list)
    floor_runs: list = field(default_factory=list)
    load_average: list = field(default_factory=list)
    note: str = ""
    statements: int | None = None
    statement_budget: int | None = None
    transactions: int | None = None
    when: str = ""          # UTC time the figure was measured (its section ended)

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None


def median(values):
    return statistics.median(values)


# each interaction's time budget in ms with 2 ms added per round trip, where it is not 150: the
# report 10 s; the KPI tiles none, gathered in the background once the Dashboard is usable with its
# lists ("calculating…" until then; their statements keep their budget)
TIME_BUDGETS_MS: dict[str, float | None] = {"quarterly report": 10_000, "dashboard KPI tiles filled": None}


def judge(value: float, floor: float | None, *, at_most: float | None = None, times: float | None = None) -> tuple[str, bool]:
    parts, ok = [], True
    if at_most is not None:
        parts.append(f"≤ {at_most:g}")
        ok &= value <= at_most
    if times is not None:
        parts.append(f"≤ {times:g}× floor")
        ok &= floor is not None and value <= times * floor
    return " and ".join(parts), ok


class Runner:
    def __init__(self, args, server: Server | None = None):
        self.args = args
        self.server = server
        self.figures: list[Figure] = []
        self.details: dict = {}
        self.work = Path(tempfile.mkdtemp(prefix="hubdesk-bench-"))

    def add(self, figure: Figure) -> None:
        figure.when = figure.when or f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
        self.figures.append(figure)
        ratio = f"{figure.ratio:.1f}×" if figure.ratio else "—"
        count = "" if figure.statements is None else f", {figure.statements} statements" + (
            f" (budget {figure.statement_budget})" if figure.statement_budget is not None else "")
        print(f"  {figure.name}: {figure.value:,.1f} {figure.unit} (floor {figure.floor or 0:,.1f}, {ratio}){count}",
              flush=True)

    # --- start-up ----------------------------------------------------------------------------
    def startup(self, db: Path) -> None:
        load = [load_average()]
        bare, app, marks, cpu, bare_cpu, counts = [], [], [], [], [], []
        for _ in range(self.args.runs):
            with private_home() as home:
                result = run_probe("probe_app.py", "bare", "--t0", repr(time.time()), env=home)
            bare.append(result["painted_s"])
            bare_cpu.append(result["cpu_s"])
            with private_home() as home:
                result = run_probe("probe_app.py", "app", "--db", str(db), "--t0", repr(time.time()), env=home)
            app.append(result["painted_s"])
            cpu.append(result["cpu_s"])
            marks.append(result["marks"])
            counts.append(result.get("statements", {}))
        load.append(load_average())
        with private_home() as home:
            quitting = run_probe("probe_app.py", "app", "--db", str(db), "--quit", "--t0", repr(time.time()), env=home)
        self.details["quit_after_startup_s"] = quitting.get("quit_s")
        print(f"  (closing the window right after start-up took {quitting.get('quit_s', 0):.1f} s)", flush=True)
        dialog = [m["sign_in_dialog_painted"] * 1000 for m in marks if "sign_in_dialog_painted" in m]
        floor = median(bare) * 1000
        if dialog:
            budget, met = judge(median(dialog), floor, times=3)
            self.add(Figure("start-up to the sign-in dialog painted (over the main window)", median(dialog), floor, "ms",
                            budget, met, "bare QMainWindow shown", dialog, [x * 1000 for x in bare], load,
                            statements=counted(counts, "sign_in_dialog_painted")))
        value = median(app) * 1000
        budget, met = judge(value, floor, times=3)
        self.details["startup_marks"] = marks
        areas = [m["areas_painted"] * 1000 for m in marks if "areas_painted" in m]
        areas_count = counted(counts, "areas_painted")
        areas_note = (f"; then database opened, signed in without typing, Dashboard built and painted: median "
                      f"{median(areas):,.0f} ms" if areas else "")
        areas_note += f", {areas_count} statements by then" if areas_count is not None else ""
        self.details["startup_statements"] = counts
        self.add(Figure("start-up to main window painted (before the database is opened)", value, floor, "ms",
                        budget, met, "bare QMainWindow shown", [x * 1000 for x in app], [x * 1000 for x in bare], load,
                        note=f"process CPU to paint: median {median(cpu) * 1000:,.0f} ms "
                             f"(bare {median(bare_cpu) * 1000:,.0f} ms){areas_note}",
                        statements=counted(counts, "painted")))

    # --- lists --------------------------------------------------------------------------------
    def lists(self, db: Path) -> None:
        load = [load_average()]
        results = []
        for _ in range(self.args.runs):
            with private_home() as home:
                results.append(run_probe("probe_lists.py", "--db", str(db), env=home))
        load.append(load_average())
        self.details["lists"] = results

        def fig(name, key, raw_key, raw_name, **budget):
            values, floors = [r[key] for r in results], [r[raw_key] for r in results]
            value, floor = median(values), median(floors)
            text, met = judge(value, floor, **budget) if budget else ("—", None)
            note = f"CPU median {median([r[key + '_cpu'] for r in results]):,.0f} ms" if key + "_cpu" in results[0] else ""
            self.add(Figure(name, value, floor, "ms", text, met, raw_name, values, floors, load, note,
                            statements=counted(results, key + "_statements")))

        rows_o, rows_b = results[0]["rows_organizations"], results[0]["rows_bookings"]
        raw = "psycopg" if self.server else "sqlite3"
        fig(f"Organizations view opened, first page painted ({rows_o:,} rows)", "open_view_organizations",
            "raw_first_organizations", f"{raw} first 200 rows", at_most=100, times=5)
        fig(f"Organizations model, first page painted", "first_page_organizations",
            "raw_first_organizations", f"{raw} first 200 rows", at_most=100, times=5)
        fig("(a full garbage collection, run before the figure above: what the Bookings view's id pass left owing)",
            "gc_before_first_page_organizations", "raw_first_organizations", f"{raw} first 200 rows")
        fig("Organizations model, first 200 rows fetched (no view)", "rows_only_organizations",
            "raw_first_organizations", f"{raw} first 200 rows", at_most=100, times=5)
        fig("Organizations, scroll to last row", "last_row_organizations", "raw_last_organizations",
            f"{raw} last 200 rows")
        fig(f"Bookings view opened, first page painted ({rows_b:,} rows)", "open_view_bookings",
            "raw_first_bookings", f"{raw} first 200 rows", at_most=100, times=5)
        fig("Bookings model, first page painted", "first_page_bookings", "raw_first_bookings",
            f"{raw} first 200 rows", at_most=100, times=5)
        fig("Bookings model, first 200 rows fetched (no view)", "rows_only_bookings",
            "raw_first_bookings", f"{raw} first 200 rows", at_most=100, times=5)
        fig("Bookings, scroll to last row", "last_row_bookings", "raw_last_bookings", f"{raw} last 200 rows")
        if "whole_list_bookings" in results[0]:
            fig("Bookings model, whole id list in (after the first page, event loop running)",
                "whole_list_bookings", "raw_first_bookings", f"{raw} first 200 rows")
        fig("Organizations search keystroke, results painted", "search_keystroke", "raw_search",
            f"{raw} LIKE, first 200", at_most=100)
        fig("(Qt alone: 200 organizations in a QStandardItemModel, shown and painted)",
            "paint_floor_organizations", "raw_first_organizations", f"{raw} first 200 rows")
        fig("(Qt alone: 200 bookings in a QStandardItemModel, shown and painted)",
            "paint_floor_bookings", "raw_first_bookings", f"{raw} first 200 rows")
        fig(f"({raw} alone: all {rows_b:,} booking ids in order, as the model loads them)",
            "raw_all_ids_bookings", "raw_first_bookings", f"{raw} first 200 rows")

    # --- booking rules ------------------------------------------------------------------------
    def rules(self, db) -> None:
        result = run_probe("probe_rules.py", "--db", str(db), "--checks", str(self.args.checks))
        self.details["rules"] = result
        value, floor = result["check_ms"], result["raw_exists_ms"]
        budget, met = judge(value, floor, at_most=2, times=5)
        self.add(Figure(f"booking rule check (median of {result['checks']})", value, floor, "ms", budget, met,
                        "psycopg EXISTS" if self.server else "sqlite3 indexed EXISTS", [value], [floor],
                        result["load_average"],
                        note=f"p95 {result['check_p95_ms']:.2f} ms, CPU median {result['check_cpu_ms']:.2f} ms"
                             + (f"; statements: median of the checks, at most {result['check_statements_max']}"
                                if "check_statements_max" in result else ""),
                        statements=result.get("check_statements")))

    # --- statement counts ---------------------------------------------------------------------
    def counts(self, db) -> None:
        """Every interaction of interactions.py, its statements and its time, in `--runs` processes
        (the counts are the same in each; the time is the median over them)."""
        load = [load_average()]
        results = []
        for i in range(self.args.runs):
            with private_home() as home:
                words = ["--interactions", *self.args.interactions] if self.args.interactions else []
                results.append(run_probe("probe_counts.py", "--db", str(db), "--repeat", "3",
                                         "--report", str(self.work / f"counts{i}.pdf"), *words, env=home))
        load.append(load_average())
        self.details["counts"] = results
        where = self.args.where
        rtt = self.details.get("round_trip_ms")
        for n, first in enumerate(results[0]["interactions"]):
            times = [r["interactions"][n]["ms"] for r in results]
            counts = {r["interactions"][n]["statements"] for r in results}
            over = first["statements"] > first["budget"]
            # the floor on a server: the round trips alone (each statement, and BEGIN and the
            # COMMIT or ROLLBACK of each transaction: psycopg sends them on their own)
            trips = first["statements"] + 2 * first["transactions"]
            floor = rtt * trips if rtt is not None else None
            # the budget with 2 ms added per round trip (TIME_BUDGETS_MS)
            at_most = TIME_BUDGETS_MS.get(first["name"], 150)
            budget, fast = (judge(median(times), floor, at_most=at_most) if at_most is not None
                            else ("none (in the background)", True))
            self.add(Figure(f"{first['name']} ({where})", median(times), floor, "ms", budget, fast and not over,
                            f"{trips} round trips × {rtt:.2f} ms" if rtt is not None else "", times, [],
                            load, note=(f"{first['transactions']} transaction(s)"
                                        + ("" if len(counts) == 1 else f"; counts differed: {sorted(counts)}")),
                            statements=first["statements"], statement_budget=first["budget"],
                            transactions=first["transactions"]))

    # --- quarterly report ---------------------------------------------------------------------
    def report(self, db) -> None:
        load = [load_average()]
        reports, floors, cpu, counts = [], [], [], []
        pages = None
        for i in range(self.args.heavy_runs):
            result = run_probe("probe_report.py", "report", "--db", str(db), "--out", str(self.work / f"r{i}.pdf"))
            reports.append(result["ms"])
            cpu.append(result["cpu_ms"])
            counts.append(result)
            pages = result["pages"]
            floor = run_probe("probe_report.py", "floor", "--pages", str(pages), "--out", str(self.work / f"f{i}.pdf"))
            floors.append(floor["ms"])
        load.append(load_average())
        value, floor = median(reports), median(floors)
        budget, met = judge(value, floor, at_most=5000)
        self.add(Figure(f"quarterly report on large ({result['quarter']}, {pages} pages)", value, floor, "ms",
                        budget, met, f"ReportLab, {pages} pages of plain tables", reports, floors, load,
                        note=f"CPU median {median(cpu):,.0f} ms", statements=counted(counts, "statements")))

    # --- import -------------------------------------------------------------------------------
    def import_(self, _db) -> None:
        """Into a new SQLite file, or on a server into a scratch database made before each import
        (migrated, not timed) and dropped after it: the demo data is not touched."""
        xlsx = datasets.organizations_workbook(self.args.import_rows)
        load = [load_average()]
        imports, reads, cpu, counts = [], [], [], []
        for _ in range(self.args.heavy_runs):
            reads.append(run_probe("probe_import.py", "read", "--xlsx", str(xlsx))["ms"])
            if self.server is None:
                result = run_probe("probe_import.py", "import", "--xlsx", str(xlsx), "--db", str(self.work / "import.db"))
            else:
                scratch = datasets.pg_fresh_database(self.server.admin_url, IMPORT_SCRATCH)
                try:
                    result = run_probe("probe_import.py", "import", "--xlsx", str(xlsx),
                                       "--db", self.server.route(scratch))
                finally:
                    datasets.pg_drop_database(self.server.admin_url, IMPORT_SCRATCH)
            imports.append(result["ms"])
            cpu.append(result["cpu_ms"])
            counts.append(result)
        load.append(load_average())
        value, floor = median(imports), median(reads)
        budget, met = judge(value, floor, at_most=10_000)
        self.add(Figure(f"import of {self.args.import_rows:,} organizations from xlsx", value, floor, "ms", budget,
                        met, "openpyxl read-only read", imports, reads, load,
                        note=f"CPU median {median(cpu):,.0f} ms", statements=counted(counts, "statements")))

    # --- memory -------------------------------------------------------------------------------
    def memory(self, db) -> None:
        empty = (datasets.empty_database() if self.server is None
                 else self.server.route(datasets.pg_fresh_database(self.server.admin_url, EMPTY)))
        load = [load_average()]
        full, bare, rows, counts = [], [], 0, []
        for _ in range(self.args.runs):
            with private_home() as home:
                result = run_probe("probe_app.py", "app", "--db", str(db), "--bookings-end",
                                   "--t0", repr(time.time()), env=home)
            full.append(result["vm_hwm_kib"] / 1024)
            counts.append(result.get("statements", {}))
            rows = result.get("bookings_rows", 0)
            with private_home() as home:
                bare.append(run_probe("probe_app.py", "app", "--db", str(empty), "--bookings-end",
                                      "--t0", repr(time.time()), env=home)["vm_hwm_kib"] / 1024)
        load.append(load_average())
        value, floor = median(full), median(bare)
        budget, met = judge(value, floor, times=1.5)
        self.add(Figure(f"peak RSS, Bookings scrolled to the end ({rows:,} rows)", value, floor, "MiB", budget, met,
                        "same with an empty database", full, bare, load,
                        note="statements: from the first paint to the last row painted",
                        statements=counted(counts, "bookings_end")))


def counted(results: list[dict], key: str) -> int | None:
    """The statement count `key` of the runs: their median (low), None when no run counted it.
    The counts are the same from run to run, except where a worker's statements fall inside or
    outside the timed part."""
    values = [r[key] for r in results if r.get(key) is not None]
    return statistics.median_low(values) if values else None


def round_trip_ms(url: str, samples: int = 200) -> float:
    """The median time of `SELECT 1` on an open psycopg connection to `url` (through the latency
    proxy when there is one): what one round trip costs."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username,
                         password=u.password or None, dbname=u.database, autocommit=True) as conn:
        conn.execute("SELECT 1")
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            conn.execute("SELECT 1").fetchone()
            times.append((time.perf_counter() - started) * 1000)
    return median(times)


def print_table(figures: list[Figure]) -> str:
    lines = ["| measurement | median | floor | ratio | budget | statements (budget) | met | load avg (1 min) | notes |",
             "|---|---:|---:|---:|---|---:|---|---|---|"]
    for f in figures:
        ratio = f"{f.ratio:.1f}×" if f.ratio else "—"
        met = "—" if f.met is None else ("met" if f.met else "**missed**")
        load = " → ".join(f"{la[0]:.1f}" for la in f.load_average) if f.load_average else ""
        floor = f"{f.floor:,.2f} {f.unit} ({f.floor_name})" if f.floor is not None else "—"
        count = "" if f.statements is None else f"{f.statements}" + (
            f" (≤ {f.statement_budget})" if f.statement_budget is not None else "")
        lines.append(f"| {f.name} | {f.value:,.2f} {f.unit} | {floor} | {ratio} | {f.budget} | {count} | {met} | {load} "
                     f"| {f.note} |")
    table = "\n".join(lines)
    print(table)
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "large", "huge"), default="huge")
    parser.add_argument("--runs", type=int, default=5, help="runs of start-up, lists and memory (default 5)")
    parser.add_argument("--heavy-runs", type=int, default=3, help="runs of the report and the import (default 3)")
    parser.add_argument("--checks", type=int, default=400, help="booking rule checks (default 400)")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--only", nargs="+", choices=SECTIONS)
    parser.add_argument("--interactions", nargs="+", metavar="WORD",
                        help="counts: only the interactions whose name contains one of these words "
                             "(e.g. --interactions programs reports)")
    parser.add_argument("--json", type=Path, default=datasets.CACHE / "last-run.json")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument("--db-url", help="run on PostgreSQL: a server URL, 'local' for a server whose cluster "
                                         "is kept in benchmarks/cache/pg/, or 'throwaway' for a "
                                         "server of its own")
    parser.add_argument("--added-latency-ms", type=float, default=0.0,
                        help="with --db-url: round-trip time added by a proxy in front of the server")
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sections = args.only or SECTIONS
    if args.added_latency_ms and not args.db_url:
        parser.error("--added-latency-ms needs a server to delay: give --db-url too (a SQLite file has no network)")
    started = time.time()
    load_start = load_average()
    print(f"hubdesk benchmarks, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"load average {load_start}", flush=True)
    server = proxy = None
    generated: dict[str, float] = {}
    try:
        if args.db_url:
            admin_url = args.db_url
            if admin_url == "throwaway":
                server, admin_url = start_throwaway_server()
            elif admin_url == "local":
                import pg_local

                server, admin_url = pg_local.start()
            on_server = Server(admin_url)
            big = large = None
            if set(sections) - {"report", "import"}:
                big, seconds = datasets.pg_demo_database(admin_url, args.size)
                generated.update({args.size: seconds} if seconds is not None else {})
            if "report" in sections:     # the report is measured on large, as on SQLite
                large, seconds = datasets.pg_demo_database(admin_url, "large")
                generated.update({"large": seconds} if seconds is not None else {})
            if args.added_latency_ms:
                proxy, on_server.proxy_port = start_proxy(admin_url, args.added_latency_ms)
            big, large = (on_server.route(big) if big else None), (on_server.route(large) if large else None)
            args.where = f"PostgreSQL, {args.size}" + (f", +{args.added_latency_ms:g} ms" if args.added_latency_ms else "")
        else:
            on_server = None
            args.where = f"SQLite, {args.size}"
            big = (datasets.demo_database(args.size)
                   if set(sections) & {"startup", "lists", "rules", "counts", "memory"} else None)
            large = datasets.demo_database("large") if "report" in sections else None
        return run_sections(args, sections, big, large, on_server, started, load_start, generated)
    finally:
        if proxy is not None:
            proxy.kill()
            proxy.wait()
        if server is not None:
            server.stop()


def start_throwaway_server():
    """A PostgreSQL server of the benchmark's own (tests/pgserver.py): (server, admin URL)."""
    from tests.pgserver import PgServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL's server is not installed here (no initdb): install postgresql, "
                         "or give --db-url the URL of a server")
    server = PgServer(bindir)
    print(f"[server] starting a throw-away PostgreSQL server from {bindir}", flush=True)
    return server, server.start()


def start_proxy(url: str, added_ms: float):
    """latency_proxy.py in front of the server of `url` (half the delay each way): (process, the
    proxy's port)."""
    from sqlalchemy.engine import make_url

    from harness import HERE, PYTHON

    parsed = make_url(url)
    proc = subprocess.Popen([PYTHON, str(HERE / "latency_proxy.py"), "--target",
                             f"{parsed.host or '127.0.0.1'}:{parsed.port or 5432}", "--delay-ms", str(added_ms / 2)],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("LISTENING "):
        proc.kill()
        raise SystemExit(f"the latency proxy did not start (it printed {line!r})")
    port = int(line.split()[1])
    print(f"[proxy] {added_ms:g} ms added per round trip on port {port}", flush=True)
    return proc, port


def run_sections(args, sections, big, large, server: Server | None, started, load_start,
                 generated: dict[str, float]) -> int:
    runner = Runner(args, server)
    if generated:
        runner.details["generated_on_server_s"] = generated
    if server is not None:
        rtt = round_trip_ms(big or large or server.route(server.admin_url))
        runner.details["round_trip_ms"] = rtt
        print(f"[server] one round trip, SELECT 1 on an open connection: median {rtt:.2f} ms", flush=True)
    plan = {"startup": (runner.startup, big), "lists": (runner.lists, big), "rules": (runner.rules, big),
            "counts": (runner.counts, big),
            "report": (runner.report, large), "import": (runner.import_, None), "memory": (runner.memory, big)}
    failed: dict[str, str] = {}
    try:
        for name in SECTIONS:
            if name in sections:
                print(f"[{name}] load average {load_average()}", flush=True)
                method, db = plan[name]
                try:
                    method(db)
                except Exception as exc:  # one broken probe must not lose the other figures
                    failed[name] = f"{type(exc).__name__}: {exc}"
                    print(f"  FAILED: {failed[name][:2000]}", flush=True)
    finally:
        shutil.rmtree(runner.work, ignore_errors=True)
    print()
    table = print_table(runner.figures)
    load_end = load_average()
    print(f"\nload average at start {load_start}, at end {load_end}; {time.time() - started:.0f} s in all")
    for name, problem in failed.items():
        print(f"section {name} FAILED: {problem.splitlines()[0][:300]}")
    for size, seconds in generated.items():
        print(f"the {size} demo data was generated on the server in {seconds:.0f} s")
    if server is not None:
        print(f"one round trip to the server: {runner.details['round_trip_ms']:.2f} ms")
    payload = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "size": args.size,
               "where": args.where, "added_latency_ms": args.added_latency_ms,
               "round_trip_ms": runner.details.get("round_trip_ms"),
               "cores": os.cpu_count(), "load_average_start": load_start, "load_average_end": load_end,
               "seconds": round(time.time() - started, 1),
               "figures": [dict(asdict(f), ratio=f.ratio) for f in runner.figures], "details": runner.details,
               "failed": failed}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    print(f"JSON written to {args.json}")
    if args.markdown:
        args.markdown.write_text(table + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
