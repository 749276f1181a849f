"""Thirty desktops on one PostgreSQL server at once (issue 17, item 3).

    python benchmarks/load_test.py [--db-url URL | --db-url throwaway] [--size large]
                                   [--clients 30] [--seconds 180] [--json FILE]

The parent makes (or reuses) the `size` demo data on the server (`datasets.pg_demo_database`),
chooses a small set of "hot" records every client works on (a few organizations, cases and
resources, so that people do collide), and starts `--clients` client processes of this script.
Each client is one desktop without windows: a QCoreApplication, the program's own list models
(`OrganizationsTableModel`, `BookingsTableModel`), the screens' query functions and the write path
(`ui.common.operations.run_write`, with the versions an editor remembers), signed in as an
administrator of its own. Until the deadline it does a person's mix, with a pause of 2–6 s
(`--pause`) between two actions: browsing and searching lists, the Dashboard, the case board, the timeline,
an organization's page, the booking rule check, booking a slot (from a shared pool, so that two
desktops sometimes want the same one), approving a request, editing an organization's notes and
ticking a case's checklist; client 0 also prints the quarterly report every 90 s.

Every action is timed and classed: `ok`, `refused` (a rule or a newer version refused it with a
sentence, which is the right answer: someone took the slot first, someone changed the record
first) or `error` (anything else, such as "try again": what a retry would have avoided). At the
end the parent checks the server: no two active bookings of a resource overlap; every note a
client saved is still in its organization's notes (each save appends a token, based on the
version it read: a lost update would drop one); and it reports p50/p95/p99 per action, errors,
deadlocks (`pg_stat_database.deadlocks`), and the writes run again after a deadlock or a
serialization failure (`db/retry.py`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

PAUSE_S = (2.0, 6.0)     # a person reads the screen before the next action
REPORT_EVERY_S = 90
# the mix of one desktop: action -> weight
MIX = {
    "organizations list, first page": 12,
    "organizations search keystroke": 10,
    "bookings list, first page": 10,
    "bookings list, scroll": 6,
    "dashboard lists": 6,
    "case board": 5,
    "timeline week": 8,
    "organization page": 6,
    "booking rule check": 8,
    "saving a booking": 9,
    "approving a booking": 6,
    "editing an organization": 9,
    "ticking a case checklist item": 4,
}


# --- the parent ---------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default="throwaway",
                        help="admin URL of a PostgreSQL server, or 'throwaway' (default) for one of its own")
    parser.add_argument("--size", choices=("small", "large", "huge"), default="large")
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--pause", type=float, nargs=2, default=PAUSE_S, metavar=("MIN", "MAX"),
                        help="seconds a person pauses between two actions (default 2 6)")
    parser.add_argument("--json", type=Path, default=HERE / "cache" / "load-test.json")
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client is not None:
        return run_client(args.client, json.loads(args.plan.read_text()))
    return run_parent(args)


def run_parent(args) -> int:
    import datasets
    from harness import child_env, load_average
    from run import start_throwaway_server

    started = time.time()
    print(f"hubdesk load test, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"{args.clients} clients for {args.seconds:g} s on the {args.size} data; load average {load_average()}",
          flush=True)
    server = None
    try:
        admin_url = args.db_url
        if admin_url == "throwaway":
            server, admin_url = start_throwaway_server()
        url, generated_s = datasets.pg_demo_database(admin_url, args.size)
        plan = make_plan(url, args)
        deadlocks_before = server_deadlocks(url)
        with tempfile.TemporaryDirectory(prefix="hubdesk-load-") as folder:
            plan_file = Path(folder) / "plan.json"
            plan["deadline"] = time.time() + 20 + args.seconds     # every client has started by then
            plan["folder"] = folder
            plan_file.write_text(json.dumps(plan))
            clients = [subprocess.Popen([sys.executable, str(Path(__file__)), "--client", str(n),
                                         "--plan", str(plan_file)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        cwd=ROOT, env=child_env())
                       for n in range(args.clients)]
            results = []
            for n, client in enumerate(clients):
                out, err = client.communicate(timeout=args.seconds + 300)
                result = next((json.loads(line[len("LOAD_RESULT "):]) for line in out.splitlines()
                               if line.startswith("LOAD_RESULT ")), None)
                if result is None:
                    print(f"[client {n}] gave no result (exit {client.returncode}):\n{err[-3000:]}", flush=True)
                    result = {"client": n, "actions": [], "failed": err[-3000:], "retried": 0}
                results.append(result)
        summary = summarise(results, url, plan, deadlocks_before, args, generated_s, started)
    finally:
        if server is not None:
            server.stop()
    print_summary(summary)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"JSON written to {args.json}")
    return 0 if summary["verdict"]["passed"] else 1


def make_plan(url: str, args) -> dict:
    """What every client works on: hot organizations, cases, resources and a pool of free slots."""
    from sqlalchemy import select

    from hubdesk.db.database import open_database
    from hubdesk.db.enums import BookingStatus, BookingUnit, ResourceStatus
    from hubdesk.db.schema import Booking, ClinicalCase, Organization, Resource

    db = open_database(url)
    try:
        with db.read() as s:
            orgs = s.scalars(select(Organization.id).where(Organization.archived_on.is_(None))
                             .order_by(Organization.id).limit(40)).all()
            cases = s.scalars(select(ClinicalCase.id).order_by(ClinicalCase.id).limit(10)).all()
            resources = s.scalars(select(Resource.id).where(Resource.booking_unit == BookingUnit.HOUR,
                                                            Resource.status == ResourceStatus.AVAILABLE,
                                                            Resource.requires_qualification.is_(False))
                                  .order_by(Resource.id).limit(4)).all()
            requested = s.scalar(select(Booking.id).where(Booking.status == BookingStatus.REQUESTED).limit(1))
    finally:
        db.dispose()
    if not resources or not orgs or requested is None:
        raise SystemExit("the demo data has no bookable hour resource, organization or request to work on")
    day = dt.date.today() + dt.timedelta(days=500 + random.randrange(200))   # a fresh stretch each run
    slots = []
    for offset in range(40):
        d = day + dt.timedelta(days=offset)
        if d.weekday() >= 5:
            continue
        for hour in (0, 2, 4, 6):                                          # 09:00–17:00 in Korea
            start = dt.datetime.combine(d, dt.time(hour), dt.timezone.utc)
            slots.append(start.isoformat())
    return {"url": url, "run": f"{time.time():.0f}", "pause": list(args.pause), "hot_orgs": orgs[:6], "orgs": orgs, "cases": cases[:3],
            "resources": resources, "slots": slots, "seconds": args.seconds}


def server_deadlocks(url: str) -> int:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password or None,
                         dbname=u.database) as conn:
        return int(conn.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                   .fetchone()[0])


def overlapping_bookings(url: str) -> list:
    from sqlalchemy import text

    from hubdesk.db.database import open_database

    spec = importlib.util.spec_from_file_location(
        "no_overlap", ROOT / "hubdesk" / "db" / "migrations" / "versions" / "0008_booking_no_overlap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    db = open_database(url)
    try:
        with db.read() as s:
            return [tuple(r) for r in s.execute(text(module.OVERLAPS)).all()]
    finally:
        db.dispose()


def lost_updates(url: str, results: list[dict], plan: dict) -> list[str]:
    from sqlalchemy import select

    from hubdesk.db.database import open_database
    from hubdesk.db.schema import Organization

    saved = [(token["org"], token["token"]) for r in results for token in r.get("saved_notes", [])]
    db = open_database(url)
    try:
        with db.read() as s:
            notes = dict(s.execute(select(Organization.id, Organization.notes)
                                   .where(Organization.id.in_(plan["hot_orgs"]))).all())
    finally:
        db.dispose()
    return [token for org, token in saved if token not in (notes.get(org) or "")]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summarise(results, url, plan, deadlocks_before, args, generated_s, started) -> dict:
    from harness import load_average

    by_action: dict[str, dict] = {}
    errors: list[dict] = []
    for r in results:
        for action, ms, outcome, detail in r["actions"]:
            entry = by_action.setdefault(action, {"ms": [], "ok": 0, "refused": 0, "error": 0})
            entry["ms"].append(ms)
            entry[outcome] += 1
            if outcome == "error":
                errors.append({"client": r["client"], "action": action, "detail": detail})
    rows = {}
    for action, entry in sorted(by_action.items()):
        ms = entry["ms"]
        rows[action] = {"count": len(ms), "p50_ms": round(percentile(ms, 0.5), 1),
                        "p95_ms": round(percentile(ms, 0.95), 1), "p99_ms": round(percentile(ms, 0.99), 1),
                        "ok": entry["ok"], "refused": entry["refused"], "error": entry["error"]}
    overlaps = overlapping_bookings(url)
    lost = lost_updates(url, results, plan)
    deadlocks = server_deadlocks(url) - deadlocks_before
    retried = sum(r.get("retried", 0) for r in results)
    failed_clients = [r["client"] for r in results if r.get("failed")]
    verdict = {"double_bookings": len(overlaps), "lost_updates": len(lost), "errors": len(errors),
               "failed_clients": failed_clients,
               "passed": not overlaps and not lost and not errors and not failed_clients}
    return {"date": f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC", "clients": args.clients,
            "pause_s": list(args.pause), "database": _shown(url), "hot_orgs": plan["hot_orgs"],
            "seconds": args.seconds, "size": args.size, "cores": os.cpu_count(), "load_average_end": load_average(),
            "generated_s": generated_s, "wall_s": round(time.time() - started, 1), "actions": rows,
            "deadlocks": deadlocks, "retried_writes": retried, "errors": errors[:50],
            "overlaps": overlaps[:20], "lost": lost[:20], "verdict": verdict}


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def print_summary(summary: dict) -> None:
    print()
    print(f"| action | count | p50 | p95 | p99 | ok | refused (a rule or a newer version) | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for action, row in summary["actions"].items():
        print(f"| {action} | {row['count']:,} | {row['p50_ms']:,.0f} ms | {row['p95_ms']:,.0f} ms | "
              f"{row['p99_ms']:,.0f} ms | {row['ok']:,} | {row['refused']:,} | {row['error']:,} |")
    v = summary["verdict"]
    print()
    print(f"{summary['clients']} clients, {summary['seconds']:g} s, pauses of {summary['pause_s'][0]:g}–"
          f"{summary['pause_s'][1]:g} s, {summary['size']} data, {summary['cores']} cores, "
          f"load average at the end {summary['load_average_end']}, {summary['wall_s']:g} s in all")
    print(f"deadlocks on the server: {summary['deadlocks']}; writes run again after a deadlock or a "
          f"serialization failure: {summary['retried_writes']}")
    print(f"double bookings: {v['double_bookings']}; lost updates: {v['lost_updates']}; errors shown to a person: "
          f"{v['errors']}; clients that failed: {v['failed_clients'] or 'none'}")
    for e in summary["errors"][:10]:
        print(f"  error [client {e['client']}] {e['action']}: {e['detail']}")
    print("PASSED" if v["passed"] else "FAILED")


# --- a client -----------------------------------------------------------------------------------
def run_client(number: int, plan: dict) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication([])
    from hubdesk import i18n
    from hubdesk.db import audit
    from hubdesk.db import retry
    from hubdesk.db.database import open_database
    from hubdesk.db.enums import Role

    i18n.set_language("en")
    audit.set_actor(f"load-client-{number}", Role.ADMIN)
    rng = random.Random(number * 7919 + int(plan["run"]))
    db = open_database(plan["url"])
    desk = Desk(db, app, plan, rng, number)
    actions: list = []
    next_report = time.time() + rng.uniform(10, 30) if number == 0 else None
    names, weights = zip(*MIX.items())
    try:
        while time.time() < plan["deadline"]:
            if next_report is not None and time.time() >= next_report:
                name = "quarterly report"
                next_report = time.time() + REPORT_EVERY_S
            else:
                name = rng.choices(names, weights)[0]
            actions.append(desk.act(name))
            time.sleep(rng.uniform(*plan["pause"]))
    finally:
        db.dispose()
    print("LOAD_RESULT " + json.dumps({"client": number, "actions": actions, "retried": retry.RETRIED,
                                       "saved_notes": desk.saved_notes}), flush=True)
    return 0


class Desk:
    """One desktop's actions, each through the code the screens use."""

    def __init__(self, db, app, plan, rng, number):
        self.db, self.app, self.plan, self.rng, self.number = db, app, plan, rng, number
        self.saved_notes: list[dict] = []
        self._orgs_model = None
        self._bookings_model = None
        self._saves = 0
        self._typing = 0.0

    def act(self, name: str) -> list:
        from hubdesk.errors import DomainError

        method = getattr(self, "do_" + name.replace(",", "").replace(" ", "_"))
        self._typing = 0.0
        started = time.perf_counter()
        try:
            method()
            outcome, detail = "ok", ""
        except DomainError as exc:        # a rule or a newer version said no, with a sentence
            outcome, detail = "refused", exc.message[:200]
        except Exception as exc:          # noqa: BLE001 - what a person would see as an error
            outcome, detail = "error", f"{type(exc).__name__}: {exc}"[:400] + " " + traceback.format_exc()[-600:]
        # the person's typing inside an action (an editor open while they type) is not its time
        return [name, (time.perf_counter() - started - self._typing) * 1000, outcome, detail]

    # --- lists (the program's own lazy models) ---
    def _wait(self, model) -> None:
        end = time.monotonic() + 60
        while model.is_loading and not model.is_partial and time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.002)

    def _page(self, model, first_row: int = 0) -> list:
        return [model.row_data(r) for r in range(first_row, min(first_row + model.PAGE_SIZE, model.rowCount()))]

    def do_organizations_list_first_page(self) -> None:
        from hubdesk.ui.organizations.table_model import OrganizationsTableModel

        self._orgs_model = OrganizationsTableModel(self.db)
        self._orgs_model.ensure_loaded()
        self._wait(self._orgs_model)
        self._page(self._orgs_model)

    def do_organizations_search_keystroke(self) -> None:
        if self._orgs_model is None:
            self.do_organizations_list_first_page()
        self._orgs_model.set_search(self.rng.choice(["bio", "cell", "pharm", "med", "gen", "사", "바이오"]))
        self._orgs_model.ensure_loaded()
        self._wait(self._orgs_model)
        self._page(self._orgs_model)

    def do_bookings_list_first_page(self) -> None:
        from hubdesk.ui.bookings.table_model import BookingsTableModel

        self._bookings_model = BookingsTableModel(self.db)
        self._bookings_model.ensure_loaded()
        self._wait(self._bookings_model)
        self._page(self._bookings_model)

    def do_bookings_list_scroll(self) -> None:
        if self._bookings_model is None:
            self.do_bookings_list_first_page()
        model = self._bookings_model
        model.wait_loaded(60)
        if model.rowCount():
            self._page(model, self.rng.randrange(model.rowCount()))

    # --- screens' queries ---
    def do_dashboard_lists(self) -> None:
        from hubdesk.ui.dashboard.queries import gather_lists

        gather_lists(self.db)

    def do_case_board(self) -> None:
        from hubdesk.ui.cases.queries import load_board

        load_board(self.db)

    def do_timeline_week(self) -> None:
        from hubdesk.ui.bookings.queries import load_resources, load_window

        resources = load_resources(self.db)
        chosen = [r for r in resources if r.id in self.plan["resources"]] or resources[:4]
        start = dt.datetime.fromisoformat(self.rng.choice(self.plan["slots"])) - dt.timedelta(days=2)
        load_window(self.db, start, start + dt.timedelta(days=7), chosen)

    def do_organization_page(self) -> None:
        from hubdesk.ui.organizations.queries import organization_details

        organization_details(self.db, self.rng.choice(self.plan["orgs"]))

    # --- rules and writes ---
    def _request(self):
        from hubdesk.domain.bookings import BookingRequest

        start = dt.datetime.fromisoformat(self.rng.choice(self.plan["slots"]))
        return BookingRequest(self.rng.choice(self.plan["resources"]), self.rng.choice(self.plan["orgs"]),
                              start, start + dt.timedelta(hours=2), purpose=f"load test {self.number}")

    def do_booking_rule_check(self) -> None:
        from hubdesk.domain.bookings import check_booking

        with self.db.read() as s:
            check_booking(s, self._request())

    def do_saving_a_booking(self) -> None:
        from hubdesk.domain.bookings import BookingRefused, check_booking, create_booking
        from hubdesk.ui.common.operations import run_write

        request = self._request()
        with self.db.read() as s:              # the editor's check while the person fills the form
            problems = check_booking(s, request)
        if problems:
            raise BookingRefused(problems)
        run_write(self.db, create_booking, request)

    def do_approving_a_booking(self) -> None:
        from sqlalchemy import select

        from hubdesk.db.enums import BookingStatus
        from hubdesk.db.schema import Booking
        from hubdesk.domain.bookings import change_status
        from hubdesk.ui.common.operations import run_write

        with self.db.read() as s:               # the approvals list: the newest requests
            ids = s.scalars(select(Booking.id).where(Booking.status == BookingStatus.REQUESTED)
                            .order_by(Booking.starts_at.desc()).limit(10)).all()
        if ids:
            run_write(self.db, change_status, self.rng.choice(ids), BookingStatus.APPROVED)

    def do_editing_an_organization(self) -> None:
        from hubdesk.domain.organizations import OrganizationInput, get_organization, update_organization
        from hubdesk.ui.common.operations import run_write

        org_id = self.rng.choice(self.plan["hot_orgs"])
        with self.db.read() as s:               # the editor opens: the values and their version
            org = get_organization(s, org_id)
            data, version = OrganizationInput.from_organization(org), org.version
        self._typing = self.rng.uniform(0.2, 1.0)
        time.sleep(self._typing)                # the person types (left out of the action's time)
        self._saves += 1
        token = f"[{self.plan['run']}:{self.number}:{self._saves}]"
        data.notes = ((data.notes or "") + " " + token).strip()[-3900:]
        run_write(self.db, update_organization, org_id, data, based_on={("organization", org_id): version})
        self.saved_notes.append({"org": org_id, "token": token})

    def do_ticking_a_case_checklist_item(self) -> None:
        from hubdesk.domain.cases import get_case, toggle_document
        from hubdesk.ui.common.operations import run_write

        case_id = self.rng.choice(self.plan["cases"])
        with self.db.read() as s:                # the case page's checklist
            codes = [d.code for d in get_case(s, case_id).documents]
        if codes:
            run_write(self.db, toggle_document, case_id, self.rng.choice(codes), self.rng.random() < 0.5)

    def do_quarterly_report(self) -> None:
        from hubdesk.domain.quarters import Quarter
        from hubdesk.reports.quarterly import render_quarterly

        out = Path(self.plan["folder"]) / f"report-{self.number}-{time.time():.0f}.pdf"
        render_quarterly(self.db, Quarter.of(dt.date.today()).previous(), "ko", out)


if __name__ == "__main__":
    sys.exit(main())
