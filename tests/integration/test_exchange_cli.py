"""Exchange of change packages as a foundation administrator runs it (issue 16): `python -m hubdesk
exchange …` in subprocesses on three database files, a process killed while it applies a package,
and a PostgreSQL server installation exchanging with an offline PC."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from hubdesk.db.database import open_database
from hubdesk.db.schema import Organization
from tests.exchange_sites import Site, join, send, table_counts
from tests.factories import booking_world, kst, make_contact, make_org
from tests.integration.test_cli import run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def first_pc(tmp_path, _migrated_sqlite_template):
    path = tmp_path / "cluster.db"
    shutil.copyfile(_migrated_sqlite_template, path)
    db = open_database(path)
    try:
        with db.write() as s:
            world = booking_world(s)
            for n in range(30):
                make_contact(s, world.org, f"Person {n}")
    finally:
        db.dispose()
    return path


def _rename(path: Path, old: str, new: str) -> None:
    db = open_database(path)
    try:
        with db.write() as s:
            s.scalars(select(Organization).where(Organization.name == old)).one().name = new
    finally:
        db.dispose()


def test_three_pcs_exchange_from_the_command_line(first_pc, tmp_path):
    a, b, c = str(first_pc), str(tmp_path / "gmp.db"), str(tmp_path / "cell.db")
    assert run("--db", a, "exchange", "name", "Cluster office", tmp_path=tmp_path).returncode == 0
    done = run("--db", a, "exchange", "export", "--all", "--out", "start.hdx", tmp_path=tmp_path)
    assert done.returncode == 0 and "organization: 1 records" in done.stdout
    for db, name in ((b, "GMP centre PC"), (c, "Cell facility PC")):
        assert run("--db", db, "exchange", "import", "start.hdx", tmp_path=tmp_path).returncode == 0
        assert run("--db", db, "exchange", "name", name, tmp_path=tmp_path).returncode == 0
        assert run("--db", db, "exchange", "export", "--all", "--out", f"{name}.hdx", tmp_path=tmp_path).returncode == 0
        assert run("--db", a, "exchange", "import", f"{name}.hdx", tmp_path=tmp_path).returncode == 0
    # concurrent edits of the same record on B and C, a delta from A through B to C
    _rename(Path(b), "Hanbit Bio", "Hanbit Bio (GMP)")
    _rename(Path(c), "Hanbit Bio", "Hanbit Bio (Cell)")
    db = open_database(a)
    with db.write() as s:
        make_org(s, "Made at the cluster office")
    db.dispose()
    assert run("--db", a, "exchange", "export", "--for", "GMP centre PC", "--out", "a-b.hdx",
               tmp_path=tmp_path).returncode == 0
    before = table_counts_of(b)
    dry = run("--db", b, "exchange", "import", "a-b.hdx", "--dry-run", tmp_path=tmp_path)
    assert dry.returncode == 0 and "organization: 1 new" in dry.stdout and "nothing was written" in dry.stdout
    assert table_counts_of(b) == before
    assert run("--db", b, "exchange", "import", "a-b.hdx", tmp_path=tmp_path).returncode == 0
    assert run("--db", b, "exchange", "export", "--for", "Cluster office", "--out", "b-a.hdx",
               tmp_path=tmp_path).returncode == 0
    assert run("--db", a, "exchange", "import", "b-a.hdx", tmp_path=tmp_path).returncode == 0
    assert run("--db", a, "exchange", "export", "--for", "Cell facility PC", "--out", "a-c.hdx",
               tmp_path=tmp_path).returncode == 0
    applied = run("--db", c, "exchange", "import", "a-c.hdx", tmp_path=tmp_path)
    assert applied.returncode == 0 and "1 conflict needs a decision" in applied.stdout
    shown = run("--db", c, "exchange", "conflicts", tmp_path=tmp_path)
    assert "Hanbit Bio (Cell)  |  Hanbit Bio (GMP)" in shown.stdout
    number = shown.stdout.split("#", 1)[1].split(" ", 1)[0]
    assert run("--db", c, "exchange", "resolve", number, "--take", "theirs", tmp_path=tmp_path).returncode == 0
    assert "No conflicts" in run("--db", c, "exchange", "conflicts", tmp_path=tmp_path).stdout
    status = run("--db", c, "exchange", "status", tmp_path=tmp_path)
    assert "Cluster office" in status.stdout and "GMP centre PC" in status.stdout
    # C's decision travels back to A and B and ends their view of the conflict too
    for target, name in ((a, "Cluster office"), (b, "GMP centre PC")):
        assert run("--db", c, "exchange", "export", "--for", name, "--out", "c-x.hdx", tmp_path=tmp_path).returncode == 0
        assert run("--db", target, "exchange", "import", "c-x.hdx", tmp_path=tmp_path).returncode == 0
    assert run("--db", a, "exchange", "export", "--for", "GMP centre PC", "--out", "a-b2.hdx",
               tmp_path=tmp_path).returncode == 0
    assert run("--db", b, "exchange", "import", "a-b2.hdx", tmp_path=tmp_path).returncode == 0
    names = [organization_names(p) for p in (a, b, c)]
    assert names[0] == names[1] == names[2] and "Hanbit Bio (GMP)" in names[0]
    for p in (a, b, c):
        assert run("--db", p, "check", tmp_path=tmp_path).returncode == 0


def test_a_refused_package_exits_non_zero_with_a_sentence(first_pc, tmp_path):
    assert run("--db", str(first_pc), "exchange", "export", "--all", "--out", "start.hdx", tmp_path=tmp_path).returncode == 0
    data = (tmp_path / "start.hdx").read_bytes()
    (tmp_path / "cut.hdx").write_bytes(data[: len(data) // 2])
    refused = run("--db", str(tmp_path / "b.db"), "exchange", "import", "cut.hdx", tmp_path=tmp_path)
    assert refused.returncode == 1 and "not a complete hubdesk change package" in refused.stderr
    own = run("--db", str(first_pc), "exchange", "import", "start.hdx", tmp_path=tmp_path)
    assert own.returncode == 1 and "written by this installation itself" in own.stderr
    nothing = run("--db", str(first_pc), "exchange", "export", "--out", "x.hdx", tmp_path=tmp_path)
    assert nothing.returncode == 1 and "--all" in nothing.stderr


def organization_names(path: str) -> list[str]:
    db = open_database(path)
    try:
        with db.read() as s:
            return sorted(s.scalars(select(Organization.name)))
    finally:
        db.dispose()


def table_counts_of(path: str) -> dict[str, int]:
    db = open_database(path)
    try:
        return table_counts(db)
    finally:
        db.dispose()


# Applies a package and is killed (SIGKILL, no clean-up of any kind) after `n` rows were written.
_KILLED_WHILE_APPLYING = """
import os, signal, sys
from hubdesk.domain import exchange_rows
real = exchange_rows.write_state
written = [0]
def dying(*args, **kw):
    written[0] += 1
    if written[0] > int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kw)
