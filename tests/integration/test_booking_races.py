"""No double booking by any path: eight processes, twenty rounds each, on SQLite and PostgreSQL.

In every round the eight processes are released together (a barrier) and each asks for a slot that
collides with every other process's slot of that round — the same hours, an overlap, or a gap
shorter than the resource's changeover. Paths: the app's `create_booking`, the bookings import
(`import_file`, each file booking two resources, listed in opposite orders by half the processes),
moving an existing booking (`update_booking_times`, the timeline's drag and the dialog), and all
three mixed. Then: exactly one winner per round, no two active bookings of a resource overlapping
or closer than the changeover, and every loser refused with the domain's sentence (no traceback, no
database error). One more test runs the command line (`hubdesk --db … import bookings FILE`) in
eight processes at once. `-s` prints the figures (attempts, winners, doubles, time).

The processes are real (multiprocessing, spawn), started once for the module and given one task
per test; each opens the database itself, as a second program on the same file or server would.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES
from hubdesk.db.schema import Booking
from tests.factories import booking_world, kst, make_rate, make_resource

PROCESSES = 8
ROUNDS = 20
CHANGEOVER_HOURS = 3
# The hours (Korean time) asked for in a round, by process: any two of them collide, by overlap or
# by a gap shorter than the 3-hour changeover.
SHAPES = ((9, 12), (10, 13), (13, 14), (8, 11))
REFUSAL = re.compile(r"is already booked by|needs a changeover")
ROOT = Path(__file__).resolve().parents[2]


def _round_day(round_no: int) -> dt.date:
    return dt.date(2026, 11, 2) + dt.timedelta(days=round_no)


def _slot(round_no: int, process: int) -> tuple[dt.datetime, dt.datetime]:
    day, (start, end) = _round_day(round_no), SHAPES[process % len(SHAPES)]
    return kst(day.year, day.month, day.day, start), kst(day.year, day.month, day.day, end)


# ---------------------------------------------------------------- the racing processes


def _racer(index: int, barrier, inbox, outbox) -> None:
    """One racing process: for each task (database URL, attempts), open the database, then make
    each attempt when all processes reach the barrier; report one outcome per attempt."""
    while True:
        task = inbox.get()
        if task is None:
            return
        url, attempts = task
        outcomes: list[str] = []
        db = None
        try:
            from hubdesk.db.database import open_database

            db = open_database(url)
            for attempt in attempts:
                barrier.wait(timeout=120)
                outcomes.append(_attempt(db, attempt))
        except threading.BrokenBarrierError:
            outcomes.append("error:the barrier broke (another process failed)")
        except BaseException:  # noqa: BLE001 - report to the parent instead of dying silently
            outcomes.append("error:" + traceback.format_exc())
            barrier.abort()
        finally:
            if db is not None:
                db.dispose()
        outbox.put((index, outcomes))


def _attempt(db, attempt: tuple) -> str:
    """'won', 'refused:<sentence>' or 'error:<what went wrong>'."""
    from hubdesk.domain.bookings import BookingRequest, create_booking, update_booking_times
    from hubdesk.errors import DomainError, HubdeskError
    from hubdesk.interchange.importer import import_file

    kind, *args = attempt
    try:
        if kind == "import":
            result = import_file(db, "bookings", args[0])
            if result.written:
                return "won"
            return "refused:" + "\n".join(p.message for p in result.problems)
        with db.write() as session:
            if kind == "create":
                resource_id, org_id, starts_at, ends_at = args
                create_booking(session, BookingRequest(resource_id=resource_id, organization_id=org_id,
                                                       starts_at=starts_at, ends_at=ends_at), actor="racer")
            else:
                booking_id, starts_at, ends_at = args
                update_booking_times(session, booking_id, starts_at, ends_at)
        return "won"
    except DomainError as exc:
        return "refused:" + exc.message
    except HubdeskError as exc:   # a database problem: a sentence, but not the refusal expected here
        return f"error:{exc.message} ({exc.__cause__!r})"
    except BaseException:  # noqa: BLE001
        return "error:" + traceback.format_exc()


class Racers:
    """PROCESSES spawned processes, each with its own inbox, one barrier and one outbox."""

    def __init__(self, count: int):
        ctx = multiprocessing.get_context("spawn")
        self.barrier = ctx.Barrier(count)
        self.inboxes = [ctx.Queue() for _ in range(count)]
        self.outbox = ctx.Queue()
        self.processes = [ctx.Process(target=_racer, args=(i, self.barrier, self.inboxes[i], self.outbox),
                                      daemon=True) for i in range(count)]
        for process in self.processes:
            process.start()

    def run(self, url: str, plans: list[list[tuple]]) -> list[list[str]]:
        """Give process i the attempts plans[i]; their outcomes, by process."""
        if self.barrier.broken:
            self.barrier.reset()
        for inbox, plan in zip(self.inboxes, plans):
            inbox.put((url, plan))
        outcomes: list[list[str]] = [[] for _ in plans]
        for _ in plans:
            index, result = self.outbox.get(timeout=600)
            outcomes[index] = result
        return outcomes

    def close(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()


# How long a SQLite writer waits for the write lock before giving up with "locked by another program":
# eight writers queue for it here, on a machine that may be busy with other work, so they may wait
# longer than the 10 s a person is kept waiting (hubdesk.db.engine.BUSY_TIMEOUT_SECONDS).
BUSY_TIMEOUT = "120"


@pytest.fixture(scope="module")
def racers():
    saved = os.environ.get("HUBDESK_BUSY_TIMEOUT")
    os.environ["HUBDESK_BUSY_TIMEOUT"] = BUSY_TIMEOUT   # the spawned processes take it with them
    try:
        pool = Racers(PROCESSES)
    finally:
        if saved is None:
            del os.environ["HUBDESK_BUSY_TIMEOUT"]
        else:
            os.environ["HUBDESK_BUSY_TIMEOUT"] = saved
    yield pool
    pool.close()


# ---------------------------------------------------------------- the world raced on


@dataclass
class Race:
    resource_id: int
    second_resource_id: int
    org_id: int
    own_booking: dict[tuple[int, int], int]    # (process, round) -> the booking it moves that round


def _prepare(db, movers: list[int]) -> Race:
    """Two resources with a 3-hour changeover, and for each process that moves, one booking of its
    own per round on a day of its own (far from the raced days; holidays allowed)."""
    from hubdesk.domain.bookings import BookingRequest, create_booking

    with db.write() as s:
        w = booking_world(s, changeover_hours=CHANGEOVER_HOURS)
        second = make_resource(s, w.facility, "Suite B-2", changeover_hours=CHANGEOVER_HOURS)
        make_rate(s, second, w.user_class, 50_000)
        own: dict[tuple[int, int], int] = {}
        for n, (process, round_no) in enumerate((p, r) for p in movers for r in range(ROUNDS)):
            day = dt.date(2027, 1, 4) + dt.timedelta(days=n)
            request = BookingRequest(resource_id=w.resource_id, organization_id=w.org_id,
                                     starts_at=kst(day.year, day.month, day.day, 9),
                                     ends_at=kst(day.year, day.month, day.day, 10), holiday_override=True)
            own[(process, round_no)] = create_booking(s, request, actor="setup").id
        return Race(w.resource_id, second.id, w.org_id, own)


def _import_file(folder: Path, process: int, round_no: int) -> Path:
    """A bookings file asking for the round's slot on both resources (in opposite orders for odd and
    even processes, so that two imports lock the resources in opposite orders)."""
    starts_at, ends_at = _slot(round_no, process)
    rows = [f"{name},GMP Plant 1,Hanbit Bio,{starts_at:%Y-%m-%d %H:%M},{ends_at:%Y-%m-%d %H:%M}"
            for name in ("Suite B-1", "Suite B-2")]
    if process % 2:
        rows.reverse()
    path = folder / f"bookings-p{process}-r{round_no}.csv"
    path.write_text("예약 대상,시설,기업명,시작,종료\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _plan(path: str, race: Race, folder: Path, process: int) -> list[tuple]:
    kind = path if path != "mix" else ("import", "create", "move")[process % 3]
    attempts = []
    for round_no in range(ROUNDS):
        starts_at, ends_at = _slot(round_no, process)
        if kind == "create":
            attempts.append(("create", race.resource_id, race.org_id, starts_at, ends_at))
        elif kind == "move":
            attempts.append(("move", race.own_booking[(process, round_no)], starts_at, ends_at))
        else:
            attempts.append(("import", str(_import_file(folder, process, round_no))))
    return attempts


def _movers(path: str) -> list[int]:
    if path == "move":
        return list(range(PROCESSES))
    if path == "mix":
        return [p for p in range(PROCESSES) if p % 3 == 2]
    return []


# ---------------------------------------------------------------- what is checked afterwards


def overlapping_pairs(db) -> list[tuple[int, int]]:
    """Pairs of active bookings of one resource whose times overlap."""
    other = aliased(Booking)
    with db.read() as s:
        return [tuple(row) for row in s.execute(
            select(Booking.id, other.id)
            .join(other, (other.resource_id == Booking.resource_id) & (other.id > Booking.id))
            .where(Booking.status.in_(ACTIVE_BOOKING_STATUSES), other.status.in_(ACTIVE_BOOKING_STATUSES),
                   Booking.starts_at < other.ends_at, other.starts_at < Booking.ends_at))]


def changeover_pairs(db) -> list[tuple[int, int]]:
    """Pairs of consecutive active bookings of one resource closer than the changeover (no campaign
    is used here, so every booking needs it)."""
    gap = dt.timedelta(hours=CHANGEOVER_HOURS)
    with db.read() as s:
        rows = s.execute(select(Booking.id, Booking.resource_id, Booking.starts_at, Booking.ends_at)
                         .where(Booking.status.in_(ACTIVE_BOOKING_STATUSES))
                         .order_by(Booking.resource_id, Booking.starts_at)).all()
    return [(a.id, b.id) for a, b in zip(rows, rows[1:])
            if a.resource_id == b.resource_id and b.starts_at < a.ends_at + gap]


def _backend(db) -> str:
    return "sqlite" if db.is_sqlite else "postgresql"


@pytest.mark.parametrize("path", ["create", "import", "move", "mix"])
def test_eight_processes_never_double_book(any_db, racers, tmp_path, path):
    race = _prepare(any_db, _movers(path))
    plans = [_plan(path, race, tmp_path, p) for p in range(PROCESSES)]
    began = time.perf_counter()
    outcomes = racers.run(any_db.url, plans)
    elapsed = time.perf_counter() - began

    errors = [o for per in outcomes for o in per if o.startswith("error:")]
    winners_by_round = [sum(per[r:r + 1] == ["won"] for per in outcomes) for r in range(ROUNDS)]
    refusals = [o.removeprefix("refused:") for per in outcomes for o in per if o.startswith("refused:")]
    unexpected = [r for r in refusals if not all(REFUSAL.search(line) for line in r.splitlines())]
    doubles, near = overlapping_pairs(any_db), changeover_pairs(any_db)
    print(f"\n{_backend(any_db)} {path}: {sum(map(len, outcomes))} attempts, {sum(winners_by_round)} won, "
          f"{len(refusals)} refused, {len(errors)} errors, {len(doubles)} overlapping pairs, "
          f"{len(near)} changeover breaches, {elapsed:.1f} s")
    assert not errors, errors[0]
    assert all(len(per) == ROUNDS for per in outcomes)
    assert doubles == []
    assert near == []
    assert winners_by_round == [1] * ROUNDS
    assert unexpected == []


def test_eight_command_lines_importing_the_same_slots_leave_one_booking_each(any_db, tmp_path):
    """The command line in eight processes at once: one import is written, the seven others exit 1
    with the domain's sentence on the row, and none prints a traceback."""
    with any_db.write() as s:
        w = booking_world(s, changeover_hours=CHANGEOVER_HOURS)
        second = make_resource(s, w.facility, "Suite B-2", changeover_hours=CHANGEOVER_HOURS)
        make_rate(s, second, w.user_class, 50_000)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               HUBDESK_LANG="en", HUBDESK_DATA_DIR=str(tmp_path / "userdata"), HUBDESK_BUSY_TIMEOUT=BUSY_TIMEOUT)
    env.pop("HUBDESK_DB", None)
    files = [_import_file(tmp_path, p, 0) for p in range(PROCESSES)]
    commands = [subprocess.Popen([sys.executable, "-m", "hubdesk", "--db", any_db.url, "import", "bookings", str(f)],
                                 cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 stdin=subprocess.DEVNULL) for f in files]
    results = [(c.wait(timeout=300), c.stdout.read(), c.stderr.read()) for c in commands]
    for c in commands:
        c.stdout.close()
        c.stderr.close()
    assert not [err for _code, out, err in results if "Traceback" in out + err]
    assert Counter(code for code, _out, _err in results) == Counter({0: 1, 1: PROCESSES - 1}), results
    for code, _out, err in results:
        if code == 1:
            assert REFUSAL.search(err), err
            assert "nothing was imported" in err, err
    assert overlapping_pairs(any_db) == [] and changeover_pairs(any_db) == []
