"""Exchange of change packages (issue 16): writing and applying a package of 10,000 changes on the
`large` demo data (1,000 organizations, 100,000 bookings).

    .venv/bin/python benchmarks/exchange.py [--changes 10000] [--db large.db] [--keep DIR]

Two installations from one start: A is a copy of the large demo database; B is a second copy made
a peer of A (its own installation id, holding what A holds; a copy of the file stands in for
joining with an `--all` package, which applies every record and takes minutes here). Then on A:
6,000 bookings edited (purpose), every organization edited (website: the 1,000 there are), and
contacts added to make up the 10,000,
written past the ORM as bulk statements (the sweep finds them by their version). Timed: the
package written on A (the sweep, collecting the states, the file), applied on B (the dry run and the
real one, one transaction), and the same package applied again (nothing changes). Wall and CPU.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(label: str, fn):
    started, cpu = time.perf_counter(), time.process_time()
    value = fn()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label:<58} {seconds:7.2f} s wall {cpu_seconds:7.2f} s CPU", flush=True)
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="a large demo database to start from (default: the cached one)")
    parser.add_argument("--keep", type=Path, help="write the files here instead of a temporary folder")
    args = parser.parse_args()
    from sqlalchemy import bindparam, select, update

    from hubdesk.db.database import open_database
    from hubdesk.db.schema import Booking, Contact, Installation, Organization, new_uid, utcnow
    from hubdesk.domain import exchange_clock
    from hubdesk.domain.exchange_apply import apply_package, collect
    from hubdesk.interchange.exchange_package import package_blobs, read_package, write_package

    source = args.db
    if source is None:
        from benchmarks.datasets import demo_database

        source = demo_database("large")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    folder.mkdir(parents=True, exist_ok=True)
    a_path, b_path = folder / "a.db", folder / "b.db"
    shutil.copyfile(source, a_path)
    a = open_database(a_path)
    timed("first sweep of A (every row gets its clock)", lambda: _sweep(a, exchange_clock))
    with a.write() as s:
        exchange_clock.name_installation(s, "A")
        a_uid = exchange_clock.this_installation(s).uid
    a.dispose()
    shutil.copyfile(a_path, b_path)
    b = open_database(b_path)
    with b.write() as s:                    # B: a peer of A holding what A holds
        me = exchange_clock.this_installation(s)
        knows = dict(me.knows)
        me.uid, me.name, me.counter = new_uid(), "B", 0
        me.knows = knows
        s.add(Installation(uid=a_uid, name="A", is_self=False, counter=0, knows=knows))
        b_uid = me.uid
    a = open_database(a_path)
    with a.write() as s:
        s.add(Installation(uid=b_uid, name="B", is_self=False, counter=0, knows=knows))

    n_bookings, n_orgs = args.changes * 6 // 10, args.changes * 3 // 10
    with a.write() as s:
        bookings = s.scalars(select(Booking.id).order_by(Booking.id).limit(n_bookings)).all()
        orgs = s.scalars(select(Organization.id).order_by(Organization.id).limit(n_orgs)).all()
        n_contacts = args.changes - len(bookings) - len(orgs)
        s.execute(update(Booking.__table__).where(Booking.__table__.c.id == bindparam("bid"))
                  .values(purpose=bindparam("p"), version=Booking.__table__.c.version + 1),
                  [dict(bid=i, p=f"changed on A {i}") for i in bookings])
        s.execute(update(Organization.__table__).where(Organization.__table__.c.id == bindparam("oid"))
                  .values(website=bindparam("w"), version=Organization.__table__.c.version + 1),
                  [dict(oid=i, w=f"https://a{i}.example") for i in orgs])
        now = utcnow()
        s.execute(Contact.__table__.insert(), [
            dict(uid=new_uid(), organization_id=orgs[i % len(orgs)], name=f"New person {i}", is_primary=False,
                 created_at=now, updated_at=now, version=1) for i in range(n_contacts)])
    print(f"changes made on A: {len(bookings)} bookings, {len(orgs)} organizations edited, {n_contacts} contacts added")

    package = folder / "a-to-b.hdx"

    def export():
        with a.write() as s:
            header, records = collect(s, for_installation="B")
            write_package(package, header, records, s)
        return len(records)

    count = timed("export on A: sweep, states, file", export)
    print(f"package: {count} changes, {package.stat().st_size / 1e6:.1f} MB")

    def apply(dry: bool):
        header, records = read_package(package)

        class DryRun(Exception):
            pass

        try:
            with b.write() as s:
                summary = apply_package(s, header, records, package_blobs(package, header))
                if dry:
                    raise DryRun
        except DryRun:
            pass
        return summary

    timed("read the package (checksum, parse)", lambda: read_package(package))
    dry = timed("dry run on B (everything, then rolled back)", lambda: apply(True))
    real = timed("apply on B (one transaction)", lambda: apply(False))
    again = timed("apply the same package again (nothing changes)", lambda: apply(False))
    print(f"applied: {real.written} written ({dict(real.new)} new, {sum(real.changed.values())} changed), "
          f"{len(real.conflicts)} conflicts; dry run {dry.written}; again {again.written}")
    a.dispose()
    b.dispose()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _sweep(db, exchange_clock) -> int:
    with db.write() as s:
        return exchange_clock.sweep(s)


if __name__ == "__main__":
    raise SystemExit(main())
