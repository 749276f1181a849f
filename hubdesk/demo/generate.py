"""Fill an empty database with realistic, deterministic demo data (same seed and same `today` give
identical rows, ids and uids included).

Everything is written in ONE transaction with bulk Core inserts: a cancel (checked between batches)
or an error rolls it all back, so nothing half-written remains. Bulk Core inserts bypass the ORM,
so no AuditEvent is written for demo rows; that is intended. No user accounts are created.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from hubdesk.db import audit
from hubdesk.db.database import Database
from hubdesk.db.schema import (Booking, ClinicalCase, Event, Facility, Organization, Program, Setting)
from hubdesk.domain import clock
from hubdesk.demo import activity, bookings, cases, documents, facilities, incidents, money, network, programs
from hubdesk.demo.context import SIZES, Context
from hubdesk.demo.writer import CancelFn, DemoCancelled, ProgressFn, Writer
from hubdesk.errors import DomainError
from hubdesk.i18n import _

FOUNDATION_NAME = "한빛바이오헬스산업진흥재단"

__all__ = ["DemoCancelled", "DemoSummary", "SIZES", "generate"]


@dataclass
class DemoSummary:
    size: str
    seed: int
    today: dt.date
    counts: dict[str, int] = field(default_factory=dict)   # rows written per table
    elapsed_seconds: float = 0.0

    @property
    def bookings(self) -> int:
        return self.counts.get("booking", 0)

    @property
    def organizations(self) -> int:
        return self.counts.get("organization", 0)


def _refuse_non_empty(session, db: Database) -> None:
    for model in (Organization, Facility, Booking, Program, ClinicalCase, Event):
        if session.execute(select(func.count()).select_from(model)).scalar():
            raise DomainError(_("The database {name} already holds data. Demo data can only fill an empty "
                                "database: choose a new file or an empty database.")
                              .format(name=db.display_name), code="demo_not_empty")


def generate(db: Database, size: str = "small", seed: int = 1, *, today: dt.date | None = None,
             progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> DemoSummary:
    """Fill the empty database `db` with demo data of `size` ("small", "large" or "huge").

    `progress(done, total, message)` is called between batches; `cancel()` is asked between batches
    and, when it returns True, everything is rolled back and DemoCancelled is raised.
    Raises DomainError when the size is unknown or the database already holds data.
    """
    if size not in SIZES:
        raise DomainError(_("“{size}” is not a demo size. Choose small, large or huge.").format(size=size),
                          field="size", code="demo_size")
    if today is None:
        today = clock.today()
    began = time.perf_counter()
    spec = SIZES[size]
    with db.write() as session:
        _refuse_non_empty(session, db)
        audit.without_row_audit(session)   # demo rows are made up: no audit row each, on any database
        if db.is_sqlite:
            # A bigger page cache for this one long transaction (reset below).
            session.execute(text("PRAGMA cache_size = -262144"))
        expected = spec.organizations * 14 + int(spec.bookings * 5.5) + 5_000
        writer = Writer(session, seed, progress=progress, cancel=cancel, expected_rows=expected,
                        batch_rows=20_000)
        ctx = Context(spec, seed, today, writer)
        try:
            writer.phase(_("Creating organizations and contacts…"))
            network.build(ctx)
            writer.phase(_("Creating facilities and resources…"))
            specs = facilities.build(ctx)
            incidents.build(ctx, specs)
            writer.phase(_("Creating programs and events…"))
            programs.build(ctx)
            writer.phase(_("Creating interactions and KPI figures…"))
            activity.build(ctx)
            writer.phase(_("Creating clinical-entry cases…"))
            cases.build(ctx)
            writer.phase(_("Creating bookings…"))
            bookings.build(ctx, specs)
            writer.phase(_("Creating facility subsidies…"))
            money.build(ctx, specs)
            writer.phase(_("Attaching documents…"))
            documents.build(ctx)
            if session.get(Setting, "foundation_name") is None:
                writer.add("setting", {"key": "foundation_name", "value": FOUNDATION_NAME})
            writer.phase(_("Saving…"))
            writer.finish()
            # the rows are written in bulk, past the audit hook's per-row events: one audit row
            # says who filled the database with demo data, and which
            audit.record_database_event(session, {"demo_data": f"{size}, seed {seed}",
                                                  "rows": sum(writer.counts.values())})
        finally:
            if db.is_sqlite:
                try:
                    session.execute(text("PRAGMA cache_size = -2000"))
                except Exception:  # noqa: BLE001 - never hide the original error behind a cleanup
                    pass
    if not db.is_sqlite:
        # the server's statistics of the tables just filled and their visibility maps (VACUUM): it
        # would do both by itself a minute or more later, and until then plan every statement as
        # for empty tables (on huge the Dashboard's approvals took 41 ms instead of 4) and read
        # the table's rows behind every "index-only" scan (the week's bookings: 37 ms instead of 25)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    return DemoSummary(size, seed, today, dict(writer.counts), time.perf_counter() - began)
