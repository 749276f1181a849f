"""Installations for the exchange tests (issue 16): each a real database (SQLite file or
PostgreSQL), packages written to real files and read back, and a snapshot of everything that
travels, record by record (by uid, foreign keys as uids) to compare installations."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from hubdesk.db.database import Database
from hubdesk.domain import exchange_rows
from hubdesk.domain.exchange_apply import ApplySummary, apply_package, collect
from hubdesk.domain.exchange_clock import name_installation
from hubdesk.domain.exchange_conflicts import conflicts
from hubdesk.interchange.exchange_package import package_blobs, read_package, write_package

_files = itertools.count(1)


class Site:
    def __init__(self, name: str, db: Database, folder: Path):
        self.name = name
        self.db = db
        self.folder = folder
        with db.write() as s:
            name_installation(s, name)

    def export(self, *, to: "Site | None" = None, full: bool = False) -> Path:
        path = self.folder / f"{self.name}-{next(_files)}.hdx"
        with self.db.write() as s:
            header, records = collect(s, for_installation=to.name if to else None, full=full)
            write_package(path, header, records, s)
        return path

    def apply(self, path: Path) -> ApplySummary:
        header, records = read_package(path)
        with self.db.write() as s:
            return apply_package(s, header, records, package_blobs(path, header))

    def conflicts(self) -> list:
        with self.db.read() as s:
            return conflicts(s)

    def snapshot(self) -> dict[tuple[str, str], dict[str, Any]]:
        with self.db.read() as s:
            maps = exchange_rows.UidMaps(s)
            found = {}
            for spec in exchange_rows.travelling_tables():
                uids = list(s.scalars(select(spec.table.c.uid)))
                for uid, state in exchange_rows.read_states(s, spec.name, uids, maps).items():
                    found[(spec.name, uid)] = state
            return found


def send(src: Site, dst: Site) -> ApplySummary:
    """A package from src for dst (everything when dst is not known to src yet), applied at dst."""
    from hubdesk.db.schema import Installation

    with src.db.read() as s:
        known = s.scalar(select(Installation.id).where(Installation.name == dst.name)) is not None
    return dst.apply(src.export(to=dst) if known else src.export(full=True))


def table_counts(db: Database) -> dict[str, int]:
    """Rows of every table, the audit trail and the exchange's own tables included."""
    from hubdesk.db.schema import Base

    with db.read() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def join(first: Site, db: Database, name: str, folder: Path) -> Site:
    """A new installation made from `first`'s `--all` package on the empty database `db`."""
    package = first.export(full=True)
    with db.write() as s:
        header, records = read_package(package)
        apply_package(s, header, records, package_blobs(package, header))
    return Site(name, db, folder)


def joined_pair(folder: Path, template: Path) -> tuple[Site, Site]:
    """Two installations A ("Cluster office") and B ("GMP centre PC") from one start: copies of the
    migrated `template` file, A holding the booking world, B joined from A's package, and B's full
    package applied on A — the start of the exchange windows' tests and screenshots."""
    from hubdesk.db.database import open_database
    from tests.factories import booking_world

    dbs = []
    for name in ("a", "b"):
        shutil.copyfile(template, folder / f"{name}.db")
        dbs.append(open_database(folder / f"{name}.db"))
    a = Site("Cluster office", dbs[0], folder)
    with a.db.write() as s:
        booking_world(s)
    b = join(a, dbs[1], "GMP centre PC", folder)
    a.apply(b.export(full=True))
    return a, b


__all__ = ["Site", "join", "joined_pair", "send", "table_counts"]