exchange_rows.write_state = dying
from hubdesk.cli import main
main(["--db", sys.argv[1], "exchange", "import", sys.argv[2]])
"""


def test_a_process_killed_while_applying_leaves_all_or_nothing(first_pc, tmp_path):
    assert run("--db", str(first_pc), "exchange", "export", "--all", "--out", "start.hdx", tmp_path=tmp_path).returncode == 0
    target = tmp_path / "joining.db"
    assert run("--db", str(target), "check", tmp_path=tmp_path).returncode == 1   # not there yet
    shutil.copyfile(first_pc, tmp_path / "unused.db")
    env = dict(os.environ, PYTHONPATH=str(ROOT), HUBDESK_DATA_DIR=str(tmp_path / "userdata"))
    made = open_database(target)       # an empty, migrated database: the new PC
    made.dispose()
    before = table_counts_of(str(target))
    for n in (0, 5, 20):
        killed = subprocess.run([sys.executable, "-c", _KILLED_WHILE_APPLYING, str(target), "start.hdx", str(n)],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert run("--db", str(target), "check", tmp_path=tmp_path).returncode == 0
        assert table_counts_of(str(target)) == before
    assert run("--db", str(target), "exchange", "import", "start.hdx", tmp_path=tmp_path).returncode == 0
    assert organization_names(str(target)) == organization_names(str(first_pc))
    assert run("--db", str(target), "check", tmp_path=tmp_path).returncode == 0


def test_a_postgresql_server_installation_exchanges_with_an_offline_pc(pg_migrated_url, tmp_path,
                                                                       _migrated_sqlite_template):
    from hubdesk.db.enums import ACTIVE_BOOKING_STATUSES
    from hubdesk.db.schema import Booking
    from hubdesk.domain.booking_rules import BookingRequest
    from hubdesk.domain.bookings import create_booking
    from hubdesk.domain.exchange_conflicts import resolve

    server_db = open_database(pg_migrated_url)
    path = tmp_path / "offline.db"
    shutil.copyfile(_migrated_sqlite_template, path)
    offline_db = open_database(path)
    try:
        server = Site("Head office server", server_db, tmp_path)
        with server.db.write() as s:
            booking_world(s)
        offline = join(server, offline_db, "Site PC", tmp_path)
        server.apply(offline.export(full=True))
        assert server.snapshot() == offline.snapshot()
        start, end = kst(2027, 6, 1, 9), kst(2027, 6, 1, 12)
        for site in (server, offline):
            with site.db.write() as s:
                org = s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one()
                resource_id = s.scalars(select(Booking.resource_id)).first()
                if resource_id is None:
                    from hubdesk.db.schema import Resource
                    resource_id = s.scalars(select(Resource.id)).one()
                create_booking(s, BookingRequest(resource_id=resource_id, organization_id=org.id, starts_at=start,
                                                 ends_at=end, purpose=site.name))
                s.scalars(select(Organization).where(Organization.name == "Hanbit Bio")).one().website = \
                    f"https://{site.name.split()[0].lower()}.example"
        kinds = sorted(c["kind"] for c in send(server, offline).conflicts)
        assert kinds == ["booking", "fields"]
        assert sorted(c["kind"] for c in send(offline, server).conflicts) == ["booking", "fields"]
        for conflict in server.conflicts():
            with server.db.write() as s:
                resolve(s, conflict.id, "theirs")
        send(server, offline)
        send(offline, server)
        assert server.conflicts() == [] and offline.conflicts() == []
        assert server.snapshot() == offline.snapshot()
        for site in (server, offline):
            with site.db.read() as s:
                assert s.scalars(select(Booking.purpose).where(Booking.status.in_(ACTIVE_BOOKING_STATUSES))).all() \
                    == ["Site PC"]
    finally:
        server_db.dispose()
        offline_db.dispose()
